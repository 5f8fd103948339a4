//! What each surface refuses and how it thinks, from the catalog's model rows (research §2.3,
//! §2.4, §2.5, §4.2, §5). DashScope-family hosts enforce the thinking rules; self-hosted servers
//! take their thinking switch in their own spelling and refuse what their flags do not allow.

use qwen_route::catalog::{self, Dialect, Model, Surface, SurfaceFamily, ThinkingClass};
use serde_json::Value;

use crate::auth::Access;
use crate::envelope::Failure;
use crate::request::ChatCall;
use crate::scenario::Scenario;

/// What the simulated server decided to answer.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Thinking is on.
    pub thinking: bool,
    /// A tool to call: (name, its parameter schema).
    pub tool: Option<(String, Value)>,
    /// The answer must be JSON: `Some(schema)` for `json_schema`, `Some(Null)` for `json_object`.
    pub json: Option<Value>,
}

fn model_for(surface: &Surface, id: &str) -> Option<&'static Model> {
    catalog::models().iter().find(|m| {
        m.id == id
            && (m.served_on(surface.family)
                || (surface.family == SurfaceFamily::Workspace
                    && m.served_on(SurfaceFamily::Dashscope)))
            && (m.regions.is_empty() || surface.region.is_none_or(|r| m.regions.contains(&r)))
    })
}

fn default_on(class: ThinkingClass) -> bool {
    matches!(class, ThinkingClass::HybridOn | ThinkingClass::Only)
}

/// Resolve the model on the surface, or the surface's own "no such model" answer.
fn resolve(
    surface: &Surface,
    call_model: &str,
    access: Access,
) -> Result<Option<&'static Model>, Failure> {
    let found = model_for(surface, call_model);
    match surface.family {
        SurfaceFamily::CodingPlan | SurfaceFamily::TokenPlan => {
            let on_tier = found.filter(|m| match access.tier {
                Some(t) if !m.coding_plan.is_empty() => m.coding_plan.contains(&t),
                _ => true,
            });
            on_tier.map(Some).ok_or_else(|| {
                let mut f = Failure::from_catalog("model-not-supported", None);
                f.message = format!("model `{call_model}` is not supported.");
                f
            })
        }
        SurfaceFamily::Dashscope | SurfaceFamily::Workspace => found.map(Some).ok_or_else(|| {
            let mut f = Failure::from_catalog("model-not-found", None);
            f.message = format!("The model `{call_model}` does not exist or you do not have access to it.");
            f
        }),
        // vLLM/SGLang serve one name (`--served-model-name`); research §5.2.
        SurfaceFamily::Vllm | SurfaceFamily::Sglang => found.map(Some).ok_or_else(|| Failure {
            status: 404,
            code: None,
            kind: None,
            message: format!("The model `{call_model}` does not exist."),
            retry_after: None,
        }),
        // Ollama: `model "x" not found, try pulling it first` (ollama server/routes.go).
        SurfaceFamily::Ollama => found.map(Some).ok_or_else(|| Failure {
            status: 404,
            code: None,
            kind: None,
            message: format!("model \"{call_model}\" not found, try pulling it first"),
            retry_after: None,
        }),
        // LiteLLM: PEERS-RECIPE (e), verbatim.
        SurfaceFamily::Litellm => catalog::model(call_model).map(Some).ok_or_else(|| Failure {
            status: 400,
            code: Some("400".into()),
            kind: Some("invalid_request_error".into()),
            message: format!("/chat/completions: Invalid model name passed in model={call_model}. Call `/v1/models` to view available models for your key."),
            retry_after: None,
        }),
        // llama.cpp answers with whatever model it loaded, whatever the name.
        _ => Ok(found.or_else(|| catalog::model(call_model))),
    }
}

