//! Response assembly: `chat.completion.chunk` frames (or a whole `chat.completion` body) into
//! one [`Assembled`] value — answer, reasoning, tool calls, finish reasons, usage, timings,
//! detectors and, on failure, a diagnosis — with UI deltas as frames arrive.
//!
//! - Reasoning comes as `reasoning_content` (DashScope, SGLang, llama.cpp) or `reasoning`
//!   (vLLM, Ollama); `null` and `""` mean nothing.
//! - Tool calls merge by `index`, keeping the first non-empty `id` and `name`: DashScope repeats
//!   `"id":""` on later deltas.
//! - The usage chunk may have `choices: []`; `[DONE]` ends the stream; an `{"error": …}` frame
//!   ends it with a diagnosis, and the partial output is kept.
//!
//! ```
//! use qwen_route::assemble::{AssembleOptions, StreamAssembler};
//! let sse = concat!(
//!     "data: {\"choices\":[{\"delta\":{\"content\":null,\"reasoning_content\":\"Hm.\"},\"index\":0}]}\n\n",
//!     "data: {\"choices\":[{\"delta\":{\"content\":\"Blue.\",\"reasoning_content\":null},\"index\":0,\"finish_reason\":\"stop\"}]}\n\n",
//!     "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":4,\"total_tokens\":9}}\n\n",
//!     "data: [DONE]\n\n",
//! );
//! let mut s = StreamAssembler::new(AssembleOptions::default());
//! let mut deltas = Vec::new();
//! s.push(sse.as_bytes(), Some(120.0), &mut deltas);
//! let a = s.finish(Some(130.0));
//! assert_eq!(a.choices[0].content, "Blue.");
//! assert_eq!(a.choices[0].reasoning, "Hm.");
//! assert_eq!(a.usage.unwrap().total_tokens, Some(9));
//! assert_eq!(a.end, qwen_route::assemble::End::Done);
//! ```

mod detect;
mod frames;
mod messages;
mod output;
mod replay;
mod scan;
mod stream;
mod template;
mod timings;

use serde::{Deserialize, Serialize};

use crate::catalog::{self, Surface};
use crate::diagnose::{self, Diagnosis, RequestSummary};
use crate::sse::{SseEnd, SseEvent, SseEventRef};

pub use detect::Detection;
pub use messages::finish_reason_of_stop_reason;
pub use output::{Assembled, AssembledChoice, End, StreamDelta, ToolCall, Usage};
pub use replay::{replay_frames, replay_sse};
pub use stream::StreamAssembler;
pub use timings::{estimate_tokens, LaneRate, Timings};

use frames::{Arguments, Frame, FunctionDelta, ToolCallDelta};
use output::Merged;
use template::{Goes, Lane, Template};

/// Context for assembly: which surface answered, what was asked, and when it was sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssembleOptions {
    /// Surface id, for detector fixes and diagnoses.
    pub surface: Option<String>,
    /// The request summary, for diagnoses.
    pub request: RequestSummary,
    /// The request asked for JSON output (enables the JSON-in-reasoning detector).
    pub expect_json: bool,
    /// When the request was sent, in the same clock as the arrival times.
    pub sent_at_ms: Option<f64>,
}

/// Assembles data frames. Feed it the `data` of each event (or use [`StreamAssembler`], which
/// also decodes SSE bytes).
#[derive(Debug, Clone)]
pub struct Assembler {
    opts: AssembleOptions,
    surface: &'static Surface,
    id: Option<String>,
    model: Option<String>,
    choices: Vec<AssembledChoice>,
    usage: Option<Usage>,
    done: bool,
    error: Option<serde_json::Value>,
    diagnosis: Option<Diagnosis>,
    reasoning_field: Option<&'static str>,
    frames: u64,
    unparsed: Vec<String>,
    timing: timings::Recorder,
    streamed: bool,
    /// The last one-delta frame, for the repeated-frame fast path.
    template: Template,
    /// Whether the fast path is used (the tests compare it with full reads).
    fast_repeats: bool,
    /// Frames the fast path applied.
    repeats: u64,
    /// Where the fast path decodes a text with escapes (reused: no allocation per frame).
    scratch: String,
    /// Deltas at or after this index of the output merge into the previous one when they
    /// continue it: text of the same lane and choice, argument fragments of the same tool call
    /// (set for the duration of one [`StreamAssembler::push`]).
    merge_from: Option<usize>,
    /// Anthropic Messages: what each content block index holds.
    message_blocks: Vec<(u32, messages::Block)>,
}

