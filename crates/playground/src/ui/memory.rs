//! The memory panel: off by default (nothing written anywhere); on request, saved routes, the
//! user's servers and an experiment log in one `localStorage` entry, with export, import and
//! "Forget everything".

use leptos::prelude::*;

use crate::memory::{self, Experiment, Memory, Server};
use crate::run::Phase;
use crate::ui::common::{ms, read_picked_file, ReadAs};
use crate::ui::export::download;
use crate::ui::state::Ctx;

/// Log each finished run while memory is on.
pub fn log_runs(ctx: Ctx, mem: RwSignal<Option<Memory>>) {
    Effect::new(move |prev: Option<Phase>| {
        let phase = ctx.run.phase.get();
        let finished = matches!(phase, Phase::Done | Phase::Failed | Phase::Aborted);
        if finished && prev != Some(phase) && mem.with_untracked(Option::is_some) {
            let form = ctx.form.get_untracked();
            let a = ctx.run.assembled.get_untracked();
            let e = Experiment {
                at: String::from(js_sys::Date::new_0().to_iso_string()),
                surface: form.surface.clone(),
                model: form.model.clone(),
                status: ctx.run.status.get_untracked(),
                outcome: match phase {
                    Phase::Aborted => "aborted".into(),
                    _ => a
                        .as_ref()
                        .and_then(|a| serde_json::to_value(a.end).ok())
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_else(|| "failed".into()),
                },
                diagnosis: ctx.run.diagnosis.get_untracked().map(|d| d.code.to_string()),
                first_answer_ms: ctx.run.first_answer_ms.get_untracked(),
                total_ms: a.as_ref().and_then(|a| a.timings.as_ref()).and_then(|t| t.total_ms),
                total_tokens: ctx.run.usage.get_untracked().and_then(|u| u.total_tokens),
                request: Some(form),
            };
            mem.update(|m| {
                if let Some(m) = m {
                    m.log(e);
                    memory::save(m, &ctx.key.redactor());
                }
            });
        }
        phase
    });
}

