//! Taking the request elsewhere: curl / JavaScript / Python snippets (the key as an environment
//! variable unless "include key" is ticked), a share link that carries the request in the URL
//! fragment and never the key, and Batch API JSONL for jobs that outgrow a browser.

use leptos::prelude::*;
use qwen_route::export::{batch, claude_code_notes, export, Format};
use wasm_bindgen::JsCast;

use crate::form::Form;
use crate::key::SealedKey;
use crate::share;
use crate::ui::common::CopyButton;
use crate::ui::state::{shaped, Ctx};
use crate::vars;

/// Put the key in place of the snippet's environment variable (only when the user asks).
pub fn with_literal_key(snippet: &str, env_var: &str, key: &SealedKey, format: Format) -> String {
    let key = key.reveal();
    let quoted = serde_json::to_string(key).unwrap_or_default();
    match format {
        Format::Curl => snippet.replace(&format!("${env_var}"), key),
        // `Bearer ${process.env.K}` in fetch code, `authToken: process.env.K` for the
        // Anthropic SDK.
        Format::Js => snippet
            .replace(&format!("${{process.env.{env_var}}}"), key)
            .replace(&format!("process.env.{env_var}"), &quoted),
        Format::Python => snippet.replace(&format!("os.environ[\"{env_var}\"]"), &quoted),
        Format::ClaudeCode => snippet.replace("\"YOUR_API_KEY\"", &quoted),
    }
}

/// Batch lines for rows of variable values: the form with each row's values, shaped, one line
/// each (numbered in order; a row that cannot be shaped is reported in the notes).
pub fn batch_rows(
    form: &Form,
    class: Option<qwen_route::catalog::KeyClass>,
    rows: &[std::collections::BTreeMap<String, String>],
) -> qwen_route::export::BatchExport {
    let mut jsonl = String::new();
    let mut notes = Vec::new();
    let mut lines = 0;
    for (i, row) in rows.iter().enumerate() {
        let mut f = form.clone();
        f.vars.extend(row.iter().map(|(k, v)| (k.clone(), v.clone())));
        match shaped(&f, class) {
            Ok(s) => {
                let one = batch(&s, &[]);
                if i == 0 {
                    notes.extend(one.notes);
                }
                for line in one.jsonl.lines() {
                    let mut v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
                    lines += 1;
                    v["custom_id"] = format!("request-{lines}").into();
                    jsonl.push_str(&v.to_string());
                    jsonl.push('\n');
                }
            }
            Err(e) => notes.push(tf!(
                "ui.export.row-left-out",
                "row {n} was left out: {error}",
                n = i + 1,
                error = e
            )),
        }
    }
    notes.push(tf!(
        "ui.export.rows",
        "{n} row(s) of variable values, one request each.",
        n = rows.len()
    ));
    qwen_route::export::BatchExport { jsonl, lines, notes }
}

