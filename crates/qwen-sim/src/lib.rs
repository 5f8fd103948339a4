//! # qwen-sim
//!
//! Simulated Qwen surfaces, built from the qwen-route catalog: DashScope pay-as-you-go per
//! region, Coding Plan and Token Plan, Ollama `/v1`, vLLM, SGLang, llama.cpp and a LiteLLM-style
//! proxy, each answering with its real envelopes, SSE framing, refusals and CORS policy.
//!
//! Sans-IO: a [`SimRequest`] in, a [`SimResponse`] out — a whole body, or timed chunks and how
//! the stream ends. The CLI's `qwen-route sim` serves it on 127.0.0.1; the playground runs it
//! in the page as its offline Sandbox. The text it returns is deterministic and says it is
//! simulated: it never pretends to be a model.
//!
//! ```
//! use qwen_sim::{Sim, SimRequest};
//! let sim = Sim::default();
//! let req = SimRequest::new("POST", "/dashscope-intl/compatible-mode/v1/chat/completions")
//!     .with_header("Authorization", "Bearer sk-sim-cn-1") // a Beijing key on the Singapore host
//!     .with_json(&serde_json::json!({"model": "qwen-plus", "messages": [{"role": "user", "content": "hi"}]}));
//! let res = sim.handle(&req);
//! assert_eq!(res.status, 401);
//! assert!(res.text().contains("Incorrect API key provided"));
//! ```

#![forbid(unsafe_code)]

mod answer;
mod auth;
mod cors;
mod envelope;
mod frames;
mod ids;
mod info;
mod messages;
pub mod mount;
mod request;
mod rules;
mod scenario;
mod wire;

use qwen_route::catalog::{self, Dialect, Surface, SurfaceFamily};
use serde_json::{json, Value};

pub use answer::instance_of;
pub use auth::sample_key;
pub use envelope::{Failure, ERROR_HEADER};
pub use mount::{mounts, Mount};
pub use scenario::{scenarios, Scenario};
pub use wire::{SimBody, SimRequest, SimResponse, StreamEnd, TimedChunk};

use cors::Cors;
use frames::Framer;
use ids::{Ids, CREATED};
use mount::Endpoint;
use request::ChatCall;

/// The header that selects a scenario.
pub const SCENARIO_HEADER: &str = "X-Qwen-Sim-Scenario";

/// The simulator's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sim {
    /// Milliseconds between streamed frames (the `slow` scenario uses 400).
    pub pace_ms: u32,
    /// Extra origins the simulated Ollama allows (its `OLLAMA_ORIGINS`); local origins are
    /// allowed by default, as in Ollama.
    pub ollama_origins: Vec<String>,
}

impl Default for Sim {
    fn default() -> Self {
        Sim { pace_ms: 20, ollama_origins: Vec::new() }
    }
}

fn not_found(path: &str) -> SimResponse {
    let list: Vec<String> = mounts().iter().map(|m| format!("  {}", m.base_path)).collect();
    SimResponse::full(
        404,
        format!("qwen-sim: nothing simulated at {path}. Surfaces:\n{}\n", list.join("\n"))
            .into_bytes(),
    )
    .with_header("Content-Type", "text/plain; charset=utf-8")
}

impl Sim {
    /// A simulator streaming frames `pace_ms` apart.
    ///
    /// ```
    /// assert_eq!(qwen_sim::Sim::new(0).pace_ms, 0);
    /// ```
    pub fn new(pace_ms: u32) -> Sim {
        Sim { pace_ms, ..Sim::default() }
    }

    /// Answer one request.
    ///
    /// ```
    /// use qwen_sim::{Sim, SimRequest, SimBody};
    /// let req = SimRequest::new("POST", "/vllm/v1/chat/completions").with_json(&serde_json::json!({
    ///     "model": "Qwen/Qwen3-8B", "stream": true,
    ///     "messages": [{"role": "user", "content": "hi"}]}));
    /// let res = Sim::new(0).handle(&req);
    /// assert_eq!(res.status, 200);
    /// assert!(matches!(res.body, SimBody::Stream { .. }));
    /// assert!(res.text().contains("\"reasoning\":")); // vLLM's spelling
    /// assert!(res.text().ends_with("data: [DONE]\n\n"));
    /// ```
    pub fn handle(&self, req: &SimRequest) -> SimResponse {
        let Some((mount, endpoint)) = mount::locate(&req.path) else {
            return not_found(&req.path);
        };
        let surface = mount.surface;
        let (mut res, scenario) = match cors::apply(surface, req, &self.ollama_origins) {
            Cors::Respond(r) => (r, None),
            Cors::Proceed(headers) => {
                let (mut r, scenario) = self.endpoint(surface, &mount, endpoint, req);
                r.headers.extend(headers);
                (r, scenario)
            }
        };
        let tag = match scenario {
            Some(s) => format!("simulated {}; scenario={s}", surface.id),
            None => format!("simulated {}", surface.id),
        };
        res.headers.push(("X-Qwen-Sim".into(), tag));
        res
    }

