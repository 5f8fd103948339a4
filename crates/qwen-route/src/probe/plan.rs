//! The probe plan: at most eight small requests to one server, each with its purpose and
//! timeout. Chat requests are shaped by [`crate::shape`], so each server gets its own spelling
//! of thinking, tools and JSON output.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::catalog::{self, KeyRequirement, Model, Surface, ThinkingClass, ToolChoiceSupport};
use crate::error::Error;
use crate::msg::Msg;
use crate::settings::ThinkingSetting;
use crate::shape::{shape, ShapeRequest};

/// The most requests a plan holds.
pub const MAX_STEPS: usize = 8;

/// What to probe.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProbeOptions {
    /// Surface id (`vllm`, `ollama`, `dashscope-intl`, …).
    pub surface: String,
    /// The server's base URL (default: the surface's).
    pub base_url: Option<String>,
    /// The model to probe (default: the first listed id the catalog knows).
    pub model: Option<String>,
    /// The browser origin to check CORS for (`http://127.0.0.1:8090`).
    pub origin: Option<String>,
    /// The plan runs in a browser: no preflight of its own (the browser makes it), so CORS is
    /// judged from whether the other requests were blocked.
    pub browser: bool,
}

/// Which request a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepId {
    /// `GET /models`.
    Models,
    /// The family's own info endpoint (`/props`, `/api/show`).
    ServerInfo,
    /// `OPTIONS` preflight with the page's origin.
    Cors,
    /// A streamed answer with usage (and thinking, where the model thinks).
    Stream,
    /// A non-streamed answer with thinking switched off.
    ThinkingOff,
    /// A tool call with `tool_choice` left to the server.
    Tools,
    /// An image part.
    Image,
    /// `response_format: json_schema`.
    JsonSchema,
    /// `tool_choice: "required"`.
    ToolRequired,
    /// `response_format: json_object`.
    JsonObject,
}

impl StepId {
    /// The kebab-case name.
    ///
    /// ```
    /// assert_eq!(qwen_route::probe::StepId::ThinkingOff.as_str(), "thinking-off");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Models => "models",
            Self::ServerInfo => "server-info",
            Self::Cors => "cors",
            Self::Stream => "stream",
            Self::ThinkingOff => "thinking-off",
            Self::Tools => "tools",
            Self::Image => "image",
            Self::JsonSchema => "json-schema",
            Self::ToolRequired => "tool-required",
            Self::JsonObject => "json-object",
        }
    }
}

/// One request of the plan. Headers carry the key as `Bearer $VAR`, never the key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbeStep {
    /// Which request this is.
    pub id: StepId,
    /// Why it is sent.
    pub purpose: Msg,
    /// HTTP method.
    pub method: &'static str,
    /// Full URL (always on the probed server's origin).
    pub url: String,
    /// Headers, the key as a `$VAR` placeholder.
    pub headers: Vec<(String, String)>,
    /// JSON body, for POST.
    pub body: Option<Value>,
    /// Give up after this long.
    pub timeout_ms: u32,
    /// The most output tokens it can cost.
    pub max_tokens: u32,
    /// Whether it reads a streamed answer.
    pub stream: bool,
}

/// A step the plan leaves out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The step.
    pub id: StepId,
    /// Why.
    pub why: Msg,
}

/// The requests to send, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbePlan {
    /// Surface id.
    pub surface: &'static str,
    /// The base URL probed.
    pub base_url: String,
    /// The model probed (empty until one is known: send `models` first, then plan again).
    pub model: String,
    /// The page origin CORS is checked for.
    pub origin: Option<String>,
    /// The requests, at most [`MAX_STEPS`].
    pub steps: Vec<ProbeStep>,
    /// What was left out, and why.
    pub left_out: Vec<LeftOut>,
    /// The environment variable the key is read from.
    pub key_env: &'static str,
}

