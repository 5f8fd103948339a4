//! One request's life in the page: sending, the raw frames as they arrive, the assembled answer
//! (updated at most once per animation frame, so long streams stay smooth), timings, the
//! schema check and, on failure, the diagnosis. Partial output stays on abort or error.

use std::collections::BTreeMap;

use leptos::prelude::*;
use qwen_route::assemble::{
    assemble_body_at, AssembleOptions, Assembled, StreamAssembler, StreamDelta, Usage,
};
use qwen_route::check::{check_structured, CheckResult};
use qwen_route::diagnose::{
    diagnose, DiagnoseRequest, Diagnosis, RequestSummary, TransportFailure,
};
use qwen_route::sse::SseDecoder;
use serde_json::Value;

use crate::key::SealedKey;
use crate::transport::{self, AbortHandle, Incoming, Outgoing};

/// Raw frames kept for display (the assembled answer keeps everything).
pub const FRAME_ROWS: usize = 400;
/// Raw body kept for display.
const BODY_CAP: usize = 1 << 20;

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

#[derive(Default)]
struct Pending {
    reasoning: String,
    answer: String,
    tools: Vec<(u32, Option<String>, Option<String>, String)>,
    frames: Vec<FrameRow>,
    usage: Option<Usage>,
    diagnosis: Option<Diagnosis>,
}

#[derive(Default)]
struct Inner {
    engine: Option<StreamAssembler>,
    sse: SseDecoder,
    ctx: RunContext,
    sent_at: f64,
    status: u16,
    headers: Vec<(String, String)>,
    is_sse: bool,
    body: Vec<u8>,
    /// When the first byte of the answer arrived (a body's time to first byte).
    first_byte_at: Option<f64>,
    frame_n: usize,
    pending: Pending,
    flush_scheduled: bool,
    abort: Option<AbortHandle>,
    generation: u64,
}

/// The reactive state of one request.
#[derive(Clone, Copy)]
pub struct Run {
    /// Where it is.
    pub phase: RwSignal<Phase>,
    /// What was sent (headers with the key placeholder, never the key).
    pub sent: RwSignal<Option<Outgoing>>,
    /// HTTP status.
    pub status: RwSignal<Option<u16>>,
    /// Response headers the browser exposes.
    pub headers: RwSignal<Vec<(String, String)>>,
    /// The last [`FRAME_ROWS`] raw frames.
    pub frames: RwSignal<Vec<FrameRow>>,
    /// Frames received in all.
    pub frame_total: RwSignal<usize>,
    /// A non-SSE body, as text.
    pub body: RwSignal<String>,
    /// Reasoning lane so far.
    pub reasoning: RwSignal<String>,
    /// Answer lane so far.
    pub answer: RwSignal<String>,
    /// Tool calls so far.
    pub tools: RwSignal<Vec<LiveTool>>,
    /// Usage, when reported.
    pub usage: RwSignal<Option<Usage>>,
    /// Time to first reasoning token, from send.
    pub first_reasoning_ms: RwSignal<Option<f64>>,
    /// Time to first answer token, from send.
    pub first_answer_ms: RwSignal<Option<f64>>,
    /// The final assembly (timings, detectors, end).
    pub assembled: RwSignal<Option<Assembled>>,
    /// Why it failed.
    pub diagnosis: RwSignal<Option<Diagnosis>>,
    /// The answer against the schema.
    pub check: RwSignal<Option<CheckResult>>,
    inner: StoredValue<Inner, LocalStorage>,
}

impl Default for Run {
    fn default() -> Self {
        Self::new()
    }
}

impl Run {
    /// A fresh, idle run.
    pub fn new() -> Run {
        Run {
            phase: RwSignal::new(Phase::Idle),
            sent: RwSignal::new(None),
            status: RwSignal::new(None),
            headers: RwSignal::new(Vec::new()),
            frames: RwSignal::new(Vec::new()),
            frame_total: RwSignal::new(0),
            body: RwSignal::new(String::new()),
            reasoning: RwSignal::new(String::new()),
            answer: RwSignal::new(String::new()),
            tools: RwSignal::new(Vec::new()),
            usage: RwSignal::new(None),
            first_reasoning_ms: RwSignal::new(None),
            first_answer_ms: RwSignal::new(None),
            assembled: RwSignal::new(None),
            diagnosis: RwSignal::new(None),
            check: RwSignal::new(None),
            inner: StoredValue::new_local(Inner::default()),
        }
    }

