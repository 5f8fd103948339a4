//! Small pieces shared by the panels.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The redaction every Copy button applies, provided by the playground (the key typed in the
/// page, by value, and keys by pattern). The widget has no key and provides none.
#[derive(Clone, Copy)]
pub struct CopyRedaction(pub Callback<String, String>);

/// Copy text to the clipboard, then say so for a moment. What is copied passes through the
/// page's [`CopyRedaction`] unless `keep_key` is set (the "include key" export, which the user
/// asked for).
#[component]
pub fn CopyButton(
    /// What to copy, read at click time.
    #[prop(into)]
    text: Signal<String>,
    /// Button label.
    #[prop(into, default = t!("ui.common.copy", "Copy").into())]
    label: String,
    /// Accessible name, when the label alone is ambiguous.
    #[prop(into, optional)]
    aria: Option<String>,
    /// Copy the key too (only where the user ticked "include key").
    #[prop(into, optional)]
    keep_key: Signal<bool>,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let label_shown = label.clone();
    let redaction = use_context::<CopyRedaction>();
    let on_click = move |_| {
        let value = text.get_untracked();
        let value = match redaction {
            Some(r) if !keep_key.get_untracked() => r.0.run(value),
            _ => value,
        };
        leptos::task::spawn_local(async move {
            let Some(w) = web_sys::window() else { return };
            let ok = JsFuture::from(w.navigator().clipboard().write_text(&value)).await.is_ok();
            copied.set(ok);
            set_timeout(move || copied.set(false), std::time::Duration::from_millis(1500));
        });
    };
    view! {
        // The accessible name starts with the visible words (WCAG 2.5.3, label in name).
        <button type="button" class="copy"
            aria-label=aria.map_or_else(|| label.clone(), |a| if a.starts_with(label.as_str()) { a } else { format!("{label}: {a}") })
            on:click=on_click>
            {move || if copied.get() { t!("ui.common.copied", "Copied").to_string() } else { label_shown.clone() }}
        </button>
    }
}

/// Pretty JSON text.
pub fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// Milliseconds for display.
pub fn ms(v: Option<f64>) -> String {
    match v {
        Some(x) if x >= 10_000.0 => format!("{:.1} s", x / 1000.0),
        Some(x) => format!("{} ms", x.round() as i64),
        None => "—".into(),
    }
}

/// A size for display: bytes below 1 KB, then KB with one decimal below 10 KB, then MB.
///
/// ```
/// use qwen_route_playground::ui::common::bytes;
/// assert_eq!(bytes(334), "334 B");
/// assert_eq!(bytes(1_536), "1.5 KB");
/// assert_eq!(bytes(48_000), "47 KB");
/// assert_eq!(bytes(3_500_000), "3.3 MB");
/// ```
pub fn bytes(n: u64) -> String {
    let kb = n as f64 / 1024.0;
    match n {
        0..=1023 => format!("{n} B"),
        _ if kb < 10.0 => format!("{kb:.1} KB"),
        _ if kb < 1024.0 => format!("{kb:.0} KB"),
        _ => format!("{:.1} MB", kb / 1024.0),
    }
}

/// A labelled text input bound to a getter and a setter.
#[component]
pub fn TextField(
    /// Visible label.
    label: &'static str,
    /// Element id (labels and tests use it).
    id: &'static str,
    /// Current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with each edit.
    on_input: Callback<String>,
    /// Placeholder.
    #[prop(into, optional)]
    placeholder: Signal<String>,
    /// Input mode hint (`decimal`, `numeric`, `url`).
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label class="field" for=id>
            <span>{label}</span>
            <input id=id type="text" spellcheck="false" autocomplete="off" inputmode=inputmode
                placeholder=move || placeholder.get()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev)) />
        </label>
    }
}

/// How to read a picked file.
#[derive(Clone, Copy)]
pub enum ReadAs {
    /// As a `data:` URL (images).
    DataUrl,
    /// As text (JSON).
    Text,
}

/// Read the file picked in an `<input type="file">` and hand its content to `done`; the input is
/// cleared so the same file can be picked again.
pub fn read_picked_file(ev: &leptos::ev::Event, how: ReadAs, done: impl FnOnce(String) + 'static) {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    let Ok(reader) = web_sys::FileReader::new() else { return };
    let r2 = reader.clone();
    let onload = Closure::once_into_js(move || {
        if let Some(content) = r2.result().ok().and_then(|v| v.as_string()) {
            done(content);
        }
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    let _ = match how {
        ReadAs::DataUrl => reader.read_as_data_url(&file),
        ReadAs::Text => reader.read_as_text(&file),
    };
    input.set_value("");
}

/// Keyboard for a `role="tablist"`, as the ARIA tabs pattern has it: Left and Right move to the
/// previous and next tab (wrapping), Home and End to the first and last, and the tab moved to is
/// selected. Only the selected tab is in the Tab order (`tabindex` 0, the others -1), so Tab
/// leaves the list for its panel.
pub fn tablist_keys(ev: leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let key = ev.key();
    if !matches!(key.as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") {
        return;
    }
    let Some(list) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return;
    };
    let Ok(nodes) = list.query_selector_all("[role=tab]") else { return };
    let tabs: Vec<web_sys::HtmlElement> =
        (0..nodes.length()).filter_map(|i| nodes.get(i)?.dyn_into().ok()).collect();
    if tabs.is_empty() {
        return;
    }
    let focused = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let at = tabs
        .iter()
        .position(|t| focused.as_ref().is_some_and(|f| f.is_same_node(Some(t))))
        .unwrap_or(0);
    let last = tabs.len() - 1;
    let to = match key.as_str() {
        "ArrowLeft" => at.checked_sub(1).unwrap_or(last),
        "ArrowRight" => {
            if at == last {
                0
            } else {
                at + 1
            }
        }
        "Home" => 0,
        _ => last,
    };
    ev.prevent_default();
    let _ = tabs[to].focus();
    tabs[to].click();
}
