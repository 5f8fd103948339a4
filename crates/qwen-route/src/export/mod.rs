//! Code export: a shaped request as a copyable curl command, a JavaScript `fetch` program or a
//! Python `openai` program. The key is always read from the surface's environment variable.
//!
//! ```
//! use qwen_route::export::{export, Format};
//! use qwen_route::shape::{shape, ShapeRequest};
//! let mut r = ShapeRequest::new("dashscope-cn", "qwen-plus");
//! r.payload = serde_json::json!({"messages":[{"role":"user","content":"hi"}]}).as_object().unwrap().clone();
//! let s = shape(&r).unwrap();
//! let curl = export(&s, Format::Curl);
//! assert!(curl.contains("Authorization: Bearer $DASHSCOPE_API_KEY"));
//! let py = export(&s, Format::Python);
//! assert!(py.contains("extra_body={\"enable_thinking\": False}"));
//! ```

mod anthropic;
mod batch;
mod curl;
mod js;
mod python;

pub use anthropic::{claude_code, claude_code_block, claude_code_notes};
pub use batch::{batch, BatchExport};

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::shape::Shaped;

/// A snippet language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A shell command.
    Curl,
    /// JavaScript with `fetch` (Node 18+ or a browser build step).
    Js,
    /// Python with the `openai` package (the `anthropic` package on the Anthropic dialect);
    /// DashScope extensions in `extra_body`.
    Python,
    /// The `~/.claude/settings.json` block for Claude Code (surfaces with an Anthropic
    /// endpoint).
    ClaudeCode,
}

impl FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "curl" => Ok(Self::Curl),
            "js" | "javascript" => Ok(Self::Js),
            "python" | "py" => Ok(Self::Python),
            "claude-code" => Ok(Self::ClaudeCode),
            _ => Err(Error::InvalidValue {
                field: "format".into(),
                reason: format!("{s:?} is not curl, js, python or claude-code"),
            }),
        }
    }
}

/// Render a shaped request as code.
///
/// ```
/// use qwen_route::export::{export, Format};
/// use qwen_route::shape::{shape, ShapeRequest};
/// let mut r = ShapeRequest::new("vllm", "Qwen/Qwen3-8B");
/// r.payload = serde_json::json!({"messages":[{"role":"user","content":"hi"}]}).as_object().unwrap().clone();
/// let js = export(&shape(&r).unwrap(), Format::Js);
/// assert!(js.contains("process.env.VLLM_API_KEY"));
/// ```
pub fn export(shaped: &Shaped, format: Format) -> String {
    let anthropic = shaped.effective.wire_dialect == crate::vocab::WireDialect::Anthropic;
    match format {
        Format::Curl => curl::render(shaped),
        Format::Js if anthropic => anthropic::js(shaped),
        Format::Js => js::render(shaped),
        Format::Python if anthropic => anthropic::python(shaped),
        Format::Python => python::render(shaped),
        // Surfaces without an Anthropic endpoint: `claude_code` is the fallible form.
        Format::ClaudeCode => claude_code(shaped).unwrap_or_else(|e| format!("# {e}\n")),
    }
}

/// The environment variable named by the key placeholder (`Authorization: Bearer $X` or
/// `x-api-key: $X`), if the request has one.
pub(crate) fn key_env(shaped: &Shaped) -> Option<&str> {
    let h = &shaped.request.headers;
    h.get("Authorization")
        .and_then(|v| v.strip_prefix("Bearer $"))
        .or_else(|| h.get("x-api-key").and_then(|v| v.strip_prefix('$')))
}
