//! `qwen-route sim`: every simulated surface on 127.0.0.1, one path per surface.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response};
use qwen_sim::{Sim, SimBody, SimRequest, StreamEnd};

use super::{bind, full, read_body, runtime, serve, Body, BodyError};
use crate::Failure;

/// Request bodies larger than this are refused (images as data URLs are large, not this large).
const MAX_BODY: usize = 32 * 1024 * 1024;

/// Serve the simulated Qwen surfaces on 127.0.0.1 (the playground's Sandbox, and a test server).
///
/// Pick a scenario with the header `X-Qwen-Sim-Scenario: <name>` or a model id suffix
/// `<model>@<name>`. Keys: `sk-sim-<cn|intl|us|hk>-…` for pay-as-you-go (bound to the region),
/// `sk-sp-sim-…` for Coding/Token Plan (`sk-sp-sim-lite-…` for Lite), `sk-sim-litellm` for LiteLLM;
/// self-hosted servers need none.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8788)]
    port: u16,
    /// Milliseconds between streamed frames.
    #[arg(long, default_value_t = 20)]
    pace_ms: u32,
    /// An origin the simulated Ollama allows besides local ones (its OLLAMA_ORIGINS); repeatable.
    #[arg(long = "ollama-origin", value_name = "ORIGIN")]
    ollama_origins: Vec<String>,
}

pub(crate) fn run(args: Args) -> Result<String, Failure> {
    let sim = Sim { pace_ms: args.pace_ms, ollama_origins: args.ollama_origins };
    runtime()?.block_on(async move {
        let (listener, addr) = bind(args.port).await?;
        let base = format!("http://{addr}");
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "qwen-route sim: listening on {base} (simulated answers: no model is called)"
        );
        for m in qwen_sim::mounts() {
            let key = qwen_sim::sample_key(m.surface)
                .map(|k| format!("key {k}"))
                .unwrap_or_else(|| "no key".into());
            let _ = writeln!(out, "  {:<18} {base}{:<36} {key}", m.surface.id, m.base_path);
        }
        let names: Vec<&str> = qwen_sim::scenarios().iter().map(|(n, _)| *n).collect();
        let _ = writeln!(
            out,
            "scenarios (header {}: <name>, or model \"<id>@<name>\"): {}",
            qwen_sim::SCENARIO_HEADER,
            names.join(", ")
        );
        let _ = out.flush();
        drop(out);
        let sim = Arc::new(sim);
        serve(listener, Arc::new(move |req| handle(Arc::clone(&sim), req))).await
    })?;
    Ok(String::new())
}

async fn handle(sim: Arc<Sim>, req: Request<Incoming>) -> Response<Body> {
    let method = req.method().as_str().to_string();
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = match read_body(req.into_body(), MAX_BODY).await {
        Ok(b) => b.to_vec(),
        Err(BodyError::TooLarge) => return plain(413, "qwen-sim: request body over 32 MB"),
        Err(BodyError::Broken) => return plain(400, "qwen-sim: could not read the request body"),
    };
    let res = sim.handle(&SimRequest { method: method.clone(), path: path.clone(), headers, body });
    let shown_path = path.split('?').next().unwrap_or("/");
    let tag = res.header("x-qwen-sim").unwrap_or("");
    let kind = if matches!(res.body, SimBody::Stream { .. }) { "stream" } else { "body" };
    println!("{method} {shown_path} → {} ({kind}; {tag})", res.status);
    let mut builder = Response::builder().status(res.status);
    for (k, v) in &res.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let body = match res.body {
        SimBody::Full(b) => full(b),
        SimBody::Stream { chunks, end } => stream(chunks, end),
    };
    builder.body(body).unwrap_or_else(|_| plain(500, "qwen-sim: bad response header"))
}

fn plain(status: u16, text: &str) -> Response<Body> {
    let mut r = Response::new(full(text.to_string()));
    *r.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    r
}

/// A body that sends each chunk after its delay, then closes or stalls.
fn stream(chunks: Vec<qwen_sim::TimedChunk>, end: StreamEnd) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Frame<Bytes>, std::io::Error>>(8);
    tokio::spawn(async move {
        for c in chunks {
            if c.after_ms > 0 {
                tokio::time::sleep(Duration::from_millis(u64::from(c.after_ms))).await;
            }
            if tx.send(Ok(Frame::data(Bytes::from(c.bytes)))).await.is_err() {
                return; // the client went away
            }
        }
        if end == StreamEnd::Stall {
            tx.closed().await; // keep the connection open until the client gives up
        }
    });
    let frames =
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|f| (f, rx)) });
    StreamBody::new(frames).boxed()
}
