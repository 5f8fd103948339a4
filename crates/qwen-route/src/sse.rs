//! An incremental Server-Sent Events decoder following the WHATWG event-stream rules.
//!
//! - Bytes in, events out: feed chunks of any size with [`SseDecoder::push`]; the same stream
//!   cut anywhere yields the same events.
//! - UTF-8 BOM stripped once at the start; CR, LF and CRLF line ends (a CR ending one chunk
//!   and an LF starting the next count as one line end); comments; `event`, `data`, `id`,
//!   `retry`; a field without a colon has an empty value; one leading space of a value is
//!   removed; an `id` containing NUL is ignored; an unterminated final event is discarded.
//! - Linear work: every input byte is scanned once and copied at most once into the line
//!   buffer (only when a line spans chunks). [`SseDecoder::stats`] counts both.
//! - [`SseDecoder::push_each`] lends each event to a callback instead of collecting owned
//!   copies: no allocation per event on the streaming hot path.
//!
//! ```
//! use qwen_route::sse::SseDecoder;
//! let mut d = SseDecoder::new();
//! let mut events = Vec::new();
//! d.push(b"data: {\"a\":1}\r\n\r\ndata: [DO", &mut events);
//! d.push(b"NE]\n\n", &mut events);
//! assert_eq!(events.len(), 2);
//! assert_eq!(events[0].data, "{\"a\":1}");
//! assert_eq!(events[1].data, "[DONE]");
//! assert_eq!(events[1].event, "message");
//! ```

use serde::Serialize;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SseEvent {
    /// The event type (`message` unless an `event:` field set it).
    pub event: String,
    /// The data lines joined with `\n`.
    pub data: String,
    /// The last event id in effect when the event was dispatched (`None` if never set).
    pub id: Option<String>,
    /// A `retry:` value set in this event's block, in milliseconds.
    pub retry: Option<u64>,
}

/// One dispatched event, borrowed from the decoder: what [`SseDecoder::push_each`] hands its
/// callback, so a consumer that reads each event once pays no copy or allocation per event.
///
/// ```
/// use qwen_route::sse::SseDecoder;
/// let mut d = SseDecoder::new();
/// let mut seen = Vec::new();
/// d.push_each(b"event: ping\ndata: 1\n\n", &mut |ev| seen.push((ev.event.to_string(), ev.data.len())));
/// assert_eq!(seen, [("ping".to_string(), 1)]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SseEventRef<'a> {
    /// The event type (`message` unless an `event:` field set it).
    pub event: &'a str,
    /// The data lines joined with `\n`.
    pub data: &'a str,
    /// The last event id in effect when the event was dispatched (`None` if never set).
    pub id: Option<&'a str>,
    /// A `retry:` value set in this event's block, in milliseconds.
    pub retry: Option<u64>,
}

impl SseEventRef<'_> {
    /// An owned copy.
    ///
    /// ```
    /// let ev = qwen_route::sse::SseEventRef { event: "message", data: "x", id: None, retry: None };
    /// assert_eq!(ev.to_event().data, "x");
    /// ```
    pub fn to_event(&self) -> SseEvent {
        SseEvent {
            event: self.event.to_string(),
            data: self.data.to_string(),
            id: self.id.map(str::to_string),
            retry: self.retry,
        }
    }
}

/// Work counters, to prove the decoder is linear in its input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SseStats {
    /// Bytes received.
    pub bytes_in: u64,
    /// Bytes examined while searching for line ends.
    pub bytes_scanned: u64,
    /// Bytes copied into the partial-line buffer (lines that span chunks).
    pub bytes_copied: u64,
    /// Events dispatched.
    pub events: u64,
    /// Comment lines seen (`:` keep-alives).
    pub comments: u64,
}

/// What [`SseDecoder::finish`] found at the end of the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SseEnd {
    /// Data or fields arrived after the last blank line and were discarded, as the spec says:
    /// the stream ended in the middle of an event.
    pub discarded_partial_event: bool,
    /// The stream ended in the middle of a line.
    pub ended_mid_line: bool,
}

/// The incremental decoder. Holds at most one partial line between pushes.
#[derive(Debug, Clone, Default)]
pub struct SseDecoder {
    line: Vec<u8>,
    bom_checked: bool,
    bom_partial: u8,
    after_cr: bool,
    data: String,
    data_seen: bool,
    event_type: String,
    id_buffer: Option<String>,
    last_id: Option<String>,
    retry: Option<u64>,
    reconnection_ms: Option<u64>,
    fields_pending: bool,
    stats: SseStats,
}

const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

