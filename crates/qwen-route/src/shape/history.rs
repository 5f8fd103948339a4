//! Reasoning from earlier turns, per server: sent in the field the server reads, only where it
//! reads it, and dropped where it ignores or refuses it. Each case says why, with its source,
//! in a note.
//!
//! - DashScope: earlier reasoning is not needed ("无需添加reasoning_content字段",
//!   https://help.aliyun.com/zh/model-studio/deep-thinking) and is dropped server-side, except on
//!   the models that read it back with `preserve_thinking` (qwen3.6-plus, qwen3.6-max-preview,
//!   the qwen3.7 and qwen3.8 families: https://docs.qwencloud.com/developer-guides/text-generation/thinking#preserve-thinking-in-multi-turn;
//!   QwenLM/qwen-code PR #5637). In a tool loop the function-calling guide asks for the
//!   assistant's `reasoning_content` with the tool results, so the current loop keeps it.
//! - vLLM, SGLang, llama.cpp, LiteLLM, Ollama: Qwen3's chat template renders reasoning only for
//!   assistant turns after the last user query (Qwen/Qwen3-8B tokenizer_config.json); earlier
//!   reasoning never reaches the model. vLLM 0.20+ reads the field `reasoning`, not
//!   `reasoning_content` (vllm-project/vllm#38488), and Ollama's `/v1` reads `reasoning`
//!   (ollama/ollama openai/openai.go).
//! - Plain OpenAI-compatible servers may refuse the field outright (Cerebras: "property
//!   'messages.2.assistant.reasoning_content' is unsupported", Kilo-Org/kilocode#10375).

use serde_json::Value;

use crate::catalog::{Dialect, Model};
use crate::lint::Note;
use crate::msg::Msg;

/// Models that read earlier reasoning back (`preserve_thinking` in `catalog/models.toml`).
fn preserves_thinking(model: Option<&Model>) -> bool {
    model.is_some_and(|m| m.preserve_thinking)
}

/// Why a server gets history reasoning the way it does (each has its own sentence in the note).
#[derive(Clone, Copy)]
enum Why {
    /// DashScope, a model that reads earlier reasoning back (`preserve_thinking`).
    Preserved,
    /// DashScope: earlier reasoning is not needed; the current tool loop keeps it.
    Dashscope,
    /// vLLM 0.20+, LiteLLM, Ollama: the field is `reasoning`.
    ReasoningField,
    /// SGLang, llama.cpp: Qwen3's chat template reads `reasoning_content`.
    ChatTemplate,
    /// Plain OpenAI-compatible servers may refuse the field.
    Openai,
}

/// What to do with one server's history reasoning: the field to keep it in (`None`: drop),
/// and whether turns before the last user message keep it too.
struct Policy {
    field: Option<&'static str>,
    earlier_turns: bool,
    why: Why,
}

fn policy(dialect: Dialect, model: Option<&Model>) -> Policy {
    match dialect {
        Dialect::Dashscope if preserves_thinking(model) => {
            Policy { field: Some("reasoning_content"), earlier_turns: true, why: Why::Preserved }
        }
        Dialect::Dashscope => {
            Policy { field: Some("reasoning_content"), earlier_turns: false, why: Why::Dashscope }
        }
        Dialect::Vllm | Dialect::Litellm | Dialect::Ollama => {
            Policy { field: Some("reasoning"), earlier_turns: false, why: Why::ReasoningField }
        }
        Dialect::Sglang | Dialect::LlamaCpp => Policy {
            field: Some("reasoning_content"),
            earlier_turns: false,
            why: Why::ChatTemplate,
        },
        Dialect::Openai => Policy { field: None, earlier_turns: false, why: Why::Openai },
    }
}

/// The note: what happened to how many turns' reasoning (`dropped`, `kept`, and `renamed` into
/// `field`), and why. The counts and the reason are sentences of their own (parts), so each is
/// written once and shown in another language as a whole; at least one count is above zero.
fn note_text(why: Why, field: &str, dropped: usize, kept: usize, renamed: usize) -> Msg {
    let counts = counts_text(field, dropped, kept, renamed);
    let reason = why_text(why);
    crate::msg!(
        "note.history-reasoning",
        "Reasoning in history: {counts}. Why: {why}",
        counts = counts.as_str(),
        why = reason.as_str()
    )
    .with_part("counts", counts)
    .with_part("why", reason)
}

