//! # qwen-route-i18n
//!
//! The languages of qwen-route's projections. The core speaks English and gives every sentence a
//! stable id ([`qwen_route::msg::Msg`]); the playground's labels have ids too (`ui.…`). This crate
//! maps each id to its zh-CN template (`zh-CN/*.toml`, one file per area) and fills in the same
//! values. English is never stored here: it is the core's own text, or the label written beside
//! its id in the playground source.
//!
//! ```
//! use qwen_route::shape::{shape, ShapeRequest};
//! use qwen_route_i18n::{Lang, Localize};
//! let mut req = ShapeRequest::new("dashscope-intl", "qwen-plus");
//! req.payload = serde_json::json!({
//!     "messages": [{"role": "user", "content": "List three colours."}],
//!     "response_format": {"type": "json_object"}
//! }).as_object().unwrap().clone();
//! let mut out = shape(&req).unwrap();
//! out.localize(Lang::ZhCn);
//! let f = out.lint.iter().find(|f| f.code == "json-object-needs-json-word").unwrap();
//! assert!(f.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
//! ```

mod localize;

pub use localize::Localize;

use qwen_route::msg::Msg;

#[cfg(feature = "embedded")]
include!(concat!(env!("OUT_DIR"), "/zh_cn.rs"));

/// The zh-CN table installed at run time (without the `embedded` feature).
#[cfg(not(feature = "embedded"))]
static INSTALLED: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
    std::sync::OnceLock::new();

/// The zh-CN table: compiled in, or as installed (empty until then).
fn zh_table() -> &'static [(&'static str, &'static str)] {
    #[cfg(feature = "embedded")]
    {
        ZH_CN
    }
    #[cfg(not(feature = "embedded"))]
    {
        INSTALLED.get().map_or(&[], Vec::as_slice)
    }
}

/// Whether the zh-CN table is here (always, with the `embedded` feature).
pub fn zh_cn_ready() -> bool {
    !zh_table().is_empty()
}

/// `lang` if its table is here, else English: a projection shows English rather than a
/// language whose table it could not get.
///
/// ```
/// use qwen_route_i18n::{usable, Lang};
/// assert_eq!(usable(Lang::En), Lang::En);
/// assert_eq!(usable(Lang::ZhCn), Lang::ZhCn); // compiled in here (the `embedded` feature)
/// ```
pub fn usable(lang: Lang) -> Lang {
    if lang == Lang::En || zh_cn_ready() {
        lang
    } else {
        Lang::En
    }
}

/// The zh-CN table as JSON (`{"id": "template", …}`, sorted by id): what a page that does not
/// embed it downloads when its reader picks 简体中文.
pub fn zh_cn_json() -> String {
    let map: serde_json::Map<String, serde_json::Value> =
        zh_table().iter().map(|(k, v)| ((*k).to_string(), (*v).into())).collect();
    serde_json::Value::Object(map).to_string()
}

/// Install the zh-CN table from [`zh_cn_json`]'s form. Without the `embedded` feature this
/// happens once (later calls change nothing); with it, the compiled-in table stays.
///
/// ```
/// let json = qwen_route_i18n::zh_cn_json();
/// assert!(qwen_route_i18n::install_zh_cn(&json).unwrap() > 100);
/// assert!(qwen_route_i18n::install_zh_cn("[1]").is_err());
/// ```
pub fn install_zh_cn(json: &str) -> Result<usize, String> {
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json)
        .map_err(|e| format!("the zh-CN table is not a JSON object: {e}"))?;
    let mut rows = Vec::with_capacity(map.len());
    for (k, v) in map {
        let Some(t) = v.as_str() else {
            return Err(format!("the zh-CN table's {k} is not a string"));
        };
        rows.push((k, t.to_string()));
    }
    #[cfg(not(feature = "embedded"))]
    {
        let mut rows: Vec<(&'static str, &'static str)> = rows
            .into_iter()
            .map(|(k, v)| (&*Box::leak(k.into_boxed_str()), &*Box::leak(v.into_boxed_str())))
            .collect();
        rows.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let n = rows.len();
        let _ = INSTALLED.set(rows);
        Ok(n)
    }
    #[cfg(feature = "embedded")]
    {
        Ok(rows.len())
    }
}

