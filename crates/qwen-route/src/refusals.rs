//! What a server refuses in the body it receives: the one set of rules that the shaper's
//! pre-flight lint and the simulator both run.
//!
//! The shaper runs [`check`] on the body it built and turns each [`Refusal`] into an error
//! finding (with the fix); `qwen-sim` runs it on the body it received and answers the first
//! refusal with the row of `catalog/errors.toml` it names. So a finding that prevents upstream
//! error X appears exactly when the simulator answers X, by construction, and the differential
//! test in `qwen-sim` checks the plumbing on every shape fixture and a generated matrix.
//!
//! Every rule reads typed catalog facts (thinking class, modalities, ceilings, budgets), never
//! a model id.
//!
//! ```
//! use qwen_route::{catalog, refusals};
//! let s = catalog::surface("dashscope-intl").unwrap();
//! let m = catalog::model("qwen3.5-plus");
//! let body = serde_json::json!({"model": "qwen3.5-plus", "messages": [{"role": "user", "content": "hi"}]});
//! let r = refusals::check(s, m, body.as_object().unwrap());
//! // qwen3.5-plus thinks by default, and DashScope refuses thinking on non-streaming calls.
//! assert_eq!(r[0].error, "thinking-non-streaming");
//! ```

use serde_json::{Map, Value};

use crate::catalog::{Dialect, Modality, Model, Surface, ThinkingClass, ThinkingControl};
use crate::media;
use crate::shape::messages::{self, MediaKind};

/// A rule the server enforces, with the lint code it is reported under and the
/// `catalog/errors.toml` row the server answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A streaming-only model called with `stream: false`.
    StreamingOnlyModel,
    /// Thinking on a non-streaming call (DashScope).
    ThinkingOnNonStreaming,
    /// A forced `tool_choice` while thinking (DashScope).
    ToolChoiceInThinking,
    /// JSON mode while thinking (DashScope).
    JsonModeWithThinking,
    /// `enable_thinking: false` on a thinking-only model.
    ThinkingOffOnThinkingOnly,
    /// `thinking_budget` outside the model's range.
    ThinkingBudgetOutOfRange,
    /// `reasoning_effort` and `thinking_budget` together.
    EffortWithBudget,
    /// A `reasoning_effort` word DashScope does not know.
    ReasoningEffortInvalid,
    /// A `reasoning_effort` word Ollama does not know.
    OllamaEffortInvalid,
    /// A thinking switch for an Ollama model that cannot think.
    ThinkingUnsupported,
    /// `json_object` without the word "json" in a message.
    JsonObjectNeedsJsonWord,
    /// JSON mode on a model without it.
    JsonModeUnsupported,
    /// `json_schema` on a model without it.
    JsonSchemaUnsupported,
    /// A `response_format` DashScope does not read.
    ResponseFormatInvalid,
    /// `max_tokens` over the quoted ceiling.
    MaxTokensOverCeiling,
    /// `max_tokens` not a positive integer.
    MaxTokensInvalid,
    /// `temperature` outside `[0, 2)`.
    TemperatureOutOfRange,
    /// `top_p` outside `(0, 1]`.
    TopPOutOfRange,
    /// Images to a model without image input.
    ImagesToTextOnlyModel,
    /// Video to a model without video input.
    VideoUnsupported,
    /// Audio to a model without audio input.
    AudioUnsupported,
    /// An image of 10 px or less on a side.
    ImageTooSmall,
    /// More input than the model takes (estimated).
    InputTooLong,
    /// Qwen-MT without `translation_options`.
    TranslationOptionsMissing,
    /// Qwen-MT with more than one turn.
    TranslationSingleTurn,
    /// An assistant `tool_calls` turn not followed by a `tool` message for each id (DashScope).
    ToolCallsUnanswered,
    /// A `tool` message that follows no assistant `tool_calls` turn (DashScope).
    ToolMessageOrphan,
}

