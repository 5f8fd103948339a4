//! Compare: one payload, two routes (say DashScope and your own vLLM of the same model), sent
//! side by side, with the difference on the wire, the outputs, usage and timings.

use std::collections::BTreeMap;

use leptos::prelude::*;
use qwen_route::catalog;
use serde_json::Value;

use crate::form::{Form, SANDBOX};
use crate::key::KeyCell;
use crate::run::Run;
use crate::ui::common::ms;
use crate::ui::inspector::Inspector;
use crate::ui::state::{shaped, Ctx};

/// Every leaf of a JSON value by its path (`/messages/0/content`).
pub fn leaves(v: &Value, path: String, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                leaves(x, format!("{path}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{path}/{i}"), out);
            }
        }
        other => {
            out.insert(if path.is_empty() { "/".into() } else { path }, other.to_string());
        }
    }
}

/// Lines of a wire diff: `- /path: a`, `+ /path: b`.
pub fn wire_diff(a: &Value, b: &Value) -> Vec<String> {
    let (mut la, mut lb) = (BTreeMap::new(), BTreeMap::new());
    leaves(a, String::new(), &mut la);
    leaves(b, String::new(), &mut lb);
    let mut out = Vec::new();
    let paths: std::collections::BTreeSet<&String> = la.keys().chain(lb.keys()).collect();
    for p in paths {
        match (la.get(p), lb.get(p)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                if let Some(x) = x {
                    out.push(format!("A {p}: {x}"));
                }
                if let Some(y) = y {
                    out.push(format!("B {p}: {y}"));
                }
            }
        }
    }
    out
}

/// The first catalog model a surface serves (for B when its surface changes).
fn first_model(surface: &str) -> Option<&'static str> {
    let s = catalog::surface(surface)?;
    catalog::models()
        .iter()
        .find(|m| m.served_on(s.family) && s.region.is_none_or(|r| m.offered_in(s.family, r)))
        .map(|m| m.id)
}

