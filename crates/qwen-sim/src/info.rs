//! The servers' own info endpoints, where they report the context they serve: llama.cpp's
//! `GET /props` and Ollama's `POST /api/show` (`catalog/probe.toml` says which family has which).

use qwen_route::catalog::{self, Dialect, Modality, Surface, ThinkingClass};
use serde_json::{json, Value};

use crate::scenario::Scenario;
use crate::wire::{SimRequest, SimResponse};

/// The context the simulated server runs a model with: the catalog's figure, or 8,192 when it
/// was started small (`small-context`).
pub(crate) fn served_context(surface: &Surface, id: &str, personality: Option<Scenario>) -> u64 {
    if personality == Some(Scenario::SmallContext) {
        return 8_192;
    }
    catalog::models()
        .iter()
        .find(|m| m.id == id && m.served_on(surface.family))
        .and_then(|m| m.context)
        .map_or(32_768, u64::from)
}

/// The context the model was trained for (what a GGUF's metadata says): the largest the
/// catalog gives any row of the same weights (an Ollama row's own figure is its default window).
pub(crate) fn trained_context(id: &str) -> u64 {
    let weights = catalog::model(id).and_then(|m| m.weights);
    catalog::models()
        .iter()
        .filter(|m| m.id == id || (weights.is_some() && m.weights == weights))
        .filter_map(|m| m.context)
        .max()
        .map_or(32_768, u64::from)
}

fn first_model(surface: &Surface) -> &'static str {
    catalog::models().iter().find(|m| m.served_on(surface.family)).map_or("qwen", |m| m.id)
}

/// Answer the family's info endpoint.
pub(crate) fn answer(
    surface: &Surface,
    req: &SimRequest,
    personality: Option<Scenario>,
) -> SimResponse {
    match surface.dialect {
        Dialect::LlamaCpp => {
            let id = first_model(surface);
            let vision = catalog::model(id).is_some_and(|m| m.accepts(Modality::Image));
            SimResponse::json(
                200,
                &json!({
                    "default_generation_settings": {"n_ctx": served_context(surface, id, personality), "params": {"temperature": 0.8}},
                    "total_slots": 1,
                    "model_alias": id,
                    "model_path": format!("/models/{id}.gguf"),
                    "modalities": {"vision": vision, "audio": false},
                    "build_info": "b6000-qwen-sim",
                }),
            )
        }
        Dialect::Ollama => {
            let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
            let name = body.get("model").or(body.get("name")).and_then(Value::as_str).unwrap_or("");
            let bare = name.strip_suffix(":latest").unwrap_or(name);
            let Some(m) =
                catalog::models().iter().find(|m| m.id == bare && m.served_on(surface.family))
            else {
                return SimResponse::json(
                    404,
                    &json!({"error": format!("model '{name}' not found")}),
                );
            };
            let mut caps = vec!["completion"];
            if m.tools {
                caps.push("tools");
            }
            if m.thinking != ThinkingClass::None {
                caps.push("thinking");
            }
            if m.accepts(Modality::Image) {
                caps.push("vision");
            }
            let parameters = if personality == Some(Scenario::SmallContext) {
                "num_ctx                        8192\nstop                           \"<|im_end|>\""
            } else {
                "stop                           \"<|im_end|>\""
            };
            SimResponse::json(
                200,
                &json!({
                    "parameters": parameters,
                    "details": {"format": "gguf", "family": "qwen3", "parameter_size": "8.2B", "quantization_level": "Q4_K_M"},
                    "model_info": {"general.architecture": "qwen3", "qwen3.context_length": trained_context(m.id)},
                    "capabilities": caps,
                }),
            )
        }
        _ => SimResponse::full(404, b"qwen-sim: no info endpoint for this server".to_vec()),
    }
}
