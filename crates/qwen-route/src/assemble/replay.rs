//! Buffered tool-call mode (the design brief): turn a non-streaming body into the frame sequence a
//! stream would have produced, so callers handle one shape.

use serde_json::{json, Map, Value};

use crate::error::Error;

fn chunk(base: &Map<String, Value>, choices: Value) -> String {
    let mut m = base.clone();
    m.insert("object".into(), "chat.completion.chunk".into());
    m.insert("choices".into(), choices);
    Value::Object(m).to_string()
}

/// The `data` payloads (JSON strings, then `[DONE]`) a stream would have carried for this
/// `chat.completion` body: role, reasoning, content, one frame per tool call, the finish
/// reason, a usage frame with `choices: []`, and `[DONE]`.
///
/// ```
/// let body = br#"{"id":"c1","model":"qwen-plus","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"#;
/// let frames = qwen_route::assemble::replay_frames(body).unwrap();
/// assert_eq!(frames.last().unwrap(), "[DONE]");
/// assert!(frames.iter().any(|f| f.contains("\"call_1\"")));
/// ```
pub fn replay_frames(body: &[u8]) -> Result<Vec<String>, Error> {
    let v: Value = serde_json::from_str(&String::from_utf8_lossy(body))
        .map_err(|e| Error::InvalidPayload { reason: format!("the body is not JSON: {e}") })?;
    let Some(choices) = v.get("choices").and_then(Value::as_array) else {
        return Err(Error::InvalidPayload { reason: "the body has no `choices` array".into() });
    };
    let mut base = Map::new();
    for key in ["id", "created", "model", "system_fingerprint"] {
        if let Some(x) = v.get(key) {
            base.insert(key.into(), x.clone());
        }
    }
    let mut out = Vec::new();
    for (pos, c) in choices.iter().enumerate() {
        let index = c.get("index").cloned().unwrap_or_else(|| json!(pos));
        let msg = c.get("message").cloned().unwrap_or(Value::Null);
        let role = msg.get("role").cloned().unwrap_or_else(|| json!("assistant"));
        out.push(chunk(&base, json!([{ "index": index, "delta": { "role": role, "content": "" }, "finish_reason": null }])));
        for field in ["reasoning_content", "reasoning"] {
            if let Some(r) = msg.get(field).and_then(Value::as_str).filter(|r| !r.is_empty()) {
                out.push(chunk(
                    &base,
                    json!([{ "index": index, "delta": { field: r }, "finish_reason": null }]),
                ));
            }
        }
        let content = match msg.get("content") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(parts)) => {
                parts.iter().filter_map(|p| p.get("text").and_then(Value::as_str)).collect()
            }
            _ => String::new(),
        };
        if !content.is_empty() {
            out.push(chunk(
                &base,
                json!([{ "index": index, "delta": { "content": content }, "finish_reason": null }]),
            ));
        }
        if let Some(calls) = msg.get("tool_calls").and_then(Value::as_array) {
            for (i, call) in calls.iter().enumerate() {
                let mut call = call.clone();
                if let Some(o) = call.as_object_mut() {
                    o.entry("index").or_insert_with(|| json!(i));
                    if let Some(Value::Object(f)) = o.get_mut("function") {
                        if let Some(args) = f.get("arguments").filter(|a| !a.is_string()).cloned() {
                            f.insert("arguments".into(), Value::String(args.to_string()));
                        }
                    }
                }
                out.push(chunk(&base, json!([{ "index": index, "delta": { "tool_calls": [call] }, "finish_reason": null }])));
            }
        }
        let finish = c.get("finish_reason").cloned().unwrap_or(Value::Null);
        out.push(chunk(&base, json!([{ "index": index, "delta": {}, "finish_reason": finish }])));
    }
    if let Some(u) = v.get("usage").filter(|u| !u.is_null()) {
        let mut m = base.clone();
        m.insert("object".into(), "chat.completion.chunk".into());
        m.insert("choices".into(), json!([]));
        m.insert("usage".into(), u.clone());
        out.push(Value::Object(m).to_string());
    }
    out.push("[DONE]".into());
    Ok(out)
}

/// The same frames as SSE bytes (`data: …\n\n` each).
///
/// ```
/// let sse = qwen_route::assemble::replay_sse(br#"{"choices":[{"message":{"content":"hi"},"finish_reason":"stop"}]}"#).unwrap();
/// assert!(sse.ends_with("data: [DONE]\n\n"));
/// ```
pub fn replay_sse(body: &[u8]) -> Result<String, Error> {
    Ok(replay_frames(body)?.into_iter().map(|f| format!("data: {f}\n\n")).collect())
}

#[cfg(test)]
mod tests {
    use super::super::{assemble_auto, assemble_body, AssembleOptions};
    use super::*;

    #[test]
    fn replay_assembles_to_the_same_answer() {
        let body = br#"{"id":"c","model":"qwen-plus","choices":[{"index":0,"message":{"role":"assistant","content":"It is sunny.","reasoning_content":"check weather","tool_calls":[{"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16}}"#;
        let direct = assemble_body(body, &AssembleOptions::default());
        let replayed =
            assemble_auto(replay_sse(body).unwrap().as_bytes(), &AssembleOptions::default());
        assert_eq!(direct.choices, replayed.choices);
        assert_eq!(direct.usage, replayed.usage);
        assert_eq!(replayed.end, super::super::End::Done);
    }
}
