//! Request shaping: one payload, compiled into the exact HTTP request a surface expects,
//! with pre-flight findings and a note for every silent change.
//!
//! The shaper never sees a key: the `Authorization` header carries a placeholder named after
//! the surface's environment variable (`Bearer $DASHSCOPE_API_KEY`), filled in by the
//! transport at send time.
//!
//! ```
//! use qwen_route::shape::{shape, ShapeRequest};
//! use qwen_route::vocab::ThinkingSetting;
//! let mut req = ShapeRequest::new("dashscope-intl", "qwen3.5-plus");
//! req.thinking = Some(ThinkingSetting::Low);
//! req.payload = serde_json::json!({"messages": [{"role": "user", "content": "Why is the sky blue?"}]})
//!     .as_object().unwrap().clone();
//! let out = shape(&req).unwrap();
//! assert_eq!(out.request.url, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions");
//! assert_eq!(out.request.headers["Authorization"], "Bearer $DASHSCOPE_API_KEY");
//! assert_eq!(out.request.body["enable_thinking"], true);
//! assert_eq!(out.request.body["thinking_budget"], 4096);
//! assert_eq!(out.request.body["stream"], true); // thinking needs a stream on DashScope
//! ```

pub(crate) mod anthropic;
mod checks;
mod history;
pub(crate) mod messages;
mod payload;
mod refused;
mod thinking;
mod tool_loop;
pub(crate) mod url;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::catalog::{
    self, CodingTier, Dialect, KeyClass, KeyRequirement, Model, ModelLookup, ResolvedVia, Surface,
    SurfaceFamily, SystemMessage, ToolChoiceSupport,
};
use crate::error::Error;
use crate::lint::{Finding, Note, Patch, Severity};
use crate::settings::{ThinkingSetting, ToolStreamMode, WireDialect};

pub use anthropic::MESSAGES_FIELDS;
pub use checks::JSON_SENTENCE;
pub use url::is_foreign_base_url;

/// Fields only DashScope understands; never sent to other servers.
pub const DASHSCOPE_ONLY_FIELDS: &[&str] = &[
    "enable_thinking",
    "thinking_budget",
    "enable_search",
    "search_options",
    "translation_options",
    "vl_high_resolution_images",
    "incremental_output",
    "enable_code_interpreter",
];

/// Fields Ollama's `/v1` does not support (ollama docs/api/openai-compatibility.mdx).
const OLLAMA_UNSUPPORTED_FIELDS: &[&str] = &["n", "logprobs", "top_logprobs", "logit_bias"];

/// What to shape: a surface, a model, the thinking and streaming wishes, and the payload.
///
/// ```
/// let req = qwen_route::shape::ShapeRequest::new("vllm", "Qwen/Qwen3-8B");
/// assert_eq!(req.stream, None);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShapeRequest {
    /// Surface id.
    pub surface: String,
    /// Model reference (aliases and provider prefixes are resolved).
    pub model: String,
    /// Thinking control; `None` leaves it to the payload, then to the model's default.
    #[serde(default)]
    pub thinking: Option<ThinkingSetting>,
    /// Streaming; `None` leaves it to the payload's `stream`, then to non-streaming.
    #[serde(default)]
    pub stream: Option<bool>,
    /// Override of the surface's base URL.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Values for base URL placeholders (`workspace`, `region`).
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// The class of the key that will be used (from its prefix only).
    #[serde(default)]
    pub key_class: Option<KeyClass>,
    /// The Coding Plan tier, when known.
    #[serde(default)]
    pub coding_tier: Option<CodingTier>,
    /// Native or buffered tool streaming.
    #[serde(default)]
    pub tool_stream: ToolStreamMode,
    /// Shape a hosted request even when the model id is not catalogued.
    #[serde(default)]
    pub allow_unlisted_model: bool,
    /// The wire protocol: OpenAI chat completions (default) or Anthropic Messages, on surfaces
    /// with an `/apps/anthropic` endpoint. The payload is OpenAI-shaped either way.
    #[serde(default)]
    pub dialect: WireDialect,
    /// The OpenAI-style body: `messages` plus any other fields.
    #[serde(default)]
    pub payload: Map<String, Value>,
}

