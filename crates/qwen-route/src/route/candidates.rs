//! Which surfaces to try, and which model of a surface's lane qualifies.

use crate::catalog::{
    self, Hosting, Modality, Model, Plan, Region, Surface, SurfaceFamily, ThinkingClass,
    WorkloadProfile,
};
use crate::error::Error;
use crate::msg::Msg;
use crate::settings::{Needs, Preference, Scope, ThinkingSetting};

use super::{lane, Reason, RouteRequest, RouteWarning};

/// The pay-as-you-go surface of a region (Frankfurt only has workspace hosts).
fn payg_surface(region: &str) -> Option<&'static Surface> {
    catalog::surface_in(SurfaceFamily::Dashscope, region).or_else(|| {
        if region == "eu" {
            catalog::surface("dashscope-workspace")
        } else {
            None
        }
    })
}

/// The surfaces to try, in order, with the reasons for the order.
pub(super) fn surfaces(
    req: &RouteRequest,
    region: Option<&'static Region>,
    reasons: &mut Vec<Reason>,
    warnings: &mut Vec<RouteWarning>,
) -> Result<Vec<&'static Surface>, Error> {
    let region_id = region.map_or("intl", |r| r.id);
    let region_reason = |reasons: &mut Vec<Reason>| {
        match region {
        Some(r) => reasons.push(Reason {
            rule: "region.given",
            text: crate::msg!(
                "route.reason.region.given",
                "Region {region} ({name}).",
                region = r.id,
                name = r.name
            ).with_part("name", r.name_text()),
        }),
        None => reasons.push(Reason {
            rule: "region.default-intl",
            text: crate::msg!(
                "route.reason.region.default-intl",
                "No region given: Singapore (International), the region most Qwen models launch in first."
            ),
        }),
    }
    };
    let payg = |reasons: &mut Vec<Reason>| -> Result<&'static Surface, Error> {
        region_reason(reasons);
        payg_surface(region_id).ok_or_else(|| Error::NoRoute {
            reason: format!("no pay-as-you-go host in region {region_id}"),
        })
    };

    if let Some(id) = &req.surface {
        let s = catalog::surface(id).ok_or_else(|| Error::UnknownSurface {
            id: id.clone(),
            suggestion: catalog::suggest(id, catalog::surfaces().iter().map(|s| s.id))
                .map(str::to_string),
        })?;
        if s.is_removed() {
            let mut text = crate::msg!(
                "route.reason.surface.removed",
                "{name} is gone: {advice}",
                name = s.name,
                advice = s.advice.unwrap_or("")
            )
            .with_part("name", s.name_text());
            if let Some(advice) = s.advice_text() {
                text = text.with_part("advice", advice);
            }
            reasons.push(Reason { rule: "surface.removed", text });
            warnings.push(RouteWarning {
                code: "surface-removed",
                text: crate::msg!(
                    "route.warning.surface-removed",
                    "{surface} no longer answers; this route uses its replacement and needs a new API key.",
                    surface = s.id
                ),
            });
            return Ok(vec![payg(reasons)?]);
        }
        reasons.push(Reason {
            rule: "surface.explicit",
            text: crate::msg!(
                "route.reason.surface.explicit",
                "Surface {surface} was asked for ({name}).",
                surface = s.id,
                name = s.name
            )
            .with_part("name", s.name_text()),
        });
        if let (Some(r), Some(sr)) = (region, s.region) {
            if r.id != sr {
                warnings.push(RouteWarning {
                    code: "region-conflict",
                    text: crate::msg!(
                        "route.warning.region-conflict",
                        "{surface} is in region {surface_region}, not {region}; the surface wins, and its key must come from {surface_region}.",
                        surface = s.id,
                        surface_region = sr,
                        region = r.id
                    ),
                });
            }
        }
        return Ok(vec![s]);
    }

    let plan_family = match req.plan {
        Some(Plan::CodingPlan) => {
            Some((SurfaceFamily::CodingPlan, "plan.coding-plan", "Coding Plan"))
        }
        Some(Plan::TokenPlan) => Some((SurfaceFamily::TokenPlan, "plan.token-plan", "Token Plan")),
        Some(Plan::OauthFree) => {
            reasons.push(Reason {
                rule: "surface.removed",
                text: crate::msg!(
                    "route.reason.surface.removed.oauth-free",
                    "The Qwen OAuth free tier was discontinued on 2026-04-15; routing to pay-as-you-go."
                ),
            });
            return Ok(vec![payg(reasons)?]);
        }
        _ => None,
    };
    if let Some((family, rule, name)) = plan_family {
        region_reason(reasons);
        let s = catalog::surface_in(family, region_id).ok_or_else(|| Error::NoRoute {
            reason: format!(
                "the {name} has hosts in China (cn) and International (intl) only, not {region_id}"
            ),
        })?;
        let text = match family {
            SurfaceFamily::CodingPlan => crate::msg!(
                "route.reason.plan.coding-plan",
                "Coding Plan subscription: {surface} ({base_url}).",
                surface = s.id,
                base_url = s.base_url
            ),
            _ => crate::msg!(
                "route.reason.plan.token-plan",
                "Token Plan subscription: {surface} ({base_url}).",
                surface = s.id,
                base_url = s.base_url
            ),
        };
        reasons.push(Reason { rule, text });
        let mut out = vec![s];
        if let Some(p) = payg_surface(region_id) {
            out.push(p);
        }
        return Ok(out);
    }

    let scope = if req.plan == Some(Plan::SelfHosted) { Scope::SelfHosted } else { req.scope };
    match scope {
        Scope::SelfHosted => {
            reasons.push(Reason {
                rule: "scope.self-hosted-default",
                text: crate::msg!(
                    "route.reason.scope.self-hosted-default",
                    "Self-hosted: vLLM first (reasoning and tool parsers, JSON schema, OpenAI API), Ollama next (easiest on a laptop)."
                ),
            });
            Ok(self_hosted())
        }
        Scope::Hosted => {
            let s = payg(reasons)?;
            reasons.push(Reason {
                rule: "scope.hosted",
                text: crate::msg!(
                    "route.reason.scope.hosted",
                    "Hosted pay-as-you-go: {surface}.",
                    surface = s.id
                ),
            });
            Ok(vec![s])
        }
        Scope::Any => {
            let s = payg(reasons)?;
            reasons.push(Reason {
                rule: "scope.hosted-default",
                text: crate::msg!(
                    "route.reason.scope.hosted-default",
                    "Hosted first ({surface}): it usually wins on speed to first success and managed multimodal access; self-hosted is the fallback.",
                    surface = s.id
                ),
            });
            let mut out = vec![s];
            out.extend(self_hosted());
            Ok(out)
        }
    }
}

