//! Reading a live model listing with everything it says about each model: DashScope's native
//! `GET /api/v1/models` (limits, modalities, capabilities, prices), the OpenAI-compatible
//! `/models` list (ids; vLLM and SGLang add `max_model_len`), and Ollama's `/api/tags`.
//!
//! ```
//! use qwen_route::models::read_listing;
//! let l = read_listing(br#"{"success":true,"output":{"total":1,"page_no":1,"page_size":100,"models":[
//!   {"model":"qwen-x","name":"Qwen-X","model_info":{"context_window":131072,"max_input_tokens":null,
//!    "max_output_tokens":8192,"max_reasoning_tokens":null},
//!    "prices":[{"range_name":"Input<=32k","prices":[{"type":"input_token","price":"0.4","time_band":"standard"}]}]}]}}"#).unwrap();
//! assert_eq!(l.shape, "dashscope-native");
//! assert!(l.complete());
//! let m = &l.entries[0];
//! assert_eq!((m.id.as_str(), m.context, m.max_input), ("qwen-x", Some(131072), None));
//! assert_eq!(m.tiers[0].up_to, Some(32_000));
//! assert_eq!(m.tiers[0].input.as_deref(), Some("0.4"));
//! ```

use serde::Serialize;
use serde_json::{Map, Value};

use crate::catalog::Modality;
use crate::error::Error;

/// A listing, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listing {
    /// `dashscope-native`, `openai`, `ollama-tags` or `array`.
    pub shape: &'static str,
    /// The models, in the listing's order, without duplicate ids.
    pub entries: Vec<Listed>,
    /// The listing's own count over all pages, when it gives one (native listing).
    pub total: Option<u64>,
}

impl Listing {
    /// Whether every model the server has is here (a native listing is paged: a single page of
    /// a longer listing cannot say which ids are gone).
    pub fn complete(&self) -> bool {
        self.total.is_none_or(|t| t <= self.entries.len() as u64)
    }
}

/// One model as the listing states it; `None` means the listing does not say.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Listed {
    /// The wire id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Context window (native `context_window`; vLLM/SGLang `max_model_len`).
    pub context: Option<u64>,
    /// Maximum input tokens.
    pub max_input: Option<u64>,
    /// Maximum output tokens.
    pub max_output: Option<u64>,
    /// Maximum reasoning tokens (native `max_reasoning_tokens`).
    pub max_reasoning: Option<u64>,
    /// Input modalities the catalog tracks.
    pub input: Option<Vec<Modality>>,
    /// Whether it answers in text (false for image, video and speech models).
    pub text_out: bool,
    /// The listing marks it as reasoning (`Reasoning` capability).
    pub reasoning: Option<bool>,
    /// The listing marks function calling.
    pub tools: Option<bool>,
    /// The listing marks structured outputs.
    pub structured: Option<bool>,
    /// List prices by input-size tier (native listing), prices verbatim as the listing writes them.
    pub tiers: Vec<ListedTier>,
    /// The base model of a LoRA card (vLLM `parent`).
    pub parent: Option<String>,
}

/// One price tier of a native listing; prices per 1M tokens, verbatim decimals.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ListedTier {
    /// The tier's label as listed (`Input<=256k`).
    pub label: String,
    /// Requests above this many input tokens.
    pub above: u64,
    /// Up to this many (inclusive); `None`: no upper bound.
    pub up_to: Option<u64>,
    /// `input_token`.
    pub input: Option<String>,
    /// `output_token`.
    pub output: Option<String>,
    /// `thinking_output_token`.
    pub thinking_output: Option<String>,
    /// `input_token_cache` (implicit cache hit).
    pub cached_input: Option<String>,
    /// `input_token_cache_creation_5m` (explicit cache write).
    pub cache_write: Option<String>,
}

