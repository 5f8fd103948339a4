//! What assembly produces: the assembled answer, its parts, and the deltas a UI renders as
//! frames arrive.

use std::borrow::Cow;

use serde::Serialize;

use super::frames::{ToolCallDelta, WireUsage};
use super::timings::Timings;
use super::Detection;
use crate::diagnose::Diagnosis;

/// Token counts reported by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Usage {
    /// Input tokens.
    pub prompt_tokens: Option<u64>,
    /// Output tokens (reasoning included).
    pub completion_tokens: Option<u64>,
    /// Sum.
    pub total_tokens: Option<u64>,
    /// Input tokens served from the prompt cache (part of `prompt_tokens`).
    pub cached_tokens: Option<u64>,
    /// Input tokens written to the explicit cache (part of `prompt_tokens`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_creation_tokens: Option<u64>,
    /// Output tokens spent on reasoning.
    pub reasoning_tokens: Option<u64>,
}

impl From<&WireUsage> for Usage {
    fn from(u: &WireUsage) -> Self {
        Usage {
            prompt_tokens: u.prompt_tokens,
            completion_tokens: u.completion_tokens,
            total_tokens: u.total_tokens,
            cached_tokens: u.prompt_tokens_details.as_ref().and_then(|d| d.cached_tokens),
            cache_creation_tokens: u
                .prompt_tokens_details
                .as_ref()
                .and_then(|d| d.cache_creation_input_tokens),
            reasoning_tokens: u.completion_tokens_details.as_ref().and_then(|d| d.reasoning_tokens),
        }
    }
}

/// One assembled tool call.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ToolCall {
    /// Position in the choice's `tool_calls`.
    pub index: u32,
    /// Call id (the first non-empty one seen).
    pub id: String,
    /// Call type (`function`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Function name (the first non-empty one seen).
    pub name: String,
    /// Arguments, concatenated (a JSON string when complete).
    pub arguments: String,
}

/// One assembled choice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AssembledChoice {
    /// Choice index.
    pub index: u32,
    /// Role, when sent.
    pub role: Option<String>,
    /// The answer text.
    pub content: String,
    /// The reasoning text.
    pub reasoning: String,
    /// Tool calls, by index.
    pub tool_calls: Vec<ToolCall>,
    /// Why generation stopped.
    pub finish_reason: Option<String>,
}

/// How a response ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum End {
    /// `data: [DONE]` (or a Messages `message_stop`) arrived.
    Done,
    /// No `[DONE]`, but every choice has a finish reason.
    Finished,
    /// A whole non-streaming body.
    Body,
    /// An error frame or error body.
    Error,
    /// The caller stopped it.
    Aborted,
    /// The stream stopped without `[DONE]` or a finish reason.
    Truncated,
    /// Nothing usable arrived.
    Empty,
}

/// Everything a response said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assembled {
    /// Response id.
    pub id: Option<String>,
    /// Model reported by the server.
    pub model: Option<String>,
    /// Choices, by index.
    pub choices: Vec<AssembledChoice>,
    /// Usage, when sent.
    pub usage: Option<Usage>,
    /// How it ended.
    pub end: End,
    /// Whether it was a stream.
    pub streamed: bool,
    /// Which reasoning field the server used (`reasoning_content` or `reasoning`).
    pub reasoning_field: Option<&'static str>,
    /// Data frames received (including `[DONE]`).
    pub frames: u64,
    /// Frames that were not JSON (first 5, shortened).
    pub unparsed: Vec<String>,
    /// The error object, when the server sent one.
    pub error: Option<serde_json::Value>,
    /// Why it failed, when it did (error frame, error body, truncation).
    pub diagnosis: Option<Diagnosis>,
    /// Server-misconfiguration symptoms.
    pub detections: Vec<Detection>,
    /// Timings, when arrival times were given.
    pub timings: Option<Timings>,
    /// What the call cost at list price, when the surface, model and usage are all priced
    /// (see [`crate::cost`]); absent rather than estimated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<crate::cost::Cost>,
}

impl Assembled {
    /// The first choice's answer (empty when there is none).
    ///
    /// ```
    /// let a = qwen_route::assemble::assemble_body(br#"{"choices":[{"message":{"content":"hi"}}]}"#, &Default::default());
    /// assert_eq!(a.answer(), "hi");
    /// ```
    pub fn answer(&self) -> &str {
        self.choices.first().map_or("", |c| c.content.as_str())
    }

    /// The first choice's reasoning (empty when there is none).
    ///
    /// ```
    /// let a = qwen_route::assemble::assemble_body(br#"{"choices":[{"message":{"content":"4","reasoning":"2+2"}}]}"#, &Default::default());
    /// assert_eq!(a.reasoning(), "2+2");
    /// ```
    pub fn reasoning(&self) -> &str {
        self.choices.first().map_or("", |c| c.reasoning.as_str())
    }
}

/// What the UI renders as frames arrive.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StreamDelta {
    /// Reasoning text.
    Reasoning {
        /// Choice index.
        choice: u32,
        /// New text.
        text: String,
    },
    /// Answer text.
    Answer {
        /// Choice index.
        choice: u32,
        /// New text.
        text: String,
    },
    /// A tool-call fragment.
    ToolCall {
        /// Choice index.
        choice: u32,
        /// Tool-call index.
        index: u32,
        /// The id, the first time it is known.
        id: Option<String>,
        /// The function name, the first time it is known.
        name: Option<String>,
        /// New argument text.
        arguments: String,
    },
    /// A finish reason.
    Finish {
        /// Choice index.
        choice: u32,
        /// The reason.
        reason: String,
    },
    /// Usage arrived.
    Usage {
        /// The counts.
        usage: Usage,
    },
    /// An error frame: the stream is over.
    Error {
        /// The diagnosis.
        diagnosis: Box<Diagnosis>,
    },
    /// `[DONE]`.
    Done,
    /// A frame that is not JSON.
    Unparsed {
        /// Its start.
        data: String,
    },
}

/// What merging one tool-call delta added: the id and name the first time they are known, and
/// the new argument text.
pub(crate) struct Merged<'a> {
    pub new_id: Option<String>,
    pub new_name: Option<String>,
    pub args: Cow<'a, str>,
}

impl ToolCall {
    /// Merge a streamed delta of this call: the first non-empty `id`, `type` and `name` win
    /// (DashScope repeats `"id":""` on later deltas), argument fragments append.
    pub(crate) fn merge<'a>(&mut self, delta: ToolCallDelta<'a>) -> Merged<'a> {
        let mut m = Merged { new_id: None, new_name: None, args: Cow::Borrowed("") };
        if self.id.is_empty() {
            if let Some(id) = delta.id.filter(|s| !s.is_empty()) {
                self.id = id.into_owned();
                m.new_id = Some(self.id.clone());
            }
        }
        if self.kind.is_empty() {
            if let Some(k) = delta.kind.filter(|s| !s.is_empty()) {
                self.kind = k.into_owned();
            }
        }
        if let Some(f) = delta.function {
            if self.name.is_empty() {
                if let Some(n) = f.name.filter(|s| !s.is_empty()) {
                    self.name = n.into_owned();
                    m.new_name = Some(self.name.clone());
                }
            }
            if let Some(a) = f.arguments {
                self.arguments.push_str(&a.0);
                m.args = a.0;
            }
        }
        m
    }
}