fn self_hosted() -> Vec<&'static Surface> {
    ["vllm", "ollama"].iter().filter_map(|id| catalog::surface(id)).collect()
}

/// The capabilities the route must satisfy: what was asked plus what the workload implies.
pub(super) fn effective_needs(req: &RouteRequest, profile: &WorkloadProfile) -> Needs {
    Needs {
        images: req.needs.images || profile.needs_images,
        video: req.needs.video || profile.needs_video,
        tools: req.needs.tools || profile.needs_tools,
        json_schema: req.needs.json_schema,
    }
}

/// The outcome of scanning one surface's lane.
pub(super) enum Picked {
    /// A model qualified.
    Chosen {
        model: &'static Model,
        qualified: Vec<&'static Model>,
        skipped: Vec<(&'static str, Skip)>,
    },
    /// None did, and why (one clause).
    None { why: String },
}

fn model_for(id: &str, surface: &Surface) -> Option<&'static Model> {
    catalog::model_on(id, surface.family).or_else(|| {
        // Pay-as-you-go lanes list DashScope ids; the workspace family serves the same ids.
        if surface.family == SurfaceFamily::Workspace {
            catalog::model_on(id, SurfaceFamily::Dashscope)
        } else {
            None
        }
    })
}

/// Why a candidate was skipped: the rule (a stable id for the reason), the words (a clause, for
/// the list of candidates a surface passed over) and the reason sentence (`{model} skipped: …`,
/// the same clause).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Skip {
    pub rule: &'static str,
    pub why: String,
    pub reason: Msg,
}

fn skip(rule: &'static str, why: impl Into<String>, reason: Msg) -> Option<Skip> {
    Some(Skip { rule, why: why.into(), reason })
}

