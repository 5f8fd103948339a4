//! Anthropic Messages, read into the same [`Assembled`](super::Assembled) as chat completions:
//! `thinking` blocks go to the reasoning lane, `text` to the answer, `tool_use` to tool calls
//! (their `input` as the arguments string), `stop_reason` to an OpenAI finish reason and the
//! usage counts to [`Usage`](super::Usage).
//!
//! A stream is recognised by its events (`message_start`, `content_block_delta`, …, with or
//! without the `event:` line, whose name equals the JSON `type`), a body by `"type":"message"`.
//!
//! ```
//! let sse = concat!(
//!     "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"qwen3.5-plus\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":9,\"output_tokens\":0}}}\n\n",
//!     "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}\n\n",
//!     "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hmm.\"}}\n\n",
//!     "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
//!     "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n",
//!     "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":5}}\n\n",
//!     "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
//! );
//! let a = qwen_route::assemble::assemble_auto(sse.as_bytes(), &Default::default());
//! assert_eq!(a.answer(), "Hi");
//! assert_eq!(a.choices[0].reasoning, "Hmm.");
//! assert_eq!(a.choices[0].finish_reason.as_deref(), Some("stop"));
//! assert_eq!(a.usage.unwrap().total_tokens, Some(14));
//! assert_eq!(a.end, qwen_route::assemble::End::Done);
//! ```

use serde_json::Value;

use super::output::{StreamDelta, ToolCall};
use super::template::Lane;
use super::Assembler;

/// The reasoning lane's field name for Messages (`thinking` blocks).
const THINKING: &str = "thinking";

/// The Messages stream events, which are also the JSON `type` of their data.
const EVENTS: &[&str] = &[
    "message_start",
    "content_block_start",
    "content_block_delta",
    "content_block_stop",
    "message_delta",
    "message_stop",
    "ping",
];

/// What a content block index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Block {
    Text,
    Thinking,
    /// A tool use: its tool-call index.
    Tool(u32),
    Other,
}

/// Whether an SSE event (its name, or its data's leading `"type"`) is a Messages event.
pub(crate) fn is_event(event: &str, data: &str) -> bool {
    if !event.is_empty() && event != "message" {
        return EVENTS.contains(&event);
    }
    leading_type(data).is_some_and(|t| EVENTS.contains(&t))
}

/// The value of `"type"` when it is the object's first member: a cheap test that leaves chat
/// completion frames (`{"id":…}`, `{"choices":…}`) alone.
fn leading_type(data: &str) -> Option<&str> {
    let rest = data.trim_start().strip_prefix('{')?.trim_start();
    let rest = rest.strip_prefix("\"type\"")?.trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    rest.split_once('"').map(|(t, _)| t)
}

/// An OpenAI finish reason for a Messages `stop_reason`.
///
/// ```
/// use qwen_route::assemble::finish_reason_of_stop_reason as f;
/// assert_eq!(f("end_turn"), "stop");
/// assert_eq!(f("tool_use"), "tool_calls");
/// assert_eq!(f("max_tokens"), "length");
/// assert_eq!(f("pause_turn"), "pause_turn");
/// ```
pub fn finish_reason_of_stop_reason(reason: &str) -> &str {
    match reason {
        "end_turn" | "stop_sequence" => "stop",
        "max_tokens" | "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        other => other,
    }
}

fn count(v: &Value, key: &str) -> Option<u64> {
    v.get(key).and_then(Value::as_u64)
}

