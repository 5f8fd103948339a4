//! The two places the page asks the user about where their key goes: the banner for an
//! endpoint a share link set, and the confirmation before a key first meets a host the user did
//! not choose.

use leptos::html;
use leptos::prelude::*;

use crate::ui::state::Ctx;

/// "This link set the endpoint to …", with "Use the catalog endpoint" and "Keep it".
#[component]
pub fn LinkEndpointBanner() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        {move || ctx.link_endpoint.get().map(|url| view! {
            <div class="banner link-endpoint" id="link-endpoint-banner" role="alert">
                <p><strong>{tf!("ui.consent.link-endpoint", "This link set the endpoint to {url}", url = url)}</strong></p>
                <p class="muted">{t!("ui.consent.link-endpoint-why", "Links can carry a base URL. Your key is sent there only if you keep it; otherwise the surface's own endpoint is used.")}</p>
                <div class="row">
                    <button type="button" class="primary" id="use-catalog-endpoint" on:click=move |_| ctx.use_catalog_endpoint()>{t!("ui.consent.use-catalog-endpoint", "Use the catalog endpoint")}</button>
                    <button type="button" class="secondary" id="keep-link-endpoint" on:click=move |_| ctx.keep_link_endpoint()>{t!("ui.consent.keep-link-endpoint", "Keep it")}</button>
                </div>
            </div>
        })}
    }
}

/// The confirmation before a key first goes to a host that is neither the surface's catalog
/// host nor one the user typed or confirmed. Declining (or Escape) sends nothing.
#[component]
pub fn ConsentDialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let asking = ctx.consent.asking.get().is_some();
        if let Some(d) = dialog.get() {
            if asking && !d.open() {
                let _ = d.show_modal();
            } else if !asking && d.open() {
                d.close();
            }
        }
    });
    let origin = move || ctx.consent.asking.get().unwrap_or_default();
    view! {
        <dialog node_ref=dialog id="key-consent" class="consent" aria-labelledby="consent-h" aria-describedby="consent-why"
            on:cancel=move |ev: leptos::ev::Event| { ev.prevent_default(); ctx.consent.decline(); }>
            <h2 id="consent-h">{move || tf!("ui.consent.title", "Send your API key to {origin}?", origin = origin())}</h2>
            <p id="consent-why">{move || tf!(
                "ui.consent.why",
                "{origin} is not the surface's own host, and you did not type it in this page: a link, an imported file or a saved server set it. Send your key only to a server you run or trust.",
                origin = origin())}</p>
            <p class="muted">{t!("ui.consent.kept", "Your answer is kept in this page's memory until you reload it, like the key.")}</p>
            <div class="row">
                <button type="button" class="secondary" id="consent-no" autofocus on:click=move |_| ctx.consent.decline()>{t!("ui.consent.decline", "Don't send")}</button>
                <button type="button" class="primary" id="consent-yes" on:click=move |_| ctx.consent.accept()>
                    {move || tf!("ui.consent.accept", "Send my key to {origin}", origin = origin())}</button>
            </div>
        </dialog>
    }
}
