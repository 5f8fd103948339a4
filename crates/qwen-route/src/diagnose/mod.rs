//! Diagnosis: from a failed call (an HTTP answer, a stream's error frame, or a transport
//! failure) to a stable code, a cause, the fix, whether to retry and when.
//!
//! Classification walks the error rows of `catalog/errors.toml` in order and takes the first
//! whose conditions hold: HTTP status, the envelope's `code`/`type`, and language-neutral
//! markers. A 401 is then refined with the request summary into "key from another plan",
//! "key from another region" or "bad key". The key itself is never an input: only its prefix
//! class and, if the user knows it, the region it was created in.
//!
//! ```
//! use qwen_route::diagnose::{diagnose, DiagnoseRequest};
//! let d = diagnose(&DiagnoseRequest {
//!     surface: "dashscope-intl".into(),
//!     status: Some(429),
//!     headers: [("Retry-After".to_string(), "7".to_string())].into(),
//!     body: r#"{"error":{"code":"limit_requests","message":"You have exceeded your current request limit.","type":"limit_requests"}}"#.into(),
//!     ..Default::default()
//! }).unwrap();
//! assert_eq!(d.code, "rate-limit");
//! assert!(d.retryable);
//! assert_eq!(d.retry_after_s, Some(7.0));
//! ```

mod envelope;
mod retry;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{self, ErrorCategory, KeyClass, Surface, SurfaceFamily, UpstreamError};
use crate::error::Error;
use crate::msg::{self, Msg};

pub use envelope::{parse_error_body, parse_error_object, ParsedError};
pub use retry::retry_after_seconds;

/// What the caller knows about the request that failed. Every field is optional; more
/// context gives a sharper diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestSummary {
    /// The model id sent.
    pub model: Option<String>,
    /// Whether the call streamed.
    pub stream: Option<bool>,
    /// Whether thinking was on.
    pub thinking: Option<bool>,
    /// The class of the key used (from its prefix only).
    pub key_class: Option<KeyClass>,
    /// The region the key was created in, if the user knows it.
    pub key_region: Option<String>,
    /// The base URL used, when it differs from the surface's.
    pub base_url: Option<String>,
    /// The page origin, for browser calls.
    pub origin: Option<String>,
}

/// A failure with no HTTP answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransportFailure {
    /// The browser blocked the call (preflight refused, or no `Access-Control-Allow-Origin`).
    Cors,
    /// No connection (refused, DNS, offline).
    Network,
    /// No complete answer in time.
    Timeout,
    /// Cancelled by the caller.
    Aborted,
    /// An https page calling an http URL.
    MixedContent,
}

/// Input of [`diagnose`]: the surface, what is known about the request, and how the call
/// ended — an HTTP answer (`status`, `headers`, `body`), a stream's error frame (`error`), or a
/// failure with no answer (`transport`). Exactly one of the three is used, in that order of
/// precedence: `transport`, `error`, `status`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DiagnoseRequest {
    /// Surface id.
    pub surface: String,
    /// What is known about the request.
    #[serde(default)]
    pub request: RequestSummary,
    /// HTTP status of the answer.
    #[serde(default)]
    pub status: Option<u16>,
    /// Response headers (names in any case).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Response body (invalid UTF-8 replaced).
    #[serde(default)]
    pub body: String,
    /// The `error` object of an `{"error": …}` frame inside a stream.
    #[serde(default)]
    pub error: Option<serde_json::Value>,
    /// A failure before any answer.
    #[serde(default)]
    pub transport: Option<TransportFailure>,
}

/// A diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    /// Stable code (an `errors.toml` row id).
    pub code: &'static str,
    /// Short title (id `error.<code>.title`).
    pub title: Msg,
    /// What kind of problem.
    pub category: ErrorCategory,
    /// Why it happened, for this request (id `error.<code>.cause`).
    pub cause: Msg,
    /// What to do, in order (ids `error.<code>.fix.<n>`, from 1).
    pub fix: Vec<Msg>,
    /// Whether the same request may succeed later.
    pub retryable: bool,
    /// Seconds to wait before retrying, from `Retry-After`.
    pub retry_after_s: Option<f64>,
    /// Where the knowledge comes from.
    pub source: &'static str,
    /// What the server said.
    pub upstream: Option<ParsedError>,
    /// The surface diagnosed.
    pub surface: &'static str,
}