fn fallback_surface() -> &'static Surface {
    catalog::surface("openai-compatible").unwrap_or(&catalog::surfaces()[0])
}

impl Assembler {
    /// A new assembler.
    ///
    /// ```
    /// let a = qwen_route::assemble::Assembler::new(Default::default());
    /// assert_eq!(a.finish(None).end, qwen_route::assemble::End::Empty);
    /// ```
    pub fn new(opts: AssembleOptions) -> Self {
        let surface =
            opts.surface.as_deref().and_then(catalog::surface).unwrap_or_else(fallback_surface);
        Assembler {
            timing: timings::Recorder::new(opts.sent_at_ms),
            opts,
            surface,
            id: None,
            model: None,
            choices: Vec::new(),
            usage: None,
            done: false,
            error: None,
            diagnosis: None,
            reasoning_field: None,
            frames: 0,
            unparsed: Vec::new(),
            streamed: true,
            template: Template::default(),
            fast_repeats: true,
            repeats: 0,
            scratch: String::new(),
            merge_from: None,
            message_blocks: Vec::new(),
        }
    }

    /// Record that a chunk of bytes arrived (for time to first byte and gaps).
    pub fn chunk_arrived(&mut self, at_ms: Option<f64>) {
        self.timing.chunk(at_ms);
    }

    /// Feed one SSE event.
    pub fn push_event(&mut self, ev: &SseEvent, at_ms: Option<f64>, out: &mut Vec<StreamDelta>) {
        self.push_event_ref(
            SseEventRef { event: &ev.event, data: &ev.data, id: ev.id.as_deref(), retry: ev.retry },
            at_ms,
            out,
        );
    }

    /// Feed one SSE event, borrowed (see [`SseDecoder::push_each`]).
    ///
    /// ```
    /// use qwen_route::sse::SseEventRef;
    /// let mut a = qwen_route::assemble::Assembler::new(Default::default());
    /// let ev = SseEventRef { event: "error", data: "overloaded", id: None, retry: None };
    /// a.push_event_ref(ev, None, &mut Vec::new());
    /// assert!(a.finish(None).error.is_some());
    /// ```
    pub fn push_event_ref(
        &mut self,
        ev: SseEventRef<'_>,
        at_ms: Option<f64>,
        out: &mut Vec<StreamDelta>,
    ) {
        if ev.event == "error" {
            // An `event: error` frame: its data is the error, as text or as an object (bare, or
            // wrapped in `{"error": …}`).
            let err = match serde_json::from_str::<serde_json::Value>(ev.data.trim()) {
                Ok(serde_json::Value::Object(mut o)) => match o.remove("error") {
                    Some(inner @ serde_json::Value::Object(_)) => inner,
                    Some(other) => serde_json::json!({ "message": other }),
                    None => serde_json::Value::Object(o),
                },
                _ => serde_json::json!({ "message": ev.data }),
            };
            self.fail(err, out);
            return;
        }
        if messages::is_event(ev.event, ev.data) {
            self.frames += 1;
            if self.error.is_none() {
                self.push_messages_event(ev.data, at_ms, out);
            }
            return;
        }
        self.push_data(ev.data, at_ms, out);
    }

