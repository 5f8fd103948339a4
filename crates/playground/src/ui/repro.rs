//! After a failure: a redacted one-file repro to copy, and "Minimize", which re-sends ever
//! smaller payloads (the core's reducer proposes them) until only what shows the same problem is
//! left (the design brief).

use leptos::prelude::*;
use qwen_route::repro::{bundle, classify, Reduced, Reducer};

use crate::key::SealedKey;
use crate::run::RunContext;
use crate::transport::{self, Outgoing};
use crate::ui::common::{pretty, CopyButton};
use crate::ui::state::Ctx;

#[derive(Debug, Clone, PartialEq)]
enum Progress {
    Idle,
    Running(Vec<String>),
    Done(Reduced),
    Failed(String),
}

/// Re-send ever smaller payloads until only what still shows `target` is left.
fn minimize_with(
    progress: RwSignal<Progress>,
    mut reducer: Reducer,
    out: Outgoing,
    key: SealedKey,
    rc: RunContext,
    sandbox_path: Option<String>,
    target: &'static str,
) {
    progress.set(Progress::Running(Vec::new()));
    leptos::task::spawn_local(async move {
        let mut lines = Vec::new();
        while let Some(c) = reducer.next_candidate() {
            let attempt = Outgoing { body: c.body.to_string(), ..out.clone() };
            let got = transport::collect(attempt, key.clone(), sandbox_path.clone()).await;
            let headers = got.headers.iter().cloned().collect();
            let code = if got.status == 0 {
                None
            } else {
                classify(&rc.surface, &rc.summary, got.status, &headers, &got.body).map(|x| x.code)
            };
            let line = match (code == Some(target), code) {
                (true, _) => {
                    tf!(
                        "ui.repro.step-removed",
                        "{step}: still {code} → removed",
                        step = c.step,
                        code = target
                    )
                }
                (false, Some(other)) => {
                    tf!(
                        "ui.repro.step-became",
                        "{step}: became {code} → kept",
                        step = c.step,
                        code = other
                    )
                }
                (false, None) => {
                    tf!("ui.repro.step-succeeded", "{step}: succeeded → kept", step = c.step)
                }
            };
            lines.push(line);
            progress.set(Progress::Running(lines.clone()));
            reducer.report(if got.status == 0 { Some("no-answer") } else { code });
        }
        progress.set(Progress::Done(reducer.result()));
    });
}

/// The repro panel, shown under the inspector when the main run failed.
#[component]
pub fn ReproPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let run = ctx.run;
    let progress = RwSignal::new(Progress::Idle);
    // A new failure starts over.
    Effect::new(move |_| {
        run.diagnosis.track();
        progress.set(Progress::Idle);
    });
    let bundle_text = Signal::derive(move || {
        let Some(mut input) = run.repro_input() else { return String::new() };
        if let Progress::Done(r) = progress.get() {
            input.request.body = r.body;
        }
        let d = run.diagnosis.get();
        let timings = run.assembled.with(|a| a.as_ref().and_then(|a| a.timings.clone()));
        let text = serde_json::to_string_pretty(&bundle(&input, d.as_ref(), timings.as_ref()))
            .unwrap_or_default();
        ctx.key.is_set();
        ctx.key.redactor().text(&text)
    });
    let minimize = move |_| {
        let Some(d) = run.diagnosis.get_untracked() else { return };
        let Some(input) = run.repro_input() else { return };
        let form = ctx.form.get_untracked();
        let Ok((out, rc, sandbox_path, url)) = ctx.prepare(&form, &ctx.key) else { return };
        let key = ctx.key.sealed_for(&form);
        let reducer = match Reducer::new(&input.request.body, d.code) {
            Ok(r) => r,
            Err(e) => {
                progress.set(Progress::Failed(e.to_string()));
                return;
            }
        };
        let targets = ctx.target(&form, &url, &key).into_iter().collect();
        ctx.guard(
            targets,
            Box::new(move || minimize_with(progress, reducer, out, key, rc, sandbox_path, d.code)),
        );
    };
    view! {
        <Show when=move || run.diagnosis.with(Option::is_some) && run.sent.with(Option::is_some)>
            <section class="card repro" aria-labelledby="repro-h">
                <h2 id="repro-h">{t!("ui.repro.title", "Repro")}</h2>
                <p class="muted">{t!(
                    "ui.repro.intro",
                    "A redacted one-file repro for a bug report: the request with your key as a placeholder, a curl script, the response, timings, the diagnosis and the catalog version. Minimize first to keep only what still shows this problem."
                )}</p>
                <div class="row">
                    <button type="button" class="secondary" id="minimize" on:click=minimize
                        disabled=move || matches!(progress.get(), Progress::Running(_))>{t!("ui.repro.minimize", "Minimize")}</button>
                    <CopyButton text=bundle_text label=t!("ui.repro.copy", "Copy repro") aria=t!("ui.repro.copy-aria", "Copy the repro bundle")/>
                </div>
                {move || match progress.get() {
                    Progress::Idle => ().into_any(),
                    Progress::Failed(e) => view! { <p class="error">{e}</p> }.into_any(),
                    Progress::Running(lines) => view! {
                        <p class="muted">{t!("ui.repro.running", "Re-sending smaller payloads…")}</p>
                        <ol class="repro-steps">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ol>
                    }.into_any(),
                    Progress::Done(r) => view! {
                        <p class="repro-done">{tf!(
                            "ui.repro.done",
                            "Minimal payload for {target}: {removed} field(s) and message(s) removed in {steps} step(s).",
                            target = r.target,
                            removed = r.removed,
                            steps = r.steps.len()
                        )}</p>
                        <pre class="code repro-body" tabindex="0">{pretty(&r.body)}</pre>
                    }.into_any(),
                }}
            </section>
        </Show>
    }
}
