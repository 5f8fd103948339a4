//! The JavaScript face of qwen-route: thin wasm-bindgen bindings over the core.
//!
//! Values cross the boundary as JSON (one serializer for everything, and `JSON.parse` on the
//! JS side is fast), except the streaming hot path: text deltas from `StreamDecoder.push` are
//! made as JS objects directly, one call each. The TypeScript types of those values are
//! generated from the Rust definitions by `build.rs`. Failures are thrown as a JS `Error`
//! carrying a `kind` and a typed `detail` (a tagged union), never as a bare string, and never
//! as a panic: bad input from JS is an error value.

#![forbid(unsafe_code)]

mod convert;
#[cfg(feature = "full")]
mod full;

#[cfg(feature = "full")]
pub use full::*;
use qwen_route::assemble::{self, AssembleOptions, StreamAssembler, StreamDelta};
use qwen_route::diagnose::DiagnoseRequest;
use wasm_bindgen::prelude::*;

use convert::{fail, from_js, to_js, BindingError};

#[wasm_bindgen]
extern "C" {
    /// `AssembleOptions` as a JS value, so optional parameters are typed `options?: …`.
    #[wasm_bindgen(typescript_type = "AssembleOptions")]
    pub type JsAssembleOptions;
}

/// The stream entry's declarations take the default entry's types, so a value from
/// `qwen-route/stream` *is* the same TypeScript type as one from `qwen-route` (the package puts
/// `stream/` beside `dist/`).
#[cfg(not(feature = "full"))]
#[wasm_bindgen(typescript_custom_section)]
const TS_STREAM_TYPES: &'static str = include_str!(concat!(env!("OUT_DIR"), "/stream-types.d.ts"));

/// Why a call failed: code, cause, fix, whether and when to retry.
#[wasm_bindgen(js_name = diagnose, unchecked_return_type = "Diagnosis")]
pub fn diagnose(
    #[wasm_bindgen(unchecked_param_type = "DiagnoseRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let req: DiagnoseRequest = from_js(&request, "DiagnoseRequest")?;
    to_js(&qwen_route::diagnose::diagnose(&req).map_err(fail)?)
}

/// Assemble a whole stream or body at once (no timings).
#[wasm_bindgen(js_name = assemble, unchecked_return_type = "Assembled")]
pub fn assemble(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] input: JsValue,
    options: Option<JsAssembleOptions>,
) -> Result<JsValue, JsValue> {
    let opts: AssembleOptions = convert::optional(options.map(Into::into), "AssembleOptions")?;
    let bytes = convert::bytes(&input)?;
    to_js(&assemble::assemble_auto(&bytes, &opts))
}

/// Buffered tool-call mode: the frames a stream would have carried for a non-streaming body,
/// as SSE text.
#[wasm_bindgen(js_name = replaySse)]
pub fn replay_sse(body: &str) -> Result<String, JsValue> {
    assemble::replay_sse(body.as_bytes()).map_err(fail)
}

/// Decodes a streamed answer chunk by chunk: bytes in (with their arrival time), the deltas a
/// UI renders out, and the assembled answer with timings at the end. Parsing happens here, in
/// wasm; only what changed crosses into JS.
#[wasm_bindgen]
pub struct StreamDecoder {
    inner: Option<StreamAssembler>,
    deltas: Vec<StreamDelta>,
    names: DeltaNames,
}

#[wasm_bindgen(
    inline_js = "export function textDelta(kind, choice, text) { return { kind, choice, text }; }\nexport function toolDelta(kind, choice, index, id, name, args) { return { kind, choice, index, id: id ?? null, name: name ?? null, arguments: args }; }"
)]
extern "C" {
    /// A text delta as a plain JS object, made in one call with one hidden class.
    #[wasm_bindgen(js_name = textDelta)]
    fn text_delta(kind: &JsValue, choice: u32, text: &str) -> JsValue;

    /// A tool-call delta as a plain JS object, the same fields (and order) as its JSON.
    #[wasm_bindgen(js_name = toolDelta)]
    fn tool_delta(
        kind: &JsValue,
        choice: u32,
        index: u32,
        id: Option<&str>,
        name: Option<&str>,
        arguments: &str,
    ) -> JsValue;
}

/// The kind strings of the deltas a stream sends many of, made into JS strings once per decoder.
struct DeltaNames {
    reasoning: JsValue,
    answer: JsValue,
    tool_call: JsValue,
}

impl DeltaNames {
    fn new() -> Self {
        DeltaNames {
            reasoning: "reasoning".into(),
            answer: "answer".into(),
            tool_call: "tool-call".into(),
        }
    }

