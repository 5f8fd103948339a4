//! The shared vocabulary: thinking levels, scopes, preferences, needs.
//!
//! The same words are used by the CLI, the JS API, the playground and the docs.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// One thinking control for every surface: `off | low | medium | high`, or an explicit budget
/// in tokens. The shaper compiles it per dialect.
///
/// ```
/// use qwen_route::vocab::ThinkingSetting;
/// assert_eq!("high".parse::<ThinkingSetting>().unwrap(), ThinkingSetting::High);
/// assert_eq!("8000".parse::<ThinkingSetting>().unwrap(), ThinkingSetting::Budget(8000));
/// assert_eq!(ThinkingSetting::Medium.budget(), Some(16384));
/// assert!("loud".parse::<ThinkingSetting>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThinkingSetting {
    /// No thinking.
    Off,
    /// Light thinking (DashScope budget 4096).
    Low,
    /// Medium thinking (budget 16384).
    Medium,
    /// Deep thinking (budget 32768).
    High,
    /// An explicit token budget.
    Budget(u32),
}

impl ThinkingSetting {
    /// Whether thinking is on.
    ///
    /// ```
    /// assert!(!qwen_route::vocab::ThinkingSetting::Off.is_on());
    /// ```
    pub fn is_on(self) -> bool {
        self != Self::Off
    }

    /// The DashScope `thinking_budget` for this level (the design brief: low 4096 / medium 16384 /
    /// high 32768), or the explicit budget.
    ///
    /// ```
    /// assert_eq!(qwen_route::vocab::ThinkingSetting::Off.budget(), None);
    /// ```
    pub fn budget(self) -> Option<u32> {
        match self {
            Self::Off => None,
            Self::Low => Some(4096),
            Self::Medium => Some(16384),
            Self::High => Some(32768),
            Self::Budget(n) => Some(n),
        }
    }

    /// The nearest effort word (`low|medium|high`) for servers that take an effort, not a budget.
    ///
    /// ```
    /// use qwen_route::vocab::ThinkingSetting;
    /// assert_eq!(ThinkingSetting::Budget(2000).effort(), Some("low"));
    /// assert_eq!(ThinkingSetting::Budget(20000).effort(), Some("high"));
    /// ```
    pub fn effort(self) -> Option<&'static str> {
        match self {
            Self::Off => None,
            Self::Low => Some("low"),
            Self::Medium => Some("medium"),
            Self::High => Some("high"),
            Self::Budget(n) if n <= 4096 => Some("low"),
            Self::Budget(n) if n <= 16384 => Some("medium"),
            Self::Budget(_) => Some("high"),
        }
    }
}

impl fmt::Display for ThinkingSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Budget(n) => write!(f, "{n}"),
            level => {
                let words = Self::LEVELS.iter().find(|(l, _)| l == level).map(|(_, w)| *w);
                f.write_str(words.and_then(|w| w.first()).copied().unwrap_or("off"))
            }
        }
    }
}

impl FromStr for ThinkingSetting {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let word = s.trim().to_ascii_lowercase();
        if let Some((level, _)) = Self::LEVELS.iter().find(|(_, w)| w.contains(&word.as_str())) {
            return Ok(*level);
        }
        match word.parse::<u32>() {
            Ok(0) => Ok(Self::Off),
            Ok(n) => Ok(Self::Budget(n)),
            Err(_) => Err(Error::InvalidValue {
                field: "thinking".into(),
                reason: format!("{s:?} is not off, low, medium, high or a token budget"),
            }),
        }
    }
}