    /// Feed one frame's `data`.
    ///
    /// ```
    /// use qwen_route::assemble::{Assembler, StreamDelta};
    /// let mut a = Assembler::new(Default::default());
    /// let mut out = Vec::new();
    /// a.push_data(r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":"{"}}]}}]}"#, None, &mut out);
    /// a.push_data(r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"","function":{"arguments":"}"}}]}}]}"#, None, &mut out);
    /// let done = a.finish(None);
    /// assert_eq!(done.choices[0].tool_calls[0].id, "call_1");
    /// assert_eq!(done.choices[0].tool_calls[0].arguments, "{}");
    /// ```
    pub fn push_data(&mut self, data: &str, at_ms: Option<f64>, out: &mut Vec<StreamDelta>) {
        self.frames += 1;
        if self.error.is_some() {
            return;
        }
        // A frame is almost always exactly an object: then trimming would change nothing.
        let trimmed = if data.starts_with('{') && data.ends_with('}') { data } else { data.trim() };
        if trimmed == "[DONE]" {
            self.done = true;
            out.push(StreamDelta::Done);
            return;
        }
        if self.fast_repeats && self.apply_repeat(trimmed, at_ms, out) {
            return;
        }
        let frame = match Frame::parse(trimmed) {
            Some(f) => f,
            None => {
                let short: String = trimmed.chars().take(200).collect();
                if self.unparsed.len() < 5 {
                    self.unparsed.push(short.clone());
                }
                out.push(StreamDelta::Unparsed { data: short });
                return;
            }
        };
        if frame.error.is_none() && frame.choices.is_none() {
            if let Some(err) = flat_error(trimmed) {
                self.fail(err, out);
                return;
            }
        }
        self.template.learn(&frame, trimmed);
        self.apply(frame, at_ms, out);
    }

    /// The repeated-frame fast path: applies `frame` and returns `true` when it repeats the
    /// template. The scratch buffer is taken for the call so its text can be borrowed while
    /// the assembler changes.
    fn apply_repeat(
        &mut self,
        frame: &str,
        at_ms: Option<f64>,
        out: &mut Vec<StreamDelta>,
    ) -> bool {
        let mut scratch = std::mem::take(&mut self.scratch);
        let hit = self.template.repeat(frame, &mut scratch);
        let applied = hit.is_some();
        if let Some((lane, choice, text)) = hit {
            self.repeats += 1;
            match lane {
                Goes::ToolArguments(index) => {
                    let fragment = ToolCallDelta {
                        index: Some(index),
                        function: Some(FunctionDelta {
                            name: None,
                            arguments: Some(Arguments(text.into())),
                        }),
                        ..ToolCallDelta::default()
                    };
                    self.tool_fragment(choice, index, fragment, at_ms, out);
                }
                Goes::Text(lane) => self.emit_text(lane, choice, text, at_ms, out),
            }
        }
        self.scratch = scratch;
        applied
    }

    /// Text for a lane of a choice: recorded, timed, and emitted (merged into the previous
    /// delta when that is text of the same lane and choice from the same push, so no string is
    /// allocated per frame).
    fn emit_text(
        &mut self,
        lane: Lane,
        idx: u32,
        text: &str,
        at: Option<f64>,
        out: &mut Vec<StreamDelta>,
    ) {
        match lane {
            Lane::Reasoning(field) => {
                self.reasoning_field.get_or_insert(field);
                self.timing.reasoning(at);
                self.choice(idx).reasoning.push_str(text);
            }
            Lane::Answer => {
                self.timing.answer(at);
                self.choice(idx).content.push_str(text);
            }
        }
        let merge = self.merging(out);
        match (lane, out.last_mut()) {
            (Lane::Reasoning(_), Some(StreamDelta::Reasoning { choice, text: run }))
            | (Lane::Answer, Some(StreamDelta::Answer { choice, text: run }))
                if merge && *choice == idx =>
            {
                run.push_str(text);
            }
            (Lane::Reasoning(_), _) => {
                out.push(StreamDelta::Reasoning { choice: idx, text: text.to_string() })
            }
            (Lane::Answer, _) => {
                out.push(StreamDelta::Answer { choice: idx, text: text.to_string() })
            }
        }
    }

    /// The next delta may merge into the last one: both belong to the current push.
    fn merging(&self, out: &[StreamDelta]) -> bool {
        self.merge_from.is_some_and(|from| out.len() > from)
    }

    fn fail(&mut self, err: serde_json::Value, out: &mut Vec<StreamDelta>) {
        let d = diagnose::diagnose_frame(self.surface, &self.opts.request, &err);
        out.push(StreamDelta::Error { diagnosis: Box::new(d.clone()) });
        self.error = Some(err);
        self.diagnosis = Some(d);
    }