impl Rule {
    /// Every rule.
    pub const ALL: &'static [Rule] = &[
        Rule::StreamingOnlyModel,
        Rule::ThinkingOnNonStreaming,
        Rule::ToolChoiceInThinking,
        Rule::JsonModeWithThinking,
        Rule::ThinkingOffOnThinkingOnly,
        Rule::ThinkingBudgetOutOfRange,
        Rule::EffortWithBudget,
        Rule::ReasoningEffortInvalid,
        Rule::OllamaEffortInvalid,
        Rule::ThinkingUnsupported,
        Rule::JsonObjectNeedsJsonWord,
        Rule::JsonModeUnsupported,
        Rule::JsonSchemaUnsupported,
        Rule::ResponseFormatInvalid,
        Rule::MaxTokensOverCeiling,
        Rule::MaxTokensInvalid,
        Rule::TemperatureOutOfRange,
        Rule::TopPOutOfRange,
        Rule::ImagesToTextOnlyModel,
        Rule::VideoUnsupported,
        Rule::AudioUnsupported,
        Rule::ImageTooSmall,
        Rule::InputTooLong,
        Rule::TranslationOptionsMissing,
        Rule::TranslationSingleTurn,
        Rule::ToolCallsUnanswered,
        Rule::ToolMessageOrphan,
    ];

    /// The lint code the rule is reported under.
    ///
    /// ```
    /// assert_eq!(qwen_route::refusals::Rule::ThinkingOnNonStreaming.code(), "thinking-on-non-streaming");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Rule::StreamingOnlyModel => "streaming-only-model",
            Rule::ThinkingOnNonStreaming => "thinking-on-non-streaming",
            Rule::ToolChoiceInThinking => "tool-choice-in-thinking",
            Rule::JsonModeWithThinking => "json-mode-with-thinking",
            Rule::ThinkingOffOnThinkingOnly => "thinking-off-on-thinking-only",
            Rule::ThinkingBudgetOutOfRange => "thinking-budget-out-of-range",
            Rule::EffortWithBudget => "effort-with-budget",
            Rule::ReasoningEffortInvalid | Rule::OllamaEffortInvalid => "reasoning-effort-invalid",
            Rule::ThinkingUnsupported => "thinking-unsupported",
            Rule::JsonObjectNeedsJsonWord => "json-object-needs-json-word",
            Rule::JsonModeUnsupported => "json-mode-unsupported",
            Rule::JsonSchemaUnsupported => "json-schema-unsupported",
            Rule::ResponseFormatInvalid => "response-format-invalid",
            Rule::MaxTokensOverCeiling => "max-tokens-over-ceiling",
            Rule::MaxTokensInvalid => "max-tokens-invalid",
            Rule::TemperatureOutOfRange => "temperature-out-of-range",
            Rule::TopPOutOfRange => "top-p-out-of-range",
            Rule::ImagesToTextOnlyModel => "images-to-text-only-model",
            Rule::VideoUnsupported => "video-unsupported",
            Rule::AudioUnsupported => "audio-unsupported",
            Rule::ImageTooSmall => "image-too-small",
            Rule::InputTooLong => "input-may-exceed-context",
            Rule::TranslationOptionsMissing => "translation-options-missing",
            Rule::TranslationSingleTurn => "translation-single-turn",
            Rule::ToolCallsUnanswered => "tool-call-unanswered",
            Rule::ToolMessageOrphan => "tool-result-unknown-id",
        }
    }

    /// The `catalog/errors.toml` row the server answers with.
    ///
    /// ```
    /// assert_eq!(qwen_route::refusals::Rule::ThinkingOnNonStreaming.error(), "thinking-non-streaming");
    /// ```
    pub fn error(self) -> &'static str {
        match self {
            Rule::StreamingOnlyModel => "streaming-only",
            Rule::ThinkingOnNonStreaming => "thinking-non-streaming",
            Rule::ToolChoiceInThinking => "tool-choice-thinking",
            Rule::JsonModeWithThinking => "json-mode-thinking",
            Rule::ThinkingOffOnThinkingOnly => "thinking-restricted-true",
            Rule::ThinkingBudgetOutOfRange => "thinking-budget-range",
            Rule::EffortWithBudget => "effort-with-budget",
            Rule::ReasoningEffortInvalid => "reasoning-effort-invalid",
            Rule::OllamaEffortInvalid => "ollama-effort-invalid",
            Rule::ThinkingUnsupported => "ollama-no-thinking",
            Rule::JsonObjectNeedsJsonWord => "json-object-needs-json-word",
            Rule::MaxTokensOverCeiling | Rule::MaxTokensInvalid => "max-tokens-range",
            Rule::ImageTooSmall => "image-too-small",
            Rule::InputTooLong => "input-too-long",
            Rule::ToolCallsUnanswered => "tool-calls-unanswered",
            Rule::ToolMessageOrphan => "tool-message-orphan",
            Rule::JsonModeUnsupported
            | Rule::JsonSchemaUnsupported
            | Rule::ResponseFormatInvalid
            | Rule::TemperatureOutOfRange
            | Rule::TopPOutOfRange
            | Rule::ImagesToTextOnlyModel
            | Rule::VideoUnsupported
            | Rule::AudioUnsupported
            | Rule::TranslationOptionsMissing
            | Rule::TranslationSingleTurn => "invalid-parameter",
        }
    }
}

