//! Live model check: read a `/models` answer from any server, compare it with the catalog, and
//! route to what the server really has.
//!
//! Shapes: OpenAI-style `{"object": "list", "data": [{"id": …}]}` (DashScope, vLLM, SGLang,
//! LiteLLM, Ollama `/v1/models`, llama.cpp), llama.cpp's extra `{"models": [{"name"|"model": …}]}`,
//! Ollama's native `/api/tags` `{"models": [{"name": …}]}`, DashScope's native
//! `{"output": {"models": [{"model": …}]}}`, and a plain array of ids or objects.
//! [`propose`] turns a listing into a proposed catalog patch.
//!
//! ```
//! use qwen_route::models::{diff_models, parse_models};
//! let live = parse_models(br#"{"object":"list","data":[{"id":"qwen-plus"},{"id":"qwen-flash"},{"id":"wan2.6-t2v"}]}"#).unwrap();
//! let diff = diff_models(qwen_route::catalog::surface("dashscope-intl").unwrap(), &live.ids);
//! assert!(diff.matched.contains(&"qwen-plus".to_string()));
//! assert!(diff.live_unknown.contains(&"wan2.6-t2v".to_string()));
//! assert!(diff.catalogued_missing.contains(&"qwen3.5-plus".to_string()));
//! ```

mod listing;
mod propose;

pub use listing::{read_listing, Listed, ListedTier, Listing};
pub use propose::{propose, Change, Proposal};

use serde::Serialize;

use crate::catalog::{self, Surface, SurfaceFamily};
use crate::error::Error;

/// Ids read from a `/models` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveModels {
    /// Model ids, in the server's order, without duplicates.
    pub ids: Vec<String>,
    /// Which shape the answer had (`dashscope-native`, `openai`, `ollama-tags`, `array`).
    pub shape: &'static str,
}

/// Parse a `/models` answer.
///
/// ```
/// let m = qwen_route::models::parse_models(br#"{"models":[{"name":"qwen3:8b","model":"qwen3:8b"}]}"#).unwrap();
/// assert_eq!(m.ids, vec!["qwen3:8b"]);
/// assert_eq!(m.shape, "ollama-tags");
/// assert!(qwen_route::models::parse_models(b"<html>").is_err());
/// // DashScope's native listing: the wire id is `model`, not the display `name`.
/// let n = qwen_route::models::parse_models(br#"{"output":{"total":1,"models":[{"model":"qwen3.5-plus","name":"Qwen3.5-Plus"}]}}"#).unwrap();
/// assert_eq!(n.ids, vec!["qwen3.5-plus"]);
/// ```
pub fn parse_models(bytes: &[u8]) -> Result<LiveModels, Error> {
    let l = read_listing(bytes)?;
    Ok(LiveModels { ids: l.entries.into_iter().map(|e| e.id).collect(), shape: l.shape })
}

/// The live list compared with the catalog, for one surface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelsDiff {
    /// Surface id.
    pub surface: &'static str,
    /// Live ids the catalog knows for this surface.
    pub matched: Vec<String>,
    /// Live ids the catalog does not know (new models, or other kinds such as embeddings).
    pub live_unknown: Vec<String>,
    /// Catalogued ids for this surface that the server does not list.
    pub catalogued_missing: Vec<String>,
    /// Live ids that differ from a catalogued id only in case (`Qwen3-8B` vs `qwen3-8b`).
    pub case_mismatches: Vec<(String, String)>,
}

/// Ollama lists `name:latest` for a bare `name`.
fn normalise(family: SurfaceFamily, id: &str) -> String {
    if family == SurfaceFamily::Ollama {
        id.strip_suffix(":latest").unwrap_or(id).to_string()
    } else {
        id.to_string()
    }
}

/// Compare live ids with the catalog for a surface.
pub fn diff_models(surface: &Surface, live: &[String]) -> ModelsDiff {
    let family = surface.family;
    let catalogued: Vec<&str> = catalog::models()
        .iter()
        .filter(|m| {
            m.served_on(family)
                || (family == SurfaceFamily::Workspace && m.served_on(SurfaceFamily::Dashscope))
        })
        .map(|m| m.id)
        .collect();
    let live_norm: Vec<String> = live.iter().map(|id| normalise(family, id)).collect();
    let mut d = ModelsDiff {
        surface: surface.id,
        matched: Vec::new(),
        live_unknown: Vec::new(),
        catalogued_missing: Vec::new(),
        case_mismatches: Vec::new(),
    };
    for (raw, id) in live.iter().zip(&live_norm) {
        if catalogued.contains(&id.as_str()) {
            d.matched.push(raw.clone());
        } else if let Some(c) = catalogued.iter().find(|c| c.eq_ignore_ascii_case(id)) {
            d.case_mismatches.push((raw.clone(), (*c).to_string()));
        } else {
            d.live_unknown.push(raw.clone());
        }
    }
    for c in catalogued {
        if !live_norm.iter().any(|l| l == c) && !d.case_mismatches.iter().any(|(_, x)| x == c) {
            d.catalogued_missing.push(c.to_string());
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ollama_latest_tag_matches() {
        let s = catalog::surface("ollama").unwrap();
        let d = diff_models(s, &["qwen3-coder-next:latest".into(), "llama3:8b".into()]);
        assert_eq!(d.matched, vec!["qwen3-coder-next:latest"]);
        assert_eq!(d.live_unknown, vec!["llama3:8b"]);
    }

    #[test]
    fn case_mismatch_is_reported() {
        let s = catalog::surface("vllm").unwrap();
        let d = diff_models(s, &["qwen/qwen3-8b".into()]);
        assert_eq!(
            d.case_mismatches,
            vec![("qwen/qwen3-8b".to_string(), "Qwen/Qwen3-8B".to_string())]
        );
    }

    #[test]
    fn llama_cpp_both_lists() {
        let m = parse_models(
            br#"{"models":[{"name":"a.gguf"}],"object":"list","data":[{"id":"a.gguf"}]}"#,
        )
        .unwrap();
        assert_eq!(m.ids, vec!["a.gguf"]);
    }
}
