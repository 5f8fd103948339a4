//! One thinking control, decided against the model's class and the request's other needs,
//! then compiled into the surface's dialect.
//!
//! Decision order (each step may change the outcome of the next, and says so):
//! 1. streaming-only models are streamed;
//! 2. the model's thinking class bounds what is possible (none: never sent; only: never `false`);
//! 3. JSON mode turns implicit thinking off (DashScope refuses JSON mode with thinking);
//! 4. a forced `tool_choice` turns implicit thinking off, or is downgraded to `auto`;
//! 5. on DashScope, thinking with a non-streaming call is turned into a stream when thinking was
//!    asked for, and switched off when it was only the model's default;
//! 6. buffered tool mode sends tools non-streaming where that is still allowed.

use serde_json::{Map, Value};

use crate::catalog::{Dialect, Model, ThinkingClass, ThinkingControl};
use crate::lint::{Finding, Note, Patch, Severity};
use crate::vocab::{ThinkingSetting, ToolStreamMode};

/// The effort words DashScope accepts (`minimal` is OpenAI's and is refused).
pub(crate) const DASHSCOPE_EFFORTS: &[&str] =
    &["none", "minimum", "low", "medium", "high", "xhigh"];
/// The effort words Ollama's `/v1` accepts.
pub(crate) const OLLAMA_EFFORTS: &[&str] = &["none", "low", "medium", "high"];

/// What the caller asked for, and where it came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Requested {
    /// The setting, if any was given.
    pub setting: Option<ThinkingSetting>,
    /// A literal effort word from the payload, kept for reasoning-effort models (`xhigh`).
    pub effort: Option<String>,
}

/// Inputs of the decision.
pub(crate) struct Ctx<'a> {
    pub dialect: Dialect,
    pub model: Option<&'a Model>,
    pub requested: Requested,
    pub stream: Option<bool>,
    pub json_mode: bool,
    pub forced_tool: bool,
    pub tools: bool,
    pub tool_stream: ToolStreamMode,
}

/// The outcome: whether the model thinks, what goes on the wire, and how to stream.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    /// Whether the model will think (`None`: unknown, left to the server).
    pub on: Option<bool>,
    /// The explicit level to compile, when one was asked for.
    pub level: Option<ThinkingSetting>,
    /// Whether to write thinking fields at all.
    pub send: bool,
    /// Final `stream` value.
    pub stream: bool,
    /// Rewrite a forced `tool_choice` to `auto`.
    pub downgrade_tool_choice: bool,
    /// The request was made non-streaming so the assembler can replay tool calls as frames.
    pub buffered: bool,
    /// The literal effort word to send, when valid.
    pub effort: Option<String>,
}

