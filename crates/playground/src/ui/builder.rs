//! The request builder: system prompt, messages (with images), thinking, sampling, streaming,
//! tools, structured output and extra fields. Invalid fields are named inline.

use leptos::prelude::*;
use qwen_route::media::inspect_data_url;

use crate::form::{Form, Message};
use crate::ui::common::{read_picked_file, ReadAs, TextField};
use crate::ui::state::Ctx;

const TOOLS_EXAMPLE: &str = r#"[
  {"type": "function", "function": {
    "name": "get_weather",
    "description": "Current weather for a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
  }}
]"#;

const SCHEMA_EXAMPLE: &str = r#"{
  "type": "object",
  "properties": {"answer": {"type": "string"}, "confidence": {"type": "number", "minimum": 0, "maximum": 1}},
  "required": ["answer", "confidence"]
}"#;

fn image_label(url: &str) -> String {
    match inspect_data_url(url) {
        Some(info) => {
            let dims =
                info.width.zip(info.height).map(|(w, h)| format!(", {w}×{h}")).unwrap_or_default();
            format!("{} ({}{dims})", info.mime, crate::ui::common::bytes(info.bytes))
        }
        None => url.chars().take(60).collect(),
    }
}

/// Read a picked file as a `data:` URL and add it to message `i`.
fn add_file(form: RwSignal<Form>, i: usize, ev: &leptos::ev::Event) {
    read_picked_file(ev, ReadAs::DataUrl, move |url| {
        form.update(|f| {
            if let Some(m) = f.messages.get_mut(i) {
                m.images.push(url);
            }
        });
    });
}

