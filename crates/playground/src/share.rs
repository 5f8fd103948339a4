//! Share links: the whole request in the URL fragment (`#req=…`), which browsers never send to a
//! server. The key is not part of [`Form`], so it cannot be in a link.

use crate::form::Form;

const PREFIX: &str = "#req=";

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

/// The request a fragment carries, if it carries one.
///
/// ```
/// assert_eq!(qwen_route_playground::share::parse("#nothing"), None);
/// assert_eq!(qwen_route_playground::share::parse("#req=%7B"), None);
/// ```
pub fn parse(fragment: &str) -> Option<Form> {
    let body = fragment.strip_prefix(PREFIX)?;
    serde_json::from_str(&decode(body)?).ok()
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
    fn garbage_is_ignored() {
        for bad in ["#req=%ZZ", "#req=%E2%82", "#req=[1]", "req={}", ""] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