impl ProbePlan {
    /// "8 requests, at most ~600 tokens": what the plan costs, said before sending.
    ///
    /// ```
    /// use qwen_route::probe::{probe_plan, ProbeOptions};
    /// let p = probe_plan(&ProbeOptions { surface: "vllm".into(), model: Some("Qwen/Qwen3-8B".into()), ..Default::default() }).unwrap();
    /// assert!(p.cost_line().starts_with(&format!("{} requests, at most ~", p.steps.len())));
    /// ```
    pub fn cost_line(&self) -> Msg {
        let chats = self.steps.iter().filter(|s| s.body.is_some() && s.max_tokens > 0).count();
        // Each chat prompt is a one-line message and a short system or tool definition.
        let tokens: u32 = self.steps.iter().map(|s| s.max_tokens).sum::<u32>() + 60 * chats as u32;
        crate::msg!(
            "probe.cost",
            "{requests} requests, at most ~{tokens} tokens ({chats} to the model)",
            requests = self.steps.len(),
            tokens = tokens.div_ceil(50) * 50,
            chats = chats
        )
    }
}

/// The server's root: the base URL without the surface's own path (`…/v1` → `…`).
fn server_root(surface: &Surface, base: &str) -> String {
    let own = surface.base_url.split_once("://").map_or("", |(_, r)| r);
    let own_path = own.find('/').map_or("", |i| &own[i..]).trim_end_matches('/');
    let base = base.trim_end_matches('/');
    match base.strip_suffix(own_path) {
        Some(root) if !own_path.is_empty() => root.to_string(),
        _ => base.to_string(),
    }
}

fn auth_headers(surface: &Surface) -> Vec<(String, String)> {
    match surface.key {
        KeyRequirement::Ignored => Vec::new(),
        _ => vec![("Authorization".into(), format!("Bearer ${}", surface.env_var()))],
    }
}

/// The catalog row of the probed model on this surface's family, if any.
fn model_row(surface: &Surface, model: &str) -> Option<&'static Model> {
    let id = catalog::resolve_reference(model).id;
    catalog::models()
        .iter()
        .find(|m| m.id == id && m.served_on(surface.family))
        .or_else(|| catalog::model(id))
}

/// A 16×16 blue PNG (79 bytes): small, and above DashScope's 10-pixel minimum side.
pub(crate) const PIXEL: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mNQSDhAEmIY1TCqYfhqAAB/t0AQzUKeVwAAAABJRU5ErkJggg==";

/// The tool every tool step offers.
pub(crate) fn weather_tool() -> Value {
    json!({"type": "function", "function": {
        "name": "get_weather",
        "description": "Current weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    }})
}

/// The schema the JSON steps ask for.
pub(crate) fn probe_schema() -> Value {
    json!({"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"], "additionalProperties": false})
}

struct Chat<'a> {
    surface: &'a Surface,
    base: &'a str,
    model: &'a str,
}

impl Chat<'_> {
    fn step(
        &self,
        id: StepId,
        purpose: Msg,
        payload: Value,
        thinking: Option<ThinkingSetting>,
        stream: bool,
        max_tokens: u32,
    ) -> Result<ProbeStep, Msg> {
        let mut req = ShapeRequest::new(self.surface.id, self.model);
        req.base_url = Some(self.base.to_string());
        req.thinking = thinking;
        req.stream = Some(stream);
        req.allow_unlisted_model = true;
        let mut p: Map<String, Value> = payload.as_object().cloned().unwrap_or_default();
        p.insert("max_tokens".into(), json!(max_tokens));
        req.payload = p;
        // The error's own text (crate::error), as written.
        let shaped = shape(&req)
            .map_err(|e| crate::msg!("probe.left-out.shape-error", "{error}", error = e))?;
        if let Some(f) = shaped.lint.iter().find(|f| f.severity == crate::lint::Severity::Error) {
            return Err(crate::msg!(
                "probe.left-out.refused-before-sending",
                "the request would be refused before it reaches the server ({code}: {message})",
                code = f.code,
                message = f.message
            ));
        }
        let w = shaped.request;
        Ok(ProbeStep {
            id,
            purpose,
            method: "POST",
            url: w.url,
            headers: w.headers.into_iter().collect(),
            body: Some(w.body),
            timeout_ms: if stream { 60_000 } else { 30_000 },
            max_tokens,
            stream,
        })
    }
}

fn user(text: &str) -> Value {
    json!([{"role": "user", "content": text}])
}

