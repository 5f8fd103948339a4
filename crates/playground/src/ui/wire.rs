//! The wire request as it will leave the browser (the key masked), what the shaper changed, and
//! the pre-flight lint with one-click fixes.

use leptos::prelude::*;

use crate::trust::Gate;
use crate::ui::common::pretty;
use crate::ui::state::{effective_url, shape_request, Ctx};

/// A pre-flight line about where the request goes, from the page's own state (where the
/// endpoint came from, and whether the key may go there), next to the core's lint.
#[derive(Debug, Clone, PartialEq)]
struct PageFinding {
    code: &'static str,
    severity: &'static str,
    message: String,
}

/// `Authorization` for display: the placeholder, or a mask when a key is set.
fn shown_header(name: &str, value: &str, key_set: bool) -> String {
    if name.eq_ignore_ascii_case("authorization") && key_set {
        t!("ui.wire.key-masked", "Bearer •••••••• (your key, in memory; inserted at send time)")
            .into()
    } else {
        value.to_string()
    }
}

/// A severity as the badge shows it (the class keeps the core's word).
fn severity_word(severity: &str) -> &str {
    match severity {
        "error" => t!("ui.wire.severity-error", "error"),
        "warning" => t!("ui.wire.severity-warning", "warning"),
        "info" => t!("ui.wire.severity-info", "info"),
        other => other,
    }
}

/// A catalogued error's title in the page's language (the core's table has it under
/// `error.<id>.title`).
fn error_title(id: &str, title: &'static str) -> String {
    crate::i18n::msg(&qwen_route::msg::Msg::new(format!("error.{id}.title"), title, Vec::new()))
}

/// The wire request and lint panel.
#[component]
pub fn Wire() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let form = ctx.form;
    let result = ctx.shaped;
    let key_set = Signal::derive(move || ctx.key.is_set());
    let page_findings = Memo::new(move |_| {
        let mut out = Vec::new();
        if let Some(url) = ctx.link_endpoint.get() {
            out.push(PageFinding {
                code: "endpoint-set-by-link",
                severity: "warning",
                message: tf!(
                    "ui.wire.endpoint-set-by-link",
                    "The link this page was opened with set the endpoint to {url}. Your key goes there only if you keep it.",
                    url = url
                ),
            });
        }
        let sandbox = form.with(|f| f.is_sandbox());
        let url = result.with(|r| r.as_ref().ok().map(|s| s.request.url.clone()));
        if let (false, Some(url)) = (sandbox, url) {
            let surface = form.with(|f| f.shape_surface().to_string());
            match ctx.trust.with(|t| t.gate(&surface, &url, key_set.get())) {
                Gate::Go => {}
                Gate::Ask(origin) => out.push(PageFinding {
                    code: "key-host-unconfirmed",
                    severity: "warning",
                    message: tf!(
                        "ui.wire.key-host-unconfirmed",
                        "{origin} is not {surface}'s catalog host and you did not type it: Send will ask before your key goes there.",
                        origin = origin,
                        surface = surface
                    ),
                }),
                Gate::Refuse(e) => out.push(PageFinding {
                    code: "base-url-unusable",
                    severity: "error",
                    message: tf!("ui.wire.base-url-unusable", "Nothing will be sent: {reason}.", reason = e),
                }),
            }
        }
        out
    });
    let url = move || {
        result.with(|r| match r {
            Ok(s) if form.with(|f| f.is_sandbox()) => {
                tf!("ui.wire.sandbox-url", "{url} (answered in this page)", url = s.request.url)
            }
            Ok(s) => effective_url(&s.request.url, ctx.relay_on.get(), &ctx.relay_url.get()),
            Err(_) => String::new(),
        })
    };
    let apply = move |i: usize| {
        let class = ctx.key.class();
        let Some(patch) = result.with_untracked(|r| {
            r.as_ref().ok().and_then(|s| s.lint.get(i)).and_then(|f| f.patch.clone())
        }) else {
            return;
        };
        form.update(|f| {
            if let Ok(mut req) = shape_request(f, class) {
                req.apply(&patch);
                *f = f.with_shape_request(&req);
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="wire-h">
            <h2 id="wire-h">{t!("ui.wire.title", "Wire request")}</h2>
            {move || match result.get() {
                Err(e) => view! { <p class="error shape-error" role="alert">{e}</p> }.into_any(),
                Ok(s) => {
                    let headers = s.request.headers.iter().map(|(k, v)| format!("{k}: {}", shown_header(k, v, key_set.get()))).collect::<Vec<_>>().join("\n");
                    view! {
                        <p class="wire-line"><code class="method">{s.request.method}</code>" "<code class="wire-url">{url}</code></p>
                        <pre class="code wire-headers" tabindex="0">{headers}</pre>
                        <pre class="code wire-body" tabindex="0">{pretty(&s.request.body)}</pre>
                        {(!s.notes.is_empty()).then(|| view! {
                            <ul class="notes">{s.notes.iter().map(|n| view! { <li><code>{n.code}</code>" "{crate::i18n::msg(&n.text)}</li> }).collect_view()}</ul>
                        })}
                    }.into_any()
                }
            }}
        </section>
        <section class="card lint" aria-labelledby="lint-h">
            <h2 id="lint-h">{t!("ui.wire.preflight", "Pre-flight")}</h2>
            {move || page_findings.get().into_iter().map(|f| view! {
                <div class=format!("finding {}", f.severity) data-code=f.code>
                    <p><span class="badge">{severity_word(f.severity)}</span>" "<code>{f.code}</code>" "{f.message}</p>
                </div>
            }).collect_view()}
            {move || match result.get() {
                Err(_) => ().into_any(),
                Ok(s) if s.lint.is_empty() && page_findings.with(Vec::is_empty) => view! { <p class="ok lint-clear">{t!("ui.wire.lint-clear", "Nothing the server is known to refuse.")}</p> }.into_any(),
                Ok(s) if s.lint.is_empty() => ().into_any(),
                Ok(s) => s.lint.iter().enumerate().map(|(i, f)| {
                    let sev = f.severity.as_str();
                    let has_patch = f.patch.is_some();
                    view! {
                        <div class=format!("finding {sev}") data-code=f.code>
                            <p><span class="badge">{severity_word(sev)}</span>" "<code>{f.code}</code>" "{crate::i18n::msg(&f.message)}</p>
                            {f.prevents.and_then(|r| r.row()).map(|p| view! { <p class="muted">{match p.status {
                                0 => tf!(
                                    "ui.wire.prevents",
                                    "Prevents: {title} (“{message}”)",
                                    title = error_title(p.id, p.title),
                                    message = p.message
                                ),
                                status => tf!(
                                    "ui.wire.prevents-status",
                                    "Prevents: HTTP {status} “{message}”",
                                    status = status,
                                    message = p.message
                                ),
                            }}</p> })}
                            <p class="fix">{t!("ui.wire.fix", "Fix: ")}{crate::i18n::msg(&f.fix)}</p>
                            {has_patch.then(|| view! { <button type="button" class="secondary apply" on:click=move |_| apply(i)>{t!("ui.wire.apply-fix", "Apply fix")}</button> })}
                        </div>
                    }
                }).collect_view().into_any(),
            }}
        </section>
    }
}
