//! The Anthropic Messages dialect: a finished OpenAI-shaped request, translated into the
//! `POST …/apps/anthropic/v1/messages` request Model Studio serves, with a finding or a note for
//! everything the translation cannot carry or changes.
//!
//! The facts it rests on are `catalog/anthropic.toml` rows, read by id.
//!
//! ```
//! use qwen_route::shape::{shape, ShapeRequest};
//! use qwen_route::vocab::{ThinkingSetting, WireDialect};
//! let mut r = ShapeRequest::new("coding-plan-intl", "qwen3.5-plus");
//! r.dialect = WireDialect::Anthropic;
//! r.thinking = Some(ThinkingSetting::Budget(2048));
//! r.payload = serde_json::json!({"messages": [
//!     {"role": "system", "content": "Be brief."},
//!     {"role": "user", "content": "hi"}
//! ]}).as_object().unwrap().clone();
//! let out = shape(&r).unwrap();
//! assert_eq!(out.request.url, "https://coding-intl.dashscope.aliyuncs.com/apps/anthropic/v1/messages");
//! assert_eq!(out.request.body["system"], "Be brief.");
//! assert_eq!(out.request.body["thinking"]["budget_tokens"], 2048);
//! assert!(out.request.body.get("enable_thinking").is_none());
//! ```

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::catalog::{self, AnthropicEndpoint, AnthropicFact, Model, Surface};
use crate::lint::{Finding, Note, Severity};
use crate::msg::Msg;

use super::url::{host_of, path_of};

/// The `anthropic-version` every Anthropic SDK sends; Model Studio ignores it
/// (fact `anthropic-version`).
pub const ANTHROPIC_VERSION: &str = "2023-06-01";

/// The request fields of Anthropic's Messages API (the `anthropic` SDKs take these as keyword
/// arguments; the simulator reads these and passes the rest on as given).
pub const MESSAGES_FIELDS: &[&str] = &[
    "model",
    "max_tokens",
    "messages",
    "system",
    "stream",
    "temperature",
    "top_p",
    "top_k",
    "stop_sequences",
    "tools",
    "tool_choice",
    "thinking",
    "metadata",
];

/// `max_tokens` when neither the payload nor the model gives one (fact `max-tokens`).
const DEFAULT_MAX_TOKENS: u64 = 4096;

/// The finding for an OpenAI field with no Messages counterpart, saying why; `None` for any
/// other field.
fn not_carried_field(field: &str) -> Option<Finding> {
    let why = match field {
        "n" => crate::msg!(
            "finding.anthropic-not-carried.why.one-answer",
            "Messages returns one answer per request."
        ),
        "presence_penalty" => crate::msg!(
            "finding.anthropic-not-carried.why.no-presence-penalty",
            "Messages has no presence penalty."
        ),
        "frequency_penalty" => crate::msg!(
            "finding.anthropic-not-carried.why.no-frequency-penalty",
            "Messages has no frequency penalty."
        ),
        "logprobs" | "top_logprobs" => crate::msg!(
            "finding.anthropic-not-carried.why.no-logprobs",
            "Messages returns no log probabilities."
        ),
        "logit_bias" => crate::msg!(
            "finding.anthropic-not-carried.why.no-logit-bias",
            "Messages has no logit bias."
        ),
        "seed" => crate::msg!(
            "finding.anthropic-not-carried.why.no-seed",
            "the Messages field table has no seed."
        ),
        "user" => crate::msg!(
            "finding.anthropic-not-carried.why.user-id",
            "Messages' metadata.user_id is not supported here."
        ),
        "modalities" | "audio" => {
            crate::msg!("finding.anthropic-not-carried.why.text-only", "Messages answers in text.")
        }
        "prediction" => crate::msg!(
            "finding.anthropic-not-carried.why.no-prediction",
            "Messages has no predicted outputs."
        ),
        "store" => crate::msg!(
            "finding.anthropic-not-carried.why.no-store",
            "Messages has no stored completions."
        ),
        "web_search_options" => crate::msg!(
            "finding.anthropic-not-carried.why.no-web-search-options",
            "Messages has no web_search_options."
        ),
        "incremental_output" => crate::msg!(
            "finding.anthropic-not-carried.why.always-incremental",
            "Messages streams are always incremental."
        ),
        _ => return None,
    };
    Some(field_not_carried(field, why))
}