    /// The failed exchange as the repro tools take it (headers carry the key's placeholder).
    pub fn repro_input(&self) -> Option<qwen_route::repro::ReproInput> {
        let sent = self.sent.get_untracked()?;
        self.inner.with_value(|i| {
            let body: serde_json::Value =
                serde_json::from_str(&sent.body).unwrap_or(serde_json::Value::Null);
            Some(qwen_route::repro::ReproInput {
                surface: i.ctx.surface.clone(),
                request: qwen_route::repro::SentRequest {
                    method: sent.method.clone(),
                    url: sent.url.clone(),
                    headers: sent.headers.iter().cloned().collect(),
                    body,
                },
                response: qwen_route::repro::ReceivedResponse {
                    status: (i.status != 0).then_some(i.status),
                    headers: i.headers.iter().cloned().collect(),
                    body: String::from_utf8_lossy(&i.body).into_owned(),
                },
            })
        })
    }

    /// The run's interpretation context (surface, request summary).
    pub fn context(&self) -> RunContext {
        self.inner.with_value(|i| i.ctx.clone())
    }

    /// Whether a request is in flight.
    pub fn busy(&self) -> bool {
        matches!(self.phase.get(), Phase::Sending | Phase::Receiving)
    }

    /// Stop the request in flight; what arrived stays.
    pub fn abort(&self) {
        self.inner.with_value(|i| {
            if let Some(a) = &i.abort {
                a.abort();
            }
        });
    }

    fn reset(&self, ctx: RunContext, out: &Outgoing) -> u64 {
        self.abort();
        self.phase.set(Phase::Sending);
        self.sent.set(Some(out.clone()));
        self.status.set(None);
        self.headers.set(Vec::new());
        self.frames.set(Vec::new());
        self.frame_total.set(0);
        self.body.set(String::new());
        self.reasoning.set(String::new());
        self.answer.set(String::new());
        self.tools.set(Vec::new());
        self.usage.set(None);
        self.first_reasoning_ms.set(None);
        self.first_answer_ms.set(None);
        self.assembled.set(None);
        self.diagnosis.set(None);
        self.check.set(None);
        let sent_at = transport::now_ms();
        let mut generation = 0;
        self.inner.update_value(|i| {
            generation = i.generation + 1;
            let opts = AssembleOptions {
                surface: Some(ctx.surface.clone()),
                request: ctx.summary.clone(),
                expect_json: ctx.expect_json,
                sent_at_ms: Some(sent_at),
            };
            *i = Inner {
                engine: Some(StreamAssembler::new(opts)),
                ctx,
                sent_at,
                generation,
                ..Inner::default()
            };
        });
        generation
    }

    /// Send `out` (through the Sandbox when `sandbox_path` is given), with `key` written into
    /// `Authorization` at send time.
    pub fn send(
        self,
        out: Outgoing,
        key: SealedKey,
        ctx: RunContext,
        sandbox_path: Option<String>,
    ) {
        let generation = self.reset(ctx, &out);
        let run = self;
        let started = move |h: AbortHandle| run.inner.update_value(|i| i.abort = Some(h));
        let on = move |ev: Incoming| {
            // A newer send replaced this one: ignore stragglers.
            if run.inner.with_value(|i| i.generation) == generation {
                run.on_event(ev);
            }
        };
        leptos::task::spawn_local(async move {
            match sandbox_path {
                Some(path) => transport::sandbox(out, path, key, 25, started, on).await,
                None => transport::fetch(out, key, started, on).await,
            }
        });
    }

    fn schedule_flush(&self) {
        let run = *self;
        let scheduled = self.inner.with_value(|i| i.flush_scheduled);
        if !scheduled {
            self.inner.update_value(|i| i.flush_scheduled = true);
            request_animation_frame(move || run.flush());
        }
    }

