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