    fn endpoint(
        &self,
        surface: &'static Surface,
        mount: &Mount,
        endpoint: Endpoint,
        req: &SimRequest,
    ) -> (SimResponse, Option<String>) {
        let ids = Ids::new(&[req.path.as_bytes(), &req.body].concat());
        let personality = mount.personality.as_deref().and_then(Scenario::parse);
        match (endpoint, req.method.as_str()) {
            (Endpoint::Chat, "POST") => self.chat(surface, req, &ids, mount.personality.as_deref()),
            (Endpoint::Messages, "POST") => {
                messages::answer(surface, req, &ids, mount.personality.as_deref(), self.pace_ms)
            }
            (Endpoint::Models, "GET") => {
                (models(surface, req, &ids, personality), mount.personality.clone())
            }
            (Endpoint::Info, "GET" | "POST") => {
                (info::answer(surface, req, personality), mount.personality.clone())
            }
            (Endpoint::Chat | Endpoint::Models | Endpoint::Info | Endpoint::Messages, _) => {
                (SimResponse::full(405, b"qwen-sim: method not allowed".to_vec()), None)
            }
            (Endpoint::Other, _) => {
                let mut r = not_found(&req.path);
                let hint = format!(
                    "qwen-sim: {} has no {}. It answers POST {}{} and{}.\n",
                    surface.id,
                    req.path,
                    mount.base_path,
                    surface.chat_path,
                    match surface.models_path {
                        Some(p) => format!(" GET {}{p}", mount.base_path),
                        None => " no /models (the real host has none)".into(),
                    }
                );
                r.body = SimBody::Full(hint.into_bytes());
                (r, None)
            }
        }
    }

    fn chat(
        &self,
        surface: &'static Surface,
        req: &SimRequest,
        ids: &Ids,
        personality: Option<&str>,
    ) -> (SimResponse, Option<String>) {
        let dialect = surface.dialect;
        let fail = |f: Failure| envelope::error_response(dialect, &f, ids);
        let access = match auth::check(surface, req.header("authorization")) {
            Ok(a) => a,
            Err(f) => return (fail(f), None),
        };
        let call = match ChatCall::parse(&req.body) {
            Ok(c) => c,
            Err(f) => return (fail(f), None),
        };
        let (scenario, model_id) =
            match scenario::select(req.header(SCENARIO_HEADER).or(personality), &call.model) {
                Ok(s) => s,
                Err(name) => {
                    let names: Vec<&str> = scenarios().iter().map(|(n, _)| *n).collect();
                    let f = Failure::sim(
                        400,
                        &format!("unknown scenario {name:?}; known: {}", names.join(", ")),
                    );
                    return (fail(f), None);
                }
            };
        let label = (scenario != Scenario::Normal).then(|| scenario_name(scenario));
        if scenario.dashscope_only() && dialect != Dialect::Dashscope {
            let f = Failure::sim(
                400,
                &format!(
                    "the scenario {} is a DashScope error; {} never sends it",
                    scenario_name(scenario),
                    surface.id
                ),
            );
            return (fail(f), label);
        }
        let plan = match rules::plan(surface, &call, model_id, access, scenario) {
            Ok(p) => p,
            Err(f) => return (fail(f), label),
        };
        let out = answer::output(surface.id, model_id, &call, &plan, scenario);
        let framer = Framer {
            dialect,
            ids,
            model: model_id,
            think_in_content: scenario == Scenario::NoReasoningParser
                && dialect != Dialect::Dashscope,
            tool_format: plan.tool_as_text,
        };
        if call.stream {
            let body =
                framer.stream(&out, plan.thinking, call.include_usage, self.pace_ms, scenario);
            let ct = if dialect == Dialect::Dashscope {
                "text/event-stream;charset=UTF-8"
            } else {
                "text/event-stream; charset=utf-8"
            };
            let res = SimResponse {
                status: 200,
                headers: vec![
                    ("Content-Type".into(), ct.into()),
                    ("Cache-Control".into(), "no-cache".into()),
                ],
                body,
            };
            return (res, label);
        }
        let body = framer.body(&out);
        let res = match scenario {
            Scenario::Stall => SimResponse {
                status: 200,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: SimBody::Stream { chunks: Vec::new(), end: StreamEnd::Stall },
            },
            Scenario::Truncate => {
                let text = body.to_string().into_bytes();
                let half = text[..text.len() / 2].to_vec();
                SimResponse {
                    status: 200,
                    headers: vec![("Content-Type".into(), "application/json".into())],
                    body: SimBody::Stream {
                        chunks: vec![TimedChunk { after_ms: self.pace_ms, bytes: half }],
                        end: StreamEnd::Close,
                    },
                }
            }
            Scenario::ErrorMidStream => fail(Failure::from_catalog("data-inspection-failed", None)),
            _ => SimResponse::json(200, &body),
        };
        (res, label)
    }
}