impl ShapeRequest {
    /// A request with an empty payload and every option at its default.
    ///
    /// ```
    /// let r = qwen_route::shape::ShapeRequest::new("ollama", "qwen3:8b");
    /// assert!(r.payload.is_empty());
    /// ```
    pub fn new(surface: impl Into<String>, model: impl Into<String>) -> Self {
        ShapeRequest {
            surface: surface.into(),
            model: model.into(),
            thinking: None,
            stream: None,
            base_url: None,
            params: BTreeMap::new(),
            key_class: None,
            coding_tier: None,
            tool_stream: ToolStreamMode::Native,
            allow_unlisted_model: false,
            dialect: WireDialect::Openai,
            payload: Map::new(),
        }
    }

    /// Apply a finding's mechanical fix to this input.
    ///
    /// ```
    /// use qwen_route::lint::Patch;
    /// use qwen_route::shape::ShapeRequest;
    /// let mut r = ShapeRequest::new("dashscope-intl", "qwen-max");
    /// r.apply(&Patch::SetField { field: "max_tokens".into(), value: 8192.into() });
    /// assert_eq!(r.payload["max_tokens"], 8192);
    /// ```
    pub fn apply(&mut self, patch: &Patch) {
        match patch {
            Patch::SetThinking { thinking } => self.thinking = Some(*thinking),
            Patch::SetStream { stream } => {
                self.stream = Some(*stream);
                self.payload.shift_remove("stream");
            }
            Patch::SetField { field, value } if field == "base_url" => {
                self.base_url = value.as_str().map(str::to_string);
            }
            Patch::SetField { field, value } => {
                self.payload.insert(field.clone(), value.clone());
            }
            Patch::RemoveField { field } => {
                self.payload.shift_remove(field);
            }
            Patch::AppendSystem { text } => {
                let mut msgs = match self.payload.shift_remove("messages") {
                    Some(Value::Array(m)) => m,
                    _ => Vec::new(),
                };
                messages::append_system(&mut msgs, text);
                self.payload.insert("messages".into(), Value::Array(msgs));
            }
            Patch::SetModel { model } => self.model = model.clone(),
            Patch::SetSurface { surface } => {
                self.surface = surface.clone();
                self.base_url = None;
            }
        }
    }
}

/// The HTTP request to send.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WireRequest {
    /// Always `POST` for chat completions.
    pub method: &'static str,
    /// Full URL.
    pub url: String,
    /// Headers; `Authorization` carries a `$ENV_VAR` placeholder, never a key.
    pub headers: BTreeMap<String, String>,
    /// JSON body.
    pub body: Value,
}

/// What the shaper settled on, for display and for the response side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effective {
    /// Surface id.
    pub surface: &'static str,
    /// How the server spells thinking and Qwen extensions (of the OpenAI-shaped request the
    /// Anthropic one is translated from, on that dialect).
    pub dialect: Dialect,
    /// The wire protocol: `openai` or `anthropic`.
    pub wire_dialect: WireDialect,
    /// Wire model id.
    pub model: String,
    /// Catalog row used for the model's facts, if any.
    pub catalog_model: Option<&'static str>,
    /// Final streaming.
    pub stream: bool,
    /// Whether the model will think (`None`: left to the server).
    pub thinking: Option<bool>,
    /// Tool calls are requested non-streaming and replayed as frames.
    pub buffered_tools: bool,
    /// Environment variable the key placeholder names.
    pub env_var: &'static str,
    /// Base URL used.
    pub base_url: String,
}

/// A shaped request with its findings and notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shaped {
    /// The wire request.
    pub request: WireRequest,
    /// Pre-flight findings, most severe first.
    pub lint: Vec<Finding>,
    /// Silent changes and assumptions, in the order they were made.
    pub notes: Vec<Note>,
    /// What was settled.
    pub effective: Effective,
}

