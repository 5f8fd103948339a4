//! Refusals as findings: what the server will refuse in the shaped body (`crate::refusals`),
//! with the message naming this request's model and numbers, the fix, and a mechanical patch
//! where one exists.

use serde_json::{Map, Value};

use super::checks::{input_too_long_fix, media_not_accepted, JSON_SENTENCE};
use super::messages::MediaKind;
use crate::catalog::{Model, Surface};
use crate::lint::{Finding, Patch, Severity};
use crate::msg::Msg;
use crate::refusals::{Refusal, Rule};
use crate::settings::ThinkingSetting;

/// The error finding for one refusal.
///
/// Some refusals carry their detail in words (`about 9000 input tokens`); the message takes the
/// number from it, so the sentence can be shown in another language. A detail of another form
/// is shown as it is.
pub(crate) fn finding(
    r: &Refusal,
    surface: &Surface,
    model: Option<&Model>,
    body: &Map<String, Value>,
) -> Finding {
    // Rules that can fire without a catalogued model have a sentence for that case; the others
    // only fire with one, so "this model" is a fallback that is never shown.
    let id = model.map_or("this model", |m| m.id);
    let limit = r.param.map(|n| n.to_string()).unwrap_or_else(|| "its limit".into());
    let detail = r.detail.as_str();
    let (message, fix, patch): (Msg, Msg, Option<Patch>) = match r.rule {
        Rule::StreamingOnlyModel => (
            crate::msg!(
                "finding.streaming-only-model.message.refused",
                "{model} only answers streaming calls; this request sets stream=false.",
                model = id
            ),
            crate::msg!("finding.streaming-only-model.fix.refused", "Send with stream=true."),
            Some(Patch::SetStream { stream: true }),
        ),
        Rule::ThinkingOnNonStreaming => (
            match model {
                Some(m) => crate::msg!(
                    "finding.thinking-on-non-streaming.message.refused",
                    "Thinking is on for {model} and stream=false: DashScope refuses thinking on non-streaming calls.",
                    model = m.id
                ),
                None => crate::msg!(
                    "finding.thinking-on-non-streaming.message.refused.no-model",
                    "Thinking is on for this model and stream=false: DashScope refuses thinking on non-streaming calls."
                ),
            },
            crate::msg!(
                "finding.thinking-on-non-streaming.fix.refused",
                "Stream the request, or switch thinking off."
            ),
            Some(Patch::SetStream { stream: true }),
        ),
        Rule::ToolChoiceInThinking => {
            let choice = body.get("tool_choice").map(Value::to_string).unwrap_or_default();
            (
                match model {
                    Some(m) => crate::msg!(
                        "finding.tool-choice-in-thinking.message.refused",
                        "tool_choice {choice} is refused while {model} is thinking.",
                        choice = choice,
                        model = m.id
                    ),
                    None => crate::msg!(
                        "finding.tool-choice-in-thinking.message.refused.no-model",
                        "tool_choice {choice} is refused while this model is thinking.",
                        choice = choice
                    ),
                },
                crate::msg!(
                    "finding.tool-choice-in-thinking.fix.refused",
                    "Switch thinking off, or use tool_choice \"auto\"."
                ),
                Some(Patch::SetThinking { thinking: ThinkingSetting::Off }),
            )
        }
        Rule::JsonModeWithThinking => (
            // The detail is `<response_format type> with thinking`.
            match (detail.strip_suffix(" with thinking"), model) {
                (Some(format), Some(m)) => crate::msg!(
                    "finding.json-mode-with-thinking.message.refused",
                    "JSON output ({format} with thinking) with thinking on is refused by DashScope ({model}).",
                    format = format,
                    model = m.id
                ),
                (Some(format), None) => crate::msg!(
                    "finding.json-mode-with-thinking.message.refused.no-model",
                    "JSON output ({format} with thinking) with thinking on is refused by DashScope (this model).",
                    format = format
                ),
                (None, _) => crate::msg!(
                    "finding.json-mode-with-thinking.message.refused.detail",
                    "JSON output ({detail}) with thinking on is refused by DashScope ({model}).",
                    detail = detail,
                    model = id
                ),
            },
            if model.is_some_and(|m| m.thinking.is_hybrid()) {
                crate::msg!(
                    "finding.json-mode-with-thinking.fix.refused.hybrid",
                    "Switch thinking off, or reason first and normalise to JSON in a second, non-thinking pass."
                )
            } else {
                crate::msg!(
                    "finding.json-mode-with-thinking.fix.refused.thinking-only",
                    "This model always thinks: route the JSON step to a hybrid model with thinking off (two-pass)."
                )
            },
            Some(Patch::SetThinking { thinking: ThinkingSetting::Off }),
        ),
        Rule::ThinkingOffOnThinkingOnly => (
            crate::msg!(
                "finding.thinking-off-on-thinking-only.message.refused",
                "{model} always thinks; DashScope refuses enable_thinking=false for it.",
                model = id
            ),
            crate::msg!(
                "finding.thinking-off-on-thinking-only.fix.refused",
                "Leave thinking on, or use a hybrid model (an -instruct edition) when you need it off."
            ),
            Some(Patch::SetThinking { thinking: ThinkingSetting::Medium }),
        ),
        Rule::ThinkingBudgetOutOfRange => {
            let range = model.and_then(Model::thinking_budget_range);
            match range {
                Some((min, max)) => (
                    crate::msg!(
                        "finding.thinking-budget-out-of-range.message.refused",
                        "{detail} is outside {model}'s range [{min}, {max}]; DashScope refuses it rather than clamping it.",
                        detail = detail,
                        model = id,
                        min = min,
                        max = max
                    ),
                    crate::msg!(
                        "finding.thinking-budget-out-of-range.fix.refused",
                        "Use a budget from {min} to {max}, or leave it out (the default is {max}). To switch thinking off, send thinking off, not a budget of 0.",
                        min = min.max(1),
                        max = max
                    ),
                    Some(Patch::SetThinking { thinking: ThinkingSetting::Budget(max) }),
                ),
                None => (
                    crate::msg!(
                        "finding.thinking-budget-out-of-range.message.refused.not-positive",
                        "{detail} is refused: the budget must be a positive integer.",
                        detail = detail
                    ),
                    crate::msg!(
                        "finding.thinking-budget-out-of-range.fix.refused.not-positive",
                        "Use a positive budget, or leave it out. To switch thinking off, send thinking off, not a budget of 0."
                    ),
                    None,
                ),
            }
        }
        Rule::EffortWithBudget => (
            match model {
                Some(m) => crate::msg!(
                    "finding.effort-with-budget.message.refused",
                    "{model}: reasoning_effort and thinking_budget are both set; DashScope takes one or the other.",
                    model = m.id
                ),
                None => crate::msg!(
                    "finding.effort-with-budget.message.refused.no-model",
                    "this model: reasoning_effort and thinking_budget are both set; DashScope takes one or the other."
                ),
            },
            crate::msg!(
                "finding.effort-with-budget.fix.refused",
                "Keep one of them (the thinking control compiles one)."
            ),
            Some(Patch::RemoveField { field: "reasoning_effort".into() }),
        ),
        Rule::ReasoningEffortInvalid | Rule::OllamaEffortInvalid => (
            crate::msg!(
                "finding.reasoning-effort-invalid.message.refused",
                "{detail} is not a word {surface} accepts.",
                detail = detail,
                surface = surface.id
            ),
            crate::msg!(
                "finding.reasoning-effort-invalid.fix.refused",
                "Use none, minimal, low, medium, high or xhigh (or the thinking control)."
            ),
            Some(Patch::SetField { field: "reasoning_effort".into(), value: "low".into() }),
        ),
        Rule::ThinkingUnsupported => (
            crate::msg!(
                "finding.thinking-unsupported.message.refused",
                "{model} has no thinking mode, and {surface} refuses a thinking switch for it.",
                model = id,
                surface = surface.id
            ),
            crate::msg!(
                "finding.thinking-unsupported.fix.refused",
                "Do not send a thinking switch for this model."
            ),
            Some(Patch::SetThinking { thinking: ThinkingSetting::Off }),
        ),
        Rule::JsonObjectNeedsJsonWord => (
            crate::msg!(
                "finding.json-object-needs-json-word.message.refused",
                "response_format json_object needs the word \"json\" in a message; none of the messages says it."
            ),
            crate::msg!(
                "finding.json-object-needs-json-word.fix.refused",
                "Add \"{sentence}\" to the system message.",
                sentence = JSON_SENTENCE
            ),
            Some(Patch::AppendSystem { text: JSON_SENTENCE.into() }),
        ),
        Rule::JsonModeUnsupported => (
            crate::msg!(
                "finding.json-mode-unsupported.message.refused",
                "{model} does not support JSON mode.",
                model = id
            ),
            crate::msg!(
                "finding.json-mode-unsupported.fix.refused",
                "Route the JSON step to a model with JSON mode (deterministic-json workload)."
            ),
            Some(Patch::RemoveField { field: "response_format".into() }),
        ),
        Rule::JsonSchemaUnsupported => (
            crate::msg!(
                "finding.json-schema-unsupported.message.refused",
                "{model} does not accept response_format json_schema.",
                model = id
            ),
            crate::msg!(
                "finding.json-schema-unsupported.fix.refused",
                "Use json_object with the schema in the prompt, or a model that takes json_schema (qwen-plus, qwen-flash and qwen3-max take it)."
            ),
            Some(Patch::SetField { field: "response_format".into(), value: serde_json::json!({"type": "json_object"}) }),
        ),
        Rule::ResponseFormatInvalid => (
            if detail == "json_schema without name and schema" {
                crate::msg!(
                    "finding.response-format-invalid.message.refused.schema-incomplete",
                    "response_format is not one DashScope reads (json_schema without name and schema)."
                )
            } else {
                crate::msg!(
                    "finding.response-format-invalid.message.refused",
                    "response_format is not one DashScope reads ({detail}).",
                    detail = detail
                )
            },
            crate::msg!(
                "finding.response-format-invalid.fix.refused",
                "Use {{\"type\":\"json_object\"}} or {{\"type\":\"json_schema\",\"json_schema\":{{\"name\":\"answer\",\"schema\":{{…}}}}}}."
            ),
            None,
        ),
        Rule::MaxTokensOverCeiling => (
            crate::msg!(
                "finding.max-tokens-over-ceiling.message.refused",
                "{detail} is over {model}'s ceiling: the server checks Range of max_tokens [1, {limit}].",
                detail = detail,
                model = id,
                limit = limit
            ),
            crate::msg!(
                "finding.max-tokens-over-ceiling.fix.refused",
                "Lower it to {limit} or less. This is not a context overflow: do not trim history.",
                limit = limit
            ),
            r.param.map(|n| Patch::SetField {
                field: r.detail.split(' ').next().unwrap_or("max_tokens").into(),
                value: n.into(),
            }),
        ),
        Rule::MaxTokensInvalid => (
            crate::msg!(
                "finding.max-tokens-invalid.message.refused",
                "{detail} is not a whole number ≥ 1.",
                detail = detail
            ),
            crate::msg!(
                "finding.max-tokens-invalid.fix.refused",
                "Set a positive integer or leave it out."
            ),
            Some(Patch::RemoveField { field: r.detail.split(' ').next().unwrap_or("max_tokens").into() }),
        ),
        Rule::TemperatureOutOfRange => (
            crate::msg!(
                "finding.temperature-out-of-range.message.refused",
                "{detail}: DashScope takes a temperature ≥ 0 and < 2.",
                detail = detail
            ),
            crate::msg!(
                "finding.temperature-out-of-range.fix.refused",
                "Use a temperature in [0, 2): 0–0.3 for deterministic output, 0.7 for chat."
            ),
            Some(Patch::SetField { field: "temperature".into(), value: 0.7.into() }),
        ),
        Rule::TopPOutOfRange => (
            crate::msg!(
                "finding.top-p-out-of-range.message.refused",
                "{detail}: top_p must be > 0 and ≤ 1.",
                detail = detail
            ),
            crate::msg!(
                "finding.top-p-out-of-range.fix.refused",
                "Use a top_p in (0, 1], or leave it out and tune temperature only."
            ),
            Some(Patch::RemoveField { field: "top_p".into() }),
        ),
        Rule::ImagesToTextOnlyModel | Rule::VideoUnsupported | Rule::AudioUnsupported => {
            let kind = match r.rule {
                Rule::ImagesToTextOnlyModel => MediaKind::Image,
                Rule::VideoUnsupported => MediaKind::Video,
                _ => MediaKind::Audio,
            };
            let accepts: Vec<&str> = model.map(|m| m.input.iter().map(|i| i.as_str()).collect()).unwrap_or_default();
            let (message, fix) = media_not_accepted(kind, id, &accepts.join(", "));
            (message, fix, None)
        }
        Rule::ImageTooSmall => (
            crate::msg!(
                "finding.image-too-small.message.refused",
                "An image is {size}; both sides must be larger than 10 px.",
                size = detail
            ),
            crate::msg!(
                "finding.image-too-small.fix.refused",
                "Send a larger image (upscale or pad it)."
            ),
            None,
        ),
        Rule::InputTooLong => (
            // The detail is `about <n> input tokens`.
            match detail.strip_prefix("about ").and_then(|d| d.strip_suffix(" input tokens")) {
                Some(tokens) => crate::msg!(
                    "finding.input-may-exceed-context.message.refused",
                    "The messages hold about {tokens} input tokens (estimated), over {model}'s {limit}-token input limit.",
                    tokens = tokens,
                    model = id,
                    limit = limit
                ),
                None => crate::msg!(
                    "finding.input-may-exceed-context.message.refused.detail",
                    "The messages hold {detail} (estimated), over {model}'s {limit}-token input limit.",
                    detail = detail,
                    model = id,
                    limit = limit
                ),
            },
            input_too_long_fix(),
            None,
        ),
        Rule::TranslationOptionsMissing => (
            // The detail is `no <field>`.
            match detail.strip_prefix("no ") {
                Some(field) => crate::msg!(
                    "finding.translation-options-missing.message.refused",
                    "{model} needs translation_options (no {field}).",
                    model = id,
                    field = field
                ),
                None => crate::msg!(
                    "finding.translation-options-missing.message.refused.detail",
                    "{model} needs translation_options ({detail}).",
                    model = id,
                    detail = detail
                ),
            },
            crate::msg!(
                "finding.translation-options-missing.fix.refused",
                "Add translation_options: {{\"source_lang\": \"auto\", \"target_lang\": \"English\"}}."
            ),
            Some(Patch::SetField {
                field: "translation_options".into(),
                value: serde_json::json!({"source_lang": "auto", "target_lang": "English"}),
            }),
        ),
        Rule::TranslationSingleTurn => (
            // The detail is `<n> messages`.
            match detail.strip_suffix(" messages") {
                Some(count) => crate::msg!(
                    "finding.translation-single-turn.message.refused",
                    "{model} takes exactly one user message ({count} messages).",
                    model = id,
                    count = count
                ),
                None => crate::msg!(
                    "finding.translation-single-turn.message.refused.detail",
                    "{model} takes exactly one user message ({detail}).",
                    model = id,
                    detail = detail
                ),
            },
            crate::msg!(
                "finding.translation-single-turn.fix.refused",
                "Send one user message with the text to translate."
            ),
            None,
        ),
        Rule::ToolCallsUnanswered => (
            // The detail is `messages[<i>]`, or `<n> unanswered at the end`.
            match detail.strip_suffix(" unanswered at the end") {
                Some(count) => crate::msg!(
                    "finding.tool-call-unanswered.message.refused.at-end",
                    "An assistant turn's tool calls are not all answered by tool messages before {count} unanswered at the end: {surface} refuses the conversation.",
                    count = count,
                    surface = surface.id
                ),
                None => crate::msg!(
                    "finding.tool-call-unanswered.message.refused",
                    "An assistant turn's tool calls are not all answered by tool messages before {at}: {surface} refuses the conversation.",
                    at = detail,
                    surface = surface.id
                ),
            },
            crate::msg!(
                "finding.tool-call-unanswered.fix.refused",
                "Add a tool message with each tool_call_id after the assistant turn (Add result), or remove the unanswered calls."
            ),
            None,
        ),
        Rule::ToolMessageOrphan => (
            crate::msg!(
                "finding.tool-result-unknown-id.message.refused",
                "The tool message at {at} follows no assistant turn with tool_calls: {surface} refuses it.",
                at = detail,
                surface = surface.id
            ),
            crate::msg!(
                "finding.tool-result-unknown-id.fix.refused",
                "Put the assistant turn with its tool_calls before the tool messages, or remove the tool message."
            ),
            None,
        ),
    };
    let mut f = Finding::new(r.rule.code(), Severity::Error, message).prevents(r.error).fix(fix);
    if let Some(p) = patch {
        f = f.patch(p);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    #[test]
    fn every_rule_names_this_requests_model_and_number() {
        let s = catalog::surface("dashscope-intl").unwrap();
        for rule in Rule::ALL {
            let r = Refusal {
                rule: *rule,
                error: rule.error(),
                param: Some(8192),
                detail: "max_tokens 9000".into(),
            };
            let f = finding(&r, s, catalog::model("qwen-max"), &Map::new());
            assert_eq!(
                f.prevents.and_then(|p| p.row()).map(|row| row.id),
                Some(rule.error()),
                "{rule:?}"
            );
            assert!(!f.message.contains('{'), "{rule:?}: {}", f.message);
        }
        let r = Refusal {
            rule: Rule::MaxTokensOverCeiling,
            error: "max-tokens-range",
            param: Some(8192),
            detail: "max_tokens 9000".into(),
        };
        let f = finding(&r, s, catalog::model("qwen-max"), &Map::new());
        assert!(
            f.message.contains("qwen-max")
                && f.message.contains("8192")
                && f.message.contains("9000"),
            "{}",
            f.message
        );
        assert_eq!(
            f.patch,
            Some(Patch::SetField { field: "max_tokens".into(), value: 8192.into() })
        );
    }
}
