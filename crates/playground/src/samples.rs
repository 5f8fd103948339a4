//! Example payloads per workload, used by the route picker's snippets and by "Use this route".
//! They are demonstration content, not catalog facts.

use serde_json::{json, Map, Value};

/// The schema the deterministic-json example asks for (`{"colours": [string]}`).
fn colours_schema() -> Value {
    json!({"type": "object", "properties": {"colours": {"type": "array", "items": {"type": "string"}}}, "required": ["colours"]})
}

/// The example payload with the `response_format` a route recommends (`json_schema` carries the
/// example's schema), so the card and "Use this route" agree.
///
/// ```
/// let p = qwen_route_playground::samples::payload_with_format("deterministic-json", Some("json_schema"));
/// assert_eq!(p["response_format"]["type"], "json_schema");
/// assert_eq!(p["response_format"]["json_schema"]["schema"]["required"][0], "colours");
/// let p = qwen_route_playground::samples::payload_with_format("deterministic-json", Some("json_object"));
/// assert_eq!(p["response_format"]["type"], "json_object");
/// ```
pub fn payload_with_format(workload: &str, format: Option<&str>) -> Map<String, Value> {
    let mut p = payload(workload);
    match format {
        Some("json_schema") => {
            p.insert(
                "response_format".into(),
                json!({"type": "json_schema", "json_schema": {"name": "colours", "schema": colours_schema()}}),
            );
        }
        Some(f) => {
            p.insert("response_format".into(), json!({"type": f}));
        }
        None => {
            p.shift_remove("response_format");
        }
    }
    p
}

/// A small payload that exercises what the workload needs.
///
/// ```
/// let p = qwen_route_playground::samples::payload("deterministic-json");
/// assert_eq!(p["response_format"]["type"], "json_object");
/// ```
pub fn payload(workload: &str) -> Map<String, Value> {
    let v = match workload {
        "deterministic-json" => json!({
            "messages": [
                {"role": "system", "content": "Respond in JSON."},
                {"role": "user", "content": "Name the primary colours as JSON: {\"colours\": [string]}"}
            ],
            "response_format": {"type": "json_object"}
        }),
        "vision" => json!({"messages": [{"role": "user", "content": [
            {"type": "text", "text": "What is in this picture?"},
            {"type": "image_url", "image_url": {"url": "https://example.com/photo.jpg"}}
        ]}]}),
        "video-understanding" => json!({"messages": [{"role": "user", "content": [
            {"type": "text", "text": "Summarise this clip."},
            {"type": "video_url", "video_url": {"url": "https://example.com/clip.mp4"}}
        ]}]}),
        "coding-agent" => json!({
            "messages": [{"role": "user", "content": "Read README.md and list the build steps."}],
            "tools": [{"type": "function", "function": {
                "name": "read_file",
                "description": "Read a file of the repository",
                "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}
            }}]
        }),
        "deep-reasoning" => {
            json!({"messages": [{"role": "user", "content": "A bat and a ball cost 1.10 in total; the bat costs 1.00 more than the ball. What does the ball cost?"}]})
        }
        _ => {
            json!({"messages": [{"role": "user", "content": "Why is the sky blue? Answer in two sentences."}]})
        }
    };
    v.as_object().cloned().unwrap_or_default()
}