    /// One fragment of tool call `tindex` of choice `idx` (from a full read or a repeated
    /// frame): timed, merged into the call (added when new), and emitted. Arguments that bring
    /// no id or name continue the previous fragment of the same call from the same push.
    fn tool_fragment(
        &mut self,
        idx: u32,
        tindex: u32,
        tc: ToolCallDelta<'_>,
        at: Option<f64>,
        out: &mut Vec<StreamDelta>,
    ) {
        self.timing.tool(at);
        let c = self.choice(idx);
        let entry = match c.tool_calls.iter().position(|t| t.index == tindex) {
            Some(p) => &mut c.tool_calls[p],
            None => {
                c.tool_calls.push(ToolCall { index: tindex, ..ToolCall::default() });
                let last = c.tool_calls.len() - 1;
                &mut c.tool_calls[last]
            }
        };
        let Merged { new_id, new_name, args } = entry.merge(tc);
        let merge = new_id.is_none() && new_name.is_none() && self.merging(out);
        match out.last_mut() {
            Some(StreamDelta::ToolCall { choice, index, arguments, .. })
                if merge && *choice == idx && *index == tindex =>
            {
                arguments.push_str(&args);
            }
            _ if new_id.is_some() || new_name.is_some() || !args.is_empty() => {
                out.push(StreamDelta::ToolCall {
                    choice: idx,
                    index: tindex,
                    id: new_id,
                    name: new_name,
                    arguments: args.into_owned(),
                });
            }
            _ => {}
        }
    }

    fn choice(&mut self, index: u32) -> &mut AssembledChoice {
        let pos = match self.choices.iter().position(|c| c.index == index) {
            Some(p) => p,
            None => {
                self.choices.push(AssembledChoice { index, ..AssembledChoice::default() });
                self.choices.sort_by_key(|c| c.index);
                self.choices.iter().position(|c| c.index == index).unwrap_or(0)
            }
        };
        &mut self.choices[pos]
    }

    // Every effect a frame can have is here. `template::Template::shape_of` must exclude frames
    // with any effect other than one text delta and the once-only `id`, `model` and `role`.
    fn apply(&mut self, frame: Frame<'_>, at: Option<f64>, out: &mut Vec<StreamDelta>) {
        if let Some(err) = frame.error {
            self.fail(err, out);
            return;
        }
        if self.id.is_none() {
            self.id = frame.id.filter(|s| !s.is_empty()).map(|s| s.into_owned());
        }
        if self.model.is_none() {
            self.model = frame.model.filter(|s| !s.is_empty()).map(|s| s.into_owned());
        }
        for (pos, ch) in frame.choices.unwrap_or_default().into_iter().enumerate() {
            let idx = ch.index.unwrap_or(pos as u32);
            let msg = ch.delta.or(ch.message);
            if let Some(m) = msg {
                if let Some(role) = frames::nonempty(&m.role) {
                    let c = self.choice(idx);
                    if c.role.is_none() {
                        c.role = Some(role.to_string());
                    }
                }
                if let Some((r, field)) = m.reasoning_text() {
                    self.emit_text(Lane::Reasoning(field), idx, r, at, out);
                }
                if let Some(content) = m.content {
                    let text = content.text();
                    if !text.is_empty() {
                        self.emit_text(Lane::Answer, idx, text, at, out);
                    }
                }
                for (tpos, tc) in m.tool_calls.unwrap_or_default().into_iter().enumerate() {
                    let tindex = tc.index.unwrap_or(tpos as u32);
                    self.tool_fragment(idx, tindex, tc, at, out);
                }
            }
            if let Some(reason) = ch.finish_reason.filter(|r| !r.is_empty()) {
                let reason = reason.into_owned();
                self.choice(idx).finish_reason = Some(reason.clone());
                out.push(StreamDelta::Finish { choice: idx, reason });
            }
        }
        if let Some(u) = frame.usage {
            let usage = Usage::from(&u);
            self.usage = Some(usage);
            out.push(StreamDelta::Usage { usage });
        }
    }

    /// Finish: decide how the response ended, run the detectors, compute timings.
    pub fn finish(self, at_ms: Option<f64>) -> Assembled {
        self.finish_with(at_ms, None, false)
    }

