//! The route picker: workload and constraints in, the decision out — surface, model, parameters,
//! the reasons, warnings and fallbacks, and how to verify. The playground applies the choice to
//! its request; the embeddable widget shows copyable snippets and links to the playground.

use leptos::prelude::*;
use qwen_route::catalog::{self, Favours, Plan};
use qwen_route::export::{export, Format};
use qwen_route::route::{route, Route, RouteRequest};
use qwen_route::shape::{shape, ShapeRequest, Shaped};
use qwen_route::vocab::{Needs, Preference, Scope};

use crate::form::Form;
use crate::samples;
use crate::share;
use crate::ui::common::CopyButton;

/// What the picker decided, with a request shaped for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The decision.
    pub route: Route,
    /// The workload's sample request, shaped for the decision.
    pub shaped: Option<Shaped>,
    /// The same request as playground form state (for "Use this route" and share links).
    pub form: Form,
}

/// Picker inputs.
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    workload: String,
    surface: String,
    region: String,
    plan: String,
    scope: String,
    prefer: String,
    needs: Needs,
}

fn plan_of(s: &str) -> Option<Plan> {
    s.parse().ok()
}

fn request_for(i: &Inputs, surface: Option<&str>) -> RouteRequest {
    let mut r = RouteRequest::new(i.workload.clone());
    r.surface = surface.map(str::to_string);
    r.region = (!i.region.is_empty()).then(|| i.region.clone());
    r.plan = plan_of(&i.plan);
    r.scope = i.scope.parse().unwrap_or(Scope::Any);
    r.prefer = i.prefer.parse().unwrap_or(Preference::Smallest);
    r.needs = i.needs;
    r
}

/// Route with the picker's inputs, keeping to the allowed surfaces.
fn decide(i: &Inputs, allowed: &Option<Vec<String>>) -> Result<Route, String> {
    if !i.surface.is_empty() {
        return route(&request_for(i, Some(&i.surface))).map_err(|e| e.to_string());
    }
    let best = route(&request_for(i, None));
    match (allowed, best) {
        (None, best) => best.map_err(|e| e.to_string()),
        (Some(list), Ok(r)) if list.iter().any(|s| s == r.surface) => Ok(r),
        (Some(list), best) => {
            list.iter().find_map(|s| route(&request_for(i, Some(s))).ok()).ok_or_else(|| {
                best.err().map_or_else(
                    || {
                        t!("ui.picker.none-allowed", "none of the allowed surfaces can do this job")
                            .into()
                    },
                    |e| e.to_string(),
                )
            })
        }
    }
}

fn choice_for(r: Route) -> Choice {
    let mut req = ShapeRequest::new(r.surface, r.model);
    req.thinking = Some(r.params.thinking);
    req.stream = Some(r.params.stream);
    req.payload = samples::payload_with_format(r.workload, r.params.response_format);
    if let Some(t) = r.params.temperature {
        req.payload.insert("temperature".into(), t.into());
    }
    if let Some(p) = r.params.top_p {
        req.payload.insert("top_p".into(), p.into());
    }
    let shaped = shape(&req).ok();
    // Start from the decided surface (not the Sandbox) so a playground link opens on it.
    let form = Form { surface: r.surface.to_string(), ..Form::default() }.with_shape_request(&req);
    Choice { route: r, shaped, form }
}

/// A tradeoff row's aspect in the page's language.
fn aspect_label(row: &qwen_route::route::TradeoffRow) -> String {
    catalog::tradeoffs()
        .iter()
        .find(|t| t.id == row.aspect)
        .map_or_else(|| row.label.to_string(), |t| crate::i18n::msg(&t.label_text()))
}

/// A tradeoff row's side in the page's language.
fn favours_word(f: Favours) -> &'static str {
    match f {
        Favours::Hosted => t!("ui.picker.favours-hosted", "hosted"),
        Favours::SelfHosted => t!("ui.picker.favours-self-hosted", "self-hosted"),
        Favours::Depends => t!("ui.picker.favours-depends", "depends"),
        Favours::Computed => t!("ui.picker.favours-computed", "computed"),
    }
}

