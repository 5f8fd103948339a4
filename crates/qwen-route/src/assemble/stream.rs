//! The streaming assembler: SSE bytes in, deltas out, an [`Assembled`] at the end.

use super::{AssembleOptions, Assembled, Assembler, StreamDelta};
use crate::sse::{SseDecoder, SseEventRef};

/// SSE bytes in, deltas out, an [`Assembled`] at the end.
#[derive(Debug, Clone)]
pub struct StreamAssembler {
    decoder: SseDecoder,
    pub(super) asm: Assembler,
}

impl StreamAssembler {
    /// A new stream.
    ///
    /// ```
    /// let s = qwen_route::assemble::StreamAssembler::new(Default::default());
    /// assert_eq!(s.finish(None).end, qwen_route::assemble::End::Empty);
    /// ```
    pub fn new(opts: AssembleOptions) -> Self {
        StreamAssembler { decoder: SseDecoder::new(), asm: Assembler::new(opts) }
    }

    /// Feed bytes as they arrive, with their arrival time. The deltas this chunk added are
    /// appended to `out`, with neighbours of the same kind merged: a UI renders one text run
    /// per chunk, not one per frame.
    ///
    /// ```
    /// use qwen_route::assemble::{StreamAssembler, StreamDelta};
    /// let mut s = StreamAssembler::new(Default::default());
    /// let mut out = Vec::new();
    /// s.push(b"data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n", Some(1.0), &mut out);
    /// assert_eq!(out, [StreamDelta::Answer { choice: 0, text: "Hello".into() }]);
    /// ```
    pub fn push(&mut self, bytes: &[u8], at_ms: Option<f64>, out: &mut Vec<StreamDelta>) {
        self.push_observed(bytes, at_ms, out, &mut |_| {});
    }

    /// [`StreamAssembler::push`], also lending each raw event to `observe` before it is
    /// assembled: a consumer that shows the frames decodes the stream once, not twice.
    ///
    /// ```
    /// use qwen_route::assemble::StreamAssembler;
    /// let mut s = StreamAssembler::new(Default::default());
    /// let (mut out, mut events) = (Vec::new(), Vec::new());
    /// s.push_observed(b"event: x\ndata: [DONE]\n\n", None, &mut out, &mut |ev| events.push(ev.event.to_string()));
    /// assert_eq!(events, ["x"]);
    /// ```
    pub fn push_observed(
        &mut self,
        bytes: &[u8],
        at_ms: Option<f64>,
        out: &mut Vec<StreamDelta>,
        observe: &mut dyn FnMut(SseEventRef<'_>),
    ) {
        self.asm.chunk_arrived(at_ms);
        self.asm.merge_from = Some(out.len());
        let asm = &mut self.asm;
        self.decoder.push_each(bytes, &mut |ev| {
            observe(ev);
            asm.push_event_ref(ev, at_ms, out);
        });
        self.asm.merge_from = None;
    }

    /// A chunk arrived that completes no line, so it can change nothing a reader sees: its
    /// arrival counts for the timings now, and its bytes come later, in front of the chunk that
    /// completes the line (or with [`StreamAssembler::push_held`] at the end). The npm
    /// package's `push` does this, so a stream read byte by byte does not cross into wasm per
    /// byte. `arrived(t)` then `push(bytes ++ next, t2)` gives exactly what `push(bytes, t)`
    /// then `push(next, t2)` gives.
    pub fn arrived(&mut self, at_ms: Option<f64>) {
        self.asm.chunk_arrived(at_ms);
    }

    /// Bytes whose arrival [`StreamAssembler::arrived`] already counted (they complete no line,
    /// so nothing is added to `out`).
    pub fn push_held(&mut self, bytes: &[u8], at_ms: Option<f64>, out: &mut Vec<StreamDelta>) {
        self.asm.merge_from = Some(out.len());
        let asm = &mut self.asm;
        self.decoder.push_each(bytes, &mut |ev| asm.push_event_ref(ev, at_ms, out));
        self.asm.merge_from = None;
    }

    /// Read every frame in full (no repeated-frame fast path): the fuzzers' reference.
    #[cfg(fuzzing)]
    #[doc(hidden)]
    pub fn full_reads_only(&mut self) {
        self.asm.fast_repeats = false;
    }

    /// The SSE decoder's work counters.
    pub fn decoder_stats(&self) -> crate::sse::SseStats {
        self.decoder.stats()
    }

    /// The stream ended.
    pub fn finish(mut self, at_ms: Option<f64>) -> Assembled {
        let end = self.decoder.finish();
        self.asm.finish_with(at_ms, Some(end), false)
    }

    /// The caller stopped the stream; the partial output is kept.
    pub fn abort(mut self, at_ms: Option<f64>) -> Assembled {
        let end = self.decoder.finish();
        self.asm.finish_with(at_ms, Some(end), true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAM: &[u8] = b"data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Hm.\"}}]}\r\n\r\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\ndata: [DONE]\n\n";

    fn opts() -> AssembleOptions {
        AssembleOptions { sent_at_ms: Some(0.0), ..AssembleOptions::default() }
    }

    /// Holding chunks that complete no line (as the npm package does) changes nothing: not the
    /// deltas, not the timings (chunk count and gaps included), not the answer.
    #[test]
    fn holding_lineless_chunks_is_invisible() {
        for size in [1, 2, 3, 7, 40] {
            let (mut plain, mut held) =
                (StreamAssembler::new(opts()), StreamAssembler::new(opts()));
            let (mut out_plain, mut out_held) = (Vec::new(), Vec::new());
            let mut waiting: Vec<u8> = Vec::new();
            for (i, c) in STREAM.chunks(size).enumerate() {
                let t = Some(10.0 + i as f64 * 3.0);
                plain.push(c, t, &mut out_plain);
                if c.contains(&b'\n') || c.contains(&b'\r') {
                    waiting.extend_from_slice(c);
                    held.push(&waiting, t, &mut out_held);
                    waiting.clear();
                } else {
                    held.arrived(t);
                    waiting.extend_from_slice(c);
                }
            }
            held.push_held(&waiting, None, &mut out_held);
            let merged = |v: &[StreamDelta]| {
                let mut text = String::new();
                for d in v {
                    if let StreamDelta::Answer { text: t, .. }
                    | StreamDelta::Reasoning { text: t, .. } = d
                    {
                        text.push_str(t);
                    }
                }
                text
            };
            assert_eq!(merged(&out_plain), merged(&out_held), "chunk size {size}");
            let (a, b) = (plain.finish(Some(100.0)), held.finish(Some(100.0)));
            assert_eq!(a, b, "chunk size {size}");
            assert!(a.timings.is_some_and(|t| t.chunks > 1));
        }
    }
}