/// Why `m` cannot do the job on `surface`, if it cannot.
fn disqualify(
    req: &RouteRequest,
    m: &Model,
    surface: &Surface,
    needs: &Needs,
    thinking: ThinkingSetting,
) -> Option<Skip> {
    let model = m.id;
    if needs.images && !m.accepts(Modality::Image) {
        return skip(
            "needs.images",
            "no image input",
            crate::msg!(
                "route.reason.needs.images.skipped",
                "{model} skipped: no image input.",
                model = model
            ),
        );
    }
    if needs.video && !m.accepts(Modality::Video) {
        return skip(
            "needs.video",
            "no video input",
            crate::msg!(
                "route.reason.needs.video.skipped",
                "{model} skipped: no video input.",
                model = model
            ),
        );
    }
    if needs.video && surface.family == SurfaceFamily::Ollama {
        return skip(
            "needs.video",
            "Ollama's /v1 has no video input",
            crate::msg!(
                "route.reason.needs.video.skipped.ollama",
                "{model} skipped: Ollama's /v1 has no video input.",
                model = model
            ),
        );
    }
    if needs.tools && !m.tools {
        return skip(
            "needs.tools",
            "no function calling",
            crate::msg!(
                "route.reason.needs.tools.skipped",
                "{model} skipped: no function calling.",
                model = model
            ),
        );
    }
    if needs.json_schema && !m.json_schema {
        return skip(
            "needs.json-schema",
            "no json_schema response format",
            crate::msg!(
                "route.reason.needs.json-schema.skipped",
                "{model} skipped: no json_schema response format.",
                model = model
            ),
        );
    }
    if let Some(min) = req.min_context {
        if surface.family != SurfaceFamily::Ollama {
            match m.context.or(m.max_input) {
                Some(c) if c >= min => {}
                Some(c) => {
                    return skip(
                        "needs.min-context",
                        format!("context {c} < {min}"),
                        crate::msg!(
                            "route.reason.needs.min-context.skipped",
                            "{model} skipped: context {context} < {min}.",
                            model = model,
                            context = c,
                            min = min
                        ),
                    )
                }
                None => {
                    return skip(
                        "needs.min-context",
                        "context not known",
                        crate::msg!(
                            "route.reason.needs.min-context.skipped.unknown",
                            "{model} skipped: context not known.",
                            model = model
                        ),
                    )
                }
            }
        }
    }
    if let Some(r) = surface.region {
        if !m.offered_in(surface.family, r) {
            return skip(
                "region.model",
                format!("not offered in {r}"),
                crate::msg!(
                    "route.reason.region.model.skipped",
                    "{model} skipped: not offered in {region}.",
                    model = model,
                    region = r
                ),
            );
        }
    }
    if surface.family == SurfaceFamily::CodingPlan {
        if let Some(t) = req.coding_tier {
            if !m.coding_plan.contains(&t) {
                return skip(
                    "plan.tier",
                    format!("not on the {} tier", t.as_str()),
                    crate::msg!(
                        "route.reason.plan.tier.skipped",
                        "{model} skipped: not on the {tier} tier.",
                        model = model,
                        tier = t.as_str()
                    ),
                );
            }
        }
    }
    if thinking.is_on() && m.thinking == ThinkingClass::None {
        return skip(
            "thinking.class",
            "cannot think",
            crate::msg!(
                "route.reason.thinking.class.skipped.cannot-think",
                "{model} skipped: cannot think.",
                model = model
            ),
        );
    }
    if req.thinking == Some(ThinkingSetting::Off) && m.thinking == ThinkingClass::Only {
        return skip(
            "thinking.class",
            "always thinks",
            crate::msg!(
                "route.reason.thinking.class.skipped.always-thinks",
                "{model} skipped: always thinks.",
                model = model
            ),
        );
    }
    if let Some(live) = &req.live_models {
        if !live.iter().any(|id| id == m.id) {
            return skip(
                "live.missing",
                "not in the live /models list",
                crate::msg!(
                    "route.reason.live.missing.skipped",
                    "{model} skipped: not in the live /models list.",
                    model = model
                ),
            );
        }
    }
    None
}

/// Scan one surface's lane.
pub(super) fn pick(
    req: &RouteRequest,
    profile: &WorkloadProfile,
    surface: &'static Surface,
    needs: &Needs,
    thinking: ThinkingSetting,
) -> Picked {
    let ids = lane(profile, surface);
    if ids.is_empty() {
        let why = match surface.family {
            SurfaceFamily::CodingPlan => "Coding Plan endpoints do not serve this workload (media understanding runs on the Standard endpoints)",
            SurfaceFamily::TokenPlan => "the Token Plan lists no model for this workload",
            SurfaceFamily::Ollama => "Ollama has no model for this workload",
            _ => "no model for this workload",
        };
        return Picked::None { why: format!("{}: {why}", surface.id) };
    }
    let mut qualified = Vec::new();
    let mut skipped = Vec::new();
    for id in ids {
        let Some(m) = model_for(id, surface) else { continue };
        match disqualify(req, m, surface, needs, thinking) {
            None => qualified.push(m),
            Some(why) => skipped.push((m.id, why)),
        }
    }
    if req.prefer == Preference::Quality {
        qualified.reverse();
    }
    match qualified.first() {
        Some(m) => Picked::Chosen { model: m, qualified: qualified.clone(), skipped },
        None => {
            let list: Vec<String> =
                skipped.iter().map(|(id, s)| format!("{id} ({})", s.why)).collect();
            Picked::None {
                why: format!("{}: no candidate qualifies — {}", surface.id, list.join(", ")),
            }
        }
    }
}

/// Whether the surface is run by the user.
pub(super) fn is_self_hosted(s: &Surface) -> bool {
    s.hosting == Hosting::SelfHosted
}