    /// The deltas as a JS array. Text and tool-call deltas (the ones a stream sends one of per
    /// frame) are built as JS objects directly, with no JSON written or parsed; the others
    /// (finish, usage, error, done: once per stream) go through JSON.
    fn to_array(&self, deltas: &[StreamDelta]) -> Result<js_sys::Array, JsValue> {
        let out = js_sys::Array::new();
        for d in deltas {
            let v = match d {
                StreamDelta::Reasoning { choice, text } => {
                    text_delta(&self.reasoning, *choice, text)
                }
                StreamDelta::Answer { choice, text } => text_delta(&self.answer, *choice, text),
                StreamDelta::ToolCall { choice, index, id, name, arguments } => tool_delta(
                    &self.tool_call,
                    *choice,
                    *index,
                    id.as_deref(),
                    name.as_deref(),
                    arguments,
                ),
                other => to_js(other)?,
            };
            out.push(&v);
        }
        Ok(out)
    }
}

#[wasm_bindgen]
impl StreamDecoder {
    /// A decoder for one response. `sent_at_ms` in the options is the request's send time, in
    /// the clock of the arrival times (e.g. `performance.now()`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<JsAssembleOptions>) -> Result<StreamDecoder, JsValue> {
        let opts: AssembleOptions = convert::optional(options.map(Into::into), "AssembleOptions")?;
        Ok(StreamDecoder {
            inner: Some(StreamAssembler::new(opts)),
            deltas: Vec::new(),
            names: DeltaNames::new(),
        })
    }

    /// Feed the next chunk of the response body; returns what it added, with neighbouring
    /// deltas of the same kind merged (one text run per chunk, not one per frame).
    #[wasm_bindgen(unchecked_return_type = "StreamDelta[]")]
    pub fn push(
        &mut self,
        chunk: &[u8],
        #[wasm_bindgen(js_name = receivedAtMs)] received_at_ms: f64,
    ) -> Result<JsValue, JsValue> {
        self.decode(chunk, received_at_ms, &[])
    }

    /// `push` for the package's JS `push` (see `xtask/src/stream_hold.rs`): `chunk` starts with
    /// the bytes of held chunks (chunks that completed no line), which arrived at `held_at`.
    #[wasm_bindgen(js_name = pushAfterHeld, skip_typescript)]
    pub fn push_after_held(
        &mut self,
        chunk: &[u8],
        received_at_ms: f64,
        held_at: &[f64],
    ) -> Result<JsValue, JsValue> {
        self.decode(chunk, received_at_ms, held_at)
    }

    /// Bytes the JS `push` held, which arrived at `held_at` (they complete no line): handed
    /// over before the end or before reading the counters.
    #[wasm_bindgen(js_name = pushHeld, skip_typescript)]
    pub fn push_held(&mut self, chunk: &[u8], held_at: &[f64]) -> Result<(), JsValue> {
        let (s, deltas) = self.after_held(held_at)?;
        s.push_held(chunk, None, deltas);
        Ok(())
    }

    fn decode(&mut self, chunk: &[u8], at: f64, held_at: &[f64]) -> Result<JsValue, JsValue> {
        let (s, deltas) = self.after_held(held_at)?;
        s.push(chunk, Some(at), deltas);
        Ok(self.names.to_array(&self.deltas)?.into())
    }

    /// The live assembler with the held chunks' arrivals noted (in order), and the emptied
    /// delta buffer for what the next bytes add.
    fn after_held(
        &mut self,
        held_at: &[f64],
    ) -> Result<(&mut StreamAssembler, &mut Vec<StreamDelta>), JsValue> {
        let s = self.inner.as_mut().ok_or_else(finished)?;
        for &at in held_at {
            s.arrived(Some(at));
        }
        self.deltas.clear();
        Ok((s, &mut self.deltas))
    }

    /// The body ended: the assembled answer, its timings, detectors and diagnosis.
    #[wasm_bindgen(unchecked_return_type = "Assembled")]
    pub fn finish(
        &mut self,
        #[wasm_bindgen(js_name = atMs)] at_ms: Option<f64>,
    ) -> Result<JsValue, JsValue> {
        let s = self.inner.take().ok_or_else(finished)?;
        to_js(&s.finish(at_ms))
    }

    /// The caller stopped the stream: the partial answer, kept.
    #[wasm_bindgen(unchecked_return_type = "Assembled")]
    pub fn abort(
        &mut self,
        #[wasm_bindgen(js_name = atMs)] at_ms: Option<f64>,
    ) -> Result<JsValue, JsValue> {
        let s = self.inner.take().ok_or_else(finished)?;
        to_js(&s.abort(at_ms))
    }

    /// The SSE decoder's work counters (bytes in, scanned, copied; events; comments).
    #[wasm_bindgen(unchecked_return_type = "SseStats")]
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        let s = self.inner.as_ref().ok_or_else(finished)?;
        to_js(&s.decoder_stats())
    }
}

fn finished() -> JsValue {
    convert::error(&BindingError::Finished {
        reason: "this StreamDecoder already finished; create a new one for the next response"
            .into(),
    })
}