/// The `anthropic-not-carried` finding for a top-level field, with the reason as a sentence of
/// its own (one English and one zh-CN sentence per reason, one for the frame).
fn field_not_carried(field: &str, why: Msg) -> Finding {
    not_carried(
        crate::msg!(
            "finding.anthropic-not-carried.message.field",
            "{field} is not sent on the Anthropic dialect: {why}",
            field = field,
            why = why.as_str()
        )
        .with_part("why", why),
    )
}

/// What the caller settled, for the translation.
pub(crate) struct Context<'a> {
    pub surface: &'static Surface,
    pub endpoint: &'static AnthropicEndpoint,
    pub model: Option<&'static Model>,
    /// The base URL the OpenAI request used (the catalog's or an override).
    pub openai_base: &'a str,
    /// Whether the base URL was given by the caller.
    pub overridden: bool,
}

/// The translated request: URL, headers and body.
pub(crate) struct Translated {
    pub base: String,
    pub url: String,
    pub headers: BTreeMap<String, String>,
    pub body: Value,
}

fn fact(id: &str) -> Option<&'static AnthropicFact> {
    catalog::anthropic_fact(id)
}

fn fact_text(id: &str) -> &'static str {
    fact(id).map_or("", |f| f.text)
}

/// The fact's sentence with its id, so projections show it in their language.
fn fact_msg(id: &str) -> Msg {
    fact(id).map_or_else(|| Msg::prose("", ""), AnthropicFact::text_msg)
}

fn fact_values(id: &str) -> &'static [&'static str] {
    fact(id).map_or(&[], |f| f.values)
}

/// The `anthropic-not-carried` finding: `message` says what is not sent and why (each such
/// sentence has its own id, `finding.anthropic-not-carried.message.…`).
fn not_carried(message: Msg) -> Finding {
    Finding::new("anthropic-not-carried", Severity::Warning, message).fix(crate::msg!(
        "finding.anthropic-not-carried.fix",
        "Remove it, or send this request with --dialect openai."
    ))
}

/// `response_format` has no Messages counterpart.
pub(crate) fn response_format_not_carried(rf: &Value) -> Finding {
    not_carried(crate::msg!(
        "finding.anthropic-not-carried.message.response-format",
        "response_format {value} is not sent on the Anthropic dialect: Messages has no JSON mode; ask for JSON in the system text and check the answer with qwen-route's structured-output check.",
        value = compact(rf, 80)
    ))
}

/// The Anthropic base URL: the endpoint's own, with the surface's placeholders filled, or the
/// caller's OpenAI base URL with its path swapped (`…/compatible-mode/v1` → `…/apps/anthropic`),
/// so relays, proxies and the simulator keep working.
pub(crate) fn base_url(
    ctx: &Context<'_>,
    notes: &mut Vec<Note>,
    lint: &mut Vec<Finding>,
) -> String {
    let anthropic_path = path_of(ctx.endpoint.base_url);
    if !ctx.overridden {
        // The endpoint shares the surface's host (build.rs checks it), so the filled OpenAI
        // base gives the host with every placeholder resolved.
        return format!(
            "{}://{}{anthropic_path}",
            scheme_of(ctx.openai_base),
            host_of(ctx.openai_base)
        );
    }
    let given = ctx.openai_base.trim_end_matches('/');
    if let Some(stem) = given.strip_suffix("/v1").filter(|s| s.ends_with(anthropic_path)) {
        lint.push(
            Finding::new(
                "anthropic-base-url-v1",
                Severity::Warning,
                crate::msg!(
                    "finding.anthropic-base-url-v1.message",
                    "The base URL {given} ends in /v1 after {anthropic_path}; qwen-route, the Anthropic SDKs and Claude Code append /v1/messages themselves.",
                    given = given,
                    anthropic_path = anthropic_path
                ),
            )
            .fix(crate::msg!(
                "finding.anthropic-base-url-v1.fix",
                "Use {stem} as the base URL (only the Vercel AI SDK, used by OpenCode, wants the /v1).",
                stem = stem
            )),
        );
        return stem.to_string();
    }
    if given.ends_with(anthropic_path) {
        return given.to_string();
    }
    let openai_path = path_of(ctx.surface.base_url);
    if let Some(stem) = given.strip_suffix(openai_path).filter(|_| !openai_path.is_empty()) {
        let out = format!("{stem}{anthropic_path}");
        notes.push(Note::new(
            "anthropic-base-from-openai",
            crate::msg!(
                "note.anthropic-base-from-openai",
                "The Anthropic base URL {out} was derived from the base URL {given} ({openai_path} → {anthropic_path}).",
                out = out,
                given = given,
                openai_path = openai_path,
                anthropic_path = anthropic_path
            ),
        ));
        return out;
    }
    notes.push(Note::new(
        "anthropic-base-as-given",
        crate::msg!(
            "note.anthropic-base-as-given",
            "The base URL {given} is used as the Anthropic base as it is; /v1/messages is appended.",
            given = given
        ),
    ));
    given.to_string()
}

