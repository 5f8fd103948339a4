//! One request's life as plain data: events in (head, chunks, end), what the page should show
//! out. No signals, no DOM, no clock (times come with the events), so every path is tested
//! natively; `super` is the thin reactive layer that feeds it and copies its output into signals.
//!
//! The stream is decoded once: the core's [`StreamAssembler`] lends each raw event to the
//! frame list as it assembles it.

use std::collections::BTreeMap;

use qwen_route::assemble::{
    assemble_body_at, AssembleOptions, Assembled, StreamAssembler, StreamDelta, Usage,
};
use qwen_route::check::{check_structured, CheckResult};
use qwen_route::diagnose::{
    diagnose, DiagnoseRequest, Diagnosis, RequestSummary, TransportFailure,
};
use serde_json::Value;

/// Raw frames kept for display (the assembled answer keeps everything).
pub const FRAME_ROWS: usize = 400;
/// Raw body kept for display and diagnosis.
pub const BODY_CAP: usize = 1 << 20;
/// A frame's data longer than this is cut for display.
pub const FRAME_DATA_CAP: usize = 2000;

/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing sent yet.
    Idle,
    /// Sent, no answer yet.
    Sending,
    /// The answer is arriving.
    Receiving,
    /// Finished with an answer.
    Done,
    /// Finished with a failure (see the diagnosis).
    Failed,
    /// Stopped by the user.
    Aborted,
}

/// One raw SSE event as it arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameRow {
    /// 1-based position.
    pub n: usize,
    /// Milliseconds after send.
    pub at_ms: f64,
    /// The `event` field.
    pub event: String,
    /// The `data` field (long ones cut for display).
    pub data: String,
}

/// A tool call as its fragments arrive.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LiveTool {
    /// Index in the choice.
    pub index: u32,
    /// Call id.
    pub id: String,
    /// Function name.
    pub name: String,
    /// Arguments so far.
    pub arguments: String,
}

/// A fragment of a tool call from one chunk.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolFragment {
    /// Index in the choice.
    pub index: u32,
    /// Call id, when this fragment names it.
    pub id: Option<String>,
    /// Function name, when this fragment names it.
    pub name: Option<String>,
    /// Arguments text to append.
    pub arguments: String,
}

impl ToolFragment {
    /// Merge this fragment into the calls shown so far.
    pub fn apply(self, tools: &mut Vec<LiveTool>) {
        let pos = match tools.iter().position(|t| t.index == self.index) {
            Some(pos) => pos,
            None => {
                tools.push(LiveTool { index: self.index, ..LiveTool::default() });
                tools.len() - 1
            }
        };
        let t = &mut tools[pos];
        if let Some(id) = self.id {
            t.id = id;
        }
        if let Some(name) = self.name {
            t.name = name;
        }
        t.arguments.push_str(&self.arguments);
    }
}

/// What the run needs to interpret the answer.
#[derive(Debug, Clone, Default)]
pub struct RunContext {
    /// Catalog surface id (for the assembler and the diagnosis).
    pub surface: String,
    /// What was asked (model, stream, thinking, key class and region).
    pub summary: RequestSummary,
    /// The JSON Schema the answer must satisfy, if any.
    pub schema: Option<Value>,
    /// JSON was asked for.
    pub expect_json: bool,
    /// The surface refuses browser calls (a network failure then means CORS).
    pub cors_refused: bool,
}

/// What arrived since the page last drew: appended to what it shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pending {
    /// Reasoning text to append.
    pub reasoning: String,
    /// Answer text to append.
    pub answer: String,
    /// Tool-call fragments, in order.
    pub tools: Vec<ToolFragment>,
    /// Raw frames, in order.
    pub frames: Vec<FrameRow>,
    /// Usage, when a frame reported it.
    pub usage: Option<Usage>,
    /// An error frame's diagnosis.
    pub diagnosis: Option<Diagnosis>,
    /// Time to the first reasoning token, when it arrived in this batch.
    pub first_reasoning_ms: Option<f64>,
    /// Time to the first answer token or tool call, when it arrived in this batch.
    pub first_answer_ms: Option<f64>,
}

impl Pending {
    /// Nothing to draw.
    pub fn is_empty(&self) -> bool {
        *self == Pending::default()
    }
}