/// The request builder panel.
#[component]
pub fn Builder() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let form = ctx.form;
    let errors = Memo::new(move |_| form.with(|f| f.to_shape_request().err().unwrap_or_default()));
    let error_for = move |field: &'static str| {
        move || errors.with(|e| e.iter().find(|x| x.field == field).map(|x| x.message.clone()))
    };
    let field = move |get: fn(&Form) -> String, put: fn(&mut Form, String)| {
        (
            Signal::derive(move || form.with(get)),
            Callback::new(move |v: String| form.update(|f| put(f, v))),
        )
    };
    let (temp, set_temp) = field(|f| f.temperature.clone(), |f, v| f.temperature = v);
    let (top_p, set_top_p) = field(|f| f.top_p.clone(), |f, v| f.top_p = v);
    let (max_tokens, set_max_tokens) = field(|f| f.max_tokens.clone(), |f, v| f.max_tokens = v);
    let (tool_choice, set_tool_choice) = field(|f| f.tool_choice.clone(), |f, v| f.tool_choice = v);
    let select = move |id: &'static str,
                       label: &'static str,
                       get: fn(&Form) -> String,
                       put: fn(&mut Form, String),
                       options: Vec<(&'static str, &'static str)>| {
        view! {
            <label class="field" for=id><span>{label}</span>
                <select id=id on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| put(f, v)); }>
                    {options.into_iter().map(|(value, text)| view! {
                        <option value=value selected=move || form.with(get) == value>{text}</option>
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let messages = move || (0..form.with(|f| f.messages.len())).collect::<Vec<_>>();
    view! {
        <section class="card" aria-labelledby="request-h">
            <h2 id="request-h">{t!("ui.builder.request", "Request")}</h2>
            <label class="field" for="system"><span>{t!("ui.builder.system-prompt", "System prompt")}</span>
                <textarea id="system" rows="2" spellcheck="false" prop:value=move || form.with(|f| f.system.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.system = v); }></textarea>
            </label>
            <div class="messages">
                <For each=messages key=|i| *i let:i>
                    <div class="message">
                        <div class="row">
                            <select class="role" aria-label=tf!("ui.builder.role-aria", "Role of message {n}", n = i + 1)
                                on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| if let Some(m) = f.messages.get_mut(i) { m.role = v; }); }>
                                {["user", "assistant", "tool"].into_iter().map(|r| view! {
                                    <option value=r selected=move || form.with(|f| f.messages.get(i).is_some_and(|m| m.role == r))>{r}</option>
                                }).collect_view()}
                            </select>
                            <label class="file secondary">{t!("ui.builder.add-image", "+ image")}
                                <input type="file" accept="image/*" class="visually-hidden" on:change=move |ev| add_file(form, i, &ev) />
                            </label>
                            <button type="button" class="link" aria-label=tf!("ui.builder.add-image-url-aria", "Add an image URL to message {n}", n = i + 1) on:click=move |_| {
                                form.update(|f| if let Some(m) = f.messages.get_mut(i) { m.images.push("https://".into()); });
                            }>{t!("ui.builder.add-image-url", "+ image URL")}</button>
                            <button type="button" class="link turn-op" aria-label=tf!("ui.builder.duplicate-aria", "duplicate message {n}", n = i + 1)
                                on:click=move |_| form.update(|f| f.duplicate_turn(i))>{t!("ui.builder.duplicate", "duplicate")}</button>
                            <button type="button" class="link turn-op" aria-label=tf!("ui.builder.insert-before-aria", "insert before message {n}", n = i + 1)
                                on:click=move |_| form.update(|f| { f.insert_turn(i, false); })>{t!("ui.builder.insert-before", "insert before")}</button>
                            <button type="button" class="link turn-op" aria-label=tf!("ui.builder.insert-after-aria", "insert after message {n}", n = i + 1)
                                on:click=move |_| form.update(|f| { f.insert_turn(i, true); })>{t!("ui.builder.insert-after", "insert after")}</button>
                            <button type="button" class="link turn-op" aria-label=tf!("ui.builder.regenerate-aria", "regenerate from here (message {n})", n = i + 1)
                                disabled=move || ctx.run.busy()
                                on:click=move |_| {
                                    let mut go = false;
                                    form.update(|f| go = f.regenerate_from(i));
                                    if go { ctx.send(); }
                                }>{t!("ui.builder.regenerate", "regenerate from here")}</button>
                            <button type="button" class="link danger" aria-label=tf!("ui.builder.remove-message-aria", "Remove message {n}", n = i + 1)
                                disabled=move || { form.with(|f| f.messages.len() <= 1) }
                                on:click=move |_| form.update(|f| { if f.messages.len() > 1 { f.messages.remove(i); } })>{t!("ui.builder.remove", "remove")}</button>
                        </div>
                        <Show when=move || form.with(|f| f.messages.get(i).is_some_and(|m| m.role == "tool"))>
                            <label class="field tool-call-id"><span>"tool_call_id"</span>
                                <input type="text" spellcheck="false" aria-label=tf!("ui.builder.tool-call-id-aria", "tool_call_id of message {n}", n = i + 1)
                                    prop:value=move || form.with(|f| f.messages.get(i).map(|m| m.tool_call_id.clone()).unwrap_or_default())
                                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| if let Some(m) = f.messages.get_mut(i) { m.tool_call_id = v; }); } />
                            </label>
                        </Show>
                        {move || form.with(|f| f.messages.get(i).filter(|m| m.role == "assistant" && !m.reasoning.is_empty()).map(|m| m.reasoning.chars().count())).map(|n| view! {
                            <p class="muted turn-reasoning">{tf!("ui.builder.turn-reasoning", "reasoning ({n} chars): sent or left out per server, as the notes say", n = n)}</p>
                        })}
                        {move || form.with(|f| f.messages.get(i).filter(|m| m.role == "assistant").map(|m| m.tool_calls.clone()).unwrap_or_default()).into_iter().enumerate().map(|(j, c)| view! {
                            <div class="row turn-tool-call">
                                <code class="grow">{format!("{}({}) · id {}", c.name, c.arguments, c.id)}</code>
                                <button type="button" class="link danger" aria-label=tf!("ui.builder.remove-call-aria", "Remove tool call {id} of message {n}", id = c.id, n = i + 1)
                                    on:click=move |_| form.update(|f| if let Some(m) = f.messages.get_mut(i) { if j < m.tool_calls.len() { m.tool_calls.remove(j); } })>{t!("ui.builder.remove-call", "remove call")}</button>
                            </div>
                        }).collect_view()}
                        <textarea class="message-text" rows="3" aria-label=tf!("ui.builder.message", "Message {n}", n = i + 1) spellcheck="false"
                            prop:value=move || form.with(|f| f.messages.get(i).map(|m| m.text.clone()).unwrap_or_default())
                            on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| if let Some(m) = f.messages.get_mut(i) { m.text = v; }); }></textarea>
                        {move || form.with(|f| f.messages.get(i).map(|m| m.images.clone()).unwrap_or_default()).into_iter().enumerate().map(|(j, url)| {
                            let is_data = url.starts_with("data:");
                            view! {
                                <div class="image row">
                                    {if is_data {
                                        view! { <span class="muted grow">{image_label(&url)}</span> }.into_any()
                                    } else {
                                        view! { <input type="url" class="grow" aria-label=t!("ui.builder.image-url-aria", "Image URL") prop:value=url.clone()
                                            on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| if let Some(u) = f.messages.get_mut(i).and_then(|m| m.images.get_mut(j)) { *u = v; }); } /> }.into_any()
                                    }}
                                    <button type="button" class="link danger" on:click=move |_| form.update(|f| if let Some(m) = f.messages.get_mut(i) { if j < m.images.len() { m.images.remove(j); } })>{t!("ui.builder.remove-image", "remove image")}</button>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </For>
                <button type="button" class="secondary" id="add-message" on:click=move |_| form.update(|f| {
                    let role = if f.messages.last().is_some_and(|m| m.role == "user") { "assistant" } else { "user" };
                    f.messages.push(Message { role: role.into(), ..Message::default() });
                })>{t!("ui.builder.add-message", "+ message")}</button>
            </div>
            {move || {
                let names = form.with(Form::variables);
                (!names.is_empty()).then(|| view! {
                    <fieldset class="variables">
                        <legend>{t!("ui.builder.variables", "Variables")}</legend>
                        <p class="muted">{t!("ui.builder.variables-hint", "Each {{name}} is filled in before sending; the wire view and exports show the filled request. Batch takes a CSV or JSONL table of values.")}</p>
                        {names.into_iter().map(|n| {
                            let key = n.clone();
                            let key2 = n.clone();
                            view! {
                                <label class="field"><span>{format!("{{{{{n}}}}}")}</span>
                                    <input type="text" class="var-value" spellcheck="false" aria-label=tf!("ui.builder.variable-value-aria", "Value of {name}", name = n)
                                        prop:value=move || form.with(|f| f.vars.get(&key).cloned().unwrap_or_default())
                                        on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| { f.vars.insert(key2.clone(), v); }); } />
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                })
            }}
            <div class="grid3">
                {select("thinking", t!("ui.builder.thinking", "Thinking"), |f| f.thinking.clone(), |f, v| f.thinking = v,
                    vec![("", t!("ui.builder.thinking-default", "model default")), ("off", t!("ui.builder.off", "off")), ("low", t!("ui.builder.thinking-low", "low")), ("medium", t!("ui.builder.thinking-medium", "medium")), ("high", t!("ui.builder.thinking-high", "high"))])}
                {select("stream", t!("ui.builder.stream", "Stream"), |f| f.stream.clone(), |f, v| f.stream = v, vec![("on", t!("ui.builder.on", "on")), ("off", t!("ui.builder.off", "off")), ("", t!("ui.builder.stream-auto", "decided by the shaper"))])}
                <TextField label="max_tokens" id="max-tokens" value=max_tokens on_input=set_max_tokens inputmode="numeric"/>
                <TextField label="temperature" id="temperature" value=temp on_input=set_temp inputmode="decimal"/>
                <TextField label="top_p" id="top-p" value=top_p on_input=set_top_p inputmode="decimal"/>
            </div>
            {move || error_for("temperature")().or_else(error_for("top_p")).or_else(error_for("max_tokens")).map(|e| view! { <p class="field-error">{e}</p> })}
            <details class="tools" open=move || form.with(|f| !f.tools.is_empty())>
                <summary>{t!("ui.builder.tools", "Tools")}</summary>
                <textarea id="tools" rows="8" spellcheck="false" placeholder=TOOLS_EXAMPLE prop:value=move || form.with(|f| f.tools.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.tools = v); }></textarea>
                {move || error_for("tools")().map(|e| view! { <p class="field-error">{e}</p> })}
                <div class="row">
                    <button type="button" class="link" on:click=move |_| form.update(|f| f.tools = TOOLS_EXAMPLE.into())>{t!("ui.builder.insert-example", "insert an example")}</button>
                    <TextField label="tool_choice" id="tool-choice" value=tool_choice on_input=set_tool_choice placeholder=t!("ui.builder.tool-choice-placeholder", "auto, none, required or a function name")/>
                </div>
            </details>
            <details class="format" open=move || form.with(|f| !f.format.is_empty())>
                <summary>{t!("ui.builder.structured-output", "Structured output")}</summary>
                {select("format", "response_format", |f| f.format.clone(), |f, v| f.format = v,
                    vec![("", "text"), ("json_object", "json_object"), ("json_schema", "json_schema")])}
                <Show when=move || form.with(|f| f.format == "json_schema")>
                    <textarea id="schema" rows="8" spellcheck="false" placeholder=SCHEMA_EXAMPLE prop:value=move || form.with(|f| f.schema.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.schema = v); }></textarea>
                    <button type="button" class="link" on:click=move |_| form.update(|f| f.schema = SCHEMA_EXAMPLE.into())>{t!("ui.builder.insert-example", "insert an example")}</button>
                </Show>
                {move || error_for("schema")().map(|e| view! { <p class="field-error">{e}</p> })}
            </details>
            <details class="extra">
                <summary>{t!("ui.builder.other-fields", "Other fields (JSON)")}</summary>
                <textarea id="extra" rows="4" spellcheck="false" placeholder=r#"{"seed": 7, "top_k": 20}"# prop:value=move || form.with(|f| f.extra.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.extra = v); }></textarea>
                {move || error_for("extra")().map(|e| view! { <p class="field-error">{e}</p> })}
            </details>
        </section>
    }
}