/// One thing the server will refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The rule.
    pub rule: Rule,
    /// The `catalog/errors.toml` row the server answers with (`rule.error()`).
    pub error: &'static str,
    /// The number the server's message quotes (a range's upper bound), if any.
    pub param: Option<u64>,
    /// What in this request trips the rule, in a few words (`thinking_budget 0`).
    pub detail: String,
}

impl Refusal {
    fn new(rule: Rule, detail: impl Into<String>) -> Refusal {
        Refusal { rule, error: rule.error(), param: None, detail: detail.into() }
    }

    fn with_param(mut self, n: u64) -> Refusal {
        self.param = Some(n);
        self
    }
}

/// The effort words DashScope's qwen3.8 family accepts (its 400 lists them; `minimal` is
/// accepted too, `minimum` is not).
pub const DASHSCOPE_EFFORTS: &[&str] = &["none", "minimal", "low", "medium", "high", "xhigh"];

/// The effort words Ollama's `/v1` accepts.
pub const OLLAMA_EFFORTS: &[&str] = &["none", "low", "medium", "high"];

/// How the server reads thinking from a body: on, off, or left to the model (`None`), and the
/// refusals that reading raises.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThinkingRead {
    /// Whether the model will think (`None`: the server decides and the catalog does not say).
    pub on: Option<bool>,
    /// The budget the server applies (`thinking_budget`), when it reads one.
    pub budget: Option<u64>,
}

fn as_bool(v: Option<&Value>) -> Option<bool> {
    v.and_then(Value::as_bool)
}

/// The effort word a body carries: `reasoning_effort` as a string or `{effort}` object, or
/// `reasoning.effort`.
pub fn effort_word(body: &Map<String, Value>) -> Option<&str> {
    match body.get("reasoning_effort") {
        Some(Value::String(s)) => return Some(s),
        Some(Value::Object(o)) => return o.get("effort").and_then(Value::as_str),
        _ => {}
    }
    body.get("reasoning").and_then(|r| r.get("effort")).and_then(Value::as_str)
}

