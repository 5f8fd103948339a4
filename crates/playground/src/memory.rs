//! Opt-in memory (the design brief: "work statelessly by default; only create saved routes or
//! repro logs after the user wants continuity"). Off by default: then nothing at all is written
//! to any storage. When the user turns it on, one namespaced `localStorage` entry keeps only
//! non-secret things — saved routes, the user's servers (never a key), and an experiment log
//! (prompts only if the user ticks "include prompts"). Every string is passed through key
//! redaction — by the value typed into the key field and by pattern — before it is stored,
//! exported or imported.

use serde::{Deserialize, Serialize};

use crate::form::Form;
use crate::key::Redactor;

/// The one storage key.
pub const STORAGE_KEY: &str = "qwen-route.memory.v1";

/// Experiments kept (oldest dropped first).
pub const MAX_EXPERIMENTS: usize = 100;

/// A saved route: where and how, without the conversation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedRoute {
    /// The user's name for it.
    pub name: String,
    /// Surface id (or `sandbox`).
    pub surface: String,
    /// Model id.
    pub model: String,
    /// Thinking setting as typed.
    pub thinking: String,
    /// Stream setting as typed.
    pub stream: String,
    /// Sampling and length, as typed.
    pub temperature: String,
    /// `top_p`, as typed.
    pub top_p: String,
    /// `max_tokens`, as typed.
    pub max_tokens: String,
}

/// One of the user's servers. There is no key field, by design.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Server {
    /// The user's name for it.
    pub name: String,
    /// Its dialect, as a surface id (`vllm`, `ollama`, …).
    pub surface: String,
    /// Base URL.
    pub base_url: String,
}

/// One request and how it went.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Experiment {
    /// When (ISO 8601, from the browser's clock).
    pub at: String,
    /// Surface id.
    pub surface: String,
    /// Model id.
    pub model: String,
    /// HTTP status, if any.
    pub status: Option<u16>,
    /// How it ended (`done`, `error`, `aborted`, …).
    pub outcome: String,
    /// The diagnosis code, on failure.
    pub diagnosis: Option<String>,
    /// Time to first answer token, ms.
    pub first_answer_ms: Option<f64>,
    /// Total time, ms.
    pub total_ms: Option<f64>,
    /// Tokens used.
    pub total_tokens: Option<u64>,
    /// The whole request (messages included) — only when "include prompts" was ticked.
    pub request: Option<Form>,
}

/// Everything remembered.
///
/// ```
/// use qwen_route_playground::memory::Memory;
/// let m = Memory::default();
/// let json = serde_json::to_string(&m).unwrap();
/// assert_eq!(Memory::import(&json).unwrap(), m);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Memory {
    /// Format version.
    pub version: u32,
    /// Keep prompts in the experiment log.
    pub include_prompts: bool,
    /// Saved routes.
    pub routes: Vec<SavedRoute>,
    /// The user's servers.
    pub servers: Vec<Server>,
    /// The experiment log, newest last.
    pub experiments: Vec<Experiment>,
}

impl Default for Memory {
    fn default() -> Self {
        Memory {
            version: 1,
            include_prompts: false,
            routes: Vec::new(),
            servers: Vec::new(),
            experiments: Vec::new(),
        }
    }
}

impl Memory {
    /// A route from the current form.
    pub fn route_from(name: &str, f: &Form) -> SavedRoute {
        SavedRoute {
            name: name.trim().to_string(),
            surface: f.surface.clone(),
            model: f.model.clone(),
            thinking: f.thinking.clone(),
            stream: f.stream.clone(),
            temperature: f.temperature.clone(),
            top_p: f.top_p.clone(),
            max_tokens: f.max_tokens.clone(),
        }
    }

    /// Apply a saved route to a form (the conversation stays).
    pub fn apply_route(r: &SavedRoute, f: &mut Form) {
        f.surface = r.surface.clone();
        f.model = r.model.clone();
        f.thinking = r.thinking.clone();
        f.stream = r.stream.clone();
        f.temperature = r.temperature.clone();
        f.top_p = r.top_p.clone();
        f.max_tokens = r.max_tokens.clone();
    }

