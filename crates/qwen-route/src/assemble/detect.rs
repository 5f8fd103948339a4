//! Server-misconfiguration detectors: symptoms in an assembled answer that point at a missing
//! server flag rather than at the model.

use serde::Serialize;

use crate::catalog::{Surface, SurfaceFamily};

use super::Assembled;

/// One detected symptom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// Stable code.
    pub code: &'static str,
    /// What was seen.
    pub title: &'static str,
    /// A short excerpt of the evidence.
    pub evidence: String,
    /// The server setting to change (for this surface).
    pub fix: String,
}

fn excerpt(text: &str, at: usize) -> String {
    let start = text[..at].char_indices().rev().nth(20).map_or(0, |(i, _)| i);
    let s: String = text[start..].chars().take(80).collect();
    s.replace('\n', "⏎")
}

fn reasoning_parser_fix(s: Option<&Surface>, model: Option<&str>) -> String {
    let parser = match model {
        Some(m) if m.contains("QwQ") || m.contains("VL") => "deepseek_r1",
        _ => "qwen3",
    };
    match s.map(|s| s.family) {
        Some(SurfaceFamily::Vllm) => format!("Start vLLM with --reasoning-parser {parser} so thinking goes to the `reasoning` field."),
        Some(SurfaceFamily::Sglang) => format!("Start SGLang with --reasoning-parser {parser} (qwen3-thinking for Thinking-2507 models)."),
        Some(SurfaceFamily::LlamaCpp) => "Start llama-server with --jinja --reasoning-format deepseek (or auto).".into(),
        Some(SurfaceFamily::Ollama) => "Update Ollama and use the model's official tag; Ollama separates thinking itself when the template supports it.".into(),
        _ => format!("The server needs a reasoning parser (vLLM/SGLang: --reasoning-parser {parser}; llama.cpp: --reasoning-format deepseek)."),
    }
}

fn tool_parser_fix(s: Option<&Surface>, coder: bool) -> String {
    match (s.map(|s| s.family), coder) {
        (Some(SurfaceFamily::Vllm), true) => "Start vLLM with --enable-auto-tool-choice --tool-call-parser qwen3_coder.".into(),
        (Some(SurfaceFamily::Vllm), false) => "Start vLLM with --enable-auto-tool-choice --tool-call-parser hermes.".into(),
        (Some(SurfaceFamily::Sglang), true) => "Start SGLang with --tool-call-parser qwen3_coder.".into(),
        (Some(SurfaceFamily::Sglang), false) => "Start SGLang with --tool-call-parser qwen25.".into(),
        (Some(SurfaceFamily::LlamaCpp), _) => "Start llama-server with --jinja (it parses Qwen tool calls only with the model's chat template).".into(),
        (_, true) => "The server needs the qwen3_coder tool-call parser (vLLM/SGLang: --tool-call-parser qwen3_coder).".into(),
        (_, false) => "The server needs a tool-call parser (vLLM: --enable-auto-tool-choice --tool-call-parser hermes; SGLang: --tool-call-parser qwen25).".into(),
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
                title: "Thinking text landed in the answer",
                evidence: excerpt(content, i),
                fix: reasoning_parser_fix(surface, model),
            });
        }
        if let Some(i) = content.find("<function=") {
            if content.contains("<parameter=") || content.contains("</function>") {
                out.push(Detection {
                    code: "coder-xml-tool-call",
                    title: "A Qwen3-Coder XML tool call landed in the answer",
                    evidence: excerpt(content, i),
                    fix: tool_parser_fix(surface, true),
                });
            }
        } else if let Some(i) = content.find("<tool_call>") {
            out.push(Detection {
                code: "hermes-tool-call-text",
                title: "A tool call came back as <tool_call> text",
                evidence: excerpt(content, i),
                fix: tool_parser_fix(surface, false),
            });
        }
        if expect_json && serde_json::from_str::<serde_json::Value>(content.trim()).is_err() {
            if let Some(i) = embedded_json(&c.reasoning) {
                out.push(Detection {
                    code: "json-in-reasoning",
                    title: "The JSON answer landed in the reasoning field",
                    evidence: excerpt(&c.reasoning, i),
                    fix: "Switch thinking off for JSON output (the server routed the constrained JSON into reasoning, vLLM #50948); or read it from the reasoning field.".into(),
                });
            }
        }
        if c.finish_reason.as_deref() == Some("length")
            && content.trim().is_empty()
            && !c.reasoning.is_empty()
        {
            out.push(Detection {
                code: "thinking-used-max-tokens",
                title: "Thinking used the whole max_tokens budget",
                evidence: format!("finish_reason length after {} characters of reasoning and no answer", c.reasoning.chars().count()),
                fix: "Raise max_tokens, or lower the thinking budget (thinking_budget / --thinking low).".into(),
            });
        }
    }
    out
}