pub(crate) fn decide(
    ctx: &Ctx<'_>,
    notes: &mut Vec<Note>,
    findings: &mut Vec<Finding>,
) -> Decision {
    let class = ctx.model.map(|m| m.thinking);
    let model_id = ctx.model.map_or("this model", |m| m.id);
    let streaming_only = ctx.model.is_some_and(|m| m.streaming_only);
    let requested = ctx.requested.setting;
    let explicit = requested.is_some();
    let stream_explicit = ctx.stream.is_some();
    let mut stream = ctx.stream.unwrap_or(false);
    let dashscope = ctx.dialect == Dialect::Dashscope;

    // 1. Streaming-only models.
    if streaming_only && !stream {
        if stream_explicit {
            findings.push(
                Finding::new(
                    "streaming-only-model",
                    Severity::Error,
                    format!(
                        "{model_id} only answers streaming calls; this request sets stream=false."
                    ),
                )
                .prevents("streaming-only")
                .fix("Send with stream=true.")
                .patch(Patch::SetStream { stream: true }),
            );
        } else {
            stream = true;
            notes.push(Note::new(
                "stream-forced-streaming-only",
                format!("Streaming switched on: {model_id} is streaming-only."),
            ));
        }
    }

    // 2. What the class allows.
    let hybrid = class.is_none_or(ThinkingClass::is_hybrid);
    let (mut on, mut send) = match class {
        Some(ThinkingClass::None) => {
            if requested.is_some_and(ThinkingSetting::is_on) {
                findings.push(
                    Finding::new(
                        "thinking-unsupported",
                        Severity::Warning,
                        format!(
                            "{model_id} has no thinking mode; the thinking control is not sent."
                        ),
                    )
                    .prevents("param-unsupported")
                    .fix("Pick a hybrid or thinking model, or leave thinking off.")
                    .patch(Patch::SetThinking { thinking: ThinkingSetting::Off }),
                );
            }
            (Some(false), false)
        }
        Some(ThinkingClass::Only) => {
            if requested == Some(ThinkingSetting::Off) {
                findings.push(
                    Finding::new(
                        "thinking-off-on-thinking-only",
                        Severity::Warning,
                        format!("{model_id} always thinks; `false` is never sent, so it will think anyway."),
                    )
                    .prevents("thinking-restricted-true")
                    .fix("Use a hybrid model (or an -instruct edition) when you need thinking off.")
                    .patch(Patch::SetThinking { thinking: ThinkingSetting::Medium }),
                );
            }
            (Some(true), requested.is_some_and(ThinkingSetting::is_on))
        }
        Some(c) => match requested {
            Some(r) => (Some(r.is_on()), true),
            None => (Some(c.thinks_by_default()), dashscope),
        },
        None => match requested {
            Some(r) => (Some(r.is_on()), true),
            None => (None, false),
        },
    };
    let mut level = requested.filter(|r| r.is_on());

    // 3. JSON mode.
    if ctx.json_mode && on == Some(true) {
        if hybrid && !explicit {
            on = Some(false);
            send = true;
            level = None;
            notes.push(Note::new(
                "thinking-off-for-json",
                format!("Thinking switched off for JSON output ({model_id} thinks by default; JSON mode needs non-thinking mode)."),
            ));
        } else if dashscope {
            findings.push(
                Finding::new(
                    "json-mode-with-thinking",
                    Severity::Error,
                    format!("JSON output with thinking on is refused by DashScope ({model_id})."),
                )
                .prevents("json-mode-thinking")
                .fix(if hybrid {
                    "Switch thinking off, or reason first and normalise to JSON in a second, non-thinking pass."
                } else {
                    "This model always thinks: route the JSON step to a hybrid model with thinking off (two-pass)."
                })
                .patch(Patch::SetThinking { thinking: ThinkingSetting::Off }),
            );
        } else if ctx.dialect == Dialect::Ollama {
            findings.push(
                Finding::new(
                    "json-mode-with-thinking",
                    Severity::Warning,
                    "On Ollama, JSON output interferes with thinking (thinking dropped or malformed JSON).",
                )
                .fix("Switch thinking off for JSON output.")
                .patch(Patch::SetThinking { thinking: ThinkingSetting::Off }),
            );
        } else {
            notes.push(Note::new(
                "json-with-thinking",
                "JSON output with thinking on: some servers disable thinking for structured output, and the JSON can land in the reasoning field.",
            ));
        }
    }

    // 4. Forced tool choice in thinking mode (DashScope).
    let mut downgrade = false;
    if ctx.forced_tool && on == Some(true) && dashscope {
        if hybrid && !explicit {
            on = Some(false);
            send = true;
            level = None;
            notes.push(Note::new(
                "thinking-off-for-tool-choice",
                "Thinking switched off: a forced tool_choice is refused in thinking mode.",
            ));
        } else {
            downgrade = true;
            let mut f = Finding::new(
                "tool-choice-in-thinking",
                Severity::Warning,
                "tool_choice \"required\"/object is refused in thinking mode; it was downgraded to \"auto\".",
            )
            .prevents("tool-choice-thinking")
            .fix(if hybrid {
                "Switch thinking off if the tool call must be forced."
            } else {
                "This model always thinks: the model decides whether to call the tool."
            });
            if hybrid {
                f = f.patch(Patch::SetThinking { thinking: ThinkingSetting::Off });
            }
            findings.push(f);
        }
    }

    // 5. Thinking with a non-streaming call (DashScope refuses it).
    if dashscope && on == Some(true) && !stream && hybrid {
        if !explicit {
            on = Some(false);
            send = true;
            notes.push(Note::new(
                "thinking-off-for-non-streaming",
                format!("Thinking switched off: {model_id} thinks by default, and DashScope refuses thinking on non-streaming calls."),
            ));
        } else if stream_explicit {
            findings.push(
                Finding::new(
                    "thinking-on-non-streaming",
                    Severity::Error,
                    "Thinking is on and stream=false: DashScope refuses thinking on non-streaming calls.",
                )
                .prevents("thinking-non-streaming")
                .fix("Stream the request, or switch thinking off.")
                .patch(Patch::SetStream { stream: true }),
            );
        } else {
            stream = true;
            notes.push(Note::new(
                "stream-forced-for-thinking",
                "Streaming switched on because thinking was asked for: DashScope refuses thinking on non-streaming calls.",
            ));
        }
    }

    // 6. Buffered tool calls.
    let mut buffered = false;
    if ctx.tools && ctx.tool_stream == ToolStreamMode::Buffered && stream {
        if streaming_only {
            findings.push(
                Finding::new(
                    "buffered-tools-streaming-only",
                    Severity::Error,
                    format!("Buffered tool mode needs a non-streaming call, but {model_id} is streaming-only."),
                )
                .prevents("streaming-only")
                .fix("Use native tool streaming for this model."),
            );
        } else if dashscope && on == Some(true) {
            if hybrid && !explicit {
                on = Some(false);
                send = true;
                stream = false;
                buffered = true;
                notes.push(Note::new(
                    "tools-buffered",
                    "Tools sent non-streaming (buffered mode) with thinking off; the assembler replays the answer as frames.",
                ));
            } else {
                notes.push(Note::new(
                    "tools-buffered-skipped",
                    "Buffered tool mode skipped: thinking is on, and DashScope refuses thinking on non-streaming calls. Tool-call deltas are streamed natively.",
                ));
            }
        } else {
            stream = false;
            buffered = true;
            notes.push(Note::new(
                "tools-buffered",
                "Tools sent non-streaming (buffered mode); the assembler replays the answer as frames.",
            ));
        }
    }

    let effort = ctx.requested.effort.clone().filter(|_| on == Some(true));
    Decision { on, level, send, stream, downgrade_tool_choice: downgrade, buffered, effort }
}