/// Read a listing.
pub fn read_listing(bytes: &[u8]) -> Result<Listing, Error> {
    let v: Value = serde_json::from_str(&String::from_utf8_lossy(bytes)).map_err(|e| {
        Error::InvalidPayload { reason: format!("the model list is not JSON: {e}") }
    })?;
    let (items, shape, total): (&[Value], &'static str, Option<u64>) = match &v {
        Value::Array(a) => (a.as_slice(), "array", None),
        Value::Object(o) => {
            if o.get("success").and_then(Value::as_bool) == Some(false)
                || (o.contains_key("code")
                    && o.contains_key("message")
                    && !o.contains_key("output"))
                || o.contains_key("error")
            {
                return Err(Error::InvalidPayload {
                    reason: "the model list is an error answer (run `qwen-route diagnose`)".into(),
                });
            }
            match (o.get("output").and_then(|x| x.get("models")), o.get("data"), o.get("models")) {
                (Some(Value::Array(a)), _, _) => (
                    a.as_slice(),
                    "dashscope-native",
                    o.get("output").and_then(|x| x.get("total")).and_then(Value::as_u64),
                ),
                (_, Some(Value::Array(a)), _) => (a.as_slice(), "openai", None),
                (_, _, Some(Value::Array(a))) => (a.as_slice(), "ollama-tags", None),
                _ => {
                    return Err(Error::InvalidPayload {
                        reason: "no `output.models`, `data` or `models` array in the model list"
                            .into(),
                    })
                }
            }
        }
        _ => {
            return Err(Error::InvalidPayload {
                reason: "the model list is not an object or array".into(),
            })
        }
    };
    let mut entries: Vec<Listed> = Vec::new();
    for item in items {
        let listed = match (shape, item) {
            (_, Value::String(s)) => {
                Some(Listed { id: s.clone(), text_out: true, ..Default::default() })
            }
            ("dashscope-native", Value::Object(o)) => native(o),
            (_, Value::Object(o)) => compatible(o),
            _ => None,
        };
        if let Some(l) = listed.filter(|l| !l.id.is_empty()) {
            if !entries.iter().any(|e| e.id == l.id) {
                entries.push(l);
            }
        }
    }
    Ok(Listing { shape, entries, total })
}

fn str_of(o: &Map<String, Value>, k: &str) -> Option<String> {
    o.get(k).and_then(Value::as_str).map(str::to_string)
}

fn compatible(o: &Map<String, Value>) -> Option<Listed> {
    let id = ["id", "name", "model"].iter().find_map(|k| str_of(o, k))?;
    Some(Listed {
        id,
        context: o.get("max_model_len").and_then(Value::as_u64),
        parent: str_of(o, "parent"),
        text_out: true,
        ..Default::default()
    })
}

fn modality(name: &str) -> Option<Modality> {
    match name.to_ascii_lowercase().as_str() {
        "text" => Some(Modality::Text),
        "image" => Some(Modality::Image),
        "video" => Some(Modality::Video),
        "audio" => Some(Modality::Audio),
        _ => None,
    }
}

fn native(o: &Map<String, Value>) -> Option<Listed> {
    // The wire id is `model`; `name` is the display name.
    let id = str_of(o, "model")?;
    let info = o.get("model_info");
    let n = |k: &str| info.and_then(|i| i.get(k)).and_then(Value::as_u64).filter(|n| *n > 0);
    let meta = o.get("inference_metadata");
    let list = |k: &str| -> Option<Vec<String>> {
        meta.and_then(|m| m.get(k))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
    };
    let input = list("request_modality").map(|v| {
        let mut m: Vec<Modality> = v.iter().filter_map(|s| modality(s)).collect();
        m.dedup();
        m
    });
    let text_out = list("response_modality")
        .is_none_or(|v| v.iter().all(|m| m.eq_ignore_ascii_case("text")) && !v.is_empty());
    let tags = |k: &str| -> Option<Vec<String>> {
        o.get(k)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
    };
    let capabilities = tags("capabilities");
    let features = tags("features");
    let has = |list: &Option<Vec<String>>, x: &str| list.as_ref().map(|l| l.iter().any(|t| t == x));
    Some(Listed {
        id,
        name: str_of(o, "name"),
        context: n("context_window"),
        max_input: n("max_input_tokens"),
        max_output: n("max_output_tokens"),
        max_reasoning: n("max_reasoning_tokens"),
        input,
        text_out,
        reasoning: has(&capabilities, "Reasoning"),
        tools: has(&features, "function-calling"),
        structured: has(&features, "structured-outputs"),
        tiers: o
            .get("prices")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(tier).collect())
            .unwrap_or_default(),
        parent: None,
    })
}