/// Read thinking the way the surface's server does, with the refusals that raises.
///
/// ```
/// use qwen_route::{catalog, refusals};
/// let v = catalog::surface("vllm").unwrap();
/// let m = catalog::model("Qwen/Qwen3-8B");
/// let body = serde_json::json!({"enable_thinking": false});
/// // vLLM ignores a top-level enable_thinking: Qwen3 keeps thinking.
/// let (read, _) = refusals::read_thinking(v, m, body.as_object().unwrap());
/// assert_eq!(read.on, Some(true));
/// ```
pub fn read_thinking(
    surface: &Surface,
    model: Option<&Model>,
    body: &Map<String, Value>,
) -> (ThinkingRead, Vec<Refusal>) {
    let class = model.map(|m| m.thinking);
    let default_on = class.map(ThinkingClass::thinks_by_default);
    let mut out = Vec::new();
    let read = match surface.dialect {
        Dialect::Dashscope => {
            let effort_model =
                model.is_some_and(|m| m.thinking_control == ThinkingControl::ReasoningEffort);
            let effort = effort_word(body);
            let budget = body.get("thinking_budget");
            if effort.is_some() && budget.is_some() {
                out.push(Refusal::new(
                    Rule::EffortWithBudget,
                    "reasoning_effort and thinking_budget together",
                ));
            }
            let mut explicit = as_bool(body.get("enable_thinking"));
            if let (true, Some(word)) = (effort_model, effort) {
                if !DASHSCOPE_EFFORTS.contains(&word) {
                    out.push(Refusal::new(
                        Rule::ReasoningEffortInvalid,
                        format!("reasoning_effort {word:?}"),
                    ));
                } else if explicit.is_none() {
                    explicit = Some(word != "none");
                }
            }
            if class == Some(ThinkingClass::Only) && explicit == Some(false) {
                out.push(Refusal::new(Rule::ThinkingOffOnThinkingOnly, "thinking switched off"));
            }
            let on = match class {
                Some(ThinkingClass::None) => Some(false),
                Some(ThinkingClass::Only) => Some(true),
                _ => explicit.or(default_on),
            };
            let budget = match (on, budget) {
                (Some(true), Some(b)) => {
                    let n = b.as_i64();
                    if let Some((min, max)) = model.and_then(|m| m.thinking_budget_range()) {
                        let ok = n.is_some_and(|n| n >= i64::from(min) && n <= i64::from(max));
                        if !ok {
                            out.push(
                                Refusal::new(
                                    Rule::ThinkingBudgetOutOfRange,
                                    format!("thinking_budget {b}"),
                                )
                                .with_param(u64::from(max)),
                            );
                        }
                    } else if n.is_none_or(|n| n < 1) {
                        out.push(Refusal::new(
                            Rule::ThinkingBudgetOutOfRange,
                            format!("thinking_budget {b}"),
                        ));
                    }
                    n.and_then(|n| u64::try_from(n).ok())
                }
                _ => None,
            };
            ThinkingRead { on, budget }
        }
        Dialect::Vllm | Dialect::Sglang | Dialect::LlamaCpp => {
            let asked =
                body.get("chat_template_kwargs").and_then(|k| as_bool(k.get("enable_thinking")));
            let on = match class {
                Some(ThinkingClass::None) => Some(false),
                Some(ThinkingClass::Only) => Some(true),
                _ => asked.or(default_on),
            };
            ThinkingRead { on, budget: None }
        }
        Dialect::Ollama => {
            let on = match effort_word(body) {
                Some(w) if !OLLAMA_EFFORTS.contains(&w) => {
                    out.push(Refusal::new(
                        Rule::OllamaEffortInvalid,
                        format!("reasoning_effort {w:?}"),
                    ));
                    default_on
                }
                Some("none") => Some(class == Some(ThinkingClass::Only)),
                Some(_) if class == Some(ThinkingClass::None) => {
                    out.push(Refusal::new(
                        Rule::ThinkingUnsupported,
                        "reasoning_effort on a model without thinking",
                    ));
                    Some(false)
                }
                Some(_) => Some(true),
                None => match class {
                    Some(ThinkingClass::None) => Some(false),
                    _ => default_on,
                },
            };
            ThinkingRead { on, budget: None }
        }
        Dialect::Litellm => {
            let asked = as_bool(body.get("enable_thinking")).or_else(|| {
                body.get("chat_template_kwargs").and_then(|k| as_bool(k.get("enable_thinking")))
            });
            let on = match class {
                Some(ThinkingClass::None) => Some(false),
                Some(ThinkingClass::Only) => Some(true),
                _ => asked.or(default_on),
            };
            ThinkingRead { on, budget: None }
        }
        Dialect::Openai => ThinkingRead { on: None, budget: None },
    };
    (read, out)
}

