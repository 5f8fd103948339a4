//! Where the endpoint came from, and which hosts the user's key may meet.
//!
//! A share link, an imported memory file or a pasted command can set the base URL. None of them
//! may aim the user's key: a key goes, without asking, only to the surface's catalog host or to a
//! host the user typed, and to any other host only after the user confirms it by name in this
//! page session. The confirmations live in memory, like the key. The relay counts as the host it
//! forwards to.
//!
//! This module is plain data and pure functions; `ui::state` holds it in signals.

use std::collections::BTreeSet;

use qwen_route::catalog::{self, Surface};

/// Where the endpoint (the base URL) came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EndpointSource {
    /// The surface's catalog base URL (the base URL field is empty).
    #[default]
    Catalog,
    /// Typed (or pasted) into the base URL field by the user.
    Typed,
    /// Restored from the user's Memory (which an imported file may have filled).
    Memory,
    /// Set by the share link the page was opened with.
    Link,
}

/// A parsed absolute `http(s)` URL: its origin and what follows the origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `scheme://host[:port]`, lowercase, the default port left out (the browser's `origin`).
    pub origin: String,
    /// `host[:port]` (the relay's path segment).
    pub authority: String,
    /// Path, query (no fragment).
    pub rest: String,
}

/// Why a URL will not be sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not an absolute `http://` or `https://` URL.
    NotHttp(String),
    /// The URL carries a user name or password (`user:pass@host`).
    Credentials(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Refused::NotHttp(u) => {
                tf!(
                    "ui.trust.not-http",
                    "{url} is not an absolute http:// or https:// URL",
                    url = u
                )
            }
            Refused::Credentials(u) => tf!(
                "ui.trust.credentials",
                "{url} carries a user name or password before the host (user@host); remove it",
                url = u
            ),
        };
        f.write_str(&text)
    }
}

/// Parse an absolute URL as the browser's `fetch` will (the page uses the browser's own URL
/// parser; natively, a parser for the plain forms).
///
/// ```
/// use qwen_route_playground::trust::parse_target;
/// let t = parse_target("HTTPS://Example.COM:443/v1/chat?x=1").unwrap();
/// assert_eq!(t.origin, "https://example.com");
/// assert_eq!(t.authority, "example.com");
/// assert_eq!(t.rest, "/v1/chat?x=1");
/// assert!(parse_target("//evil.example/v1").is_err());
/// assert!(parse_target("https://dashscope-intl.aliyuncs.com@evil.example/v1").is_err());
/// ```
pub fn parse_target(url: &str) -> Result<Target, Refused> {
    #[cfg(target_arch = "wasm32")]
    {
        browser_parse(url)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        plain_parse(url)
    }
}

#[cfg(target_arch = "wasm32")]
fn browser_parse(url: &str) -> Result<Target, Refused> {
    let u = web_sys::Url::new(url).map_err(|_| Refused::NotHttp(url.to_string()))?;
    let protocol = u.protocol();
    if protocol != "http:" && protocol != "https:" {
        return Err(Refused::NotHttp(url.to_string()));
    }
    if !u.username().is_empty() || !u.password().is_empty() {
        return Err(Refused::Credentials(url.to_string()));
    }
    Ok(Target {
        origin: u.origin(),
        authority: u.host(),
        rest: format!("{}{}", u.pathname(), u.search()),
    })
}

/// The native parser: `http(s)://host[:port][/path]`, case-insensitive scheme and host, and
/// refusals for what browsers read differently from how it looks (credentials, backslashes,
/// control characters).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn plain_parse(url: &str) -> Result<Target, Refused> {
    let refuse = || Refused::NotHttp(url.to_string());
    let t = url.trim();
    if t.chars().any(|c| c.is_control() || c == '\\') {
        return Err(refuse());
    }
    let (scheme, rest) = t.split_once("://").ok_or_else(refuse)?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return Err(refuse()),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.contains('@') {
        return Err(Refused::Credentials(url.to_string()));
    }
    let authority = authority.to_ascii_lowercase();
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']').ok_or_else(refuse)?;
        let (h, after) = authority.split_at(close + 1);
        match after.strip_prefix(':') {
            Some(p) => (h.to_string(), Some(p.to_string())),
            None if after.is_empty() => (h.to_string(), None),
            None => return Err(refuse()),
        }
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h.to_string(), Some(p.to_string())),
            None => (authority.clone(), None),
        }
    };
    if port.as_deref().is_some_and(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return Err(refuse());
    }
    if host.is_empty() {
        return Err(refuse());
    }
    let authority = match port.filter(|p| p != default_port) {
        Some(p) => format!("{host}:{p}"),
        None => host,
    };
    let tail = tail.split('#').next().unwrap_or("");
    let rest = if tail.starts_with('/') { tail.to_string() } else { format!("/{tail}") };
    Ok(Target { origin: format!("{scheme}://{authority}"), authority, rest })
}