impl Assembler {
    /// One Messages stream event.
    pub(crate) fn push_messages_event(
        &mut self,
        data: &str,
        at: Option<f64>,
        out: &mut Vec<StreamDelta>,
    ) {
        let Ok(v) = serde_json::from_str::<Value>(data.trim()) else {
            let short: String = data.chars().take(200).collect();
            if self.unparsed.len() < 5 {
                self.unparsed.push(short.clone());
            }
            out.push(StreamDelta::Unparsed { data: short });
            return;
        };
        match v.get("type").and_then(Value::as_str).unwrap_or("") {
            "message_start" => {
                let m = v.get("message").unwrap_or(&Value::Null);
                self.start_message(m);
                if let Some(u) = m.get("usage") {
                    self.messages_usage(u, out);
                }
            }
            "content_block_start" => {
                let idx = count(&v, "index").unwrap_or(0) as u32;
                let b = v.get("content_block").unwrap_or(&Value::Null);
                self.block_start(idx, b, true, at, out);
            }
            "content_block_delta" => {
                let idx = count(&v, "index").unwrap_or(0) as u32;
                let d = v.get("delta").unwrap_or(&Value::Null);
                let text = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("");
                match (d.get("type").and_then(Value::as_str).unwrap_or(""), self.block(idx)) {
                    ("text_delta", _) if !text("text").is_empty() => {
                        self.emit_text(Lane::Answer, 0, text("text"), at, out)
                    }
                    ("thinking_delta", _) if !text("thinking").is_empty() => {
                        self.emit_text(Lane::Reasoning(THINKING), 0, text("thinking"), at, out)
                    }
                    ("input_json_delta", Block::Tool(t)) => {
                        self.tool_arguments(t, text("partial_json"), at, out)
                    }
                    // signature_delta, citations_delta and empty texts change no lane.
                    _ => {}
                }
            }
            "message_delta" => {
                self.messages_end(v.pointer("/delta/stop_reason"), v.get("usage"), out);
            }
            "message_stop" => {
                self.done = true;
                out.push(StreamDelta::Done);
            }
            "error" => {
                let err = v.get("error").cloned().unwrap_or(v);
                self.fail(err, out);
            }
            // ping, content_block_stop.
            _ => {}
        }
    }

    /// A whole Messages body (`"type": "message"`).
    pub(crate) fn push_messages_body(
        &mut self,
        v: &Value,
        at: Option<f64>,
        out: &mut Vec<StreamDelta>,
    ) {
        self.frames += 1;
        self.start_message(v);
        for (i, b) in v.get("content").and_then(Value::as_array).into_iter().flatten().enumerate() {
            self.block_start(i as u32, b, false, at, out);
        }
        self.messages_end(v.get("stop_reason"), v.get("usage"), out);
    }

    /// A message's `stop_reason` (as a finish reason) and usage, from a body or `message_delta`.
    fn messages_end(
        &mut self,
        stop: Option<&Value>,
        usage: Option<&Value>,
        out: &mut Vec<StreamDelta>,
    ) {
        if let Some(r) = stop.and_then(Value::as_str) {
            let reason = finish_reason_of_stop_reason(r).to_string();
            self.choice(0).finish_reason = Some(reason.clone());
            out.push(StreamDelta::Finish { choice: 0, reason });
        }
        if let Some(u) = usage {
            self.messages_usage(u, out);
        }
    }