fn number(body: &Map<String, Value>, field: &str) -> Option<Result<f64, ()>> {
    body.get(field).filter(|v| !v.is_null()).map(|v| v.as_f64().ok_or(()))
}

fn forced_tool_choice(body: &Map<String, Value>) -> bool {
    match body.get("tool_choice") {
        Some(Value::String(s)) => s == "required",
        Some(Value::Object(_)) => true,
        _ => false,
    }
}

/// Everything the server will refuse in `body`, in the order the server checks it (the
/// simulator answers the first).
pub fn check(surface: &Surface, model: Option<&Model>, body: &Map<String, Value>) -> Vec<Refusal> {
    let mut out = Vec::new();
    let stream = as_bool(body.get("stream")).unwrap_or(false);
    let empty = Vec::new();
    let msgs = body.get("messages").and_then(Value::as_array).unwrap_or(&empty);
    let dashscope = surface.dialect == Dialect::Dashscope;
    if dashscope {
        tool_pairing(msgs, &mut out);
    }

    let streaming_only_refused = dashscope && model.is_some_and(|m| m.streaming_only) && !stream;
    if let (true, Some(m)) = (streaming_only_refused, model) {
        out.push(Refusal::new(Rule::StreamingOnlyModel, m.id));
    }
    let (thinking, mut thinking_refusals) = read_thinking(surface, model, body);
    out.append(&mut thinking_refusals);
    let format = body.get("response_format").filter(|v| !v.is_null());
    let format_type = format.and_then(|f| f.get("type")).and_then(Value::as_str).unwrap_or("");
    let json_mode = matches!(format_type, "json_object" | "json_schema");
    if dashscope && thinking.on == Some(true) {
        // A streaming-only model's refusal already says "stream it".
        if !stream && !streaming_only_refused {
            out.push(Refusal::new(Rule::ThinkingOnNonStreaming, "thinking with stream=false"));
        }
        if forced_tool_choice(body) {
            out.push(Refusal::new(
                Rule::ToolChoiceInThinking,
                "a forced tool_choice with thinking",
            ));
        }
        if json_mode {
            out.push(Refusal::new(
                Rule::JsonModeWithThinking,
                format!("{format_type} with thinking"),
            ));
        }
    }
    if dashscope {
        response_format(format, format_type, msgs, model, &mut out);
        max_tokens(body, model, &mut out);
        sampling(body, &mut out);
        media_rules(msgs, model, &mut out);
        if let Some(m) = model {
            if let Some(limit) = m.max_input.or(m.context) {
                let est = messages::estimated_tokens(msgs);
                if est > u64::from(limit) {
                    out.push(
                        Refusal::new(Rule::InputTooLong, format!("about {est} input tokens"))
                            .with_param(u64::from(limit)),
                    );
                }
            }
            for field in m.requires {
                if !body.contains_key(*field) {
                    out.push(Refusal::new(Rule::TranslationOptionsMissing, format!("no {field}")));
                }
            }
            let turns = msgs.iter().filter(|x| messages::role(x) != "system").count();
            if m.single_turn && turns > 1 {
                out.push(Refusal::new(Rule::TranslationSingleTurn, format!("{turns} messages")));
            }
        }
    }
    out
}

/// DashScope pairs tool results with calls: every id of an assistant `tool_calls` turn needs a
/// `tool` message before the conversation goes on, and a `tool` message must follow such a turn
/// (errors.toml `tool-calls-unanswered`, `tool-message-orphan`).
fn tool_pairing(msgs: &[Value], out: &mut Vec<Refusal>) {
    let mut pending: Vec<&str> = Vec::new();
    let mut after_calls = false;
    for (i, m) in msgs.iter().enumerate() {
        match messages::role(m) {
            "tool" => {
                let id = m.get("tool_call_id").and_then(Value::as_str).unwrap_or("");
                if !after_calls {
                    out.push(Refusal::new(
                        Rule::ToolMessageOrphan,
                        format!("messages[{i}] (tool_call_id {id:?})"),
                    ));
                    return;
                }
                pending.retain(|p| *p != id);
            }
            role => {
                if !pending.is_empty() {
                    out.push(Refusal::new(Rule::ToolCallsUnanswered, format!("messages[{i}]")));
                    return;
                }
                let ids: Vec<&str> = m
                    .get("tool_calls")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.get("id").and_then(Value::as_str))
                    .collect();
                after_calls = role == "assistant" && !ids.is_empty();
                pending = if role == "assistant" { ids } else { Vec::new() };
            }
        }
    }
    if !pending.is_empty() {
        out.push(Refusal::new(
            Rule::ToolCallsUnanswered,
            format!("{} unanswered at the end", pending.len()),
        ));
    }
}