impl Shaped {
    /// Whether any finding is an error (the server will refuse the request).
    ///
    /// ```
    /// use qwen_route::shape::{shape, ShapeRequest};
    /// let mut r = ShapeRequest::new("dashscope-intl", "qwen-flash");
    /// r.payload = serde_json::json!({"messages":[{"role":"user","content":"hi"}], "temperature": 2.5})
    ///     .as_object().unwrap().clone();
    /// assert!(shape(&r).unwrap().has_errors());
    /// ```
    pub fn has_errors(&self) -> bool {
        self.lint.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Shape a request for a surface.
///
/// Errors only for input that cannot be shaped at all: an unknown surface, an unknown hosted
/// model (unless `allow_unlisted_model`), a missing base URL parameter, or a payload without
/// valid `messages`. Everything else becomes a finding.
///
/// ```
/// use qwen_route::shape::{shape, ShapeRequest};
/// let mut r = ShapeRequest::new("ollama", "qwen3:8b");
/// r.thinking = Some(qwen_route::vocab::ThinkingSetting::Off);
/// r.stream = Some(true);
/// r.payload = serde_json::json!({"messages":[{"role":"user","content":"hi"}]}).as_object().unwrap().clone();
/// let out = shape(&r).unwrap();
/// assert_eq!(out.request.url, "http://localhost:11434/v1/chat/completions");
/// assert_eq!(out.request.body["reasoning_effort"], "none");
/// assert!(!out.request.headers.contains_key("Authorization"));
/// ```
pub fn shape(req: &ShapeRequest) -> Result<Shaped, Error> {
    let surface = catalog::surface(&req.surface).ok_or_else(|| Error::UnknownSurface {
        id: req.surface.clone(),
        suggestion: catalog::suggest(&req.surface, catalog::surfaces().iter().map(|s| s.id))
            .map(str::to_string),
    })?;
    let anthropic_endpoint = match req.dialect {
        WireDialect::Openai => None,
        WireDialect::Anthropic => Some(
            catalog::anthropic_endpoint(surface.id)
                .ok_or_else(|| Error::no_anthropic_endpoint(surface.id))?,
        ),
    };
    let mut lint = Vec::new();
    let mut notes = Vec::new();

    let base = url::base_url(surface, req.base_url.as_deref(), &req.params)?;
    if req.base_url.is_some() {
        url::check_base_url(surface, &base, &mut lint);
    }
    let full_url = url::join(&base, surface.chat_path, &mut notes);

    let (model, wire_id) = resolve(req, surface, &mut lint, &mut notes)?;

    let mut payload = req.payload.clone();
    payload::merge_extra_body(&mut payload, &mut notes, &mut lint);
    payload::strip_credentials(&mut payload, &mut lint);
    let msgs = messages::validate(payload.get("messages"))?.clone();
    payload.shift_remove("messages");
    if let Some(m) = payload.shift_remove("model") {
        if m.as_str() != Some(wire_id.as_str()) {
            notes.push(Note::new(
                "model-from-argument",
                crate::msg!(
                    "note.model-from-argument",
                    "The payload's model {payload_model} was replaced by {model}.",
                    payload_model = m,
                    model = wire_id
                ),
            ));
        }
    }

    let requested =
        payload::read_thinking(req.thinking, model, &mut payload, &mut notes, &mut lint);
    let payload_stream = payload.shift_remove("stream");
    let stream_req = match (req.stream, payload_stream) {
        (Some(flag), Some(Value::Bool(p))) if flag != p => {
            notes.push(Note::new(
                "stream-from-argument",
                crate::msg!(
                    "note.stream-from-argument",
                    "The payload's \"stream\": {payload_stream} was replaced by the stream setting ({stream}): the setting wins.",
                    payload_stream = p,
                    stream = flag
                ),
            ));
            Some(flag)
        }
        (Some(flag), _) => Some(flag),
        (None, Some(Value::Bool(p))) => Some(p),
        (None, Some(other)) => {
            lint.push(
                Finding::new(
                    "stream-invalid",
                    Severity::Warning,
                    crate::msg!(
                        "finding.stream-invalid.message",
                        "\"stream\": {value} is not true or false; it was read as not set.",
                        value = other
                    ),
                )
                .fix(crate::msg!("finding.stream-invalid.fix", "Set stream to true or false.")),
            );
            None
        }
        (None, None) => None,
    };

    if anthropic_endpoint.is_some() {
        // Messages has no JSON mode: said once here, so no JSON-mode rule fires on a field
        // that is not sent.
        if let Some(rf) = payload.shift_remove("response_format").filter(|v| !v.is_null()) {
            lint.push(anthropic::response_format_not_carried(&rf));
        }
    }
    let json_mode = payload
        .get("response_format")
        .and_then(|r| r.get("type"))
        .and_then(Value::as_str)
        .is_some_and(|t| t == "json_object" || t == "json_schema");
    let has_tools = payload.get("tools").and_then(Value::as_array).is_some_and(|t| !t.is_empty());
    let forced_tool = match payload.get("tool_choice") {
        Some(Value::String(s)) => s == "required",
        Some(Value::Object(_)) => true,
        _ => false,
    };

    let decision = thinking::decide(
        &thinking::ThinkingInputs {
            dialect: surface.dialect,
            model,
            requested,
            stream: stream_req,
            json_mode,
            forced_tool,
            tools: has_tools,
            tool_stream: req.tool_stream,
            anthropic: anthropic_endpoint.is_some(),
        },
        &mut notes,
        &mut lint,
    );

    // Messages: system handling for models that forbid or ignore it.
    let mut msgs = msgs;
    if let Some(m) = model {
        match m.system_message {
            SystemMessage::Forbidden if messages::fold_system_into_user(&mut msgs) => {
                notes.push(Note::new(
                    "system-folded",
                    crate::msg!(
                        "note.system-folded",
                        "{model} must not get a system message; its text was moved into the first user message.",
                        model = m.id
                    ),
                ));
            }
            SystemMessage::Ignored if msgs.iter().any(|x| messages::role(x) == "system") => {
                notes.push(Note::new(
                    "system-ignored",
                    crate::msg!(
                        "note.system-ignored",
                        "A system message has no effect on {model}.",
                        model = m.id
                    ),
                ));
            }
            _ => {}
        }
    }

    // Earlier reasoning, per server (the Anthropic translation drops it on its own).
    if anthropic_endpoint.is_none() {
        history::reasoning(&mut msgs, surface.dialect, model, &mut notes);
    }

    // Tool choice per server.
    tool_choice(&mut payload, surface, has_tools, decision.downgrade_tool_choice, &mut notes);

    // Checks that do not change the request (what the server will refuse is found on the
    // finished body, below).
    checks::removed_surface(surface, &mut lint);
    checks::key_class(surface, req.key_class, &mut lint);
    if let Some(m) = model {
        checks::availability(surface, m, req.coding_tier, &mut lint);
    }
    checks::sampling(&payload, surface.dialect, model, &mut lint);
    checks::max_tokens(&payload, surface.dialect, model, &mut lint);
    checks::response_format(&payload, surface.dialect, model, &mut lint);
    checks::tools(&payload, model, &mut lint);
    tool_loop::check(&msgs, surface, &mut lint);
    checks::media(&msgs, surface, model, &mut lint);
    checks::input_size(&msgs, surface, model, &mut lint);

    // Fields this server must not get.
    drop_foreign_fields(&mut payload, surface, &mut notes);
    if surface.dialect == Dialect::Dashscope {
        if let Some(v) = payload.shift_remove("max_completion_tokens") {
            if !payload.contains_key("max_tokens") {
                payload.insert("max_tokens".into(), v);
            }
            notes.push(Note::new(
                "max-completion-tokens-renamed",
                crate::msg!(
                    "note.max-completion-tokens-renamed",
                    "max_completion_tokens was sent as max_tokens (the renaming on DashScope is not confirmed; max_tokens is range-checked and accepted)."
                ),
            ));
        }
    }

    // Assemble the body: model, messages, stream first; then the caller's fields; then ours.
    let mut body = Map::new();
    body.insert("model".into(), Value::String(wire_id.clone()));
    body.insert("messages".into(), Value::Array(msgs));
    body.insert("stream".into(), Value::Bool(decision.stream));
    let user_stream_options = payload.shift_remove("stream_options");
    if decision.stream {
        if surface.stream_usage || user_stream_options.is_some() {
            let mut so = match user_stream_options {
                Some(Value::Object(o)) => o,
                _ => Map::new(),
            };
            so.entry("include_usage").or_insert(Value::Bool(true));
            body.insert("stream_options".into(), Value::Object(so));
        }
    } else if user_stream_options.is_some() {
        notes.push(Note::new(
            "stream-options-dropped",
            crate::msg!(
                "note.stream-options-dropped",
                "stream_options was dropped: it only applies to streaming calls."
            ),
        ));
    }
    for (k, v) in payload {
        body.insert(k, v);
    }
    thinking::compile(&decision, surface.dialect, model, &mut body, &mut notes, &mut lint);

    // What the server will refuse in this body: the same rules the simulator answers with.
    for r in crate::refusals::check(surface, model, &body) {
        // The Anthropic path answers thinking without a stream (its reference shows a
        // non-streamed thinking block).
        if anthropic_endpoint.is_some() && r.rule == crate::refusals::Rule::ThinkingOnNonStreaming {
            continue;
        }
        lint.push(refused::finding(&r, surface, model, &body));
    }

    unconfirmed(surface, model, req.key_class.is_some(), &body, &mut lint);
    server_parsers(surface, model, has_tools, decision.on, &mut notes);

    let mut headers = BTreeMap::new();
    if surface.key != KeyRequirement::Ignored {
        headers.insert("Authorization".to_string(), format!("Bearer ${}", surface.env_var()));
    }
    headers.insert("Content-Type".to_string(), "application/json".to_string());

    let (full_url, headers, body, base) = match anthropic_endpoint {
        None => (full_url, headers, Value::Object(body), base),
        Some(endpoint) => {
            let ctx = anthropic::Context {
                surface,
                endpoint,
                model,
                openai_base: &base,
                overridden: req.base_url.as_deref().is_some_and(|u| !u.trim().is_empty()),
            };
            let t = anthropic::translate(&ctx, &body, surface.env_var(), &mut notes, &mut lint);
            (t.url, t.headers, t.body, t.base)
        }
    };

    lint.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Ok(Shaped {
        request: WireRequest { method: "POST", url: full_url, headers, body },
        lint,
        notes,
        effective: Effective {
            surface: surface.id,
            dialect: surface.dialect,
            wire_dialect: req.dialect,
            model: wire_id,
            catalog_model: model.map(|m| m.id),
            stream: decision.stream,
            thinking: decision.on,
            buffered_tools: decision.buffered,
            env_var: surface.env_var(),
            base_url: base,
        },
    })
}

fn resolve(
    req: &ShapeRequest,
    surface: &'static Surface,
    lint: &mut Vec<Finding>,
    notes: &mut Vec<Note>,
) -> Result<(Option<&'static Model>, String), Error> {
    let family = surface.family;
    let self_hosted = surface.hosting == catalog::Hosting::SelfHosted;
    match catalog::resolve_model(&req.model, family) {
        ModelLookup::Found(r) => {
            match &r.via {
                Some(ResolvedVia::Prefix { prefix }) => notes.push(Note::new(
                    "model-prefix-stripped",
                    crate::msg!(
                        "note.model-prefix-stripped",
                        "The provider prefix {prefix} was removed: servers take the bare id {model}.",
                        prefix = prefix,
                        model = r.wire_id
                    ),
                )),
                Some(ResolvedVia::Alias { alias }) => {
                    if alias.removed_surface.is_some() {
                        lint.push(
                            Finding::new(
                                "model-alias-removed",
                                Severity::Warning,
                                crate::msg!(
                                    "finding.model-alias-removed.message",
                                    "{alias} {note}",
                                    alias = alias.alias,
                                    note = alias.note
                                )
                                .with_part("note", alias.note_text()),
                            )
                            .prevents("portal-removed")
                            .fix(crate::msg!(
                                "finding.model-alias-removed.fix.direct",
                                "Use {model} directly.",
                                model = alias.target
                            ))
                            .patch(Patch::SetModel { model: alias.target.into() }),
                        );
                    } else {
                        notes.push(Note::new(
                            "model-alias",
                            crate::msg!(
                                "note.model-alias",
                                "{alias}: {note}",
                                alias = alias.alias,
                                note = alias.note
                            )
                            .with_part("note", alias.note_text()),
                        ));
                    }
                }
                None => {}
            }
            Ok((Some(r.model), r.wire_id))
        }
        ModelLookup::NotOnSurface { model, via: Some(ResolvedVia::Alias { alias }), .. }
            if alias.removed_surface == Some(surface.id) =>
        {
            lint.push(
                Finding::new(
                    "model-alias-removed",
                    Severity::Warning,
                    crate::msg!(
                        "finding.model-alias-removed.message",
                        "{alias} {note}",
                        alias = alias.alias,
                        note = alias.note
                    )
                    .with_part("note", alias.note_text()),
                )
                .prevents("portal-removed")
                .fix(crate::msg!(
                    "finding.model-alias-removed.fix.current-surface",
                    "Use {model} on a current surface.",
                    model = alias.target
                ))
                .patch(Patch::SetModel { model: alias.target.into() }),
            );
            Ok((Some(model), alias.target.to_string()))
        }
        ModelLookup::NotOnSurface { model, sibling, via } => {
            let wire = match via {
                Some(ResolvedVia::Alias { alias }) if alias.wire == catalog::AliasWire::Target => {
                    alias.target.to_string()
                }
                Some(ResolvedVia::Prefix { .. }) => model.id.to_string(),
                _ => req.model.trim().to_string(),
            };
            if family.accepts_any_model_id() {
                notes.push(Note::new(
                    "model-facts-borrowed",
                    crate::msg!(
                        "note.model-facts-borrowed",
                        "{model} is catalogued for other surfaces; its facts are assumed here. The id must match what {surface_name} serves.",
                        model = model.id,
                        surface_name = surface.name
                    ),
                ));
                return Ok((Some(model), wire));
            }
            let served: Vec<&str> = model.served_on.iter().map(|f| f.as_str()).collect();
            let mut f = Finding::new(
                "model-not-on-surface",
                Severity::Error,
                crate::msg!(
                    "finding.model-not-on-surface.message",
                    "{model} is not served on {surface} (it is on: {served}).",
                    model = model.id,
                    surface = surface.id,
                    served = served.join(", ")
                ),
            )
            .prevents(surface.unserved_model_error());
            f = match sibling {
                Some(s) => f
                    .fix(crate::msg!(
                        "finding.model-not-on-surface.fix.sibling",
                        "On {surface} the same weights are {sibling}.",
                        surface = surface.id,
                        sibling = s.id
                    ))
                    .patch(Patch::SetModel { model: s.id.into() }),
                None => f.fix(crate::msg!(
                    "finding.model-not-on-surface.fix.other-surface",
                    "Use a surface that serves {model}, or a model {surface} serves.",
                    model = model.id,
                    surface = surface.id
                )),
            };
            lint.push(f);
            Ok((Some(model), wire))
        }
        ModelLookup::Unknown { suggestion } => {
            let id = req.model.trim().to_string();
            if id.is_empty() {
                return Err(Error::InvalidValue {
                    field: "model".into(),
                    reason: "is empty".into(),
                });
            }
            if self_hosted || req.allow_unlisted_model {
                let mut f = Finding::new(
                    "model-unlisted",
                    Severity::Info,
                    crate::msg!(
                        "finding.model-unlisted.message",
                        "{model} is not in the catalog; its capabilities are unknown, so only what you ask for is sent.",
                        model = id
                    ),
                )
                .fix(match surface.models_path {
                    Some(p) => crate::msg!(
                        "finding.model-unlisted.fix.models-path",
                        "Check the id against GET {path} on the server.",
                        path = p
                    ),
                    None => crate::msg!(
                        "finding.model-unlisted.fix.provider-list",
                        "Check the id against the provider's model list."
                    ),
                });
                if let Some(s) = suggestion {
                    f.severity = Severity::Warning;
                    f.message = crate::msg!(
                        "finding.model-unlisted.message.did-you-mean",
                        "{model} is not in the catalog; did you mean {suggestion}? Model ids are case-sensitive.",
                        model = id,
                        suggestion = s
                    );
                    f = f.prevents("model-not-found").patch(Patch::SetModel { model: s.into() });
                }
                lint.push(f);
                return Ok((None, id));
            }
            let hint = match suggestion {
                Some(s) if s.eq_ignore_ascii_case(&id) => {
                    Some(format!("model ids are case-sensitive: did you mean {s}?"))
                }
                Some(s) => Some(format!("did you mean {s}?")),
                None => Some(
                    "see `qwen-route catalog`, or pass --unlisted-model to shape it anyway"
                        .to_string(),
                ),
            };
            Err(Error::UnknownModel { id, surface: surface.id.into(), hint })
        }
    }
}

/// The start-up flags a self-hosted server needs for this model, from the catalog: the model's
/// tool-call and reasoning formats, and the surface's flag for each.
fn server_parsers(
    surface: &Surface,
    model: Option<&Model>,
    has_tools: bool,
    thinking: Option<bool>,
    notes: &mut Vec<Note>,
) {
    fn formats<F>(flags: &[(F, &'static str)]) -> Vec<&'static str> {
        let mut v: Vec<&str> = flags.iter().map(|(_, f)| *f).collect();
        v.dedup();
        v
    }
    if has_tools && !surface.tool_parser_flags.is_empty() {
        let text = match model.and_then(|m| m.tool_format).and_then(|f| surface.tool_parser_flag(f)) {
            Some(flag) => crate::msg!(
                "note.server-tool-parser.flag",
                "The server must run with {flag}, or tool calls come back as text (or a 400 on vLLM).",
                flag = flag
            ),
            None => crate::msg!(
                "note.server-tool-parser.any",
                "The server needs the tool-call parser that matches the model ({flags}), or tool calls come back as text.",
                flags = formats(surface.tool_parser_flags).join(" or ")
            ),
        };
        notes.push(Note::new("server-tool-parser", text));
    }
    let thinks =
        thinking != Some(false) && model.is_none_or(|m| m.thinking != catalog::ThinkingClass::None);
    if thinks && !surface.reasoning_parser_flags.is_empty() {
        let text = match model.and_then(|m| m.reasoning_format).and_then(|f| surface.reasoning_parser_flag(f)) {
            Some(flag) => crate::msg!(
                "note.server-reasoning-parser.flag",
                "Reasoning is separated only if the server runs with {flag}; otherwise <think> lands in content.",
                flag = flag
            ),
            None => crate::msg!(
                "note.server-reasoning-parser.any",
                "Reasoning is separated only with the reasoning parser that matches the model ({flags}); otherwise <think> lands in content.",
                flags = formats(surface.reasoning_parser_flags).join(" or ")
            ),
        };
        notes.push(Note::new("server-reasoning-parser", text));
    }
}

fn tool_choice(
    payload: &mut Map<String, Value>,
    surface: &Surface,
    has_tools: bool,
    downgrade: bool,
    notes: &mut Vec<Note>,
) {
    if !payload.contains_key("tool_choice") {
        return;
    }
    if !has_tools {
        payload.shift_remove("tool_choice");
        notes.push(Note::new(
            "tool-choice-dropped",
            crate::msg!(
                "note.tool-choice-dropped.no-tools",
                "tool_choice was dropped: there are no tools."
            ),
        ));
        return;
    }
    match surface.tool_choice {
        ToolChoiceSupport::AutoOnly => {
            payload.shift_remove("tool_choice");
            notes.push(Note::new(
                "tool-choice-dropped",
                crate::msg!(
                    "note.tool-choice-dropped.unsupported",
                    "tool_choice was dropped: {surface} does not support it (the model decides).",
                    surface = surface.id
                ),
            ));
            return;
        }
        ToolChoiceSupport::ObjectAsAuto
            if payload.get("tool_choice").is_some_and(Value::is_object) =>
        {
            notes.push(Note::new(
                "tool-choice-as-auto",
                crate::msg!(
                    "note.tool-choice-as-auto",
                    "{surface} treats a named tool_choice as \"auto\".",
                    surface = surface.id
                ),
            ));
        }
        _ => {}
    }
    if downgrade {
        payload.insert("tool_choice".into(), Value::String("auto".into()));
    }
}

fn drop_foreign_fields(payload: &mut Map<String, Value>, surface: &Surface, notes: &mut Vec<Note>) {
    let mut dropped = Vec::new();
    if surface.dialect != Dialect::Dashscope {
        for f in DASHSCOPE_ONLY_FIELDS {
            if payload.shift_remove(*f).is_some() {
                dropped.push(*f);
            }
        }
    } else if payload.shift_remove("chat_template_kwargs").is_some() {
        dropped.push("chat_template_kwargs");
    }
    if surface.family == SurfaceFamily::Ollama {
        for f in OLLAMA_UNSUPPORTED_FIELDS {
            if payload.shift_remove(*f).is_some() {
                dropped.push(*f);
            }
        }
    }
    if !dropped.is_empty() {
        notes.push(Note::new(
            "fields-dropped",
            crate::msg!(
                "note.fields-dropped",
                "Not sent to {surface} ({dialect} does not take them): {fields}.",
                surface = surface.id,
                dialect = surface.dialect.as_str(),
                fields = dropped.join(", ")
            ),
        ));
    }
}

/// The facts a request relies on that the sources do not confirm, as one info finding.
fn unconfirmed(
    surface: &Surface,
    model: Option<&Model>,
    key_class_given: bool,
    body: &Map<String, Value>,
    lint: &mut Vec<Finding>,
) {
    const THINKING_FIELDS: &[&str] =
        &["enable_thinking", "thinking_budget", "reasoning_effort", "chat_template_kwargs"];
    let thinking_sent = THINKING_FIELDS.iter().any(|f| body.contains_key(*f));
    let schema_sent =
        body.get("response_format").and_then(|r| r.get("type")).is_some_and(|t| t == "json_schema");
    let mut facts = Vec::new();
    if let Some(m) = model {
        let used = |f: &str| match f {
            "id" | "input" | "streaming_only" => true,
            "coding_plan" => surface.family == SurfaceFamily::CodingPlan,
            "thinking" | "thinking_control" => thinking_sent,
            "json_schema" => schema_sent,
            "max_output" => body.contains_key("max_tokens") && m.max_tokens_ceiling.is_none(),
            _ => false,
        };
        for f in m.unconfirmed.iter().filter(|f| used(f)) {
            facts.push(format!("{} of {}", f.replace('_', " "), m.id));
        }
    }
    for f in surface.unconfirmed {
        let used = match *f {
            "key_prefix" => key_class_given,
            "stream_usage" => body.contains_key("stream_options"),
            _ => false,
        };
        if used {
            facts.push(format!("{} of {}", f.replace('_', " "), surface.id));
        }
    }
    if !facts.is_empty() {
        lint.push(
            Finding::new(
                "unconfirmed-fact",
                Severity::Info,
                crate::msg!(
                    "finding.unconfirmed-fact.message.request-relies",
                    "This request relies on facts the sources do not confirm: {facts}.",
                    facts = facts.join("; ")
                ),
            )
            .fix(crate::msg!(
                "finding.unconfirmed-fact.fix.live-call",
                "Verify with one live call (and GET /models where the surface has it)."
            )),
        );
    }
}
