//! Model Studio's Anthropic Messages endpoint (`/apps/anthropic/v1/messages`), on the surfaces
//! `catalog/anthropic.toml` lists: the endpoint's key headers (Bearer and/or `x-api-key`), its
//! status for a refused key, Coding Plan's agent gate, the Anthropic error envelope (as a body
//! and as `event: error`), and Messages streams and bodies.
//!
//! The request is read back into the OpenAI shape, so the same key binding, model rules and
//! body refusals (the core's `refusals`) answer it as on the chat-completions path.

use qwen_route::catalog::{self, AnthropicEndpoint, Surface, SurfaceFamily};
use serde_json::{json, Map, Value};

use crate::answer::{self, Output};
use crate::envelope::{Failure, ERROR_HEADER};
use crate::ids::Ids;
use crate::request::ChatCall;
use crate::rules;
use crate::scenario::{self, Scenario};
use crate::wire::{SimBody, SimRequest, SimResponse};

/// The `error.type` for a status, as Model Studio's error table names them (403 is a key
/// problem there: fact `error-types`).
fn error_type(status: u16) -> &'static str {
    match status {
        401 | 403 => "authentication_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        529 => "overloaded_error",
        s if s >= 500 => "api_error",
        _ => "invalid_request_error",
    }
}

fn envelope(f: &Failure, ids: &Ids) -> Value {
    json!({
        "type": "error",
        "error": {"type": error_type(f.status), "message": f.message},
        "request_id": ids.request_id(),
    })
}

/// An error answer in the Anthropic envelope.
pub(crate) fn error_response(f: &Failure, ids: &Ids) -> SimResponse {
    let mut r =
        SimResponse::json(f.status, &envelope(f, ids)).with_header("request-id", &ids.request_id());
    if let Some(s) = f.retry_after {
        r = r.with_header("Retry-After", &s.to_string());
    }
    if let Some(id) = f.catalog_id {
        r = r.with_header(ERROR_HEADER, id);
    }
    r
}

/// The key, from the headers this endpoint reads, as an `Authorization` value for the shared
/// key check; a key only in a header it does not read is no key.
fn authorization(ep: &AnthropicEndpoint, req: &SimRequest) -> Result<String, Failure> {
    let bearer = req.header("authorization").filter(|v| !v.trim().is_empty());
    let x_api_key = req.header("x-api-key").filter(|v| !v.trim().is_empty());
    if let (true, Some(b)) = (ep.bearer, bearer) {
        return Ok(b.to_string());
    }
    if let (true, Some(k)) = (ep.x_api_key, x_api_key) {
        return Ok(format!("Bearer {}", k.trim()));
    }
    Err(Failure::from_catalog("key-header-missing", None))
}

/// Answer `POST …/apps/anthropic/v1/messages`.
pub(crate) fn answer(
    surface: &'static Surface,
    req: &SimRequest,
    ids: &Ids,
    personality: Option<&str>,
    pace_ms: u32,
) -> (SimResponse, Option<String>) {
    let Some(ep) = catalog::anthropic_endpoint(surface.id) else {
        return (
            error_response(&Failure::sim(404, "no Anthropic endpoint on this surface"), ids),
            None,
        );
    };
    // Coding Plan serves coding agents only; a caller without a User-Agent is refused
    // (fact agent-gate), with a bare string under "error".
    if surface.family == SurfaceFamily::CodingPlan
        && req.header("user-agent").is_none_or(|ua| ua.trim().is_empty())
    {
        let msg = catalog::upstream_error("coding-plan-agent-gate").map_or("", |r| r.message);
        let r = SimResponse::json(405, &json!({"error": msg}))
            .with_header(ERROR_HEADER, "coding-plan-agent-gate");
        return (r, None);
    }
    let auth = match authorization(ep, req) {
        Ok(a) => a,
        Err(f) => return (error_response(&f, ids), None),
    };
    let access = match crate::auth::check(surface, Some(&auth)) {
        Ok(a) => a,
        Err(mut f) => {
            if f.status == 401 {
                f.status = ep.auth_status;
            }
            return (error_response(&f, ids), None);
        }
    };
    let parsed: Value = match serde_json::from_slice(&req.body) {
        Ok(v @ Value::Object(_)) => v,
        _ => {
            return (error_response(&Failure::sim(400, "the body is not a JSON object"), ids), None)
        }
    };
    let (openai, stream) = match to_openai(&parsed) {
        Ok(x) => x,
        Err(f) => return (error_response(&f, ids), None),
    };
    let bytes = serde_json::to_vec(&openai).unwrap_or_default();
    let mut call = match ChatCall::parse(&bytes) {
        Ok(c) => c,
        Err(f) => return (error_response(&f, ids), None),
    };
    call.stream = stream;
    call.anthropic = true;
    let (scenario, model_id) =
        match scenario::select(req.header(crate::SCENARIO_HEADER).or(personality), &call.model) {
            Ok(s) => s,
            Err(name) => {
                return (
                    error_response(&Failure::sim(400, &format!("unknown scenario {name:?}")), ids),
                    None,
                )
            }
        };
    let label = (scenario != Scenario::Normal).then(|| crate::scenario_name(scenario));
    // A model the sources do not list for this path is answered like any other: the lists
    // are dated, so the shaper only warns (anthropic-model-unlisted) and so does this.
    let plan = match rules::plan(surface, &call, model_id, access, scenario) {
        Ok(p) => p,
        Err(f) => return (error_response(&f, ids), label),
    };
    let out = answer::output(surface.id, model_id, &call, &plan, scenario);
    let msg_id = format!("msg_{}", ids.chat_id().trim_start_matches("chatcmpl-"));
    let res = if call.stream {
        SimResponse {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "text/event-stream; charset=utf-8".into()),
                ("Cache-Control".into(), "no-cache".into()),
                ("request-id".into(), ids.request_id()),
            ],
            body: stream_body(&out, &msg_id, model_id, ids, pace_ms, scenario),
        }
    } else {
        match scenario {
            Scenario::ErrorMidStream => error_response(&overloaded(), ids),
            _ => SimResponse::json(200, &body(&out, &msg_id, model_id, ids))
                .with_header("request-id", &ids.request_id()),
        }
    };
    (res, label)
}

