//! The response inspector: the assembled answer (reasoning lane, answer, tool calls, usage,
//! timings, schema check, detectors), the raw truth (status, headers, body or frames with
//! arrival times), and on failure the diagnosis card with a `Retry-After` countdown.

use leptos::prelude::*;
use qwen_route::assemble::Assembled;

use crate::run::{Phase, Run, FRAME_ROWS};
use crate::ui::common::ms;

fn phase_text(p: Phase) -> &'static str {
    match p {
        Phase::Idle => t!("ui.inspector.phase.idle", "Not sent yet"),
        Phase::Sending => t!("ui.inspector.phase.sending", "Sending…"),
        Phase::Receiving => t!("ui.inspector.phase.receiving", "Receiving…"),
        Phase::Done => t!("ui.inspector.phase.done", "Done"),
        Phase::Failed => t!("ui.inspector.phase.failed", "Failed"),
        Phase::Aborted => t!("ui.inspector.phase.aborted", "Stopped — partial output kept"),
    }
}

fn end_text(a: &Assembled) -> String {
    serde_json::to_value(a.end)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The diagnosis card, with a countdown when the server said when to retry.
#[component]
fn DiagnosisCard(run: Run, #[prop(optional)] on_retry: Option<Callback<()>>) -> impl IntoView {
    let remaining = RwSignal::new(0i64);
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    Effect::new(move |_| {
        let secs = run
            .diagnosis
            .with(|d| d.as_ref().and_then(|d| d.retry_after_s))
            .map_or(0, |s| s.ceil() as i64);
        timer.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
        remaining.set(secs);
        if secs > 0 {
            let h = set_interval_with_handle(
                move || remaining.update(|r| *r = (*r - 1).max(0)),
                std::time::Duration::from_secs(1),
            )
            .ok();
            timer.set_value(h);
        }
    });
    on_cleanup(move || {
        timer.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear()
            }
        })
    });
    move || {
        run.diagnosis.get().map(|d| {
        let retryable = d.retryable;
        view! {
            <div class="diagnosis" role="alert" data-code=d.code>
                <h3><span class="badge">{d.code}</span>" "{crate::i18n::msg(&d.title)}</h3>
                <p class="cause">{crate::i18n::msg(&d.cause)}</p>
                <ol class="fixes">{d.fix.iter().map(|f| view! { <li>{crate::i18n::msg(f)}</li> }).collect_view()}</ol>
                {d.upstream.as_ref().map(|u| view! { <p class="muted upstream">{t!("ui.inspector.server-said", "Server said: ")}{u.message.clone()}</p> })}
                <p class="muted">{if retryable { t!("ui.inspector.retryable", "retryable") } else { t!("ui.inspector.not-retryable", "not retryable as is") }}</p>
                <details class="sources">
                    <summary>{t!("ui.inspector.source", "source")}</summary>
                    <ul>{crate::ui::sources::citations(d.source).into_iter().map(|c| view! {
                        <li><a href=c.href.clone() target="_blank" rel="noopener noreferrer">{c.label}</a></li>
                    }).collect_view()}</ul>
                </details>
                {(retryable && on_retry.is_some()).then(|| view! {
                    <button type="button" class="secondary retry" disabled=move || { remaining.get() > 0 }
                        on:click=move |_| if let Some(cb) = on_retry { cb.run(()) }>
                        {move || if remaining.get() > 0 { tf!("ui.inspector.retry-in", "Retry in {secs} s", secs = remaining.get()) } else { t!("ui.inspector.retry-now", "Retry now").to_string() }}
                    </button>
                })}
            </div>
        }
    })
    }
}

