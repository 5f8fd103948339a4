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
//!
//! Conflicts the decision cannot settle without overriding an explicit choice (thinking asked
//! for with `stream: false`, JSON mode with a thinking-only model) stay in the body; the refusal
//! rules (`crate::refusals`) report them as findings, with the fix.

use serde_json::{Map, Value};

use super::payload::Requested;
use crate::catalog::{Dialect, Model, ThinkingClass, ThinkingControl};
use crate::lint::{Finding, Note, Patch, Severity};
use crate::settings::{ThinkingSetting, ToolStreamMode};

/// Inputs of the decision.
pub(crate) struct ThinkingInputs<'a> {
    pub dialect: Dialect,
    pub model: Option<&'a Model>,
    pub requested: Requested,
    pub stream: Option<bool>,
    pub json_mode: bool,
    pub forced_tool: bool,
    pub tools: bool,
    pub tool_stream: ToolStreamMode,
    /// The request goes out as Anthropic Messages (thinking needs no stream there).
    pub anthropic: bool,
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
    /// The budget the payload gave, sent as given.
    pub budget: Option<i64>,
}

pub(crate) fn decide(
    ctx: &ThinkingInputs<'_>,
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

    // 1. Streaming-only models (an explicit stream=false stays, and is refused by the rules).
    if streaming_only && !stream && !stream_explicit {
        stream = true;
        notes.push(Note::new(
            "stream-forced-streaming-only",
            crate::msg!(
                "note.stream-forced-streaming-only",
                "Streaming switched on: {model} is streaming-only.",
                model = model_id
            ),
        ));
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
                        crate::msg!(
                            "finding.thinking-unsupported.message.control-not-sent",
                            "{model} has no thinking mode; the thinking control is not sent.",
                            model = model_id
                        ),
                    )
                    .fix(crate::msg!(
                        "finding.thinking-unsupported.fix.pick-thinking-model",
                        "Pick a hybrid or thinking model, or leave thinking off."
                    ))
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
                        crate::msg!(
                            "finding.thinking-off-on-thinking-only.message.false-not-sent",
                            "{model} always thinks; `false` is never sent, so it will think anyway.",
                            model = model_id
                        ),
                    )
                    .prevents("thinking-restricted-true")
                    .fix(crate::msg!(
                        "finding.thinking-off-on-thinking-only.fix.hybrid-model",
                        "Use a hybrid model (or an -instruct edition) when you need thinking off."
                    ))
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
                crate::msg!(
                    "note.thinking-off-for-json",
                    "Thinking switched off for JSON output ({model} thinks by default; JSON mode needs non-thinking mode).",
                    model = model_id
                ),
            ));
        } else if dashscope {
            // Thinking stays, as asked: the refusal rules report json-mode-with-thinking.
        } else if ctx.dialect == Dialect::Ollama {
            findings.push(
                Finding::new(
                    "json-mode-with-thinking",
                    Severity::Warning,
                    crate::msg!(
                        "finding.json-mode-with-thinking.message.ollama",
                        "On Ollama, JSON output interferes with thinking (thinking dropped or malformed JSON)."
                    ),
                )
                .fix(crate::msg!(
                    "finding.json-mode-with-thinking.fix.ollama",
                    "Switch thinking off for JSON output."
                ))
                .patch(Patch::SetThinking { thinking: ThinkingSetting::Off }),
            );
        } else {
            notes.push(Note::new(
                "json-with-thinking",
                crate::msg!(
                    "note.json-with-thinking",
                    "JSON output with thinking on: some servers disable thinking for structured output, and the JSON can land in the reasoning field."
                ),
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
                crate::msg!(
                    "note.thinking-off-for-tool-choice",
                    "Thinking switched off: a forced tool_choice is refused in thinking mode."
                ),
            ));
        } else {
            downgrade = true;
            let mut f = Finding::new(
                "tool-choice-in-thinking",
                Severity::Warning,
                crate::msg!(
                    "finding.tool-choice-in-thinking.message.downgraded",
                    "tool_choice \"required\"/object is refused in thinking mode; it was downgraded to \"auto\"."
                ),
            )
            .prevents("tool-choice-thinking")
            .fix(if hybrid {
                crate::msg!(
                    "finding.tool-choice-in-thinking.fix.downgraded-hybrid",
                    "Switch thinking off if the tool call must be forced."
                )
            } else {
                crate::msg!(
                    "finding.tool-choice-in-thinking.fix.downgraded-thinking-only",
                    "This model always thinks: the model decides whether to call the tool."
                )
            });
            if hybrid {
                f = f.patch(Patch::SetThinking { thinking: ThinkingSetting::Off });
            }
            findings.push(f);
        }
    }

    // 5. Thinking with a non-streaming call (DashScope refuses it).
    if dashscope && !ctx.anthropic && on == Some(true) && !stream && hybrid {
        if !explicit {
            on = Some(false);
            send = true;
            notes.push(Note::new(
                "thinking-off-for-non-streaming",
                crate::msg!(
                    "note.thinking-off-for-non-streaming",
                    "Thinking switched off: {model} thinks by default, and DashScope refuses thinking on non-streaming calls.",
                    model = model_id
                ),
            ));
        } else if stream_explicit {
            // Both asked for: the refusal rules report thinking-on-non-streaming.
        } else {
            stream = true;
            notes.push(Note::new(
                "stream-forced-for-thinking",
                crate::msg!(
                    "note.stream-forced-for-thinking",
                    "Streaming switched on because thinking was asked for: DashScope refuses thinking on non-streaming calls."
                ),
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
                    Severity::Warning,
                    crate::msg!(
                        "finding.buffered-tools-streaming-only.message",
                        "Buffered tool mode needs a non-streaming call, but {model} is streaming-only: tool calls are streamed natively instead.",
                        model = model_id
                    ),
                )
                .fix(crate::msg!(
                    "finding.buffered-tools-streaming-only.fix",
                    "Use native tool streaming for this model."
                )),
            );
        } else if dashscope && on == Some(true) {
            if hybrid && !explicit {
                on = Some(false);
                send = true;
                stream = false;
                buffered = true;
                notes.push(Note::new(
                    "tools-buffered",
                    crate::msg!(
                        "note.tools-buffered.thinking-off",
                        "Tools sent non-streaming (buffered mode) with thinking off; the assembler replays the answer as frames."
                    ),
                ));
            } else {
                notes.push(Note::new(
                    "tools-buffered-skipped",
                    crate::msg!(
                        "note.tools-buffered-skipped",
                        "Buffered tool mode skipped: thinking is on, and DashScope refuses thinking on non-streaming calls. Tool-call deltas are streamed natively."
                    ),
                ));
            }
        } else {
            stream = false;
            buffered = true;
            notes.push(Note::new(
                "tools-buffered",
                crate::msg!(
                    "note.tools-buffered",
                    "Tools sent non-streaming (buffered mode); the assembler replays the answer as frames."
                ),
            ));
        }
    }

    let effort = ctx.requested.effort.clone().filter(|_| on == Some(true));
    let budget = ctx.requested.budget.filter(|_| on == Some(true) && level.is_some());
    Decision { on, level, send, stream, downgrade_tool_choice: downgrade, buffered, effort, budget }
}

