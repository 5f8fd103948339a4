//! `qwen-route shape` and `qwen-route export`

use qwen_route::catalog::KeyClass;
use qwen_route::curl::{import_curl, CurlImport};
use qwen_route::export::{export, Format};
use qwen_route::shape::{shape, ShapeRequest, Shaped};
use qwen_route::vocab::{ThinkingSetting, ToolStreamMode, WireDialect};
use qwen_route_i18n::Localize;

use super::route::parse_tier;
use crate::{input, text, Failure};

/// What to shape (shared by `shape` and `export`).
#[derive(clap::Args)]
pub(crate) struct ShapeArgs {
    /// Surface id (see `qwen-route catalog`); read from the URL with --from-curl.
    #[arg(long, required_unless_present = "from_curl")]
    surface: Option<String>,
    /// Model id or alias (qwen/…, dashscope/…, qwen-portal/coder-model, …); read from the body
    /// with --from-curl.
    #[arg(long, required_unless_present = "from_curl")]
    model: Option<String>,
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
    #[arg(long, required_unless_present = "from_curl", conflicts_with = "from_curl")]
    payload: Option<String>,
    /// A file holding a curl command (from the docs, our export, or a browser's "Copy as
    /// cURL"), or - for stdin: surface, base URL, model, dialect and payload are read from it.
    /// A key in it is used only for its class (sk-, sk-sp-) and never printed.
    #[arg(long, value_name = "FILE")]
    from_curl: Option<String>,
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

/// The shaping request, and what a curl import said (when the input was a curl command).
fn request(a: ShapeArgs) -> Result<(ShapeRequest, Option<CurlImport>), Failure> {
    let (mut req, imported) = match (&a.from_curl, &a.payload) {
        (Some(file), _) => {
            let text = String::from_utf8(input::read_bytes(file)?)
                .map_err(|_| Failure(format!("{file} is not UTF-8 text")))?;
            let mut i = import_curl(&text)?;
            i.localize(super::lang());
            let mut req = i.request.clone();
            if let Some(s) = a.surface.clone() {
                req.surface = s;
            }
            if let Some(m) = a.model.clone() {
                req.model = m;
            }
            (req, Some(i))
        }
        (None, Some(payload)) => {
            let payload = match input::read_json(payload)? {
                serde_json::Value::Object(m) => m,
                _ => {
                    return Err(Failure(format!(
                        "{payload} must hold a JSON object with \"messages\""
                    )))
                }
            };
            let mut req = ShapeRequest::new(
                a.surface.clone().unwrap_or_default(),
                a.model.clone().unwrap_or_default(),
            );
            req.payload = payload;
            (req, None)
        }
        (None, None) => return Err(Failure("give --payload FILE or --from-curl FILE".into())),
    };
    if let Some(t) = a.thinking.as_deref() {
        req.thinking = Some(t.parse::<ThinkingSetting>()?);
    }
    if a.stream {
        req.stream = Some(true);
    } else if a.no_stream {
        req.stream = Some(false);
    }
    if a.base_url.is_some() {
        req.base_url = a.base_url;
    }
    for p in a.params {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| Failure(format!("invalid --param {p:?}: expected NAME=VALUE")))?;
        req.params.insert(k.trim().to_string(), v.trim().to_string());
    }
    req.key_class = a
        .key_prefix
        .as_deref()
        .or(imported.as_ref().and_then(|i| i.key.as_deref()))
        .and_then(KeyClass::of_key);
    req.coding_tier = a.tier.as_deref().map(parse_tier).transpose()?;
    req.tool_stream =
        a.tool_stream.as_deref().map(str::parse::<ToolStreamMode>).transpose()?.unwrap_or_default();
    req.allow_unlisted_model |= a.unlisted_model;
    if let Some(d) = a.dialect.as_deref() {
        req.dialect = d.parse::<WireDialect>()?;
    }
    Ok((req, imported))
}

fn build(a: ShapeArgs) -> Result<Shaped, Failure> {
    let (req, _) = request(a)?;
    let mut shaped = shape(&req)?;
    shaped.localize(super::lang());
    Ok(shaped)
}

pub(crate) fn run(a: Args) -> Result<String, Failure> {
    let (req, imported) = request(a.shape)?;
    let mut shaped = shape(&req)?;
    shaped.localize(super::lang());
    if a.text {
        let mut out = text::shaped(&shaped);
        if let Some(i) = &imported {
            out.push_str(&text::curl_import(i));
        }
        return Ok(out);
    }
    let mut v = serde_json::json!({
        "request": shaped.request,
        "lint": shaped.lint,
        "notes": shaped.notes,
        "effective": shaped.effective,
    });
    if let Some(i) = &imported {
        // What the command said, the key itself excepted (`key_found` says whether it had one).
        v["imported"] = serde_json::json!({
            "url": i.url,
            "surface": i.request.surface,
            "surface_via": i.surface_via,
            "base_url": i.request.base_url,
            "model": i.request.model,
            "dialect": i.request.dialect,
            "key_found": i.key_found,
            "key_env": i.key_env,
            "not_imported": i.not_imported,
        });
    }
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
