//! The catalog enums' spellings, written once in `spellings.in` and turned here into `as_str`,
//! `FromStr` and `ALL`. `build.rs` includes the same file, so the TOML, the JSON and every
//! command-line or form parser accept exactly the same words.
//!
//! ```
//! use qwen_route::catalog::{Plan, SurfaceFamily};
//! assert_eq!(SurfaceFamily::LlamaCpp.as_str(), "llama-cpp");
//! assert_eq!("pay-as-you-go".parse::<Plan>(), Ok(Plan::Payg));
//! assert_eq!(Plan::ALL.len(), 5);
//! assert!("Payg".parse::<Plan>().is_err());
//! ```

use super::types::*;
use crate::diagnose::TransportFailure;
use crate::lint::Severity;
use crate::settings::{Preference, Scope, ThinkingSetting, ToolStreamMode, WireDialect};

/// A word that is not one of an enum's spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not one of {allowed}")]
pub struct UnknownSpelling {
    /// What was given.
    pub value: String,
    /// The accepted words, comma-separated.
    pub allowed: String,
}

macro_rules! spellings {
    ($( $name:ident { $( $variant:ident = $word:literal $(| $alias:literal)* ),* $(,)? } )*) => {
        $(
            impl $name {
                /// Every variant, in the catalog's order.
                pub const ALL: &'static [$name] = &[$($name::$variant),*];

                /// The catalog's (and the JSON's) spelling.
                pub fn as_str(self) -> &'static str {
                    match self {
                        $($name::$variant => $word),*
                    }
                }
            }

            impl std::str::FromStr for $name {
                type Err = UnknownSpelling;

                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    match s.trim() {
                        $($word $(| $alias)* => Ok($name::$variant),)*
                        other => Err(UnknownSpelling {
                            value: other.to_string(),
                            allowed: [$($word),*].join(", "),
                        }),
                    }
                }
            }

            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        )*
    };
}

macro_rules! levels {
    ($( $variant:ident = $word:literal $(| $alias:literal)* ),* $(,)?) => {
        impl ThinkingSetting {
            /// The named levels and their spellings (the first is the canonical one).
            pub const LEVELS: &'static [(ThinkingSetting, &'static [&'static str])] =
                &[$((ThinkingSetting::$variant, &[$word $(, $alias)*])),*];
        }
    };
}

include!("spellings.in");

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! serde_agrees {
        ($($t:ty),*) => {
            $(for v in <$t>::ALL {
                assert_eq!(serde_json::to_value(v).unwrap(), serde_json::Value::from(v.as_str()), "{}", stringify!($t));
                assert_eq!(v.as_str().parse::<$t>().as_ref(), Ok(v));
            })*
        };
    }

    #[test]
    fn serde_spells_every_enum_as_the_table_does() {
        serde_agrees!(
            SurfaceFamily,
            Hosting,
            SurfaceStatus,
            Plan,
            Dialect,
            KeyRequirement,
            KeyClass,
            CorsPolicy,
            ImageInput,
            ToolChoiceSupport,
            Modality,
            ThinkingClass,
            ThinkingControl,
            SystemMessage,
            CodingTier,
            AliasWire,
            ToolFormat,
            ReasoningFormat,
            Favours,
            ErrorCategory,
            TransportFailure,
            Severity,
            Scope,
            Preference,
            ToolStreamMode,
            WireDialect
        );
    }
}
