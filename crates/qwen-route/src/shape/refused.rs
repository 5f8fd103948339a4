//! Refusals as findings: what the server will refuse in the shaped body (`crate::refusals`),
//! with the message naming this request's model and numbers, the fix, and a mechanical patch
//! where one exists.

use serde_json::{Map, Value};

use super::checks::JSON_SENTENCE;
use crate::catalog::{Model, Surface};
use crate::lint::{Finding, Patch, Severity};
use crate::refusals::{Refusal, Rule};
use crate::settings::ThinkingSetting;

/// The error finding for one refusal.
pub(crate) fn finding(
    r: &Refusal,
    surface: &Surface,
    model: Option<&Model>,
    body: &Map<String, Value>,
) -> Finding {
    let id = model.map_or("this model", |m| m.id);
    let limit = r.param.map(|n| n.to_string()).unwrap_or_else(|| "its limit".into());
    let (message, fix, patch): (String, String, Option<Patch>) = match r.rule {
        Rule::StreamingOnlyModel => (
            format!("{id} only answers streaming calls; this request sets stream=false."),
            "Send with stream=true.".into(),
            Some(Patch::SetStream { stream: true }),
        ),
        Rule::ThinkingOnNonStreaming => (
            format!("Thinking is on for {id} and stream=false: DashScope refuses thinking on non-streaming calls."),
            "Stream the request, or switch thinking off.".into(),
            Some(Patch::SetStream { stream: true }),
        ),
        Rule::ToolChoiceInThinking => (
            format!("tool_choice {} is refused while {id} is thinking.", body.get("tool_choice").map(Value::to_string).unwrap_or_default()),
            "Switch thinking off, or use tool_choice \"auto\".".into(),
            Some(Patch::SetThinking { thinking: ThinkingSetting::Off }),
        ),
        Rule::JsonModeWithThinking => (
            format!("JSON output ({}) with thinking on is refused by DashScope ({id}).", r.detail),
            if model.is_some_and(|m| m.thinking.is_hybrid()) {
                "Switch thinking off, or reason first and normalise to JSON in a second, non-thinking pass.".into()
            } else {
                "This model always thinks: route the JSON step to a hybrid model with thinking off (two-pass).".into()
            },
            Some(Patch::SetThinking { thinking: ThinkingSetting::Off }),
        ),
        Rule::ThinkingOffOnThinkingOnly => (
            format!("{id} always thinks; DashScope refuses enable_thinking=false for it."),
            "Leave thinking on, or use a hybrid model (an -instruct edition) when you need it off.".into(),
            Some(Patch::SetThinking { thinking: ThinkingSetting::Medium }),
        ),
        Rule::ThinkingBudgetOutOfRange => {
            let range = model.and_then(Model::thinking_budget_range);
            let (min, max) = range.unwrap_or((1, 0));
            (
                match range {
                    Some(_) => format!("{} is outside {id}'s range [{min}, {max}]; DashScope refuses it rather than clamping it.", r.detail),
                    None => format!("{} is refused: the budget must be a positive integer.", r.detail),
                },
                match range {
                    Some(_) => format!("Use a budget from {} to {max}, or leave it out (the default is {max}). To switch thinking off, send thinking off, not a budget of 0.", min.max(1)),
                    None => "Use a positive budget, or leave it out. To switch thinking off, send thinking off, not a budget of 0.".into(),
                },
                range.map(|(_, max)| Patch::SetThinking { thinking: ThinkingSetting::Budget(max) }),
            )
        }
        Rule::EffortWithBudget => (
            format!("{id}: reasoning_effort and thinking_budget are both set; DashScope takes one or the other."),
            "Keep one of them (the thinking control compiles one).".into(),
            Some(Patch::RemoveField { field: "reasoning_effort".into() }),
        ),
        Rule::ReasoningEffortInvalid | Rule::OllamaEffortInvalid => (
            format!("{} is not a word {} accepts.", r.detail, surface.id),
            "Use none, minimal, low, medium, high or xhigh (or the thinking control).".into(),
            Some(Patch::SetField { field: "reasoning_effort".into(), value: "low".into() }),
        ),
        Rule::ThinkingUnsupported => (
            format!("{id} has no thinking mode, and {} refuses a thinking switch for it.", surface.id),
            "Do not send a thinking switch for this model.".into(),
            Some(Patch::SetThinking { thinking: ThinkingSetting::Off }),
        ),
        Rule::JsonObjectNeedsJsonWord => (
            "response_format json_object needs the word \"json\" in a message; none of the messages says it.".into(),
            format!("Add \"{JSON_SENTENCE}\" to the system message."),
            Some(Patch::AppendSystem { text: JSON_SENTENCE.into() }),
        ),
        Rule::JsonModeUnsupported => (
            format!("{id} does not support JSON mode."),
            "Route the JSON step to a model with JSON mode (deterministic-json workload).".into(),
            Some(Patch::RemoveField { field: "response_format".into() }),
        ),
        Rule::JsonSchemaUnsupported => (
            format!("{id} does not accept response_format json_schema."),
            "Use json_object with the schema in the prompt, or a model that takes json_schema (qwen-plus, qwen-flash and qwen3-max take it).".into(),
            Some(Patch::SetField { field: "response_format".into(), value: serde_json::json!({"type": "json_object"}) }),
        ),
        Rule::ResponseFormatInvalid => (
            format!("response_format is not one DashScope reads ({}).", r.detail),
            "Use {\"type\":\"json_object\"} or {\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"schema\":{…}}}.".into(),
            None,
        ),
        Rule::MaxTokensOverCeiling => (
            format!("{} is over {id}'s ceiling: the server checks Range of max_tokens [1, {limit}].", r.detail),
            format!("Lower it to {limit} or less. This is not a context overflow: do not trim history."),
            r.param.map(|n| Patch::SetField {
                field: r.detail.split(' ').next().unwrap_or("max_tokens").into(),
                value: n.into(),
            }),
        ),
        Rule::MaxTokensInvalid => (
            format!("{} is not a whole number ≥ 1.", r.detail),
            "Set a positive integer or leave it out.".into(),
            Some(Patch::RemoveField { field: r.detail.split(' ').next().unwrap_or("max_tokens").into() }),
        ),
        Rule::TemperatureOutOfRange => (
            format!("{}: DashScope takes a temperature ≥ 0 and < 2.", r.detail),
            "Use a temperature in [0, 2): 0–0.3 for deterministic output, 0.7 for chat.".into(),
            Some(Patch::SetField { field: "temperature".into(), value: 0.7.into() }),
        ),
        Rule::TopPOutOfRange => (
            format!("{}: top_p must be > 0 and ≤ 1.", r.detail),
            "Use a top_p in (0, 1], or leave it out and tune temperature only.".into(),
            Some(Patch::RemoveField { field: "top_p".into() }),
        ),
        Rule::ImagesToTextOnlyModel | Rule::VideoUnsupported | Rule::AudioUnsupported => {
            let what = match r.rule {
                Rule::ImagesToTextOnlyModel => "images",
                Rule::VideoUnsupported => "video",
                _ => "audio",
            };
            let accepts: Vec<&str> = model.map(|m| m.input.iter().map(|i| i.as_str()).collect()).unwrap_or_default();
            (
                format!("{id} does not take {what} (input: {}).", accepts.join(", ")),
                format!("Route to a model that accepts {what} (vision / video-understanding workloads)."),
                None,
            )
        }
        Rule::ImageTooSmall => (
            format!("An image is {}; both sides must be larger than 10 px.", r.detail),
            "Send a larger image (upscale or pad it).".into(),
            None,
        ),
        Rule::InputTooLong => (
            format!("The messages hold {} (estimated), over {id}'s {limit}-token input limit.", r.detail),
            "Trim history or attachments, or route to a longer-context model.".into(),
            None,
        ),
        Rule::TranslationOptionsMissing => (
            format!("{id} needs translation_options ({}).", r.detail),
            "Add translation_options: {\"source_lang\": \"auto\", \"target_lang\": \"English\"}.".into(),
            Some(Patch::SetField {
                field: "translation_options".into(),
                value: serde_json::json!({"source_lang": "auto", "target_lang": "English"}),
            }),
        ),
        Rule::TranslationSingleTurn => (
            format!("{id} takes exactly one user message ({}).", r.detail),
            "Send one user message with the text to translate.".into(),
            None,
        ),
        Rule::ToolCallsUnanswered => (
            format!("An assistant turn's tool calls are not all answered by tool messages before {}: {} refuses the conversation.", r.detail, surface.id),
            "Add a tool message with each tool_call_id after the assistant turn (Add result), or remove the unanswered calls.".into(),
            None,
        ),
        Rule::ToolMessageOrphan => (
            format!("The tool message at {} follows no assistant turn with tool_calls: {} refuses it.", r.detail, surface.id),
            "Put the assistant turn with its tool_calls before the tool messages, or remove the tool message.".into(),
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
