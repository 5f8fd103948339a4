//! Server-misconfiguration detectors: symptoms in an assembled answer that point at a missing
//! server flag rather than at the model.

use serde::Serialize;

use crate::catalog::{self, Model, ReasoningFormat, Surface, ToolFormat};
use crate::msg::Msg;

use super::Assembled;

/// One detected symptom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// Stable code.
    pub code: &'static str,
    /// What was seen.
    pub title: Msg,
    /// A short excerpt of the evidence.
    pub evidence: String,
    /// The server setting to change (for this surface).
    pub fix: Msg,
}

fn excerpt(text: &str, at: usize) -> String {
    let start = text[..at].char_indices().rev().nth(20).map_or(0, |(i, _)| i);
    let s: String = text[start..].chars().take(80).collect();
    s.replace('\n', "⏎")
}

/// The catalog row of the answering model on this surface's family.
fn model_row(s: Option<&Surface>, model: Option<&str>) -> Option<&'static Model> {
    let id = catalog::resolve_reference(model?).id;
    let family = s.map(|s| s.family);
    catalog::models()
        .iter()
        .find(|m| m.id == id && family.is_none_or(|f| m.served_on(f)))
        .or_else(|| catalog::model(id))
}

/// The surface's flag for the model's reasoning format (`catalog/surfaces.toml`).
pub(crate) fn reasoning_parser_fix(s: Option<&Surface>, model: Option<&str>) -> Msg {
    let format =
        model_row(s, model).and_then(|m| m.reasoning_format).unwrap_or(ReasoningFormat::Qwen3);
    match s.and_then(|s| s.reasoning_parser_flag(format).map(|f| (s, f))) {
        Some((s, flag)) => crate::msg!(
            "detect.reasoning-parser.fix.flag",
            "Start {surface} with {flag}, so reasoning arrives in its own field.",
            surface = s.short_name(),
            flag = flag
        ),
        None => crate::msg!(
            "detect.reasoning-parser.fix.no-flag",
            "The server needs a reasoning parser for this model (see `qwen-route catalog --surface vllm`, `sglang` or `llama-cpp` for the flags)."
        ),
    }
}

/// The surface's flag for a tool-call format (`catalog/surfaces.toml`).
pub(crate) fn tool_parser_fix(s: Option<&Surface>, format: ToolFormat) -> Msg {
    match s.and_then(|s| s.tool_parser_flag(format).map(|f| (s, f))) {
        Some((s, flag)) => crate::msg!(
            "detect.tool-parser.fix.flag",
            "Start {surface} with {flag}, so tool calls arrive in `tool_calls`.",
            surface = s.short_name(),
            flag = flag
        ),
        None => crate::msg!(
            "detect.tool-parser.fix.no-flag",
            "The server needs a tool-call parser for this model (see `qwen-route catalog --surface vllm`, `sglang` or `llama-cpp` for the flags)."
        ),
    }
}

/// Find the first JSON object or array inside a text.
fn embedded_json(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(['{', '[']).map(|i| i + from) {
        let mut de =
            serde_json::Deserializer::from_str(&text[i..]).into_iter::<serde_json::Value>();
        if let Some(Ok(v)) = de.next() {
            if v.is_object() || (v.is_array() && !v.as_array().is_some_and(Vec::is_empty)) {
                return Some(i);
            }
        }
        from = i + 1;
    }
    None
}

pub(crate) fn run(a: &Assembled, surface: Option<&Surface>, expect_json: bool) -> Vec<Detection> {
    let mut out = Vec::new();
    let model = a.model.as_deref();
    for c in &a.choices {
        let content = c.content.as_str();
        if let Some(i) = content.find("<think>").or_else(|| content.find("</think>")) {
            out.push(Detection {
                code: "think-in-content",
                title: crate::msg!(
                    "detect.think-in-content.title",
                    "Thinking text landed in the answer"
                ),
                evidence: excerpt(content, i),
                fix: reasoning_parser_fix(surface, model),
            });
        }
        if let Some(i) = content.find("<function=") {
            if content.contains("<parameter=") || content.contains("</function>") {
                out.push(Detection {
                    code: "coder-xml-tool-call",
                    title: crate::msg!(
                        "detect.coder-xml-tool-call.title",
                        "A Qwen3-Coder XML tool call landed in the answer"
                    ),
                    evidence: excerpt(content, i),
                    fix: tool_parser_fix(surface, ToolFormat::Qwen3Coder),
                });
            }
        } else if let Some(i) = content.find("<tool_call>") {
            out.push(Detection {
                code: "hermes-tool-call-text",
                title: crate::msg!(
                    "detect.hermes-tool-call-text.title",
                    "A tool call came back as <tool_call> text"
                ),
                evidence: excerpt(content, i),
                fix: tool_parser_fix(surface, ToolFormat::Hermes),
            });
        }
        if expect_json && serde_json::from_str::<serde_json::Value>(content.trim()).is_err() {
            if let Some(i) = embedded_json(&c.reasoning) {
                out.push(Detection {
                    code: "json-in-reasoning",
                    title: crate::msg!(
                        "detect.json-in-reasoning.title",
                        "The JSON answer landed in the reasoning field"
                    ),
                    evidence: excerpt(&c.reasoning, i),
                    fix: crate::msg!(
                        "detect.json-in-reasoning.fix",
                        "Switch thinking off for JSON output (the server routed the constrained JSON into reasoning, vLLM #50948); or read it from the reasoning field."
                    ),
                });
            }
        }
        if c.finish_reason.as_deref() == Some("length")
            && content.trim().is_empty()
            && !c.reasoning.is_empty()
        {
            out.push(Detection {
                code: "thinking-used-max-tokens",
                title: crate::msg!(
                    "detect.thinking-used-max-tokens.title",
                    "Thinking used the whole max_tokens budget"
                ),
                evidence: format!("finish_reason length after {} characters of reasoning and no answer", c.reasoning.chars().count()),
                fix: crate::msg!(
                    "detect.thinking-used-max-tokens.fix",
                    "Raise max_tokens, or lower the thinking budget (thinking_budget / --thinking low)."
                ),
            });
        }
    }
    out
}
