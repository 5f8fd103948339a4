//! Example payloads per workload, used by the route picker's snippets and by "Use this route".
//! They are demonstration content, not catalog facts.

use serde_json::{json, Map, Value};

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