    fn start_message(&mut self, m: &Value) {
        if self.id.is_none() {
            self.id =
                m.get("id").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
        }
        if self.model.is_none() {
            self.model = m
                .get("model")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string);
        }
        let role = m.get("role").and_then(Value::as_str).unwrap_or("assistant").to_string();
        let c = self.choice(0);
        c.role.get_or_insert(role);
    }

    fn block(&self, idx: u32) -> Block {
        self.message_blocks.iter().find(|(i, _)| *i == idx).map_or(Block::Other, |(_, b)| *b)
    }

    /// A content block starts (in a stream) or arrives whole (in a body).
    fn block_start(
        &mut self,
        idx: u32,
        b: &Value,
        streamed: bool,
        at: Option<f64>,
        out: &mut Vec<StreamDelta>,
    ) {
        let s = |k: &str| b.get(k).and_then(Value::as_str).unwrap_or("");
        let kind = match s("type") {
            "text" => {
                if !s("text").is_empty() {
                    self.emit_text(Lane::Answer, 0, s("text"), at, out);
                }
                Block::Text
            }
            "thinking" => {
                if !s("thinking").is_empty() {
                    self.emit_text(Lane::Reasoning(THINKING), 0, s("thinking"), at, out);
                }
                Block::Thinking
            }
            "tool_use" | "server_tool_use" => {
                self.timing.tool(at);
                let c = self.choice(0);
                let t = c.tool_calls.len() as u32;
                c.tool_calls.push(ToolCall {
                    index: t,
                    id: s("id").to_string(),
                    kind: "function".to_string(),
                    name: s("name").to_string(),
                    arguments: String::new(),
                });
                out.push(StreamDelta::ToolCall {
                    choice: 0,
                    index: t,
                    id: Some(s("id").to_string()).filter(|x| !x.is_empty()),
                    name: Some(s("name").to_string()).filter(|x| !x.is_empty()),
                    arguments: String::new(),
                });
                // A stream starts a tool block with `input: {}` and sends the input as
                // input_json_delta; a body carries it whole.
                let input = b
                    .get("input")
                    .filter(|i| !streamed || i.as_object().is_some_and(|o| !o.is_empty()));
                if let Some(i) = input {
                    self.tool_arguments(t, &i.to_string(), at, out);
                }
                Block::Tool(t)
            }
            _ => Block::Other,
        };
        self.message_blocks.retain(|(i, _)| *i != idx);
        self.message_blocks.push((idx, kind));
    }

    fn tool_arguments(&mut self, t: u32, part: &str, at: Option<f64>, out: &mut Vec<StreamDelta>) {
        if part.is_empty() {
            return;
        }
        self.timing.tool(at);
        if let Some(call) = self.choice(0).tool_calls.iter_mut().find(|c| c.index == t) {
            call.arguments.push_str(part);
        }
        let merge = self.merging(out);
        match out.last_mut() {
            Some(StreamDelta::ToolCall { choice: 0, index, arguments, .. })
                if merge && *index == t =>
            {
                arguments.push_str(part)
            }
            _ => out.push(StreamDelta::ToolCall {
                choice: 0,
                index: t,
                id: None,
                name: None,
                arguments: part.to_string(),
            }),
        }
    }

    /// Messages usage: `input_tokens` excludes cache reads and writes, which OpenAI's
    /// `prompt_tokens` includes; `message_delta` counts are cumulative.
    fn messages_usage(&mut self, u: &Value, out: &mut Vec<StreamDelta>) {
        let mut usage = self.usage.unwrap_or_default();
        let read = count(u, "cache_read_input_tokens");
        let write = count(u, "cache_creation_input_tokens");
        if let Some(input) = count(u, "input_tokens") {
            usage.prompt_tokens = Some(input + read.unwrap_or(0) + write.unwrap_or(0));
        }
        if read.is_some() {
            usage.cached_tokens = read;
        }
        if write.is_some() {
            usage.cache_creation_tokens = write.filter(|n| *n > 0);
        }
        if let Some(o) = count(u, "output_tokens") {
            usage.completion_tokens = Some(o);
        }
        usage.total_tokens = match (usage.prompt_tokens, usage.completion_tokens) {
            (Some(p), Some(c)) => Some(p + c),
            (p, c) => p.or(c),
        };
        self.usage = Some(usage);
        out.push(StreamDelta::Usage { usage });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_type_reads_only_a_first_member() {
        assert_eq!(leading_type(r#"{"type":"ping"}"#), Some("ping"));
        assert_eq!(leading_type(r#" { "type" : "message_stop" }"#), Some("message_stop"));
        assert_eq!(leading_type(r#"{"id":"x","type":"ping"}"#), None);
        assert!(!is_event("", r#"{"choices":[]}"#));
        assert!(is_event("content_block_delta", "{}"));
        assert!(!is_event("error", "{}"));
    }
}
