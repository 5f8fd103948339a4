//! The transcript: the whole conversation as it will be sent, each answer that became a turn
//! with its timings and usage.

use leptos::prelude::*;

use crate::ui::common::ms;
use crate::ui::state::Ctx;

/// The transcript panel.
#[component]
pub fn Transcript() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // As it will be sent: `{{name}}` variables filled in.
    let turns = Memo::new(move |_| {
        ctx.form.with(|f| {
            let fill = |t: &str| crate::vars::fill(t, &f.vars);
            let mut msgs = f.messages.clone();
            msgs.iter_mut().for_each(|m| m.text = fill(&m.text));
            (fill(&f.system), msgs)
        })
    });
    view! {
        <details class="card transcript">
            <summary><h2>{t!("ui.transcript.title", "Transcript")}</h2>
                <span class="muted">{move || turns.with(|(_, m)| tf!("ui.transcript.turns", " — {n} turn(s)", n = m.len()))}</span></summary>
            <ol class="transcript-turns">
                {move || turns.with(|(system, _)| (!system.trim().is_empty()).then(|| view! {
                    <li class="turn turn-system"><span class="badge">"system"</span>" "<span class="turn-text">{system.clone()}</span></li>
                }))}
                {move || turns.with(|(_, msgs)| msgs.iter().enumerate().map(|(i, m)| {
                    let class = format!("turn turn-{}", m.role);
                    let stats = m.stats.map(|s| tf!(
                        "ui.transcript.stats",
                        "first answer {first} · total {total} · usage {input} in / {output} out",
                        first = ms(s.first_answer_ms),
                        total = ms(s.total_ms),
                        input = s.prompt_tokens.map_or("—".to_string(), |n| n.to_string()),
                        output = s.completion_tokens.map_or("—".to_string(), |n| n.to_string()),
                    ));
                    view! {
                        <li class=class data-turn=i>
                            <span class="badge">{m.role.clone()}</span>
                            {(!m.tool_call_id.is_empty()).then(|| view! { <span class="muted">{tf!("ui.transcript.answers", " answers {id}", id = m.tool_call_id)}</span> })}
                            " "<span class="turn-text">{if m.text.is_empty() && !m.tool_calls.is_empty() { String::new() } else { m.text.clone() }}</span>
                            {m.tool_calls.iter().map(|c| view! { <div class="turn-call"><code>{format!("{}({}) · id {}", c.name, c.arguments, c.id)}</code></div> }).collect_view()}
                            {(!m.reasoning.is_empty()).then(|| view! { <div class="muted">{tf!("ui.transcript.reasoning", "reasoning: {n} chars", n = m.reasoning.chars().count())}</div> })}
                            {stats.map(|s| view! { <div class="muted turn-stats">{s}</div> })}
                        </li>
                    }
                }).collect_view())}
            </ol>
        </details>
    }
}