/// How the run ended, and everything the page shows for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// `Done`, `Failed` or `Aborted`.
    pub phase: Phase,
    /// The final assembly (timings, detectors, end), when there was an answer.
    pub assembled: Option<Assembled>,
    /// Why it failed.
    pub diagnosis: Option<Diagnosis>,
    /// The answer against the request's schema.
    pub check: Option<CheckResult>,
    /// A non-SSE body as text.
    pub body: Option<String>,
    /// Lanes to fill from a body (non-streamed answers), where the stream showed none.
    pub fill_answer: Option<String>,
    /// Reasoning to fill from a body.
    pub fill_reasoning: Option<String>,
    /// Tool calls to fill from a body.
    pub fill_tools: Option<Vec<LiveTool>>,
    /// Usage from the final assembly.
    pub usage: Option<Usage>,
    /// Times to first reasoning and first answer, from the final assembly.
    pub first_reasoning_ms: Option<f64>,
    /// Time to first answer (or tool call), from the final assembly.
    pub first_answer_ms: Option<f64>,
}

/// One request's state machine.
#[derive(Debug)]
pub struct RunMachine {
    engine: Option<StreamAssembler>,
    ctx: RunContext,
    sent_at: f64,
    status: u16,
    headers: Vec<(String, String)>,
    is_sse: bool,
    body: Vec<u8>,
    first_byte_at: Option<f64>,
    frame_n: usize,
    seen_reasoning: bool,
    seen_answer: bool,
    seen_tools: bool,
    pending: Pending,
    phase: Phase,
}

impl RunMachine {
    /// A request sent at `sent_at` (milliseconds on the caller's clock).
    pub fn start(ctx: RunContext, sent_at: f64) -> RunMachine {
        let opts = AssembleOptions {
            surface: Some(ctx.surface.clone()),
            request: ctx.summary.clone(),
            expect_json: ctx.expect_json,
            sent_at_ms: Some(sent_at),
        };
        RunMachine {
            engine: Some(StreamAssembler::new(opts)),
            ctx,
            sent_at,
            status: 0,
            headers: Vec::new(),
            is_sse: false,
            body: Vec::new(),
            first_byte_at: None,
            frame_n: 0,
            seen_reasoning: false,
            seen_answer: false,
            seen_tools: false,
            pending: Pending::default(),
            phase: Phase::Sending,
        }
    }

    /// Where the run is.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The interpretation context.
    pub fn context(&self) -> &RunContext {
        &self.ctx
    }