    fn flush(&self) {
        let mut p = Pending::default();
        self.inner.update_value(|i| {
            i.flush_scheduled = false;
            p = std::mem::take(&mut i.pending);
        });
        if !p.reasoning.is_empty() {
            self.reasoning.update(|s| s.push_str(&p.reasoning));
        }
        if !p.answer.is_empty() {
            self.answer.update(|s| s.push_str(&p.answer));
        }
        if !p.tools.is_empty() {
            self.tools.update(|tools| {
                for (index, id, name, args) in p.tools {
                    let pos = match tools.iter().position(|t| t.index == index) {
                        Some(pos) => pos,
                        None => {
                            tools.push(LiveTool { index, ..LiveTool::default() });
                            tools.len() - 1
                        }
                    };
                    let t = &mut tools[pos];
                    if let Some(id) = id {
                        t.id = id;
                    }
                    if let Some(name) = name {
                        t.name = name;
                    }
                    t.arguments.push_str(&args);
                }
            });
        }
        if !p.frames.is_empty() {
            let added = p.frames.len();
            self.frame_total.update(|n| *n += added);
            self.frames.update(|rows| {
                rows.extend(p.frames);
                if rows.len() > FRAME_ROWS {
                    let cut = rows.len() - FRAME_ROWS;
                    rows.drain(..cut);
                }
            });
        }
        if p.usage.is_some() {
            self.usage.set(p.usage);
        }
        if p.diagnosis.is_some() {
            self.diagnosis.set(p.diagnosis);
        }
    }

    fn on_event(&self, ev: Incoming) {
        match ev {
            Incoming::Head { status, headers } => {
                let ok = (200..300).contains(&status);
                let is_sse = ok
                    && headers.iter().any(|(k, v)| {
                        k.eq_ignore_ascii_case("content-type") && v.contains("event-stream")
                    });
                self.inner.update_value(|i| {
                    i.status = status;
                    i.headers = headers.clone();
                    i.is_sse = is_sse;
                });
                self.status.set(Some(status));
                self.headers.set(headers);
                self.phase.set(Phase::Receiving);
            }
            Incoming::Chunk { bytes, at_ms } => {
                let mut first_reasoning = None;
                let mut first_answer = None;
                self.inner.update_value(|i| {
                    i.first_byte_at.get_or_insert(at_ms);
                    if i.body.len() < BODY_CAP {
                        i.body.extend_from_slice(&bytes);
                    }
                    if !i.is_sse {
                        return;
                    }
                    let mut deltas = Vec::new();
                    if let Some(e) = i.engine.as_mut() {
                        e.push(&bytes, Some(at_ms), &mut deltas);
                    }
                    let mut events = Vec::new();
                    i.sse.push(&bytes, &mut events);
                    for ev in events {
                        i.frame_n += 1;
                        let mut data = ev.data;
                        if data.len() > 2000 {
                            let mut cut = 2000;
                            while !data.is_char_boundary(cut) {
                                cut -= 1;
                            }
                            data.truncate(cut);
                            data.push('…');
                        }
                        i.pending.frames.push(FrameRow {
                            n: i.frame_n,
                            at_ms: at_ms - i.sent_at,
                            event: ev.event,
                            data,
                        });
                    }
                    for d in deltas {
                        match d {
                            StreamDelta::Reasoning { text, .. } => {
                                first_reasoning.get_or_insert(at_ms - i.sent_at);
                                i.pending.reasoning.push_str(&text);
                            }
                            StreamDelta::Answer { text, .. } => {
                                first_answer.get_or_insert(at_ms - i.sent_at);
                                i.pending.answer.push_str(&text);
                            }
                            StreamDelta::ToolCall { index, id, name, arguments, .. } => {
                                first_answer.get_or_insert(at_ms - i.sent_at);
                                i.pending.tools.push((index, id, name, arguments));
                            }
                            StreamDelta::Usage { usage } => i.pending.usage = Some(usage),
                            StreamDelta::Error { diagnosis } => {
                                i.pending.diagnosis = Some(*diagnosis)
                            }
                            _ => {}
                        }
                    }
                });
                if let Some(t) = first_reasoning {
                    if self.first_reasoning_ms.get_untracked().is_none() {
                        self.first_reasoning_ms.set(Some(t));
                    }
                }
                if let Some(t) = first_answer {
                    if self.first_answer_ms.get_untracked().is_none() {
                        self.first_answer_ms.set(Some(t));
                    }
                }
                self.schedule_flush();
            }
            Incoming::Done { at_ms } => self.finish(at_ms, None),
            Incoming::Failed { kind, message, at_ms } => self.finish(at_ms, Some((kind, message))),
        }
    }

