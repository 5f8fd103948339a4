//! **Probe server**: the core's capability probe, run from the page. The plan's requests go
//! through the same gate, relay and key handling as every other send; the browser makes its
//! own CORS preflight, so CORS is judged from whether the answers were readable.

use leptos::prelude::*;
use qwen_route::catalog::Surface;
use qwen_route::diagnose::TransportFailure;
use qwen_route::probe::{
    choose_model, judge_probe, probe_plan, ProbeAnswer, ProbeOptions, ProbePlan, ProbeReport,
    StepId, Verdict,
};

use crate::transport::{self, Outgoing};
use crate::ui::common::CopyButton;
use crate::ui::state::Ctx;

/// Where the probe is.
#[derive(Debug, Clone, PartialEq)]
enum ProbeState {
    Idle,
    Running(String),
    Done(Box<ProbeReport>),
    Failed(String),
}

fn page_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

fn failure_word(kind: Option<TransportFailure>) -> String {
    kind.unwrap_or(TransportFailure::Network).as_str().to_string()
}

/// The button and the report, for the endpoint card.
#[component]
pub fn ProbeServer(
    /// The chosen surface's catalog row.
    #[prop(into)]
    surface: Signal<Option<&'static Surface>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let state = RwSignal::new(ProbeState::Idle);
    let run = move |_| {
        let f = ctx.form.get_untracked();
        let Some(s) = surface.get_untracked() else { return };
        let base = if f.base_url.trim().is_empty() {
            s.base_url.to_string()
        } else {
            f.base_url.trim().trim_end_matches('/').to_string()
        };
        let model = f.model.trim().to_string();
        let opts = ProbeOptions {
            surface: s.id.to_string(),
            base_url: Some(base),
            model: (!model.is_empty()).then_some(model),
            // The Sandbox answers inside the page: there is no cross-origin call to judge.
            origin: (!f.is_sandbox()).then(page_origin),
            browser: true,
        };
        let plan = match probe_plan(&opts) {
            Ok(p) => p,
            Err(e) => {
                state.set(ProbeState::Failed(e.to_string()));
                return;
            }
        };
        let key = ctx.key.sealed_for(&f);
        let targets = plan.steps.iter().filter_map(|st| ctx.target(&f, &st.url, &key)).collect();
        ctx.guard(
            targets,
            Box::new(move || {
                state.set(ProbeState::Running(crate::i18n::msg(&plan.cost_line())));
                leptos::task::spawn_local(async move {
                    let send = |plan: &ProbePlan, id: StepId| {
                        let step = plan.steps.iter().find(|x| x.id == id).cloned();
                        let f = ctx.form.get_untracked();
                        let key = key.clone();
                        async move {
                            let step = step?;
                            let (url, sandbox_path) = ctx.destination(&f, &step.url);
                            let out = Outgoing {
                                url,
                                method: step.method.to_string(),
                                headers: step.headers.clone(),
                                body: step.body.as_ref().map(|b| b.to_string()).unwrap_or_default(),
                            };
                            let got = transport::collect_within(
                                out,
                                key,
                                sandbox_path,
                                Some(step.timeout_ms),
                            )
                            .await;
                            Some(ProbeAnswer {
                                step: Some(step.id),
                                status: (got.status > 0 && got.failure_kind.is_none())
                                    .then_some(got.status),
                                headers: got.headers,
                                body: String::from_utf8_lossy(&got.body).into_owned(),
                                failure: got.failure_kind.map(|k| failure_word(Some(k))),
                            })
                        }
                    };
                    let mut opts = opts;
                    let mut plan = plan;
                    let mut answers = Vec::new();
                    if plan.model.is_empty() {
                        if let Some(a) = send(&plan, StepId::Models).await {
                            if a.status.is_some_and(|s| (200..300).contains(&s)) {
                                opts.model = qwen_route::catalog::surface(&opts.surface)
                                    .and_then(|s| choose_model(s, &a.body));
                            }
                            answers.push(a);
                        }
                        if opts.model.is_some() {
                            if let Ok(p) = probe_plan(&opts) {
                                plan = p;
                            }
                        }
                    }
                    let ids: Vec<StepId> = plan.steps.iter().map(|s| s.id).collect();
                    for (i, id) in ids.iter().enumerate() {
                        if answers.iter().any(|a: &ProbeAnswer| a.step == Some(*id)) {
                            continue;
                        }
                        state.set(ProbeState::Running(tf!(
                            "ui.probe.step",
                            "{cost} · {n} of {total}: {step}",
                            cost = crate::i18n::msg(&plan.cost_line()),
                            n = i + 1,
                            total = ids.len(),
                            step = id.as_str()
                        )));
                        if let Some(a) = send(&plan, *id).await {
                            answers.push(a);
                        }
                    }
                    state.set(ProbeState::Done(Box::new(judge_probe(&plan, &answers))));
                });
            }),
        );
    };
    view! {
        <button type="button" id="probe-server" class="secondary" on:click=run
            disabled=move || surface.get().is_none() || matches!(state.get(), ProbeState::Running(_))
            title=t!("ui.probe.title", "Send a few small requests and report what this server can do, with the flag to fix what is missing")>{t!("ui.probe.button", "Probe server")}</button>
        {move || match state.get() {
            ProbeState::Idle => ().into_any(),
            ProbeState::Running(what) => view! { <p class="muted probe-running" role="status">{tf!("ui.probe.running", "Probing… {what}", what = what)}</p> }.into_any(),
            ProbeState::Failed(e) => view! { <p class="warn probe-report" role="status">{e}</p> }.into_any(),
            ProbeState::Done(r) => report_view(*r).into_any(),
        }}
    }
}