    fn finish_with(
        mut self,
        at_ms: Option<f64>,
        sse_end: Option<SseEnd>,
        aborted: bool,
    ) -> Assembled {
        self.timing.end(at_ms);
        let has_output = self
            .choices
            .iter()
            .any(|c| !c.content.is_empty() || !c.reasoning.is_empty() || !c.tool_calls.is_empty());
        let all_finished =
            !self.choices.is_empty() && self.choices.iter().all(|c| c.finish_reason.is_some());
        let end = if self.error.is_some() {
            End::Error
        } else if aborted {
            End::Aborted
        } else if self.done {
            End::Done
        } else if !self.streamed {
            if self.choices.is_empty() {
                End::Empty
            } else {
                End::Body
            }
        } else if all_finished && !sse_end.is_some_and(|e| e.discarded_partial_event) {
            End::Finished
        } else if has_output
            || self.frames > 0
            || sse_end.is_some_and(|e| e.discarded_partial_event)
        {
            End::Truncated
        } else {
            End::Empty
        };
        if end == End::Truncated && self.diagnosis.is_none() {
            self.diagnosis = Some(diagnose::diagnose_truncated(self.surface, &self.opts.request));
        }
        let (reasoning_tokens, answer_tokens) = lane_tokens(&self.choices, self.usage.as_ref());
        let mut a = Assembled {
            id: self.id,
            model: self.model,
            choices: self.choices,
            usage: self.usage,
            end,
            streamed: self.streamed,
            reasoning_field: self.reasoning_field,
            frames: self.frames,
            unparsed: self.unparsed,
            error: self.error,
            diagnosis: self.diagnosis,
            detections: Vec::new(),
            timings: self.timing.finish(reasoning_tokens, answer_tokens),
            cost: None,
        };
        let model = self.opts.request.model.as_deref().or(a.model.as_deref());
        a.cost = match (a.usage.as_ref(), model) {
            (Some(u), Some(m)) if a.end != End::Error => {
                crate::cost::cost_of(u, m, self.surface, self.opts.request.thinking)
            }
            _ => None,
        };
        a.detections = detect::run(&a, Some(self.surface), self.opts.expect_json);
        a
    }
}

/// A lane's token count and whether it is estimated.
type LaneCount = Option<(u64, bool)>;

/// Tokens per lane: from usage where possible, else estimated from the text.
fn lane_tokens(choices: &[AssembledChoice], usage: Option<&Usage>) -> (LaneCount, LaneCount) {
    let reasoning_text: String = choices.iter().map(|c| c.reasoning.as_str()).collect();
    let answer_text: String = choices.iter().map(|c| c.content.as_str()).collect();
    let reasoning = match usage.and_then(|u| u.reasoning_tokens) {
        Some(n) if n > 0 => Some((n, false)),
        _ if reasoning_text.is_empty() => None,
        _ => Some((estimate_tokens(&reasoning_text), true)),
    };
    let answer =
        match (usage.and_then(|u| u.completion_tokens), usage.and_then(|u| u.reasoning_tokens)) {
            (Some(c), Some(r)) => Some((c.saturating_sub(r), false)),
            (Some(c), None) if reasoning_text.is_empty() => Some((c, false)),
            _ if answer_text.is_empty() => None,
            _ => Some((estimate_tokens(&answer_text), true)),
        };
    (reasoning, answer)
}

