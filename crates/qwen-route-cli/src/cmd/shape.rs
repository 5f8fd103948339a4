//! `qwen-route shape` and `qwen-route export`

use qwen_route::catalog::KeyClass;
use qwen_route::export::{export, Format};
use qwen_route::shape::{shape, ShapeRequest, Shaped};
use qwen_route::vocab::{ThinkingSetting, ToolStreamMode, WireDialect};

use super::route::parse_tier;
use crate::{input, text, Failure};

/// What to shape (shared by `shape` and `export`).
#[derive(clap::Args)]
pub(crate) struct ShapeArgs {
    /// Surface id (see `qwen-route catalog`).
    #[arg(long)]
    surface: String,
    /// Model id or alias (qwen/…, dashscope/…, qwen-portal/coder-model, …).
    #[arg(long)]
    model: String,
    /// Thinking: off, low, medium, high or a token budget.
    #[arg(long)]
    thinking: Option<String>,
    /// Ask for a streaming call.
    #[arg(long, conflicts_with = "no_stream")]
    stream: bool,
    /// Ask for a non-streaming call.
    #[arg(long)]
    no_stream: bool,
    /// Override the surface's base URL (self-hosted servers, workspace hosts).
    #[arg(long)]
    base_url: Option<String>,
    /// Fill a base URL placeholder: --param workspace=ws-123 --param region=ap-southeast-1.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// The first characters of the key you will use (sk-, sk-sp-, st-): checks key/plan mismatch.
    /// Only the prefix class is kept; never pass a whole key.
    #[arg(long)]
    key_prefix: Option<String>,
    /// Coding Plan tier: lite or pro.
    #[arg(long)]
    tier: Option<String>,
    /// Tool calls with streaming: native (default) or buffered.
    #[arg(long)]
    tool_stream: Option<String>,
    /// Shape a hosted request even if the model id is not catalogued.
    #[arg(long)]
    unlisted_model: bool,
    /// Wire protocol: openai (chat completions, the default) or anthropic (Messages, on
    /// surfaces with an /apps/anthropic endpoint).
    #[arg(long)]
    dialect: Option<String>,
    /// JSON file with { "messages": [...], "tools"?, "response_format"?, ... }, or - for stdin.
    #[arg(long)]
    payload: String,
}

/// Shape a payload.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    shape: ShapeArgs,
    /// Print JSON (the default).
    #[arg(long, conflicts_with = "text")]
    json: bool,
    /// Print a readable summary instead of JSON.
    #[arg(long)]
    text: bool,
}

/// Export a shaped payload as code.
#[derive(clap::Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    shape: ShapeArgs,
    /// curl, js, python or claude-code (the ~/.claude/settings.json block; surfaces with an
    /// Anthropic endpoint).
    #[arg(long)]
    format: String,
}

fn build(a: ShapeArgs) -> Result<Shaped, Failure> {
    let payload = match input::read_json(&a.payload)? {
        serde_json::Value::Object(m) => m,
        _ => {
            return Err(Failure(format!("{} must hold a JSON object with \"messages\"", a.payload)))
        }
    };
    let mut req = ShapeRequest::new(a.surface, a.model);
    req.thinking = a.thinking.as_deref().map(str::parse::<ThinkingSetting>).transpose()?;
    req.stream = if a.stream {
        Some(true)
    } else if a.no_stream {
        Some(false)
    } else {
        None
    };
    req.base_url = a.base_url;
    for p in a.params {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| Failure(format!("invalid --param {p:?}: expected NAME=VALUE")))?;
        req.params.insert(k.trim().to_string(), v.trim().to_string());
    }
    req.key_class = a.key_prefix.as_deref().and_then(KeyClass::of_key);
    req.coding_tier = a.tier.as_deref().map(parse_tier).transpose()?;
    req.tool_stream =
        a.tool_stream.as_deref().map(str::parse::<ToolStreamMode>).transpose()?.unwrap_or_default();
    req.allow_unlisted_model = a.unlisted_model;
    req.dialect =
        a.dialect.as_deref().map(str::parse::<WireDialect>).transpose()?.unwrap_or_default();
    req.payload = payload;
    Ok(shape(&req)?)
}

pub(crate) fn run(a: Args) -> Result<String, Failure> {
    let shaped = build(a.shape)?;
    if a.text {
        return Ok(text::shaped(&shaped));
    }
    let v = serde_json::json!({
        "request": shaped.request,
        "lint": shaped.lint,
        "notes": shaped.notes,
        "effective": shaped.effective,
    });
    Ok(format!("{}\n", serde_json::to_string_pretty(&v)?))
}

pub(crate) fn run_export(a: ExportArgs) -> Result<String, Failure> {
    let format: Format = a.format.parse()?;
    let shaped = build(a.shape)?;
    if format == Format::ClaudeCode {
        let block = qwen_route::export::claude_code(&shaped)?;
        for note in qwen_route::export::claude_code_notes(shaped.effective.surface) {
            eprintln!("note: {note}");
        }
        return Ok(block);
    }
    Ok(export(&shaped, format))
}
