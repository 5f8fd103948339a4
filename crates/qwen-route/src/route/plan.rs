//! Turning a chosen (surface, model) into a full route: parameters, warnings, fallbacks,
//! verification and the two-pass plan.

use serde::Serialize;

use crate::catalog::{
    self, CodingTier, CorsPolicy, Dialect, KeyRequirement, Model, Surface, SurfaceFamily,
    ThinkingClass, WorkloadProfile,
};
use crate::msg::Msg;
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
    pub expect: Msg,
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
    pub role: Msg,
}

/// Reason first, then normalise to strict JSON with a deterministic pass (the design brief: "add a
/// second deterministic normalization pass instead of forcing one prompt to do both").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TwoPass {
    /// Why two passes.
    pub reason: Msg,
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
    for (_, skip) in skipped {
        reasons.push(Reason { rule: skip.rule, text: skip.reason.clone() });
    }
    reasons.push(Reason {
        rule: match req.prefer {
            Preference::Quality => "prefer.quality",
            Preference::Speed => "prefer.speed",
            Preference::Smallest => "prefer.smallest",
        },
        // Speed and smallest both pick the smallest candidate: one sentence.
        text: match req.prefer {
            Preference::Quality => crate::msg!(
                "route.reason.prefer.quality",
                "{model} ({name}) is the largest qualifying candidate on {surface}.",
                model = model.id,
                name = model.name,
                surface = surface.id
            ),
            _ => crate::msg!(
                "route.reason.prefer.smallest",
                "{model} ({name}) is the smallest candidate that can reliably do the job on {surface}.",
                model = model.id,
                name = model.name,
                surface = surface.id
            ),
        },
    });
    let id = model.id;
    for (flag, rule, text) in [
        (
            needs.images,
            "needs.images",
            crate::msg!("route.reason.needs.images", "{model} takes image input.", model = id),
        ),
        (
            needs.video,
            "needs.video",
            crate::msg!("route.reason.needs.video", "{model} takes video input.", model = id),
        ),
        (
            needs.tools,
            "needs.tools",
            crate::msg!(
                "route.reason.needs.tools",
                "{model} supports function calling.",
                model = id
            ),
        ),
        (
            needs.json_schema,
            "needs.json-schema",
            crate::msg!(
                "route.reason.needs.json-schema",
                "{model} accepts response_format json_schema.",
                model = id
            ),
        ),
    ] {
        if flag {
            reasons.push(Reason { rule, text });
        }
    }
    if let Some(live) = &req.live_models {
        reasons.push(Reason {
            rule: "live.models",
            text: crate::msg!(
                "route.reason.live.models",
                "{model} is in the live /models list ({count} ids).",
                model = model.id,
                count = live.len()
            ),
        });
    }

    // Thinking.
    let mut thinking = requested_thinking;
    match model.thinking {
        ThinkingClass::None if thinking.is_on() => {
            thinking = ThinkingSetting::Off;
            reasons.push(Reason {
                rule: "thinking.none",
                text: crate::msg!(
                    "route.reason.thinking.none",
                    "{model} has no thinking mode.",
                    model = model.id
                ),
            });
        }
        ThinkingClass::Only if !thinking.is_on() => {
            thinking = ThinkingSetting::Medium;
            warnings.push(RouteWarning {
                code: "thinking-always-on",
                text: crate::msg!(
                    "route.warning.thinking-always-on",
                    "{model} always thinks; expect reasoning tokens.",
                    model = model.id
                ),
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
            text: crate::msg!(
                "route.reason.prefer.speed.thinking-lowered",
                "Thinking lowered to low for latency."
            ),
        });
    }
    if thinking.is_on() {
        reasons.push(Reason {
            rule: "thinking.level",
            text: match thinking.budget() {
                Some(b) if surface.dialect == Dialect::Dashscope => crate::msg!(
                    "route.reason.thinking.level.budget",
                    "Thinking {thinking} (thinking_budget {budget}).",
                    thinking = thinking,
                    budget = b
                ),
                _ => crate::msg!(
                    "route.reason.thinking.level",
                    "Thinking {thinking}.",
                    thinking = thinking
                ),
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
                crate::msg!(
                    "route.reason.stream.required.streaming-only",
                    "{model} is streaming-only.",
                    model = model.id
                )
            } else {
                crate::msg!(
                    "route.reason.stream.required.thinking",
                    "Streaming: DashScope refuses thinking on non-streaming calls."
                )
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
            text: crate::msg!(
                "route.warning.json-object-only",
                "{model} takes json_object, not json_schema: put the schema in the prompt, say \"JSON\", and validate the answer.",
                model = model.id
            ),
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
        reason: if surface.dialect == Dialect::Dashscope {
            crate::msg!(
                "route.two-pass.reason.dashscope",
                "{workload} output must be strict JSON, but thinking is on: DashScope refuses JSON mode with thinking, and one prompt asked to reason freely and emit strict JSON breaks parsing. Reason first, then normalise.",
                workload = profile.name
            ).with_part("workload", profile.name_text())
        } else {
            crate::msg!(
                "route.two-pass.reason",
                "{workload} output must be strict JSON, but thinking is on: one prompt asked to reason freely and emit strict JSON breaks parsing. Reason first, then normalise.",
                workload = profile.name
            ).with_part("workload", profile.name_text())
        },
        first: PassPlan {
            model: model.id,
            thinking,
            stream: true,
            temperature: Some(0.6),
            response_format: None,
            role: crate::msg!(
                "route.two-pass.first.role",
                "reason freely and write the conclusion in prose"
            ),
        },
        second: PassPlan {
            model: normaliser.id,
            thinking: ThinkingSetting::Off,
            stream: false,
            temperature: Some(0.0),
            response_format: Some(if normaliser.json_schema { "json_schema" } else { "json_object" }),
            role: crate::msg!(
                "route.two-pass.second.role",
                "turn the first pass's conclusion into JSON that matches the schema, then validate it"
            ),
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
        let prefix = surface.key_prefix.map(|p| format!("{p}…")).unwrap_or_default();
        let text = match surface.plan {
            catalog::Plan::CodingPlan => crate::msg!(
                "route.warning.key-region.coding-plan",
                "Use a Coding Plan key ({prefix}) created in {region}: keys are bound to one region and plan, and a mismatch answers 401 `Incorrect API key provided`.",
                prefix = prefix,
                region = r.name
            ).with_part("region", r.name_text()),
            catalog::Plan::TokenPlan => crate::msg!(
                "route.warning.key-region.token-plan",
                "Use a Token Plan key ({prefix}) created in {region}: keys are bound to one region and plan, and a mismatch answers 401 `Incorrect API key provided`.",
                prefix = prefix,
                region = r.name
            ).with_part("region", r.name_text()),
            _ => crate::msg!(
                "route.warning.key-region.payg",
                "Use a pay-as-you-go key ({prefix}) created in {region}: keys are bound to one region and plan, and a mismatch answers 401 `Incorrect API key provided`.",
                prefix = prefix,
                region = r.name
            ).with_part("region", r.name_text()),
        };
        warnings.push(RouteWarning { code: "key-region", text });
    }
    if let Some(first) = req.plan.filter(|_| surface.family == SurfaceFamily::Dashscope) {
        if matches!(first, catalog::Plan::CodingPlan | catalog::Plan::TokenPlan) {
            warnings.push(RouteWarning {
                code: "different-key",
                text: crate::msg!(
                    "route.warning.different-key",
                    "This route left your {plan} for pay-as-you-go: it needs a pay-as-you-go key (sk-…), not your sk-sp- key.",
                    plan = first.as_str()
                ),
            });
        }
    }
    if surface.family == SurfaceFamily::CodingPlan && (needs.images || needs.video) {
        warnings.push(RouteWarning {
            code: "unconfirmed",
            text: crate::msg!(
                "route.warning.unconfirmed.coding-plan-media",
                "openclaw registers image and video understanding on the Standard endpoints only; image input on Coding Plan hosts is not confirmed."
            ),
        });
    }
    for f in model.unconfirmed {
        let text = match *f {
            "id" => crate::msg!(
                "route.warning.unconfirmed.id",
                "The id {model} is not confirmed by the sources: copy the live id from GET /models.",
                model = model.id
            ),
            "thinking" if model.thinking.is_hybrid() => crate::msg!(
                "route.warning.unconfirmed.thinking",
                "{model}'s thinking default is not confirmed: the route sets thinking explicitly.",
                model = model.id
            ),
            "coding_plan" if surface.family == SurfaceFamily::CodingPlan => crate::msg!(
                "route.warning.unconfirmed.coding-plan-tier",
                "Whether {model} is on every Coding Plan tier is not confirmed.",
                model = model.id
            ),
            "json_schema" if needs_json => crate::msg!(
                "route.warning.unconfirmed.json-schema",
                "json_schema support on {model} is not confirmed: validate the answer.",
                model = model.id
            ),
            "context" | "max_input" if req.min_context.is_some() => crate::msg!(
                "route.warning.unconfirmed.context",
                "{model}'s context size is not confirmed by the sources.",
                model = model.id
            ),
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
            text: crate::msg!(
                "route.warning.plan-tier",
                "{model} works on the Coding Plan Pro tier, not on Lite (`model … is not supported`).",
                model = model.id
            ),
        });
    }
    if surface.family == SurfaceFamily::Ollama {
        let need = req.min_context.unwrap_or(0);
        warnings.push(RouteWarning {
            code: "ollama-context",
            text: match model.context {
                Some(c) if need > c => crate::msg!(
                    "route.warning.ollama-context.too-small",
                    "Ollama's default context can be as small as {context} tokens (it depends on the Ollama version and the GPU's memory); you need {need}: set OLLAMA_CONTEXT_LENGTH or a Modelfile num_ctx.",
                    context = c,
                    need = need
                ),
                Some(c) => crate::msg!(
                    "route.warning.ollama-context.long-inputs",
                    "Ollama's default context can be as small as {context} tokens (it depends on the Ollama version and the GPU's memory); raise OLLAMA_CONTEXT_LENGTH for long inputs.",
                    context = c
                ),
                None => crate::msg!(
                    "route.warning.ollama-context.unknown",
                    "Ollama's default context depends on its version and the GPU's memory; raise OLLAMA_CONTEXT_LENGTH for long inputs."
                ),
            },
        });
    }
    if surface.family.accepts_any_model_id() {
        warnings.push(RouteWarning {
            code: "model-name",
            text: crate::msg!(
                "route.warning.model-name",
                "{model} is the Hugging Face id; send the model_name your {server} configuration uses.",
                model = model.id,
                server = surface.name
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
        let flags = flags.join(" ");
        let text = match (reasoning_flag.is_some(), tool_flag.is_some()) {
            (true, true) => crate::msg!(
                "route.warning.server-flags.reasoning-and-tools",
                "Start the server with {flags}; without them <think> blocks and tool calls land in the answer text.",
                flags = flags
            ),
            (true, false) => crate::msg!(
                "route.warning.server-flags.reasoning",
                "Start the server with {flags}; without them <think> blocks land in the answer text.",
                flags = flags
            ),
            _ => crate::msg!(
                "route.warning.server-flags.tools",
                "Start the server with {flags}; without them tool calls land in the answer text.",
                flags = flags
            ),
        };
        warnings.push(RouteWarning { code: "server-flags", text });
    }
    if surface.cors == CorsPolicy::Refused {
        warnings.push(RouteWarning {
            code: "browser-cors",
            text: crate::msg!(
                "route.warning.browser-cors",
                "{surface} does not answer browser CORS preflight: call it from a server, or through `qwen-route relay` from a web page.",
                surface = surface.id
            ),
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
            why: crate::msg!(
                "route.fallback.other-candidate",
                "if {model} is not live for your key, or answers poorly",
                model = model.id
            ),
        });
    }
    if surface.family == SurfaceFamily::CodingPlan {
        let region = surface.region.unwrap_or("intl");
        if let Some(p) = catalog::surface_in(SurfaceFamily::Dashscope, region) {
            if catalog::model_on(model.id, SurfaceFamily::Dashscope).is_some() {
                out.push(Fallback {
                    surface: p.id,
                    model: model.id,
                    why: crate::msg!(
                        "route.fallback.coding-plan-payg",
                        "if your Coding Plan tier lacks it (`model … is not supported`); needs a pay-as-you-go key"
                    ),
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
                        why: crate::msg!(
                            "route.fallback.hosted",
                            "hosted: fastest to first success and managed multimodal access, if data may leave your machine"
                        ),
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
                    why: crate::msg!(
                        "route.fallback.self-hosted",
                        "self-hosted: when privacy, local cost control or offline use outweigh running a server"
                    ),
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
                expect: crate::msg!(
                    "route.verify.expect.models",
                    "\"id\": \"{model}\" in .data[] — copy the id exactly (ids are case-sensitive)",
                    model = model
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
                expect: crate::msg!(
                    "route.verify.expect.probe",
                    "HTTP 200 with a choices array; `model `{model}` is not supported` means your plan lacks it ({surface} has no model-list API)",
                    model = model,
                    surface = surface.id
                ),
                url,
            }
        }
    }
}