/// Whether thinking is on, in the dialect's spelling, or the server's refusal.
fn thinking(
    dialect: Dialect,
    class: ThinkingClass,
    call: &ChatCall,
    model_id: &str,
) -> Result<bool, Failure> {
    match dialect {
        Dialect::Dashscope => {
            let explicit = call.enable_thinking.or(match call.reasoning_effort.as_deref() {
                Some("none") => Some(false),
                Some(_) => Some(true),
                None => None,
            });
            match (class, explicit) {
                (ThinkingClass::Only, Some(false)) => {
                    Err(Failure::from_catalog("thinking-restricted-true", None))
                }
                (ThinkingClass::None, Some(true)) => {
                    Err(Failure::from_catalog("param-unsupported", None))
                }
                (ThinkingClass::None, _) => Ok(false),
                (_, Some(e)) => Ok(e),
                (c, None) => Ok(default_on(c)),
            }
        }
        Dialect::Ollama => match call.reasoning_effort.as_deref() {
            Some("none") => Ok(class == ThinkingClass::Only),
            Some(_) if class == ThinkingClass::None => {
                let mut f = Failure::from_catalog("ollama-no-thinking", None);
                f.message = format!("\"{model_id}\" does not support thinking");
                Err(f)
            }
            Some(_) => Ok(true),
            None => Ok(default_on(class)),
        },
        Dialect::Vllm | Dialect::Sglang | Dialect::LlamaCpp => {
            Ok(match (class, call.template_thinking) {
                (ThinkingClass::None, _) => false,
                (ThinkingClass::Only, _) => true,
                (_, Some(e)) => e,
                (c, None) => default_on(c),
            })
        }
        Dialect::Litellm => Ok(class != ThinkingClass::None
            && call.enable_thinking.or(call.template_thinking).unwrap_or(default_on(class))),
        Dialect::Openai => Ok(false),
    }
}

/// The tool the simulated model calls, if any.
fn pick_tool(call: &ChatCall) -> Option<(String, Value)> {
    if call.tools.is_empty() || call.tool_choice_none() || call.after_tool_result() {
        return None;
    }
    let wanted = call
        .tool_choice
        .as_ref()
        .and_then(|c| c.get("function"))
        .and_then(|f| f.get("name"))
        .and_then(Value::as_str);
    let tool = call
        .tools
        .iter()
        .find(|t| wanted.is_none_or(|w| t["function"]["name"].as_str() == Some(w)))?;
    let name = tool["function"]["name"].as_str()?.to_string();
    Some((name, tool["function"]["parameters"].clone()))
}

