//! The catalog's second sources, read into one shape and compared with the catalog.
//!
//! - [`models_dev`] reads a models.dev tree (`providers/<provider>/models/*.toml`, with
//!   `base_model` inheritance) — anomalyco/models.dev's Alibaba providers, or what
//!   `qwen-route catalog --format models-dev` writes.
//! - [`litellm`] reads the `dashscope/*` entries of LiteLLM's
//!   `model_prices_and_context_window.json`.
//! - [`compare`] lines every fact a source and the catalog both state up against each other;
//!   a disagreement must be recorded in `catalog/disputes.toml` (with `second_source`) or fixed.
//! - [`snapshot`] is the pinned copy vendored under `tests/second-sources/`.
//!
//! Both readers produce [`SourceModel`]s: `None` always means "the source does not say", never
//! "no".

pub mod compare;
pub mod litellm;
pub mod models_dev;
pub mod snapshot;

use serde::{Deserialize, Serialize};

/// One model as a second source states it. `None`: the source does not say.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceModel {
    /// The model id as the source writes it.
    pub id: String,
    /// Context window (tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<u64>,
    /// Maximum input tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_input: Option<u64>,
    /// Maximum output tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_output: Option<u64>,
    /// The whole set of input modalities (models.dev), in the catalog's spelling and order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Vec<String>>,
    /// Single modality flags (LiteLLM's `supports_vision`, …): `image`, `video`, `audio`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub input_flags: Vec<(String, bool)>,
    /// Whether the model can reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<bool>,
    /// Whether reasoning can be switched on and off per request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_toggle: Option<bool>,
    /// Whether reasoning is set with an effort level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_effort: Option<bool>,
    /// The largest reasoning budget.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_thinking_budget: Option<u64>,
    /// Function calling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_call: Option<bool>,
    /// `response_format: json_schema`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub structured_output: Option<bool>,
    /// Prices per 1M tokens, in USD.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cost: Vec<SourceTier>,
    /// `deprecated`, `beta`, … when the source marks it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// One price tier: it applies to requests whose input is above `above` tokens (0 for the base
/// price). Prices in USD per 1M tokens.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceTier {
    /// The tier applies above this many input tokens.
    pub above: u64,
    /// Input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<f64>,
    /// Output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<f64>,
    /// Reasoning / thinking-mode output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<f64>,
    /// Cache hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_read: Option<f64>,
    /// Cache writes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_write: Option<f64>,
}

/// Round a price to a tenth of a micro-dollar so that `1e-06 * 1e6` reads as `1`.
pub fn round_price(x: f64) -> f64 {
    (x * 1e7).round() / 1e7
}

/// The catalog's spelling of a modality, or `None` for one the catalog does not track (`pdf`).
pub fn modality(s: &str) -> Option<&'static str> {
    match s {
        "text" => Some("text"),
        "image" => Some("image"),
        "video" => Some("video"),
        "audio" => Some("audio"),
        _ => None,
    }
}

/// Sort modalities the way the catalog lists them: text, image, video, audio.
pub fn sort_modalities(v: &mut Vec<String>) {
    let rank = |m: &str| ["text", "image", "video", "audio"].iter().position(|x| *x == m);
    v.sort_by_key(|m| rank(m));
    v.dedup();
}
