//! `qwen-route relay`: a loopback CORS relay so the browser playground can reach hosts that
//! refuse browser calls (DashScope, Coding Plan, Token Plan), without the key ever being stored.
//!
//! `http://127.0.0.1:<port>/<host>/<path>` is forwarded to `https://<host>/<path>`. Only the
//! catalog's hosts and `--allow-host` entries are reached; redirects are not followed; names that
//! resolve to private addresses are refused unless named with `--allow-host`; only allowed
//! browser origins get answers; bodies stream through unbuffered; `Authorization` is passed on
//! and never logged, stored or echoed.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::json;

use super::policy::{self, Policy, Upstream};
use super::{bind, full, read_body, runtime, serve, Body, BodyError};
use crate::Failure;

/// The playground's default address (`cargo xtask serve`).
pub(crate) const PLAYGROUND_ORIGINS: [&str; 2] = ["http://127.0.0.1:8090", "http://localhost:8090"];

/// Relay browser calls to hosts that refuse them (CORS), on 127.0.0.1 only.
///
/// Send to http://127.0.0.1:<port>/<host>/<path>, e.g.
/// http://127.0.0.1:8787/dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// A browser origin allowed to use the relay; repeatable [default: the playground,
    /// http://127.0.0.1:8090 and http://localhost:8090].
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origins: Vec<String>,
    /// An extra upstream: host, host:port, https://host or http://host:port; repeatable.
    #[arg(long = "allow-host", value_name = "HOST")]
    allow_hosts: Vec<String>,
    /// Largest request body, in MB.
    #[arg(long, default_value_t = 32)]
    max_body_mb: usize,
    /// Give up on an upstream that sends nothing for this many seconds.
    #[arg(long, default_value_t = 120)]
    idle_timeout_s: u64,
}

struct Relay {
    policy: Policy,
    client: reqwest::Client,
    max_body: usize,
    idle_timeout_s: u64,
    /// The port it listens on: requests must name `127.0.0.1:<port>` or `localhost:<port>` as
    /// their Host (a DNS-rebinding page names its own host and is refused).
    port: u16,
}

/// DNS that refuses private addresses for hosts not named with `--allow-host` (no DNS rebinding
/// into the user's network).
struct GuardedDns {
    explicit: Vec<String>,
}