/// Diagnose a failed call.
///
/// Errors only for an unknown surface id or an input that names no outcome; any answer,
/// including garbage, gets a diagnosis.
///
/// ```
/// use qwen_route::diagnose::{diagnose, DiagnoseRequest, RequestSummary, TransportFailure};
/// let d = diagnose(&DiagnoseRequest {
///     surface: "ollama".into(),
///     request: RequestSummary { origin: Some("http://127.0.0.1:8080".into()), ..Default::default() },
///     transport: Some(TransportFailure::Cors),
///     ..Default::default()
/// }).unwrap();
/// assert_eq!(d.code, "cors-blocked");
/// assert!(d.fix[0].contains("OLLAMA_ORIGINS=http://127.0.0.1:8080"));
/// ```
pub fn diagnose(req: &DiagnoseRequest) -> Result<Diagnosis, Error> {
    let surface = catalog::surface(&req.surface).ok_or_else(|| Error::UnknownSurface {
        id: req.surface.clone(),
        suggestion: catalog::suggest(&req.surface, catalog::surfaces().iter().map(|s| s.id))
            .map(str::to_string),
    })?;
    if let Some(failure) = req.transport {
        return Ok(classify(surface, &req.request, ParsedError::default(), Some(failure)));
    }
    if let Some(error) = &req.error {
        return Ok(classify(surface, &req.request, parse_error_object(error, None), None));
    }
    let Some(status) = req.status else {
        return Err(Error::InvalidValue {
            field: "diagnose".into(),
            reason: "give a status (with body and headers), an error frame, or a transport failure"
                .into(),
        });
    };
    let header = |name: &str| {
        req.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    };
    let parsed = parse_error_body(req.body.as_bytes(), Some(status));
    let mut d = classify(surface, &req.request, parsed, None);
    if let Some(ra) = header("retry-after") {
        d.retry_after_s = retry_after_seconds(ra, header("date"));
    }
    if let Some(u) = d.upstream.as_mut().filter(|u| u.request_id.is_none()) {
        u.request_id =
            header("x-request-id").or_else(|| header("x-dashscope-request-id")).map(str::to_string);
    }
    Ok(d)
}

/// Diagnose an error frame found inside a stream (used by the assembler).
pub(crate) fn diagnose_frame(
    surface: &'static Surface,
    req: &RequestSummary,
    error: &serde_json::Value,
) -> Diagnosis {
    classify(surface, req, parse_error_object(error, None), None)
}

/// Diagnose a stream that ended without `[DONE]` or a finish reason.
pub(crate) fn diagnose_truncated(surface: &'static Surface, req: &RequestSummary) -> Diagnosis {
    let row = row("stream-truncated");
    build(row, surface, req, None, &ParsedError::default())
}

fn row(id: &str) -> &'static UpstreamError {
    catalog::upstream_error(id)
        .or_else(|| catalog::upstream_errors().last())
        .unwrap_or(&catalog::upstream_errors()[0])
}

/// An error frame has no status of its own; infer it from the code.
fn infer_status(e: &ParsedError) -> u16 {
    let code = e.code.as_deref().or(e.kind.as_deref()).unwrap_or("");
    match code {
        "limit_requests" | "rate_limit_exceeded" | "rate_limit_error" => 429,
        "invalid_api_key" | "InvalidApiKey" | "authentication_error" => 401,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "overloaded_error" => 529,
        "api_error" | "server_error" | "InternalServerError" | "internal_server_error" => 500,
        c if c.parse::<u16>().is_ok_and(|n| (400..600).contains(&n)) => c.parse().unwrap_or(400),
        _ => 400,
    }
}

/// Whether an answer came from DashScope: a Model Studio surface, or a proxy (LiteLLM) whose
/// message shows DashScope's own words.
fn from_dashscope(surface: &Surface, hay: &str) -> bool {
    matches!(
        surface.family,
        SurfaceFamily::Dashscope
            | SurfaceFamily::Workspace
            | SurfaceFamily::CodingPlan
            | SurfaceFamily::TokenPlan
            | SurfaceFamily::QwenPortal
    ) || ["dashscope", "internalerror.algo", "invalidapikey", "arrearage", "datainspectionfailed"]
        .iter()
        .any(|m| hay.contains(m))
}

fn matches(
    row: &UpstreamError,
    surface: &Surface,
    status: u16,
    e: &ParsedError,
    transport: Option<TransportFailure>,
    hay: &str,
) -> bool {
    let Some(w) = row.when else { return false };
    let dashscope = from_dashscope(surface, hay);
    if (row.model_studio && !dashscope) || (w.not_dashscope && dashscope) {
        return false;
    }
    if let Some(t) = w.transport {
        return transport.is_some_and(|x| x.as_str() == t);
    }
    if !w.surfaces.is_empty() {
        return w.surfaces.contains(&surface.id);
    }
    if transport.is_some() {
        return false;
    }
    if !w.families.is_empty() && !w.families.contains(&surface.family) {
        return false;
    }
    if !w.statuses.is_empty() && !w.statuses.contains(&status) {
        return false;
    }
    if !w.markers.iter().all(|m| hay.contains(m)) {
        return false;
    }
    let code_hit =
        w.codes.iter().any(|c| e.code.as_deref() == Some(*c) || e.kind.as_deref() == Some(*c));
    let marker_hit = w.markers_any.iter().any(|m| hay.contains(m));
    match (w.codes.is_empty(), w.markers_any.is_empty()) {
        (true, true) => true,
        (false, true) => code_hit,
        (true, false) => marker_hit,
        (false, false) => code_hit || marker_hit,
    }
}