/// An error frame in the flat shape (`{"object": "error", "message", "type", "code"}`: vLLM up to
/// 0.10 and SGLang), which carries no `error` member. Checked only on frames without choices.
fn flat_error(data: &str) -> Option<serde_json::Value> {
    if !data.contains("\"error\"") {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(data).ok()?;
    (v.get("object").and_then(serde_json::Value::as_str) == Some("error")).then_some(v)
}

/// Assemble a non-streaming body (`chat.completion`, or an error envelope).
///
/// ```
/// let body = br#"{"choices":[{"message":{"role":"assistant","content":"Hi","reasoning_content":"greet"},"finish_reason":"stop","index":0}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5,"completion_tokens_details":{"reasoning_tokens":1}}}"#;
/// let a = qwen_route::assemble::assemble_body(body, &Default::default());
/// assert_eq!(a.end, qwen_route::assemble::End::Body);
/// assert_eq!(a.usage.unwrap().reasoning_tokens, Some(1));
/// ```
pub fn assemble_body(bytes: &[u8], opts: &AssembleOptions) -> Assembled {
    assemble_body_at(bytes, opts, None, None)
}

/// Assemble a non-streaming body with its arrival times (in the clock of
/// `opts.sent_at_ms`): the first byte, and the body's end, when the whole answer became
/// readable. A body's answer arrives at once, so its first answer and total are both the end.
///
/// ```
/// use qwen_route::assemble::{assemble_body_at, AssembleOptions};
/// let body = br#"{"choices":[{"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop","index":0}]}"#;
/// let opts = AssembleOptions { sent_at_ms: Some(100.0), ..Default::default() };
/// let t = assemble_body_at(body, &opts, Some(340.0), Some(352.0)).timings.unwrap();
/// assert_eq!((t.ttfb_ms, t.first_answer_ms, t.total_ms), (Some(240.0), Some(252.0), Some(252.0)));
/// ```
pub fn assemble_body_at(
    bytes: &[u8],
    opts: &AssembleOptions,
    first_byte_ms: Option<f64>,
    end_ms: Option<f64>,
) -> Assembled {
    let mut a = Assembler::new(opts.clone());
    a.streamed = false;
    a.chunk_arrived(first_byte_ms.or(end_ms));
    let mut out = Vec::new();
    let text = String::from_utf8_lossy(bytes);
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(v)
            if v.get("error").is_some()
                || v.get("object").and_then(|o| o.as_str()) == Some("error") =>
        {
            let err = match v.get("error") {
                Some(e @ serde_json::Value::Object(_)) => e.clone(),
                Some(other) => serde_json::json!({ "message": other }),
                None => v.clone(),
            };
            a.frames += 1;
            a.fail(err, &mut out);
        }
        Ok(v) if v.get("type").and_then(|t| t.as_str()) == Some("message") => {
            a.push_messages_body(&v, end_ms, &mut out);
        }
        _ => a.push_data(&text, end_ms, &mut out),
    }
    a.finish(end_ms)
}

/// Whether bytes look like an SSE stream rather than a JSON body.
///
/// ```
/// assert!(qwen_route::assemble::looks_like_sse(b"data: {}\n\n"));
/// assert!(!qwen_route::assemble::looks_like_sse(b"{\"choices\":[]}"));
/// ```
pub fn looks_like_sse(bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    let trimmed =
        start.iter().position(|b| !b.is_ascii_whitespace()).map_or(&[][..], |i| &start[i..]);
    trimmed.starts_with(b"data:")
        || trimmed.starts_with(b"event:")
        || trimmed.starts_with(b":")
        || trimmed.starts_with(b"id:")
        || trimmed.starts_with(b"retry:")
}