pub(crate) fn scenario_name(s: Scenario) -> String {
    match s {
        Scenario::Long(n) => format!("long-{n}"),
        other => scenarios()
            .iter()
            .find(|(n, _)| Scenario::parse(n) == Some(other))
            .map_or_else(|| "normal".into(), |(n, _)| (*n).to_string()),
    }
}

/// `GET {base}/models`, in the server's shape: vLLM and SGLang add `root`, `parent` and
/// `max_model_len` (vLLM also `permission`), llama.cpp adds `meta` and an Ollama-style
/// `models` list.
fn models(
    surface: &'static Surface,
    req: &SimRequest,
    ids: &Ids,
    personality: Option<Scenario>,
) -> SimResponse {
    let needs_key = matches!(
        surface.family,
        SurfaceFamily::Dashscope
            | SurfaceFamily::Workspace
            | SurfaceFamily::TokenPlan
            | SurfaceFamily::Litellm
    );
    if needs_key {
        if let Err(f) = auth::check(surface, req.header("authorization")) {
            return envelope::error_response(surface.dialect, &f, ids);
        }
    }
    let mut listed: Vec<&str> = catalog::models()
        .iter()
        .filter(|m| {
            m.served_on(surface.family)
                && surface.region.is_none_or(|r| m.offered_in(surface.family, r))
        })
        .map(|m| m.id)
        .collect();
    if listed.is_empty() {
        listed = catalog::models()
            .iter()
            .filter(|m| m.served_on(SurfaceFamily::Dashscope))
            .map(|m| m.id)
            .collect();
    }
    listed.dedup();
    let owner = match surface.dialect {
        Dialect::Vllm => "vllm",
        Dialect::Sglang => "sglang",
        Dialect::Ollama => "library",
        Dialect::LlamaCpp => "llamacpp",
        Dialect::Litellm => "openai",
        _ => "system",
    };
    let data: Vec<Value> = listed
        .iter()
        .map(|id| {
            let mut card = json!({"id": id, "object": "model", "created": CREATED, "owned_by": owner});
            let ctx = info::served_context(surface, id, personality);
            match surface.dialect {
                Dialect::Vllm => {
                    card["root"] = json!(id);
                    card["parent"] = Value::Null;
                    card["max_model_len"] = json!(ctx);
                    card["permission"] = json!([{"id": format!("modelperm-{}", ids.chat_id()), "object": "model_permission",
                        "created": CREATED, "allow_sampling": true, "organization": "*", "group": null, "is_blocking": false}]);
                }
                Dialect::Sglang => {
                    card["root"] = json!(id);
                    card["parent"] = Value::Null;
                    card["max_model_len"] = json!(ctx);
                }
                Dialect::LlamaCpp => {
                    card["meta"] = json!({"vocab_type": 2, "n_ctx": ctx, "n_ctx_train": info::trained_context(id)});
                }
                _ => {}
            }
            card
        })
        .collect();
    let mut list = json!({"object": "list", "data": data});
    if surface.dialect == Dialect::LlamaCpp {
        list["models"] = json!(listed
            .iter()
            .map(|id| json!({"name": id, "model": id, "type": "model"}))
            .collect::<Vec<_>>());
    }
    SimResponse::json(200, &list)
}
