//! Share links: the whole request in the URL fragment (`#req=…`), which browsers never send to a
//! server. The key is not part of [`Form`], and every string in a link goes through the same key
//! redaction as Memory (by the value typed into the key field, and by pattern), so a key pasted
//! into a prompt does not travel either. Local images (`data:` URLs) are left out, with a count,
//! so links stay short enough to open.

use crate::form::Form;
use crate::key::Redactor;

/// The longest link the page makes. Chromium refuses to open longer URLs (measured: a
/// 2,097,152-character URL opens, one character more does not; its limit is 2 MiB), and a link
/// is copied through chat and mail, so the page stays well under it.
pub const MAX_LINK_CHARS: usize = 1_000_000;

const PREFIX: &str = "#req=";
const RELAY: &str = "&relay=1";

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Percent-encode everything but RFC 3986's unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for &b in s.as_bytes() {
        if unreserved(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The fragment that carries a request (`#req=…`).
///
/// ```
/// use qwen_route_playground::{form::Form, share};
/// let f = Form::default();
/// let frag = share::fragment(&f);
/// assert!(frag.starts_with("#req="));
/// assert_eq!(share::parse(&frag), Some(f));
/// ```
pub fn fragment(form: &Form) -> String {
    format!("{PREFIX}{}", encode(&serde_json::to_string(form).unwrap_or_default()))
}

/// A share link for a form, as the page offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLink {
    /// The fragment (`#req=…`), or `None` when the request is too long for a link.
    pub fragment: Option<String>,
    /// Local images (`data:` URLs) left out.
    pub omitted_images: usize,
    /// The fragment's length before it was refused, when it was.
    pub too_long: Option<usize>,
}

/// The link for `form`: strings key-redacted, local images left out, refused past
/// [`MAX_LINK_CHARS`].
///
/// ```
/// use qwen_route_playground::{form::Form, key::Redactor, share};
/// let mut f = Form::default();
/// f.messages[0].text = "my key is qwk_live_123456".into();
/// f.messages[0].images.push("data:image/png;base64,iVBORw0KGgo=".into());
/// let link = share::link(&f, &Redactor::for_values(&["qwk_live_123456"]));
/// assert_eq!(link.omitted_images, 1);
/// let back = share::parse(link.fragment.as_deref().unwrap()).unwrap();
/// assert_eq!(back.messages[0].text, "my key is [your key]");
/// assert!(back.messages[0].images.is_empty());
/// ```
pub fn link(form: &Form, redactor: &Redactor) -> ShareLink {
    link_with_relay(form, redactor, false)
}

/// The link, also saying whether the relay switch was on (`&relay=1`). The relay's address is
/// not carried: a link must not choose where a key goes.
///
/// ```
/// use qwen_route_playground::{form::Form, key::Redactor, share};
/// let l = share::link_with_relay(&Form::default(), &Redactor::default(), true);
/// let frag = l.fragment.unwrap();
/// assert!(frag.ends_with("&relay=1"));
/// assert!(share::relay_in(&frag));
/// assert_eq!(share::parse(&frag), Some(Form::default()));
/// ```
pub fn link_with_relay(form: &Form, redactor: &Redactor, relay: bool) -> ShareLink {
    let mut f = form.clone();
    let mut omitted_images = 0;
    for m in &mut f.messages {
        let before = m.images.len();
        m.images.retain(|u| !u.trim_start().starts_with("data:"));
        omitted_images += before - m.images.len();
    }
    f.for_each_text(|s| *s = redactor.text(s));
    let mut fragment = fragment(&f);
    if relay {
        fragment.push_str(RELAY);
    }
    if fragment.len() > MAX_LINK_CHARS {
        ShareLink { fragment: None, omitted_images, too_long: Some(fragment.len()) }
    } else {
        ShareLink { fragment: Some(fragment), omitted_images, too_long: None }
    }
}

/// The request a fragment carries, if it carries one.
///
/// ```
/// assert_eq!(qwen_route_playground::share::parse("#nothing"), None);
/// assert_eq!(qwen_route_playground::share::parse("#req=%7B"), None);
/// ```
pub fn parse(fragment: &str) -> Option<Form> {
    let body = fragment.strip_prefix(PREFIX)?;
    let body = body.strip_suffix(RELAY).unwrap_or(body);
    serde_json::from_str(&decode(body)?).ok()
}

/// Whether a link turned the relay switch on (the request itself is percent-encoded, so a raw
/// `&` only ever starts this parameter).
pub fn relay_in(fragment: &str) -> bool {
    fragment.starts_with(PREFIX) && fragment.ends_with(RELAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_and_symbols_round_trip() {
        let mut f = Form::default();
        f.messages[0].text = "天空为什么是蓝色的？ & # % + \"quotes\"\n".into();
        f.extra = r#"{"a": "b&c"}"#.into();
        let frag = fragment(&f);
        assert!(!frag[1..].contains(['#', '&', ' ', '"']));
        assert_eq!(parse(&frag), Some(f));
    }

    #[test]
    fn partial_forms_take_defaults() {
        let f = parse(r#"#req=%7B%22surface%22%3A%22vllm%22%7D"#).unwrap();
        assert_eq!(f.surface, "vllm");
        assert_eq!(f.model, Form::default().model);
    }

    #[test]
    fn links_carry_no_key_by_pattern_or_value_and_no_local_images() {
        let mut f = Form {
            system: "sk-abcdefghijklmnop and Bearer zzzzzzzzzzzz".into(),
            base_url: "http://gpu:8000/v1".into(),
            ..Form::default()
        };
        f.messages[0].images =
            vec!["https://example.com/a.png".into(), "data:image/png;base64,AAAA".into()];
        f.extra = r#"{"api_key": "custom-secret-value"}"#.into();
        let l = link(&f, &Redactor::for_values(&["custom-secret-value"]));
        let text = decode(l.fragment.as_deref().unwrap()).unwrap();
        for secret in ["abcdefghijklmnop", "zzzzzzzzzzzz", "custom-secret-value", "data:image"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("https://example.com/a.png"));
        assert_eq!(l.omitted_images, 1);
    }

    #[test]
    fn links_past_the_limit_are_refused_not_cut() {
        let mut f = Form::default();
        f.messages[0].text = "x".repeat(MAX_LINK_CHARS);
        let l = link(&f, &Redactor::default());
        assert_eq!(l.fragment, None);
        assert!(l.too_long.is_some_and(|n| n > MAX_LINK_CHARS));
    }

    #[test]
    fn garbage_is_ignored() {
        for bad in ["#req=%ZZ", "#req=%E2%82", "#req=[1]", "req={}", ""] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
