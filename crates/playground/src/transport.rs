//! Sending a request: the browser's `fetch` with streaming reads and an `AbortController`, or the
//! in-page Sandbox (qwen-sim) with its timed chunks. Both report the same [`Incoming`] events.
//!
//! The key is written into the `Authorization` header here, at send time, and nowhere else: this
//! module is the one place that opens a [`SealedKey`].

use std::cell::Cell;
use std::rc::Rc;

use qwen_route::diagnose::TransportFailure;
use qwen_sim::{Sim, SimBody, SimRequest, StreamEnd};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::key::SealedKey;

/// What to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// Full URL.
    pub url: String,
    /// `POST` or `GET`.
    pub method: String,
    /// Headers, with the `Authorization` placeholder still in place.
    pub headers: Vec<(String, String)>,
    /// Body text (empty for GET).
    pub body: String,
}

/// What came back, as it came.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// Status and headers.
    Head {
        /// HTTP status.
        status: u16,
        /// Headers the browser lets the page read.
        headers: Vec<(String, String)>,
    },
    /// A piece of the body.
    Chunk {
        /// The bytes.
        bytes: Vec<u8>,
        /// Arrival time (`performance.now()`).
        at_ms: f64,
    },
    /// The body ended.
    Done {
        /// When.
        at_ms: f64,
    },
    /// No (complete) answer.
    Failed {
        /// How it failed.
        kind: TransportFailure,
        /// The browser's words.
        message: String,
        /// When.
        at_ms: f64,
    },
}

/// Stops a request in flight.
#[derive(Clone, Default)]
pub struct AbortHandle {
    flag: Rc<Cell<bool>>,
    controller: Option<web_sys::AbortController>,
}

impl AbortHandle {
    fn for_fetch() -> AbortHandle {
        AbortHandle { flag: Rc::default(), controller: web_sys::AbortController::new().ok() }
    }

    /// Abort: the fetch is cancelled, the Sandbox stops at its next chunk.
    pub fn abort(&self) {
        self.flag.set(true);
        if let Some(c) = &self.controller {
            c.abort();
        }
    }

    /// Whether abort was called.
    pub fn aborted(&self) -> bool {
        self.flag.get()
    }
}

/// Milliseconds from the page's time origin.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

async fn sleep(ms: u32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u32) as i32,
            );
        }
    });
    let _ = JsFuture::from(p).await;
}

/// The `Authorization` header with the key in place of its placeholder; dropped when no key
/// was given (self-hosted servers need none).
fn with_key(headers: &[(String, String)], key: &SealedKey) -> Vec<(String, String)> {
    let key = key.reveal();
    headers
        .iter()
        .filter_map(|(k, v)| {
            if k.eq_ignore_ascii_case("authorization") {
                (!key.is_empty()).then(|| (k.clone(), format!("Bearer {key}")))
            } else {
                Some((k.clone(), v.clone()))
            }
        })
        .collect()
}

fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| t!("ui.transport.failed", "the request failed").into())
}

/// Send with the browser's `fetch`, reporting events to `on`. Returns the handle that aborts it
/// through `started`, before the first await.
pub async fn fetch(
    out: Outgoing,
    key: SealedKey,
    started: impl FnOnce(AbortHandle),
    on: impl Fn(Incoming),
) {
    let abort = AbortHandle::for_fetch();
    started(abort.clone());
    let failed = |kind, message: String| Incoming::Failed { kind, message, at_ms: now_ms() };
    let Some(window) = web_sys::window() else { return };
    let init = web_sys::RequestInit::new();
    init.set_method(&out.method);
    init.set_mode(web_sys::RequestMode::Cors);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    // A redirect could carry the Authorization header to another host: never follow one.
    init.set_redirect(web_sys::RequestRedirect::Error);
    if let Ok(headers) = web_sys::Headers::new() {
        for (k, v) in with_key(&out.headers, &key) {
            let _ = headers.set(&k, &v);
        }
        init.set_headers(&headers);
    }
    if !out.body.is_empty() {
        init.set_body(&JsValue::from_str(&out.body));
    }
    if let Some(c) = &abort.controller {
        init.set_signal(Some(&c.signal()));
    }
    let resp = match JsFuture::from(window.fetch_with_str_and_init(&out.url, &init)).await {
        Ok(r) => r,
        Err(e) => {
            let kind =
                if abort.aborted() { TransportFailure::Aborted } else { TransportFailure::Network };
            on(failed(kind, js_message(&e)));
            return;
        }
    };
    let Ok(resp) = resp.dyn_into::<web_sys::Response>() else { return };
    let mut headers = Vec::new();
    if let Ok(Some(iter)) = js_sys::try_iter(&resp.headers()) {
        for pair in iter.flatten() {
            let pair = js_sys::Array::from(&pair);
            headers.push((
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            ));
        }
    }
    on(Incoming::Head { status: resp.status(), headers });
    let Some(body) = resp.body() else {
        on(Incoming::Done { at_ms: now_ms() });
        return;
    };
    let Ok(reader) = body.get_reader().dyn_into::<web_sys::ReadableStreamDefaultReader>() else {
        return;
    };
    loop {
        match JsFuture::from(reader.read()).await {
            Ok(result) => {
                let done = js_sys::Reflect::get(&result, &"done".into())
                    .ok()
                    .and_then(|d| d.as_bool())
                    .unwrap_or(true);
                if done {
                    on(Incoming::Done { at_ms: now_ms() });
                    return;
                }
                if let Ok(value) = js_sys::Reflect::get(&result, &"value".into()) {
                    let bytes = js_sys::Uint8Array::new(&value).to_vec();
                    on(Incoming::Chunk { bytes, at_ms: now_ms() });
                }
            }
            Err(e) => {
                let kind = if abort.aborted() {
                    TransportFailure::Aborted
                } else {
                    TransportFailure::Network
                };
                on(failed(kind, js_message(&e)));
                return;
            }
        }
    }
}