/// A language the projections speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// English: the core's own text.
    #[default]
    En,
    /// Simplified Chinese, as Model Studio's Chinese docs write it.
    ZhCn,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The BCP 47 tag (`en`, `zh-CN`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language's own name, for a language switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// A tag as users and browsers write it: `zh`, `zh-CN`, `zh-Hans`, `zh_CN` and `zh-SG` are
    /// Chinese; `en`, `en-US` … English; anything else is `None`.
    ///
    /// ```
    /// use qwen_route_i18n::Lang;
    /// assert_eq!(Lang::parse("zh-Hans-CN"), Some(Lang::ZhCn));
    /// assert_eq!(Lang::parse("EN-gb"), Some(Lang::En));
    /// assert_eq!(Lang::parse("fr"), None);
    /// ```
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let primary = tag.split('-').next().unwrap_or("");
        match primary {
            "en" => Some(Lang::En),
            // Traditional-script tags still get Simplified text: there is no zh-TW table.
            "zh" | "cmn" => Some(Lang::ZhCn),
            _ => None,
        }
    }

    /// The first supported language in a preference list (`navigator.languages`, or an
    /// `Accept-Language` value split on commas), else English.
    ///
    /// ```
    /// use qwen_route_i18n::Lang;
    /// assert_eq!(Lang::negotiate(["fr-FR", "zh-CN;q=0.8", "en"]), Lang::ZhCn);
    /// assert_eq!(Lang::negotiate(["de"]), Lang::En);
    /// ```
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(|t| Lang::parse(t.split(';').next().unwrap_or("")))
            .unwrap_or_default()
    }
}

/// The zh-CN template for an id.
///
/// ```
/// assert!(qwen_route_i18n::zh_cn("error.invalid-api-key.title").is_some());
/// assert_eq!(qwen_route_i18n::zh_cn("no-such-id"), None);
/// ```
pub fn zh_cn(id: &str) -> Option<&'static str> {
    let table = zh_table();
    table.binary_search_by(|(k, _)| (*k).cmp(id)).ok().map(|i| table[i].1)
}

/// Every zh-CN id, sorted.
pub fn zh_cn_ids() -> impl Iterator<Item = &'static str> {
    zh_table().iter().map(|(k, _)| *k)
}

/// The template for `id` in `lang`, or `None` where that language has none (English always
/// has none here: it is the caller's).
pub fn template(lang: Lang, id: &str) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::ZhCn => zh_cn(id),
    }
}

/// A core sentence in `lang`; its English text where the language has no template. Parts
/// (catalog prose, nested sentences) are rendered in `lang` first.
pub fn text(lang: Lang, m: &Msg) -> String {
    if lang == Lang::En {
        return m.as_str().to_string();
    }
    match template(lang, &m.id) {
        Some(t) => m.render_with(t, &|p| text(lang, p)),
        // No template of its own: its English, with its parts in `lang`.
        None if !m.parts.is_empty() => m.render_with(m.template, &|p| text(lang, p)),
        None => m.as_str().to_string(),
    }
}

/// A label in `lang`, given its id and English text.
///
/// ```
/// use qwen_route_i18n::{label, Lang};
/// assert_eq!(label(Lang::En, "ui.lang.switch", "Language"), "Language");
/// assert_ne!(label(Lang::ZhCn, "ui.lang.switch", "Language"), "Language");
/// ```
pub fn label(lang: Lang, id: &str, en: &'static str) -> &'static str {
    template(lang, id).unwrap_or(en)
}

/// A label with values (`{name}`), filled in `lang`.
///
/// ```
/// use qwen_route_i18n::{label_with, Lang};
/// assert_eq!(label_with(Lang::En, "x", "{n} turns", &[("n", "3".into())]), "3 turns");
/// ```
pub fn label_with(
    lang: Lang,
    id: &str,
    en: &'static str,
    args: &[(&'static str, String)],
) -> String {
    Msg::new(id.to_string(), en, args.to_vec()).render(label(lang, id, en))
}