/// The cost's caveat in the page's language (the core's sentence is English).
fn cost_note(note: &'static str) -> &'static str {
    if note == qwen_route::cost::LIST_PRICE_NOTE {
        t!(
            "ui.inspector.list-price-note",
            "List price: promotions, free quota and savings plans are not applied, so the bill can be lower."
        )
    } else {
        note
    }
}

/// The inspector for one run. `prefix` keeps element ids unique when two are shown.
/// An amount in currency units, with enough digits for a single call's fraction of a cent.
fn format_amount(x: f64) -> String {
    if x >= 0.01 {
        format!("{x:.4}")
    } else {
        format!("{x:.6}")
    }
}

#[component]
pub fn Inspector(
    /// The run to show.
    run: Run,
    /// Prefix for element ids and classes.
    #[prop(default = "")]
    prefix: &'static str,
    /// Send again (the diagnosis card's retry button).
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
    /// Continue the conversation with this answer (the main inspector only).
    #[prop(optional)]
    on_continue: Option<Callback<()>>,
    /// Answer one tool call by its id (the main inspector only).
    #[prop(optional)]
    on_add_result: Option<Callback<String>>,
) -> impl IntoView {
    let tab = RwSignal::new("answer");
    let done = move || run.phase.get() == crate::run::Phase::Done;
    let show_all = RwSignal::new(false);
    let timings = move || run.assembled.with(|a| a.as_ref().and_then(|a| a.timings.clone()));
    view! {
        <section class="card inspector" aria-labelledby=format!("{prefix}resp-h")>
            <div class="row spread">
                <h2 id=format!("{prefix}resp-h")>{t!("ui.inspector.response", "Response")}</h2>
                <p class="phase" aria-live="polite">
                    <span class=move || format!("dot {:?}", run.phase.get()).to_lowercase()></span>
                    {move || phase_text(run.phase.get())}
                    {move || run.status.get().map(|s| format!(" · HTTP {s}"))}
                    {move || run.assembled.with(|a| a.as_ref().map(|a| tf!("ui.inspector.end", " · end: {end}", end = end_text(a))))}
                </p>
            </div>
            <div class="timings">
                <span>{t!("ui.inspector.first-reasoning", "first reasoning ")}<strong class="t-reasoning">{move || ms(run.first_reasoning_ms.get())}</strong></span>
                <span>{t!("ui.inspector.first-answer", "first answer ")}<strong class="t-answer">{move || ms(run.first_answer_ms.get())}</strong></span>
                <span>{t!("ui.inspector.total", "total ")}<strong>{move || ms(timings().and_then(|t| t.total_ms))}</strong></span>
                <span>{move || timings().and_then(|t| t.answer).and_then(|l| tok_per_s(&l)).unwrap_or_default()}</span>
                <span>{move || run.usage.get().map(|u| tf!("ui.inspector.usage", "usage {input} in / {output} out{reasoning}", input = u.prompt_tokens.unwrap_or(0), output = u.completion_tokens.unwrap_or(0), reasoning = u.reasoning_tokens.map(|r| tf!("ui.inspector.usage-reasoning", " ({n} reasoning)", n = r)).unwrap_or_default())).unwrap_or_default()}</span>
                {move || run.assembled.with(|a| a.as_ref().and_then(|a| a.cost)).map(|c| view! {
                    <span class="cost" title=tf!("ui.inspector.cost-title", "{note} Price row checked {checked}: {source}", note = cost_note(c.note), checked = c.checked, source = c.source)>
                        {tf!("ui.inspector.cost", "cost {currency} {amount} ", currency = c.currency, amount = format_amount(c.amount))}
                        <span class="muted">{tf!("ui.inspector.cost-basis", "(list price{thinking}, {region} {checked})", thinking = if c.thinking_mode { t!("ui.inspector.cost-thinking", ", thinking mode") } else { "" }, region = c.region, checked = c.checked)}</span>
                    </span>
                })}
            </div>
            <DiagnosisCard run=run on_retry=on_retry.unwrap_or_else(|| Callback::new(|_| ()))/>
            <div class="tabs" role="tablist" aria-label=t!("ui.inspector.tabs", "Answer view") on:keydown=crate::ui::common::tablist_keys>
                <button type="button" role="tab" class="tab" id=format!("{prefix}tab-answer") aria-controls=format!("{prefix}tabpanel")
                    aria-selected=move || (tab.get() == "answer").to_string() tabindex=move || if tab.get() == "answer" { "0" } else { "-1" }
                    class:active=move || tab.get() == "answer" on:click=move |_| tab.set("answer")>{t!("ui.inspector.tab-assembled", "Assembled")}</button>
                <button type="button" role="tab" class="tab" id=format!("{prefix}tab-raw") aria-controls=format!("{prefix}tabpanel")
                    aria-selected=move || (tab.get() == "raw").to_string() tabindex=move || if tab.get() == "raw" { "0" } else { "-1" }
                    class:active=move || tab.get() == "raw" on:click=move |_| tab.set("raw")>
                    {move || tf!("ui.inspector.tab-raw", "Raw ({n} frames)", n = run.frame_total.get())}</button>
            </div>
            <div role="tabpanel" id=format!("{prefix}tabpanel") aria-labelledby=move || format!("{prefix}tab-{}", tab.get())>
            <Show when=move || tab.get() == "answer">
                <Show when=move || !run.reasoning.with(String::is_empty)>
                    <details class="lane reasoning" open>
                        <summary>{move || tf!("ui.inspector.reasoning", "Reasoning ({n} chars)", n = run.reasoning.with(|r| r.chars().count()))}</summary>
                        <div class=format!("{prefix}reasoning text")>{move || run.reasoning.get()}</div>
                    </details>
                </Show>
                <div class=format!("{prefix}answer lane answer text") role="region" aria-label=t!("ui.inspector.answer", "Answer")>{move || run.answer.get()}</div>
                <Show when=move || !run.tools.with(Vec::is_empty)>
                    <div class="tool-calls">{move || run.tools.get().into_iter().map(|t| {
                        let id = t.id.clone();
                        view! {
                            <div class="tool-call"><code>{format!("{}({})", t.name, t.arguments)}</code><span class="muted">{format!(" id {}", t.id)}</span>
                                {on_add_result.filter(|_| done()).map(|cb| view! {
                                    <button type="button" class="secondary add-result" aria-label=tf!("ui.inspector.add-result-aria", "Add a result for tool call {id}", id = t.id)
                                        on:click=move |_| cb.run(id.clone())>{t!("ui.inspector.add-result", "Add result")}</button>
                                })}
                            </div>
                        }
                    }).collect_view()}</div>
                </Show>
                {move || on_continue.filter(|_| done() && !(run.answer.with(String::is_empty) && run.tools.with(Vec::is_empty))).map(|cb| view! {
                    <button type="button" class="secondary" id="continue" on:click=move |_| cb.run(())>{t!("ui.inspector.continue", "Continue the conversation")}</button>
                })}
                {move || run.check.get().map(|c| {
                    let ok = c.valid;
                    view! {
                        <div class=if ok { "schema-check ok" } else { "schema-check bad" }>
                            {if ok { t!("ui.inspector.schema-ok", "✓ The answer matches the schema.").to_string() } else if !c.parsed { tf!("ui.inspector.schema-not-json", "✗ Not JSON: {error}", error = c.parse_error.as_deref().unwrap_or_default()) } else { tf!("ui.inspector.schema-errors", "✗ {n} schema error(s)", n = c.errors.len()) }}
                            <ul>{c.errors.iter().map(|e| view! { <li><code>{if e.path.is_empty() { "/".to_string() } else { e.path.clone() }}</code>" "{e.message.clone()}</li> }).collect_view()}</ul>
                        </div>
                    }
                })}
                {move || run.assembled.with(|a| a.as_ref().map(|a| a.detections.iter().map(|d| view! {
                    <div class="detection warn" data-code=d.code><strong>{crate::i18n::msg(&d.title)}</strong><p>{d.evidence.clone()}</p><p class="fix">{crate::i18n::msg(&d.fix)}</p></div>
                }).collect_view()))}
            </Show>
            <Show when=move || tab.get() == "raw">
                <pre class="code raw-head" tabindex="0">{move || {
                    let mut s = run.status.get().map(|s| format!("HTTP {s}\n")).unwrap_or_default();
                    for (k, v) in run.headers.get() { s.push_str(&format!("{k}: {v}\n")); }
                    s
                }}</pre>
                <Show when=move || !run.body.with(String::is_empty)>
                    <pre class="code raw-body" tabindex="0">{move || run.body.get()}</pre>
                </Show>
                <Show when=move || { run.frame_total.get() > FRAME_ROWS && !show_all.get() }>
                    <p class="muted">{move || tf!("ui.inspector.frames-shown", "Showing the last {shown} of {total} frames.", shown = FRAME_ROWS, total = run.frame_total.get())}</p>
                </Show>
                <ol class="frames">
                    <For each=move || run.frames.get() key=|f| f.n let:f>
                        <li class="frame" value=f.n><span class="at">{format!("+{:.0} ms", f.at_ms)}</span>
                            {(!f.event.is_empty() && f.event != "message").then(|| view! { <span class="event">{format!("event: {}", f.event)}</span> })}
                            <code>{f.data}</code></li>
                    </For>
                </ol>
            </Show>
            </div>
        </section>
    }
}

/// The answer's rate, when it has one: a lane that arrived in one chunk (a body, a one-token
/// answer) has no rate, so nothing is shown rather than "0 tok/s".
pub fn tok_per_s(l: &qwen_route::assemble::LaneRate) -> Option<String> {
    let r = l.tokens_per_s.filter(|r| r.is_finite() && *r > 0.0)?;
    let r = if r >= 10.0 { format!("{r:.0}") } else { format!("{r:.1}") };
    Some(format!(
        "{r} tok/s{}",
        if l.estimated { t!("ui.inspector.estimated", " (estimated)") } else { "" }
    ))
}