/// The plan for these options.
///
/// ```
/// use qwen_route::probe::{probe_plan, ProbeOptions, StepId};
/// let p = probe_plan(&ProbeOptions {
///     surface: "ollama".into(),
///     base_url: Some("http://127.0.0.1:11434/v1".into()),
///     model: Some("qwen3:8b".into()),
///     origin: Some("https://app.example".into()),
///     ..Default::default()
/// }).unwrap();
/// assert!(p.steps.len() <= 8);
/// assert_eq!(p.steps[0].id, StepId::Models);
/// // Ollama reports its context on /api/show, at the server's root.
/// assert!(p.steps.iter().any(|s| s.url == "http://127.0.0.1:11434/api/show"));
/// // Every request goes to the probed origin.
/// assert!(p.steps.iter().all(|s| s.url.starts_with("http://127.0.0.1:11434/")));
/// ```
pub fn probe_plan(opts: &ProbeOptions) -> Result<ProbePlan, Error> {
    let surface = catalog::surface(&opts.surface).ok_or_else(|| Error::UnknownSurface {
        id: opts.surface.clone(),
        suggestion: catalog::suggest(&opts.surface, catalog::surfaces().iter().map(|s| s.id))
            .map(str::to_string),
    })?;
    let base = opts
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .unwrap_or(surface.base_url)
        .trim_end_matches('/')
        .to_string();
    if base.contains('{') || !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(Error::InvalidPayload {
            reason: format!(
                "the probe needs a concrete http(s) base URL, not {base:?} (give --base-url)"
            ),
        });
    }
    let root = server_root(surface, &base);
    let mut all: Vec<Result<ProbeStep, (StepId, Msg)>> = Vec::new();
    match surface.models_path {
        Some(path) => all.push(Ok(ProbeStep {
            id: StepId::Models,
            purpose: crate::msg!(
                "probe.step.models.purpose",
                "Is the server there, and which models does it serve?"
            ),
            method: "GET",
            url: format!("{base}{path}"),
            headers: auth_headers(surface),
            body: None,
            timeout_ms: 10_000,
            max_tokens: 0,
            stream: false,
        })),
        None => all.push(Err((
            StepId::Models,
            crate::msg!(
                "probe.left-out.no-models-endpoint",
                "{surface} has no /models endpoint",
                surface = surface.id
            ),
        ))),
    }
    let model = opts.model.clone().unwrap_or_default();
    if let Some(info) = catalog::server_info(surface.family) {
        let body = (info.method == "POST").then(|| json!({"model": model}));
        if !model.is_empty() || body.is_none() {
            all.push(Ok(ProbeStep {
                id: StepId::ServerInfo,
                purpose: crate::msg!(
                    "probe.step.server-info.purpose",
                    "What context does the server really give the model?"
                ),
                method: info.method,
                url: format!("{root}{}", info.path),
                headers: auth_headers(surface),
                body,
                timeout_ms: 10_000,
                max_tokens: 0,
                stream: false,
            }));
        }
    }
    match (&opts.origin, opts.browser) {
        (Some(origin), false) => all.push(Ok(ProbeStep {
            id: StepId::Cors,
            purpose: crate::msg!(
                "probe.step.cors.purpose",
                "Will a browser page on this origin be let in?"
            ),
            method: "OPTIONS",
            url: format!("{base}{}", surface.chat_path),
            headers: vec![
                ("Origin".into(), origin.clone()),
                ("Access-Control-Request-Method".into(), "POST".into()),
                ("Access-Control-Request-Headers".into(), "authorization,content-type".into()),
            ],
            body: None,
            timeout_ms: 10_000,
            max_tokens: 0,
            stream: false,
        })),
        (None, false) => all.push(Err((
            StepId::Cors,
            crate::msg!("probe.left-out.no-origin", "no --origin given"),
        ))),
        (_, true) => {} // the browser sends its own preflight with every request
    }
    if model.is_empty() {
        return Ok(finish(surface, base, String::new(), opts, all));
    }
    let chat = Chat { surface, base: &base, model: &model };
    let row = model_row(surface, &model);
    let thinks = row.is_none_or(|m| m.thinking != ThinkingClass::None);
    let hybrid = row.is_none_or(|m| m.thinking.is_hybrid());
    let hi = "Say hi in one word.";
    let mut add = |id: StepId, r: Result<ProbeStep, Msg>| all.push(r.map_err(|e| (id, e)));
    add(
        StepId::Stream,
        chat.step(
            StepId::Stream,
            crate::msg!(
                "probe.step.stream.purpose",
                "Does streaming work, with usage, and does reasoning arrive in its own field?"
            ),
            json!({"messages": user(hi), "stream_options": {"include_usage": true}}),
            (thinks && hybrid).then_some(ThinkingSetting::Low),
            true,
            256,
        ),
    );
    if hybrid && thinks {
        add(
            StepId::ThinkingOff,
            chat.step(
                StepId::ThinkingOff,
                crate::msg!("probe.step.thinking-off.purpose", "Can thinking be switched off?"),
                json!({"messages": user(hi)}),
                Some(ThinkingSetting::Off),
                false,
                32,
            ),
        );
    } else {
        add(
            StepId::ThinkingOff,
            Err(crate::msg!(
                "probe.left-out.thinking-not-switchable",
                "{model} cannot switch thinking (catalog)",
                model = model
            )),
        );
    }
    let tools_ok = row.is_none_or(|m| m.tools);
    let off = hybrid.then_some(ThinkingSetting::Off);
    if tools_ok {
        add(
            StepId::Tools,
            chat.step(
                StepId::Tools,
                crate::msg!(
                    "probe.step.tools.purpose",
                    "Are tool calls parsed into tool_calls, and in which format?"
                ),
                json!({"messages": user("What is the weather in Paris? Use the tool."), "tools": [weather_tool()]}),
                off,
                false,
                128,
            ),
        );
    } else {
        add(
            StepId::Tools,
            Err(crate::msg!(
                "probe.left-out.no-tool-calling",
                "{model} has no tool calling (catalog)",
                model = model
            )),
        );
    }
    if row.is_none_or(|m| m.accepts(catalog::Modality::Image)) {
        add(
            StepId::Image,
            chat.step(
                StepId::Image,
                crate::msg!("probe.step.image.purpose", "Is image input accepted?"),
                json!({"messages": [{"role": "user", "content": [
                    {"type": "text", "text": "What colour is this image? One word."},
                    {"type": "image_url", "image_url": {"url": PIXEL}}]}]}),
                off,
                false,
                32,
            ),
        );
    } else {
        add(
            StepId::Image,
            Err(crate::msg!(
                "probe.left-out.no-images",
                "{model} takes no images (catalog)",
                model = model
            )),
        );
    }
    if row.is_none_or(|m| m.json_schema) {
        add(
            StepId::JsonSchema,
            chat.step(
                StepId::JsonSchema,
                crate::msg!(
                    "probe.step.json-schema.purpose",
                    "Is response_format json_schema honoured (the answer must validate)?"
                ),
                json!({"messages": user("Is water wet? Answer as JSON."), "response_format": {"type": "json_schema",
                    "json_schema": {"name": "probe", "strict": true, "schema": probe_schema()}}}),
                off,
                false,
                64,
            ),
        );
    } else {
        add(
            StepId::JsonSchema,
            Err(crate::msg!(
                "probe.left-out.no-json-schema",
                "{model} has no json_schema output (catalog)",
                model = model
            )),
        );
    }
    if tools_ok && surface.tool_choice == ToolChoiceSupport::Full {
        add(
            StepId::ToolRequired,
            chat.step(
                StepId::ToolRequired,
                crate::msg!(
                    "probe.step.tool-required.purpose",
                    "Is tool_choice \"required\" accepted?"
                ),
                json!({"messages": user("Weather in Paris?"), "tools": [weather_tool()], "tool_choice": "required"}),
                off,
                false,
                128,
            ),
        );
    } else {
        add(
            StepId::ToolRequired,
            Err(crate::msg!(
                "probe.left-out.no-tool-choice-required",
                "{surface} does not take tool_choice \"required\" (catalog)",
                surface = surface.id
            )),
        );
    }
    if row.is_none_or(|m| m.json_object) {
        add(
            StepId::JsonObject,
            chat.step(
                StepId::JsonObject,
                crate::msg!(
                    "probe.step.json-object.purpose",
                    "Is response_format json_object honoured?"
                ),
                json!({"messages": user("Reply with a JSON object: {\"ok\": true}."), "response_format": {"type": "json_object"}}),
                off,
                false,
                32,
            ),
        );
    } else {
        add(
            StepId::JsonObject,
            Err(crate::msg!(
                "probe.left-out.no-json-object",
                "{model} has no json_object output (catalog)",
                model = model
            )),
        );
    }
    Ok(finish(surface, base, model, opts, all))
}

