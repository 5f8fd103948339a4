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

use qwen_route::assemble::{self, AssembleOptions, StreamAssembler, StreamDelta};
use qwen_route::catalog;
use qwen_route::diagnose::DiagnoseRequest;
use qwen_route::export::Format;
use qwen_route::route::RouteRequest;
use qwen_route::shape::ShapeRequest;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use convert::{fail, from_js, to_js, BindingError};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));

#[wasm_bindgen]
extern "C" {
    /// `AssembleOptions` as a JS value, so optional parameters are typed `options?: …`.
    #[wasm_bindgen(typescript_type = "AssembleOptions")]
    pub type JsAssembleOptions;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_ERRORS: &'static str = r#"
/** Thrown by every function here: an `Error` with a `kind` and a typed `detail`. */
export interface QwenRouteError extends Error {
  kind: CoreError["kind"] | BindingError["kind"];
  detail: CoreError | BindingError;
}
/** A snippet language for `exportSnippet`. */
export type SnippetFormat = "curl" | "js" | "python" | "claude-code";
"#;

/// Everything the catalog knows, with the version it was built from.
#[derive(Serialize)]
pub struct Catalog {
    /// Newest `checked` date plus a hash of the catalog sources.
    pub version: &'static str,
    /// Regions.
    pub regions: &'static [catalog::Region],
    /// Surfaces (active and removed).
    pub surfaces: &'static [catalog::Surface],
    /// Models.
    pub models: &'static [catalog::Model],
    /// Provider prefixes stripped from model references.
    pub prefixes: &'static [catalog::ModelPrefix],
    /// Whole-reference aliases.
    pub aliases: &'static [catalog::ModelAlias],
    /// Workload profiles.
    pub workloads: &'static [catalog::WorkloadProfile],
    /// Upstream errors and their diagnoses.
    pub errors: &'static [catalog::UpstreamError],
    /// Pay-as-you-go list prices (the rows `cost` is computed from).
    pub prices: &'static [catalog::Price],
    /// Facts on which public sources disagree, with both sources.
    pub disputes: &'static [catalog::Dispute],
    /// How old the facts are: checked dates, unconfirmed and disputed counts.
    pub facts: catalog::FactsAge,
}

/// Pick a surface, model and parameters for a workload, with reasons, warnings and fallbacks.
#[wasm_bindgen(js_name = route, unchecked_return_type = "Route")]
pub fn route(
    #[wasm_bindgen(unchecked_param_type = "RouteRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let req: RouteRequest = from_js(&request, "RouteRequest")?;
    to_js(&qwen_route::route::route(&req).map_err(fail)?)
}

/// Compile a payload into the wire request a surface expects, with pre-flight lint and notes.
#[wasm_bindgen(js_name = shape, unchecked_return_type = "Shaped")]
pub fn shape(
    #[wasm_bindgen(unchecked_param_type = "ShapeRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let req: ShapeRequest = from_js(&request, "ShapeRequest")?;
    to_js(&qwen_route::shape::shape(&req).map_err(fail)?)
}

/// A shaped request as a copyable program (the key is an environment-variable placeholder).
#[wasm_bindgen(js_name = exportSnippet)]
pub fn export_snippet(
    #[wasm_bindgen(unchecked_param_type = "ShapeRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SnippetFormat")] format: &str,
) -> Result<String, JsValue> {
    let format: Format = format.parse().map_err(fail)?;
    let req: ShapeRequest = from_js(&request, "ShapeRequest")?;
    let shaped = qwen_route::shape::shape(&req).map_err(fail)?;
    if format == Format::ClaudeCode {
        // A surface without an Anthropic endpoint is an error, not a snippet.
        return qwen_route::export::claude_code(&shaped).map_err(fail);
    }
    Ok(qwen_route::export::export(&shaped, format))
}

/// A pasted curl command read back into a shaping request (surface, base URL, model, dialect,
/// payload), with everything left out listed. A key in the command is never returned:
/// `key_found` says whether there was one.
#[wasm_bindgen(js_name = importCurl, unchecked_return_type = "CurlImport")]
pub fn import_curl(command: &str) -> Result<JsValue, JsValue> {
    to_js(&qwen_route::curl::import_curl(command).map_err(fail)?)
}

/// Why a call failed: code, cause, fix, whether and when to retry.
#[wasm_bindgen(js_name = diagnose, unchecked_return_type = "Diagnosis")]
pub fn diagnose(
    #[wasm_bindgen(unchecked_param_type = "DiagnoseRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let req: DiagnoseRequest = from_js(&request, "DiagnoseRequest")?;
    to_js(&qwen_route::diagnose::diagnose(&req).map_err(fail)?)
}

/// The capability probe's requests for a server: at most eight, each with its purpose and
/// timeout, the key as a `$VAR` placeholder. Send them (with `fetch`), then pass the answers to
/// `judgeProbe` with the same options. Without `model`, the plan only lists `/models`: plan
/// again with a model from that answer.
#[wasm_bindgen(js_name = probePlan, unchecked_return_type = "ProbePlan")]
pub fn probe_plan(
    #[wasm_bindgen(unchecked_param_type = "ProbeOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts: qwen_route::probe::ProbeOptions = from_js(&options, "ProbeOptions")?;
    to_js(&qwen_route::probe::probe_plan(&opts).map_err(fail)?)
}

/// The probe's report: one row per capability (`yes` / `no` / `unknown`), with the evidence and
/// the server flag to change for each `no`. `options` are the ones the plan was made with.
#[wasm_bindgen(js_name = judgeProbe, unchecked_return_type = "ProbeReport")]
pub fn judge_probe(
    #[wasm_bindgen(unchecked_param_type = "ProbeOptions")] options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ProbeAnswer[]")] answers: JsValue,
) -> Result<JsValue, JsValue> {
    let opts: qwen_route::probe::ProbeOptions = from_js(&options, "ProbeOptions")?;
    let answers: Vec<qwen_route::probe::ProbeAnswer> = from_js(&answers, "ProbeAnswer[]")?;
    let plan = qwen_route::probe::probe_plan(&opts).map_err(fail)?;
    to_js(&qwen_route::probe::judge_probe(&plan, &answers))
}

/// Check an answer against a JSON Schema, with path-level errors.
#[wasm_bindgen(js_name = checkStructured, unchecked_return_type = "CheckResult")]
pub fn check_structured(
    answer: &str,
    #[wasm_bindgen(unchecked_param_type = "unknown")] schema: JsValue,
) -> Result<JsValue, JsValue> {
    let schema: serde_json::Value = from_js(&schema, "a JSON Schema")?;
    to_js(&qwen_route::check::check_structured(answer, &schema))
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

/// Read a `/models` answer.
#[wasm_bindgen(js_name = parseModels, unchecked_return_type = "LiveModels")]
pub fn parse_models(body: &str) -> Result<JsValue, JsValue> {
    to_js(&qwen_route::models::parse_models(body.as_bytes()).map_err(fail)?)
}

/// Compare live model ids with the catalog for a surface.
#[wasm_bindgen(js_name = diffModels, unchecked_return_type = "ModelsDiff")]
pub fn diff_models(
    surface: &str,
    #[wasm_bindgen(unchecked_param_type = "string[]")] ids: JsValue,
) -> Result<JsValue, JsValue> {
    let ids: Vec<String> = from_js(&ids, "an array of model ids")?;
    let s = catalog::surface(surface).ok_or_else(|| {
        fail(qwen_route::Error::UnknownSurface {
            id: surface.into(),
            suggestion: catalog::suggest(surface, catalog::surfaces().iter().map(|x| x.id))
                .map(str::to_string),
        })
    })?;
    to_js(&qwen_route::models::diff_models(s, &ids))
}

/// Size, MIME type and pixel dimensions of a base64 `data:` URL (`undefined` for anything else).
#[wasm_bindgen(js_name = inspectDataUrl, unchecked_return_type = "DataUrlInfo | undefined")]
pub fn inspect_data_url(url: &str) -> Result<JsValue, JsValue> {
    match qwen_route::media::inspect_data_url(url) {
        Some(info) => to_js(&info),
        None => Ok(JsValue::UNDEFINED),
    }
}

/// The whole catalog: surfaces, models, aliases, workloads and upstream errors, every row with
/// its `source` and `checked` date.
#[wasm_bindgen(js_name = catalog, unchecked_return_type = "Catalog")]
pub fn catalog_all() -> Result<JsValue, JsValue> {
    to_js(&Catalog {
        version: catalog::CATALOG_VERSION,
        regions: catalog::regions(),
        surfaces: catalog::surfaces(),
        models: catalog::models(),
        prefixes: catalog::prefixes(),
        aliases: catalog::aliases(),
        workloads: catalog::workloads(),
        errors: catalog::upstream_errors(),
        prices: catalog::prices(),
        disputes: catalog::disputes(),
        facts: catalog::facts_age(),
    })
}

/// The catalog version (newest `checked` date plus a hash of its sources).
#[wasm_bindgen(js_name = catalogVersion)]
pub fn catalog_version() -> String {
    catalog::CATALOG_VERSION.to_string()
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
    inline_js = "export function textDelta(kind, choice, text) { return { kind, choice, text }; }"
)]
extern "C" {
    /// A text delta as a plain JS object, made in one call with one hidden class.
    #[wasm_bindgen(js_name = textDelta)]
    fn text_delta(kind: &JsValue, choice: u32, text: &str) -> JsValue;
}

/// The kind strings of text deltas, made into JS strings once per decoder.
struct DeltaNames {
    reasoning: JsValue,
    answer: JsValue,
}

impl DeltaNames {
    fn new() -> Self {
        DeltaNames { reasoning: "reasoning".into(), answer: "answer".into() }
    }

    /// A text delta's kind string, choice and text; `None` for other kinds.
    fn parts<'d>(&self, d: &'d StreamDelta) -> Option<(&JsValue, u32, &'d str)> {
        match d {
            StreamDelta::Reasoning { choice, text } => Some((&self.reasoning, *choice, text)),
            StreamDelta::Answer { choice, text } => Some((&self.answer, *choice, text)),
            _ => None,
        }
    }

    /// The deltas as JS objects built directly when they are all text (the streaming common
    /// case: no JSON text is written or parsed), `None` otherwise.
    fn text_only(&self, deltas: &[StreamDelta]) -> Option<js_sys::Array> {
        if !deltas.iter().all(|d| self.parts(d).is_some()) {
            return None;
        }
        let out = js_sys::Array::new();
        for (kind, choice, text) in deltas.iter().filter_map(|d| self.parts(d)) {
            out.push(&text_delta(kind, choice, text));
        }
        Some(out)
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
        let s = self.inner.as_mut().ok_or_else(finished)?;
        self.deltas.clear();
        s.push(chunk, Some(received_at_ms), &mut self.deltas);
        match self.names.text_only(&self.deltas) {
            Some(array) => Ok(array.into()),
            None => to_js(&self.deltas),
        }
    }

    /// A chunk that completes no line arrived at `at`: the package's JS `push` keeps its bytes
    /// and passes them in front of the next chunk (see `xtask/src/stream_hold.rs`).
    #[wasm_bindgen(js_name = noteArrival, skip_typescript)]
    pub fn note_arrival(&mut self, at: f64) -> Result<(), JsValue> {
        self.inner.as_mut().ok_or_else(finished)?.arrived(Some(at));
        Ok(())
    }

    /// Bytes the JS `push` held, whose arrival was noted (they complete no line).
    #[wasm_bindgen(js_name = pushHeld, skip_typescript)]
    pub fn push_held(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let s = self.inner.as_mut().ok_or_else(finished)?;
        self.deltas.clear();
        s.push_held(chunk, None, &mut self.deltas);
        Ok(())
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