/// The memory panel.
#[component]
pub fn MemoryPanel(
    /// The memory (`None`: off).
    mem: RwSignal<Option<Memory>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let name = RwSignal::new(String::new());
    let on = Signal::derive(move || mem.with(Option::is_some));
    let change = move |f: Box<dyn FnOnce(&mut Memory)>| {
        mem.update(|m| {
            if let Some(m) = m {
                f(m);
                memory::save(m, &ctx.key.redactor());
            }
        });
    };
    let toggle = move |ev: leptos::ev::Event| {
        if event_target_checked(&ev) {
            let m = memory::load().unwrap_or_default();
            memory::save(&m, &ctx.key.redactor());
            mem.set(Some(m));
        } else {
            memory::forget();
            mem.set(None);
        }
    };
    let import = move |ev: leptos::ev::Event| {
        read_picked_file(&ev, ReadAs::Text, move |text| {
            if let Ok(m) = Memory::import(&text) {
                memory::save(&m, &ctx.key.redactor());
                mem.set(Some(m));
            }
        });
    };
    view! {
        <section class="card memory" aria-labelledby="memory-h">
            <h2 id="memory-h">{t!("ui.memory.title", "Memory")}</h2>
            <label class="check"><input type="checkbox" id="remember" prop:checked=move || on.get() on:change=toggle/>{t!("ui.memory.remember", " Remember on this device")}</label>
            <p class="muted">{move || if on.get() {
                t!(
                    "ui.memory.on",
                    "On: saved routes, your servers (never a key) and an experiment log stay in this browser until you forget them. Turning it off forgets everything."
                )
            } else {
                t!("ui.memory.off", "Off: nothing is written to this browser's storage.")
            }}</p>
            <Show when=move || on.get()>
                <label class="check"><input type="checkbox" id="include-prompts"
                    prop:checked=move || mem.with(|m| m.as_ref().is_some_and(|m| m.include_prompts))
                    on:change=move |ev| { let v = event_target_checked(&ev); change(Box::new(move |m| m.include_prompts = v)); }/>{t!("ui.memory.include-prompts", " include prompts in the experiment log")}</label>
                <div class="row">
                    <input id="memory-name" class="grow" type="text" placeholder=t!("ui.memory.name", "name") aria-label=t!("ui.memory.name-aria", "Name to save under")
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <button type="button" class="secondary" id="save-route" on:click=move |_| {
                        let r = Memory::route_from(&name.get_untracked(), &ctx.form.get_untracked());
                        change(Box::new(move |m| m.routes.push(r)));
                    }>{t!("ui.memory.save-route", "Save route")}</button>
                    <button type="button" class="secondary" id="save-server" on:click=move |_| {
                        let f = ctx.form.get_untracked();
                        let s = Server { name: name.get_untracked(), surface: f.surface.clone(), base_url: f.base_url.clone() };
                        change(Box::new(move |m| m.servers.push(s)));
                    }>{t!("ui.memory.save-server", "Save server")}</button>
                </div>
                <ul class="saved routes">{move || mem.get().map(|m| m.routes.into_iter().enumerate().map(|(i, r)| {
                    let label = format!("{} — {} · {}", if r.name.is_empty() { t!("ui.memory.route", "route") } else { &r.name }, r.surface, r.model);
                    view! { <li>
                        <button type="button" class="link use-route" on:click=move |_| ctx.form.update(|f| Memory::apply_route(&r, f))>{label}</button>
                        <button type="button" class="link danger" on:click=move |_| change(Box::new(move |m| { if i < m.routes.len() { m.routes.remove(i); } }))>{t!("ui.memory.remove", "remove")}</button>
                    </li> }
                }).collect_view())}</ul>
                <ul class="saved servers">{move || mem.get().map(|m| m.servers.into_iter().enumerate().map(|(i, s)| {
                    let label = format!("{} — {} {}", if s.name.is_empty() { t!("ui.memory.server", "server") } else { &s.name }, s.surface, s.base_url);
                    view! { <li>
                        <button type="button" class="link use-server" on:click=move |_| ctx.use_saved_server(s.surface.clone(), s.base_url.clone())>{label}</button>
                        <button type="button" class="link danger" on:click=move |_| change(Box::new(move |m| { if i < m.servers.len() { m.servers.remove(i); } }))>{t!("ui.memory.remove", "remove")}</button>
                    </li> }
                }).collect_view())}</ul>
                <details class="experiments">
                    <summary>{move || tf!("ui.memory.log", "Experiment log ({n})", n = mem.with(|m| m.as_ref().map_or(0, |m| m.experiments.len())))}</summary>
                    <table class="log">
                        <thead><tr>
                            <th>{t!("ui.memory.col-when", "when")}</th>
                            <th>{t!("ui.memory.col-route", "surface · model")}</th>
                            <th>{t!("ui.memory.col-outcome", "outcome")}</th>
                            <th>{t!("ui.memory.col-first-answer", "first answer")}</th>
                            <th>{t!("ui.memory.col-tokens", "tokens")}</th>
                        </tr></thead>
                        <tbody>{move || mem.get().map(|m| m.experiments.into_iter().rev().take(20).map(|e| view! {
                            <tr><td>{e.at.get(11..19).unwrap_or("").to_string()}</td><td>{format!("{} · {}", e.surface, e.model)}</td>
                                <td>{match &e.diagnosis { Some(d) => format!("{} ({d})", e.outcome), None => e.outcome.clone() }}</td>
                                <td>{ms(e.first_answer_ms)}</td><td>{e.total_tokens.map(|t| t.to_string()).unwrap_or_default()}</td></tr>
                        }).collect_view())}</tbody>
                    </table>
                </details>
                <div class="row">
                    <button type="button" class="secondary" id="export-memory"
                        on:click=move |_| if let Some(m) = mem.get_untracked() { download("qwen-route-memory.json", &m.to_json(&ctx.key.redactor())) }>{t!("ui.memory.export", "Export")}</button>
                    <label class="file secondary">{t!("ui.memory.import", "Import")}<input type="file" id="import-memory" accept="application/json" class="visually-hidden" on:change=import/></label>
                    <button type="button" class="secondary danger" id="forget" on:click=move |_| {
                        memory::forget();
                        mem.set(None);
                    }>{t!("ui.memory.forget", "Forget everything")}</button>
                </div>
            </Show>
        </section>
    }
}