/// Answer in the page with qwen-sim: the path is the shaped URL's path under the simulated
/// surface (`/dashscope-intl/compatible-mode/v1/chat/completions`).
pub async fn sandbox(
    out: Outgoing,
    sim_path: String,
    key: SealedKey,
    pace_ms: u32,
    started: impl FnOnce(AbortHandle),
    on: impl Fn(Incoming),
) {
    let abort = AbortHandle::default();
    started(abort.clone());
    let mut headers = with_key(&out.headers, &key);
    // A browser sends its User-Agent with every call (Coding Plan's agent gate reads it).
    if let Some(ua) = web_sys::window().and_then(|w| w.navigator().user_agent().ok()) {
        headers.push(("User-Agent".into(), ua));
    }
    let req = SimRequest {
        method: out.method.clone(),
        path: sim_path,
        headers,
        body: out.body.into_bytes(),
    };
    let res = Sim::new(pace_ms).handle(&req);
    // Let the page paint the "sending" state before the answer starts.
    sleep(pace_ms.max(1)).await;
    on(Incoming::Head { status: res.status, headers: res.headers.clone() });
    let (chunks, end) = match res.body {
        SimBody::Full(b) => {
            (vec![qwen_sim::TimedChunk { after_ms: 0, bytes: b }], StreamEnd::Close)
        }
        SimBody::Stream { chunks, end } => (chunks, end),
    };
    for c in chunks {
        if c.after_ms > 0 {
            sleep(c.after_ms).await;
        }
        if abort.aborted() {
            on(Incoming::Failed {
                kind: TransportFailure::Aborted,
                message: t!("ui.transport.aborted", "aborted").into(),
                at_ms: now_ms(),
            });
            return;
        }
        on(Incoming::Chunk { bytes: c.bytes, at_ms: now_ms() });
    }
    if end == StreamEnd::Stall {
        while !abort.aborted() {
            sleep(100).await;
        }
        on(Incoming::Failed {
            kind: TransportFailure::Aborted,
            message: t!("ui.transport.aborted", "aborted").into(),
            at_ms: now_ms(),
        });
        return;
    }
    on(Incoming::Done { at_ms: now_ms() });
}

/// What a request produced, collected whole (for the repro reducer's re-sends).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Collected {
    /// HTTP status (0 when there was no answer).
    pub status: u16,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Why there was no (complete) answer.
    pub failure: Option<String>,
    /// What kind of failure it was.
    pub failure_kind: Option<TransportFailure>,
}

/// Send and wait for the whole answer.
pub async fn collect(out: Outgoing, key: SealedKey, sandbox_path: Option<String>) -> Collected {
    collect_within(out, key, sandbox_path, None).await
}

/// Send and wait for the whole answer, aborting it after `timeout_ms` (reported as a timeout).
pub async fn collect_within(
    out: Outgoing,
    key: SealedKey,
    sandbox_path: Option<String>,
    timeout_ms: Option<u32>,
) -> Collected {
    let sink = std::rc::Rc::new(std::cell::RefCell::new(Collected::default()));
    let s = sink.clone();
    let on = move |ev: Incoming| {
        let mut c = s.borrow_mut();
        match ev {
            Incoming::Head { status, headers } => {
                c.status = status;
                c.headers = headers;
            }
            Incoming::Chunk { bytes, .. } => c.body.extend(bytes),
            Incoming::Failed { kind, message, .. } => {
                c.failure = Some(message);
                c.failure_kind = Some(kind);
            }
            Incoming::Done { .. } => {}
        }
    };
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let arm = {
        let timed_out = timed_out.clone();
        move |handle: AbortHandle| {
            if let Some(ms) = timeout_ms {
                leptos::task::spawn_local(async move {
                    sleep(ms).await;
                    if !handle.aborted() {
                        timed_out.set(true);
                        handle.abort();
                    }
                });
            }
        }
    };
    match sandbox_path {
        Some(path) => sandbox(out, path, key, 0, arm, on).await,
        None => fetch(out, key, arm, on).await,
    }
    let mut c = sink.borrow().clone();
    if timed_out.get() {
        c.failure_kind = Some(TransportFailure::Timeout);
        c.failure = Some(tf!(
            "ui.transport.timeout",
            "no complete answer within {ms} ms",
            ms = timeout_ms.unwrap_or(0)
        ));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_replaces_the_placeholder_only_at_send_time() {
        let h = vec![
            ("Authorization".to_string(), "Bearer $DASHSCOPE_API_KEY".to_string()),
            ("Content-Type".into(), "application/json".into()),
        ];
        let k = SealedKey::from_text("sk-1");
        assert_eq!(with_key(&h, &k)[0].1, "Bearer sk-1");
        assert_eq!(with_key(&h, &SealedKey::default()).len(), 1, "no key, no Authorization header");
    }
}