fn response_format(
    format: Option<&Value>,
    kind: &str,
    msgs: &[Value],
    model: Option<&Model>,
    out: &mut Vec<Refusal>,
) {
    let Some(rf) = format else { return };
    match kind {
        "json_object" => {
            if !messages::mentions_json(msgs) {
                out.push(Refusal::new(Rule::JsonObjectNeedsJsonWord, "no message says json"));
            }
            if let Some(m) = model.filter(|m| !m.json_object) {
                out.push(Refusal::new(Rule::JsonModeUnsupported, m.id));
            }
        }
        "json_schema" => {
            let schema = rf.get("json_schema");
            let valid = schema.and_then(|s| s.get("schema")).is_some_and(Value::is_object)
                && schema.and_then(|s| s.get("name")).is_some_and(Value::is_string);
            if !valid {
                out.push(Refusal::new(
                    Rule::ResponseFormatInvalid,
                    "json_schema without name and schema",
                ));
            }
            if let Some(m) = model.filter(|m| !m.json_schema) {
                out.push(Refusal::new(Rule::JsonSchemaUnsupported, m.id));
            }
        }
        "text" | "" => {}
        other => out.push(Refusal::new(Rule::ResponseFormatInvalid, format!("type {other:?}"))),
    }
}

fn max_tokens(body: &Map<String, Value>, model: Option<&Model>, out: &mut Vec<Refusal>) {
    for field in ["max_tokens", "max_completion_tokens"] {
        let Some(v) = body.get(field).filter(|v| !v.is_null()) else { continue };
        let ceiling = model.and_then(|m| m.max_tokens_ceiling);
        match v.as_u64() {
            Some(n) if n >= 1 => {
                if let Some(c) = ceiling.filter(|c| n > u64::from(*c)) {
                    out.push(
                        Refusal::new(Rule::MaxTokensOverCeiling, format!("{field} {n}"))
                            .with_param(u64::from(c)),
                    );
                }
            }
            _ => {
                let mut r = Refusal::new(Rule::MaxTokensInvalid, format!("{field} {v}"));
                r.param = ceiling.map(u64::from);
                out.push(r);
            }
        }
    }
}

fn sampling(body: &Map<String, Value>, out: &mut Vec<Refusal>) {
    if let Some(r) = number(body, "temperature") {
        if !r.is_ok_and(|t| (0.0..2.0).contains(&t)) {
            out.push(Refusal::new(
                Rule::TemperatureOutOfRange,
                format!("temperature {}", body["temperature"]),
            ));
        }
    }
    if let Some(r) = number(body, "top_p") {
        if !r.is_ok_and(|p| p > 0.0 && p <= 1.0) {
            out.push(Refusal::new(Rule::TopPOutOfRange, format!("top_p {}", body["top_p"])));
        }
    }
}

