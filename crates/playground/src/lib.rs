//! # qwen-route playground
//!
//! A Leptos single-page app on the qwen-route core: pick a route, build the request, see the
//! exact wire request and what will go wrong before sending, send it from the browser to the
//! user's own endpoint (the key held in memory only) or to the in-page Sandbox, and read the raw
//! truth: frames as they arrive, the assembled answer, timings, the schema check, and the
//! diagnosis when it fails.
//!
//! The route picker ([`ui::picker::RoutePicker`]) is also the embeddable widget's component.

#[macro_use]
pub mod i18n;
pub mod form;
pub mod key;
pub mod memory;
pub mod run;
pub mod samples;
pub mod share;
pub mod transport;
pub mod trust;
pub mod ui;
pub mod vars;

/// In a `--panic-messages` build (`cargo xtask serve --panic-messages`), a panic's message goes
/// to the browser console; release builds compile panics to a bare trap (xtask/src/unstable.rs).
pub fn show_panics() {
    #[cfg(panic_messages)]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("qwen-route panicked: {info}").into());
    }));
}

/// Mount the playground on `<body>`, replacing the static boot header of `index.html`.
pub fn mount_playground() {
    show_panics();
    // A page in Chinese first fetches its table (English readers never do), then mounts; the
    // boot header stays until then.
    i18n::ensure(i18n::initial(), |lang| {
        i18n::set_lang(lang);
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(html) = document.as_ref().and_then(|d| d.document_element()) {
            let _ = html.set_attribute("lang", lang.tag());
        }
        if let Some(boot) = document.and_then(|d| d.get_element_by_id("boot")) {
            boot.remove();
        }
        leptos::mount::mount_to_body(ui::app::App);
    });
}