/// Offer `text` as a file download (a local blob URL; nothing leaves the page).
pub fn download(name: &str, text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let Ok(blob) = web_sys::Blob::new_with_str_sequence(&parts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) =
        doc.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The export, share and batch panel.
#[component]
pub fn ExportPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let tab = RwSignal::new("code");
    let format = RwSignal::new(Format::Curl);
    let include_key = RwSignal::new(false);
    let has_anthropic = Memo::new(move |_| {
        ctx.form.with(|f| qwen_route::catalog::anthropic_endpoint(f.shape_surface()).is_some())
    });
    // Claude Code is offered only where the surface has an Anthropic endpoint.
    Effect::new(move |_| {
        if !has_anthropic.get() && format.get_untracked() == Format::ClaudeCode {
            format.set(Format::Curl);
        }
    });
    let inputs = RwSignal::new(String::new());
    let result = ctx.shaped;
    // Everything shown here is key-redacted (by value and by pattern), except the snippet when
    // the user ticks "include key".
    let keep_key = Signal::derive(move || include_key.get() && ctx.key.is_set());
    let snippet = Signal::derive(move || {
        result.with(|r| match r {
            Ok(s) => {
                let text = export(s, format.get());
                if keep_key.get() {
                    let key = ctx.form.with(|f| ctx.key.sealed_for(f));
                    with_literal_key(&text, s.effective.env_var, &key, format.get())
                } else {
                    ctx.key.is_set(); // re-redact when the key changes
                    ctx.key.redactor().text(&text)
                }
            }
            Err(e) => tf!("ui.export.cannot-export", "# cannot export: {error}", error = e),
        })
    });
    let share_link = Memo::new(move |_| {
        ctx.key.is_set();
        let relay = ctx.relay_on.get();
        ctx.form.with(|f| share::link_with_relay(f, &ctx.key.redactor(), relay))
    });
    let link = Signal::derive(move || {
        let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        let base = base.split('#').next().unwrap_or("").to_string();
        share_link.with(|l| l.fragment.as_ref().map(|f| format!("{base}{f}")).unwrap_or_default())
    });
    let jsonl = Memo::new(move |_| {
        let text = inputs.get();
        let known = ctx.form.with(Form::variables);
        // A CSV or JSONL table of variable values: one request per row.
        if let Some(rows) = (!known.is_empty()).then(|| vars::rows(&text, &known)).flatten() {
            let class = ctx.key.class();
            return Some(batch_rows(&ctx.form.get(), class, &rows));
        }
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        result.with(|r| r.as_ref().ok().map(|s| batch(s, &lines)))
    });
    let jsonl_text = Signal::derive(move || {
        ctx.key.is_set();
        let text = jsonl.with(|b| b.as_ref().map(|b| b.jsonl.clone()).unwrap_or_default());
        ctx.key.redactor().text(&text)
    });
    view! {
        <section class="card" aria-labelledby="export-h">
            <h2 id="export-h">{t!("ui.export.title", "Take it elsewhere")}</h2>
            <div class="tabs" role="tablist" aria-label=t!("ui.export.tabs", "Export as") on:keydown=crate::ui::common::tablist_keys>
                {[("code", t!("ui.export.tab-code", "Code")), ("share", t!("ui.export.share-link", "Share link")), ("batch", t!("ui.export.tab-batch", "Batch JSONL"))].into_iter().map(|(id, name)| view! {
                    <button type="button" role="tab" id=format!("export-tab-{id}") aria-controls="export-panel" class=format!("tab tab-{id}")
                        class:active=move || tab.get() == id aria-selected=move || (tab.get() == id).to_string()
                        tabindex=move || if tab.get() == id { "0" } else { "-1" } on:click=move |_| tab.set(id)>{name}</button>
                }).collect_view()}
            </div>
            <div role="tabpanel" id="export-panel" aria-labelledby=move || format!("export-tab-{}", tab.get())>
            <Show when=move || tab.get() == "code">
                <div class="row">
                    {[(Format::Curl, "curl"), (Format::Js, "JavaScript"), (Format::Python, "Python")].into_iter().map(|(f, name)| view! {
                        <button type="button" class=format!("tab fmt-{name}") class:active=move || format.get() == f on:click=move |_| format.set(f)>{name}</button>
                    }).collect_view()}
                    <Show when=move || has_anthropic.get()>
                        <button type="button" class="tab fmt-claude-code" class:active=move || format.get() == Format::ClaudeCode
                            on:click=move |_| format.set(Format::ClaudeCode)>"Claude Code"</button>
                    </Show>
                    <label class="check"><input type="checkbox" id="include-key" prop:checked=move || include_key.get()
                        on:change=move |ev| include_key.set(event_target_checked(&ev)) />{t!("ui.export.include-key", " include key")}</label>
                    <CopyButton text=snippet label=t!("ui.common.copy", "Copy") aria=t!("ui.export.copy-snippet-aria", "Copy the snippet") keep_key=keep_key/>
                </div>
                <Show when=move || include_key.get()>
                    <p class="warn">{t!("ui.export.key-warning", "The snippet now contains your key. Do not paste it anywhere public.")}</p>
                </Show>
                <Show when=move || format.get() == Format::ClaudeCode && has_anthropic.get()>
                    <p class="muted claude-code-where">{t!("ui.export.claude-code-where", "Paste into ~/.claude/settings.json (or merge its env block), then start claude.")}</p>
                    <ul class="notes claude-code-notes">{move || ctx.form.with(|f| claude_code_notes(f.shape_surface())).into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                </Show>
                <pre class="code snippet" tabindex="0">{move || snippet.get()}</pre>
            </Show>
            <Show when=move || tab.get() == "share">
                <p class="muted">{t!("ui.export.share-hint", "The link carries the whole request in its #fragment (browsers never send fragments to servers), and whether the relay switch is on (not the relay's address). It never carries the key: keys typed into a prompt or a field are replaced too.")}</p>
                {move || share_link.with(|l| (l.omitted_images > 0).then(|| view! {
                    <p class="note share-omitted" role="status">{match l.omitted_images {
                        1 => t!("ui.export.image-omitted", "1 local image not included: local files stay on this device. Image URLs are kept.").to_string(),
                        n => tf!("ui.export.images-omitted", "{n} local images not included: local files stay on this device. Image URLs are kept.", n = n),
                    }}</p>
                }))}
                {move || share_link.with(|l| l.too_long.map(|n| view! {
                    <p class="error share-too-long" role="alert">{tf!(
                        "ui.export.too-long",
                        "This request is too long for a link ({size} KB; the page makes links up to {max} KB, and Chromium opens none longer than 2 MB). Use Export (curl, JavaScript, Python) instead.",
                        size = n / 1000, max = share::MAX_LINK_CHARS / 1000)}</p>
                }))}
                <div class="row"><input id="share-link" class="grow" type="text" readonly prop:value=move || link.get() aria-label=t!("ui.export.share-link", "Share link")/>
                    <CopyButton text=link label=t!("ui.export.copy-link", "Copy link")/></div>
            </Show>
            <Show when=move || tab.get() == "batch">
                <label class="field" for="batch-inputs"><span>{t!("ui.export.batch-inputs", "Inputs, one per line (each replaces the last user message; empty: the request as it is), or a CSV / JSONL table of variable values (one request per row)")}</span>
                    <textarea id="batch-inputs" rows="4" prop:value=move || inputs.get() on:input=move |ev| inputs.set(event_target_value(&ev))></textarea>
                </label>
                {move || jsonl.get().map(|b| view! {
                    <p class="muted">{tf!("ui.export.batch-lines", "{n} line(s) for the OpenAI-compatible Batch API (POST /v1/files with purpose=batch, then /v1/batches).", n = b.lines)}</p>
                    <ul class="notes">{b.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                })}
                <div class="row">
                    <CopyButton text=jsonl_text label=t!("ui.export.copy-jsonl", "Copy JSONL")/>
                    <button type="button" class="secondary" on:click=move |_| download("batch.jsonl", &jsonl_text.get_untracked())>{t!("ui.export.download-jsonl", "Download batch.jsonl")}</button>
                </div>
                <pre class="code batch" tabindex="0">{move || jsonl_text.get()}</pre>
            </Show>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_rows_give_one_filled_request_each() {
        let mut f = Form::default();
        f.messages[0].text = "Explain {{topic}} to {{who}}.".into();
        let rows = vars::rows(
            "topic,who\nrainbows,a child\n\"tides, briefly\",an engineer",
            &f.variables(),
        )
        .unwrap();
        let b = batch_rows(&f, None, &rows);
        assert_eq!(b.lines, 2);
        let second: serde_json::Value =
            serde_json::from_str(b.jsonl.lines().nth(1).unwrap()).unwrap();
        assert_eq!(second["custom_id"], "request-2");
        assert_eq!(
            second["body"]["messages"][0]["content"],
            "Explain tides, briefly to an engineer."
        );
        // The form itself still holds the placeholders.
        assert_eq!(f.messages[0].text, "Explain {{topic}} to {{who}}.");
    }

    #[test]
    fn literal_key_only_where_the_env_var_was() {
        let k = SealedKey::from_text("sk-1");
        assert_eq!(with_literal_key("Bearer $K\n", "K", &k, Format::Curl), "Bearer sk-1\n");
        assert_eq!(
            with_literal_key("`Bearer ${process.env.K}`", "K", &k, Format::Js),
            "`Bearer sk-1`"
        );
        assert_eq!(
            with_literal_key(
                "api_key=os.environ[\"K\"],",
                "K",
                &SealedKey::from_text("sk-\"1"),
                Format::Python
            ),
            "api_key=\"sk-\\\"1\","
        );
        // The Anthropic SDK's authToken and Claude Code's settings block.
        assert_eq!(
            with_literal_key("authToken: process.env.K, //", "K", &k, Format::Js),
            "authToken: \"sk-1\", //"
        );
        assert_eq!(
            with_literal_key(
                "\"ANTHROPIC_AUTH_TOKEN\": \"YOUR_API_KEY\",",
                "K",
                &k,
                Format::ClaudeCode
            ),
            "\"ANTHROPIC_AUTH_TOKEN\": \"sk-1\","
        );
    }
}
