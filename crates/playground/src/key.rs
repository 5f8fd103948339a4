//! The API key: the one secret in the page.
//!
//! [`KeyCell`] holds what the user typed into a key field, in memory only. Everything else in
//! the page gets derived facts — the key's [`KeyClass`], whether one is set, the region a
//! simulator key names — or a [`Redactor`] that removes the key from text by value. Only the
//! transport (and the export panel, when the user ticks "include key") opens a [`SealedKey`]; a
//! test in this module holds every other file to that.

use leptos::prelude::*;
use qwen_route::catalog::{self, KeyClass};
use qwen_route::repro::{redact, redact_json};
use serde_json::Value;

use crate::form::{Form, SANDBOX_SURFACE};

/// Values shorter than this are not redacted by value: a one-letter "key" for a local server
/// would otherwise blank out every such letter in an export. Real keys are far longer.
pub const MIN_REDACTED_LEN: usize = 6;

/// The key as a value in the page's memory. `Copy`, like a signal; the value is private.
///
/// ```
/// # let owner = leptos::prelude::Owner::new(); owner.set();
/// use qwen_route_playground::key::KeyCell;
/// use qwen_route::catalog::KeyClass;
/// let k = KeyCell::new();
/// assert!(!k.is_set());
/// k.set("sk-sp-0123456789".into());
/// assert_eq!(k.class(), Some(KeyClass::Plan));
/// assert_eq!(k.redactor().text("key sk-sp-0123456789!"), "key [your key]!");
/// ```
#[derive(Clone, Copy)]
pub struct KeyCell {
    value: RwSignal<String>,
}

impl Default for KeyCell {
    fn default() -> Self {
        Self::new()
    }
}

impl KeyCell {
    /// An empty key.
    pub fn new() -> KeyCell {
        KeyCell { value: RwSignal::new(String::new()) }
    }

    /// Replace the key (the key field, or a curl import, writes here).
    pub fn set(&self, key: String) {
        self.value.set(key);
    }

    /// Forget the key.
    pub fn clear(&self) {
        self.value.set(String::new());
    }

    /// Whether a key is set (tracked).
    pub fn is_set(&self) -> bool {
        self.value.with(|k| !k.trim().is_empty())
    }

    /// The key's class (tracked): the core's one classification.
    pub fn class(&self) -> Option<KeyClass> {
        self.value.with(|k| KeyClass::of_key(k))
    }

    /// The region a simulator key names (`sk-sim-cn-…` → `cn`), for the diagnosis (tracked).
    pub fn sim_region(&self) -> Option<String> {
        self.value.with(|k| {
            let rest = k.trim().strip_prefix("sk-sim-")?;
            let region = rest.split('-').next()?;
            matches!(region, "cn" | "intl" | "us" | "hk").then(|| region.to_string())
        })
    }

    /// A redactor for everything the page writes or copies (untracked snapshot).
    pub fn redactor(&self) -> Redactor {
        let secret = self.value.with_untracked(|k| k.trim().to_string());
        Redactor { secrets: (secret.chars().count() >= MIN_REDACTED_LEN).then_some(secret) }
    }

    /// The key to send with (untracked snapshot). For the Sandbox without a key, the simulator's
    /// sample key, which is not a secret.
    pub fn sealed_for(&self, form: &Form) -> SealedKey {
        let key = self.value.get_untracked();
        if form.is_sandbox() && key.trim().is_empty() {
            SealedKey(
                catalog::surface(SANDBOX_SURFACE)
                    .and_then(qwen_sim::sample_key)
                    .unwrap_or_default()
                    .to_string(),
            )
        } else {
            SealedKey(key.trim().to_string())
        }
    }

    /// The key field: a password input bound to this cell.
    pub fn field(self, id: &'static str, placeholder: Signal<String>) -> impl IntoView {
        view! {
            <input id=id type="password" spellcheck="false" autocomplete="off" data-lpignore="true" data-1p-ignore="true"
                placeholder=move || placeholder.get()
                prop:value=move || self.value.get()
                on:input=move |ev| self.value.set(event_target_value(&ev)) />
        }
    }
}