fn classify(
    surface: &'static Surface,
    req: &RequestSummary,
    e: ParsedError,
    transport: Option<TransportFailure>,
) -> Diagnosis {
    let status = match e.status {
        Some(s) if (200..300).contains(&s) => infer_status(&e),
        // Model Studio's Anthropic endpoint answers a refused key with 403
        // authentication_error (catalog/anthropic.toml, fact error-types), where others say 401.
        Some(403) if e.kind.as_deref() == Some("authentication_error") => 401,
        Some(s) => s,
        None => infer_status(&e),
    };
    let hay = format!(
        "{} {} {}",
        e.message.to_ascii_lowercase(),
        e.code.as_deref().unwrap_or("").to_ascii_lowercase(),
        e.kind.as_deref().unwrap_or("").to_ascii_lowercase()
    );
    let found = catalog::upstream_errors()
        .iter()
        .find(|r| !r.refine && matches(r, surface, status, &e, transport, &hay));
    let mut chosen = found.unwrap_or_else(|| row("unknown"));
    let mut suggested = None;
    if chosen.id == "invalid-api-key" {
        if let Some((id, s)) = refine_key(surface, req) {
            chosen = row(id);
            suggested = s;
        }
    }
    let upstream = if transport.is_some() { None } else { Some(e) };
    let parsed = upstream.clone().unwrap_or_default();
    let mut d = build(chosen, surface, req, suggested, &parsed);
    d.upstream = upstream;
    d
}

/// A 401 with a key of the other plan, or from another region.
fn refine_key(
    surface: &Surface,
    req: &RequestSummary,
) -> Option<(&'static str, Option<&'static Surface>)> {
    if let Some(k) = req.key_class {
        let wrong_plan = match surface.key_class {
            KeyClass::Standard => k == KeyClass::Plan,
            KeyClass::Plan => matches!(k, KeyClass::Standard | KeyClass::Temporary),
            _ => false,
        };
        if wrong_plan {
            let region = surface.region.unwrap_or("intl");
            let family = if k == KeyClass::Plan {
                SurfaceFamily::CodingPlan
            } else {
                SurfaceFamily::Dashscope
            };
            return Some(("key-wrong-plan", catalog::surface_in(family, region)));
        }
    }
    let key_region = req.key_region.as_deref().and_then(catalog::region)?;
    let here = surface.region?;
    if key_region.id != here {
        let family = match surface.family {
            SurfaceFamily::Workspace => SurfaceFamily::Dashscope,
            f => f,
        };
        return Some(("key-wrong-region", catalog::surface_in(family, key_region.id)));
    }
    None
}

fn build(
    row: &'static UpstreamError,
    surface: &'static Surface,
    req: &RequestSummary,
    suggested: Option<&'static Surface>,
    e: &ParsedError,
) -> Diagnosis {
    let vars = Vars { surface, req, suggested, e };
    Diagnosis {
        code: row.id,
        title: Msg::new(format!("error.{}.title", row.id), row.title, Vec::new()),
        category: row.category,
        cause: vars.msg(format!("error.{}.cause", row.id), row.cause),
        fix: row
            .fix
            .iter()
            .enumerate()
            .map(|(i, f)| vars.msg(format!("error.{}.fix.{}", row.id, i + 1), f))
            .collect(),
        retryable: row.retryable,
        retry_after_s: None,
        source: row.source,
        upstream: None,
        surface: surface.id,
    }
}

struct Vars<'a> {
    surface: &'static Surface,
    req: &'a RequestSummary,
    suggested: Option<&'static Surface>,
    e: &'a ParsedError,
}

