//! Reading and rewriting `messages`: text, image and video parts, system messages.

use serde_json::{Map, Value};

use crate::error::Error;

/// A borrowed view of one content part that refers to media.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MediaRef<'a> {
    pub kind: MediaKind,
    pub url: &'a str,
}

/// Which media a part carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaKind {
    Image,
    Video,
    Audio,
}

/// Check that `messages` is a non-empty array of objects with a string `role`.
pub(crate) fn validate(messages: Option<&Value>) -> Result<&Vec<Value>, Error> {
    let Some(messages) = messages else {
        return Err(Error::InvalidPayload { reason: "`messages` is missing".into() });
    };
    let Some(list) = messages.as_array() else {
        return Err(Error::InvalidPayload { reason: "`messages` must be an array".into() });
    };
    if list.is_empty() {
        return Err(Error::InvalidPayload { reason: "`messages` is empty".into() });
    }
    for (i, m) in list.iter().enumerate() {
        let Some(obj) = m.as_object() else {
            return Err(Error::InvalidPayload {
                reason: format!("messages[{i}] is not an object"),
            });
        };
        if !obj.get("role").is_some_and(Value::is_string) {
            return Err(Error::InvalidPayload {
                reason: format!("messages[{i}] has no string `role`"),
            });
        }
    }
    Ok(list)
}

/// The role of a message.
pub(crate) fn role(m: &Value) -> &str {
    m.get("role").and_then(Value::as_str).unwrap_or("")
}

/// All text of a message: a string content, or the `text` of its text parts.
pub(crate) fn text(m: &Value) -> String {
    match m.get("content") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// Whether any message mentions "json" (case-insensitive), as DashScope requires for
/// `response_format: json_object`.
pub(crate) fn mentions_json(messages: &[Value]) -> bool {
    messages.iter().any(|m| text(m).to_ascii_lowercase().contains("json"))
}

/// Every media part in the conversation.
pub(crate) fn media(messages: &[Value]) -> Vec<MediaRef<'_>> {
    let mut out = Vec::new();
    for m in messages {
        let Some(Value::Array(parts)) = m.get("content") else { continue };
        for p in parts {
            let kind = p.get("type").and_then(Value::as_str).unwrap_or("");
            let (k, url) = match kind {
                "image_url" => (MediaKind::Image, url_of(p.get("image_url"))),
                "video_url" => (MediaKind::Video, url_of(p.get("video_url"))),
                "video" => (MediaKind::Video, Some("")),
                "input_audio" | "audio_url" => (MediaKind::Audio, Some("")),
                _ => continue,
            };
            out.push(MediaRef { kind: k, url: url.unwrap_or("") });
        }
    }
    out
}

fn url_of(v: Option<&Value>) -> Option<&str> {
    match v {
        Some(Value::String(s)) => Some(s),
        Some(Value::Object(o)) => o.get("url").and_then(Value::as_str),
        _ => None,
    }
}

/// Rough token estimate of all text: ASCII at four characters a token, anything else one a
/// token (CJK text is close to one token per character). Images are not counted.
pub(crate) fn estimated_tokens(messages: &[Value]) -> u64 {
    let mut ascii = 0u64;
    let mut other = 0u64;
    for m in messages {
        for c in text(m).chars() {
            if c.is_ascii() {
                ascii += 1;
            } else {
                other += 1;
            }
        }
    }
    ascii.div_ceil(4) + other
}

/// Move system messages into the first user message (for models that forbid them).
/// Returns whether anything moved.
pub(crate) fn fold_system_into_user(messages: &mut Vec<Value>) -> bool {
    let system: Vec<String> = messages
        .iter()
        .filter(|m| role(m) == "system")
        .map(text)
        .filter(|t| !t.is_empty())
        .collect();
    let had_system = messages.iter().any(|m| role(m) == "system");
    if !had_system {
        return false;
    }
    messages.retain(|m| role(m) != "system");
    if system.is_empty() {
        return true;
    }
    let prefix = system.join("\n\n");
    match messages.iter_mut().find(|m| role(m) == "user") {
        Some(user) => prepend_text(user, &prefix),
        None => {
            let mut m = Map::new();
            m.insert("role".into(), "user".into());
            m.insert("content".into(), prefix.into());
            messages.insert(0, Value::Object(m));
        }
    }
    true
}

