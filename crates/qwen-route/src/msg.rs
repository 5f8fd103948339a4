//! User-facing sentences with stable ids.
//!
//! Every finding, note and diagnosis the core writes is a [`Msg`]: a stable `id`, its English
//! template, the named values it was filled with, and the English text. The core speaks only
//! English; a projection (the CLI's `--lang`, the playground) looks the id up in its own table
//! and fills the same values into that language's template. The English template is written
//! once, at the place the sentence is made, with [`msg!`](crate::msg!).
//!
//! Templates name their values (`{model}`); `{{` and `}}` are literal braces, as in `format!`,
//! and the macro checks the names against the values at compile time.
//!
//! ```
//! let m = qwen_route::msg!("demo-ceiling", "{model} allows {max} tokens.", model = "qwen-plus", max = 32768);
//! assert_eq!(m.as_str(), "qwen-plus allows 32768 tokens.");
//! assert_eq!(m.id, "demo-ceiling");
//! assert_eq!(m.arg("max"), Some("32768"));
//! // Another language's template takes the same values.
//! assert_eq!(m.render("{model} 最多 {max} 个 token。"), "qwen-plus 最多 32768 个 token。");
//! ```

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::{Serialize, Serializer};

/// One sentence: stable id, English template, values, and the English text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Msg {
    /// Stable id, kebab-case (dots separate parts: `error.invalid-api-key.cause`).
    pub id: Cow<'static, str>,
    /// The English template.
    pub template: &'static str,
    /// The values named in the template, in order of first use.
    pub args: Vec<(&'static str, String)>,
    /// Values that are sentences of their own (catalog prose, another finding's text): a
    /// projection renders each in its language before filling it in.
    pub parts: Vec<(&'static str, Msg)>,
    text: String,
}

impl Msg {
    /// A sentence from its id, English template and values.
    pub fn new(
        id: impl Into<Cow<'static, str>>,
        template: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Self {
        let text = fill(template, &args);
        Msg { id: id.into(), template, args, parts: Vec::new(), text }
    }

    /// Catalog prose with an id of its own (`workload.fast-chat.name`): a sentence with no values.
    /// Its text is kept exactly as written (braces included: prose is not a template here).
    pub fn prose(id: impl Into<Cow<'static, str>>, text: &'static str) -> Self {
        Msg {
            id: id.into(),
            template: text,
            args: Vec::new(),
            parts: Vec::new(),
            text: text.into(),
        }
    }

    /// Mark the value `name` as a sentence of its own, so a projection renders it in its
    /// language too. Its English text must be the value already filled in.
    ///
    /// ```
    /// use qwen_route::msg::Msg;
    /// let name = Msg::prose("workload.x.name", "Fast chat");
    /// let m = qwen_route::msg!("demo-workload", "Workload: {name}.", name = name).with_part("name", name.clone());
    /// assert_eq!(m.as_str(), "Workload: Fast chat.");
    /// let zh = m.render_with("任务类型：{name}。", &|p: &Msg| if p.id == "workload.x.name" { "快速对话".into() } else { p.to_string() });
    /// assert_eq!(zh, "任务类型：快速对话。");
    /// ```
    pub fn with_part(mut self, name: &'static str, part: Msg) -> Self {
        self.parts.push((name, part));
        self
    }

    /// Like [`Msg::render`], with each part rendered by `part` first (a projection passes its
    /// own lookup, so parts nest to any depth).
    pub fn render_with(&self, template: &str, part: &dyn Fn(&Msg) -> String) -> String {
        if self.parts.is_empty() {
            return self.render(template);
        }
        let args: Vec<(&'static str, String)> = self
            .args
            .iter()
            .map(|(n, v)| match self.parts.iter().find(|(m, _)| m == n) {
                Some((_, p)) => (*n, part(p)),
                None => (*n, v.clone()),
            })
            .collect();
        fill(template, &args)
    }

    /// Set the shown text (a projection's rendering in its language).
    pub fn set_rendered(&mut self, text: String) {
        self.text = text;
    }

    /// The English text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The value filled in for `name`.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// This sentence's values filled into another template (another language's). A name the
    /// sentence has no value for is left as written, so a mistake shows rather than vanishes.
    pub fn render(&self, template: &str) -> String {
        fill(template, &self.args)
    }

    /// Whether this is the empty sentence (no id).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// The names a template uses, in order of first use (`{{` and `}}` are not names).
///
/// ```
/// assert_eq!(qwen_route::msg::placeholders("{a} and {b}, {{c}} {a}"), vec!["a", "b"]);
/// ```
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        let after = &rest[i + 1..];
        if after.starts_with(&rest[i..=i]) {
            rest = &after[1..];
            continue;
        }
        if rest.as_bytes()[i] == b'{' {
            if let Some(end) = after.find('}') {
                let name = &after[..end];
                if is_name(name) && !names.contains(&name) {
                    names.push(name);
                }
                rest = &after[end + 1..];
                continue;
            }
        }
        rest = after;
    }
    names
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Fill `{name}` from `args`; `{{`/`}}` become braces; anything else is kept as written.
fn fill(template: &str, args: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let brace = &rest[i..=i];
        let after = &rest[i + 1..];
        if after.starts_with(brace) {
            out.push_str(brace);
            rest = &after[1..];
            continue;
        }
        if brace == "{" {
            if let Some(end) = after.find('}') {
                let name = &after[..end];
                if let Some((_, v)) = args.iter().find(|(n, _)| *n == name) {
                    out.push_str(v);
                    rest = &after[end + 1..];
                    continue;
                }
            }
        }
        out.push_str(brace);
        rest = after;
    }
    out.push_str(rest);
    out
}

impl Deref for Msg {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Msg {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<str> for Msg {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Msg {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl From<Msg> for String {
    fn from(m: Msg) -> String {
        m.text
    }
}

/// Serialized as its English text, so JSON readers see a plain string.
impl Serialize for Msg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// A [`Msg`] from an id, an English template and named values:
/// `msg!("id", "{model} is …", model = m.id)`. The names are checked against the template at
/// compile time (as `format!` would); values are anything that implements `Display`.
#[macro_export]
macro_rules! msg {
    ($id:literal, $template:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        if false {
            let _ = format!($template $(, $name = $value)*);
        }
        $crate::msg::Msg::new(
            $id,
            $template,
            vec![$((stringify!($name), ($value).to_string())),*],
        )
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_like_format() {
        let m = crate::msg!("t", "{{\"a\": {x}}} {y}{x}", x = 1, y = "b");
        assert_eq!(m.as_str(), format!("{{\"a\": {x}}} {y}{x}", x = 1, y = "b"));
        assert_eq!(m.args, vec![("x", "1".to_string()), ("y", "b".to_string())]);
    }

    #[test]
    fn unknown_names_and_stray_braces_stay_visible() {
        let m = Msg::new("t", "x", vec![("a", "1".into())]);
        assert_eq!(m.render("{a} {b} { } }"), "1 {b} { } }");
        assert_eq!(m.render("{a"), "{a");
    }

    #[test]
    fn placeholders_skip_escapes() {
        assert_eq!(placeholders("{{x}} {y} {y} {z}"), vec!["y", "z"]);
        assert_eq!(placeholders("{ not a name }"), Vec::<&str>::new());
    }

    #[test]
    fn serializes_as_text() {
        let m = crate::msg!("t", "hi {n}", n = 2);
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"hi 2\"");
    }
}
