//! Reading payloads as other SDKs write them: `extra_body` with the OpenAI SDK's meaning, and
//! every spelling of thinking, recompiled as the one thinking control.
//!
//! The rule is that nothing in the input is dropped, replaced, or left on the wire where it
//! does nothing, without a note or a finding:
//! - `extra_body` is merged into the body (the OpenAI Python SDK does so; a literal `extra_body`
//!   key is not read by DashScope), and a key it overrides is named;
//! - `enable_thinking`/`thinking_budget`, `thinking: {type, budget_tokens}`,
//!   `chat_template_kwargs.enable_thinking`, `reasoning_effort` (a word, an `{effort}` object, or
//!   `reasoning.effort`), Ollama's `think` and `thinking_token_budget` are all read; spellings
//!   that disagree are noted with the one that won;
//! - a budget is kept as given (0 included) and checked against the model's range by the
//!   refusal rules: it is never replaced by a default.

use serde_json::{Map, Value};

use crate::catalog::{Model, ThinkingClass, ThinkingControl};
use crate::lint::{Finding, Note, Severity};
use crate::refusals::DASHSCOPE_EFFORTS;
use crate::settings::ThinkingSetting;

/// What the payload (or the flag) asked of thinking.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Requested {
    /// On/off and level, if asked.
    pub setting: Option<ThinkingSetting>,
    /// A budget the payload gave, verbatim (0 and negative kept, to be refused, not replaced).
    pub budget: Option<i64>,
    /// A literal effort word from the payload, sent as is to reasoning-effort models when valid.
    pub effort: Option<String>,
}

/// Merge `extra_body` into the payload the way the OpenAI Python SDK does (its keys win).
pub(crate) fn merge_extra_body(
    payload: &mut Map<String, Value>,
    notes: &mut Vec<Note>,
    lint: &mut Vec<Finding>,
) {
    let Some(extra) = payload.shift_remove("extra_body") else { return };
    let Value::Object(extra) = extra else {
        lint.push(
            Finding::new(
                "extra-body-not-object",
                Severity::Warning,
                crate::msg!(
                    "finding.extra-body-not-object.message",
                    "extra_body is {value}, not an object: it was not sent (the OpenAI SDK would refuse it too).",
                    value = extra
                ),
            )
            .fix(crate::msg!(
                "finding.extra-body-not-object.fix",
                "Give extra_body as a JSON object of top-level fields, or put the fields at the top level."
            )),
        );
        return;
    };
    let mut replaced = Vec::new();
    let keys: Vec<String> = extra.keys().cloned().collect();
    for (k, v) in extra {
        if let Some(old) = payload.get(&k).filter(|old| **old != v) {
            replaced.push(format!("{k} ({old} → {v})"));
        }
        payload.insert(k, v);
    }
    notes.push(Note::new(
        "extra-body-merged",
        crate::msg!(
            "note.extra-body-merged",
            "extra_body was merged into the body, as the OpenAI Python SDK sends it ({keys}); a literal extra_body key would reach the server unread.",
            keys = keys.join(", ")
        ),
    ));
    if !replaced.is_empty() {
        notes.push(Note::new(
            "extra-body-overrides",
            crate::msg!(
                "note.extra-body-overrides",
                "extra_body replaced top-level values, as the SDK's merge does: {replaced}.",
                replaced = replaced.join("; ")
            ),
        ));
    }
}

/// Top-level fields that carry credentials. A key goes only in the `Authorization` header, which
/// the transport fills at send time; the shaper never puts one in a body.
pub(crate) const CREDENTIAL_FIELDS: &[&str] = &[
    "api_key",
    "apiKey",
    "api-key",
    "authorization",
    "Authorization",
    "access_token",
    "x-api-key",
];

/// Remove credentials from the payload, with a finding naming the fields (their values are not
/// repeated anywhere).
pub(crate) fn strip_credentials(payload: &mut Map<String, Value>, lint: &mut Vec<Finding>) {
    let found: Vec<&str> =
        CREDENTIAL_FIELDS.iter().copied().filter(|f| payload.shift_remove(*f).is_some()).collect();
    if !found.is_empty() {
        lint.push(
            Finding::new(
                "credential-in-body",
                Severity::Warning,
                crate::msg!(
                    "finding.credential-in-body.message",
                    "The payload carried {fields}: a key goes only in the Authorization header, so it was removed from the body.",
                    fields = found.join(", ")
                ),
            )
            .fix(crate::msg!(
                "finding.credential-in-body.fix",
                "Give the key through the key field or an environment variable, never inside the JSON body."
            )),
        );
    }
}

