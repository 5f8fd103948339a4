//! Base URL resolution and the URL mistakes that cause 404s and 401s.

use std::collections::BTreeMap;

use crate::catalog::{self, Surface, SurfaceFamily};
use crate::error::Error;
use crate::lint::{Finding, Note, Patch, Severity};

/// Fill a surface's base URL template, or take the caller's override.
pub(crate) fn base_url(
    surface: &Surface,
    override_url: Option<&str>,
    params: &BTreeMap<String, String>,
) -> Result<String, Error> {
    if let Some(u) = override_url.map(str::trim).filter(|u| !u.is_empty()) {
        if !(u.starts_with("http://") || u.starts_with("https://")) {
            return Err(Error::InvalidValue {
                field: "base_url".into(),
                reason: format!("{u:?} must start with http:// or https://"),
            });
        }
        return Ok(u.trim_end_matches('/').to_string());
    }
    let mut url = surface.base_url.to_string();
    for p in surface.params {
        let value = params.get(*p).map(|v| v.trim()).filter(|v| !v.is_empty());
        let Some(value) = value else {
            return Err(Error::MissingParam {
                surface: surface.id.into(),
                param: (*p).into(),
                template: surface.base_url.into(),
            });
        };
        let value = if *p == "region" { normalise_cloud_region(value) } else { value.to_string() };
        if *p != "base_url" && !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(Error::InvalidValue {
                field: (*p).into(),
                reason: format!("{value:?} may only contain letters, digits and '-'"),
            });
        }
        url = url.replace(&format!("{{{p}}}"), &value);
    }
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Error::InvalidValue {
            field: "base_url".into(),
            reason: format!("{url:?} must start with http:// or https://"),
        });
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// `singapore` → `ap-southeast-1`: workspace hosts take the cloud region id.
fn normalise_cloud_region(value: &str) -> String {
    catalog::region(value).map(|r| r.cloud_region.to_string()).unwrap_or_else(|| value.to_string())
}

/// Join base and path without dropping or doubling segments. A base that already ends with the
/// path is used as is (LiteLLM's `get_complete_url` does the same).
pub(crate) fn join(base: &str, path: &str, notes: &mut Vec<Note>) -> String {
    let base = base.trim_end_matches('/');
    if base.ends_with(path) {
        notes.push(Note::new(
            "base-url-has-path",
            crate::msg!(
                "note.base-url-has-path",
                "The base URL already ends with {path}; it is used as is.",
                path = path
            ),
        ));
        return base.to_string();
    }
    format!("{base}{path}")
}

/// The host (and port) of a URL.
pub(crate) fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// The path of a URL, from its first `/` after the host (empty when it has none).
pub(crate) fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    rest.find('/').map(|i| &rest[i..]).unwrap_or("")
}

/// Whether a base URL override would send a hosted surface's key to a host outside Alibaba Cloud
/// (`*.aliyuncs.com`). Loopback stays allowed for relays, proxies and the simulator; self-hosted
/// surfaces are the user's own servers and never foreign.
///
/// ```
/// let s = qwen_route::catalog::surface("dashscope-intl").unwrap();
/// assert!(qwen_route::shape::is_foreign_base_url(s, "https://dashscope-intl.aliyuncs.com.evil.example/v1"));
/// assert!(!qwen_route::shape::is_foreign_base_url(s, "http://127.0.0.1:8788/dashscope-intl/compatible-mode/v1"));
/// ```
pub fn is_foreign_base_url(surface: &Surface, url: &str) -> bool {
    is_foreign_host(surface, &host_of(url).to_ascii_lowercase())
}

/// [`is_foreign_base_url`] for a host already lowercased.
fn is_foreign_host(surface: &Surface, host: &str) -> bool {
    let bare = host
        .rsplit_once(':')
        .filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit()))
        .map_or(host, |(h, _)| h);
    let loopback = matches!(bare, "127.0.0.1" | "localhost" | "[::1]");
    surface.hosting == crate::catalog::Hosting::Hosted
        && !host.ends_with(".aliyuncs.com")
        && !loopback
}

