//! What the relay lets through, as pure functions: which hosts (the catalog's DashScope, Coding
//! Plan and Token Plan hosts, plus hosts named with `--allow-host`), which origins, which headers.

use std::net::IpAddr;

use qwen_route::catalog::{self, SurfaceFamily};

/// Where a relayed request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Upstream {
    /// `https` or `http`.
    pub scheme: &'static str,
    /// Host name or IP literal.
    pub host: String,
    /// Port, when not the scheme's default.
    pub port: Option<u16>,
    /// Named with `--allow-host` (then private addresses are allowed too).
    pub explicit: bool,
}

impl Upstream {
    /// The URL for a path (which keeps its query).
    pub(crate) fn url(&self, path_and_query: &str) -> String {
        let host =
            if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        match self.port {
            Some(p) => format!("{}://{host}:{p}{path_and_query}", self.scheme),
            None => format!("{}://{host}{path_and_query}", self.scheme),
        }
    }
}

/// A host named with `--allow-host`: `host`, `host:port`, `https://host` or `http://host:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AllowedHost {
    scheme: &'static str,
    host: String,
    port: Option<u16>,
}

impl AllowedHost {
    /// The host name (for the DNS guard).
    pub(crate) fn host_name(&self) -> &str {
        &self.host
    }
}

/// Parse an `--allow-host` value.
pub(crate) fn parse_allowed_host(s: &str) -> Result<AllowedHost, String> {
    let (scheme, rest) = match s.split_once("://") {
        Some(("http", r)) => ("http", r),
        Some(("https", r)) => ("https", r),
        Some((other, _)) => {
            return Err(format!("--allow-host {s:?}: scheme {other:?} is not http or https"))
        }
        None => ("https", s),
    };
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() || rest.contains('/') || rest.contains('@') {
        return Err(format!("--allow-host {s:?}: give a host, host:port or scheme://host:port"));
    }
    let (host, port) = split_port(rest).ok_or_else(|| format!("--allow-host {s:?}: bad port"))?;
    if host.is_empty() || host == "*" {
        return Err(format!(
            "--allow-host {s:?}: name one host (no wildcards: the relay is not an open proxy)"
        ));
    }
    Ok(AllowedHost { scheme, host: host.to_ascii_lowercase(), port })
}

fn split_port(s: &str) -> Option<(&str, Option<u16>)> {
    // `[::1]:8000` and `host:8000`.
    if let Some(rest) = s.strip_prefix('[') {
        let (h, after) = rest.split_once(']')?;
        return match after.strip_prefix(':') {
            Some(p) => Some((h, Some(p.parse().ok()?))),
            None if after.is_empty() => Some((h, None)),
            None => None,
        };
    }
    match s.rsplit_once(':') {
        Some((h, p)) => Some((h, Some(p.parse().ok()?))),
        None => Some((s, None)),
    }
}

/// The catalog hosts the relay always forwards to: DashScope pay-as-you-go, Coding Plan and Token
/// Plan (browser calls to them fail on CORS).
pub(crate) fn catalog_hosts() -> Vec<&'static str> {
    catalog::surfaces()
        .iter()
        .filter(|s| {
            matches!(
                s.family,
                SurfaceFamily::Dashscope | SurfaceFamily::CodingPlan | SurfaceFamily::TokenPlan
            )
        })
        .filter_map(|s| host_of(s.base_url))
        .filter(|h| !h.contains('{'))
        .collect()
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split('/').next().unwrap_or(rest))
}

/// Workspace-dedicated hosts, `{workspace}.{region}.maas.aliyuncs.com` (catalog surface
/// `dashscope-workspace`): two DNS labels before `maas.aliyuncs.com`.
fn is_workspace_host(host: &str) -> bool {
    let Some(prefix) = host.strip_suffix(".maas.aliyuncs.com") else { return false };
    let labels: Vec<&str> = prefix.split('.').collect();
    labels.len() == 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The relay's allow-list.
#[derive(Debug, Clone)]
pub(crate) struct Policy {
    pub allowed_hosts: Vec<AllowedHost>,
    pub allowed_origins: Vec<String>,
}

impl Policy {
    /// The upstream for the first path segment (`/dashscope-intl.aliyuncs.com/compatible-mode/…`),
    /// or why not.
    pub(crate) fn upstream(&self, authority: &str) -> Result<Upstream, String> {
        let authority = authority.to_ascii_lowercase();
        let (host, port) =
            split_port(&authority).ok_or_else(|| format!("{authority:?} is not a host"))?;
        if let Some(a) = self.allowed_hosts.iter().find(|a| a.host == host && a.port == port) {
            return Ok(Upstream {
                scheme: a.scheme,
                host: a.host.clone(),
                port: a.port,
                explicit: true,
            });
        }
        let known = catalog_hosts().contains(&host) || is_workspace_host(host);
        if known && port.is_none_or(|p| p == 443) {
            return Ok(Upstream {
                scheme: "https",
                host: host.to_string(),
                port: None,
                explicit: false,
            });
        }
        Err(format!(
            "{authority} is not on the relay's allow-list (the catalog's DashScope, Coding Plan and Token Plan hosts{}); add it with --allow-host",
            if self.allowed_hosts.is_empty() { String::new() } else { ", plus --allow-host entries".into() }
        ))
    }

    /// Whether a browser origin may use the relay.
    pub(crate) fn origin_allowed(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|o| o.eq_ignore_ascii_case(origin.trim_end_matches('/')))
    }
}