impl Vars<'_> {
    fn value(&self, name: &str) -> String {
        let s = self.surface;
        let origin = self.origin();
        match name {
            "surface" => s.id.into(),
            "surface_name" => s.name.into(),
            "base_url" => self.req.base_url.clone().unwrap_or_else(|| s.base_url.into()),
            "expected_base" => s.base_url.into(),
            "model" => self.req.model.clone().unwrap_or_else(|| "the model".into()),
            "region" => {
                s.region.and_then(catalog::region).map_or("this region".into(), |r| r.name.into())
            }
            "key_region" => self
                .req
                .key_region
                .as_deref()
                .and_then(catalog::region)
                .map_or("another region".into(), |r| r.name.into()),
            "key_class" => match self.req.key_class {
                Some(KeyClass::Plan) => "Coding Plan / Token Plan (sk-sp-…)".into(),
                Some(KeyClass::Standard) => "pay-as-you-go (sk-…)".into(),
                Some(KeyClass::Temporary) => "temporary (st-…)".into(),
                Some(k) => k.as_str().into(),
                None => "different".into(),
            },
            "plan" => s.plan.as_str().into(),
            "suggested_surface" => self
                .suggested
                .map_or("the matching surface".into(), |x| format!("{} ({})", x.id, x.base_url)),
            "env_var" => s.env_var().into(),
            "cors_setting" => {
                s.cors_setting.map_or("the server's CORS settings".into(), |c| c.into())
            }
            "cors_fix" => s.cors_fix_text(&origin).to_string(),
            "limit" => self.limit(),
            "status" => self.e.status.map_or("an error".into(), |c| c.to_string()),
            "origin" => origin,
            "message" => {
                let m: String = self.e.message.chars().take(200).collect();
                if m.is_empty() {
                    "(no message)".into()
                } else {
                    m
                }
            }
            _ => String::new(),
        }
    }

    /// The page's origin, as the request summary gives it.
    fn origin(&self) -> String {
        self.req.origin.clone().unwrap_or_else(|| "this page's origin".into())
    }

    /// The upper bound quoted in `[1, N]`, else the model's known limit.
    fn limit(&self) -> String {
        let m = &self.e.message;
        for marker in ["[1,", "greater than"] {
            if let Some(i) = m.find(marker) {
                let digits: String = m[i + marker.len()..]
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if !digits.is_empty() {
                    return digits;
                }
            }
        }
        self.req
            .model
            .as_deref()
            .and_then(catalog::model)
            .and_then(|m| m.max_tokens_limit().map(|(n, _)| n))
            .map_or("the model's limit".into(), |n| n.to_string())
    }

    /// A catalog template filled for this request. Every `{name}` the template uses gets a
    /// value (an unknown name, which `build.rs` rejects, would fill as empty).
    fn msg(&self, id: String, template: &'static str) -> Msg {
        let names = msg::placeholders(template);
        let args = names.iter().map(|n| (*n, self.value(n))).collect();
        let mut m = Msg::new(id, template, args);
        if names.contains(&"cors_fix") {
            m = m.with_part("cors_fix", self.surface.cors_fix_text(&self.origin()));
        }
        if names.contains(&"surface_name") {
            m = m.with_part("surface_name", self.surface.name_text());
        }
        if let Some(r) = self.surface.region.and_then(catalog::region) {
            if names.contains(&"region") {
                m = m.with_part("region", r.name_text());
            }
        }
        if let Some(r) = self.req.key_region.as_deref().and_then(catalog::region) {
            if names.contains(&"key_region") {
                m = m.with_part("key_region", r.name_text());
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(surface: &str, status: u16, body: &str) -> Diagnosis {
        diagnose(&DiagnoseRequest {
            surface: surface.into(),
            status: Some(status),
            body: body.into(),
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn chinese_variant_classifies_like_english() {
        let zh = http(
            "dashscope-cn",
            400,
            r#"{"error":{"code":"invalid_parameter_error","message":"parameter.enable_thinking必须设置为false才能进行非流式调用","type":"invalid_request_error"}}"#,
        );
        let en = http(
            "dashscope-cn",
            400,
            r#"{"error":{"code":"invalid_parameter_error","message":"parameter.enable_thinking must be set to false for non-streaming calls","type":"invalid_request_error"}}"#,
        );
        assert_eq!(zh.code, "thinking-non-streaming");
        assert_eq!(en.code, zh.code);
    }

    #[test]
    fn max_tokens_is_not_context_overflow() {
        let d = http(
            "dashscope-intl",
            400,
            r#"{"error":{"code":"invalid_parameter_error","message":"<400> InternalError.Algo.InvalidParameter: Range of max_tokens should be [1, 8192]"}}"#,
        );
        assert_eq!(d.code, "max-tokens-range");
        assert!(d.fix[0].contains("8192"));
        let d = http(
            "dashscope-intl",
            400,
            r#"{"error":{"code":"invalid_parameter_error","message":"<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, 204800]"}}"#,
        );
        assert_eq!(d.code, "input-too-long");
        assert!(d.cause.contains("204800"));
    }

    #[test]
    fn garbage_gets_a_diagnosis() {
        let d = http("vllm", 418, "\u{0}\u{1}not json");
        assert_eq!(d.code, "unknown");
    }

    #[test]
    fn every_template_fills() {
        for row in catalog::upstream_errors() {
            let s = catalog::surface("dashscope-intl").unwrap();
            let d = build(row, s, &RequestSummary::default(), None, &ParsedError::default());
            assert!(!d.cause.contains('{') || d.cause.contains("{\""), "{}: {}", row.id, d.cause);
        }
    }
}