fn prepend_text(message: &mut Value, prefix: &str) {
    let Some(obj) = message.as_object_mut() else { return };
    let content = obj.shift_remove("content").unwrap_or(Value::Null);
    let new = match content {
        Value::String(s) => Value::String(format!("{prefix}\n\n{s}")),
        Value::Array(mut parts) => {
            let mut p = Map::new();
            p.insert("type".into(), "text".into());
            p.insert("text".into(), prefix.into());
            parts.insert(0, Value::Object(p));
            Value::Array(parts)
        }
        _ => Value::String(prefix.to_string()),
    };
    obj.insert("content".into(), new);
}

/// Append a sentence to the (first) system message, adding one at the start if needed.
pub(crate) fn append_system(messages: &mut Vec<Value>, sentence: &str) {
    if let Some(sys) = messages.iter_mut().find(|m| role(m) == "system") {
        if let Some(obj) = sys.as_object_mut() {
            let new = match obj.shift_remove("content") {
                Some(Value::Array(mut parts)) => {
                    let mut p = Map::new();
                    p.insert("type".into(), "text".into());
                    p.insert("text".into(), sentence.into());
                    parts.push(Value::Object(p));
                    Value::Array(parts)
                }
                Some(Value::String(s)) if !s.trim().is_empty() => {
                    Value::String(format!("{} {sentence}", s.trim_end()))
                }
                _ => Value::String(sentence.into()),
            };
            obj.insert("content".into(), new);
            return;
        }
    }
    let mut m = Map::new();
    m.insert("role".into(), "system".into());
    m.insert("content".into(), sentence.into());
    messages.insert(0, Value::Object(m));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_word_is_found_in_parts() {
        let m = vec![json!({"role":"user","content":[{"type":"text","text":"Reply in JSON"}]})];
        assert!(mentions_json(&m));
        assert!(!mentions_json(&[json!({"role":"user","content":"hi"})]));
    }

    #[test]
    fn system_folds_into_first_user() {
        let mut m = vec![
            json!({"role":"system","content":"Be brief."}),
            json!({"role":"user","content":"Why?"}),
        ];
        assert!(fold_system_into_user(&mut m));
        assert_eq!(m.len(), 1);
        assert_eq!(m[0]["content"], "Be brief.\n\nWhy?");
    }

    #[test]
    fn append_system_creates_one() {
        let mut m = vec![json!({"role":"user","content":"x"})];
        append_system(&mut m, "Respond in JSON.");
        assert_eq!(m[0], json!({"role":"system","content":"Respond in JSON."}));
        append_system(&mut m, "Again.");
        assert_eq!(m[0]["content"], "Respond in JSON. Again.");
    }

    #[test]
    fn media_parts_are_listed() {
        let m = vec![json!({"role":"user","content":[
            {"type":"image_url","image_url":{"url":"https://x/a.png"}},
            {"type":"video_url","video_url":{"url":"https://x/v.mp4"}},
            {"type":"text","text":"what?"}
        ]})];
        let refs = media(&m);
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].kind, MediaKind::Image);
        assert_eq!(refs[1].url, "https://x/v.mp4");
    }

    #[test]
    fn estimate_counts_cjk_per_char() {
        let m = vec![json!({"role":"user","content":"你好abcd"})];
        assert_eq!(estimated_tokens(&m), 3);
    }

    #[test]
    fn validate_rejects_shapes() {
        assert!(validate(None).is_err());
        assert!(validate(Some(&json!({}))).is_err());
        assert!(validate(Some(&json!([]))).is_err());
        assert!(validate(Some(&json!([1]))).is_err());
        assert!(validate(Some(&json!([{"content":"x"}]))).is_err());
        assert!(validate(Some(&json!([{"role":"user","content":"x"}]))).is_ok());
    }
}