/// Addresses the relay refuses to reach unless the host was named with `--allow-host`: loopback,
/// private, link-local, shared (CGNAT), unique-local, multicast and unspecified.
pub(crate) fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || (o[0] == 100 && (o[1] & 0xc0) == 64) // shared address space (CGNAT)
                || o[0] == 0
                || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
                || (o[0] == 198 && (o[1] & 0xfe) == 18) // benchmarking
                || o[0] >= 240 // reserved
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let embedded = |a: u16, b: u16| {
                IpAddr::V4(std::net::Ipv4Addr::new(
                    (a >> 8) as u8,
                    a as u8,
                    (b >> 8) as u8,
                    b as u8,
                ))
            };
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link local
                || (s[0] & 0xffc0) == 0xfec0 // site local (deprecated)
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private(IpAddr::V4(v4)))
                // IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96 and 6to4 2002::/16 carry an IPv4.
                || (s[..6] == [0; 6] && is_private(embedded(s[6], s[7])))
                || (s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] && is_private(embedded(s[6], s[7])))
                || (s[0] == 0x2002 && is_private(embedded(s[1], s[2])))
        }
    }
}

/// Request headers passed upstream; everything else (cookies, origin, referer, `sec-*`, proxy
/// headers) stays behind.
pub(crate) fn forward_request_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization"
            | "content-type"
            | "accept"
            | "cache-control"
            | "x-qwen-sim-scenario"
            | "anthropic-version"
    ) || n.starts_with("x-dashscope-")
}

/// Response headers passed back to the browser.
pub(crate) fn forward_response_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "content-type"
            | "cache-control"
            | "retry-after"
            | "x-request-id"
            | "request-id"
            | "date"
            | "x-qwen-sim"
    ) || n.starts_with("x-dashscope-")
        || n.starts_with("x-ratelimit-")
}

/// Headers a browser may send through the relay (answered in preflight).
pub(crate) const ALLOWED_REQUEST_HEADERS: &str =
    "authorization, content-type, accept, cache-control, x-dashscope-sse, x-qwen-sim-scenario, anthropic-version";

/// Headers the browser may read from relayed answers.
pub(crate) const EXPOSED_HEADERS: &str = "retry-after, x-request-id, request-id, date, x-qwen-sim";

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(hosts: &[&str]) -> Policy {
        Policy {
            allowed_hosts: hosts.iter().map(|h| parse_allowed_host(h).unwrap()).collect(),
            allowed_origins: vec!["http://127.0.0.1:8090".into()],
        }
    }

    #[test]
    fn catalog_hosts_are_allowed_and_nothing_else() {
        let p = policy(&[]);
        assert_eq!(
            p.upstream("dashscope-intl.aliyuncs.com").unwrap().url("/x?a=1"),
            "https://dashscope-intl.aliyuncs.com/x?a=1"
        );
        assert!(p.upstream("coding-intl.dashscope.aliyuncs.com").is_ok());
        assert!(p.upstream("token-plan.cn-beijing.maas.aliyuncs.com").is_ok());
        assert!(p.upstream("ws-1a2b.cn-beijing.maas.aliyuncs.com").is_ok());
        for bad in [
            "example.com",
            "dashscope-intl.aliyuncs.com.evil.com",
            "a.b.c.maas.aliyuncs.com",
            "127.0.0.1:8788",
            "localhost",
            "dashscope-intl.aliyuncs.com:8443",
            "169.254.169.254",
        ] {
            assert!(p.upstream(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn explicit_hosts_keep_scheme_and_port() {
        let p = policy(&["http://127.0.0.1:8788", "gpu-box:8000"]);
        let u = p.upstream("127.0.0.1:8788").unwrap();
        assert_eq!((u.scheme, u.explicit), ("http", true));
        assert_eq!(p.upstream("gpu-box:8000").unwrap().url("/v1"), "https://gpu-box:8000/v1");
        assert!(p.upstream("127.0.0.1:9999").is_err());
        assert!(parse_allowed_host("*").is_err());
        assert!(parse_allowed_host("ftp://x").is_err());
        assert!(parse_allowed_host("http://a/b").is_err());
        let v6 = policy(&["http://[::1]:8000"]);
        assert_eq!(v6.upstream("[::1]:8000").unwrap().url("/v1"), "http://[::1]:8000/v1");
    }

    #[test]
    fn private_ranges() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "47.88.1.1", "2606:4700::1111"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn header_hygiene() {
        assert!(forward_request_header("Authorization"));
        assert!(forward_request_header("X-DashScope-SSE"));
        for h in [
            "cookie",
            "origin",
            "referer",
            "sec-fetch-mode",
            "x-forwarded-for",
            "proxy-authorization",
            "host",
        ] {
            assert!(!forward_request_header(h), "{h}");
        }
        assert!(!forward_response_header("set-cookie"));
        assert!(forward_response_header("Retry-After"));
    }

    #[test]
    fn origins_match_exactly() {
        let p = policy(&[]);
        assert!(p.origin_allowed("http://127.0.0.1:8090"));
        assert!(p.origin_allowed("http://127.0.0.1:8090/"));
        assert!(!p.origin_allowed("http://127.0.0.1:8091"));
        assert!(!p.origin_allowed("null"));
    }
}
