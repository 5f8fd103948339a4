//! What each surface refuses and how it thinks. The body rules are the core's
//! (`qwen_route::refusals`, the same rules the shaper's lint runs); this module adds what only a
//! server knows: which model ids it serves (and its "no such model" answer), and the failure
//! scenarios.

use qwen_route::catalog::{self, Dialect, Model, Surface, SurfaceFamily, ToolFormat};
use qwen_route::refusals;
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
    /// No tool-call parser: the tool call stays in `content` as the model wrote it.
    pub tool_as_text: Option<ToolFormat>,
}

fn model_for(surface: &Surface, id: &str) -> Option<&'static Model> {
    // Rolling aliases the server answers to (`qwen-plus-latest`) take their target's facts.
    let id = catalog::aliases()
        .iter()
        .find(|a| {
            a.alias == id && a.wire == catalog::AliasWire::Keep && a.removed_surface.is_none()
        })
        .map_or(id, |a| a.target);
    catalog::models().iter().find(|m| {
        m.id == id
            && (m.served_on(surface.family)
                || (surface.family == SurfaceFamily::Workspace
                    && m.served_on(SurfaceFamily::Dashscope)))
            && (m.regions.is_empty() || surface.region.is_none_or(|r| m.regions.contains(&r)))
    })
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
        // vLLM/SGLang serve one name (`--served-model-name`).
        SurfaceFamily::Vllm | SurfaceFamily::Sglang => found.map(Some).ok_or_else(|| Failure {
            status: 404,
            code: None,
            kind: None,
            message: format!("The model `{call_model}` does not exist."),
            retry_after: None,
            catalog_id: Some("model-not-found"),
        }),
        // Ollama: `model "x" not found, try pulling it first` (ollama server/routes.go).
        SurfaceFamily::Ollama => found.map(Some).ok_or_else(|| Failure {
            status: 404,
            code: None,
            kind: None,
            message: format!("model \"{call_model}\" not found, try pulling it first"),
            retry_after: None,
            catalog_id: Some("model-not-found"),
        }),
        // LiteLLM: measured on a LiteLLM proxy (tests/peers/litellm), verbatim.
        SurfaceFamily::Litellm => catalog::model(call_model).map(Some).ok_or_else(|| Failure {
            status: 400,
            code: Some("400".into()),
            kind: Some("invalid_request_error".into()),
            message: format!("/chat/completions: Invalid model name passed in model={call_model}. Call `/v1/models` to view available models for your key."),
            retry_after: None,
            catalog_id: Some("model-not-found"),
        }),
        // llama.cpp answers with whatever model it loaded, whatever the name.
        _ => Ok(found.or_else(|| catalog::model(call_model))),
    }
}

/// A refusal from the shared rules, in this server's words.
fn failure(r: &refusals::Refusal, model_id: &str) -> Failure {
    let mut f = Failure::from_catalog(r.error, r.param.and_then(|n| u32::try_from(n).ok()));
    if r.error == "ollama-no-thinking" {
        f.message = format!("\"{model_id}\" does not support thinking");
    }
    f
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
    let dialect = surface.dialect;
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
            if dialect == Dialect::Vllm && !call.tools.is_empty() && !call.tool_choice_none() =>
        {
            return Err(Failure::from_catalog("vllm-auto-tool-choice", None));
        }
        Scenario::NoToolParser if dialect == Dialect::LlamaCpp && !call.tools.is_empty() => {
            return Err(Failure::from_catalog("llama-cpp-needs-jinja", None));
        }
        _ => {}
    }
    // The body rules, shared with the shaper's lint: the first refusal is the answer.
    // The Anthropic path answers thinking without a stream (its reference shows a non-streamed
    // thinking block); the shaper skips the same rule there.
    let skip =
        |r: &refusals::Refusal| call.anthropic && r.rule == refusals::Rule::ThinkingOnNonStreaming;
    if let Some(r) =
        refusals::check(surface, model, &call.body).into_iter().find(|r| !skip(r)).as_ref()
    {
        return Err(failure(r, model_id));
    }
    let thinking = refusals::read_thinking(surface, model, &call.body).0.on.unwrap_or(false);
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
    let tool_as_text = (scenario == Scenario::NoToolParser && dialect != Dialect::Dashscope)
        .then(|| model.and_then(|m| m.tool_format).unwrap_or(ToolFormat::Hermes));
    Ok(Plan { thinking, tool: pick_tool(call), json, tool_as_text })
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
