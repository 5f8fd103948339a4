//! Pre-flight findings: what will go wrong before the request is sent.
//!
//! A finding is data: a stable `code`, a severity, the upstream error it prevents (verbatim,
//! from the catalog), the fix in words and, where the fix is mechanical, a [`Patch`] the caller
//! can apply to its input with [`crate::shape::ShapeRequest::apply`].

use serde::{Deserialize, Serialize};

use crate::catalog::ErrorRef;
use crate::msg::Msg;
use crate::settings::ThinkingSetting;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; the request is fine.
    Info,
    /// Likely wrong or relies on an unconfirmed fact.
    Warning,
    /// The server will refuse this request.
    Error,
}

/// A mechanical fix, applied to the shaping input (never to the wire body directly).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Patch {
    /// Set the thinking control.
    SetThinking {
        /// The new setting.
        thinking: ThinkingSetting,
    },
    /// Set streaming on or off.
    SetStream {
        /// The new value.
        stream: bool,
    },
    /// Set a top-level payload field.
    SetField {
        /// Field name.
        field: String,
        /// New value.
        value: serde_json::Value,
    },
    /// Remove a top-level payload field.
    RemoveField {
        /// Field name.
        field: String,
    },
    /// Append a sentence to the system message (adding one if there is none).
    AppendSystem {
        /// The text to add.
        text: String,
    },
    /// Use another model id.
    SetModel {
        /// The id.
        model: String,
    },
    /// Use another surface.
    SetSurface {
        /// The surface id.
        surface: String,
    },
}

/// One pre-flight finding.
///
/// ```
/// use qwen_route::shape::{shape, ShapeRequest};
/// let mut req = ShapeRequest::new("dashscope-intl", "qwen-plus");
/// req.payload = serde_json::json!({
///     "messages": [{"role": "user", "content": "List three colours."}],
///     "response_format": {"type": "json_object"}
/// }).as_object().unwrap().clone();
/// let out = shape(&req).unwrap();
/// let f = out.lint.iter().find(|f| f.code == "json-object-needs-json-word").unwrap();
/// assert!(f.prevents.unwrap().row().unwrap().message.contains("must contain the word 'json'"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable code, kebab-case.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, for this request (English; a sentence with a stable id, see `msg`).
    pub message: Msg,
    /// The upstream error this prevents (serialized as the catalogued row, verbatim).
    pub prevents: Option<ErrorRef>,
    /// What to do.
    pub fix: Msg,
    /// A mechanical fix, when there is one.
    pub patch: Option<Patch>,
    /// Earlier names of this code (`RENAMED`), for tools that match on them.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub aliases: Vec<&'static str>,
}

impl Finding {
    pub(crate) fn new(code: &'static str, severity: Severity, message: Msg) -> Self {
        Finding {
            code,
            severity,
            message,
            prevents: None,
            fix: Msg::default(),
            patch: None,
            aliases: RENAMED.iter().filter(|(_, new)| *new == code).map(|(old, _)| *old).collect(),
        }
    }

    pub(crate) fn prevents(mut self, error_id: &'static str) -> Self {
        self.prevents = Some(ErrorRef::new(error_id));
        self
    }

    pub(crate) fn fix(mut self, fix: Msg) -> Self {
        self.fix = fix;
        self
    }

    pub(crate) fn patch(mut self, patch: Patch) -> Self {
        self.patch = Some(patch);
        self
    }
}

/// A note on something the shaper changed or assumed silently, so nothing happens unseen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Stable code, kebab-case.
    pub code: &'static str,
    /// One sentence (English; a sentence with a stable id, see `msg`).
    pub text: Msg,
}

impl Note {
    pub(crate) fn new(code: &'static str, text: Msg) -> Self {
        Note { code, text }
    }
}

/// Codes that were renamed: `(old, new)`. A finding with the new code lists the old one in
/// `aliases`, so tools that matched the old code keep working (see CHANGELOG.md).
///
/// ```
/// assert!(qwen_route::lint::RENAMED.contains(&("model-unknown", "model-alias-removed")));
/// ```
pub const RENAMED: &[(&str, &str)] = &[("model-unknown", "model-alias-removed")];