    /// Log an experiment, dropping the request unless prompts are included.
    pub fn log(&mut self, mut e: Experiment) {
        // Tenths of a millisecond are plenty, and survive a JSON round trip exactly.
        let tenth = |x: Option<f64>| x.map(|v| (v * 10.0).round() / 10.0);
        e.first_answer_ms = tenth(e.first_answer_ms);
        e.total_ms = tenth(e.total_ms);
        if !self.include_prompts {
            e.request = None;
        }
        self.experiments.push(e);
        if self.experiments.len() > MAX_EXPERIMENTS {
            let cut = self.experiments.len() - MAX_EXPERIMENTS;
            self.experiments.drain(..cut);
        }
    }

    /// The format version set and prompts dropped unless included (`to_json` then redacts every
    /// string).
    pub fn sanitized(&self) -> Memory {
        let mut m = self.clone();
        m.version = 1;
        if !m.include_prompts {
            m.experiments.iter_mut().for_each(|e| e.request = None);
        }
        m
    }

    /// Read an exported file: unknown fields ignored, and reduced to what `to_json` would store.
    pub fn import(json: &str) -> Result<Memory, String> {
        let parse = |text: &str| {
            serde_json::from_str::<Memory>(text)
                .map_err(|e| format!("not a qwen-route memory file: {e}"))
        };
        // Through `to_json` once, so what is held is exactly what would be stored.
        parse(&parse(json)?.to_json(&Redactor::default()))
    }

    /// The JSON stored (and exported): sanitized, then every string, whatever field it is in,
    /// passed through key redaction.
    pub fn to_json(&self, redactor: &Redactor) -> String {
        let mut v = serde_json::to_value(self.sanitized()).unwrap_or_default();
        redactor.json(&mut v);
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The stored memory, if the user turned it on earlier on this device.
pub fn load() -> Option<Memory> {
    let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    Memory::import(&text).ok()
}

/// Store it (only ever called while memory is on), with the key redacted by value too.
pub fn save(m: &Memory, redactor: &Redactor) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &m.to_json(redactor));
    }
}

/// Remove everything stored.
pub fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_stay_out_unless_included_and_keys_are_redacted() {
        let mut f = Form::default();
        f.messages[0].text = "secret plan, key sk-live-123456789".into();
        f.base_url = "http://gpu:8000/v1?key=sk-abcdefghijk".into();
        let mut m = Memory::default();
        m.log(Experiment {
            surface: "vllm".into(),
            request: Some(f.clone()),
            ..Experiment::default()
        });
        assert!(m.experiments[0].request.is_none());
        m.include_prompts = true;
        m.log(Experiment { request: Some(f), ..Experiment::default() });
        let json = m.to_json(&Redactor::default());
        assert!(json.contains("secret plan"));
        assert!(!json.contains("123456789") && !json.contains("abcdefghijk"), "{json}");
        m.servers.push(Server {
            name: "gpu".into(),
            surface: "vllm".into(),
            base_url: "http://x/v1?token=Bearer zzzzzzzzzzzz".into(),
        });
        assert!(!m.to_json(&Redactor::default()).contains("zzzzzzzzzzzz"));
    }

    #[test]
    fn keys_of_other_shapes_are_redacted_by_value() {
        let mut m = Memory { include_prompts: true, ..Memory::default() };
        let mut f = Form::default();
        f.messages[0].text = "here is my key: qwk_7f3a9b2c1d".into();
        m.log(Experiment { request: Some(f), ..Experiment::default() });
        let json = m.to_json(&Redactor::for_values(&["qwk_7f3a9b2c1d"]));
        assert!(!json.contains("qwk_7f3a9b2c1d"), "{json}");
        assert!(json.contains("here is my key: [your key]"));
    }

    #[test]
    fn imports_drop_unknown_fields_and_keys() {
        let m = Memory::import(r#"{"version": 7, "api_key": "sk-x-123456789", "servers": [{"name": "a", "surface": "vllm", "base_url": "http://a/v1", "key": "sk-y-123456789"}]}"#).unwrap();
        let json = m.to_json(&Redactor::default());
        assert!(!json.contains("123456789") && !json.contains("api_key"));
        assert_eq!(m.version, 1);
        assert_eq!(m.servers[0].base_url, "http://a/v1");
        assert!(Memory::import("[1,2]").is_err());
    }

    #[test]
    fn the_log_is_bounded() {
        let mut m = Memory::default();
        for i in 0..(MAX_EXPERIMENTS + 5) {
            m.log(Experiment { model: i.to_string(), ..Experiment::default() });
        }
        assert_eq!(m.experiments.len(), MAX_EXPERIMENTS);
        assert_eq!(m.experiments[0].model, "5");
    }
}
