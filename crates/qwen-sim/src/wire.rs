//! The simulator's view of HTTP: plain values, no sockets. Servers (the CLI's `sim`, the
//! playground's in-page Sandbox) turn these into real responses and honour the delays.

/// An HTTP request as the simulator sees it.
///
/// ```
/// let req = qwen_sim::SimRequest::new("GET", "/vllm/v1/models");
/// assert_eq!(req.header("origin"), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SimRequest {
    /// `GET`, `POST`, `OPTIONS`, …
    pub method: String,
    /// The path, without scheme and host, e.g. `/dashscope-intl/compatible-mode/v1/chat/completions`.
    pub path: String,
    /// Header names and values, names in any case.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl SimRequest {
    /// A request without headers or body.
    ///
    /// ```
    /// let req = qwen_sim::SimRequest::new("POST", "/ollama/v1/chat/completions");
    /// assert_eq!(req.method, "POST");
    /// ```
    pub fn new(method: &str, path: &str) -> Self {
        SimRequest { method: method.into(), path: path.into(), ..Default::default() }
    }

    /// Add a header (builder style).
    ///
    /// ```
    /// let req = qwen_sim::SimRequest::new("GET", "/").with_header("Origin", "http://x");
    /// assert_eq!(req.header("origin"), Some("http://x"));
    /// ```
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Set a JSON body and its content type (builder style).
    ///
    /// ```
    /// let req = qwen_sim::SimRequest::new("POST", "/").with_json(&serde_json::json!({"a": 1}));
    /// assert_eq!(req.body, br#"{"a":1}"#);
    /// ```
    pub fn with_json(mut self, body: &serde_json::Value) -> Self {
        self.headers.push(("Content-Type".into(), "application/json".into()));
        self.body = body.to_string().into_bytes();
        self
    }

    /// The first value of a header, by case-insensitive name.
    ///
    /// ```
    /// let req = qwen_sim::SimRequest::new("GET", "/").with_header("X-A", "1");
    /// assert_eq!(req.header("x-a"), Some("1"));
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// One piece of a streamed body, sent `after_ms` after the previous one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedChunk {
    /// Delay before this chunk, in milliseconds.
    pub after_ms: u32,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// How a streamed body ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEnd {
    /// The server closes the connection after the last chunk.
    Close,
    /// The server keeps the connection open and sends nothing more (a stalled stream); the
    /// client has to time out or abort.
    Stall,
}

/// A response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimBody {
    /// The whole body at once.
    Full(Vec<u8>),
    /// Timed chunks (Server-Sent Events), then an end.
    Stream {
        /// The chunks, in order.
        chunks: Vec<TimedChunk>,
        /// What happens after the last chunk.
        end: StreamEnd,
    },
}

/// An HTTP response as the simulator produces it.
///
/// ```
/// let sim = qwen_sim::Sim::default();
/// let res = sim.handle(&qwen_sim::SimRequest::new("GET", "/nowhere"));
/// assert_eq!(res.status, 404);
/// assert!(res.text().contains("qwen-sim"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: SimBody,
}

impl SimResponse {
    /// A response with a whole body.
    ///
    /// ```
    /// let r = qwen_sim::SimResponse::full(204, Vec::new());
    /// assert_eq!(r.status, 204);
    /// ```
    pub fn full(status: u16, body: Vec<u8>) -> Self {
        SimResponse { status, headers: Vec::new(), body: SimBody::Full(body) }
    }

    /// A JSON response.
    ///
    /// ```
    /// let r = qwen_sim::SimResponse::json(200, &serde_json::json!({"ok": true}));
    /// assert_eq!(r.header("content-type"), Some("application/json"));
    /// ```
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        let mut r = Self::full(status, body.to_string().into_bytes());
        r.headers.push(("Content-Type".into(), "application/json".into()));
        r
    }

    /// The first value of a header, by case-insensitive name.
    ///
    /// ```
    /// let r = qwen_sim::SimResponse::json(200, &serde_json::json!({}));
    /// assert!(r.header("Content-Type").is_some());
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The whole body as bytes (a stream's chunks concatenated).
    ///
    /// ```
    /// let r = qwen_sim::SimResponse::full(200, b"hi".to_vec());
    /// assert_eq!(r.bytes(), b"hi");
    /// ```
    pub fn bytes(&self) -> Vec<u8> {
        match &self.body {
            SimBody::Full(b) => b.clone(),
            SimBody::Stream { chunks, .. } => chunks.iter().flat_map(|c| c.bytes.clone()).collect(),
        }
    }

    /// The whole body as text (lossy).
    ///
    /// ```
    /// let r = qwen_sim::SimResponse::full(200, b"hi".to_vec());
    /// assert_eq!(r.text(), "hi");
    /// ```
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }

    pub(crate) fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A stream body from already-framed events, with the scenario's ending: `Stall` stops after a
/// few events with the connection open, `Truncate` cuts the event after the first half in two and
/// closes, `ErrorMidStream` sends `error` after a few events, `Slow` paces 400 ms; otherwise every
/// event then `tail` (such as `data: [DONE]`).
pub(crate) fn timed_stream(
    events: Vec<Vec<u8>>,
    tail: Option<Vec<u8>>,
    error: Vec<u8>,
    pace_ms: u32,
    scenario: crate::scenario::Scenario,
) -> SimBody {
    use crate::scenario::Scenario;
    let pace = if scenario == Scenario::Slow { 400 } else { pace_ms };
    let chunk = |bytes: Vec<u8>| TimedChunk { after_ms: pace, bytes };
    let early = events.len().min(4);
    match scenario {
        Scenario::Stall => SimBody::Stream {
            chunks: events.into_iter().take(early).map(chunk).collect(),
            end: StreamEnd::Stall,
        },
        Scenario::Truncate => {
            let half = (events.len() / 2).max(1);
            let next = events.get(half).map(|b| b[..b.len() / 2].to_vec());
            let mut chunks: Vec<TimedChunk> = events.into_iter().take(half).map(chunk).collect();
            chunks.extend(next.map(chunk));
            SimBody::Stream { chunks, end: StreamEnd::Close }
        }
        Scenario::ErrorMidStream => {
            let mut chunks: Vec<TimedChunk> = events.into_iter().take(early).map(chunk).collect();
            chunks.push(chunk(error));
            SimBody::Stream { chunks, end: StreamEnd::Close }
        }
        _ => {
            let mut chunks: Vec<TimedChunk> = events.into_iter().map(chunk).collect();
            chunks.extend(tail.map(chunk));
            SimBody::Stream { chunks, end: StreamEnd::Close }
        }
    }
}
