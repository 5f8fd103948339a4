//! `qwen-route repro`: a redacted one-file repro of a failed call, and with `--send` the
//! smallest payload that still shows the same problem (the core's reducer proposes, this command
//! re-sends).

use std::collections::BTreeMap;
use std::time::Duration;

use qwen_route::catalog;
use qwen_route::diagnose::RequestSummary;
use qwen_route::repro::{bundle, classify, Reducer, ReproInput};
use serde_json::Value;

use crate::Failure;

/// Package a failed call as a redacted repro bundle; `--send` first shrinks the payload.
///
/// FILE is JSON: {"surface", "request": {"method", "url", "headers", "body"}, "response":
/// {"status", "headers", "body"}} — what the playground's "Copy repro" gives, or written by hand.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The failed exchange (JSON).
    #[arg(long = "from", value_name = "FILE")]
    from: String,
    /// Re-send smaller payloads to find the minimal one (reads the key from the surface's
    /// environment variable, or --key-env).
    #[arg(long)]
    send: bool,
    /// The environment variable holding the key (default: the surface's, e.g. DASHSCOPE_API_KEY).
    #[arg(long)]
    key_env: Option<String>,
    /// Send to the file's URL even when it is not the surface's catalog host (the key goes
    /// there: only for files you wrote or trust).
    #[arg(long)]
    trust_url: bool,
    /// Give up on an answer after this many seconds.
    #[arg(long, default_value_t = 120)]
    timeout_s: u64,
}

fn summary(body: &Value) -> RequestSummary {
    RequestSummary {
        model: body["model"].as_str().map(str::to_string),
        stream: body["stream"].as_bool(),
        thinking: body["enable_thinking"]
            .as_bool()
            .or(body["chat_template_kwargs"]["enable_thinking"].as_bool()),
        ..RequestSummary::default()
    }
}

/// Send one payload; the status, headers and body that came back.
async fn send(
    client: &reqwest::Client,
    input: &ReproInput,
    key: &str,
    body: &Value,
) -> Result<(u16, BTreeMap<String, String>, Vec<u8>), String> {
    let mut req = client.post(&input.request.url).header("Content-Type", "application/json");
    for (k, v) in &input.request.headers {
        if k.eq_ignore_ascii_case("authorization")
            || k.eq_ignore_ascii_case("content-type")
            || k.eq_ignore_ascii_case("content-length")
        {
            continue;
        }
        req = req.header(k, v);
    }
    if !key.is_empty() {
        req = req.header("Authorization", format!("Bearer {key}"));
    }
    let res = req.body(body.to_string()).send().await.map_err(|e| format!("send failed: {e}"))?;
    let status = res.status().as_u16();
    let headers = res
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let bytes = res.bytes().await.map_err(|e| format!("reading the answer failed: {e}"))?;
    Ok((status, headers, bytes.to_vec()))
}

pub(crate) fn run(a: Args) -> Result<String, Failure> {
    let text = std::fs::read_to_string(&a.from).map_err(|e| Failure(format!("{}: {e}", a.from)))?;
    let mut input: ReproInput = serde_json::from_str(&text)
        .map_err(|e| Failure(format!("{}: not a repro file: {e}", a.from)))?;
    if catalog::surface(&input.surface).is_none() {
        return Err(Failure(format!("{}: unknown surface {:?}", a.from, input.surface)));
    }
    let status = input.response.status.unwrap_or(0);
    let diagnosis = classify(
        &input.surface,
        &summary(&input.request.body),
        status,
        &input.response.headers,
        input.response.body.as_bytes(),
    );
    let Some(diagnosis) = diagnosis else {
        let b = bundle(&input, None, None);
        eprintln!("qwen-route: this exchange did not fail; the bundle has no diagnosis");
        return serde_json::to_string_pretty(&b).map(|s| s + "\n").map_err(Failure::from);
    };
    if !a.send {
        eprintln!("diagnosis: {} — {}", diagnosis.code, diagnosis.title);
        eprintln!(
            "(add --send to shrink the payload to the smallest one that still fails this way)"
        );
        let b = bundle(&input, Some(&diagnosis), None);
        return serde_json::to_string_pretty(&b).map(|s| s + "\n").map_err(Failure::from);
    }
    let surface =
        catalog::surface(&input.surface).ok_or_else(|| Failure("unknown surface".into()))?;
    let on_catalog_host =
        !surface.base_url.contains('{') && input.request.url.starts_with(surface.base_url);
    if !on_catalog_host && !a.trust_url {
        let host = input
            .request
            .url
            .split("://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or("?")
            .to_string();
        return Err(Failure(format!(
            "refusing to send your key to {host}: it is not {}'s host ({}); pass --trust-url if you wrote or trust this file",
            surface.id, surface.base_url
        )));
    }
    let env_name = a.key_env.clone().unwrap_or_else(|| {
        catalog::surface(&input.surface).map_or("API_KEY", |s| s.env_var()).to_string()
    });
    let key = std::env::var(&env_name).unwrap_or_default();
    let (runtime, client) = super::sender(Some(Duration::from_secs(a.timeout_s.max(1))), None)?;
    let mut reducer = Reducer::new(&input.request.body, diagnosis.code).map_err(Failure::from)?;
    let mut last =
        (status, input.response.headers.clone(), input.response.body.clone().into_bytes());
    eprintln!("diagnosis: {} — shrinking the payload (key from ${env_name})", diagnosis.code);
    runtime.block_on(async {
        while let Some(c) = reducer.next_candidate() {
            let (code, answer) = match send(&client, &input, &key, &c.body).await {
                Ok((s, h, b)) => (
                    classify(&input.surface, &summary(&c.body), s, &h, &b).map(|d| d.code),
                    Some((s, h, b)),
                ),
                Err(e) => {
                    eprintln!("  {:<34} {e}", c.step);
                    (None, None)
                }
            };
            let kept = code == Some(diagnosis.code);
            eprintln!(
                "  {:<34} {}",
                c.step,
                match (kept, code) {
                    (true, _) => format!("still {} → removed", diagnosis.code),
                    (false, Some(other)) => format!("became {other} → kept"),
                    (false, None) => "succeeded → kept (it is part of the problem)".into(),
                }
            );
            if kept {
                if let Some(ans) = answer {
                    last = ans;
                }
            }
            reducer.report(code);
        }
    });
    let done = reducer.result();
    eprintln!("minimal payload: {} field(s) and message(s) removed", done.removed);
    input.request.body = done.body;
    input.response.status = Some(last.0);
    input.response.headers = last.1;
    input.response.body = String::from_utf8_lossy(&last.2).into_owned();
    let b = bundle(&input, Some(&diagnosis), None);
    serde_json::to_string_pretty(&b).map(|s| s + "\n").map_err(Failure::from)
}