fn overloaded() -> Failure {
    Failure {
        status: 529,
        code: None,
        kind: None,
        message: "Overloaded".into(),
        retry_after: None,
        catalog_id: None,
    }
}

/// A Messages request, read back into the OpenAI shape the rules and answers take, and whether
/// the caller asked for a stream.
fn to_openai(v: &Value) -> Result<(Value, bool), Failure> {
    let unsupported_fields =
        catalog::anthropic_fact("unsupported-fields").map_or(&[][..], |f| f.values);
    let unsupported_blocks =
        catalog::anthropic_fact("unsupported-blocks").map_or(&[][..], |f| f.values);
    let mut out = Map::new();
    let o = v.as_object().ok_or_else(|| Failure::sim(400, "the body is not an object"))?;
    for f in unsupported_fields {
        if o.contains_key(*f) {
            return Err(Failure::sim(400, &format!("{f} is not supported on this endpoint")));
        }
    }
    out.insert("model".into(), o.get("model").cloned().unwrap_or(Value::Null));
    let mut msgs = Vec::new();
    match o.get("system") {
        Some(Value::String(s)) => msgs.push(json!({"role": "system", "content": s})),
        Some(Value::Array(blocks)) => {
            let text: Vec<&str> =
                blocks.iter().filter_map(|b| b.get("text").and_then(Value::as_str)).collect();
            msgs.push(json!({"role": "system", "content": text.join("\n")}));
        }
        _ => {}
    }
    for m in o
        .get("messages")
        .and_then(Value::as_array)
        .ok_or_else(|| Failure::sim(400, "messages: field required"))?
    {
        let role = m.get("role").and_then(Value::as_str).unwrap_or("");
        if role != "user" && role != "assistant" {
            return Err(Failure::sim(
                400,
                &format!("messages: role {role:?} is not user or assistant"),
            ));
        }
        let blocks = match m.get("content") {
            Some(Value::String(s)) => vec![json!({"type": "text", "text": s})],
            Some(Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        let mut parts = Vec::new();
        let mut calls = Vec::new();
        for b in blocks {
            let kind = b.get("type").and_then(Value::as_str).unwrap_or("");
            if unsupported_blocks.contains(&kind) {
                return Err(Failure::sim(
                    400,
                    &format!("content block type {kind} is not supported on this endpoint"),
                ));
            }
            match kind {
                "text" => parts.push(json!({"type": "text", "text": b.get("text").cloned().unwrap_or_default()})),
                "image" | "video" => {
                    let src = b.get("source").unwrap_or(&Value::Null);
                    let url = match src.get("type").and_then(Value::as_str) {
                        Some("base64") => format!(
                            "data:{};base64,{}",
                            src.get("media_type").and_then(Value::as_str).unwrap_or(""),
                            src.get("data").and_then(Value::as_str).unwrap_or("")
                        ),
                        _ => src.get("url").and_then(Value::as_str).unwrap_or("").to_string(),
                    };
                    let key = if kind == "image" { "image_url" } else { "video_url" };
                    parts.push(json!({"type": key, key: {"url": url}}));
                }
                "tool_use" => calls.push(json!({
                    "id": b.get("id"), "type": "function",
                    "function": {"name": b.get("name"), "arguments": b.get("input").cloned().unwrap_or(json!({})).to_string()}
                })),
                "tool_result" => {
                    let content = match b.get("content") {
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Array(a)) => a.iter().filter_map(|x| x.get("text").and_then(Value::as_str)).collect::<Vec<_>>().join(""),
                        _ => String::new(),
                    };
                    msgs.push(json!({"role": "tool", "tool_call_id": b.get("tool_use_id"), "content": content}));
                }
                other => return Err(Failure::sim(400, &format!("unknown content block type {other:?}"))),
            }
        }
        if parts.is_empty() && calls.is_empty() {
            continue;
        }
        let mut msg = json!({"role": role, "content": parts});
        if !calls.is_empty() {
            msg["tool_calls"] = Value::Array(calls);
        }
        msgs.push(msg);
    }
    out.insert("messages".into(), Value::Array(msgs));
    let stream = o.get("stream").and_then(Value::as_bool).unwrap_or(false);
    out.insert("stream".into(), Value::Bool(stream));
    for k in ["max_tokens", "temperature", "top_p", "top_k"] {
        if let Some(x) = o.get(k) {
            out.insert(k.into(), x.clone());
        }
    }
    if let Some(s) = o.get("stop_sequences") {
        out.insert("stop".into(), s.clone());
    }
    if let Some(Value::Array(tools)) = o.get("tools") {
        let t: Vec<Value> = tools
            .iter()
            .map(|t| json!({"type": "function", "function": {"name": t.get("name"), "description": t.get("description"), "parameters": t.get("input_schema")}}))
            .collect();
        out.insert("tools".into(), Value::Array(t));
    }
    if let Some(tc) = o.get("tool_choice") {
        let mapped = match tc.get("type").and_then(Value::as_str) {
            Some("auto") => json!("auto"),
            Some("none") => json!("none"),
            Some("any") => json!("required"),
            Some("tool") => json!({"type": "function", "function": {"name": tc.get("name")}}),
            _ => return Err(Failure::sim(400, "tool_choice.type must be auto, none, any or tool")),
        };
        out.insert("tool_choice".into(), mapped);
    }
    match o.get("thinking").and_then(|t| t.get("type")).and_then(Value::as_str) {
        Some("enabled") => {
            out.insert("enable_thinking".into(), Value::Bool(true));
            if let Some(b) = o.get("thinking").and_then(|t| t.get("budget_tokens")) {
                out.insert("thinking_budget".into(), b.clone());
            }
        }
        Some("disabled") => {
            out.insert("enable_thinking".into(), Value::Bool(false));
        }
        Some(other) => {
            return Err(Failure::sim(
                400,
                &format!("thinking.type {other:?} is not enabled or disabled"),
            ))
        }
        None => {}
    }
    // Fields Messages does not define (DashScope extensions the shaper sends as given) reach
    // the rules as they came.

    for (k, x) in o {
        if !qwen_route::shape::MESSAGES_FIELDS.contains(&k.as_str()) {
            out.insert(k.clone(), x.clone());
        }
    }
    Ok((Value::Object(out), stream))
}

fn stop_reason(finish: &str) -> &'static str {
    match finish {
        "tool_calls" => "tool_use",
        "length" => "max_tokens",
        _ => "end_turn",
    }
}

