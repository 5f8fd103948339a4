//! Where the request goes: the surface (the Sandbox first), its base URL, the key (memory only),
//! the relay switch, the model with the live `/models` check.

use leptos::prelude::*;
use qwen_route::catalog::{self, CorsPolicy, Hosting, SurfaceFamily};
use qwen_route::models::{diff_models, propose, read_listing, ModelsDiff};

use crate::form::{SANDBOX, SANDBOX_SURFACE};
use crate::transport::{self, Outgoing};
use crate::trust::{is_catalog_origin, parse_target};
use crate::ui::common::CopyButton;
use crate::ui::probe::ProbeServer;
use crate::ui::state::{relay_command, Ctx};

/// The live `/models` answer and its diff against the catalog.
#[derive(Debug, Clone, PartialEq)]
enum ModelsCheck {
    Idle,
    Loading,
    /// The live ids, their diff with the catalog, and the proposed catalog patch (TOML).
    Done(Vec<String>, ModelsDiff, String),
    Failed(String),
}

fn page_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// The endpoint panel.
#[component]
pub fn Endpoint() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let form = ctx.form;
    let surface = Memo::new(move |_| form.with(|f| f.surface.clone()));
    let catalog_surface = Memo::new(move |_| {
        let id = surface.get();
        catalog::surface(if id == SANDBOX { SANDBOX_SURFACE } else { &id })
    });
    let hosted: Vec<_> = catalog::surfaces()
        .iter()
        .filter(|s| s.hosting == Hosting::Hosted && !s.base_url.contains('{') && !s.is_removed())
        .collect();
    let own: Vec<_> = catalog::surfaces()
        .iter()
        .filter(|s| {
            s.hosting != Hosting::Hosted
                && s.family != SurfaceFamily::OpenaiCompatible
                && !s.is_removed()
        })
        .collect();
    let removed: Vec<_> = catalog::surfaces().iter().filter(|s| s.is_removed()).collect();
    let option = move |id: &'static str, label: String| {
        view! { <option value=id selected=move || surface.get() == id>{label}</option> }
    };
    let models_check = RwSignal::new(ModelsCheck::Idle);
    let default_base = Signal::derive(move || {
        catalog_surface.get().map(|s| s.base_url.to_string()).unwrap_or_default()
    });
    let model_ids = Signal::derive(move || {
        let Some(s) = catalog_surface.get() else { return Vec::new() };
        let mut ids: Vec<&'static str> = catalog::models()
            .iter()
            .filter(|m| {
                m.served_on(s.family)
                    || (s.family == SurfaceFamily::Workspace
                        && m.served_on(SurfaceFamily::Dashscope))
            })
            .map(|m| m.id)
            .collect();
        ids.dedup();
        ids
    });
    let check_models = move |_| {
        let f = form.get_untracked();
        let Some(s) = catalog_surface.get_untracked() else { return };
        let Some(path) = s.models_path else {
            models_check.set(ModelsCheck::Failed(tf!(
                "ui.endpoint.no-models-endpoint",
                "{surface} has no /models endpoint",
                surface = s.id
            )));
            return;
        };
        let base = if f.base_url.trim().is_empty() {
            s.base_url.to_string()
        } else {
            f.base_url.trim().trim_end_matches('/').to_string()
        };
        let url = format!("{base}{path}");
        let key = ctx.key.sealed_for(&f);
        let (sent_url, sandbox_path) = ctx.destination(&f, &url);
        let out = Outgoing {
            url: sent_url,
            method: "GET".into(),
            headers: vec![("Authorization".into(), format!("Bearer ${}", s.env_var()))],
            body: String::new(),
        };
        let targets = ctx.target(&f, &url, &key).into_iter().collect();
        let listed_at = url.clone();
        ctx.guard(targets, Box::new(move || {
            models_check.set(ModelsCheck::Loading);
            let listed_at = listed_at.clone();
            leptos::task::spawn_local(async move {
                let got = transport::collect(out, key, sandbox_path).await;
                let (status, bytes, failed) = (got.status, got.body, got.failure);
                models_check.set(match (failed, status) {
                    (Some(m), _) => ModelsCheck::Failed(tf!("ui.endpoint.models-no-answer", "no answer ({error}); a browser cannot read /models from a host without CORS: switch the relay on", error = m)),
                    (None, 200..=299) => match read_listing(&bytes) {
                        Ok(listing) => {
                            let ids: Vec<String> = listing.entries.iter().map(|e| e.id.clone()).collect();
                            let diff = diff_models(s, &ids);
                            let today: String = String::from(js_sys::Date::new_0().to_iso_string()).chars().take(10).collect();
                            let patch = propose(s, &listing, &today, Some(&listed_at)).to_toml();
                            ModelsCheck::Done(ids, diff, patch)
                        }
                        Err(e) => ModelsCheck::Failed(e.to_string()),
                    },
                    (None, code) => ModelsCheck::Failed(format!("HTTP {code}: {}", String::from_utf8_lossy(&bytes).chars().take(200).collect::<String>())),
                });
            });
        }));
    };
    let relay_cmd = Signal::derive(move || {
        let url = ctx.form.with(|f| {
            if f.base_url.trim().is_empty() {
                default_base.get()
            } else {
                f.base_url.clone()
            }
        });
        // `--allow-host` only for a host the user typed or confirmed.
        let trusted = parse_target(&url).is_ok_and(|t| {
            ctx.trust.with(|tr| tr.trusts(&t.origin))
                || catalog_surface.get().is_some_and(|s| is_catalog_origin(s, &t.origin))
        });
        relay_command(&url, &page_origin(), trusted)
    });
    view! {
        <section class="card" aria-labelledby="endpoint-h">
            <h2 id="endpoint-h">{t!("ui.endpoint.title", "Endpoint")}</h2>
            <div class="row">
                <label class="field grow" for="surface"><span>{t!("ui.endpoint.surface", "Surface")}</span>
                    <select id="surface" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        ctx.use_catalog_endpoint();
                        form.update(|f| f.surface = v);
                        models_check.set(ModelsCheck::Idle);
                    }>
                        <optgroup label=t!("ui.endpoint.group-offline", "Offline")>{option(SANDBOX, t!("ui.endpoint.sandbox-option", "Sandbox — simulated DashScope (Singapore), answered in this page").into())}</optgroup>
                        <optgroup label=t!("ui.endpoint.group-hosted", "Hosted")>{hosted.iter().map(|s| option(s.id, format!("{} — {}", s.id, crate::i18n::msg(&s.name_text())))).collect_view()}</optgroup>
                        <optgroup label=t!("ui.endpoint.group-own", "Your server")>{own.iter().map(|s| option(s.id, format!("{} — {}", s.id, crate::i18n::msg(&s.name_text())))).collect_view()}
                            {option("openai-compatible", t!("ui.endpoint.openai-compatible-option", "openai-compatible — any OpenAI-compatible server").into())}</optgroup>
                        <optgroup label=t!("ui.endpoint.group-removed", "Removed")>{removed.iter().map(|s| option(s.id, tf!("ui.endpoint.removed-option", "{id} — {name} (removed)", id = s.id, name = crate::i18n::msg(&s.name_text())))).collect_view()}</optgroup>
                    </select>
                </label>
            </div>
            <crate::ui::curl_import::CurlImport/>
            <Show when=move || form.with(|f| qwen_route::catalog::anthropic_endpoint(f.shape_surface()).is_some())>
                <div class="row dialect" role="radiogroup" aria-label=t!("ui.endpoint.dialect-aria", "Wire dialect")>
                    <span class="muted">{t!("ui.endpoint.dialect", "Dialect")}</span>
                    {[("", "OpenAI chat completions"), ("anthropic", "Anthropic Messages")].into_iter().map(|(v, name)| view! {
                        <label class="check"><input type="radio" name="dialect" id=format!("dialect-{}", if v.is_empty() { "openai" } else { v })
                            prop:checked=move || form.with(|f| f.dialect == v)
                            on:change=move |_| form.update(|f| f.dialect = v.to_string()) />{format!(" {name}")}</label>
                    }).collect_view()}
                </div>
                <Show when=move || form.with(|f| f.dialect == "anthropic")>
                    <p class="muted dialect-note">{move || form.with(|f| qwen_route::catalog::anthropic_endpoint(f.shape_surface()).map(|e| tf!("ui.endpoint.anthropic-note",
                        "Sent as Anthropic Messages to {base}/v1/messages (the base Claude Code and the Anthropic SDKs take). The pre-flight lists what this dialect cannot carry.", base = e.base_url)).unwrap_or_default())}</p>
                </Show>
            </Show>
            <Show when=move || surface.get() == SANDBOX>
                <p class="note sandbox-note">{t!("ui.endpoint.sandbox-note", "Sandbox: qwen-sim answers inside this page with DashScope's real rules, envelopes and stream framing. Nothing leaves the browser; no key is needed.")}</p>
            </Show>
            <Show when=move || surface.get() != SANDBOX>
                <label class="field" for="base-url"><span>{t!("ui.endpoint.base-url", "Base URL")}</span>
                    <input id="base-url" type="url" spellcheck="false" autocomplete="off" inputmode="url"
                        placeholder=move || default_base.get()
                        prop:value=move || form.with(|f| f.base_url.clone())
                        on:input=move |ev| ctx.base_url_typed(event_target_value(&ev)) />
                </label>
                <label class="field" for="api-key"><span>{t!("ui.endpoint.api-key", "API key ")}<span class="muted">{t!("ui.endpoint.api-key-memory", "(held in this page's memory only)")}</span></span>
                    {ctx.key.field("api-key", Signal::derive(move || catalog_surface.get().and_then(|s| s.key_prefix).map(|p| format!("{p}…")).unwrap_or_else(|| t!("ui.endpoint.key-not-needed", "not needed").into())))}
                </label>
                <div class="row relay">
                    <label class="check"><input id="relay-on" type="checkbox" prop:checked=move || ctx.relay_on.get()
                        on:change=move |ev| ctx.relay_on.set(event_target_checked(&ev)) />{t!("ui.endpoint.relay-on", " Send through the relay")}</label>
                    <input id="relay-url" type="url" class="grow" aria-label=t!("ui.endpoint.relay-address", "Relay address") spellcheck="false"
                        prop:value=move || ctx.relay_url.get() on:input=move |ev| ctx.relay_url.set(event_target_value(&ev)) />
                </div>
                <Show when=move || catalog_surface.get().is_some_and(|s| s.cors != CorsPolicy::Permissive) && !ctx.relay_on.get()>
                    <div class="warn cors-warning" role="note">
                        <p>{move || catalog_surface.get().map(|s| match s.cors {
                            CorsPolicy::Refused => tf!("ui.endpoint.cors-refused", "{name} does not answer browser calls (no CORS). Run the relay and switch it on:", name = crate::i18n::msg(&s.name_text())),
                            CorsPolicy::AllowList => tf!("ui.endpoint.cors-allow-list", "{name} answers browsers only from allowed origins. {fix}", name = crate::i18n::msg(&s.name_text()), fix = crate::i18n::msg(&s.cors_fix_text(&page_origin()))),
                            _ => tf!("ui.endpoint.cors-unknown", "{name}'s browser policy is not known; if the call fails, use the relay:", name = crate::i18n::msg(&s.name_text())),
                        })}</p>
                        <code class="relay-cmd">{move || relay_cmd.get()}</code>
                        <Show when=move || relay_cmd.with(|c| c.contains("<host:port>"))>
                            <p class="muted relay-unconfirmed">{t!("ui.endpoint.relay-unconfirmed", "The relay command names a host only once you have typed it or confirmed it: this page did not choose it for you.")}</p>
                        </Show>
                        <CopyButton text=relay_cmd label=t!("ui.endpoint.copy-command", "Copy command") />
                    </div>
                </Show>
            </Show>
            <div class="row">
                <label class="field grow" for="model"><span>{t!("ui.endpoint.model", "Model")}</span>
                    <input id="model" type="text" list="model-ids" spellcheck="false" autocomplete="off"
                        prop:value=move || form.with(|f| f.model.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.model = v); } />
                    <datalist id="model-ids">{move || model_ids.get().into_iter().map(|id| view! { <option value=id></option> }).collect_view()}</datalist>
                </label>
                <button type="button" id="check-models" class="secondary" on:click=check_models
                    disabled=move || catalog_surface.get().is_none_or(|s| s.models_path.is_none())
                    title=t!("ui.endpoint.check-models-title", "GET /models and compare it with the catalog")>{t!("ui.endpoint.check-models", "Check /models")}</button>
                <ProbeServer surface=Signal::derive(move || catalog_surface.get()) />
            </div>
            {move || match models_check.get() {
                ModelsCheck::Idle => ().into_any(),
                ModelsCheck::Loading => view! { <p class="muted">{t!("ui.endpoint.models-loading", "Asking /models…")}</p> }.into_any(),
                ModelsCheck::Failed(e) => view! { <p class="warn models-result">{e}</p> }.into_any(),
                ModelsCheck::Done(ids, diff, patch) => view! {
                    <div class="models-result">
                        <p>{tf!("ui.endpoint.models-live", "{n} models live. ", n = ids.len())}
                           {tf!("ui.endpoint.models-matched", "In the catalog too: {n}. ", n = diff.matched.len())}
                           {(!diff.live_unknown.is_empty()).then(|| tf!("ui.endpoint.models-live-only", "Live only (not in the catalog): {ids}. ", ids = diff.live_unknown.join(", ")))}
                           {(!diff.catalogued_missing.is_empty()).then(|| tf!("ui.endpoint.models-missing", "Catalogued but not offered here: {ids}. ", ids = diff.catalogued_missing.join(", ")))}
                           {(!diff.case_mismatches.is_empty()).then(|| tf!("ui.endpoint.models-case", "Case differs: {pairs}.", pairs = diff.case_mismatches.iter().map(|(a, b)| format!("{a} ≠ {b}")).collect::<Vec<_>>().join(", ")))}</p>
                        <details class="models-proposal">
                            <summary>{t!("ui.endpoint.patch", "Proposed catalog patch")}</summary>
                            <p class="muted">{t!("ui.endpoint.patch-hint", "What this listing says that the catalog does not, as TOML for catalog/*.toml, each entry sourced to this listing and dated today. Review before sending it upstream.")}</p>
                            <CopyButton text=Signal::derive({ let p = patch.clone(); move || p.clone() }) label=t!("ui.endpoint.copy-patch", "Copy patch") aria=t!("ui.endpoint.copy-patch-aria", "Copy the proposed catalog patch") />
                            <pre class="models-patch" tabindex="0">{patch}</pre>
                        </details>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