/// The picker. In the playground, `on_use` applies a choice; in the widget, `on_change` reports
/// every decision and `snippets` shows copyable code.
#[component]
pub fn RoutePicker(
    /// The workload to start with.
    #[prop(into, default = "fast-chat".to_string())]
    workload: String,
    /// Workloads offered (all when `None`).
    #[prop(optional)]
    workloads: Option<Vec<String>>,
    /// Surfaces offered (all when `None`).
    #[prop(optional)]
    surfaces: Option<Vec<String>>,
    /// "Use this route" (the playground).
    #[prop(optional)]
    on_use: Option<Callback<Choice>>,
    /// Every new decision (the widget's `route-change` event).
    #[prop(optional)]
    on_change: Option<Callback<Choice>>,
    /// Show curl / Python / JS snippets.
    #[prop(optional)]
    snippets: bool,
    /// Playground URL for the "Open in playground" link.
    #[prop(optional)]
    playground_url: Option<String>,
) -> impl IntoView {
    let all_workloads: Vec<String> =
        catalog::workloads().iter().map(|w| w.id.to_string()).collect();
    let workloads = workloads.filter(|w| !w.is_empty()).unwrap_or(all_workloads);
    let start = if workloads.contains(&workload) {
        workload
    } else {
        workloads.first().cloned().unwrap_or_default()
    };
    let surfaces = surfaces.filter(|s| !s.is_empty());
    let inputs = RwSignal::new(Inputs {
        workload: start,
        surface: String::new(),
        region: String::new(),
        plan: String::new(),
        scope: "any".into(),
        prefer: "smallest".into(),
        needs: Needs::default(),
    });
    let allowed = surfaces.clone();
    // The language this picker was made in. A page can hold pickers in different languages (the
    // widget) and the language is one setting per page, so every later redraw sets its own
    // first: otherwise it would render in whichever picker's language was set last.
    let lang = crate::i18n::lang();
    let decision = Memo::new(move |_| {
        crate::i18n::set_lang(lang);
        inputs.with(|i| decide(i, &allowed)).map(choice_for)
    });
    let decision_in_lang = move || {
        crate::i18n::set_lang(lang);
        decision.get()
    };
    if let Some(cb) = on_change {
        Effect::new(move |_| {
            if let Ok(c) = decision.get() {
                cb.run(c);
            }
        });
    }
    let surface_options: Vec<(String, String)> = catalog::surfaces()
        .iter()
        .filter(|s| !s.is_removed() && !s.base_url.contains('{'))
        .filter(|s| surfaces.as_ref().is_none_or(|l| l.iter().any(|x| x == s.id)))
        .map(|s| (s.id.to_string(), crate::i18n::msg(&s.name_text())))
        .collect();
    let set = move |f: fn(&mut Inputs, String)| {
        move |ev: leptos::ev::Event| inputs.update(|i| f(i, event_target_value(&ev)))
    };
    let need = move |f: fn(&mut Needs, bool)| {
        move |ev: leptos::ev::Event| inputs.update(|i| f(&mut i.needs, event_target_checked(&ev)))
    };
    let snippet_tab = RwSignal::new(Format::Curl);
    let snippet_text = Signal::derive(move || {
        decision.with(|d| match d {
            Ok(Choice { shaped: Some(s), .. }) => export(s, snippet_tab.get()),
            _ => String::new(),
        })
    });
    let verify_text = Signal::derive(move || {
        decision.with(|d| d.as_ref().map(|c| c.route.verify.command.clone()).unwrap_or_default())
    });
    let playground_href = move || {
        let base = playground_url.clone().unwrap_or_default();
        decision.with(|d| {
            d.as_ref().map(|c| format!("{base}{}", share::fragment(&c.form))).unwrap_or(base)
        })
    };
    view! {
        <div class="picker">
            <div class="picker-inputs">
                <label class="field"><span>{t!("ui.picker.workload", "Workload")}</span>
                    <select class="pk-workload" on:change=set(|i, v| i.workload = v)>
                        {workloads.iter().map(|w| {
                            let w2 = w.clone();
                            view! { <option value=w.clone() selected=move || inputs.with(|i| i.workload == w2)>{w.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field"><span>{t!("ui.picker.surface", "Surface")}</span>
                    <select class="pk-surface" on:change=set(|i, v| i.surface = v)>
                        <option value="">{t!("ui.picker.surface-best", "Best for this workload")}</option>
                        {surface_options.iter().map(|(id, name)| view! { <option value=id.clone()>{format!("{id} — {name}")}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field"><span>{t!("ui.picker.region", "Region")}</span>
                    <select class="pk-region" on:change=set(|i, v| i.region = v)>
                        <option value="">{t!("ui.picker.any", "Any")}</option>
                        {catalog::regions().iter().map(|r| view! { <option value=r.id>{format!("{} ({})", crate::i18n::msg(&r.name_text()), r.id)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field"><span>{t!("ui.picker.plan", "Plan")}</span>
                    <select class="pk-plan" on:change=set(|i, v| i.plan = v)>
                        <option value="">{t!("ui.picker.any", "Any")}</option>
                        <option value="payg">{t!("ui.picker.plan-payg", "Pay-as-you-go")}</option>
                        <option value="coding-plan">"Coding Plan"</option>
                        <option value="token-plan">"Token Plan"</option>
                    </select>
                </label>
                <label class="field"><span>{t!("ui.picker.hosting", "Hosting")}</span>
                    <select class="pk-scope" on:change=set(|i, v| i.scope = v)>
                        <option value="any">{t!("ui.picker.hosting-any", "Hosted or self-hosted")}</option>
                        <option value="hosted">{t!("ui.picker.hosting-hosted", "Hosted only")}</option>
                        <option value="self-hosted">{t!("ui.picker.hosting-self", "Self-hosted only")}</option>
                    </select>
                </label>
                <label class="field"><span>{t!("ui.picker.prefer", "Prefer")}</span>
                    <select class="pk-prefer" on:change=set(|i, v| i.prefer = v)>
                        <option value="smallest">{t!("ui.picker.prefer-smallest", "Smallest that works")}</option>
                        <option value="speed">{t!("ui.picker.prefer-speed", "Speed")}</option>
                        <option value="quality">{t!("ui.picker.prefer-quality", "Quality")}</option>
                    </select>
                </label>
                <fieldset class="needs"><legend>{t!("ui.picker.needs", "Needs")}</legend>
                    <label><input type="checkbox" class="pk-images" on:change=need(|n, v| n.images = v)/>{t!("ui.picker.needs-images", " images")}</label>
                    <label><input type="checkbox" class="pk-video" on:change=need(|n, v| n.video = v)/>{t!("ui.picker.needs-video", " video")}</label>
                    <label><input type="checkbox" class="pk-tools" on:change=need(|n, v| n.tools = v)/>{t!("ui.picker.needs-tools", " tools")}</label>
                    <label><input type="checkbox" class="pk-schema" on:change=need(|n, v| n.json_schema = v)/>" JSON Schema"</label>
                </fieldset>
            </div>
            {move || match decision_in_lang() {
                Err(e) => view! { <div class="decision error" role="status">{e}</div> }.into_any(),
                Ok(c) => {
                    let r = c.route.clone();
                    let chosen = c.clone();
                    view! {
                        <div class="decision" role="status" aria-live="polite">
                            <div class="decision-head">
                                <span class="pk-surface-out">{r.surface}</span>" · "<strong class="pk-model">{r.model}</strong>
                                <span class="muted">{format!(" — {}", r.model_name)}</span>
                            </div>
                            <div class="chips">
                                <span class="chip">{tf!("ui.picker.chip-thinking", "thinking {setting}", setting = r.params.thinking)}</span>
                                <span class="chip">{if r.params.stream { t!("ui.picker.chip-stream", "stream") } else { t!("ui.picker.chip-no-stream", "no stream") }}</span>
                                {r.params.temperature.map(|t| view! { <span class="chip">{format!("temperature {}", qwen_route::text::num(t))}</span> })}
                                {r.params.response_format.map(|f| view! { <span class="chip">{format!("response_format {f}")}</span> })}
                                <span class="chip">{tf!("ui.picker.chip-key", "key ${env}", env = r.env_var)}</span>
                            </div>
                            <ul class="reasons pk-reasons">
                                {r.reasons.iter().map(|x| view! { <li><code>{x.rule}</code>" "{crate::i18n::msg(&x.text)}</li> }).collect_view()}
                            </ul>
                            {(!r.warnings.is_empty()).then(|| view! {
                                <ul class="warnings">{r.warnings.iter().map(|w| view! { <li>"⚠ "{crate::i18n::msg(&w.text)}</li> }).collect_view()}</ul>
                            })}
                            {
                                let f = r.facts.clone();
                                let detail: Vec<String> = f.disputed_facts.iter().map(|x| tf!("ui.picker.fact-disputed", "disputed: {fact}", fact = x))
                                    .chain(f.unconfirmed_facts.iter().map(|x| tf!("ui.picker.fact-unconfirmed", "unconfirmed: {fact}", fact = x)))
                                    .collect();
                                view! {
                                    <div class="facts-age muted" data-disputed=f.disputed data-unconfirmed=f.unconfirmed>
                                        {crate::i18n::msg(&f.line)}
                                        {(!detail.is_empty()).then(|| view! {
                                            <details class="facts-detail"><summary>{t!("ui.picker.facts-which", "which")}</summary>
                                                <ul>{detail.into_iter().map(|d| view! { <li><code>{d}</code></li> }).collect_view()}</ul>
                                            </details>
                                        })}
                                    </div>
                                }
                            }
                            {(!r.fallbacks.is_empty()).then(|| view! {
                                <details class="fallbacks"><summary>{tf!("ui.picker.fallbacks", "{n} fallbacks", n = r.fallbacks.len())}</summary>
                                    <ol>{r.fallbacks.iter().map(|f| view! { <li>{format!("{} · {} — {}", f.surface, f.model, crate::i18n::msg(&f.why))}</li> }).collect_view()}</ol>
                                </details>
                            })}
                            {r.tradeoff.clone().map(|t| {
                                let side = |s: &Option<qwen_route::route::Side>| s.as_ref().map_or_else(|| t!("ui.picker.no-route", "no route").to_string(), ToString::to_string);
                                view! {
                                    <details class="tradeoff">
                                        <summary>{tf!("ui.picker.tradeoff", "Hosted ({hosted}) vs self-hosted ({self_hosted})", hosted = side(&t.hosted), self_hosted = side(&t.self_hosted))}</summary>
                                        <table class="tradeoff-table">
                                            <thead><tr>
                                                <th scope="col">{t!("ui.picker.col-aspect", "Aspect")}</th>
                                                <th scope="col">{t!("ui.picker.col-hosted", "Hosted")}</th>
                                                <th scope="col">{t!("ui.picker.col-self-hosted", "Self-hosted")}</th>
                                            </tr></thead>
                                            <tbody>{t.rows.iter().map(|row| {
                                                let word = row.favours.as_str();
                                                let cls = format!("favours {word}");
                                                view! {
                                                    <tr data-aspect=row.aspect>
                                                        <th scope="row">{aspect_label(row)}<br/><span class=cls>{favours_word(row.favours)}</span></th>
                                                        <td>{row.hosted.clone()}</td><td>{row.self_hosted.clone()}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}</tbody>
                                        </table>
                                    </details>
                                }
                            })}
                            {r.anthropic.clone().map(|a| {
                                let block = a.claude_code.clone();
                                let block_text = Signal::derive(move || block.clone());
                                view! {
                                    <details class="pk-anthropic">
                                        <summary>{format!("Anthropic Messages: {} · Claude Code", a.base_url)}</summary>
                                        <p class="muted">{tf!("ui.picker.anthropic-post", "POST {url} with {header}. {listed}", url = a.messages_url, header = a.auth_header,
                                            listed = if a.model_listed {
                                                t!("ui.picker.anthropic-listed", "The sources list this model for that path.")
                                            } else {
                                                t!("ui.picker.anthropic-unlisted", "No source lists this model for that path yet.")
                                            })}</p>
                                        <p class="muted">{t!("ui.picker.claude-settings", "~/.claude/settings.json (replace YOUR_API_KEY):")}</p>
                                        <pre class="code pk-claude-code" tabindex="0">{a.claude_code.clone()}</pre>
                                        <CopyButton text=block_text label=t!("ui.picker.copy", "Copy") aria=t!("ui.picker.copy-claude-code", "Copy the Claude Code settings block")/>
                                        <ul class="notes">{a.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                                        <p class="muted source">{tf!("ui.picker.anthropic-source", "Source: {source} (checked {checked})", source = a.source, checked = a.checked)}</p>
                                    </details>
                                }
                            })}
                            <div class="verify"><span class="muted">{tf!("ui.picker.verify", "Verify ({method}): ", method = r.verify.method)}</span>
                                <code class="pk-verify">{r.verify.command.clone()}</code>
                                <CopyButton text=verify_text label=t!("ui.picker.copy", "Copy") aria=t!("ui.picker.copy-verify", "Copy the verify command")/>
                            </div>
                            {on_use.map(|cb| view! {
                                <button type="button" class="primary pk-use" on:click=move |_| cb.run(chosen.clone())>{t!("ui.picker.use", "Use this route")}</button>
                            })}
                        </div>
                    }.into_any()
                }
            }}
            {snippets.then(|| view! {
                <div class="snippets">
                    <div class="row pk-snippet-bar">
                        <div class="tabs" role="tablist" aria-label=t!("ui.picker.snippet-language", "Snippet language") on:keydown=crate::ui::common::tablist_keys>
                            {[(Format::Curl, "curl"), (Format::Python, "Python"), (Format::Js, "JavaScript")].into_iter().map(|(f, name)| view! {
                                <button type="button" role="tab" class="tab" class:active=move || snippet_tab.get() == f
                                    id=format!("pk-tab-{name}") aria-controls="pk-snippet"
                                    aria-selected=move || (snippet_tab.get() == f).to_string()
                                    tabindex=move || if snippet_tab.get() == f { "0" } else { "-1" }
                                    on:click=move |_| snippet_tab.set(f)>{name}</button>
                            }).collect_view()}
                        </div>
                        <CopyButton text=snippet_text label=t!("ui.picker.copy", "Copy") aria=t!("ui.picker.copy-snippet", "Copy the snippet")/>
                    </div>
                    <pre class="code pk-snippet" id="pk-snippet" role="tabpanel" tabindex="0"
                        aria-labelledby=move || format!("pk-tab-{}", match snippet_tab.get() { Format::Python => "Python", Format::Js => "JavaScript", _ => "curl" })>{move || snippet_text.get()}</pre>
                    <a class="pk-open" href=playground_href target="_blank" rel="noopener">{t!("ui.picker.open-playground", "Open in playground ↗")}</a>
                </div>
            })}
        </div>
    }
}