fn usage(out: &Output, output_tokens: u64) -> Value {
    json!({"input_tokens": out.prompt_tokens, "output_tokens": output_tokens,
        "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0})
}

/// A whole Messages body (thinking blocks carry an empty signature: fact signature-empty).
fn body(out: &Output, msg_id: &str, model: &str, ids: &Ids) -> Value {
    let mut content = Vec::new();
    if !out.reasoning.is_empty() {
        content
            .push(json!({"type": "thinking", "thinking": out.reasoning_text(), "signature": ""}));
    }
    if !out.answer.is_empty() {
        content.push(json!({"type": "text", "text": out.answer_text()}));
    }
    if let Some(t) = &out.tool {
        let input: Value = serde_json::from_str(&t.arguments).unwrap_or(json!({}));
        content
            .push(json!({"type": "tool_use", "id": tool_id(ids), "name": t.name, "input": input}));
    }
    json!({"id": msg_id, "type": "message", "role": "assistant", "model": model, "content": content,
        "stop_reason": stop_reason(out.finish), "stop_sequence": null,
        "usage": usage(out, out.completion_tokens())})
}

fn tool_id(ids: &Ids) -> String {
    format!("toolu_{}", ids.call_id(0).trim_start_matches("call_"))
}

/// The events of a Messages stream, in order.
fn events(out: &Output, msg_id: &str, model: &str, ids: &Ids) -> Vec<(&'static str, Value)> {
    let mut ev = vec![
        (
            "message_start",
            json!({"type": "message_start", "message": {"id": msg_id, "type": "message", "role": "assistant",
            "model": model, "content": [], "stop_reason": null, "stop_sequence": null, "usage": usage(out, 0)}}),
        ),
        ("ping", json!({"type": "ping"})),
    ];
    let mut index = 0;
    if !out.reasoning.is_empty() {
        ev.push(("content_block_start", json!({"type": "content_block_start", "index": index, "content_block": {"type": "thinking", "thinking": "", "signature": ""}})));
        for p in &out.reasoning {
            ev.push(("content_block_delta", json!({"type": "content_block_delta", "index": index, "delta": {"type": "thinking_delta", "thinking": p}})));
        }
        ev.push(("content_block_stop", json!({"type": "content_block_stop", "index": index})));
        index += 1;
    }
    if !out.answer.is_empty() {
        ev.push(("content_block_start", json!({"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}})));
        for p in &out.answer {
            ev.push(("content_block_delta", json!({"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": p}})));
        }
        ev.push(("content_block_stop", json!({"type": "content_block_stop", "index": index})));
        index += 1;
    }
    if let Some(t) = &out.tool {
        ev.push(("content_block_start", json!({"type": "content_block_start", "index": index, "content_block": {"type": "tool_use", "id": tool_id(ids), "name": t.name, "input": {}}})));
        let chars: Vec<char> = t.arguments.chars().collect();
        for piece in chars.chunks(12) {
            let s: String = piece.iter().collect();
            ev.push(("content_block_delta", json!({"type": "content_block_delta", "index": index, "delta": {"type": "input_json_delta", "partial_json": s}})));
        }
        ev.push(("content_block_stop", json!({"type": "content_block_stop", "index": index})));
    }
    ev.push(("message_delta", json!({"type": "message_delta", "delta": {"stop_reason": stop_reason(out.finish), "stop_sequence": null},
        "usage": {"output_tokens": out.completion_tokens()}})));
    ev.push(("message_stop", json!({"type": "message_stop"})));
    ev
}

fn stream_body(
    out: &Output,
    msg_id: &str,
    model: &str,
    ids: &Ids,
    pace_ms: u32,
    scenario: Scenario,
) -> SimBody {
    let sse = |(name, v): &(&str, Value)| format!("event: {name}\ndata: {v}\n\n").into_bytes();
    let events = events(out, msg_id, model, ids).iter().map(sse).collect();
    // An error after the 200 arrives as `event: error` with the same envelope.
    let error = sse(&("error", envelope(&overloaded(), ids)));
    crate::wire::timed_stream(events, None, error, pace_ms, scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_name_the_error_types_of_the_table() {
        assert_eq!(error_type(403), "authentication_error");
        assert_eq!(error_type(429), "rate_limit_error");
        assert_eq!(error_type(529), "overloaded_error");
        assert_eq!(error_type(500), "api_error");
        assert_eq!(error_type(400), "invalid_request_error");
    }

    #[test]
    fn a_messages_body_reads_back_into_the_openai_shape() {
        let (v, stream) = to_openai(&json!({
            "model": "qwen3.5-plus", "max_tokens": 100, "system": "S",
            "messages": [
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": {"a": 1}}]},
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "ok"}]}
            ],
            "thinking": {"type": "enabled", "budget_tokens": 1024},
            "tool_choice": {"type": "any"}
        }))
        .unwrap();
        assert!(!stream);
        assert_eq!(v["messages"][0]["role"], "system");
        assert_eq!(v["messages"][2]["tool_calls"][0]["function"]["arguments"], "{\"a\":1}");
        assert_eq!(v["messages"][3]["role"], "tool");
        assert_eq!(v["enable_thinking"], true);
        assert_eq!(v["thinking_budget"], 1024);
        assert_eq!(v["tool_choice"], "required");
        assert!(to_openai(&json!({"model": "m", "messages": [], "metadata": {}})).is_err());
    }
}