/// The key on its way to the transport. No `Debug`, no `Display`, no `Clone` into text: only
/// [`SealedKey::reveal`] opens it, and only the transport and the "include key" export call it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SealedKey(String);

impl SealedKey {
    /// Whether there is no key to send.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The key itself.
    pub(crate) fn reveal(&self) -> &str {
        &self.0
    }

    /// A key for tests.
    #[cfg(test)]
    pub(crate) fn from_text(key: &str) -> SealedKey {
        SealedKey(key.to_string())
    }
}

/// Removes the key from text: by value (whatever was typed into the key field) and by pattern
/// (`sk-…`, `Bearer …`, the core's rules), so a key pasted into a prompt, a base URL or a field
/// never reaches storage, a link, an export or the clipboard.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Option<String>,
}

/// What a key is replaced with when removed by value.
pub const REDACTED: &str = "[your key]";

impl Redactor {
    /// A redactor for these values (the pattern rules always apply).
    pub fn for_values(values: &[&str]) -> Redactor {
        let secret = values
            .iter()
            .map(|v| v.trim())
            .find(|v| v.chars().count() >= MIN_REDACTED_LEN)
            .map(str::to_string);
        Redactor { secrets: secret }
    }

    /// `text` without the key.
    pub fn text(&self, text: &str) -> String {
        let by_value = match &self.secrets {
            Some(s) if text.contains(s.as_str()) => text.replace(s.as_str(), REDACTED),
            _ => text.to_string(),
        };
        redact(&by_value)
    }

    /// Every string in `v` without the key.
    pub fn json(&self, v: &mut Value) {
        match v {
            Value::String(s) => *s = self.text(s),
            Value::Array(a) => a.iter_mut().for_each(|x| self.json(x)),
            Value::Object(o) => o.values_mut().for_each(|x| self.json(x)),
            _ => {}
        }
    }

    /// Every string in `v` without the key, by pattern only (no value known).
    pub fn patterns(v: &mut Value) {
        redact_json(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_any_shape_are_redacted_by_value() {
        let r = Redactor::for_values(&["qwk_live_7f3a9b2c"]);
        assert_eq!(r.text("use qwk_live_7f3a9b2c now"), "use [your key] now");
        // The pattern rules still apply to keys that were never typed into the field.
        assert_eq!(r.text("other sk-abcdefghijkl"), "other sk-***");
        let mut v =
            serde_json::json!({"a": ["x qwk_live_7f3a9b2c"], "b": {"c": "qwk_live_7f3a9b2c"}});
        r.json(&mut v);
        assert!(!v.to_string().contains("qwk_live"), "{v}");
    }

    #[test]
    fn short_values_are_not_redacted_by_value() {
        let r = Redactor::for_values(&["abc"]);
        assert_eq!(r.text("abc abc"), "abc abc");
    }

    #[test]
    fn sealed_keys_do_not_print() {
        // No Debug or Display: `format!("{:?}", key)` does not compile. The only way in is
        // `reveal`, checked below.
        let k = SealedKey("sk-1234567890".into());
        assert_eq!(k.reveal(), "sk-1234567890");
    }

    /// Only the transport and the "include key" export open the key; only this module reads
    /// the cell's value.
    #[test]
    fn only_the_transport_and_the_key_export_reveal_the_key() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let p = entry.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") {
                    files.push(p);
                }
            }
        }
        let allowed = ["key.rs", "transport.rs", "ui/export.rs"];
        let mut offenders = Vec::new();
        for f in &files {
            let rel = f.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(f).unwrap();
            for (n, line) in text.lines().enumerate() {
                if line.contains(".reveal()") && !allowed.contains(&rel.as_str()) {
                    offenders.push(format!("{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
        assert!(files.len() > 10, "walked {} files", files.len());
        assert!(
            offenders.is_empty(),
            "the key is read outside the transport:\n{}",
            offenders.join("\n")
        );
    }
}