/// Whether `origin` is the surface's catalog host (a `{placeholder}` in the catalog base URL
/// stands for one DNS label, as in `{workspace}.{region}.maas.aliyuncs.com`).
///
/// ```
/// use qwen_route_playground::trust::is_catalog_origin;
/// let s = qwen_route::catalog::surface("dashscope-workspace").unwrap();
/// assert!(is_catalog_origin(s, "https://ws-1.ap-southeast-1.maas.aliyuncs.com"));
/// assert!(!is_catalog_origin(s, "https://ws-1.evil.example.maas.aliyuncs.com.evil.example"));
/// ```
pub fn is_catalog_origin(surface: &Surface, origin: &str) -> bool {
    let Some(pattern) = surface.base_url.find("://").map(|i| {
        let rest = &surface.base_url[i + 3..];
        let end = rest.find('/').unwrap_or(rest.len());
        format!("{}{}", &surface.base_url[..i + 3], &rest[..end]).to_ascii_lowercase()
    }) else {
        return false;
    };
    template_matches(&pattern, origin)
}

/// `{x}` in `pattern` matches one non-empty run of `[a-z0-9-]`; everything else literally.
fn template_matches(pattern: &str, text: &str) -> bool {
    match pattern.find('{') {
        None => pattern == text,
        Some(open) => {
            let Some(close) = pattern[open..].find('}').map(|c| open + c) else {
                return false;
            };
            let (head, tail) = (&pattern[..open], &pattern[close + 1..]);
            let Some(after_head) = text.strip_prefix(head) else { return false };
            let label_len = after_head
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(after_head.len());
            label_len > 0 && template_matches(tail, &after_head[label_len..])
        }
    }
}

/// The banner a link-set endpoint gets: the base URL, when the page was opened with a link that
/// set one other than the surface's catalog base URL.
///
/// ```
/// use qwen_route_playground::{form::Form, trust::link_set_endpoint};
/// let mut f = Form { surface: "vllm".into(), ..Form::default() };
/// assert_eq!(link_set_endpoint(&f), None);
/// f.base_url = "http://localhost:8000/v1/".into();   // the catalog's, give or take a slash
/// assert_eq!(link_set_endpoint(&f), None);
/// f.base_url = "https://evil.example/v1".into();
/// assert_eq!(link_set_endpoint(&f).as_deref(), Some("https://evil.example/v1"));
/// ```
pub fn link_set_endpoint(form: &crate::form::Form) -> Option<String> {
    let base = form.base_url.trim();
    if form.is_sandbox() || base.is_empty() {
        return None;
    }
    let catalog_base = catalog::surface(form.shape_surface()).map(|s| s.base_url);
    let same = catalog_base.is_some_and(|c| c.trim_end_matches('/') == base.trim_end_matches('/'));
    (!same).then(|| base.to_string())
}

/// What a send must do before the key goes out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Send: no key, or a host the key may meet.
    Go,
    /// Ask the user first, naming this origin.
    Ask(String),
    /// Do not send at all.
    Refuse(Refused),
}

/// The hosts the user typed or confirmed in this page session (memory only).
///
/// ```
/// use qwen_route_playground::trust::{Gate, Trust};
/// let mut t = Trust::default();
/// let url = "http://127.0.0.1:9999/compatible-mode/v1/chat/completions";
/// assert_eq!(t.gate("dashscope-intl", url, true), Gate::Ask("http://127.0.0.1:9999".into()));
/// assert_eq!(t.gate("dashscope-intl", url, false), Gate::Go, "no key, nothing to protect");
/// t.confirm("http://127.0.0.1:9999");
/// assert_eq!(t.gate("dashscope-intl", url, true), Gate::Go);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trust {
    hosts: BTreeSet<String>,
}