    /// HTTP status (0 before the head).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Response headers.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The raw body so far (up to [`BODY_CAP`]).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Status and headers arrived. Returns whether the answer is an event stream.
    pub fn head(&mut self, status: u16, headers: Vec<(String, String)>) -> bool {
        let ok = (200..300).contains(&status);
        self.is_sse = ok
            && headers
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case("content-type") && v.contains("event-stream"));
        self.status = status;
        self.headers = headers;
        self.phase = Phase::Receiving;
        self.is_sse
    }

    /// A chunk of the body arrived at `at_ms`.
    pub fn chunk(&mut self, bytes: &[u8], at_ms: f64) {
        self.first_byte_at.get_or_insert(at_ms);
        if self.body.len() < BODY_CAP {
            self.body.extend_from_slice(bytes);
        }
        if !self.is_sse {
            return;
        }
        let Some(engine) = self.engine.as_mut() else { return };
        let since = at_ms - self.sent_at;
        let mut deltas = Vec::new();
        let (frames, frame_n) = (&mut self.pending.frames, &mut self.frame_n);
        engine.push_observed(bytes, Some(at_ms), &mut deltas, &mut |ev| {
            *frame_n += 1;
            frames.push(FrameRow {
                n: *frame_n,
                at_ms: since,
                event: ev.event.to_string(),
                data: cut_for_display(ev.data),
            });
        });
        for d in deltas {
            match d {
                StreamDelta::Reasoning { text, .. } => {
                    if !self.seen_reasoning {
                        self.seen_reasoning = true;
                        self.pending.first_reasoning_ms = Some(since);
                    }
                    self.pending.reasoning.push_str(&text);
                }
                StreamDelta::Answer { text, .. } => {
                    self.first_answer(since);
                    self.seen_answer = true;
                    self.pending.answer.push_str(&text);
                }
                StreamDelta::ToolCall { index, id, name, arguments, .. } => {
                    self.first_answer(since);
                    self.seen_tools = true;
                    self.pending.tools.push(ToolFragment { index, id, name, arguments });
                }
                StreamDelta::Usage { usage } => self.pending.usage = Some(usage),
                StreamDelta::Error { diagnosis } => self.pending.diagnosis = Some(*diagnosis),
                _ => {}
            }
        }
    }

    fn first_answer(&mut self, since: f64) {
        if !self.seen_answer && !self.seen_tools {
            self.pending.first_answer_ms = Some(since);
        }
    }

    /// What arrived since the last call.
    pub fn take_pending(&mut self) -> Pending {
        std::mem::take(&mut self.pending)
    }

    /// The run ended: `failure` is the transport's failure, if any (`origin` is the page's, for
    /// a CORS diagnosis). What is still pending stays for [`RunMachine::take_pending`].
    pub fn finish(
        &mut self,
        at_ms: f64,
        failure: Option<(TransportFailure, String)>,
        origin: Option<String>,
    ) -> Outcome {
        let ok = (200..300).contains(&self.status);
        let opts = AssembleOptions {
            surface: Some(self.ctx.surface.clone()),
            request: self.ctx.summary.clone(),
            expect_json: self.ctx.expect_json,
            sent_at_ms: Some(self.sent_at),
        };
        let mut assembled = None;
        let mut diagnosis = None;
        let aborted = matches!(failure, Some((TransportFailure::Aborted, _)));
        match &failure {
            Some((TransportFailure::Aborted, _)) => {
                assembled = self.engine.take().map(|e| e.abort(Some(at_ms)));
            }
            Some((kind, message)) if self.status == 0 => {
                let kind = if *kind == TransportFailure::Network && self.ctx.cors_refused {
                    TransportFailure::Cors
                } else {
                    *kind
                };
                let mut summary = self.ctx.summary.clone();
                if summary.origin.is_none() {
                    summary.origin = origin;
                }
                diagnosis = diagnose(&DiagnoseRequest {
                    surface: self.ctx.surface.clone(),
                    request: summary,
                    status: None,
                    headers: BTreeMap::new(),
                    body: message.clone(),
                    error: None,
                    transport: Some(kind),
                })
                .ok();
            }
            // The body broke off after the head: keep what came.
            Some(_) => assembled = self.engine.take().map(|e| e.finish(Some(at_ms))),
            None if ok && self.is_sse => {
                assembled = self.engine.take().map(|e| e.finish(Some(at_ms)));
            }
            None if ok => {
                assembled =
                    Some(assemble_body_at(&self.body, &opts, self.first_byte_at, Some(at_ms)));
            }
            None => {
                diagnosis = diagnose(&DiagnoseRequest {
                    surface: self.ctx.surface.clone(),
                    request: self.ctx.summary.clone(),
                    status: Some(self.status),
                    headers: self.headers.iter().cloned().collect(),
                    body: String::from_utf8_lossy(&self.body).into_owned(),
                    error: None,
                    transport: None,
                })
                .ok();
            }
        }
        let mut out = Outcome {
            phase: Phase::Done,
            assembled: None,
            diagnosis: None,
            check: None,
            body: (!self.is_sse).then(|| String::from_utf8_lossy(&self.body).into_owned()),
            fill_answer: None,
            fill_reasoning: None,
            fill_tools: None,
            usage: None,
            first_reasoning_ms: None,
            first_answer_ms: None,
        };
        if let Some(a) = &assembled {
            if let Some(c) = a.choices.first() {
                // Bodies (non-streamed) fill the lanes here.
                if !self.seen_answer && !c.content.is_empty() {
                    out.fill_answer = Some(c.content.clone());
                }
                if !self.seen_reasoning && !c.reasoning.is_empty() {
                    out.fill_reasoning = Some(c.reasoning.clone());
                }
                if !self.seen_tools && !c.tool_calls.is_empty() {
                    out.fill_tools = Some(
                        c.tool_calls
                            .iter()
                            .map(|t| LiveTool {
                                index: t.index,
                                id: t.id.clone(),
                                name: t.name.clone(),
                                arguments: t.arguments.clone(),
                            })
                            .collect(),
                    );
                }
                if let Some(s) = &self.ctx.schema {
                    out.check = Some(check_structured(&c.content, s));
                }
            }
            out.usage = a.usage;
            if let Some(t) = &a.timings {
                out.first_reasoning_ms = t.first_reasoning_ms;
                out.first_answer_ms = t.first_answer_ms.or(t.first_tool_call_ms);
            }
            if diagnosis.is_none() {
                diagnosis = a.diagnosis.clone();
            }
        }
        out.phase = if aborted {
            Phase::Aborted
        } else if diagnosis.is_some() {
            Phase::Failed
        } else {
            Phase::Done
        };
        out.diagnosis = diagnosis;
        out.assembled = assembled;
        self.phase = out.phase;
        out
    }
}