/// Decide the answer, or the refusal, for a chat call on a surface.
pub(crate) fn plan(
    surface: &Surface,
    call: &ChatCall,
    model_id: &str,
    access: Access,
    scenario: Scenario,
) -> Result<Plan, Failure> {
    let model = resolve(surface, model_id, access)?;
    let class = model.map_or(ThinkingClass::None, |m| m.thinking);
    let dialect = surface.dialect;
    let dashscope = dialect == Dialect::Dashscope;
    let ceiling = model.and_then(|m| m.max_tokens_ceiling.or(m.max_output));
    let input_limit = model.and_then(|m| m.max_input.or(m.context));
    match scenario {
        Scenario::RateLimit => {
            let mut f = Failure::from_catalog("rate-limit", None);
            f.retry_after = Some(2);
            return Err(f);
        }
        Scenario::Quota => return Err(Failure::from_catalog("quota-exceeded", None)),
        Scenario::Arrearage => return Err(Failure::from_catalog("arrearage", None)),
        Scenario::DataInspection => {
            return Err(Failure::from_catalog("data-inspection-failed", None))
        }
        Scenario::InputTooLong => {
            return Err(Failure::from_catalog(
                "input-too-long",
                Some(input_limit.unwrap_or(30_720)),
            ))
        }
        Scenario::MaxTokens => {
            return Err(Failure::from_catalog("max-tokens-range", Some(ceiling.unwrap_or(8_192))))
        }
        Scenario::ServerError => return Err(Failure::sim(500, "simulated internal server error")),
        Scenario::NoToolParser
            if matches!(dialect, Dialect::Vllm | Dialect::Sglang)
                && !call.tools.is_empty()
                && !call.tool_choice_none() =>
        {
            return Err(Failure::from_catalog("vllm-auto-tool-choice", None));
        }
        _ => {}
    }
    let thinking = thinking(dialect, class, call, model_id)?;
    let json = match call.format_type() {
        Some("json_schema") => Some(
            call.response_format
                .as_ref()
                .and_then(|f| f.get("json_schema"))
                .and_then(|s| s.get("schema"))
                .cloned()
                .unwrap_or(Value::Bool(true)),
        ),
        Some("json_object") => Some(Value::Null),
        _ => None,
    };
    if dashscope {
        if let Some(m) = model {
            if m.streaming_only && !call.stream {
                return Err(Failure::from_catalog("streaming-only", None));
            }
        }
        if thinking && !call.stream {
            return Err(Failure::from_catalog("thinking-non-streaming", None));
        }
        if thinking && call.tool_choice_forced() {
            return Err(Failure::from_catalog("tool-choice-thinking", None));
        }
        if thinking && json.is_some() {
            return Err(Failure::from_catalog("json-mode-thinking", None));
        }
        if call.format_type() == Some("json_object")
            && !call.all_text().to_ascii_lowercase().contains("json")
        {
            return Err(Failure::from_catalog("json-object-needs-json-word", None));
        }
        if let (Some(asked), Some(max)) = (call.max_tokens, ceiling) {
            if asked == 0 || asked > u64::from(max) {
                return Err(Failure::from_catalog("max-tokens-range", Some(max)));
            }
        }
        if let Some(limit) = input_limit {
            if call.prompt_tokens() > u64::from(limit) {
                return Err(Failure::from_catalog("input-too-long", Some(limit)));
            }
        }
    }
    Ok(Plan { thinking, tool: pick_tool(call), json })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(body: Value) -> ChatCall {
        ChatCall::parse(body.to_string().as_bytes()).unwrap()
    }

    fn plan_on(surface: &str, body: Value) -> Result<Plan, Failure> {
        let s = catalog::surface(surface).unwrap();
        let c = call(body);
        let model = c.model.clone();
        plan(s, &c, &model, Access { tier: None }, Scenario::Normal)
    }

    #[test]
    fn dashscope_thinking_rules() {
        let hi = serde_json::json!([{"role": "user", "content": "hi"}]);
        let err = |b| plan_on("dashscope-intl", b).unwrap_err().message;
        assert!(err(
            serde_json::json!({"model": "qwen3.5-plus", "messages": hi, "enable_thinking": true})
        )
        .contains("non-streaming"));
        assert!(err(serde_json::json!({"model": "Qwen-Plus", "messages": hi}))
            .contains("does not exist"));
        assert!(err(serde_json::json!({"model": "qwen-plus", "messages": hi, "response_format": {"type": "json_object"}})).contains("word 'json'"));
        let ok =
            plan_on("dashscope-intl", serde_json::json!({"model": "qwen-plus", "messages": hi}))
                .unwrap();
        assert!(!ok.thinking);
    }

    #[test]
    fn self_hosted_spellings() {
        let hi = serde_json::json!([{"role": "user", "content": "hi"}]);
        let p = plan_on("vllm", serde_json::json!({"model": "Qwen/Qwen3-8B", "messages": hi, "chat_template_kwargs": {"enable_thinking": false}})).unwrap();
        assert!(!p.thinking);
        let p = plan_on(
            "vllm",
            serde_json::json!({"model": "Qwen/Qwen3-8B", "messages": hi, "enable_thinking": false}),
        )
        .unwrap();
        assert!(p.thinking, "vLLM ignores a top-level enable_thinking");
        let p = plan_on(
            "ollama",
            serde_json::json!({"model": "qwen3:8b", "messages": hi, "reasoning_effort": "none"}),
        )
        .unwrap();
        assert!(!p.thinking);
        assert_eq!(
            plan_on("ollama", serde_json::json!({"model": "qwen9:1b", "messages": hi}))
                .unwrap_err()
                .status,
            404
        );
    }
}
