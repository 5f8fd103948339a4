//! A reader for the `dashscope/*` chat entries of LiteLLM's
//! `model_prices_and_context_window.json` (prices in USD per token; read here per 1M tokens).
//!
//! Written for this project from the file's documented keys (`max_input_tokens`,
//! `input_cost_per_token`, `tiered_pricing[].range`, `supports_*`); a key that is absent means
//! the entry does not say.

use serde_json::{Map, Value};

use crate::{round_price, SourceModel, SourceTier};

/// The key prefix of the entries compared.
pub const PREFIX: &str = "dashscope/";

/// Keep only the `dashscope/*` entries of a whole cost map.
pub fn dashscope_entries(all: &Value) -> Result<Map<String, Value>, String> {
    let obj = all.as_object().ok_or("the cost map is not a JSON object")?;
    Ok(obj
        .iter()
        .filter(|(k, _)| k.starts_with(PREFIX))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect())
}

/// The chat models among `dashscope/*` entries, sorted by id (image, video and speech entries
/// and bare aliases are left out).
pub fn read(entries: &Map<String, Value>) -> Vec<SourceModel> {
    let mut out: Vec<SourceModel> = entries
        .iter()
        .filter(|(_, v)| v.get("mode").and_then(Value::as_str) == Some("chat"))
        .filter_map(|(k, v)| Some(normalize(k.strip_prefix(PREFIX)?, v)))
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn per_million(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64).map(|x| round_price(x * 1e6))
}

fn tier(v: &Value, above: u64) -> SourceTier {
    SourceTier {
        above,
        input: per_million(v, "input_cost_per_token"),
        output: per_million(v, "output_cost_per_token"),
        reasoning: per_million(v, "output_cost_per_reasoning_token"),
        cache_read: per_million(v, "cache_read_input_token_cost"),
        cache_write: per_million(v, "cache_creation_input_token_cost"),
    }
}

/// The facts of one entry.
pub fn normalize(id: &str, v: &Value) -> SourceModel {
    let flag = |k: &str| v.get(k).and_then(Value::as_bool);
    let count = |k: &str| {
        v.get(k)
            .and_then(Value::as_u64)
            .or_else(|| v.get(k).and_then(Value::as_f64).map(|f| f as u64))
    };
    let mut input_flags = Vec::new();
    for (key, m) in [
        ("supports_vision", "image"),
        ("supports_video_input", "video"),
        ("supports_audio_input", "audio"),
    ] {
        if let Some(b) = flag(key) {
            input_flags.push((m.to_string(), b));
        }
    }
    let mut cost = Vec::new();
    if let Some(tiers) = v.get("tiered_pricing").and_then(Value::as_array) {
        for t in tiers {
            let above = t
                .get("range")
                .and_then(Value::as_array)
                .and_then(|r| r.first())
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            cost.push(tier(t, above as u64));
        }
        cost.sort_by_key(|t| t.above);
    } else if v.get("input_cost_per_token").is_some() {
        cost.push(tier(v, 0));
    }
    SourceModel {
        id: id.to_string(),
        context: None,
        max_input: count("max_input_tokens"),
        max_output: count("max_output_tokens"),
        input: None,
        input_flags,
        reasoning: flag("supports_reasoning"),
        reasoning_toggle: None,
        reasoning_effort: None,
        max_thinking_budget: None,
        tool_call: flag("supports_function_calling"),
        structured_output: flag("supports_response_schema"),
        cost,
        status: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_flat_prices_and_flags() {
        let all: Value = serde_json::json!({
            "dashscope/a": {"mode": "chat", "max_input_tokens": 100, "supports_vision": true,
                "tiered_pricing": [
                    {"input_cost_per_token": 2.4e-06, "output_cost_per_token": 1.2e-05, "range": [32000.0, 128000.0]},
                    {"input_cost_per_token": 1.2e-06, "output_cost_per_token": 6e-06, "range": [0, 32000.0]}
                ]},
            "dashscope/b": {"mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 5e-06,
                "output_cost_per_reasoning_token": 1.5e-05},
            "dashscope/img": {"mode": "image_generation"},
            "other/c": {"mode": "chat"}
        });
        let models = read(&dashscope_entries(&all).expect("object"));
        assert_eq!(models.len(), 2);
        let a = &models[0];
        assert_eq!(a.input_flags, vec![("image".to_string(), true)]);
        assert_eq!(
            (a.cost[0].above, a.cost[0].input, a.cost[1].above, a.cost[1].output),
            (0, Some(1.2), 32_000, Some(12.0))
        );
        assert_eq!((models[1].cost[0].input, models[1].cost[0].reasoning), (Some(1.0), Some(15.0)));
        assert!(dashscope_entries(&serde_json::json!([1])).is_err());
    }
}