impl Trust {
    /// The user edited the base URL from `before` to `after`: a host the edit introduced was
    /// typed by the user. Editing the path of a URL someone else set does not make its host the
    /// user's choice.
    pub fn typed(&mut self, before: &str, after: &str) {
        let old = parse_target(before).ok().map(|t| t.origin);
        if let Ok(new) = parse_target(after) {
            if old.as_deref() != Some(new.origin.as_str()) {
                self.hosts.insert(new.origin);
            }
        }
    }

    /// The user confirmed that their key may go to `origin`.
    pub fn confirm(&mut self, origin: &str) {
        self.hosts.insert(origin.to_string());
    }

    /// Whether the user typed or confirmed `origin`.
    pub fn trusts(&self, origin: &str) -> bool {
        self.hosts.contains(origin)
    }

    /// Whether a request to `url` on surface `surface_id` may go now, carrying a key when
    /// `key_set`.
    pub fn gate(&self, surface_id: &str, url: &str, key_set: bool) -> Gate {
        let target = match parse_target(url) {
            Ok(t) => t,
            Err(e) => return Gate::Refuse(e),
        };
        if !key_set || self.trusts(&target.origin) {
            return Gate::Go;
        }
        match catalog::surface(surface_id) {
            Some(s) if is_catalog_origin(s, &target.origin) => Gate::Go,
            _ => Gate::Ask(target.origin),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_what_the_browser_sends_to() {
        let t = |u: &str| parse_target(u).map(|t| t.origin);
        assert_eq!(t("http://127.0.0.1:8000/v1").unwrap(), "http://127.0.0.1:8000");
        assert_eq!(t("http://localhost:80/v1").unwrap(), "http://localhost");
        assert_eq!(t("https://[::1]:8443/v1").unwrap(), "https://[::1]:8443");
        assert_eq!(t("https://[::1]/v1").unwrap(), "https://[::1]");
        assert_eq!(t("http://gpu-box:8000").unwrap(), "http://gpu-box:8000");
        for bad in [
            "",
            "evil.example/v1",
            "//evil.example/v1",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://evil.example\\@dashscope-intl.aliyuncs.com/v1",
            "https://evil.exa\nmple/v1",
            "https://:8000/v1",
        ] {
            assert!(parse_target(bad).is_err(), "{bad:?}");
        }
        assert!(matches!(
            parse_target("https://dashscope-intl.aliyuncs.com:x@evil.example/"),
            Err(Refused::Credentials(_))
        ));
    }

    #[test]
    fn catalog_hosts_need_no_consent_and_lookalikes_do() {
        let t = Trust::default();
        let ok = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions";
        assert_eq!(t.gate("dashscope-intl", ok, true), Gate::Go);
        for other in [
            "https://dashscope-intl.aliyuncs.com.evil.example/compatible-mode/v1/chat/completions",
            "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions",
            "http://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions",
        ] {
            assert!(matches!(t.gate("dashscope-intl", other, true), Gate::Ask(_)), "{other}");
        }
        // A self-hosted surface's catalog host is its default address.
        assert_eq!(t.gate("vllm", "http://localhost:8000/v1/chat/completions", true), Gate::Go);
        assert_eq!(
            t.gate("vllm", "https://evil.example/v1/chat/completions", true),
            Gate::Ask("https://evil.example".into())
        );
    }

    #[test]
    fn typing_a_host_trusts_it_but_editing_a_path_does_not() {
        let mut t = Trust::default();
        t.typed("https://evil.example/v1", "https://evil.example/v1/");
        assert!(!t.trusts("https://evil.example"));
        t.typed("", "http://gpu-box:8000/v1");
        assert!(t.trusts("http://gpu-box:8000"));
        t.typed("http://gpu-box:8000/v1", "http://gpu-box:8001/v1");
        assert!(t.trusts("http://gpu-box:8001"));
    }

    #[test]
    fn unparseable_urls_are_refused_even_without_a_key() {
        let t = Trust::default();
        assert!(matches!(t.gate("vllm", "//evil.example/v1", false), Gate::Refuse(_)));
    }

    #[test]
    fn templates_match_one_label() {
        assert!(template_matches("https://{w}.x.com", "https://a-1.x.com"));
        assert!(!template_matches("https://{w}.x.com", "https://a.b.x.com"));
        assert!(!template_matches("https://{w}.x.com", "https://.x.com"));
    }
}
