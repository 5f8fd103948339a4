//! The pinned second-source copies vendored under `tests/second-sources/`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::SourceModel;

/// The models.dev providers compared, with the catalog family and region each one stands for.
pub const MODELS_DEV_PROVIDERS: &[(&str, &str, &str)] = &[
    ("alibaba", "dashscope", "intl"),
    ("alibaba-cn", "dashscope", "cn"),
    ("alibaba-coding-plan", "coding-plan", "intl"),
    ("alibaba-coding-plan-cn", "coding-plan", "cn"),
];

/// models.dev's Alibaba providers, read by [`crate::models_dev`] at a pinned commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelsDevSnapshot {
    /// `anomalyco/models.dev`.
    pub repository: String,
    /// The commit read.
    pub commit: String,
    /// That commit's date.
    pub date: String,
    /// When the copy was taken.
    pub checked: String,
    /// How to take it again.
    pub how: String,
    /// Provider id → its models.
    pub providers: BTreeMap<String, Vec<SourceModel>>,
}

/// LiteLLM's `dashscope/*` entries, verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LitellmSnapshot {
    /// `BerriAI/litellm`.
    pub repository: String,
    /// The release read.
    pub version: String,
    /// Which commit that is, as far as it is known.
    pub commit: String,
    /// The file inside the release.
    pub file: String,
    /// Its SHA-256, when computed.
    pub sha256: String,
    /// When the copy was taken.
    pub checked: String,
    /// How to take it again.
    pub how: String,
    /// The entries, as LiteLLM writes them.
    pub entries: Map<String, Value>,
}

/// Read a snapshot file.
pub fn load<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Write a snapshot file (pretty JSON, trailing newline).
pub fn save<T: Serialize>(path: &Path, value: &T) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    std::fs::write(path, format!("{text}\n"))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
