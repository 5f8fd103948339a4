//! Turning a chosen (surface, model) into a full route: parameters, warnings, fallbacks,
//! verification and the two-pass plan.

use serde::Serialize;

use crate::catalog::{
    self, CodingTier, CorsPolicy, Dialect, KeyRequirement, Model, Surface, SurfaceFamily,
    ThinkingClass, WorkloadProfile,
};
use crate::settings::{Needs, Preference, ThinkingSetting};

use super::candidates::is_self_hosted;
use super::{lane, Fallback, Reason, Route, RouteParams, RouteRequest, RouteWarning};

/// How to check the route before relying on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verify {
    /// `GET /models` where the surface lists models, `probe` (a one-token request) where it does not.
    pub method: &'static str,
    /// The URL to call.
    pub url: String,
    /// A copyable curl command (key as an environment variable).
    pub command: String,
    /// What a good answer contains.
    pub expect: String,
}

/// One pass of a two-pass plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassPlan {
    /// Model id.
    pub model: &'static str,
    /// Thinking level.
    pub thinking: ThinkingSetting,
    /// Streaming.
    pub stream: bool,
    /// Temperature.
    pub temperature: Option<f64>,
    /// `json_schema` / `json_object` on the normalisation pass.
    pub response_format: Option<&'static str>,
    /// What this pass does.
    pub role: &'static str,
}