/// A verdict as the report shows it (the `data-verdict` hook keeps the core's word).
fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Yes => t!("ui.probe.verdict-yes", "yes"),
        Verdict::No => t!("ui.probe.verdict-no", "no"),
        Verdict::Unknown => t!("ui.probe.verdict-unknown", "unknown"),
    }
}

fn report_view(r: ProbeReport) -> impl IntoView {
    let summary = if r.ok {
        t!("ui.probe.all-present", "Everything this server and model should have is there.")
            .to_string()
    } else {
        tf!("ui.probe.missing", "Missing: {missing}.", missing = r.missing.join(", "))
    };
    let rows = r.capabilities.clone();
    view! {
        <div class="probe-report" role="region" aria-label=t!("ui.probe.report", "Probe report") data-ok=if r.ok { "true" } else { "false" }>
            <p><strong>{summary}</strong>" "<span class="muted">{format!("{} · {}", if r.model.is_empty() { t!("ui.probe.no-model", "no model") } else { &r.model }, crate::i18n::msg(&r.cost))}</span></p>
            <table class="probe-table">
                <thead><tr>
                    <th scope="col">{t!("ui.probe.col-capability", "Capability")}</th>
                    <th scope="col">{t!("ui.probe.col-result", "Result")}</th>
                    <th scope="col">{t!("ui.probe.col-checked", "What was checked")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|c| {
                        let v = c.verdict.as_str();
                        let fix_id = format!("probe-fix-{}", c.id);
                        let chip = match c.verdict {
                            Verdict::No if c.fix.is_some() => view! { <a class=format!("chip verdict-{v}") href=format!("#{fix_id}")>{verdict_word(c.verdict)}</a> }.into_any(),
                            _ => view! { <span class=format!("chip verdict-{v}")>{verdict_word(c.verdict)}</span> }.into_any(),
                        };
                        let fix = c.fix.as_ref().map(crate::i18n::msg);
                        view! {
                            <tr data-capability=c.id data-verdict=v data-expected=if c.expected { "true" } else { "false" }>
                                <th scope="row">{crate::i18n::msg(&c.label)}</th>
                                <td>{chip}</td>
                                <td>
                                    {crate::i18n::msg(&c.detail)}
                                    {fix.map(|f| {
                                        let copy = f.clone();
                                        view! {
                                            <div class="probe-fix" id=fix_id>
                                                <strong>{t!("ui.probe.fix", "Fix: ")}</strong>{f}" "
                                                <CopyButton text=Signal::derive(move || copy.clone()) label=t!("ui.probe.copy", "Copy") aria=t!("ui.probe.copy-fix", "Copy this fix") />
                                            </div>
                                        }
                                    })}
                                    {c.evidence.clone().filter(|_| c.verdict == Verdict::No).map(|e| view! {
                                        <details class="probe-evidence"><summary>{t!("ui.probe.evidence", "Evidence")}</summary>
                                            <code>{e.request}</code>
                                            <pre tabindex="0">{e.excerpt}</pre>
                                        </details>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
