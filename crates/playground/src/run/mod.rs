//! One request's life in the page: the reactive layer over [`machine::RunMachine`], which holds
//! every decision as plain data. This layer sends, feeds the machine the transport's events,
//! and copies what it reports into signals, at most once per animation frame, so long streams
//! stay smooth. Partial output stays on abort or error.

pub mod machine;

use leptos::prelude::*;
use qwen_route::assemble::{Assembled, Usage};
use qwen_route::check::CheckResult;
use qwen_route::diagnose::Diagnosis;

use crate::key::SealedKey;
use crate::transport::{self, AbortHandle, Incoming, Outgoing};
pub use machine::{FrameRow, LiveTool, Phase, RunContext, FRAME_ROWS};
use machine::{Outcome, Pending, RunMachine};

#[derive(Default)]
struct Inner {
    machine: Option<RunMachine>,
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
            let m = i.machine.as_ref()?;
            let body: serde_json::Value =
                serde_json::from_str(&sent.body).unwrap_or(serde_json::Value::Null);
            Some(qwen_route::repro::ReproInput {
                surface: m.context().surface.clone(),
                request: qwen_route::repro::SentRequest {
                    method: sent.method.clone(),
                    url: sent.url.clone(),
                    headers: sent.headers.iter().cloned().collect(),
                    body,
                },
                response: qwen_route::repro::ReceivedResponse {
                    status: (m.status() != 0).then_some(m.status()),
                    headers: m.headers().iter().cloned().collect(),
                    body: String::from_utf8_lossy(m.body()).into_owned(),
                },
            })
        })
    }

    /// The run's interpretation context (surface, request summary).
    pub fn context(&self) -> RunContext {
        self.inner
            .with_value(|i| i.machine.as_ref().map(|m| m.context().clone()).unwrap_or_default())
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
            *i = Inner {
                machine: Some(RunMachine::start(ctx, sent_at)),
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
            if let Some(m) = i.machine.as_mut() {
                p = m.take_pending();
            }
        });
        self.apply(p);
    }

    /// Copy what arrived into the signals.
    fn apply(&self, p: Pending) {
        if p.is_empty() {
            return;
        }
        if !p.reasoning.is_empty() {
            self.reasoning.update(|s| s.push_str(&p.reasoning));
        }
        if !p.answer.is_empty() {
            self.answer.update(|s| s.push_str(&p.answer));
        }
        if !p.tools.is_empty() {
            self.tools.update(|tools| p.tools.into_iter().for_each(|f| f.apply(tools)));
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
        if p.first_reasoning_ms.is_some() {
            self.first_reasoning_ms.set(p.first_reasoning_ms);
        }
        if p.first_answer_ms.is_some() {
            self.first_answer_ms.set(p.first_answer_ms);
        }
    }

    fn on_event(&self, ev: Incoming) {
        match ev {
            Incoming::Head { status, headers } => {
                self.inner.update_value(|i| {
                    if let Some(m) = i.machine.as_mut() {
                        m.head(status, headers.clone());
                    }
                });
                self.status.set(Some(status));
                self.headers.set(headers);
                self.phase.set(Phase::Receiving);
            }
            Incoming::Chunk { bytes, at_ms } => {
                self.inner.update_value(|i| {
                    if let Some(m) = i.machine.as_mut() {
                        m.chunk(&bytes, at_ms);
                    }
                });
                self.schedule_flush();
            }
            Incoming::Done { at_ms } => self.finish(at_ms, None),
            Incoming::Failed { kind, message, at_ms } => self.finish(at_ms, Some((kind, message))),
        }
    }

    fn finish(
        &self,
        at_ms: f64,
        failure: Option<(qwen_route::diagnose::TransportFailure, String)>,
    ) {
        self.flush();
        let origin = web_sys::window().and_then(|w| w.location().origin().ok());
        let mut outcome = None;
        self.inner.update_value(|i| {
            if let Some(m) = i.machine.as_mut() {
                outcome = Some(m.finish(at_ms, failure, origin));
            }
        });
        if let Some(o) = outcome {
            self.show(o);
        }
    }

    /// Copy the outcome into the signals.
    fn show(&self, o: Outcome) {
        if let Some(body) = o.body {
            self.body.set(body);
        }
        if let Some(a) = o.fill_answer {
            self.answer.set(a);
        }
        if let Some(r) = o.fill_reasoning {
            self.reasoning.set(r);
        }
        if let Some(t) = o.fill_tools {
            self.tools.set(t);
        }
        if o.check.is_some() {
            self.check.set(o.check);
        }
        if o.assembled.is_some() {
            if o.usage.is_some() {
                self.usage.set(o.usage);
            }
            if o.assembled.as_ref().is_some_and(|a| a.timings.is_some()) {
                self.first_reasoning_ms.set(o.first_reasoning_ms);
                self.first_answer_ms.set(o.first_answer_ms);
            }
        }
        self.phase.set(o.phase);
        if o.diagnosis.is_some() {
            self.diagnosis.set(o.diagnosis);
        }
        self.assembled.set(o.assembled);
    }
}