/// Reason first, then normalise to strict JSON with a deterministic pass (the design brief: "add a
/// second deterministic normalization pass instead of forcing one prompt to do both").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TwoPass {
    /// Why two passes.
    pub reason: String,
    /// The reasoning pass.
    pub first: PassPlan,
    /// The JSON pass.
    pub second: PassPlan,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn build(
    req: &RouteRequest,
    profile: &'static WorkloadProfile,
    surface: &'static Surface,
    model: &'static Model,
    qualified: &[&'static Model],
    skipped: &[(&'static str, super::candidates::Skip)],
    needs: &Needs,
    requested_thinking: ThinkingSetting,
    mut reasons: Vec<Reason>,
    mut warnings: Vec<RouteWarning>,
) -> Route {
    for (id, skip) in skipped {
        reasons.push(Reason { rule: skip.rule, text: format!("{id} skipped: {}.", skip.why) });
    }
    let position = match req.prefer {
        Preference::Quality => "the largest qualifying candidate",
        _ => "the smallest candidate that can reliably do the job",
    };
    reasons.push(Reason {
        rule: match req.prefer {
            Preference::Quality => "prefer.quality",
            Preference::Speed => "prefer.speed",
            Preference::Smallest => "prefer.smallest",
        },
        text: format!("{} ({}) is {position} on {}.", model.id, model.name, surface.id),
    });
    for (flag, rule, text) in [
        (needs.images, "needs.images", "takes image input"),
        (needs.video, "needs.video", "takes video input"),
        (needs.tools, "needs.tools", "supports function calling"),
        (needs.json_schema, "needs.json-schema", "accepts response_format json_schema"),
    ] {
        if flag {
            reasons.push(Reason { rule, text: format!("{} {text}.", model.id) });
        }
    }
    if let Some(live) = &req.live_models {
        reasons.push(Reason {
            rule: "live.models",
            text: format!("{} is in the live /models list ({} ids).", model.id, live.len()),
        });
    }

    // Thinking.
    let mut thinking = requested_thinking;
    match model.thinking {
        ThinkingClass::None if thinking.is_on() => {
            thinking = ThinkingSetting::Off;
            reasons.push(Reason {
                rule: "thinking.none",
                text: format!("{} has no thinking mode.", model.id),
            });
        }
        ThinkingClass::Only if !thinking.is_on() => {
            thinking = ThinkingSetting::Medium;
            warnings.push(RouteWarning {
                code: "thinking-always-on",
                text: format!("{} always thinks; expect reasoning tokens.", model.id),
            });
        }
        _ => {}
    }
    if req.prefer == Preference::Speed
        && matches!(thinking, ThinkingSetting::High | ThinkingSetting::Medium)
    {
        thinking = ThinkingSetting::Low;
        reasons.push(Reason {
            rule: "prefer.speed",
            text: "Thinking lowered to low for latency.".into(),
        });
    }
    if thinking.is_on() {
        reasons.push(Reason {
            rule: "thinking.level",
            text: match thinking.budget() {
                Some(b) if surface.dialect == Dialect::Dashscope => {
                    format!("Thinking {thinking} (thinking_budget {b}).")
                }
                _ => format!("Thinking {thinking}."),
            },
        });
    }

    let needs_json = profile.needs_json || needs.json_schema;
    let two_pass = if needs_json && thinking.is_on() {
        two_pass(profile, surface, model, thinking)
    } else {
        None
    };
    let stream = profile.stream
        || model.streaming_only
        || (thinking.is_on()
            && surface.dialect == Dialect::Dashscope
            && model.thinking.is_hybrid());
    if stream && !profile.stream {
        reasons.push(Reason {
            rule: "stream.required",
            text: if model.streaming_only {
                format!("{} is streaming-only.", model.id)
            } else {
                "Streaming: DashScope refuses thinking on non-streaming calls.".into()
            },
        });
    }
    let (temperature, top_p) = if model.fixed_sampling {
        (None, None)
    } else if thinking.is_on() && !profile.thinking.is_on() {
        (Some(0.6), Some(0.95))
    } else {
        (Some(profile.temperature), profile.top_p)
    };
    let response_format = match (needs_json, &two_pass) {
        (true, None) => Some(if model.json_schema { "json_schema" } else { "json_object" }),
        _ => None,
    };
    if response_format == Some("json_object") {
        warnings.push(RouteWarning {
            code: "json-object-only",
            text: format!("{} takes json_object, not json_schema: put the schema in the prompt, say \"JSON\", and validate the answer.", model.id),
        });
    }

    add_warnings(req, surface, model, needs, needs_json, &mut warnings);

    let fallbacks = fallbacks(req, profile, surface, model, qualified, needs);
    let base_url = surface_base(surface, req);
    Route {
        workload: profile.id,
        surface: surface.id,
        surface_name: surface.name,
        verify: verify(surface, &base_url, model.id),
        base_url,
        model: model.id,
        model_name: model.name,
        params: RouteParams { thinking, stream, temperature, top_p, response_format },
        env_var: surface.env_var(),
        reasons,
        warnings,
        fallbacks,
        two_pass,
        tradeoff: None,
        facts: catalog::facts_of(Some(surface), Some(model.id), None),
        anthropic: anthropic_route(surface, req, model.id),
        catalog_version: catalog::CATALOG_VERSION,
    }
}

/// The surface's Anthropic endpoint for this route (placeholders filled as for the base URL).
fn anthropic_route(
    surface: &Surface,
    req: &RouteRequest,
    model: &str,
) -> Option<super::AnthropicRoute> {
    let e = catalog::anthropic_endpoint(surface.id)?;
    let mut base = e.base_url.to_string();
    if surface.family == SurfaceFamily::Workspace {
        if let Some(r) = req.region.as_deref().and_then(catalog::region) {
            base = base.replace("{region}", r.cloud_region);
        }
    }
    Some(super::AnthropicRoute {
        messages_url: format!("{base}{}", e.messages_path),
        auth_header: if e.bearer { "Authorization: Bearer" } else { "x-api-key" },
        model_listed: e.serves(model),
        claude_code: crate::export::claude_code_block(&base, model),
        notes: crate::export::claude_code_notes(surface.id),
        source: e.source,
        checked: e.checked,
        base_url: base,
    })
}

fn surface_base(surface: &Surface, req: &RouteRequest) -> String {
    let mut url = surface.base_url.to_string();
    if surface.family == SurfaceFamily::Workspace {
        if let Some(r) = req.region.as_deref().and_then(catalog::region) {
            url = url.replace("{region}", r.cloud_region);
        }
    }
    url
}

fn two_pass(
    profile: &WorkloadProfile,
    surface: &Surface,
    model: &'static Model,
    thinking: ThinkingSetting,
) -> Option<TwoPass> {
    let json_lane =
        catalog::workload("deterministic-json").map(|w| lane(w, surface)).unwrap_or(&[]);
    let normaliser = json_lane
        .iter()
        .filter_map(|id| {
            catalog::model_on(id, surface.family)
                .or_else(|| catalog::model_on(id, SurfaceFamily::Dashscope))
        })
        .find(|m| m.json_schema && m.thinking != ThinkingClass::Only)
        .or_else(|| json_lane.iter().find_map(|id| catalog::model_on(id, surface.family)))?;
    Some(TwoPass {
        reason: format!(
            "{} output must be strict JSON, but thinking is on: {}one prompt asked to reason freely and emit strict JSON breaks parsing. Reason first, then normalise.",
            profile.name,
            if surface.dialect == Dialect::Dashscope { "DashScope refuses JSON mode with thinking, and " } else { "" }
        ),
        first: PassPlan {
            model: model.id,
            thinking,
            stream: true,
            temperature: Some(0.6),
            response_format: None,
            role: "reason freely and write the conclusion in prose",
        },
        second: PassPlan {
            model: normaliser.id,
            thinking: ThinkingSetting::Off,
            stream: false,
            temperature: Some(0.0),
            response_format: Some(if normaliser.json_schema { "json_schema" } else { "json_object" }),
            role: "turn the first pass's conclusion into JSON that matches the schema, then validate it",
        },
    })
}

fn add_warnings(
    req: &RouteRequest,
    surface: &Surface,
    model: &Model,
    needs: &Needs,
    needs_json: bool,
    warnings: &mut Vec<RouteWarning>,
) {
    if let Some(r) = surface.region.and_then(catalog::region) {
        let plan = match surface.plan {
            catalog::Plan::CodingPlan => "Coding Plan",
            catalog::Plan::TokenPlan => "Token Plan",
            _ => "pay-as-you-go",
        };
        warnings.push(RouteWarning {
            code: "key-region",
            text: format!(
                "Use a {plan} key ({}) created in {}: keys are bound to one region and plan, and a mismatch answers 401 `Incorrect API key provided`.",
                surface.key_prefix.map(|p| format!("{p}…")).unwrap_or_default(),
                r.name
            ),
        });
    }
    if let Some(first) = req.plan.filter(|_| surface.family == SurfaceFamily::Dashscope) {
        if matches!(first, catalog::Plan::CodingPlan | catalog::Plan::TokenPlan) {
            warnings.push(RouteWarning {
                code: "different-key",
                text: format!(
                    "This route left your {} for pay-as-you-go: it needs a pay-as-you-go key (sk-…), not your sk-sp- key.",
                    first.as_str()
                ),
            });
        }
    }
    if surface.family == SurfaceFamily::CodingPlan && (needs.images || needs.video) {
        warnings.push(RouteWarning {
            code: "unconfirmed",
            text: "openclaw registers image and video understanding on the Standard endpoints only; image input on Coding Plan hosts is not confirmed.".into(),
        });
    }
    for f in model.unconfirmed {
        let text = match *f {
            "id" => format!(
                "The id {} is not confirmed by the sources: copy the live id from GET /models.",
                model.id
            ),
            "thinking" if model.thinking.is_hybrid() => format!(
                "{}'s thinking default is not confirmed: the route sets thinking explicitly.",
                model.id
            ),
            "coding_plan" if surface.family == SurfaceFamily::CodingPlan => {
                format!("Whether {} is on every Coding Plan tier is not confirmed.", model.id)
            }
            "json_schema" if needs_json => format!(
                "json_schema support on {} is not confirmed: validate the answer.",
                model.id
            ),
            "context" | "max_input" if req.min_context.is_some() => {
                format!("{}'s context size is not confirmed by the sources.", model.id)
            }
            _ => continue,
        };
        warnings.push(RouteWarning { code: "unconfirmed", text });
    }
    if surface.family == SurfaceFamily::CodingPlan
        && req.coding_tier.is_none()
        && !model.coding_plan.contains(&CodingTier::Lite)
    {
        warnings.push(RouteWarning {
            code: "plan-tier",
            text: format!(
                "{} works on the Coding Plan Pro tier, not on Lite (`model … is not supported`).",
                model.id
            ),
        });
    }
    if surface.family == SurfaceFamily::Ollama {
        let need = req.min_context.unwrap_or(0);
        warnings.push(RouteWarning {
            code: "ollama-context",
            text: match model.context {
                Some(c) if need > c => format!("Ollama's default context can be as small as {c} tokens (it depends on the Ollama version and the GPU's memory); you need {need}: set OLLAMA_CONTEXT_LENGTH or a Modelfile num_ctx."),
                Some(c) => format!("Ollama's default context can be as small as {c} tokens (it depends on the Ollama version and the GPU's memory); raise OLLAMA_CONTEXT_LENGTH for long inputs."),
                None => "Ollama's default context depends on its version and the GPU's memory; raise OLLAMA_CONTEXT_LENGTH for long inputs.".into(),
            },
        });
    }
    if surface.family.accepts_any_model_id() {
        warnings.push(RouteWarning {
            code: "model-name",
            text: format!(
                "{} is the Hugging Face id; send the model_name your {} configuration uses.",
                model.id, surface.name
            ),
        });
    }
    // The start-up flags a self-hosted server needs for this model (catalog: the model's formats,
    // the surface's flag for each).
    let reasoning_flag = (model.thinking != ThinkingClass::None)
        .then_some(model.reasoning_format)
        .flatten()
        .and_then(|f| surface.reasoning_parser_flag(f));
    let tool_flag = needs
        .tools
        .then_some(model.tool_format)
        .flatten()
        .and_then(|f| surface.tool_parser_flag(f));
    let mut flags: Vec<&str> = reasoning_flag.into_iter().chain(tool_flag).collect();
    flags.dedup();
    if !flags.is_empty() {
        let what = match (reasoning_flag.is_some(), tool_flag.is_some()) {
            (true, true) => "<think> blocks and tool calls land",
            (true, false) => "<think> blocks land",
            _ => "tool calls land",
        };
        warnings.push(RouteWarning {
            code: "server-flags",
            text: format!(
                "Start the server with {}; without them {what} in the answer text.",
                flags.join(" ")
            ),
        });
    }
    if surface.cors == CorsPolicy::Refused {
        warnings.push(RouteWarning {
            code: "browser-cors",
            text: format!("{} does not answer browser CORS preflight: call it from a server, or through `qwen-route relay` from a web page.", surface.id),
        });
    }
}

fn fallbacks(
    req: &RouteRequest,
    profile: &WorkloadProfile,
    surface: &'static Surface,
    model: &'static Model,
    qualified: &[&'static Model],
    needs: &Needs,
) -> Vec<Fallback> {
    let mut out = Vec::new();
    for m in qualified.iter().filter(|m| m.id != model.id).take(2) {
        out.push(Fallback {
            surface: surface.id,
            model: m.id,
            why: format!("if {} is not live for your key, or answers poorly", model.id),
        });
    }
    if surface.family == SurfaceFamily::CodingPlan {
        let region = surface.region.unwrap_or("intl");
        if let Some(p) = catalog::surface_in(SurfaceFamily::Dashscope, region) {
            if catalog::model_on(model.id, SurfaceFamily::Dashscope).is_some() {
                out.push(Fallback {
                    surface: p.id,
                    model: model.id,
                    why: "if your Coding Plan tier lacks it (`model … is not supported`); needs a pay-as-you-go key".into(),
                });
            }
        }
    }
    let qualifies = |m: &Model, s: &Surface| {
        (!needs.images || m.accepts(catalog::Modality::Image))
            && (!needs.video || m.accepts(catalog::Modality::Video))
            && (!needs.tools || m.tools)
            && (!needs.json_schema || m.json_schema)
            && !(s.family == SurfaceFamily::Ollama && needs.video)
    };
    if is_self_hosted(surface) {
        if req.scope != crate::settings::Scope::SelfHosted {
            if let Some(h) = catalog::surface("dashscope-intl") {
                if let Some(m) = lane(profile, h)
                    .iter()
                    .filter_map(|id| catalog::model_on(id, h.family))
                    .find(|m| qualifies(m, h))
                {
                    out.push(Fallback {
                        surface: h.id,
                        model: m.id,
                        why: "hosted: fastest to first success and managed multimodal access, if data may leave your machine".into(),
                    });
                }
            }
        }
    } else {
        for id in ["vllm", "ollama"] {
            let Some(s) = catalog::surface(id) else { continue };
            let same = model.weights.and_then(|w| {
                catalog::models().iter().find(|m| m.weights == Some(w) && m.served_on(s.family))
            });
            let pick = same.filter(|m| qualifies(m, s)).or_else(|| {
                lane(profile, s)
                    .iter()
                    .filter_map(|i| catalog::model_on(i, s.family))
                    .find(|m| qualifies(m, s))
            });
            if let Some(m) = pick {
                out.push(Fallback {
                    surface: s.id,
                    model: m.id,
                    why: "self-hosted: when privacy, local cost control or offline use outweigh running a server".into(),
                });
                break;
            }
        }
    }
    out
}

/// The verification step for a surface.
pub(super) fn verify(surface: &Surface, base_url: &str, model: &str) -> Verify {
    let auth = match surface.key {
        KeyRequirement::Ignored => String::new(),
        _ => format!(" -H \"Authorization: Bearer ${}\"", surface.env_var()),
    };
    match surface.models_path {
        Some(p) => {
            let url = format!("{base_url}{p}");
            Verify {
                method: "GET /models",
                command: format!("curl -sS {url}{auth}"),
                expect: format!(
                    "\"id\": \"{model}\" in .data[] — copy the id exactly (ids are case-sensitive)"
                ),
                url,
            }
        }
        None => {
            let url = format!("{base_url}{}", surface.chat_path);
            Verify {
                method: "probe",
                command: format!(
                    "curl -sS {url}{auth} -H \"Content-Type: application/json\" -d '{{\"model\":\"{model}\",\"messages\":[{{\"role\":\"user\",\"content\":\"ping\"}}],\"max_tokens\":1}}'"
                ),
                expect: format!("HTTP 200 with a choices array; `model `{model}` is not supported` means your plan lacks it ({} has no model-list API)", surface.id),
                url,
            }
        }
    }
}
