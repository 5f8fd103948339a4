//! Typed errors of the core. Every variant names what was wrong in one line.

use serde::Serialize;

/// Why the core refused an input.
///
/// ```
/// let e = qwen_route::shape::shape(&qwen_route::shape::ShapeRequest::new("dashscope-moon", "qwen-plus"))
///     .unwrap_err();
/// assert_eq!(e.to_string(), "unknown surface \"dashscope-moon\" (did you mean \"dashscope-cn\"?)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Error {
    /// No surface has this id.
    #[error("unknown surface {id:?}{}", did_you_mean(suggestion))]
    UnknownSurface {
        /// What was given.
        id: String,
        /// The closest surface id.
        suggestion: Option<String>,
    },
    /// The model is not in the catalog for this surface.
    #[error("unknown model {id:?} on {surface}{}", hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default())]
    UnknownModel {
        /// What was given.
        id: String,
        /// The surface asked about.
        surface: String,
        /// A suggestion or explanation.
        hint: Option<String>,
    },
    /// No workload has this id.
    #[error("unknown workload {id:?} (expected fast-chat, deep-reasoning, coding-agent, deterministic-json, vision or video-understanding)")]
    UnknownWorkload {
        /// What was given.
        id: String,
    },
    /// No region has this name.
    #[error("unknown region {id:?} (expected cn, intl, us, hk or eu)")]
    UnknownRegion {
        /// What was given.
        id: String,
    },
    /// A parameterised surface is missing a value.
    #[error("surface {surface} needs {param} (its base URL is {template})")]
    MissingParam {
        /// The surface.
        surface: String,
        /// The missing placeholder.
        param: String,
        /// The base URL template.
        template: String,
    },
    /// `--dialect anthropic` on a surface without an Anthropic Messages endpoint.
    #[error("surface {surface} has no Anthropic Messages endpoint (surfaces with one: {with})")]
    NoAnthropicEndpoint {
        /// The surface.
        surface: String,
        /// The surfaces that have one.
        with: String,
    },
    /// A value is out of its domain.
    #[error("invalid {field}: {reason}")]
    InvalidValue {
        /// Which input.
        field: String,
        /// Why.
        reason: String,
    },
    /// The request payload is not usable.
    #[error("invalid payload: {reason}")]
    InvalidPayload {
        /// Why.
        reason: String,
    },
    /// No surface and model satisfy the constraints.
    #[error("no route: {reason}")]
    NoRoute {
        /// Which constraint could not be met.
        reason: String,
    },
}

impl Error {
    /// `--dialect anthropic` (or the Claude Code export) on a surface without the endpoint,
    /// naming the surfaces that have one.
    pub(crate) fn no_anthropic_endpoint(surface: &str) -> Error {
        let with: Vec<&str> =
            crate::catalog::anthropic_endpoints().iter().map(|e| e.surface).collect();
        Error::NoAnthropicEndpoint { surface: surface.into(), with: with.join(", ") }
    }
}

fn did_you_mean(s: &Option<String>) -> String {
    match s {
        Some(s) => format!(" (did you mean {s:?}?)"),
        None => String::new(),
    }
}
