//! Everything beyond reading a response: routing, shaping, exports, curl import, the probe, the
//! structured-output check, `/models` and the catalog. The default npm entry (`qwen-route`) has
//! it; the `qwen-route/stream` entry is built without this module (`--no-default-features`), so
//! a page that only reads responses downloads none of the catalog's routing and shaping code.

use qwen_route::catalog;
use qwen_route::export::Format;
use qwen_route::route::RouteRequest;
use qwen_route::shape::ShapeRequest;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::convert::{fail, from_js, to_js};

/// Every type that crosses the boundary, generated from the Rust definitions (`build.rs`).
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));

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