/// One spelling of thinking found in the payload.
struct Spelling {
    field: &'static str,
    on: Option<bool>,
    setting: Option<ThinkingSetting>,
    budget: Option<i64>,
    effort: Option<String>,
}

fn level_of_effort(word: &str) -> Option<ThinkingSetting> {
    match word {
        "none" => Some(ThinkingSetting::Off),
        "minimal" | "minimum" | "low" => Some(ThinkingSetting::Low),
        "medium" => Some(ThinkingSetting::Medium),
        "high" | "xhigh" | "max" => Some(ThinkingSetting::High),
        _ => None,
    }
}

fn budget_of(v: Option<&Value>) -> Option<i64> {
    v.and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
}

/// Take every thinking spelling out of the payload and read it as one request.
pub(crate) fn read_thinking(
    flag: Option<ThinkingSetting>,
    model: Option<&Model>,
    payload: &mut Map<String, Value>,
    notes: &mut Vec<Note>,
    lint: &mut Vec<Finding>,
) -> Requested {
    let mut found: Vec<Spelling> = Vec::new();
    let top_budget = payload.shift_remove("thinking_budget");
    let token_budget = payload.shift_remove("thinking_token_budget");
    if let Some(v) = payload.shift_remove("enable_thinking") {
        match v.as_bool() {
            Some(on) => found.push(Spelling {
                field: "enable_thinking",
                on: Some(on),
                setting: None,
                budget: None,
                effort: None,
            }),
            None => lint.push(not_understood("enable_thinking", &v)),
        }
    }
    if let Some(v) = payload.shift_remove("thinking") {
        let kind = v.get("type").and_then(Value::as_str);
        let budget = budget_of(v.get("budget_tokens"));
        match kind {
            Some("enabled" | "adaptive") => found.push(Spelling {
                field: "thinking",
                on: Some(true),
                setting: None,
                budget,
                effort: None,
            }),
            Some("disabled") => found.push(Spelling {
                field: "thinking",
                on: Some(false),
                setting: None,
                budget: None,
                effort: None,
            }),
            _ => lint.push(not_understood("thinking", &v)),
        }
    }
    if let Some(Value::Object(kwargs)) = payload.get_mut("chat_template_kwargs") {
        let on = kwargs.shift_remove("enable_thinking");
        let budget = kwargs.shift_remove("thinking_budget");
        if on.is_some() || budget.is_some() {
            found.push(Spelling {
                field: "chat_template_kwargs.enable_thinking",
                on: on.as_ref().and_then(Value::as_bool),
                setting: None,
                budget: budget_of(budget.as_ref()),
                effort: None,
            });
        }
        if kwargs.is_empty() {
            payload.shift_remove("chat_template_kwargs");
        }
    }
    let effort_value = payload.shift_remove("reasoning_effort").or_else(|| {
        let nested = payload.get("reasoning").and_then(|r| r.get("effort")).cloned();
        if nested.is_some() {
            if let Some(Value::Object(r)) = payload.get_mut("reasoning") {
                r.shift_remove("effort");
                if r.is_empty() {
                    payload.shift_remove("reasoning");
                }
            }
        }
        nested
    });
    if let Some(v) = effort_value {
        let word = match &v {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("effort").and_then(Value::as_str).map(str::to_string),
            _ => None,
        };
        match word.as_deref().and_then(|w| level_of_effort(w).map(|l| (w, l))) {
            Some((w, level)) => found.push(Spelling {
                field: "reasoning_effort",
                on: Some(level.is_on()),
                setting: Some(level),
                budget: None,
                effort: Some(w.to_string()),
            }),
            None => lint.push(
                Finding::new(
                    "reasoning-effort-invalid",
                    Severity::Warning,
                    crate::msg!(
                        "finding.reasoning-effort-invalid.message.payload",
                        "reasoning_effort {value} is not a word any Qwen server reads ({efforts}); it was not sent, so the model's default applies.",
                        value = v,
                        efforts = DASHSCOPE_EFFORTS.join(", ")
                    ),
                )
                .prevents("reasoning-effort-invalid")
                .fix(crate::msg!(
                    "finding.reasoning-effort-invalid.fix.payload",
                    "Use none, low, medium or high (or the thinking control)."
                )),
            ),
        }
    }
    if let Some(v) = payload.shift_remove("think") {
        match &v {
            Value::Bool(on) => found.push(Spelling {
                field: "think",
                on: Some(*on),
                setting: None,
                budget: None,
                effort: None,
            }),
            Value::String(s) if level_of_effort(s).is_some() => found.push(Spelling {
                field: "think",
                on: Some(s != "none"),
                setting: level_of_effort(s),
                budget: None,
                effort: None,
            }),
            _ => lint.push(not_understood("think", &v)),
        }
    }
    let loose_budget = budget_of(top_budget.as_ref()).or_else(|| budget_of(token_budget.as_ref()));
    if let Some(b) = loose_budget {
        let field = if top_budget.is_some() { "thinking_budget" } else { "thinking_token_budget" };
        match found.iter_mut().find(|s| s.on != Some(false)) {
            Some(s) if s.budget.is_none() => s.budget = Some(b),
            _ => found.push(Spelling {
                field,
                on: None,
                setting: None,
                budget: Some(b),
                effort: None,
            }),
        }
    } else if let Some(v) = top_budget.or(token_budget) {
        lint.push(not_understood("thinking_budget", &v));
    }

    // Which spelling wins: the first that says on or off; spellings that disagree are named.
    let winner = found.iter().find(|s| s.on.is_some());
    if let Some(w) = winner {
        let losers: Vec<String> = found
            .iter()
            .filter(|s| s.on.is_some() && s.on != w.on)
            .map(|s| format!("{} ({})", s.field, if s.on == Some(true) { "on" } else { "off" }))
            .collect();
        if !losers.is_empty() {
            notes.push(Note::new(
                "thinking-spellings-disagree",
                crate::msg!(
                    "note.thinking-spellings-disagree",
                    "{field} ({state}) was used; {others} said otherwise.",
                    field = w.field,
                    state = if w.on == Some(true) { "on" } else { "off" },
                    others = losers.join(", ")
                ),
            ));
        }
    }
    let budget = found.iter().find_map(|s| s.budget);
    let fields: Vec<&str> = found.iter().map(|s| s.field).collect();

    if let Some(setting) = flag {
        if !fields.is_empty() {
            notes.push(Note::new(
                "thinking-from-argument",
                crate::msg!(
                    "note.thinking-from-argument",
                    "The payload's {fields} was replaced by the thinking control ({setting}).",
                    fields = fields.join(", "),
                    setting = setting
                ),
            ));
        }
        return Requested { setting: Some(setting), budget: None, effort: None };
    }
    if found.is_empty() {
        return Requested::default();
    }
    let class = model.map(|m| m.thinking);
    let on = match winner.and_then(|w| w.on) {
        Some(on) => Some(on),
        // A budget alone: thinking at the model's default, capped.
        None => match class {
            Some(c) if c.thinks_by_default() => Some(true),
            Some(ThinkingClass::None) => Some(false),
            Some(_) => {
                notes.push(Note::new(
                    "thinking-budget-without-switch",
                    crate::msg!(
                        "note.thinking-budget-without-switch",
                        "The payload gave a thinking budget ({budget}) but did not switch thinking on; {model} does not think by default, so the budget has no effect and was not sent. Switch thinking on to use it.",
                        budget = budget.unwrap_or_default(),
                        model = model.map_or("this model", |m| m.id)
                    ),
                ));
                return Requested::default();
            }
            None => Some(true),
        },
    };
    let setting = match (on, winner.and_then(|w| w.setting)) {
        (Some(false), _) => Some(ThinkingSetting::Off),
        (_, Some(level)) => Some(level),
        (_, None) => Some(ThinkingSetting::Medium),
    };
    if on == Some(false) {
        if let Some(b) = budget {
            notes.push(Note::new(
                "thinking-budget-ignored",
                crate::msg!(
                    "note.thinking-budget-ignored",
                    "thinking_budget {budget} has no effect with thinking off; it was not sent.",
                    budget = b
                ),
            ));
        }
    }
    let budget = budget.filter(|_| on == Some(true));
    let effort = winner.and_then(|w| w.effort.clone()).filter(|w| {
        model.is_some_and(|m| m.thinking_control == ThinkingControl::ReasoningEffort)
            && DASHSCOPE_EFFORTS.contains(&w.as_str())
    });
    let fields = fields.join(", ");
    let text = match (setting, budget) {
        (Some(s), Some(b)) if s.is_on() => crate::msg!(
            "note.thinking-from-payload.budget",
            "The payload's {fields} was read as thinking on with budget {budget} and compiled for this surface.",
            fields = fields,
            budget = b
        ),
        (Some(s), _) => crate::msg!(
            "note.thinking-from-payload.setting",
            "The payload's {fields} was read as thinking {setting} and compiled for this surface.",
            fields = fields,
            setting = s
        ),
        (None, _) => crate::msg!(
            "note.thinking-from-payload.default",
            "The payload's {fields} was read as thinking the model's default and compiled for this surface.",
            fields = fields
        ),
    };
    notes.push(Note::new("thinking-from-payload", text));
    Requested { setting, budget, effort }
}