/// The `thinking_budget` to send for a level: its DashScope default, but never above the
/// model's maximum (a level is the shaper's choice; a budget the user gave is sent as given).
fn level_budget(
    level: ThinkingSetting,
    model: Option<&Model>,
    notes: &mut Vec<Note>,
) -> Option<u32> {
    let b = level.budget()?;
    if matches!(level, ThinkingSetting::Budget(_)) {
        return Some(b);
    }
    match model.and_then(|m| m.max_thinking_budget.map(|max| (m.id, max))) {
        Some((id, max)) if b > max => {
            notes.push(Note::new(
                "thinking-level-capped",
                crate::msg!(
                    "note.thinking-level-capped",
                    "Thinking {level} means a budget of {budget}; {model} takes at most {max}, so {max} was sent.",
                    level = level,
                    budget = b,
                    model = id,
                    max = max
                ),
            ));
            Some(max)
        }
        _ => Some(b),
    }
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
    // A budget the user gave: from the payload verbatim, or from the thinking control.
    let given_budget = d.budget.or(match d.level {
        Some(ThinkingSetting::Budget(n)) => Some(i64::from(n)),
        _ => None,
    });
    match dialect {
        Dialect::Dashscope => {
            let control = model.map_or(ThinkingControl::EnableThinking, |m| m.thinking_control);
            match (control, given_budget) {
                // A budget is kept as given, on reasoning-effort models too (they take
                // thinking_budget in place of reasoning_effort; never both).
                (ThinkingControl::EnableThinking, _)
                | (ThinkingControl::ReasoningEffort, Some(_))
                    if on || control == ThinkingControl::EnableThinking =>
                {
                    if !only {
                        body.insert("enable_thinking".into(), Value::Bool(on));
                    }
                    if on {
                        let budget = given_budget.or_else(|| {
                            d.level.and_then(|l| level_budget(l, model, notes)).map(i64::from)
                        });
                        if let Some(b) = budget {
                            body.insert("thinking_budget".into(), b.into());
                        }
                    }
                }
                _ => {
                    let word = if !on {
                        Some("none".to_string())
                    } else if let Some(e) = &d.effort {
                        Some(e.clone())
                    } else {
                        d.level.and_then(ThinkingSetting::effort).map(str::to_string)
                    };
                    if let Some(w) = word {
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
            if let (true, Some(b)) = (on, given_budget) {
                findings.push(budget_not_carried(b, dialect));
            } else if on && matches!(d.level, Some(ThinkingSetting::Low | ThinkingSetting::High)) {
                notes.push(Note::new(
                    "thinking-level-not-expressible",
                    crate::msg!(
                        "note.thinking-level-not-expressible.no-level-field",
                        "Thinking is switched on; the level is not sent (this server has no per-request level)."
                    ),
                ));
            }
        }
        Dialect::Ollama => {
            if only && !on {
                return;
            }
            if !on {
                body.insert("reasoning_effort".into(), "none".into());
            } else {
                if let Some(b) = given_budget {
                    findings.push(budget_not_carried(b, dialect));
                }
                notes.push(Note::new(
                    "thinking-level-not-expressible",
                    crate::msg!(
                        "note.thinking-level-not-expressible.ollama",
                        "Thinking is on by default on Ollama, so no reasoning_effort is sent: Ollama's Qwen models switch thinking on or off, and older versions refuse a level word for them."
                    ),
                ));
            }
        }
        Dialect::Openai => {
            findings.push(
                Finding::new(
                    "thinking-not-expressible",
                    Severity::Info,
                    crate::msg!(
                        "finding.thinking-not-expressible.message",
                        "Generic OpenAI-compatible servers have no agreed thinking switch; nothing is sent."
                    ),
                )
                .fix(crate::msg!(
                    "finding.thinking-not-expressible.fix",
                    "Pick the surface that matches your server (vllm, sglang, llama-cpp, ollama), or use Qwen3's /think and /no_think soft switches in the prompt."
                )),
            );
        }
    }
}

fn budget_not_carried(budget: i64, dialect: Dialect) -> Finding {
    Finding::new(
        "thinking-budget-not-carried",
        Severity::Warning,
        crate::msg!(
            "finding.thinking-budget-not-carried.message",
            "The thinking budget {budget} cannot be sent: {dialect} has no per-request budget field, so the model thinks without this cap.",
            budget = budget,
            dialect = dialect.as_str()
        ),
    )
    .fix(crate::msg!(
        "finding.thinking-budget-not-carried.fix",
        "Cap thinking on the server (vLLM --reasoning-config with thinking_token_budget, llama.cpp --reasoning-budget), or limit max_tokens."
    ))
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
    ) -> ThinkingInputs<'a> {
        ThinkingInputs {
            dialect,
            model: catalog::model(model),
            requested: Requested { setting, effort: None, budget: None },
            stream,
            json_mode: false,
            forced_tool: false,
            tools: false,
            tool_stream: ToolStreamMode::Native,
            anthropic: false,
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
    fn an_explicit_conflict_is_left_for_the_refusal_rules() {
        let (mut n, mut f) = (vec![], vec![]);
        let d = decide(
            &ctx("qwen-plus", Dialect::Dashscope, Some(ThinkingSetting::Low), Some(false)),
            &mut n,
            &mut f,
        );
        assert_eq!((d.on, d.stream), (Some(true), false), "neither explicit choice is overridden");
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

    #[test]
    fn a_given_budget_is_sent_as_given_and_a_level_is_capped() {
        let (mut n, mut f) = (vec![], vec![]);
        let mut c = ctx("qwen-plus", Dialect::Dashscope, Some(ThinkingSetting::Medium), Some(true));
        c.requested.budget = Some(0);
        let d = decide(&c, &mut n, &mut f);
        let mut body = Map::new();
        compile(&d, Dialect::Dashscope, catalog::model("qwen-plus"), &mut body, &mut n, &mut f);
        assert_eq!(body["thinking_budget"], 0, "kept, for the refusal rules to report");
        // A budget on vLLM cannot be carried: a warning, never a silent drop.
        let mut c = ctx("Qwen/Qwen3-8B", Dialect::Vllm, Some(ThinkingSetting::Budget(2048)), None);
        c.stream = Some(true);
        let d = decide(&c, &mut n, &mut f);
        compile(
            &d,
            Dialect::Vllm,
            catalog::model("Qwen/Qwen3-8B"),
            &mut Map::new(),
            &mut n,
            &mut f,
        );
        assert!(f.iter().any(|f| f.code == "thinking-budget-not-carried"));
    }
}