fn scheme_of(url: &str) -> &str {
    url.split_once("://").map_or("https", |(s, _)| s)
}

/// Translate the finished OpenAI-shaped body into a Messages request.
pub(crate) fn translate(
    ctx: &Context<'_>,
    openai: &Map<String, Value>,
    env_var: &str,
    notes: &mut Vec<Note>,
    lint: &mut Vec<Finding>,
) -> Translated {
    let base = base_url(ctx, notes, lint);
    let url = format!("{}{}", base.trim_end_matches('/'), ctx.endpoint.messages_path);

    let mut headers = BTreeMap::new();
    if ctx.endpoint.bearer {
        headers.insert("Authorization".to_string(), format!("Bearer ${env_var}"));
    } else {
        headers.insert("x-api-key".to_string(), format!("${env_var}"));
    }
    headers.insert("anthropic-version".to_string(), ANTHROPIC_VERSION.to_string());
    headers.insert("Content-Type".to_string(), "application/json".to_string());

    if let Some(m) = ctx.model {
        if !ctx.endpoint.serves(m.id) {
            lint.push(
                Finding::new(
                    "anthropic-model-unlisted",
                    Severity::Warning,
                    crate::msg!(
                        "finding.anthropic-model-unlisted.message",
                        "{model} is not among the models the sources list for {surface}'s Anthropic endpoint (checked {checked}); it may be answered 404 not_found_error.",
                        model = m.id,
                        surface = ctx.surface.id,
                        checked = ctx.endpoint.checked
                    ),
                )
                .prevents("model-not-found")
                .fix(crate::msg!(
                    "finding.anthropic-model-unlisted.fix",
                    "Pick a listed model, or send this one with --dialect openai."
                )),
            );
        }
    }

    let mut body = Map::new();
    let mut rest = openai.clone();
    if let Some(m) = rest.shift_remove("model") {
        body.insert("model".into(), m);
    }

    // max_tokens: required by Anthropic, always sent here (fact max-tokens).
    let max =
        rest.shift_remove("max_tokens").or_else(|| rest.shift_remove("max_completion_tokens"));
    let max = match max {
        Some(v) => v,
        None => {
            let n = ctx
                .model
                .and_then(|m| m.max_output)
                .map_or(DEFAULT_MAX_TOKENS, |o| u64::from(o).min(DEFAULT_MAX_TOKENS * 8));
            notes.push(Note::new(
                "anthropic-max-tokens-added",
                crate::msg!(
                    "note.anthropic-max-tokens-added",
                    "max_tokens: {n} was added: {fact}",
                    n = n,
                    fact = fact_text("max-tokens")
                )
                .with_part("fact", fact_msg("max-tokens")),
            ));
            Value::from(n)
        }
    };
    body.insert("max_tokens".into(), max);

    // Messages and system.
    let msgs = match rest.shift_remove("messages") {
        Some(Value::Array(m)) => m,
        _ => Vec::new(),
    };
    let (system, messages) = messages(&msgs, notes, lint);
    if let Some(s) = system {
        body.insert("system".into(), s);
    }
    body.insert("messages".into(), Value::Array(messages));

    // Streaming: usage always comes with the stream's message_start and message_delta.
    let stream = rest.shift_remove("stream").and_then(|v| v.as_bool()).unwrap_or(false);
    body.insert("stream".into(), Value::Bool(stream));
    if rest.shift_remove("stream_options").is_some() {
        notes.push(Note::new(
            "anthropic-stream-options-dropped",
            crate::msg!(
                "note.anthropic-stream-options-dropped",
                "stream_options was not sent: Messages streams carry usage in message_start and message_delta without it."
            ),
        ));
    }

    // Thinking: enable_thinking / thinking_budget → thinking (fact thinking).
    let on = rest.shift_remove("enable_thinking");
    let budget = rest.shift_remove("thinking_budget");
    match (on.as_ref().and_then(Value::as_bool), budget) {
        (Some(false), _) => {
            body.insert("thinking".into(), json!({"type": "disabled"}));
        }
        (Some(true), b) | (None, b @ Some(_)) => {
            let b = b.unwrap_or_else(|| {
                let n = ctx.model.and_then(|m| m.max_thinking_budget).map_or(4096, |x| x.min(8192));
                notes.push(Note::new(
                    "anthropic-budget-added",
                    crate::msg!(
                        "note.anthropic-budget-added",
                        "budget_tokens: {n} was added: the Messages thinking object carries a budget when enabled.",
                        n = n
                    ),
                ));
                Value::from(n)
            });
            body.insert("thinking".into(), json!({"type": "enabled", "budget_tokens": b}));
        }
        (None, None) => {}
    }
    if on.is_some() || body.contains_key("thinking") {
        notes.push(Note::new(
            "anthropic-thinking",
            crate::msg!("note.anthropic-thinking", "{fact}", fact = fact_text("thinking"))
                .with_part("fact", fact_msg("thinking")),
        ));
    }

    // Tools and tool choice.
    if let Some(Value::Array(tools)) = rest.shift_remove("tools") {
        let mut out = Vec::new();
        for t in tools {
            match tool(&t) {
                Some(x) => out.push(x),
                None => lint.push(not_carried(crate::msg!(
                    "finding.anthropic-not-carried.message.tool",
                    "The tool {tool} is not sent on the Anthropic dialect: only function tools have a Messages form.",
                    tool = compact(&t, 80)
                ))),
            }
        }
        if !out.is_empty() {
            body.insert("tools".into(), Value::Array(out));
        }
    }
    let parallel = rest.shift_remove("parallel_tool_calls");
    if let Some(tc) = rest.shift_remove("tool_choice") {
        match tool_choice(&tc) {
            Some(mut x) => {
                if parallel.as_ref().and_then(Value::as_bool) == Some(false) {
                    if let Some(o) = x.as_object_mut() {
                        o.insert("disable_parallel_tool_use".into(), Value::Bool(true));
                    }
                    lint.push(
                        Finding::new(
                            "unconfirmed-fact",
                            Severity::Warning,
                            crate::msg!(
                                "finding.unconfirmed-fact.message.disable-parallel-tool-use",
                                "parallel_tool_calls: false was sent as tool_choice.disable_parallel_tool_use; {fact}",
                                fact = fact_text("tool-choice")
                            )
.with_part("fact", fact_msg("tool-choice")),
                        )
                        .fix(crate::msg!(
                            "finding.unconfirmed-fact.fix.one-tool-call-at-a-time",
                            "Check that answers hold one tool call at a time."
                        )),
                    );
                }
                body.insert("tool_choice".into(), x);
            }
            None => lint.push(not_carried(crate::msg!(
                "finding.anthropic-not-carried.message.tool-choice",
                "tool_choice {value} is not sent on the Anthropic dialect: it has no Messages form.",
                value = compact(&tc, 80)
            ))),
        }
    } else if parallel.as_ref().and_then(Value::as_bool) == Some(false) {
        lint.push(not_carried(crate::msg!(
            "finding.anthropic-not-carried.message.parallel-tool-calls",
            "parallel_tool_calls: false is not sent on the Anthropic dialect: Messages says it with tool_choice.disable_parallel_tool_use, which needs a tool_choice."
        )));
    } else if parallel.is_some() {
        notes.push(Note::new(
            "anthropic-parallel-default",
            crate::msg!(
                "note.anthropic-parallel-default",
                "parallel_tool_calls: true was not sent: parallel tool use is the Messages default."
            ),
        ));
    }

    // Sampling and stops.
    for k in ["temperature", "top_p", "top_k"] {
        if let Some(v) = rest.shift_remove(k) {
            body.insert(k.into(), v);
        }
    }
    if let Some(stop) = rest.shift_remove("stop") {
        let list = match stop {
            Value::String(s) => vec![Value::String(s)],
            Value::Array(a) => a,
            Value::Null => Vec::new(),
            other => vec![other],
        };
        if !list.is_empty() {
            body.insert("stop_sequences".into(), Value::Array(list));
            notes.push(Note::new(
                "anthropic-stop-sequences",
                crate::msg!(
                    "note.anthropic-stop-sequences",
                    "stop was sent as stop_sequences. {fact}",
                    fact = fact_text("stop-sequence")
                )
                .with_part("fact", fact_msg("stop-sequence")),
            ));
        }
    }

    // Everything else: refused fields, fields without a counterpart, and the rest as given.
    let unsupported = fact_values("unsupported-fields");
    for (k, v) in rest {
        if let Some(finding) = not_carried_field(&k) {
            if !v.is_null() {
                lint.push(finding);
            }
        } else if unsupported.contains(&k.as_str()) {
            lint.push(field_not_carried(
                &k,
                crate::msg!(
                    "finding.anthropic-not-carried.why.unsupported-field",
                    "Model Studio's Anthropic endpoint does not support it."
                ),
            ));
        } else {
            notes.push(Note::new(
                "anthropic-field-as-given",
                crate::msg!(
                    "note.anthropic-field-as-given",
                    "{field} was sent as given; the Anthropic endpoint's field table does not list it.",
                    field = k
                ),
            ));
            body.insert(k, v);
        }
    }
    Translated { base, url, headers, body: Value::Object(body) }
}

