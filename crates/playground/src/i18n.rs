//! The page's language: English or zh-CN, from `?lang=` in the URL, else `navigator.languages`.
//! The switch rewrites `?lang=` (never storage) and re-renders the page from the same state.
//!
//! Labels are written `t!("ui.id", "English")` (a `&'static str`) or
//! `tf!("ui.id", "English {n}", n = value)` (a `String`); core sentences ([`Msg`]) go through
//! [`msg`]. `crates/i18n` holds the zh-CN text and fails its tests when an id lacks it.

use std::cell::Cell;

use leptos::prelude::*;
use qwen_route::msg::Msg;
pub use qwen_route_i18n::Lang;

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language labels are rendered in now.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Set the language labels render in (the page re-renders through [`LangSignal`]).
pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// A label in the current language.
pub fn label(id: &str, en: &'static str) -> &'static str {
    qwen_route_i18n::label(lang(), id, en)
}

/// A label with values in the current language.
pub fn label_with(id: &str, en: &'static str, args: &[(&'static str, String)]) -> String {
    qwen_route_i18n::label_with(lang(), id, en, args)
}

/// A core sentence in the current language.
pub fn msg(m: &Msg) -> String {
    qwen_route_i18n::text(lang(), m)
}

/// The reactive language: the page's root re-renders when it changes.
#[derive(Clone, Copy)]
pub struct LangSignal(pub RwSignal<Lang>);

/// The language the page opens in: `?lang=` when it names one we have, else the browser's
/// preferences.
pub fn initial() -> Lang {
    let Some(window) = web_sys::window() else { return Lang::En };
    let from_url = window.location().search().ok().and_then(|s| url_lang(&s));
    from_url.unwrap_or_else(|| {
        let langs: Vec<String> =
            window.navigator().languages().iter().filter_map(|v| v.as_string()).collect();
        Lang::negotiate(langs.iter().map(String::as_str))
    })
}

/// `lang=` in a query string.
pub fn url_lang(search: &str) -> Option<Lang> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(Lang::parse)
}

/// The query string with `lang=` set to `lang` (other parameters kept, in order).
pub fn with_url_lang(search: &str, lang: Lang) -> String {
    let mut parts: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
        .map(str::to_string)
        .collect();
    parts.push(format!("lang={}", lang.tag()));
    format!("?{}", parts.join("&"))
}

/// Where the page finds the zh-CN table when it does not embed it: next to `index.html`
/// (`cargo xtask serve` writes it there). English readers never download it.
pub const ZH_CN_URL: &str = "zh-CN.json";

/// Make sure `lang`'s table is here (fetching the zh-CN one once), then call `then` with the
/// language to use: `lang`, or English when the table could not be had.
pub fn ensure(lang: Lang, then: impl FnOnce(Lang) + 'static) {
    if qwen_route_i18n::usable(lang) == lang {
        then(lang);
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(text) = fetch_text(ZH_CN_URL).await {
            // A table that does not install leaves zh-CN unusable: English below.
            let _ = qwen_route_i18n::install_zh_cn(&text);
        }
        then(qwen_route_i18n::usable(lang));
    });
}

/// A same-origin text file, or `None`.
async fn fetch_text(url: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window()?;
    let resp = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url)).await.ok()?;
    let resp: web_sys::Response = resp.dyn_into().ok()?;
    if !resp.ok() {
        return None;
    }
    let text = wasm_bindgen_futures::JsFuture::from(resp.text().ok()?).await.ok()?;
    text.as_string()
}

/// Switch language: fetch its table if needed, record it in the URL (history, not storage),
/// set `<html lang>`, re-render.
pub fn switch(signal: LangSignal, to: Lang) {
    ensure(to, move |to| switch_now(signal, to));
}

fn switch_now(signal: LangSignal, to: Lang) {
    set_lang(to);
    if let Some(window) = web_sys::window() {
        let loc = window.location();
        let search = loc.search().unwrap_or_default();
        let url = format!(
            "{}{}{}",
            loc.pathname().unwrap_or_default(),
            with_url_lang(&search, to),
            loc.hash().unwrap_or_default()
        );
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        if let Some(html) = window.document().and_then(|d| d.document_element()) {
            let _ = html.set_attribute("lang", to.tag());
        }
    }
    signal.0.set(to);
}

/// A label: `t!("ui.id", "English")`.
#[macro_export]
macro_rules! t {
    ($id:literal, $en:literal) => {
        $crate::i18n::label($id, $en)
    };
}

/// A label with values: `tf!("ui.id", "{n} turns", n = count)`.
#[macro_export]
macro_rules! tf {
    ($id:literal, $en:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        if false {
            let _ = format!($en $(, $name = $value)*);
        }
        $crate::i18n::label_with($id, $en, &[$((stringify!($name), ($value).to_string())),*])
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_parameter_round_trips_and_keeps_others() {
        assert_eq!(url_lang("?relay=1&lang=zh-CN"), Some(Lang::ZhCn));
        assert_eq!(url_lang("?lang=xx"), None);
        assert_eq!(with_url_lang("?relay=1&lang=en", Lang::ZhCn), "?relay=1&lang=zh-CN");
        assert_eq!(with_url_lang("", Lang::En), "?lang=en");
    }
}
