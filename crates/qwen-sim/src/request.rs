//! The parts of a chat request the simulator acts on, read from the JSON body.

use serde_json::{Map, Value};

use crate::envelope::Failure;

/// A parsed `POST …/chat/completions` body.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChatCall {
    /// The whole body, for the refusal rules (`qwen_route::refusals`), which read thinking and
    /// everything else the way each server does.
    pub body: Map<String, Value>,
    pub model: String,
    pub messages: Vec<Value>,
    pub stream: bool,
    pub include_usage: bool,
    pub tools: Vec<Value>,
    pub tool_choice: Option<Value>,
    pub response_format: Option<Value>,
    pub max_tokens: Option<u64>,
    /// Sent to the Anthropic Messages endpoint (which answers thinking without a stream).
    pub anthropic: bool,
}

fn flag(v: Option<&Value>) -> Option<bool> {
    v.and_then(Value::as_bool)
}

impl ChatCall {
    pub(crate) fn parse(body: &[u8]) -> Result<ChatCall, Failure> {
        let v: Value = serde_json::from_slice(body).map_err(|_| {
            let mut f = Failure::from_catalog("invalid-parameter", None);
            f.message = format!("{} (the body is not JSON)", f.message);
            f
        })?;
        let Some(o) = v.as_object() else {
            return Err(Failure::from_catalog("invalid-parameter", None));
        };
        let messages = match o.get("messages") {
            Some(Value::Array(m)) if !m.is_empty() => m.clone(),
            _ => return Err(Failure::from_catalog("invalid-parameter", None)),
        };
        let model = match o.get("model") {
            Some(Value::String(m)) if !m.is_empty() => m.clone(),
            _ => return Err(Failure::from_catalog("invalid-parameter", None)),
        };
        let get_obj = |k: &str| o.get(k).and_then(Value::as_object).cloned().unwrap_or_default();
        let stream_options: Map<String, Value> = get_obj("stream_options");
        Ok(ChatCall {
            body: o.clone(),
            model,
            messages,
            stream: flag(o.get("stream")).unwrap_or(false),
            include_usage: flag(stream_options.get("include_usage")).unwrap_or(false),
            tools: o.get("tools").and_then(Value::as_array).cloned().unwrap_or_default(),
            tool_choice: o.get("tool_choice").filter(|v| !v.is_null()).cloned(),
            response_format: o.get("response_format").filter(|v| !v.is_null()).cloned(),
            max_tokens: o
                .get("max_tokens")
                .or_else(|| o.get("max_completion_tokens"))
                .and_then(Value::as_u64),
            anthropic: false,
        })
    }

    /// The text of a message's content (string, or the text parts of an array).
    pub(crate) fn text_of(message: &Value) -> String {
        match message.get("content") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(parts)) => parts
                .iter()
                .filter_map(|p| p.get("text").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join(" "),
            _ => String::new(),
        }
    }

    /// Image and video parts across the messages.
    pub(crate) fn media_parts(&self) -> usize {
        self.messages
            .iter()
            .filter_map(|m| m.get("content").and_then(Value::as_array))
            .flatten()
            .filter(|p| {
                matches!(
                    p.get("type").and_then(Value::as_str),
                    Some("image_url" | "video_url" | "video")
                )
            })
            .count()
    }

    /// The last user message's text.
    pub(crate) fn last_user_text(&self) -> String {
        self.messages
            .iter()
            .rev()
            .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
            .map(Self::text_of)
            .unwrap_or_default()
    }

    /// Whether the conversation ends with a tool result (the model should answer in text).
    pub(crate) fn after_tool_result(&self) -> bool {
        self.messages.last().and_then(|m| m.get("role")).and_then(Value::as_str) == Some("tool")
    }

    /// All message text, for the prompt-size estimate and the `json` word rule.
    pub(crate) fn all_text(&self) -> String {
        self.messages.iter().map(Self::text_of).collect::<Vec<_>>().join("\n")
    }

    /// A rough token estimate of the prompt (4 characters a token; images 256 each).
    pub(crate) fn prompt_tokens(&self) -> u64 {
        let chars = self.all_text().chars().count() as u64;
        chars.div_ceil(4) + 256 * self.media_parts() as u64 + 4 * self.messages.len() as u64
    }

    /// `response_format.type`.
    pub(crate) fn format_type(&self) -> Option<&str> {
        self.response_format.as_ref()?.get("type")?.as_str()
    }

    /// `tool_choice` is `"none"`.
    pub(crate) fn tool_choice_none(&self) -> bool {
        matches!(&self.tool_choice, Some(Value::String(s)) if s == "none")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_parts_the_simulator_uses() {
        let c = ChatCall::parse(
            br#"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"x"}}]}],
                 "stream":true,"stream_options":{"include_usage":true},"enable_thinking":true,"thinking_budget":10,
                 "chat_template_kwargs":{"enable_thinking":false},"reasoning_effort":{"effort":"low"},"max_completion_tokens":5}"#,
        )
        .unwrap();
        assert!(c.stream && c.include_usage);
        assert_eq!(c.body["thinking_budget"], 10);
        assert_eq!(c.max_tokens, Some(5));
        assert_eq!(c.last_user_text(), "hi");
        assert_eq!(c.media_parts(), 1);
    }

    #[test]
    fn refuses_bodies_without_model_or_messages() {
        for body in [
            &b"{"[..],
            b"[]",
            br#"{"model":"m"}"#,
            br#"{"messages":[{"role":"user","content":"x"}]}"#,
            br#"{"model":"m","messages":[]}"#,
        ] {
            assert_eq!(ChatCall::parse(body).unwrap_err().status, 400);
        }
    }
}