/// Every finding code the linter can emit, with the upstream error it prevents.
///
/// ```
/// assert!(qwen_route::lint::CODES.iter().any(|(c, _)| *c == "max-tokens-over-ceiling"));
/// ```
pub const CODES: &[(&str, Option<&str>)] = &[
    ("surface-removed", Some("portal-removed")),
    ("model-alias-removed", Some("portal-removed")),
    ("model-unlisted", None),
    ("model-not-on-surface", Some("model-not-found")),
    ("model-not-on-plan", Some("model-not-supported")),
    ("model-plan-tier-unknown", Some("model-not-supported")),
    ("model-region", Some("model-not-found")),
    ("key-plan-mismatch", Some("invalid-api-key")),
    ("base-url-foreign-host", None),
    ("base-url-path", Some("not-found-path")),
    ("base-url-mismatch", Some("invalid-api-key")),
    ("streaming-only-model", Some("streaming-only")),
    ("thinking-on-non-streaming", Some("thinking-non-streaming")),
    ("thinking-off-on-thinking-only", Some("thinking-restricted-true")),
    ("thinking-unsupported", Some("ollama-no-thinking")),
    ("thinking-budget-out-of-range", Some("thinking-budget-range")),
    ("effort-with-budget", Some("effort-with-budget")),
    ("thinking-budget-not-carried", None),
    ("thinking-field-invalid", None),
    ("extra-body-not-object", None),
    ("stream-invalid", None),
    ("credential-in-body", None),
    ("thinking-not-expressible", None),
    ("tool-choice-in-thinking", Some("tool-choice-thinking")),
    ("tools-unsupported", None),
    ("json-object-needs-json-word", Some("json-object-needs-json-word")),
    ("json-mode-with-thinking", Some("json-mode-thinking")),
    ("json-mode-unsupported", Some("invalid-parameter")),
    ("json-schema-unsupported", Some("invalid-parameter")),
    ("response-format-invalid", Some("invalid-parameter")),
    ("reasoning-effort-invalid", Some("reasoning-effort-invalid")),
    ("max-tokens-over-ceiling", Some("max-tokens-range")),
    ("max-tokens-invalid", Some("max-tokens-range")),
    ("input-may-exceed-context", Some("input-too-long")),
    ("temperature-out-of-range", Some("invalid-parameter")),
    ("top-p-out-of-range", Some("invalid-parameter")),
    ("sampling-fixed", None),
    ("images-to-text-only-model", Some("invalid-parameter")),
    ("video-unsupported", Some("invalid-parameter")),
    ("audio-unsupported", Some("invalid-parameter")),
    ("image-url-not-supported", None),
    ("media-url-invalid", None),
    ("tool-call-unanswered", Some("tool-calls-unanswered")),
    ("tool-result-unknown-id", Some("tool-message-orphan")),
    ("tool-results-out-of-order", None),
    ("image-too-small", Some("image-too-small")),
    ("translation-options-missing", Some("invalid-parameter")),
    ("translation-single-turn", Some("invalid-parameter")),
    ("buffered-tools-streaming-only", None),
    ("unconfirmed-fact", None),
    ("anthropic-not-carried", None),
    ("anthropic-model-unlisted", Some("model-not-found")),
    ("anthropic-base-url-v1", None),
    ("anthropic-tool-arguments-invalid", None),
];

/// Codes whose cited row depends on the server: besides their `CODES` row they may cite these
/// (`None`: nothing, where that server answers without an error).
///
/// ```
/// assert!(qwen_route::lint::ALSO_CITES.contains(&("model-not-on-surface", Some("model-not-supported"))));
/// ```
pub const ALSO_CITES: &[(&str, Option<&str>)] = &[
    // Coding Plan and Token Plan answer "not supported", DashScope "does not exist".
    ("model-not-on-surface", Some("model-not-supported")),
    // Only Ollama refuses thinking for a model without it; DashScope ignores it.
    ("thinking-unsupported", None),
    // A hosted surface answers an unlisted id with "does not exist"; a proxy may serve it.
    ("model-unlisted", Some("model-not-found")),
    // Ollama truncates a long input silently (no error); DashScope refuses it.
    ("input-may-exceed-context", None),
    // DashScope refuses a broken tool loop; other servers render it without an error.
    ("tool-call-unanswered", None),
    ("tool-result-unknown-id", None),
];

/// Whether a finding with `code` may cite `row`.
///
/// ```
/// use qwen_route::lint::may_cite;
/// assert!(may_cite("model-alias-removed", Some("portal-removed")));
/// assert!(!may_cite("model-alias-removed", Some("model-not-found")));
/// ```
pub fn may_cite(code: &str, row: Option<&str>) -> bool {
    CODES.iter().any(|(c, r)| *c == code && *r == row)
        || ALSO_CITES.iter().any(|(c, r)| *c == code && *r == row)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Findings hold error ids unchecked ([`ErrorRef`]), so every id the shaper writes, and
    /// every id in [`CODES`], must name a catalogued error.
    #[test]
    fn every_prevented_error_is_catalogued() {
        fn rust_files(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    rust_files(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("lint.rs") {
                    out.push(std::fs::read_to_string(&p).unwrap());
                }
            }
        }
        let mut sources = Vec::new();
        rust_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut sources);
        let mut ids: Vec<&str> = sources
            .iter()
            .flat_map(|s| s.split(".prevents(\"").skip(1))
            .filter_map(|rest| rest.split_once('"').map(|(id, _)| id))
            .collect();
        assert!(ids.len() >= 10, "found only {} .prevents(..) calls", ids.len());
        ids.extend(CODES.iter().filter_map(|(_, e)| *e));
        ids.extend(crate::refusals::Rule::ALL.iter().map(|r| r.error()));
        // Each refusal rule is listed under its code, with the row it prevents.
        for r in crate::refusals::Rule::ALL {
            assert!(
                CODES.iter().any(|(c, e)| *c == r.code()
                    && (*e == Some(r.error()) || r.code() == "reasoning-effort-invalid")),
                "{r:?}: lint::CODES lacks ({:?}, Some({:?}))",
                r.code(),
                r.error()
            );
        }
        for id in ids {
            assert!(
                crate::catalog::upstream_error(id).is_some(),
                "no catalogued upstream error `{id}`"
            );
        }
    }

    #[test]
    fn a_finding_serializes_the_row_it_prevents() {
        let f = Finding::new("x", Severity::Error, Msg::new("x", "m", Vec::new()))
            .prevents("thinking-non-streaming");
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["prevents"]["id"], "thinking-non-streaming");
        assert_eq!(v["prevents"]["status"], 400);
        let none = serde_json::to_value(Finding::new(
            "x",
            Severity::Error,
            Msg::new("x", "m", Vec::new()),
        ))
        .unwrap();
        assert!(none["prevents"].is_null());
    }
}