impl reqwest::dns::Resolve for GuardedDns {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        let explicit = self.explicit.contains(&host.to_ascii_lowercase());
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> =
                addrs.into_iter().filter(|a| explicit || !policy::is_private(a.ip())).collect();
            if kept.is_empty() {
                return Err(format!("{host} resolves only to private addresses; name it with --allow-host to reach it").into());
            }
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

pub(crate) fn run(args: Args) -> Result<String, Failure> {
    let mut allowed_hosts = Vec::new();
    for h in &args.allow_hosts {
        allowed_hosts.push(policy::parse_allowed_host(h).map_err(Failure)?);
    }
    let mut allowed_origins: Vec<String> =
        args.allow_origins.iter().map(|o| o.trim_end_matches('/').to_string()).collect();
    if allowed_origins.iter().any(|o| o == "*" || o == "null") {
        return Err(Failure(
            "--allow-origin takes one origin at a time (no *, no null): the relay forwards keys"
                .into(),
        ));
    }
    if allowed_origins.is_empty() {
        allowed_origins = PLAYGROUND_ORIGINS.iter().map(|s| s.to_string()).collect();
    }
    let explicit: Vec<String> = args
        .allow_hosts
        .iter()
        .filter_map(|h| policy::parse_allowed_host(h).ok())
        .map(|a| a.host_name().to_string())
        .collect();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(Duration::from_secs(10))
        .read_timeout(Duration::from_secs(args.idle_timeout_s.max(1)))
        .dns_resolver(Arc::new(GuardedDns { explicit }))
        .user_agent(concat!("qwen-route-relay/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Failure(format!("cannot build the HTTP client: {e}")))?;
    let policy = Policy { allowed_hosts, allowed_origins };
    runtime()?.block_on(async move {
        let (listener, addr) = bind(args.port).await?;
        let relay = Arc::new(Relay {
            policy,
            client,
            max_body: args.max_body_mb.max(1) * 1024 * 1024,
            idle_timeout_s: args.idle_timeout_s.max(1),
            port: addr.port(),
        });
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "qwen-route relay: listening on http://{addr} (loopback only)");
        let _ = writeln!(out, "  send to http://{addr}/<host>/<path>, e.g. http://{addr}/dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions");
        let _ = writeln!(out, "  origins: {}", relay.policy.allowed_origins.join(", "));
        let _ = writeln!(out, "  hosts: the catalog's DashScope, Coding Plan and Token Plan hosts{}", if args.allow_hosts.is_empty() { String::new() } else { format!(", {}", args.allow_hosts.join(", ")) });
        let _ = writeln!(out, "  keys pass through in Authorization and are never logged or stored");
        let _ = out.flush();
        drop(out);
        serve(listener, Arc::new(move |req| handle(Arc::clone(&relay), req))).await
    })?;
    Ok(String::new())
}

fn header(name: &str, value: &str) -> Option<(HeaderName, HeaderValue)> {
    Some((HeaderName::from_bytes(name.as_bytes()).ok()?, HeaderValue::from_str(value).ok()?))
}

/// CORS headers for an allowed origin.
fn cors(origin: Option<&str>) -> Vec<(HeaderName, HeaderValue)> {
    let Some(o) = origin else { return Vec::new() };
    [
        ("access-control-allow-origin", o),
        ("vary", "Origin"),
        ("access-control-expose-headers", policy::EXPOSED_HEADERS),
    ]
    .iter()
    .filter_map(|(k, v)| header(k, v))
    .collect()
}

/// A relay-made error, readable by the page when its origin is allowed.
fn relay_error(
    status: StatusCode,
    code: &str,
    message: &str,
    origin: Option<&str>,
) -> Response<Body> {
    let body = json!({"error": {"message": format!("qwen-route relay: {message}"), "type": "relay_error", "code": code}});
    let mut r = Response::new(full(body.to_string()));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(hyper::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    for (k, v) in cors(origin) {
        r.headers_mut().insert(k, v);
    }
    r
}

async fn handle(relay: Arc<Relay>, req: Request<Incoming>) -> Response<Body> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
    let origin =
        req.headers().get(hyper::header::ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_string);
    // 1. Origins: a browser origin not on the list gets nothing it can read.
    if let Some(o) = &origin {
        if !relay.policy.origin_allowed(o) {
            println!(
                "{method} {path} → 403 (origin {o} is not allowed; add it with --allow-origin)"
            );
            return relay_error(
                StatusCode::FORBIDDEN,
                "origin_not_allowed",
                &format!("origin {o} is not allowed"),
                None,
            );
        }
    }
    let allowed_origin = origin.as_deref();
    // Only pages on this machine that name the relay by its loopback address; no DNS rebinding.
    let host = req
        .headers()
        .get(hyper::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if host != format!("127.0.0.1:{}", relay.port) && host != format!("localhost:{}", relay.port) {
        println!("{method} {path} → 421 (Host {host:?} is not the relay's loopback address)");
        return relay_error(
            StatusCode::MISDIRECTED_REQUEST,
            "wrong_host",
            "address the relay as 127.0.0.1 or localhost",
            None,
        );
    }
    // A cross-site request without an allowed Origin (an <img> or a form on some page) is refused.
    let fetch_site =
        req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok()).unwrap_or("none");
    if origin.is_none() && !matches!(fetch_site, "none" | "same-origin") {
        println!("{method} {path} → 403 (cross-site request without an allowed Origin)");
        return relay_error(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            "cross-site requests need an allowed Origin",
            None,
        );
    }
    // 2. Preflight.
    if method == Method::OPTIONS {
        let mut r = Response::new(full(Bytes::new()));
        *r.status_mut() = StatusCode::NO_CONTENT;
        let mut hs = cors(allowed_origin);
        hs.extend(
            [
                ("access-control-allow-methods", "GET, POST, OPTIONS"),
                ("access-control-allow-headers", policy::ALLOWED_REQUEST_HEADERS),
                ("access-control-max-age", "600"),
            ]
            .iter()
            .filter_map(|(k, v)| header(k, v)),
        );
        if req.headers().get("access-control-request-private-network").is_some() {
            hs.extend(header("access-control-allow-private-network", "true"));
        }
        for (k, v) in hs {
            r.headers_mut().insert(k, v);
        }
        println!("OPTIONS {path} → 204 (preflight)");
        return r;
    }
    // 3. The relay's own page: what it does (and a health check).
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() && method == Method::GET {
        let info = json!({"relay": "qwen-route", "origins": relay.policy.allowed_origins, "usage": "/<host>/<path>"});
        let mut r = Response::new(full(info.to_string()));
        r.headers_mut()
            .insert(hyper::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        for (k, v) in cors(allowed_origin) {
            r.headers_mut().insert(k, v);
        }
        return r;
    }
    if method != Method::GET && method != Method::POST {
        return relay_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "only GET and POST are relayed",
            allowed_origin,
        );
    }
    // 4. The upstream.
    let (authority, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
    let upstream: Upstream = match relay.policy.upstream(authority) {
        Ok(u) => u,
        Err(why) => {
            println!("{method} /{authority} → 403 (host not allowed)");
            return relay_error(StatusCode::FORBIDDEN, "host_not_allowed", &why, allowed_origin);
        }
    };
    let url = upstream.url(&format!("/{rest}{query}"));
    let shown = format!("{}/{rest}", upstream.host);
    let mut headers = reqwest::header::HeaderMap::new();
    for (k, v) in req.headers() {
        if policy::forward_request_header(k.as_str()) {
            headers.insert(k.clone(), v.clone());
        }
    }
    // 5. The body, capped.
    let body = match read_body(req.into_body(), relay.max_body).await {
        Ok(b) => b,
        Err(BodyError::TooLarge) => {
            println!("{method} {shown} → 413 (body over {} MB)", relay.max_body / 1024 / 1024);
            return relay_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                &format!("request body over {} MB", relay.max_body / 1024 / 1024),
                allowed_origin,
            );
        }
        Err(BodyError::Broken) => {
            return relay_error(
                StatusCode::BAD_REQUEST,
                "body_unreadable",
                "could not read the request body",
                allowed_origin,
            )
        }
    };
    // 6. Forward.
    let sent = relay.client.request(method.clone(), &url).headers(headers).body(body).send().await;
    let up = match sent {
        Ok(r) => r,
        Err(e) => {
            let (status, code, msg) = if e.is_timeout() {
                (
                    StatusCode::GATEWAY_TIMEOUT,
                    "upstream_timeout",
                    format!("{} sent nothing for {} s", upstream.host, relay.idle_timeout_s),
                )
            } else if e.is_connect() {
                (
                    StatusCode::BAD_GATEWAY,
                    "upstream_unreachable",
                    format!("cannot connect to {}: {}", upstream.host, root_cause(&e)),
                )
            } else {
                (
                    StatusCode::BAD_GATEWAY,
                    "upstream_failed",
                    format!("{} failed: {}", upstream.host, root_cause(&e)),
                )
            };
            println!("{method} {shown} → {} ({code})", status.as_u16());
            return relay_error(status, code, &msg, allowed_origin);
        }
    };
    let status = up.status();
    if status.is_redirection() {
        println!("{method} {shown} → 502 (upstream redirected; not followed)");
        return relay_error(
            StatusCode::BAD_GATEWAY,
            "redirect_refused",
            &format!(
                "{} answered {} with a redirect; the relay does not follow redirects",
                upstream.host,
                status.as_u16()
            ),
            allowed_origin,
        );
    }
    let mut r = Response::builder().status(status.as_u16());
    for (k, v) in up.headers() {
        if policy::forward_response_header(k.as_str()) {
            r = r.header(k, v);
        }
    }
    for (k, v) in cors(allowed_origin) {
        r = r.header(k, v);
    }
    println!(
        "{method} {shown} → {} ({} ms to headers)",
        status.as_u16(),
        started.elapsed().as_millis()
    );
    let frames = up.bytes_stream().map(|chunk| {
        chunk.map(Frame::data).map_err(|e| {
            std::io::Error::other(format!("upstream stream failed: {}", root_cause(&e)))
        })
    });
    r.body(BodyExt::boxed(StreamBody::new(frames))).unwrap_or_else(|_| {
        relay_error(
            StatusCode::BAD_GATEWAY,
            "bad_upstream_header",
            "the upstream sent a header the relay cannot pass on",
            allowed_origin,
        )
    })
}

/// The innermost error message (reqwest's outer ones repeat the URL).
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
