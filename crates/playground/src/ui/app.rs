//! The page: route picker, endpoint and request builder on the left; the wire request, lint,
//! send bar, response inspector and export on the right; compare below.

use leptos::prelude::*;
use qwen_route::lint::Severity;

use crate::form::Form;
use crate::form::{generated_result, ToolCallEntry, TurnStats};
use crate::i18n::LangSignal;
use crate::share;
use crate::ui::builder::Builder;
use crate::ui::common::CopyRedaction;
use crate::ui::compare::Compare;
use crate::ui::consent::{ConsentDialog, LinkEndpointBanner};
use crate::ui::endpoint::Endpoint;
use crate::ui::export::ExportPanel;
use crate::ui::inspector::Inspector;
use crate::ui::lang::LangSwitch;
use crate::ui::memory::{log_runs, MemoryPanel};
use crate::ui::picker::{Choice, RoutePicker};
use crate::ui::repro::ReproPanel;
use crate::ui::state::Ctx;
use crate::ui::wire::Wire;

/// The request a share link carries, if the page was opened with one. Its base URL is kept as
/// the link set it: the banner names it, and the key does not follow it without the user's
/// confirmation (see `trust`).
fn initial_form() -> Option<Form> {
    web_sys::window().and_then(|w| w.location().hash().ok()).and_then(|h| share::parse(&h))
}

/// Focus message `i`'s text once the builder has drawn it.
fn focus_message(i: usize) {
    leptos::prelude::request_animation_frame(move || {
        let el = web_sys::window().and_then(|w| w.document()).and_then(|d| {
            let label = tf!("ui.builder.message", "Message {n}", n = i + 1);
            d.query_selector(&format!("textarea[aria-label=\"{label}\"]")).ok().flatten()
        });
        if let Some(el) =
            el.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
            el.scroll_into_view();
        }
    });
}

fn toggle_theme() {
    let Some(root) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
    else {
        return;
    };
    let dark_now = match root.get_attribute("data-theme").as_deref() {
        Some("dark") => true,
        Some(_) => false,
        None => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches()),
    };
    let _ = root.set_attribute("data-theme", if dark_now { "light" } else { "dark" });
}

/// The playground.
#[component]
pub fn App() -> impl IntoView {
    let ctx = match initial_form() {
        Some(form) => Ctx::new(form, true),
        None => Ctx::new(Form::default(), false),
    };
    // A link may say the relay switch was on; the relay's address stays this page's own.
    if web_sys::window().and_then(|w| w.location().hash().ok()).is_some_and(|h| share::relay_in(&h))
    {
        ctx.relay_on.set(true);
    }
    provide_context(ctx);
    provide_context(CopyRedaction(Callback::new(move |text: String| {
        ctx.key.redactor().text(&text)
    })));
    // Memory is on only if the user turned it on earlier on this device.
    let mem = RwSignal::new(crate::memory::load());
    log_runs(ctx, mem);
    // The language: switching re-renders the page from the same state (form, key, answer).
    let lang = LangSignal(RwSignal::new(crate::i18n::lang()));
    provide_context(lang);
    move || {
        let l = lang.0.get();
        crate::i18n::set_lang(l);
        view! { <Page mem=mem/> }
    }
}

