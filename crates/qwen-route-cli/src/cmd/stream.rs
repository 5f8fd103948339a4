//! `qwen-route sse` and `qwen-route assemble`

use qwen_route::assemble::{assemble_auto, looks_like_sse, AssembleOptions, StreamAssembler};
use qwen_route::diagnose::RequestSummary;
use qwen_route::sse::SseDecoder;
use serde::Deserialize;

use crate::{input, Failure};

/// Decode a Server-Sent Events stream from standard input.
#[derive(clap::Args)]
pub(crate) struct SseArgs {}

/// Assemble a stream or a body from standard input.
#[derive(clap::Args)]
pub(crate) struct AssembleArgs {
    /// The surface that answered (sharpens detector fixes and diagnoses).
    #[arg(long)]
    surface: Option<String>,
    /// The model that was asked (for diagnoses, and for `cost` at list price).
    #[arg(long)]
    model: Option<String>,
    /// Whether the request asked for thinking (`on` or `off`; prices thinking-mode output).
    #[arg(long, value_name = "on|off")]
    thinking: Option<String>,
    /// Accepted for symmetry with the other commands: assemble always prints JSON.
    #[arg(long, hide = true)]
    json: bool,
    /// The request asked for JSON output (enables the JSON-in-reasoning detector).
    #[arg(long)]
    expect_json: bool,
    /// JSON timing file: {"sent_at_ms": N, "chunks": [{"at_ms": N, "bytes": N}, …]} — how the
    /// input arrived; enables timings.
    #[arg(long)]
    timings: Option<String>,
}

pub(crate) fn run_sse(_a: SseArgs) -> Result<String, Failure> {
    let bytes = input::read_bytes("-")?;
    let mut d = SseDecoder::new();
    let mut events = Vec::new();
    d.push(&bytes, &mut events);
    let end = d.finish();
    let mut out = String::new();
    for e in &events {
        out.push_str(&serde_json::to_string(e)?);
        out.push('\n');
    }
    if end.discarded_partial_event {
        eprintln!(
            "qwen-route: note: the stream ended inside an event; that partial event was discarded"
        );
    }
    Ok(out)
}

#[derive(Deserialize)]
struct ChunkTime {
    at_ms: f64,
    bytes: usize,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TimingFile {
    Full {
        #[serde(default)]
        sent_at_ms: Option<f64>,
        chunks: Vec<ChunkTime>,
    },
    Chunks(Vec<ChunkTime>),
}

pub(crate) fn run_assemble(a: AssembleArgs) -> Result<String, Failure> {
    if let Some(s) = &a.surface {
        if qwen_route::catalog::surface(s).is_none() {
            return Err(qwen_route::Error::UnknownSurface {
                id: s.clone(),
                suggestion: qwen_route::catalog::suggest(
                    s,
                    qwen_route::catalog::surfaces().iter().map(|x| x.id),
                )
                .map(str::to_string),
            }
            .into());
        }
    }
    let thinking = match a.thinking.as_deref() {
        None => None,
        Some("on" | "true") => Some(true),
        Some("off" | "false") => Some(false),
        Some(other) => return Err(Failure(format!("--thinking {other:?} is not on or off"))),
    };
    let bytes = input::read_bytes("-")?;
    let mut opts = AssembleOptions {
        surface: a.surface,
        request: RequestSummary { model: a.model, thinking, ..Default::default() },
        expect_json: a.expect_json,
        sent_at_ms: None,
    };
    let mut assembled = match a.timings {
        None => assemble_auto(&bytes, &opts),
        Some(path) => {
            let v = input::read_json(&path)?;
            let (sent, chunks) = match serde_json::from_value::<TimingFile>(v) {
                Ok(TimingFile::Full { sent_at_ms, chunks }) => (sent_at_ms, chunks),
                Ok(TimingFile::Chunks(c)) => (None, c),
                Err(e) => return Err(Failure(format!("{path}: not a timing file ({e})"))),
            };
            if !looks_like_sse(&bytes) {
                return Err(Failure(
                    "timings apply to a stream, but the input is not server-sent events".into(),
                ));
            }
            opts.sent_at_ms = sent;
            let mut s = StreamAssembler::new(opts);
            let mut deltas = Vec::new();
            let mut pos = 0;
            let mut last = None;
            for c in chunks {
                let end = (pos + c.bytes).min(bytes.len());
                s.push(&bytes[pos..end], Some(c.at_ms), &mut deltas);
                pos = end;
                last = Some(c.at_ms);
            }
            if pos < bytes.len() {
                s.push(&bytes[pos..], last, &mut deltas);
            }
            s.finish(last)
        }
    };
    qwen_route_i18n::Localize::localize(&mut assembled, super::lang());
    Ok(format!("{}\n", serde_json::to_string_pretty(&assembled)?))
}