/// Assemble whatever arrived: an SSE stream or a JSON body, all at once (no timings).
///
/// ```
/// let a = qwen_route::assemble::assemble_auto(b"data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\ndata: [DONE]\n\n", &Default::default());
/// assert_eq!(a.answer(), "x");
/// ```
pub fn assemble_auto(bytes: &[u8], opts: &AssembleOptions) -> Assembled {
    if looks_like_sse(bytes) {
        let mut s = StreamAssembler::new(opts.clone());
        s.push(bytes, None, &mut Vec::new());
        s.finish(None)
    } else {
        assemble_body(bytes, opts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_chunk_of_frames_gives_one_run_per_kind() {
        let frame = |d: &str| format!("data: {{\"choices\":[{{\"index\":0,\"delta\":{d}}}]}}\n\n");
        let mut sse = String::new();
        for d in [
            r#"{"reasoning_content":"Let "}"#,
            r#"{"reasoning_content":"me see."}"#,
            r#"{"content":"It "}"#,
            r#"{"content":"is 4."}"#,
            r#"{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":"{\"a\""}}]}"#,
            r#"{"tool_calls":[{"index":0,"id":"","function":{"arguments":":1}"}}]}"#,
            r#"{"tool_calls":[{"index":1,"id":"call_2","function":{"name":"g","arguments":"{}"}}]}"#,
            r#"{"content":"!"}"#,
        ] {
            sse.push_str(&frame(d));
        }
        let mut whole = StreamAssembler::new(AssembleOptions::default());
        let mut out = Vec::new();
        whole.push(sse.as_bytes(), Some(5.0), &mut out);
        let tool = |index: u32, id: &str, name: &str, arguments: &str| StreamDelta::ToolCall {
            choice: 0,
            index,
            id: Some(id.into()),
            name: Some(name.into()),
            arguments: arguments.into(),
        };
        assert_eq!(
            out,
            [
                StreamDelta::Reasoning { choice: 0, text: "Let me see.".into() },
                StreamDelta::Answer { choice: 0, text: "It is 4.".into() },
                tool(0, "call_1", "f", "{\"a\":1}"),
                tool(1, "call_2", "g", "{}"),
                StreamDelta::Answer { choice: 0, text: "!".into() },
            ]
        );
        // Byte by byte, the deltas concatenate to the same text.
        let mut bytewise = StreamAssembler::new(AssembleOptions::default());
        let mut pieces = Vec::new();
        for b in sse.as_bytes() {
            bytewise.push(std::slice::from_ref(b), Some(5.0), &mut pieces);
        }
        let answer: String = pieces
            .iter()
            .filter_map(|d| match d {
                StreamDelta::Answer { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(answer, "It is 4.!");
        assert_eq!(whole.finish(None).choices, bytewise.finish(None).choices);
    }

    #[test]
    fn error_frame_keeps_partial_output() {
        let sse = concat!(
            "data: {\"choices\":[{\"delta\":{\"content\":\"Part\"},\"index\":0}]}\n\n",
            "data: {\"error\":{\"code\":\"invalid_parameter_error\",\"param\":null,\"message\":\"Range of max_tokens should be [1, 131072]\",\"type\":\"invalid_request_error\"},\"id\":\"chatcmpl-1\"}\n\n",
        );
        let a = assemble_auto(
            sse.as_bytes(),
            &AssembleOptions { surface: Some("dashscope-intl".into()), ..Default::default() },
        );
        assert_eq!(a.answer(), "Part");
        assert_eq!(a.end, End::Error);
        assert_eq!(a.diagnosis.unwrap().code, "max-tokens-range");
    }

    #[test]
    fn truncated_stream_is_diagnosed() {
        let a = assemble_auto(
            b"data: {\"choices\":[{\"delta\":{\"content\":\"Par",
            &AssembleOptions::default(),
        );
        assert_eq!(a.end, End::Truncated);
        assert_eq!(a.diagnosis.unwrap().code, "stream-truncated");
    }

    #[test]
    fn usage_chunk_with_empty_choices() {
        let a = assemble_auto(b"data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":1}}}\n\ndata: [DONE]\n\n", &AssembleOptions::default());
        assert_eq!(a.usage.unwrap().cached_tokens, Some(1));
        assert!(a.choices.is_empty());
    }

    #[test]
    fn timings_from_arrival() {
        let mut s = StreamAssembler::new(AssembleOptions {
            sent_at_ms: Some(1000.0),
            ..Default::default()
        });
        let mut out = Vec::new();
        s.push(
            b"data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"a b c d\"}}]}\n\n",
            Some(1100.0),
            &mut out,
        );
        s.push(
            b"data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"e f g h\"}}]}\n\n",
            Some(1300.0),
            &mut out,
        );
        s.push(b"data: {\"choices\":[{\"delta\":{\"content\":\"Yes\"},\"finish_reason\":\"stop\"}]}\n\n", Some(1500.0), &mut out);
        s.push(b"data: [DONE]\n\n", Some(1510.0), &mut out);
        let a = s.finish(Some(1510.0));
        let t = a.timings.unwrap();
        assert_eq!(t.ttfb_ms, Some(100.0));
        assert_eq!(t.first_reasoning_ms, Some(100.0));
        assert_eq!(t.first_answer_ms, Some(500.0));
        assert_eq!(t.total_ms, Some(510.0));
        assert_eq!(t.max_gap_ms, Some(200.0));
        assert!(t.reasoning.unwrap().estimated);
    }
}