/// The page's panels over the state [`App`] holds: re-rendered as a whole when the language
/// changes.
#[component]
fn Page(mem: RwSignal<Option<crate::memory::Memory>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // A removed surface answers nothing: the page says so instead of sending.
    let removed = Memo::new(move |_| {
        ctx.form.with(|f| {
            qwen_route::catalog::surface(f.shape_surface()).is_some_and(|s| s.is_removed())
        })
    });
    let send = move || {
        if !ctx.run.busy() && !removed.get_untracked() {
            ctx.send();
        }
    };
    let shortcuts_open = RwSignal::new(false);
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "Enter" {
            ev.prevent_default();
            send();
            return;
        }
        // Single keys only where typing is not going on.
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|e| {
                matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || e.has_attribute("contenteditable")
            });
        match ev.key().as_str() {
            "?" if !typing => {
                ev.prevent_default();
                shortcuts_open.update(|o| *o = !*o);
            }
            "Escape" if shortcuts_open.get_untracked() => shortcuts_open.set(false),
            "Escape" if ctx.run.busy() => ctx.run.abort(),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    // The overlay takes the focus when it opens.
    Effect::new(move |_| {
        if shortcuts_open.get() {
            request_animation_frame(|| {
                let el = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("shortcuts-close"))
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
                if let Some(el) = el {
                    let _ = el.focus();
                }
            });
        }
    });
    let shape_state = Memo::new(move |_| {
        ctx.shaped.with(|r| {
            r.as_ref()
                .map(|s| s.lint.iter().filter(|l| l.severity == Severity::Error).count())
                .map_err(|_| ())
        })
    });
    let use_route = Callback::new(move |c: Choice| {
        ctx.use_catalog_endpoint();
        ctx.form.set(c.form);
    });
    let retry = Callback::new(move |_| send());
    let answered = move || {
        let calls: Vec<ToolCallEntry> = ctx
            .run
            .tools
            .get_untracked()
            .into_iter()
            .map(|t| ToolCallEntry { id: t.id, name: t.name, arguments: t.arguments })
            .collect();
        (ctx.run.answer.get_untracked(), ctx.run.reasoning.get_untracked(), calls)
    };
    // The answer's timings and usage, kept on its assistant turn for the transcript.
    let stats = move || {
        let total = ctx.run.assembled.with_untracked(|a| {
            a.as_ref().and_then(|a| a.timings.as_ref()).and_then(|t| t.total_ms)
        });
        let usage = ctx.run.usage.get_untracked();
        TurnStats {
            first_answer_ms: ctx.run.first_answer_ms.get_untracked(),
            total_ms: total,
            prompt_tokens: usage.and_then(|u| u.prompt_tokens),
            completion_tokens: usage.and_then(|u| u.completion_tokens),
        }
    };
    let continue_cb = Callback::new(move |_| {
        let (answer, reasoning, calls) = answered();
        let mut at = 0;
        let st = stats();
        ctx.form.update(|f| {
            at = f.continue_with_reasoning(&answer, &reasoning, &calls);
            f.set_last_answer_stats(st);
        });
        focus_message(at);
    });
    let add_result = Callback::new(move |id: String| {
        let (answer, reasoning, calls) = answered();
        let result = calls.iter().find(|c| c.id == id).map(generated_result).unwrap_or_default();
        let mut at = 0;
        ctx.form.update(|f| {
            at = f.add_tool_result_with_reasoning(&answer, &reasoning, &calls, &id, &result)
        });
        focus_message(at);
    });
    view! {
        <header class="top">
            <h1>"qwen-route "<span class="muted">"playground"</span></h1>
            <p class="tagline">{t!("ui.app.tagline", "Which surface, which model, which exact request — and what will go wrong before you send it.")}</p>
            <LangSwitch/>
            <button type="button" class="secondary theme" aria-label=t!("ui.app.theme-aria", "Switch light or dark theme") on:click=move |_| toggle_theme()>{t!("ui.app.theme", "◐ theme")}</button>
        </header>
        <LinkEndpointBanner/>
        <ConsentDialog/>
        <Show when=move || shortcuts_open.get()>
            <div class="shortcuts-overlay" role="dialog" aria-modal="true" aria-labelledby="shortcuts-h" on:click=move |_| shortcuts_open.set(false)>
                <div class="card shortcuts" on:click=|ev| ev.stop_propagation()>
                    <h2 id="shortcuts-h">{t!("ui.app.shortcuts", "Keyboard shortcuts")}</h2>
                    <table>
                        <tbody>
                            <tr><th scope="row"><kbd>"Ctrl/⌘ + Enter"</kbd></th><td>{t!("ui.app.shortcut-send", "Send the request")}</td></tr>
                            <tr><th scope="row"><kbd>"Esc"</kbd></th><td>{t!("ui.app.shortcut-esc", "Stop a running request (keeps the partial answer); close this list")}</td></tr>
                            <tr><th scope="row"><kbd>"?"</kbd></th><td>{t!("ui.app.shortcut-help", "Show or hide this list (outside text fields)")}</td></tr>
                        </tbody>
                    </table>
                    <button type="button" class="secondary" id="shortcuts-close" on:click=move |_| shortcuts_open.set(false)>{t!("ui.app.close", "Close")}</button>
                </div>
            </div>
        </Show>
        <main class="layout">
            <div class="col">
                <details class="card picker-card">
                    <summary><h2>{t!("ui.app.route-picker", "Route picker")}</h2><span class="muted">{t!("ui.app.route-picker-hint", " — workload and constraints to surface, model and parameters")}</span></summary>
                    <RoutePicker on_use=use_route/>
                </details>
                <Endpoint/>
                <Builder/>
                <MemoryPanel mem=mem/>
            </div>
            <div class="col">
                <Wire/>
                <div class="sendbar">
                    <button type="button" id="send" class="primary"
                        disabled=move || shape_state.with(Result::is_err) || ctx.run.busy() || removed.get()
                        on:click=move |_| send()>{t!("ui.app.send", "Send")}</button>
                    <button type="button" id="abort" class="secondary" disabled=move || !ctx.run.busy() on:click=move |_| ctx.run.abort()>{t!("ui.app.abort", "Abort")}</button>
                    <span class="muted kbd">{t!("ui.app.shortcuts-hint", "Ctrl/⌘ + Enter · ? for shortcuts")}</span>
                    {move || match shape_state.get() {
                        Ok(n) if n > 0 => view! { <span class="warn-text">{tf!("ui.app.preflight-errors", "{n} pre-flight error(s): the server will likely refuse this", n = n)}</span> }.into_any(),
                        _ => ().into_any(),
                    }}
                    {move || ctx.consent.refused.get().map(|e| view! { <span class="error send-refused" role="alert">{tf!("ui.app.not-sent", "Not sent: {error}", error = e)}</span> })}
                    <Show when=move || removed.get()>
                        <span class="error send-removed" role="status">{t!("ui.app.surface-removed", "This surface was removed: nothing answers there. Pick another surface (the pre-flight names the replacement).")}</span>
                    </Show>
                </div>
                <Inspector run=ctx.run on_retry=retry on_continue=continue_cb on_add_result=add_result/>
                <crate::ui::transcript::Transcript/>
                <ReproPanel/>
                <ExportPanel/>
            </div>
        </main>
        <details class="compare-wrap">
            <summary>{t!("ui.app.compare", "Compare two routes side by side")}</summary>
            <Compare/>
        </details>
        <footer class="muted">
            {tf!("ui.app.footer", "qwen-route {version} · catalog {catalog} · no analytics, no third-party requests: the only traffic is to the endpoint you choose · keys stay in this page's memory", version = env!("CARGO_PKG_VERSION"), catalog = qwen_route::catalog::CATALOG_VERSION)}
        </footer>
    }
}