    fn finish(&self, at_ms: f64, failure: Option<(TransportFailure, String)>) {
        self.flush();
        let mut assembled = None;
        let mut diagnosis = None;
        let mut schema = None;
        self.inner.update_value(|i| {
            schema = i.ctx.schema.clone();
            let ok = (200..300).contains(&i.status);
            let opts = AssembleOptions {
                surface: Some(i.ctx.surface.clone()),
                request: i.ctx.summary.clone(),
                expect_json: i.ctx.expect_json,
                sent_at_ms: Some(i.sent_at),
            };
            match &failure {
                Some((TransportFailure::Aborted, _)) => {
                    if let Some(e) = i.engine.take() {
                        assembled = Some(e.abort(Some(at_ms)));
                    }
                }
                Some((kind, message)) if i.status == 0 => {
                    let kind = if *kind == TransportFailure::Network && i.ctx.cors_refused {
                        TransportFailure::Cors
                    } else {
                        *kind
                    };
                    let mut summary = i.ctx.summary.clone();
                    if summary.origin.is_none() {
                        summary.origin = web_sys::window().and_then(|w| w.location().origin().ok());
                    }
                    let req = DiagnoseRequest {
                        surface: i.ctx.surface.clone(),
                        request: summary,
                        status: None,
                        headers: BTreeMap::new(),
                        body: message.clone(),
                        error: None,
                        transport: Some(kind),
                    };
                    diagnosis = diagnose(&req).ok();
                }
                // The body broke off after the head: keep what came.
                Some(_) => {
                    if let Some(e) = i.engine.take() {
                        assembled = Some(e.finish(Some(at_ms)));
                    }
                }
                None if ok && i.is_sse => {
                    if let Some(e) = i.engine.take() {
                        assembled = Some(e.finish(Some(at_ms)));
                    }
                }
                None if ok => {
                    assembled = Some(assemble_body_at(&i.body, &opts, i.first_byte_at, Some(at_ms)))
                }
                None => {
                    let req = DiagnoseRequest {
                        surface: i.ctx.surface.clone(),
                        request: i.ctx.summary.clone(),
                        status: Some(i.status),
                        headers: i.headers.iter().cloned().collect(),
                        body: String::from_utf8_lossy(&i.body).into_owned(),
                        error: None,
                        transport: None,
                    };
                    diagnosis = diagnose(&req).ok();
                }
            }
            if !i.is_sse {
                let text = String::from_utf8_lossy(&i.body).into_owned();
                self.body.set(text);
            }
        });
        if let Some(a) = &assembled {
            if let Some(c) = a.choices.first() {
                // Bodies (non-streamed) fill the lanes here.
                if self.answer.get_untracked().is_empty() && !c.content.is_empty() {
                    self.answer.set(c.content.clone());
                }
                if self.reasoning.get_untracked().is_empty() && !c.reasoning.is_empty() {
                    self.reasoning.set(c.reasoning.clone());
                }
                if self.tools.get_untracked().is_empty() && !c.tool_calls.is_empty() {
                    self.tools.set(
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
                if let Some(s) = &schema {
                    self.check.set(Some(check_structured(&c.content, s)));
                }
            }
            if a.usage.is_some() {
                self.usage.set(a.usage);
            }
            if let Some(t) = &a.timings {
                self.first_reasoning_ms.set(t.first_reasoning_ms);
                self.first_answer_ms.set(t.first_answer_ms.or(t.first_tool_call_ms));
            }
            if diagnosis.is_none() {
                diagnosis = a.diagnosis.clone();
            }
        }
        let aborted = matches!(failure, Some((TransportFailure::Aborted, _)));
        self.phase.set(if aborted {
            Phase::Aborted
        } else if diagnosis.is_some() {
            Phase::Failed
        } else {
            Phase::Done
        });
        if diagnosis.is_some() {
            self.diagnosis.set(diagnosis);
        }
        self.assembled.set(assembled);
    }
}