/// Write the decision into the body, in the surface's dialect.
pub(crate) fn compile(
    d: &Decision,
    dialect: Dialect,
    model: Option<&Model>,
    body: &mut Map<String, Value>,
    notes: &mut Vec<Note>,
    findings: &mut Vec<Finding>,
) {
    let class = model.map(|m| m.thinking);
    if class == Some(ThinkingClass::None) {
        return;
    }
    let only = class == Some(ThinkingClass::Only);
    let Some(on) = d.on else { return };
    if !d.send {
        return;
    }
    match dialect {
        Dialect::Dashscope => {
            let control = model.map_or(ThinkingControl::EnableThinking, |m| m.thinking_control);
            match control {
                ThinkingControl::EnableThinking => {
                    if !only {
                        body.insert("enable_thinking".into(), Value::Bool(on));
                    }
                    if on {
                        if let Some(b) = d.level.and_then(ThinkingSetting::budget) {
                            body.insert("thinking_budget".into(), b.into());
                        }
                    }
                }
                ThinkingControl::ReasoningEffort => {
                    let word = if !on {
                        Some("none".to_string())
                    } else if let Some(e) = &d.effort {
                        Some(e.clone())
                    } else {
                        d.level.and_then(ThinkingSetting::effort).map(str::to_string)
                    };
                    if let Some(w) = word {
                        if matches!(d.level, Some(ThinkingSetting::Budget(_))) && d.effort.is_none()
                        {
                            notes.push(Note::new(
                                "thinking-budget-as-effort",
                                format!("This model takes reasoning_effort, not a token budget: the budget became {w:?}."),
                            ));
                        }
                        body.insert("reasoning_effort".into(), w.into());
                    }
                }
            }
        }
        Dialect::Vllm | Dialect::Sglang | Dialect::LlamaCpp | Dialect::Litellm => {
            if only && !on {
                return;
            }
            let kwargs =
                body.entry("chat_template_kwargs").or_insert_with(|| Value::Object(Map::new()));
            if !kwargs.is_object() {
                *kwargs = Value::Object(Map::new());
            }
            if let Some(k) = kwargs.as_object_mut() {
                k.insert("enable_thinking".into(), Value::Bool(on));
            }
            if on
                && matches!(
                    d.level,
                    Some(ThinkingSetting::Low | ThinkingSetting::High | ThinkingSetting::Budget(_))
                )
            {
                let how = if dialect == Dialect::LlamaCpp {
                    "llama-server sets a budget for the whole server with --reasoning-budget"
                } else {
                    "this server has no per-request budget"
                };
                notes.push(Note::new(
                    "thinking-level-not-expressible",
                    format!("Thinking is switched on; the level is not sent ({how})."),
                ));
            }
        }
        Dialect::Ollama => {
            if only && !on {
                return;
            }
            let word = if on { d.level.and_then(ThinkingSetting::effort) } else { Some("none") };
            if let Some(w) = word {
                body.insert("reasoning_effort".into(), w.into());
            }
        }
        Dialect::Openai => {
            findings.push(
                Finding::new(
                    "thinking-not-expressible",
                    Severity::Info,
                    "Generic OpenAI-compatible servers have no agreed thinking switch; nothing is sent.",
                )
                .fix("Pick the surface that matches your server (vllm, sglang, llama-cpp, ollama), or use Qwen3's /think and /no_think soft switches in the prompt."),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    fn ctx<'a>(
        model: &'a str,
        dialect: Dialect,
        setting: Option<ThinkingSetting>,
        stream: Option<bool>,
    ) -> Ctx<'a> {
        Ctx {
            dialect,
            model: catalog::model(model),
            requested: Requested { setting, effort: None },
            stream,
            json_mode: false,
            forced_tool: false,
            tools: false,
            tool_stream: ToolStreamMode::Native,
        }
    }

    #[test]
    fn implicit_default_on_non_streaming_turns_thinking_off() {
        let (mut n, mut f) = (vec![], vec![]);
        let d = decide(&ctx("qwen3.5-plus", Dialect::Dashscope, None, None), &mut n, &mut f);
        assert_eq!(d.on, Some(false));
        assert!(!d.stream);
        assert!(n.iter().any(|n| n.code == "thinking-off-for-non-streaming"));
    }

    #[test]
    fn explicit_thinking_forces_a_stream() {
        let (mut n, mut f) = (vec![], vec![]);
        let d = decide(
            &ctx("qwen-plus", Dialect::Dashscope, Some(ThinkingSetting::High), None),
            &mut n,
            &mut f,
        );
        assert!(d.stream);
        assert_eq!(d.on, Some(true));
        let mut body = Map::new();
        compile(&d, Dialect::Dashscope, catalog::model("qwen-plus"), &mut body, &mut n, &mut f);
        assert_eq!(body["enable_thinking"], true);
        assert_eq!(body["thinking_budget"], 32768);
    }

    #[test]
    fn explicit_conflict_is_an_error() {
        let (mut n, mut f) = (vec![], vec![]);
        decide(
            &ctx("qwen-plus", Dialect::Dashscope, Some(ThinkingSetting::Low), Some(false)),
            &mut n,
            &mut f,
        );
        assert_eq!(f[0].code, "thinking-on-non-streaming");
    }

    #[test]
    fn vllm_compiles_chat_template_kwargs() {
        let (mut n, mut f) = (vec![], vec![]);
        let d = decide(
            &ctx("Qwen/Qwen3-8B", Dialect::Vllm, Some(ThinkingSetting::Off), None),
            &mut n,
            &mut f,
        );
        let mut body = Map::new();
        compile(&d, Dialect::Vllm, catalog::model("Qwen/Qwen3-8B"), &mut body, &mut n, &mut f);
        assert_eq!(body["chat_template_kwargs"]["enable_thinking"], false);
        assert!(!body.contains_key("enable_thinking"));
    }

    #[test]
    fn ollama_off_is_reasoning_effort_none() {
        let (mut n, mut f) = (vec![], vec![]);
        let d = decide(
            &ctx("qwen3:8b", Dialect::Ollama, Some(ThinkingSetting::Off), None),
            &mut n,
            &mut f,
        );
        let mut body = Map::new();
        compile(&d, Dialect::Ollama, catalog::model("qwen3:8b"), &mut body, &mut n, &mut f);
        assert_eq!(body["reasoning_effort"], "none");
    }
}
