//! The language switch: English or 简体中文, kept in the URL (`?lang=`), never in storage.

use leptos::prelude::*;

use crate::i18n::{self, Lang, LangSignal};

/// A select of the languages, each named in itself.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let signal = expect_context::<LangSignal>();
    view! {
        <label class="lang-switch">
            <span class="visually-hidden">{t!("ui.lang.switch", "Language")}</span>
            <select id="lang"
                on:change=move |ev| {
                    if let Some(l) = Lang::parse(&event_target_value(&ev)) {
                        i18n::switch(signal, l);
                    }
                }>
                {Lang::ALL.iter().map(|l| view! {
                    <option value=l.tag() lang=l.tag() selected=move || signal.0.get() == *l>{l.name()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
