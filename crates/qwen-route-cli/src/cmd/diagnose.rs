//! `qwen-route diagnose`

use qwen_route_i18n::Localize;
use std::collections::BTreeMap;

use qwen_route::assemble::{assemble_auto, looks_like_sse, AssembleOptions};
use qwen_route::catalog::KeyClass;
use qwen_route::diagnose::{
    diagnose, DiagnoseRequest, Diagnosis, RequestSummary, TransportFailure,
};

use crate::{input, Failure};

/// Diagnose a failed call.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The surface called.
    #[arg(long)]
    surface: String,
    /// The HTTP status received.
    #[arg(long, conflicts_with = "transport")]
    status: Option<u16>,
    /// A response header, 'Name: value' (repeatable; Retry-After and Date are used).
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// A failure with no HTTP answer: cors, network, timeout, aborted or mixed-content.
    #[arg(long)]
    transport: Option<String>,
    /// A file holding the response body (a JSON error, text, or a stream with an error frame);
    /// `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    body: Option<String>,
    /// The model that was asked.
    #[arg(long)]
    model: Option<String>,
    /// The call streamed.
    #[arg(long, conflicts_with = "no_stream")]
    stream: bool,
    /// The call did not stream.
    #[arg(long)]
    no_stream: bool,
    /// Thinking was on or off.
    #[arg(long)]
    thinking: Option<String>,
    /// The first characters of the key used (sk-, sk-sp-, st-); never the whole key.
    #[arg(long)]
    key_prefix: Option<String>,
    /// The region the key was created in (cn, intl, us, hk, eu).
    #[arg(long)]
    key_region: Option<String>,
    /// The base URL used, if not the surface's.
    #[arg(long)]
    base_url: Option<String>,
    /// The browser page's origin (for CORS advice).
    #[arg(long)]
    origin: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(a: Args) -> Result<String, Failure> {
    let thinking = match a.thinking.as_deref() {
        None => None,
        Some("on" | "true" | "low" | "medium" | "high") => Some(true),
        Some("off" | "false") => Some(false),
        Some(other) => {
            return Err(Failure(format!("invalid thinking: {other:?} is not on or off")))
        }
    };
    let request = RequestSummary {
        model: a.model,
        stream: if a.stream {
            Some(true)
        } else if a.no_stream {
            Some(false)
        } else {
            None
        },
        thinking,
        key_class: a.key_prefix.as_deref().and_then(KeyClass::of_key),
        key_region: a.key_region,
        base_url: a.base_url,
        origin: a.origin,
    };
    let body = match &a.body {
        Some(p) => input::read_bytes(p)?,
        None => Vec::new(),
    };
    let mut diagnosis: Diagnosis =
        if let Some(t) = a.transport {
            let failure: TransportFailure =
                t.parse().map_err(|e| Failure(format!("invalid transport: {e}")))?;
            diagnose(&DiagnoseRequest {
                surface: a.surface,
                request,
                transport: Some(failure),
                ..Default::default()
            })?
        } else if let Some(status) = a.status {
            let mut headers = BTreeMap::new();
            for h in &a.headers {
                let (k, v) = h.split_once(':').ok_or_else(|| {
                    Failure(format!("invalid --header {h:?}: expected 'Name: value'"))
                })?;
                headers.insert(k.trim().to_string(), v.trim().to_string());
            }
            if (200..300).contains(&status) && looks_like_sse(&body) {
                let opts = AssembleOptions {
                    surface: Some(a.surface.clone()),
                    request: request.clone(),
                    ..Default::default()
                };
                let assembled = assemble_auto(&body, &opts);
                match assembled.diagnosis {
                    Some(d) => d,
                    None => return Err(Failure(
                        "the stream has no error frame and was not cut off: nothing to diagnose"
                            .into(),
                    )),
                }
            } else {
                let text = String::from_utf8_lossy(&body).into_owned();
                diagnose(&DiagnoseRequest {
                    surface: a.surface,
                    request,
                    status: Some(status),
                    headers,
                    body: text,
                    ..Default::default()
                })?
            }
        } else {
            return Err(Failure("give --status N (with --body FILE) or --transport KIND".into()));
        };
    diagnosis.localize(super::lang());
    if a.json {
        return Ok(format!("{}\n", serde_json::to_string_pretty(&diagnosis)?));
    }
    Ok(text(&diagnosis))
}

fn text(d: &Diagnosis) -> String {
    let mut o = format!(
        "{} — {} [{}]\n",
        d.code,
        d.title,
        serde_json::to_value(d.category)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    );
    o.push_str(&format!("cause: {}\n", d.cause));
    for (i, f) in d.fix.iter().enumerate() {
        o.push_str(&format!("fix {}: {f}\n", i + 1));
    }
    o.push_str(&format!(
        "retry: {}{}\n",
        if d.retryable { "yes" } else { "no" },
        d.retry_after_s.map(|s| format!(", after {s} s")).unwrap_or_default()
    ));
    if let Some(u) = &d.upstream {
        if !u.message.is_empty() {
            o.push_str(&format!("server said: {}\n", u.message));
        }
        if let Some(r) = &u.request_id {
            o.push_str(&format!("request id: {r}\n"));
        }
    }
    o.push_str(&format!("source: {}\n", d.source));
    o
}
