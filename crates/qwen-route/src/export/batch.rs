//! The current request as Batch API input: one JSON object per line, `custom_id`, `method`,
//! `url`, `body` — the OpenAI Batch input format, which DashScope's OpenAI-compatible Batch
//! interface accepts as is ([official] https://www.alibabacloud.com/help/en/model-studio/batch-interfaces-compatible-with-openai).
//! A batch line is answered as one whole body, so `stream` and `stream_options` are dropped.

use serde::Serialize;
use serde_json::{json, Value};

use crate::shape::Shaped;

/// Batch input lines and what was changed to make them valid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchExport {
    /// The JSONL text, one request per line, ending with a newline.
    pub jsonl: String,
    /// Number of lines.
    pub lines: usize,
    /// Changes made for the Batch API, one sentence each.
    pub notes: Vec<String>,
}

/// The shaped request as Batch input. With `inputs`, one line per non-empty input, each
/// replacing the text of the last user message; without, one line for the request as it is.
///
/// ```
/// use qwen_route::shape::{shape, ShapeRequest};
/// let mut req = ShapeRequest::new("dashscope-intl", "qwen-plus");
/// req.payload = serde_json::json!({"messages": [{"role": "user", "content": "x"}]}).as_object().unwrap().clone();
/// let b = qwen_route::export::batch(&shape(&req).unwrap(), &["red".into(), "".into(), "blue".into()]);
/// assert_eq!(b.lines, 2);
/// let first: serde_json::Value = serde_json::from_str(b.jsonl.lines().next().unwrap()).unwrap();
/// assert_eq!(first["custom_id"], "request-1");
/// assert_eq!(first["url"], "/v1/chat/completions");
/// assert_eq!(first["body"]["messages"][0]["content"], "red");
/// ```
pub fn batch(shaped: &Shaped, inputs: &[String]) -> BatchExport {
    let mut notes = Vec::new();
    let mut body = shaped.request.body.clone();
    if let Some(o) = body.as_object_mut() {
        if o.shift_remove("stream").is_some_and(|s| s == Value::Bool(true)) {
            notes.push("stream removed: the Batch API answers each line as one whole body.".into());
        }
        o.shift_remove("stream_options");
        if o.get("enable_thinking") == Some(&Value::Bool(true)) {
            notes.push("enable_thinking is true: DashScope refuses thinking on non-streaming calls, so these lines may fail; switch thinking off for batch jobs.".into());
        }
    }
    let inputs: Vec<&str> = inputs.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    let bodies: Vec<Value> = if inputs.is_empty() {
        vec![body]
    } else {
        let last_user =
            body["messages"].as_array().and_then(|m| m.iter().rposition(|x| x["role"] == "user"));
        if last_user.is_none() {
            notes.push(
                "no user message to replace: each input was added as a new user message.".into(),
            );
        }
        inputs
            .iter()
            .map(|input| {
                let mut b = body.clone();
                match (last_user, b["messages"].as_array_mut()) {
                    (Some(i), Some(msgs)) => msgs[i]["content"] = json!(input),
                    (None, Some(msgs)) => msgs.push(json!({"role": "user", "content": input})),
                    (_, None) => b["messages"] = json!([{"role": "user", "content": input}]),
                }
                b
            })
            .collect()
    };
    let mut jsonl = String::new();
    for (i, b) in bodies.iter().enumerate() {
        let line = json!({"custom_id": format!("request-{}", i + 1), "method": "POST", "url": "/v1/chat/completions", "body": b});
        jsonl.push_str(&line.to_string());
        jsonl.push('\n');
    }
    BatchExport { jsonl, lines: bodies.len(), notes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::{shape, ShapeRequest};

    #[test]
    fn drops_streaming_and_warns_about_thinking() {
        let mut req = ShapeRequest::new("dashscope-intl", "qwen3.5-plus");
        req.thinking = Some(crate::settings::ThinkingSetting::Low);
        req.payload = json!({"messages": [{"role": "user", "content": "x"}]})
            .as_object()
            .cloned()
            .unwrap_or_default();
        let b = batch(&shape(&req).expect("shapes"), &[]);
        assert_eq!(b.lines, 1);
        assert!(!b.jsonl.contains("\"stream\""));
        assert!(b.notes.iter().any(|n| n.starts_with("stream removed")));
        assert!(b.notes.iter().any(|n| n.contains("enable_thinking")), "{:?}", b.notes);
    }
}
