//! The embeddable route picker: the playground's [`RoutePicker`] component (one source of
//! truth), mounted by `web/embed/qwen-route-picker.js` into a `<qwen-route-picker>` element's
//! shadow root. It never asks for a key and makes no network request.
//!
//! The JS side calls [`mount`] with the element's attributes and a callback, which receives every
//! decision as the `route-change` event's `detail`.

use leptos::prelude::*;
use qwen_route_playground::ui::picker::{Choice, RoutePicker};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What the element's attributes say.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Options {
    workload: Option<String>,
    workloads: Option<String>,
    surfaces: Option<String>,
    playground: Option<String>,
    /// `en` or `zh-CN`: the element's `lang`, its page's, or the browser's.
    lang: Option<String>,
}

fn list(s: Option<String>) -> Option<Vec<String>> {
    s.map(|s| s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect())
}

/// The `route-change` event's `detail`.
#[derive(Serialize)]
struct Detail<'a> {
    /// The decision: surface, model, parameters, reasons, warnings, fallbacks, verify.
    decision: &'a qwen_route::route::Route,
    /// The workload's sample request shaped for the decision: method, URL, headers (the key as an
    /// environment-variable placeholder) and body.
    request: Option<&'a qwen_route::shape::WireRequest>,
    /// The playground link for this request.
    playground: String,
}

/// A mounted picker; `unmount()` removes it.
#[wasm_bindgen]
pub struct PickerHandle {
    handle: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
}

#[wasm_bindgen]
impl PickerHandle {
    /// Remove the picker and free its state.
    pub fn unmount(&mut self) {
        self.handle.take();
    }
}

/// Install the zh-CN table (the folder's `zh-CN.json`, as text) before a zh-CN picker mounts.
/// Returns how many entries it holds. English pages never fetch it; until it is installed, a
/// zh-CN picker shows English.
#[wasm_bindgen(js_name = installZhCn)]
pub fn install_zh_cn(json: &str) -> Result<usize, JsError> {
    qwen_route_i18n::install_zh_cn(json).map_err(|e| JsError::new(&e))
}

/// Mount a picker into `parent` (inside the element's shadow root). `options` is a plain object
/// of the element's attributes; `on_change` receives each decision as the event detail.
#[wasm_bindgen]
pub fn mount(
    parent: web_sys::HtmlElement,
    options: JsValue,
    on_change: js_sys::Function,
) -> PickerHandle {
    qwen_route_playground::show_panics();
    let opts: Options = js_sys::JSON::stringify(&options)
        .ok()
        .and_then(|s| s.as_string())
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    // A language whose table is not here (the zh-CN fetch failed) reads as English.
    let lang = opts.lang.as_deref().and_then(qwen_route_playground::i18n::Lang::parse);
    qwen_route_playground::i18n::set_lang(qwen_route_i18n::usable(lang.unwrap_or_default()));
    let playground = opts.playground.clone().unwrap_or_else(|| "http://127.0.0.1:8090/".into());
    let base = playground.clone();
    let report = Callback::new(move |c: Choice| {
        let detail = Detail {
            decision: &c.route,
            request: c.shaped.as_ref().map(|s| &s.request),
            playground: format!("{base}{}", qwen_route_playground::share::fragment(&c.form)),
        };
        let value = serde_json::to_string(&detail)
            .ok()
            .and_then(|t| js_sys::JSON::parse(&t).ok())
            .unwrap_or(JsValue::NULL);
        let _ = on_change.call1(&JsValue::NULL, &value);
    });
    let workload = opts.workload.unwrap_or_else(|| "fast-chat".into());
    let workloads = list(opts.workloads);
    let surfaces = list(opts.surfaces);
    let handle = leptos::mount::mount_to(parent, move || {
        view! {
            <RoutePicker workload=workload.clone() workloads=workloads.clone().unwrap_or_default()
                surfaces=surfaces.clone().unwrap_or_default() on_change=report snippets=true
                playground_url=playground.clone()/>
        }
        .into_any()
    });
    PickerHandle { handle: Some(handle) }
}