/// Findings about an overridden base URL on a hosted surface: a host outside Alibaba Cloud, the
/// wrong path for the host family, or a host that belongs to another catalog surface.
pub(crate) fn check_base_url(surface: &Surface, url: &str, findings: &mut Vec<Finding>) {
    let host = host_of(url).to_ascii_lowercase();
    let path = path_of(url);
    let dashscope_host = host.ends_with(".aliyuncs.com");
    if is_foreign_host(surface, &host) {
        // A shared link can carry a base URL: the key must not follow it elsewhere.
        findings.push(
            Finding::new(
                "base-url-foreign-host",
                Severity::Error,
                crate::msg!(
                    "finding.base-url-foreign-host.message",
                    "{host} is not an Alibaba Cloud host: the {surface} key would be sent there.",
                    host = host,
                    surface = surface.id
                ),
            )
            .fix(crate::msg!(
                "finding.base-url-foreign-host.fix",
                "Clear the base URL override (the catalog's is {base_url}), or choose openai-compatible for another server.",
                base_url = surface.base_url
            ))
            .patch(Patch::SetField { field: "base_url".into(), value: surface.base_url.into() }),
        );
    }
    if !dashscope_host {
        return;
    }
    let coding_host = host.starts_with("coding.") || host.starts_with("coding-intl.");
    if path.contains("/api/v1/services/aigc") {
        findings.push(
            Finding::new(
                "base-url-path",
                Severity::Error,
                crate::msg!(
                    "finding.base-url-path.message.native",
                    "{url} is the native DashScope API, not the OpenAI-compatible one.",
                    url = url
                ),
            )
            .prevents("not-found-path")
            .fix(crate::msg!(
                "finding.base-url-path.fix.native",
                "Use the /compatible-mode/v1 base URL with chat/completions; do not mix native and compatible paths."
            ))
            .patch(Patch::SetField { field: "base_url".into(), value: surface.base_url.into() }),
        );
    } else if coding_host && path.contains("compatible-mode") {
        findings.push(
            Finding::new(
                "base-url-path",
                Severity::Error,
                crate::msg!(
                    "finding.base-url-path.message.coding-compatible-mode",
                    "Coding Plan hosts have no /compatible-mode segment: {url}",
                    url = url
                ),
            )
            .prevents("not-found-path")
            .fix(crate::msg!(
                "finding.base-url-path.fix.coding-compatible-mode",
                "Use {base}/v1.",
                base = url.split("/compatible-mode").next().unwrap_or(url)
            )),
        );
    } else if !coding_host && !path.starts_with("/compatible-mode") {
        findings.push(
            Finding::new(
                "base-url-path",
                Severity::Error,
                crate::msg!(
                    "finding.base-url-path.message.no-compatible-mode",
                    "{url} drops the /compatible-mode segment; DashScope answers 404 there.",
                    url = url
                ),
            )
            .prevents("not-found-path")
            .fix(crate::msg!(
                "finding.base-url-path.fix.no-compatible-mode",
                "Use https://{host}/compatible-mode/v1.",
                host = host
            )),
        );
    }
    if let Some(other) = catalog::surfaces()
        .iter()
        .find(|s| s.id != surface.id && s.params.is_empty() && host_of(s.base_url) == host)
    {
        let same_keys = other.key_class == surface.key_class && other.region == surface.region;
        if !same_keys {
            findings.push(
                Finding::new(
                    "base-url-mismatch",
                    Severity::Warning,
                    crate::msg!(
                        "finding.base-url-mismatch.message.other-surface",
                        "{url} is the host of {other} ({other_name}), not of {surface}; keys are bound to one region and plan.",
                        url = url,
                        other = other.id,
                        other_name = other.name,
                        surface = surface.id
                    ),
                )
                .prevents("invalid-api-key")
                .fix(crate::msg!(
                    "finding.base-url-mismatch.fix.other-surface",
                    "Shape for surface {other} instead, with a key from that region and plan.",
                    other = other.id
                ))
                .patch(Patch::SetSurface { surface: other.id.into() }),
            );
        }
    }
    if surface.family == SurfaceFamily::Workspace && !host.ends_with(".maas.aliyuncs.com") {
        findings.push(
            Finding::new(
                "base-url-mismatch",
                Severity::Warning,
                crate::msg!(
                    "finding.base-url-mismatch.message.not-workspace",
                    "{url} is not a workspace host ({{workspace}}.{{region}}.maas.aliyuncs.com).",
                    url = url
                ),
            )
            .fix(crate::msg!(
                "finding.base-url-mismatch.fix.not-workspace",
                "Use the workspace host shown in the Model Studio console, or pick the matching DashScope surface."
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_template_fills_and_normalises_region() {
        let s = catalog::surface("dashscope-workspace").unwrap();
        let mut p = BTreeMap::new();
        p.insert("workspace".to_string(), "ws-123".to_string());
        p.insert("region".to_string(), "singapore".to_string());
        assert_eq!(
            base_url(s, None, &p).unwrap(),
            "https://ws-123.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1"
        );
    }

    #[test]
    fn workspace_needs_params() {
        let s = catalog::surface("dashscope-workspace").unwrap();
        let e = base_url(s, None, &BTreeMap::new()).unwrap_err();
        assert!(matches!(e, Error::MissingParam { .. }));
    }

    #[test]
    fn placeholder_values_cannot_inject_hosts() {
        let s = catalog::surface("dashscope-workspace").unwrap();
        let mut p = BTreeMap::new();
        p.insert("workspace".to_string(), "evil.example/".to_string());
        p.insert("region".to_string(), "cn".to_string());
        assert!(base_url(s, None, &p).is_err());
    }

    #[test]
    fn join_does_not_double() {
        let mut n = Vec::new();
        assert_eq!(
            join("http://x/v1/", "/chat/completions", &mut n),
            "http://x/v1/chat/completions"
        );
        assert_eq!(
            join("http://x/v1/chat/completions", "/chat/completions", &mut n),
            "http://x/v1/chat/completions"
        );
        assert_eq!(n.len(), 1);
    }

    #[test]
    fn dropped_compatible_mode_is_an_error() {
        let s = catalog::surface("dashscope-cn").unwrap();
        let mut f = Vec::new();
        check_base_url(s, "https://dashscope.aliyuncs.com/v1", &mut f);
        assert_eq!(f[0].code, "base-url-path");
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn other_region_host_is_flagged() {
        let s = catalog::surface("dashscope-cn").unwrap();
        let mut f = Vec::new();
        check_base_url(s, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", &mut f);
        let mut foreign = Vec::new();
        check_base_url(
            s,
            "https://dashscope-intl.aliyuncs.com.evil.example/compatible-mode/v1",
            &mut foreign,
        );
        assert_eq!(foreign.first().map(|x| x.code), Some("base-url-foreign-host"));
        let mut local = Vec::new();
        check_base_url(s, "http://127.0.0.1:8788/dashscope-intl/compatible-mode/v1", &mut local);
        assert!(local.is_empty());
        assert!(f.iter().any(|f| f.code == "base-url-mismatch"));
    }
}