fn finish(
    surface: &'static Surface,
    base: String,
    model: String,
    opts: &ProbeOptions,
    all: Vec<Result<ProbeStep, (StepId, Msg)>>,
) -> ProbePlan {
    let mut steps = Vec::new();
    let mut left_out = Vec::new();
    for r in all {
        match r {
            Ok(s) if steps.len() < MAX_STEPS => steps.push(s),
            Ok(s) => left_out.push(LeftOut {
                id: s.id,
                why: crate::msg!(
                    "probe.left-out.capped",
                    "the plan is capped at {max} requests",
                    max = MAX_STEPS
                ),
            }),
            Err((id, why)) => left_out.push(LeftOut { id, why }),
        }
    }
    ProbePlan {
        surface: surface.id,
        base_url: base,
        model,
        origin: opts.origin.clone(),
        steps,
        left_out,
        key_env: surface.env_var(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(surface: &str, base: &str, model: &str) -> ProbePlan {
        probe_plan(&ProbeOptions {
            surface: surface.into(),
            base_url: Some(base.into()),
            model: Some(model.into()),
            origin: Some("https://app.example".into()),
            browser: false,
        })
        .unwrap()
    }

    #[test]
    fn every_plan_is_bounded_and_stays_on_the_probed_origin() {
        for s in ["vllm", "sglang", "llama-cpp", "ollama", "litellm", "dashscope-intl"] {
            let surface = catalog::surface(s).unwrap();
            let model = catalog::models()
                .iter()
                .find(|m| m.served_on(surface.family))
                .map_or("qwen-plus", |m| m.id);
            let p = plan(s, "http://127.0.0.1:9/x/v1", model);
            assert!(p.steps.len() <= MAX_STEPS, "{s}");
            assert!(
                p.steps.iter().all(|st| st.url.starts_with("http://127.0.0.1:9/x")),
                "{s}: {:?}",
                p.steps
            );
            let text = serde_json::to_string(&p).unwrap();
            assert!(!text.contains("sk-"), "no key in a plan");
        }
    }

    #[test]
    fn thinking_off_is_spelled_per_server() {
        let v = plan("vllm", "http://h/v1", "Qwen/Qwen3-8B");
        let off = v.steps.iter().find(|s| s.id == StepId::ThinkingOff).unwrap();
        assert_eq!(off.body.as_ref().unwrap()["chat_template_kwargs"]["enable_thinking"], false);
        let o = plan("ollama", "http://h/v1", "qwen3:8b");
        let off = o.steps.iter().find(|s| s.id == StepId::ThinkingOff).unwrap();
        assert_eq!(off.body.as_ref().unwrap()["reasoning_effort"], "none");
    }

    #[test]
    fn a_plan_without_a_model_only_discovers() {
        let p = probe_plan(&ProbeOptions {
            surface: "vllm".into(),
            base_url: Some("http://h/v1".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(p.steps.iter().map(|s| s.id).collect::<Vec<_>>(), vec![StepId::Models]);
        assert!(p.left_out.iter().any(|l| l.id == StepId::Cors));
    }

    #[test]
    fn server_root_drops_the_surface_path() {
        let s = catalog::surface("ollama").unwrap();
        assert_eq!(
            server_root(s, "http://127.0.0.1:8788/ollama/v1"),
            "http://127.0.0.1:8788/ollama"
        );
        assert_eq!(server_root(s, "http://box:11434"), "http://box:11434");
    }
}