impl SseDecoder {
    /// A decoder at the start of a stream.
    ///
    /// ```
    /// let d = qwen_route::sse::SseDecoder::new();
    /// assert_eq!(d.stats().bytes_in, 0);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Feed the next chunk; complete events are appended to `out`.
    ///
    /// ```
    /// let mut d = qwen_route::sse::SseDecoder::new();
    /// let mut out = Vec::new();
    /// for b in b"event: ping\ndata: 1\n\n" { d.push(&[*b], &mut out); }
    /// assert_eq!(out[0].event, "ping");
    /// ```
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<SseEvent>) {
        self.push_each(chunk, &mut |ev| out.push(ev.to_event()));
    }

    /// Like [`SseDecoder::push`], handing each event to `on_event` borrowed instead of
    /// collecting owned copies: the streaming hot path.
    ///
    /// ```
    /// let mut d = qwen_route::sse::SseDecoder::new();
    /// let mut bytes = 0;
    /// d.push_each(b"data: abc\n\ndata: de\n\n", &mut |ev| bytes += ev.data.len());
    /// assert_eq!(bytes, 5);
    /// ```
    pub fn push_each(&mut self, chunk: &[u8], on_event: &mut dyn FnMut(SseEventRef<'_>)) {
        self.stats.bytes_in += chunk.len() as u64;
        if chunk.is_empty() {
            // Nothing to do, and a CR pending from the last chunk must stay pending.
            return;
        }
        let mut chunk = chunk;
        if !self.bom_checked {
            chunk = self.strip_bom(chunk);
            if !self.bom_checked {
                return;
            }
        }
        if self.after_cr {
            self.after_cr = false;
            if let Some((&b'\n', rest)) = chunk.split_first() {
                self.stats.bytes_scanned += 1;
                chunk = rest;
            }
        }
        let mut start = 0;
        while start < chunk.len() {
            let rest = &chunk[start..];
            match memchr::memchr2(b'\n', b'\r', rest) {
                Some(i) => {
                    self.stats.bytes_scanned += i as u64 + 1;
                    let end = start + i;
                    let is_cr = chunk[end] == b'\r';
                    if self.line.is_empty() {
                        self.process_line(&chunk[start..end], on_event);
                    } else {
                        self.line.extend_from_slice(&chunk[start..end]);
                        self.stats.bytes_copied += i as u64;
                        let line = std::mem::take(&mut self.line);
                        self.process_line(&line, on_event);
                        self.line = line;
                        self.line.clear();
                    }
                    start = end + 1;
                    if is_cr {
                        match chunk.get(start) {
                            Some(b'\n') => {
                                self.stats.bytes_scanned += 1;
                                start += 1;
                            }
                            Some(_) => {}
                            None => self.after_cr = true,
                        }
                    }
                }
                None => {
                    self.stats.bytes_scanned += rest.len() as u64;
                    self.line.extend_from_slice(rest);
                    self.stats.bytes_copied += rest.len() as u64;
                    break;
                }
            }
        }
    }

    /// The stream ended: discard any unterminated event and report what was discarded.
    ///
    /// ```
    /// let mut d = qwen_route::sse::SseDecoder::new();
    /// let mut out = Vec::new();
    /// d.push(b"data: complete\n\ndata: cut", &mut out);
    /// let end = d.finish();
    /// assert_eq!(out.len(), 1);
    /// assert!(end.discarded_partial_event && end.ended_mid_line);
    /// ```
    pub fn finish(&mut self) -> SseEnd {
        let ended_mid_line = !self.line.is_empty();
        let discarded = ended_mid_line || self.fields_pending;
        self.line.clear();
        self.data.clear();
        self.data_seen = false;
        self.event_type.clear();
        self.retry = None;
        self.fields_pending = false;
        self.after_cr = false;
        self.id_buffer.clone_from(&self.last_id);
        SseEnd { discarded_partial_event: discarded, ended_mid_line }
    }

    /// Work counters so far.
    ///
    /// ```
    /// let mut d = qwen_route::sse::SseDecoder::new();
    /// d.push(b"data: x\n\n", &mut Vec::new());
    /// assert_eq!(d.stats().events, 1);
    /// ```
    pub fn stats(&self) -> SseStats {
        self.stats
    }

    /// The last event id of the stream as of the last dispatched block (what a reconnect would
    /// send as `Last-Event-ID`); an `id:` in an unterminated final block does not count.
    ///
    /// ```
    /// let mut d = qwen_route::sse::SseDecoder::new();
    /// d.push(b"id: 7\ndata: x\n\n", &mut Vec::new());
    /// assert_eq!(d.last_event_id(), Some("7"));
    /// ```
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// The reconnection time set by `retry:` fields, in milliseconds.
    ///
    /// ```
    /// let mut d = qwen_route::sse::SseDecoder::new();
    /// d.push(b"retry: 3000\n\n", &mut Vec::new());
    /// assert_eq!(d.reconnection_ms(), Some(3000));
    /// ```
    pub fn reconnection_ms(&self) -> Option<u64> {
        self.reconnection_ms
    }

    fn strip_bom<'a>(&mut self, chunk: &'a [u8]) -> &'a [u8] {
        let mut i = 0;
        while (self.bom_partial as usize) < BOM.len() && i < chunk.len() {
            if chunk[i] != BOM[self.bom_partial as usize] {
                // Not a BOM: replay the bytes matched so far as ordinary input.
                let matched = self.bom_partial as usize;
                self.bom_checked = true;
                self.bom_partial = 0;
                if matched > 0 {
                    self.line.extend_from_slice(&BOM[..matched]);
                    self.stats.bytes_copied += matched as u64;
                }
                return &chunk[i..];
            }
            self.bom_partial += 1;
            i += 1;
        }
        if self.bom_partial as usize == BOM.len() {
            self.bom_checked = true;
            self.bom_partial = 0;
        }
        self.stats.bytes_scanned += i as u64;
        &chunk[i..]
    }

    fn process_line(&mut self, line: &[u8], on_event: &mut dyn FnMut(SseEventRef<'_>)) {
        if line.is_empty() {
            self.dispatch(on_event);
            return;
        }
        if line[0] == b':' {
            self.stats.comments += 1;
            return;
        }
        let (field, value) = match memchr::memchr(b':', line) {
            Some(i) => {
                let v = &line[i + 1..];
                (&line[..i], v.strip_prefix(b" ").unwrap_or(v))
            }
            None => (line, &[][..]),
        };
        match field {
            b"data" => {
                match std::str::from_utf8(value) {
                    Ok(text) => self.data.push_str(text),
                    Err(_) => self.data.push_str(&String::from_utf8_lossy(value)),
                }
                self.data.push('\n');
                self.data_seen = true;
                self.fields_pending = true;
            }
            b"event" => {
                self.event_type = String::from_utf8_lossy(value).into_owned();
                self.fields_pending = true;
            }
            b"id" => {
                if !value.contains(&0) {
                    self.id_buffer = Some(String::from_utf8_lossy(value).into_owned());
                }
                self.fields_pending = true;
            }
            b"retry" => {
                if !value.is_empty() && value.iter().all(u8::is_ascii_digit) {
                    let ms = std::str::from_utf8(value).ok().and_then(|s| s.parse().ok());
                    if let Some(ms) = ms {
                        self.retry = Some(ms);
                        self.reconnection_ms = Some(ms);
                    }
                }
                self.fields_pending = true;
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, on_event: &mut dyn FnMut(SseEventRef<'_>)) {
        self.fields_pending = false;
        // The spec sets the last event id first, even for a block without data.
        self.last_id.clone_from(&self.id_buffer);
        let retry = self.retry.take();
        if !self.data_seen {
            self.event_type.clear();
            return;
        }
        self.data.pop();
        self.stats.events += 1;
        let event = if self.event_type.is_empty() { "message" } else { &self.event_type };
        on_event(SseEventRef { event, data: &self.data, id: self.last_id.as_deref(), retry });
        // The buffers keep their capacity for the next event.
        self.data.clear();
        self.event_type.clear();
        self.data_seen = false;
    }
}

/// Decode a whole stream at once.
///
/// ```
/// let (events, end) = qwen_route::sse::decode_all(b"data: a\n\ndata: b\n");
/// assert_eq!(events.len(), 1);
/// assert!(end.discarded_partial_event);
/// ```
pub fn decode_all(bytes: &[u8]) -> (Vec<SseEvent>, SseEnd) {
    let mut d = SseDecoder::new();
    let mut out = Vec::new();
    d.push(bytes, &mut out);
    let end = d.finish();
    (out, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &[u8]) -> Vec<String> {
        decode_all(s).0.into_iter().map(|e| e.data).collect()
    }

    #[test]
    fn bom_only_at_start() {
        assert_eq!(all(b"\xEF\xBB\xBFdata:1\n\n\xEF\xBB\xBFdata:2\n\ndata:3\n\n"), ["1", "3"]);
        assert_eq!(all(b"\xEF\xBB\xBF\xEF\xBB\xBFdata:1\n\ndata:2\n\n"), ["2"]);
    }

    #[test]
    fn bom_split_across_chunks() {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        for b in b"\xEF\xBB\xBFdata:1\n\n" {
            d.push(&[*b], &mut out);
        }
        assert_eq!(out[0].data, "1");
    }

    #[test]
    fn partial_bom_is_data() {
        // A lone 0xEF that is not a BOM start is part of the first line.
        assert_eq!(all(b"\xEFdata:1\n\ndata:2\n\n"), ["2"]);
    }

    #[test]
    fn cr_at_chunk_end_then_lf() {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        d.push(b"data:a\r", &mut out);
        d.push(b"\ndata:b\r", &mut out);
        d.push(b"\n\r", &mut out);
        d.push(b"\n", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].data, "a\nb");
    }

    #[test]
    fn empty_chunk_keeps_a_pending_cr() {
        // Found by cargo fuzz: "\r" | "" | "\n" was read as two line ends.
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        for piece in [&b"data:1\r"[..], b"", b"\ndata:2\n\n"] {
            d.push(piece, &mut out);
        }
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].data, "1\n2");
    }

    #[test]
    fn id_with_nul_is_ignored() {
        let (ev, _) = decode_all(b"id: a\0b\ndata: x\n\n");
        assert_eq!(ev[0].id, None);
    }

    #[test]
    fn retry_must_be_digits() {
        let mut d = SseDecoder::new();
        d.push(b"retry: 1000x\n\nretry:\n\n", &mut Vec::new());
        assert_eq!(d.reconnection_ms(), None);
    }
}