fn compact(v: &Value, max: usize) -> String {
    let s = v.to_string();
    if s.chars().count() <= max {
        s
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

/// `{type: function, function: {name, description, parameters}}` → `{name, description,
/// input_schema}`; a tool already in Messages form passes.
fn tool(t: &Value) -> Option<Value> {
    if t.get("input_schema").is_some() && t.get("name").is_some() {
        return Some(t.clone());
    }
    let f = t.get("function")?;
    let name = f.get("name")?.clone();
    let mut o = Map::new();
    o.insert("name".into(), name);
    if let Some(d) = f.get("description") {
        o.insert("description".into(), d.clone());
    }
    o.insert(
        "input_schema".into(),
        f.get("parameters").cloned().unwrap_or_else(|| json!({"type": "object", "properties": {}})),
    );
    Some(Value::Object(o))
}

fn tool_choice(tc: &Value) -> Option<Value> {
    match tc {
        Value::String(s) => match s.as_str() {
            "auto" => Some(json!({"type": "auto"})),
            "none" => Some(json!({"type": "none"})),
            "required" | "any" => Some(json!({"type": "any"})),
            _ => None,
        },
        Value::Object(o) => {
            if let Some(name) = o.get("function").and_then(|f| f.get("name")) {
                return Some(json!({"type": "tool", "name": name}));
            }
            let kind = o.get("type").and_then(Value::as_str)?;
            fact_values("tool-choice").contains(&kind).then(|| tc.clone())
        }
        _ => None,
    }
}

/// Messages: system text to the top level, tool results to user turns, tool calls to
/// `tool_use` blocks, image parts to image blocks; earlier reasoning is not sent back.
fn messages(
    msgs: &[Value],
    notes: &mut Vec<Note>,
    lint: &mut Vec<Finding>,
) -> (Option<Value>, Vec<Value>) {
    let mut system: Vec<String> = Vec::new();
    let mut out: Vec<Value> = Vec::new();
    let mut moved_late_system = false;
    let mut dropped_reasoning = false;
    for (i, m) in msgs.iter().enumerate() {
        let role = m.get("role").and_then(Value::as_str).unwrap_or("");
        match role {
            "system" | "developer" => {
                if !out.is_empty() {
                    moved_late_system = true;
                }
                system.push(super::messages::text(m));
            }
            "tool" => {
                let id = m.get("tool_call_id").cloned().unwrap_or(Value::Null);
                let mut block = Map::new();
                block.insert("type".into(), "tool_result".into());
                block.insert("tool_use_id".into(), id);
                block.insert("content".into(), result_content(m.get("content"), i, lint));
                push_blocks(&mut out, "user", vec![Value::Object(block)]);
            }
            "assistant" => {
                let mut blocks = Vec::new();
                if m.get("reasoning_content").is_some() || m.get("reasoning").is_some() {
                    dropped_reasoning = true;
                }
                blocks.extend(content_blocks(m.get("content"), i, &mut dropped_reasoning, lint));
                if let Some(Value::Array(calls)) = m.get("tool_calls") {
                    for c in calls {
                        blocks.push(tool_use(c, i, lint));
                    }
                }
                if blocks.is_empty() {
                    blocks.push(json!({"type": "text", "text": ""}));
                }
                push_blocks(&mut out, "assistant", blocks);
            }
            "user" => {
                let blocks = content_blocks(m.get("content"), i, &mut dropped_reasoning, lint);
                push_blocks(&mut out, "user", blocks);
            }
            other => lint.push(not_carried(crate::msg!(
                "finding.anthropic-not-carried.message.role",
                "messages[{i}] with role {role} is not sent on the Anthropic dialect: Messages has user and assistant turns and a top-level system.",
                i = i,
                role = format!("{other:?}")
            ))),
        }
    }
    if moved_late_system {
        notes.push(Note::new(
            "anthropic-system-moved",
            crate::msg!(
                "note.anthropic-system-moved",
                "A system message after the first turn was moved to the top-level system text: {fact}",
                fact = fact_text("system")
            )
.with_part("fact", fact_msg("system")),
        ));
    }
    if dropped_reasoning {
        notes.push(Note::new(
            "anthropic-reasoning-not-sent",
            crate::msg!(
                "note.anthropic-reasoning-not-sent",
                "Reasoning from earlier turns was not sent: {fact}",
                fact = fact_text("thinking-history")
            )
            .with_part("fact", fact_msg("thinking-history")),
        ));
    }
    // A single-text user turn is sent as a plain string, as the official examples do.
    for m in &mut out {
        if let Some(content) = m.get_mut("content") {
            let plain = content.as_array().and_then(|a| match a.as_slice() {
                [only] if only.get("type").and_then(Value::as_str) == Some("text") => {
                    only.get("text").cloned()
                }
                _ => None,
            });
            if let Some(t) = plain {
                *content = t;
            }
        }
    }
    let system = match system.len() {
        0 => None,
        _ => Some(Value::String(system.join("\n\n"))),
    };
    (system, out)
}

/// Append blocks to the last turn when it has the same role (Messages merges them anyway, and
/// consecutive tool results belong in one user turn), else start a turn.
fn push_blocks(out: &mut Vec<Value>, role: &str, blocks: Vec<Value>) {
    if let Some(last) = out.last_mut() {
        if last.get("role").and_then(Value::as_str) == Some(role) {
            if let Some(Value::Array(c)) = last.get_mut("content") {
                c.extend(blocks);
                return;
            }
        }
    }
    out.push(json!({"role": role, "content": blocks}));
}

fn result_content(content: Option<&Value>, i: usize, lint: &mut Vec<Finding>) -> Value {
    match content {
        Some(Value::String(s)) => Value::String(s.clone()),
        Some(Value::Array(parts)) => {
            let mut dropped = false;
            Value::Array(parts.iter().filter_map(|p| block(p, i, &mut dropped, lint)).collect())
        }
        Some(Value::Null) | None => Value::String(String::new()),
        Some(other) => Value::String(other.to_string()),
    }
}

fn content_blocks(
    content: Option<&Value>,
    i: usize,
    dropped_reasoning: &mut bool,
    lint: &mut Vec<Finding>,
) -> Vec<Value> {
    match content {
        Some(Value::String(s)) if s.is_empty() => Vec::new(),
        Some(Value::String(s)) => vec![json!({"type": "text", "text": s})],
        Some(Value::Array(parts)) => {
            parts.iter().filter_map(|p| block(p, i, dropped_reasoning, lint)).collect()
        }
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![json!({"type": "text", "text": other.to_string()})],
    }
}

/// One OpenAI content part (or a Messages block given as is) → a Messages block.
fn block(
    p: &Value,
    i: usize,
    dropped_reasoning: &mut bool,
    lint: &mut Vec<Finding>,
) -> Option<Value> {
    let kind = p.get("type").and_then(Value::as_str).unwrap_or("");
    match kind {
        "text" => Some(json!({"type": "text", "text": p.get("text").cloned().unwrap_or_default()})),
        "image_url" | "video_url" => {
            let url = p
                .get(kind)
                .and_then(|u| u.get("url").or(Some(u)))
                .and_then(Value::as_str)
                .unwrap_or("");
            let target = if kind == "image_url" { "image" } else { "video" };
            Some(media_block(target, url))
        }
        "thinking" | "redacted_thinking" => {
            *dropped_reasoning = true;
            None
        }
        "image" | "video" | "tool_use" | "tool_result" => {
            let mut b = p.clone();
            if kind == "tool_result" {
                if let Some(o) = b.as_object_mut() {
                    if o.shift_remove("is_error").is_some() {
                        lint.push(not_carried(crate::msg!(
                            "finding.anthropic-not-carried.message.tool-result-is-error",
                            "messages[{i}] tool_result is_error is not sent on the Anthropic dialect: {fact}.",
                            i = i,
                            fact = fact_text("tool-result-is-error").trim_end_matches('.')
                        )
.with_part("fact", fact_msg("tool-result-is-error"))));
                    }
                }
            }
            Some(b)
        }
        k if fact_values("unsupported-blocks").contains(&k) => {
            lint.push(not_carried(crate::msg!(
                "finding.anthropic-not-carried.message.unsupported-block",
                "messages[{i}] {block} block is not sent on the Anthropic dialect: Model Studio's Anthropic endpoint does not support it.",
                i = i,
                block = k
            )));
            None
        }
        "input_audio" => {
            lint.push(not_carried(crate::msg!(
                "finding.anthropic-not-carried.message.input-audio",
                "messages[{i}] input_audio part is not sent on the Anthropic dialect: Messages has no audio input.",
                i = i
            )));
            None
        }
        other => {
            lint.push(not_carried(crate::msg!(
                "finding.anthropic-not-carried.message.content-part",
                "messages[{i}] content part of type {kind} is not sent on the Anthropic dialect: it has no Messages form.",
                i = i,
                kind = format!("{other:?}")
            )));
            None
        }
    }
}

/// An image or video URL → a block: `data:` URLs become base64 sources (fact image-sources).
fn media_block(kind: &str, url: &str) -> Value {
    if let Some(rest) = url.strip_prefix("data:") {
        if let Some((meta, data)) = rest.split_once(',') {
            let media_type = meta.trim_end_matches(";base64");
            return json!({"type": kind, "source": {"type": "base64", "media_type": media_type, "data": data}});
        }
    }
    json!({"type": kind, "source": {"type": "url", "url": url}})
}

fn tool_use(call: &Value, i: usize, lint: &mut Vec<Finding>) -> Value {
    let f = call.get("function");
    let name = f.and_then(|f| f.get("name")).cloned().unwrap_or(Value::Null);
    let args = f.and_then(|f| f.get("arguments"));
    let input = match args {
        Some(Value::String(s)) if s.trim().is_empty() => json!({}),
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                lint.push(
                    Finding::new(
                        "anthropic-tool-arguments-invalid",
                        Severity::Error,
                        crate::msg!(
                            "finding.anthropic-tool-arguments-invalid.message",
                            "messages[{i}] tool call {name} has arguments that are not a JSON object; Messages carries tool input as an object.",
                            i = i,
                            name = name
                        ),
                    )
                    .fix(crate::msg!(
                        "finding.anthropic-tool-arguments-invalid.fix",
                        "Fix the tool call's arguments, or send this conversation with --dialect openai."
                    )),
                );
                json!({})
            }
        },
        Some(v @ Value::Object(_)) => v.clone(),
        _ => json!({}),
    };
    json!({"type": "tool_use", "id": call.get("id").cloned().unwrap_or(Value::Null), "name": name, "input": input})
}