/// A frame's data cut to [`FRAME_DATA_CAP`] bytes on a character boundary, with `…`.
fn cut_for_display(data: &str) -> String {
    if data.len() <= FRAME_DATA_CAP {
        return data.to_string();
    }
    let mut cut = FRAME_DATA_CAP;
    while !data.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", &data[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> RunContext {
        RunContext { surface: "dashscope-intl".into(), ..RunContext::default() }
    }

    fn sse_head() -> Vec<(String, String)> {
        vec![("content-type".into(), "text/event-stream; charset=utf-8".into())]
    }

    const STREAM: &str = concat!(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Think\"}}]}\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"ing.\"}}]}\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\n",
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}\n\n",
        "data: [DONE]\n\n",
    );

    /// Feed `bytes` in chunks of `size`, one millisecond apart from `t0`.
    fn feed(m: &mut RunMachine, bytes: &[u8], size: usize, t0: f64) -> Pending {
        let mut all = Pending::default();
        for (n, c) in bytes.chunks(size).enumerate() {
            m.chunk(c, t0 + n as f64);
            let p = m.take_pending();
            all.reasoning.push_str(&p.reasoning);
            all.answer.push_str(&p.answer);
            all.tools.extend(p.tools);
            all.frames.extend(p.frames);
            all.usage = p.usage.or(all.usage);
            all.diagnosis = p.diagnosis.or(all.diagnosis);
            all.first_reasoning_ms = all.first_reasoning_ms.or(p.first_reasoning_ms);
            if p.first_answer_ms.is_some() {
                assert!(all.first_answer_ms.is_none(), "first answer reported twice");
                all.first_answer_ms = p.first_answer_ms;
            }
        }
        all
    }

    #[test]
    fn a_stream_in_odd_chunks_gives_lanes_frames_and_first_times_once() {
        for size in [1, 7, 64, 4096] {
            let mut m = RunMachine::start(ctx(), 100.0);
            assert_eq!(m.phase(), Phase::Sending);
            assert!(m.head(200, sse_head()));
            assert_eq!(m.phase(), Phase::Receiving);
            let p = feed(&mut m, STREAM.as_bytes(), size, 150.0);
            assert_eq!(p.reasoning, "Thinking.", "chunk size {size}");
            assert_eq!(p.answer, "Hello");
            // Each event is listed once, numbered in order: the stream was decoded once.
            assert_eq!(p.frames.len(), 6);
            assert!(p.frames.iter().enumerate().all(|(i, f)| f.n == i + 1));
            assert_eq!(p.frames[5].data, "[DONE]");
            assert_eq!(p.usage.and_then(|u| u.total_tokens), Some(12));
            let first_r = p.first_reasoning_ms.unwrap();
            let first_a = p.first_answer_ms.unwrap();
            assert!(first_r >= 50.0 && first_a >= first_r, "{first_r} {first_a}");
            if size == 1 {
                // Byte by byte, the answer's first token comes chunks after the reasoning's.
                assert!(first_a > first_r, "{first_r} {first_a}");
            }
            let o = m.finish(400.0, None, None);
            assert_eq!(o.phase, Phase::Done);
            assert!(o.body.is_none(), "an event stream is shown as frames, not as a body");
            assert!(o.fill_answer.is_none(), "the stream already showed the answer");
            let a = o.assembled.unwrap();
            assert_eq!(a.choices[0].content, "Hello");
            assert_eq!(o.usage.and_then(|u| u.total_tokens), Some(12));
        }
    }

    #[test]
    fn tool_call_fragments_merge_by_index() {
        let stream = concat!(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"ci\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"Oslo\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n",
            "data: [DONE]\n\n",
        );
        let mut m = RunMachine::start(ctx(), 0.0);
        m.head(200, sse_head());
        let p = feed(&mut m, stream.as_bytes(), 5, 10.0);
        assert!(p.first_answer_ms.is_some(), "a tool call counts as the first answer");
        let mut tools = Vec::new();
        p.tools.into_iter().for_each(|f| f.apply(&mut tools));
        assert_eq!(tools.len(), 1);
        assert_eq!(tools[0].id, "call_1");
        assert_eq!(tools[0].name, "get_weather");
        assert_eq!(tools[0].arguments, "{\"city\":\"Oslo\"}");
        assert_eq!(m.finish(50.0, None, None).phase, Phase::Done);
    }

    #[test]
    fn a_refused_key_is_diagnosed_from_the_body() {
        let mut m = RunMachine::start(ctx(), 0.0);
        assert!(!m.head(401, vec![("content-type".into(), "application/json".into())]));
        m.chunk(br#"{"error":{"message":"Incorrect API key provided. ","type":"invalid_request_error","code":"invalid_api_key"}}"#, 20.0);
        assert!(m.take_pending().frames.is_empty(), "an error body is not read as frames");
        let o = m.finish(21.0, None, None);
        assert_eq!(o.phase, Phase::Failed);
        assert_eq!(o.diagnosis.as_ref().map(|d| d.code), Some("invalid-api-key"));
        assert!(o.body.unwrap().contains("invalid_api_key"));
        assert!(o.assembled.is_none());
    }

    #[test]
    fn a_network_failure_on_a_surface_that_refuses_browsers_is_cors() {
        let mut c = ctx();
        c.cors_refused = true;
        let mut m = RunMachine::start(c, 0.0);
        let o = m.finish(
            5.0,
            Some((TransportFailure::Network, "Failed to fetch".into())),
            Some("http://127.0.0.1:8080".into()),
        );
        assert_eq!(o.phase, Phase::Failed);
        assert_eq!(o.diagnosis.map(|d| d.code), Some("cors-blocked"));
        let mut m = RunMachine::start(ctx(), 0.0);
        let o = m.finish(5.0, Some((TransportFailure::Network, "Failed to fetch".into())), None);
        assert_eq!(o.diagnosis.map(|d| d.code), Some("network-error"));
    }

    #[test]
    fn abort_keeps_what_arrived() {
        let mut m = RunMachine::start(ctx(), 0.0);
        m.head(200, sse_head());
        let half =
            STREAM.find("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"").unwrap();
        let p = feed(&mut m, &STREAM.as_bytes()[..half], 9, 1.0);
        assert_eq!(p.answer, "Hel");
        let o = m.finish(9.0, Some((TransportFailure::Aborted, "aborted".into())), None);
        assert_eq!(o.phase, Phase::Aborted);
        assert_eq!(o.assembled.unwrap().choices[0].content, "Hel");
        assert_eq!(m.phase(), Phase::Aborted);
    }

    #[test]
    fn a_non_streamed_body_fills_the_lanes_and_is_checked_against_the_schema() {
        let mut c = ctx();
        c.schema = Some(serde_json::json!({"type": "object", "required": ["colour"]}));
        let mut m = RunMachine::start(c, 0.0);
        assert!(!m.head(200, vec![("content-type".into(), "application/json".into())]));
        let body = r#"{"choices":[{"index":0,"message":{"role":"assistant","content":"{\"shade\":1}","reasoning_content":"hmm"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}"#;
        m.chunk(&body.as_bytes()[..40], 30.0);
        m.chunk(&body.as_bytes()[40..], 31.0);
        let o = m.finish(32.0, None, None);
        assert_eq!(o.phase, Phase::Done);
        assert_eq!(o.fill_answer.as_deref(), Some("{\"shade\":1}"));
        assert_eq!(o.fill_reasoning.as_deref(), Some("hmm"));
        assert_eq!(o.usage.and_then(|u| u.total_tokens), Some(7));
        assert!(!o.check.unwrap().valid, "the answer lacks `colour`");
        assert!(o.first_answer_ms.is_some(), "a body's first answer is its first byte");
    }

    #[test]
    fn long_frames_are_cut_on_a_character_boundary() {
        let data = "é".repeat(FRAME_DATA_CAP);
        let cut = cut_for_display(&data);
        assert!(cut.ends_with('…'));
        assert!(cut.len() <= FRAME_DATA_CAP + '…'.len_utf8());
        assert_eq!(cut_for_display("short"), "short");
    }
}