/// How many turns' reasoning was dropped, kept, and sent under `field`.
fn counts_text(field: &str, dropped: usize, kept: usize, renamed: usize) -> Msg {
    match (dropped > 0, kept > 0, renamed > 0) {
        (true, false, false) => crate::msg!(
            "note.history-reasoning.counts.dropped",
            "{dropped} earlier turn(s)' reasoning not sent",
            dropped = dropped
        ),
        (true, true, false) => crate::msg!(
            "note.history-reasoning.counts.dropped-kept",
            "{dropped} earlier turn(s)' reasoning not sent, {kept} kept",
            dropped = dropped,
            kept = kept
        ),
        (true, false, true) => crate::msg!(
            "note.history-reasoning.counts.dropped-renamed",
            "{dropped} earlier turn(s)' reasoning not sent, {renamed} sent as {field}",
            dropped = dropped,
            renamed = renamed,
            field = field
        ),
        (true, true, true) => crate::msg!(
            "note.history-reasoning.counts.dropped-kept-renamed",
            "{dropped} earlier turn(s)' reasoning not sent, {kept} kept, {renamed} sent as {field}",
            dropped = dropped,
            kept = kept,
            renamed = renamed,
            field = field
        ),
        (false, true, false) => {
            crate::msg!("note.history-reasoning.counts.kept", "{kept} kept", kept = kept)
        }
        (false, true, true) => crate::msg!(
            "note.history-reasoning.counts.kept-renamed",
            "{kept} kept, {renamed} sent as {field}",
            kept = kept,
            renamed = renamed,
            field = field
        ),
        (false, false, _) => crate::msg!(
            "note.history-reasoning.counts.renamed",
            "{renamed} sent as {field}",
            renamed = renamed,
            field = field
        ),
    }
}

/// Why the server gets its history reasoning this way, with the source.
fn why_text(why: Why) -> Msg {
    match why {
        Why::Preserved => crate::msg!(
            "note.history-reasoning.why.preserved",
            "kept: this model reads earlier reasoning back when preserve_thinking is on (docs.qwencloud.com thinking guide, preserve-thinking-in-multi-turn)."
        ),
        Why::Dashscope => crate::msg!(
            "note.history-reasoning.why.dashscope",
            "DashScope needs no earlier reasoning and drops it server-side (help.aliyun.com/zh/model-studio/deep-thinking); the current tool loop keeps it, as the function-calling guide asks."
        ),
        Why::ReasoningField => crate::msg!(
            "note.history-reasoning.why.reasoning-field",
            "the server reads the field reasoning (vLLM 0.20+, vllm-project/vllm#38488; Ollama /v1), and Qwen3's chat template shows reasoning only after the last user message."
        ),
        Why::ChatTemplate => crate::msg!(
            "note.history-reasoning.why.chat-template",
            "Qwen3's chat template reads reasoning_content and shows it only after the last user message (Qwen/Qwen3-8B tokenizer_config.json)."
        ),
        Why::Openai => crate::msg!(
            "note.history-reasoning.why.openai",
            "plain OpenAI-compatible servers may refuse the field (\"reasoning_content is unsupported\", Kilo-Org/kilocode#10375)."
        ),
    }
}

/// Rewrite assistant turns' reasoning for the server, with one note saying what happened.
///
/// ```
/// use qwen_route::shape::{shape, ShapeRequest};
/// let mut r = ShapeRequest::new("vllm", "Qwen/Qwen3-8B");
/// r.payload = serde_json::json!({"messages": [
///     {"role": "user", "content": "a"},
///     {"role": "assistant", "content": "b", "reasoning_content": "old thoughts"},
///     {"role": "user", "content": "c"}
/// ]}).as_object().unwrap().clone();
/// let out = shape(&r).unwrap();
/// assert!(out.request.body["messages"][1].get("reasoning_content").is_none());
/// assert!(out.notes.iter().any(|n| n.code == "history-reasoning"));
/// ```
pub(crate) fn reasoning(
    msgs: &mut [Value],
    dialect: Dialect,
    model: Option<&Model>,
    notes: &mut Vec<Note>,
) {
    let last_user =
        msgs.iter().rposition(|m| m.get("role").and_then(Value::as_str) == Some("user"));
    let p = policy(dialect, model);
    let (mut kept, mut renamed, mut dropped) = (0, 0, 0);
    for (i, m) in msgs.iter_mut().enumerate() {
        if m.get("role").and_then(Value::as_str) != Some("assistant") {
            continue;
        }
        let Some(o) = m.as_object_mut() else { continue };
        let (from, text) = match (o.shift_remove("reasoning_content"), o.shift_remove("reasoning"))
        {
            (Some(t), _) => ("reasoning_content", t),
            (None, Some(t)) => ("reasoning", t),
            (None, None) => continue,
        };
        let current = last_user.is_none_or(|u| i > u);
        match p.field {
            Some(field) if current || p.earlier_turns => {
                if field == from {
                    kept += 1;
                } else {
                    renamed += 1;
                }
                o.insert(field.to_string(), text);
            }
            _ => dropped += 1,
        }
    }
    if kept + renamed + dropped == 0 {
        return;
    }
    notes.push(Note::new(
        "history-reasoning",
        note_text(p.why, p.field.unwrap_or("reasoning_content"), dropped, kept, renamed),
    ));
}