/// `12k`, `1M`, `256000` → tokens (K = 1,000, as both second sources read the labels).
fn amount(s: &str) -> Option<u64> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit() && *c != '.') {
        Some((i, _)) => (&s[..i], s[i..].trim()),
        None => (s, ""),
    };
    let n: f64 = digits.parse().ok()?;
    let mult = match unit {
        "" => 1.0,
        "k" | "K" => 1_000.0,
        "m" | "M" => 1_000_000.0,
        _ => return None,
    };
    let v = n * mult;
    (v.is_finite() && v >= 0.0).then_some(v as u64)
}

/// `Default`, `Input<=32k`, `32k<Input<=128k`, `0<Token<=32k` → (above, up_to).
fn range(label: &str) -> Option<(u64, Option<u64>)> {
    let l = label.trim();
    if l.eq_ignore_ascii_case("default") {
        return Some((0, None));
    }
    let (left, upper) = l.split_once("<=")?;
    let up_to = amount(upper)?;
    let above = match left.split_once('<') {
        Some((low, _)) => amount(low)?,
        None => 0,
    };
    Some((above, Some(up_to)))
}

fn tier(v: &Value) -> Option<ListedTier> {
    let label = v.get("range_name").and_then(Value::as_str)?.to_string();
    let (above, up_to) = range(&label)?;
    let mut t = ListedTier { label, above, up_to, ..Default::default() };
    for p in v.get("prices").and_then(Value::as_array).into_iter().flatten() {
        let band = p.get("time_band").and_then(Value::as_str).unwrap_or("standard");
        if !(band.is_empty() || band == "standard" || band.eq_ignore_ascii_case("default")) {
            continue; // off-peak or discounted: not the list price
        }
        let price = match p.get("price") {
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ => continue,
        };
        if price.parse::<f64>().map_or(true, |x| !x.is_finite() || x < 0.0) {
            continue;
        }
        let slot = match p.get("type").and_then(Value::as_str) {
            Some("input_token") => &mut t.input,
            Some("output_token") => &mut t.output,
            Some("thinking_output_token") => &mut t.thinking_output,
            Some("input_token_cache") => &mut t.cached_input,
            Some("input_token_cache_creation_5m") => &mut t.cache_write,
            _ => continue,
        };
        *slot = Some(price);
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_labels() {
        assert_eq!(range("Default"), Some((0, None)));
        assert_eq!(range("Input<=256k"), Some((0, Some(256_000))));
        assert_eq!(range("256k<Input<=1M"), Some((256_000, Some(1_000_000))));
        assert_eq!(range("0<Token<=32k"), Some((0, Some(32_000))));
        assert_eq!(range("Input<=lots"), None);
        assert_eq!(range("more than 5"), None);
    }

    #[test]
    fn error_answers_and_junk_are_errors() {
        for body in [
            &br#"{"code":"InvalidApiKey","message":"Invalid API-key provided."}"#[..],
            br#"{"success":false,"code":"x","message":"y"}"#,
            br#"{"error":{"message":"no"}}"#,
            b"<html>",
            b"42",
        ] {
            assert!(read_listing(body).is_err(), "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn a_partial_native_page_is_not_complete() {
        let l = read_listing(
            br#"{"output":{"total":241,"page_no":1,"page_size":1,"models":[{"model":"a"}]}}"#,
        )
        .unwrap();
        assert!(!l.complete());
    }

    #[test]
    fn vllm_cards_carry_context_and_parent() {
        let l = read_listing(br#"{"object":"list","data":[{"id":"Qwen/Qwen3-8B","max_model_len":40960,"parent":null},{"id":"lora","max_model_len":null,"parent":"Qwen/Qwen3-8B"}]}"#).unwrap();
        assert_eq!(l.entries[0].context, Some(40960));
        assert_eq!(l.entries[1].parent.as_deref(), Some("Qwen/Qwen3-8B"));
    }
}
