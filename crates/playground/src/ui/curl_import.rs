//! "Paste a curl command": the core's curl import fills surface, base URL, model, dialect and
//! request; a key in the command goes into the key field (memory only), and everything that
//! could not be imported is listed.

use leptos::prelude::*;
use qwen_route::curl::{import_curl, NotImported};

use crate::ui::state::Ctx;

#[derive(Clone, PartialEq)]
enum Outcome {
    Idle,
    Imported { summary: String, left_out: Vec<NotImported> },
    Failed(String),
}

/// The curl import disclosure.
#[component]
pub fn CurlImport() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(Outcome::Idle);
    let import = move |_| {
        let cmd = text.get_untracked();
        match import_curl(&cmd) {
            Ok(i) => {
                let base = i.request.base_url.clone().unwrap_or_default();
                ctx.form.update(|f| {
                    let mut next = f.with_shape_request(&i.request);
                    next.surface = i.request.surface.clone();
                    // The base URL goes through the typed path below (provenance and trust).
                    next.base_url.clear();
                    *f = next;
                });
                // The pasted URL is the user's own choice, as if typed.
                if base.is_empty() {
                    ctx.use_catalog_endpoint();
                } else {
                    ctx.base_url_typed(base);
                }
                let key_note = match (&i.key, &i.key_env) {
                    (Some(k), _) => {
                        ctx.key.set(k.clone());
                        t!(
                            "ui.curl-import.key-filled",
                            "The key from the command is in the key field (this page's memory only)."
                        )
                        .to_string()
                    }
                    (None, Some(env)) => tf!(
                        "ui.curl-import.key-env",
                        "The command reads its key from ${env}: type the key into the key field.",
                        env = env
                    ),
                    (None, None) => {
                        t!("ui.curl-import.no-key", "The command carries no key.").to_string()
                    }
                };
                // The command text held the key: it is not kept.
                text.set(String::new());
                outcome.set(Outcome::Imported {
                    summary: tf!(
                        "ui.curl-import.imported",
                        "Imported {surface} · {model} ({via}). {key_note}",
                        surface = i.request.surface,
                        model = i.request.model,
                        via = crate::i18n::msg(&i.surface_via),
                        key_note = key_note
                    ),
                    left_out: i.not_imported,
                });
            }
            Err(e) => outcome.set(Outcome::Failed(e.to_string())),
        }
    };
    view! {
        <details class="curl-import">
            <summary>{t!("ui.curl-import.title", "Paste a curl command")}</summary>
            <p class="muted">{t!("ui.curl-import.intro", "From the OpenAI, DashScope or vLLM docs, from Export, or from a browser's “Copy as cURL”. Nothing is run; a key in it stays in this page's memory.")}</p>
            <label class="field" for="curl-text"><span>{t!("ui.curl-import.command", "curl command")}</span>
                <textarea id="curl-text" rows="5" spellcheck="false" autocomplete="off"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <button type="button" class="secondary" id="curl-import" disabled=move || text.with(|t| t.trim().is_empty()) on:click=import>{t!("ui.curl-import.import", "Import")}</button>
            {move || match outcome.get() {
                Outcome::Idle => ().into_any(),
                Outcome::Failed(e) => view! { <p class="error curl-error" role="alert">{e}</p> }.into_any(),
                Outcome::Imported { summary, left_out } => view! {
                    <div class="curl-result" role="status">
                        <p class="note">{summary}</p>
                        {(!left_out.is_empty()).then(|| view! {
                            <p class="muted">{t!("ui.curl-import.not-imported", "Not imported:")}</p>
                            <ul class="notes curl-left-out">{left_out.into_iter().map(|n| view! {
                                <li><code>{n.what}</code>" — "{crate::i18n::msg(&n.why)}</li>
                            }).collect_view()}</ul>
                        })}
                    </div>
                }.into_any(),
            }}
        </details>
    }
}