fn not_understood(field: &str, v: &Value) -> Finding {
    Finding::new(
        "thinking-field-invalid",
        Severity::Warning,
        crate::msg!(
            "finding.thinking-field-invalid.message",
            "{field} is {value}, which no thinking switch reads; it was not sent.",
            field = field,
            value = v
        ),
    )
    .fix(crate::msg!(
        "finding.thinking-field-invalid.fix",
        "Use true/false for a switch, a number for a budget, or the thinking control."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use serde_json::json;

    fn read(model: &str, body: Value) -> (Requested, Vec<Note>, Vec<Finding>) {
        let mut p = body.as_object().unwrap().clone();
        let (mut n, mut l) = (vec![], vec![]);
        let r = read_thinking(None, catalog::model(model), &mut p, &mut n, &mut l);
        (r, n, l)
    }

    #[test]
    fn a_budget_alone_caps_default_thinking() {
        let (r, _, _) = read("qwen3.5-plus", json!({"thinking_budget": 2048}));
        assert_eq!(r.setting, Some(ThinkingSetting::Medium));
        assert_eq!(r.budget, Some(2048));
        // On a default-off model it does nothing, and says so.
        let (r, n, _) = read("qwen-plus", json!({"thinking_budget": 2048}));
        assert_eq!(r, Requested::default());
        assert!(n.iter().any(|n| n.code == "thinking-budget-without-switch"));
    }

    #[test]
    fn a_zero_budget_is_kept_not_replaced() {
        let (r, n, _) = read("qwen-plus", json!({"enable_thinking": true, "thinking_budget": 0}));
        assert_eq!(r.budget, Some(0));
        assert!(n.iter().any(|n| n.text.contains("budget 0")), "{n:?}");
    }

    #[test]
    fn anthropic_style_and_ollama_spellings() {
        let (r, _, _) =
            read("qwen-plus", json!({"thinking": {"type": "enabled", "budget_tokens": 1024}}));
        assert_eq!((r.setting.map(ThinkingSetting::is_on), r.budget), (Some(true), Some(1024)));
        let (r, _, _) = read("qwen-plus", json!({"thinking": {"type": "disabled"}}));
        assert_eq!(r.setting, Some(ThinkingSetting::Off));
        let (r, _, _) = read("qwen3:8b", json!({"think": false}));
        assert_eq!(r.setting, Some(ThinkingSetting::Off));
        let (r, _, _) = read("qwen-plus", json!({"reasoning": {"effort": "low"}}));
        assert_eq!(r.setting, Some(ThinkingSetting::Low));
    }

    #[test]
    fn disagreeing_spellings_name_the_winner() {
        let (r, n, _) = read("qwen-plus", json!({"enable_thinking": true, "think": false}));
        assert_eq!(r.setting, Some(ThinkingSetting::Medium));
        assert!(n
            .iter()
            .any(|n| n.code == "thinking-spellings-disagree" && n.text.contains("think (off)")));
    }

    #[test]
    fn credentials_never_stay_in_the_body() {
        let mut p =
            json!({"api_key": "sk-live-0123456789", "Authorization": "Bearer x", "top_k": 1})
                .as_object()
                .unwrap()
                .clone();
        let mut l = vec![];
        strip_credentials(&mut p, &mut l);
        assert_eq!(p.keys().collect::<Vec<_>>(), ["top_k"]);
        assert_eq!(l[0].code, "credential-in-body");
        assert!(!l[0].message.contains("0123456789"));
    }

    #[test]
    fn extra_body_is_merged_and_overrides_are_named() {
        let mut p =
            json!({"enable_thinking": true, "extra_body": {"enable_thinking": false, "top_k": 20}})
                .as_object()
                .unwrap()
                .clone();
        let (mut n, mut l) = (vec![], vec![]);
        merge_extra_body(&mut p, &mut n, &mut l);
        assert_eq!(p["enable_thinking"], false);
        assert_eq!(p["top_k"], 20);
        assert!(!p.contains_key("extra_body"));
        assert!(n.iter().any(|n| n.code == "extra-body-overrides"
            && n.text.contains("enable_thinking (true → false)")));
    }
}