impl Serialize for ThinkingSetting {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Budget(n) => s.serialize_u32(*n),
            other => s.serialize_str(&other.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for ThinkingSetting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ThinkingSetting;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("\"off\", \"low\", \"medium\", \"high\" or a token budget")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ThinkingSetting, E> {
                v.parse().map_err(|e: Error| E::custom(e.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ThinkingSetting, E> {
                match u32::try_from(v) {
                    Ok(0) => Ok(ThinkingSetting::Off),
                    Ok(n) => Ok(ThinkingSetting::Budget(n)),
                    Err(_) => Err(E::custom("thinking budget is too large")),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ThinkingSetting, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom("thinking budget cannot be negative")),
                }
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ThinkingSetting, E> {
                Ok(if v { ThinkingSetting::Medium } else { ThinkingSetting::Off })
            }
        }
        d.deserialize_any(V)
    }
}

/// Which kinds of surface routing may choose from.
///
/// ```
/// assert_eq!("self-hosted".parse::<qwen_route::vocab::Scope>().unwrap(), qwen_route::vocab::Scope::SelfHosted);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Hosted or self-hosted; routing prefers hosted (faster to first success, the design brief).
    #[default]
    Any,
    /// Alibaba-hosted surfaces only.
    Hosted,
    /// The user's own servers only.
    SelfHosted,
}

/// What to optimise when several candidates qualify.
///
/// ```
/// assert_eq!("quality".parse::<qwen_route::vocab::Preference>().unwrap(), qwen_route::vocab::Preference::Quality);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preference {
    /// The smallest model that can reliably do the job (the design brief's default).
    #[default]
    Smallest,
    /// Latency first: smallest model, thinking kept low.
    Speed,
    /// The largest qualifying model.
    Quality,
}

/// Capabilities a job needs from the model.
///
/// ```
/// let n: qwen_route::vocab::Needs = "images,tools".parse().unwrap();
/// assert!(n.images && n.tools && !n.json_schema);
/// assert!("telepathy".parse::<qwen_route::vocab::Needs>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Needs {
    /// Image input.
    pub images: bool,
    /// Video input.
    pub video: bool,
    /// Function calling.
    pub tools: bool,
    /// `response_format: json_schema`.
    pub json_schema: bool,
}

impl FromStr for Needs {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let mut n = Needs::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "images" | "image" | "vision" => n.images = true,
                "video" => n.video = true,
                "tools" | "tool" => n.tools = true,
                "json-schema" | "json_schema" | "schema" => n.json_schema = true,
                other => {
                    return Err(Error::InvalidValue {
                        field: "needs".into(),
                        reason: format!("{other:?} is not images, video, tools or json-schema"),
                    })
                }
            }
        }
        Ok(n)
    }
}

/// How tool calls are requested when the caller wants a stream (the design brief).
///
/// `native` streams tool-call deltas (what current DashScope does: a real qwen-max stream
/// carries `delta.tool_calls`). `buffered` sends a non-streaming request and
/// lets the assembler replay it as frames, as GoClaw does.
///
/// ```
/// assert_eq!("buffered".parse::<qwen_route::vocab::ToolStreamMode>().unwrap(), qwen_route::vocab::ToolStreamMode::Buffered);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolStreamMode {
    /// Stream tool-call deltas.
    #[default]
    Native,
    /// Non-streaming request when tools are present; frames are synthesised afterwards.
    Buffered,
}

/// The wire protocol a request is written in: OpenAI chat completions (the default, every
/// surface) or Anthropic Messages (the surfaces with an `/apps/anthropic` endpoint,
/// `catalog/anthropic.toml`).
///
/// ```
/// use qwen_route::vocab::WireDialect;
/// assert_eq!("anthropic".parse::<WireDialect>().unwrap(), WireDialect::Anthropic);
/// assert_eq!(WireDialect::default().as_str(), "openai");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WireDialect {
    /// `POST …/chat/completions`.
    #[default]
    Openai,
    /// `POST …/v1/messages`.
    Anthropic,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinking_round_trips_through_json() {
        for t in [
            ThinkingSetting::Off,
            ThinkingSetting::Low,
            ThinkingSetting::Medium,
            ThinkingSetting::High,
            ThinkingSetting::Budget(1234),
        ] {
            let j = serde_json::to_string(&t).unwrap();
            assert_eq!(serde_json::from_str::<ThinkingSetting>(&j).unwrap(), t);
        }
        assert_eq!(serde_json::from_str::<ThinkingSetting>("false").unwrap(), ThinkingSetting::Off);
        assert!(serde_json::from_str::<ThinkingSetting>("-3").is_err());
    }
}