/// The compare panel.
#[component]
pub fn Compare() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let surface_b = RwSignal::new("vllm".to_string());
    let model_b = RwSignal::new("Qwen/Qwen3-8B".to_string());
    let base_b = RwSignal::new(String::new());
    let dialect_b = RwSignal::new(String::new());
    // B's own relay switch (A's applies to A only).
    let relay_b = RwSignal::new(false);
    let key_b = KeyCell::new();
    let run_a = Run::new();
    let run_b = Run::new();
    let form_b = Memo::new(move |_| {
        let mut f: Form = ctx.form.get();
        f.surface = surface_b.get();
        f.model = model_b.get();
        f.base_url = base_b.get();
        f.dialect = dialect_b.get();
        f
    });
    let b_has_anthropic = Memo::new(move |_| {
        form_b.with(|f| catalog::anthropic_endpoint(f.shape_surface()).is_some())
    });
    // B = A's surface and model over the other wire dialect.
    let other_dialect = move |_| {
        let a = ctx.form.get_untracked();
        surface_b.set(a.surface.clone());
        model_b.set(a.model.clone());
        base_b.set(String::new());
        dialect_b.set(if a.wire_dialect() == qwen_route::vocab::WireDialect::Anthropic {
            String::new()
        } else {
            "anthropic".into()
        });
    };
    let diff = Memo::new(move |_| {
        let a = ctx.form.with(|f| shaped(f, ctx.key.class()));
        let b = form_b.with(|f| shaped(f, key_b.class()));
        match (a, b) {
            (Ok(a), Ok(b)) => {
                let mut lines = Vec::new();
                // The URLs each side really calls (through its relay when it uses one).
                let ua = ctx
                    .form
                    .with(|f| ctx.destination_with(f, &a.request.url, ctx.relay_on.get()).0);
                let ub = form_b.with(|f| ctx.destination_with(f, &b.request.url, relay_b.get()).0);
                if ua != ub {
                    lines.push(format!("A url: {ua}"));
                    lines.push(format!("B url: {ub}"));
                }
                lines.extend(wire_diff(&a.request.body, &b.request.body));
                Ok(lines)
            }
            (Err(e), _) => Err(format!("A: {e}")),
            (_, Err(e)) => Err(format!("B: {e}")),
        }
    });
    let send_both = move |_| {
        let mut sends = Vec::new();
        let mut targets = Vec::new();
        for (run, form, key, relay) in [
            (run_a, ctx.form.get_untracked(), ctx.key, ctx.relay_on.get_untracked()),
            (run_b, form_b.get_untracked(), key_b, relay_b.get_untracked()),
        ] {
            if let Ok((out, rc, sandbox, url)) = ctx.prepare_with(&form, &key, relay) {
                let sealed = key.sealed_for(&form);
                targets.extend(ctx.target(&form, &url, &sealed));
                sends.push((run, out, sealed, rc, sandbox));
            }
        }
        ctx.guard(
            targets,
            Box::new(move || {
                for (run, out, key, rc, sandbox) in sends {
                    run.send(out, key, rc, sandbox);
                }
            }),
        );
    };
    let summary = move |run: Run| {
        move || {
            let a = run.assembled.get();
            let usage = run
                .usage
                .get()
                .and_then(|u| u.total_tokens)
                .map_or("—".into(), |t| tf!("ui.compare.tokens", "{n} tokens", n = t));
            tf!(
                "ui.compare.summary",
                "first answer {first} · total {total} · {chars} answer chars · usage {usage}",
                first = ms(run.first_answer_ms.get()),
                total = ms(a.as_ref().and_then(|a| a.timings.as_ref()).and_then(|t| t.total_ms)),
                chars = run.answer.with(|s| s.chars().count()),
                usage = usage,
            )
        }
    };
    view! {
        <section class="card" aria-labelledby="compare-h">
            <h2 id="compare-h">{t!("ui.compare.title", "Compare two routes")}</h2>
            <p class="muted">{t!("ui.compare.intro", "A is the request above. B sends the same payload to another surface and model.")}</p>
            <div class="grid3">
                <label class="field" for="b-surface"><span>{t!("ui.compare.b-surface", "B surface")}</span>
                    <select id="b-surface" on:change=move |ev| {
                        let id = event_target_value(&ev);
                        // A model B's new surface does not serve is replaced by its first one.
                        let form = Form { surface: id.clone(), ..Form::default() };
                        let serves = catalog::resolve_model(&model_b.get_untracked(), catalog::surface(form.shape_surface()).map_or(catalog::SurfaceFamily::OpenaiCompatible, |s| s.family));
                        if !matches!(serves, catalog::ModelLookup::Found(_)) {
                            if let Some(m) = first_model(form.shape_surface()) {
                                model_b.set(m.to_string());
                            }
                        }
                        surface_b.set(id);
                        base_b.set(String::new());
                    }>
                        <option value=SANDBOX selected=move || surface_b.get() == SANDBOX>"sandbox"</option>
                        {catalog::surfaces().iter().filter(|s| !s.is_removed() && !s.base_url.contains('{')).map(|s| view! {
                            <option value=s.id selected=move || surface_b.get() == s.id>{s.id}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field" for="b-model"><span>{t!("ui.compare.b-model", "B model")}</span>
                    <input id="b-model" type="text" spellcheck="false" prop:value=move || model_b.get() on:input=move |ev| model_b.set(event_target_value(&ev))/>
                </label>
                <label class="field" for="b-base"><span>{t!("ui.compare.b-base-url", "B base URL")}</span>
                    <input id="b-base" type="url" spellcheck="false" placeholder=move || catalog::surface(&surface_b.get()).map(|s| s.base_url).unwrap_or("")
                        prop:value=move || base_b.get() on:input=move |ev| base_b.set(event_target_value(&ev))/>
                </label>
                <label class="check b-relay"><input id="b-relay-on" type="checkbox" prop:checked=move || relay_b.get()
                    on:change=move |ev| relay_b.set(event_target_checked(&ev)) />{t!("ui.compare.b-relay", " B through the relay")}</label>
                <label class="field" for="b-dialect"><span>{t!("ui.compare.b-dialect", "B dialect")}</span>
                    <select id="b-dialect" disabled=move || !b_has_anthropic.get() on:change=move |ev| dialect_b.set(event_target_value(&ev))>
                        <option value="" selected=move || dialect_b.get().is_empty()>"OpenAI chat completions"</option>
                        <option value="anthropic" selected=move || dialect_b.get() == "anthropic">"Anthropic Messages"</option>
                    </select>
                </label>
                <label class="field" for="b-key"><span>{t!("ui.compare.b-key", "B key (memory only)")}</span>
                    {key_b.field("b-key", Signal::derive(|| t!("ui.compare.b-key-placeholder", "memory only").to_string()))}
                </label>
            </div>
            <Show when=move || ctx.form.with(|f| catalog::anthropic_endpoint(f.shape_surface()).is_some())>
                <button type="button" class="secondary" id="compare-dialects" on:click=other_dialect>{t!("ui.compare.other-dialect", "B: same model, other dialect")}</button>
            </Show>
            <details class="wire-diff" open>
                <summary>{t!("ui.compare.wire-difference", "Wire difference")}</summary>
                {move || match diff.get() {
                    Ok(lines) if lines.is_empty() => view! { <p class="muted">{t!("ui.compare.identical", "Identical bodies.")}</p> }.into_any(),
                    Ok(lines) => view! { <pre class="code diff" tabindex="0">{lines.join("\n")}</pre> }.into_any(),
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                }}
            </details>
            <button type="button" class="primary" id="send-both" on:click=send_both>{t!("ui.compare.send-both", "Send both")}</button>
            <div class="side-by-side">
                <div><p class="compare-summary a-summary">"A: "{summary(run_a)}</p><Inspector run=run_a prefix="a-"/></div>
                <div><p class="compare-summary b-summary">"B: "{summary(run_b)}</p><Inspector run=run_b prefix="b-"/></div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_paths() {
        let a =
            json!({"model": "qwen3-8b", "enable_thinking": false, "messages": [{"content": "x"}]});
        let b = json!({"model": "Qwen/Qwen3-8B", "chat_template_kwargs": {"enable_thinking": false}, "messages": [{"content": "x"}]});
        let d = wire_diff(&a, &b);
        assert!(d.contains(&"B /chat_template_kwargs/enable_thinking: false".to_string()));
        assert!(d.contains(&"A /enable_thinking: false".to_string()));
        assert!(d.contains(&"A /model: \"qwen3-8b\"".to_string()));
        assert!(!d.iter().any(|l| l.contains("/messages")));
    }
}