fn media_rules(msgs: &[Value], model: Option<&Model>, out: &mut Vec<Refusal>) {
    let mut seen = [false; 4];
    for r in messages::media(msgs) {
        let (modality, rule, slot) = match r.kind {
            MediaKind::Image => (Modality::Image, Rule::ImagesToTextOnlyModel, 0),
            MediaKind::Video => (Modality::Video, Rule::VideoUnsupported, 1),
            MediaKind::Audio => (Modality::Audio, Rule::AudioUnsupported, 2),
        };
        if let Some(m) = model.filter(|m| !m.accepts(modality)) {
            if !seen[slot] {
                seen[slot] = true;
                out.push(Refusal::new(rule, m.id));
            }
        }
        if r.kind == MediaKind::Image && !seen[3] {
            if let Some((w, h)) = media::inspect_data_url(r.url).and_then(|i| i.width.zip(i.height))
            {
                if w <= 10 || h <= 10 {
                    seen[3] = true;
                    out.push(Refusal::new(Rule::ImageTooSmall, format!("{w}×{h} px")));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use serde_json::json;

    fn on(surface: &str, model: &str, body: Value) -> Vec<&'static str> {
        let s = catalog::surface(surface).unwrap();
        check(s, catalog::model(model), body.as_object().unwrap()).iter().map(|r| r.error).collect()
    }

    #[test]
    fn dashscope_thinking_rules() {
        let hi = json!([{"role": "user", "content": "hi"}]);
        assert_eq!(
            on("dashscope-intl", "qwen3.5-plus", json!({"messages": hi})),
            ["thinking-non-streaming"]
        );
        assert!(on("dashscope-intl", "qwen3.5-plus", json!({"messages": hi, "stream": true}))
            .is_empty());
        assert!(
            on("dashscope-intl", "qwen-plus", json!({"messages": hi})).is_empty(),
            "default off"
        );
        assert_eq!(
            on(
                "dashscope-intl",
                "qwen-plus",
                json!({"messages": hi, "stream": true, "enable_thinking": true, "thinking_budget": 0})
            ),
            ["thinking-budget-range"]
        );
        assert_eq!(
            on(
                "dashscope-intl",
                "qwen-plus",
                json!({"messages": hi, "stream": true, "enable_thinking": true, "thinking_budget": 90000})
            ),
            ["thinking-budget-range"]
        );
        // A budget with thinking off is ignored (it applies only when thinking is on).
        assert!(on(
            "dashscope-intl",
            "qwen-plus",
            json!({"messages": hi, "enable_thinking": false, "thinking_budget": 0})
        )
        .is_empty());
        assert_eq!(
            on(
                "dashscope-intl",
                "qwen3.8-max",
                json!({"messages": hi, "stream": true, "reasoning_effort": "low", "thinking_budget": 10})
            ),
            ["effort-with-budget"]
        );
        assert_eq!(
            on(
                "dashscope-intl",
                "qwen3.8-max",
                json!({"messages": hi, "stream": true, "reasoning_effort": "minimum"})
            ),
            ["reasoning-effort-invalid"]
        );
    }

    #[test]
    fn self_hosted_servers_read_their_own_spelling() {
        let v = catalog::surface("vllm").unwrap();
        let m = catalog::model("Qwen/Qwen3-8B");
        let read = |b: Value| read_thinking(v, m, b.as_object().unwrap()).0.on;
        assert_eq!(read(json!({"chat_template_kwargs": {"enable_thinking": false}})), Some(false));
        assert_eq!(read(json!({"enable_thinking": false})), Some(true));
        assert_eq!(
            on("ollama", "qwen3-coder-next", json!({"messages": [], "reasoning_effort": "low"})),
            ["ollama-no-thinking"]
        );
    }

    #[test]
    fn media_and_json_rules() {
        let img = json!([{"role": "user", "content": [{"type": "text", "text": "what is this json"}, {"type": "image_url", "image_url": {"url": "https://x/a.png"}}]}]);
        assert_eq!(
            on("dashscope-intl", "qwen-flash", json!({"messages": img})),
            ["invalid-parameter"]
        );
        assert!(on(
            "dashscope-intl",
            "qwen3-vl-plus",
            json!({"messages": img, "stream": true, "enable_thinking": false})
        )
        .is_empty());
        let plain = json!([{"role": "user", "content": "hi"}]);
        assert_eq!(
            on(
                "dashscope-intl",
                "qwen-plus",
                json!({"messages": plain, "response_format": {"type": "json_object"}})
            ),
            ["json-object-needs-json-word"]
        );
    }
}
