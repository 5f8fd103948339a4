//! Routing: workload + constraints → surface, model, parameters, the reasons, warnings,
//! ordered fallbacks, how to verify, and a two-pass plan where one prompt should not do both
//! reasoning and strict JSON.
//!
//! Candidates come from the routing matrix (`catalog/routing.toml`), ordered smallest first:
//! the default preference is the smallest model that can reliably do the job (the design brief).
//!
//! ```
//! use qwen_route::route::{route, RouteRequest};
//! let r = route(&RouteRequest::new("fast-chat")).unwrap();
//! assert_eq!(r.surface, "dashscope-intl");
//! assert_eq!(r.model, "qwen-flash");
//! assert!(r.reasons.iter().any(|x| x.rule == "scope.hosted-default"));
//! ```

mod candidates;
mod plan;
mod tradeoff;

use serde::{Deserialize, Serialize};

use crate::catalog::{self, CodingTier, Plan, Surface};
use crate::error::Error;
use crate::msg::Msg;
use crate::settings::{Needs, Preference, Scope, ThinkingSetting};

pub use plan::{PassPlan, TwoPass, Verify};
pub use tradeoff::{Side, Tradeoff, TradeoffRow};

/// What the job is and what it must satisfy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RouteRequest {
    /// Workload id: fast-chat, deep-reasoning, coding-agent, deterministic-json, vision, video-understanding.
    pub workload: String,
    /// A surface id the route must use.
    #[serde(default)]
    pub surface: Option<String>,
    /// Hosted, self-hosted or any (ignored when `surface` is set).
    #[serde(default)]
    pub scope: Scope,
    /// Region for hosted surfaces (cn, intl, us, hk, eu or an alias).
    #[serde(default)]
    pub region: Option<String>,
    /// Billing plan for hosted surfaces.
    #[serde(default)]
    pub plan: Option<Plan>,
    /// Coding Plan tier, when known.
    #[serde(default)]
    pub coding_tier: Option<CodingTier>,
    /// Capabilities the job needs.
    #[serde(default)]
    pub needs: Needs,
    /// Minimum context window in tokens.
    #[serde(default)]
    pub min_context: Option<u32>,
    /// Thinking level; defaults to the workload's.
    #[serde(default)]
    pub thinking: Option<ThinkingSetting>,
    /// What to optimise among qualifying candidates.
    #[serde(default)]
    pub prefer: Preference,
    /// Model ids from a live `GET /models`, to route only to what the server really has.
    #[serde(default)]
    pub live_models: Option<Vec<String>>,
}

impl RouteRequest {
    /// A request for a workload with no constraints.
    ///
    /// ```
    /// let r = qwen_route::route::RouteRequest::new("vision");
    /// assert_eq!(r.workload, "vision");
    /// ```
    pub fn new(workload: impl Into<String>) -> Self {
        RouteRequest { workload: workload.into(), ..Default::default() }
    }
}

/// Why a choice was made: the rule that fired and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Rule id, dotted (`needs.images`, `scope.hosted-default`, …).
    pub rule: &'static str,
    /// One sentence.
    pub text: Msg,
}

/// Something to check before relying on the route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteWarning {
    /// Stable code.
    pub code: &'static str,
    /// One sentence.
    pub text: Msg,
}

/// The next option if the route fails, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fallback {
    /// Surface id.
    pub surface: &'static str,
    /// Model id.
    pub model: &'static str,
    /// When to use it.
    pub why: Msg,
}

/// The parameters the route recommends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteParams {
    /// Thinking level.
    pub thinking: ThinkingSetting,
    /// Streaming.
    pub stream: bool,
    /// Temperature (`None`: leave the model's default).
    pub temperature: Option<f64>,
    /// top_p (`None`: leave the default).
    pub top_p: Option<f64>,
    /// `json_schema` or `json_object` for JSON workloads.
    pub response_format: Option<&'static str>,
}

/// A routing decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    /// Workload id.
    pub workload: &'static str,
    /// Surface id.
    pub surface: &'static str,
    /// Surface name.
    pub surface_name: &'static str,
    /// Base URL (placeholders the caller must fill stay as `{name}`).
    pub base_url: String,
    /// Model id to send.
    pub model: &'static str,
    /// Model name.
    pub model_name: &'static str,
    /// Recommended parameters.
    pub params: RouteParams,
    /// Environment variable for the key.
    pub env_var: &'static str,
    /// Why this route, rule by rule.
    pub reasons: Vec<Reason>,
    /// Things to check.
    pub warnings: Vec<RouteWarning>,
    /// What to try next, in order.
    pub fallbacks: Vec<Fallback>,
    /// How to verify the route before relying on it.
    pub verify: Verify,
    /// Reason first, then normalise to JSON in a second, deterministic pass.
    pub two_pass: Option<TwoPass>,
    /// Hosted versus self-hosted for this workload: both sides and the comparison aspects.
    pub tradeoff: Option<Tradeoff>,
    /// How old the surface and model facts behind this decision are, and which of them are
    /// unconfirmed or disputed.
    pub facts: catalog::FactsAge,
    /// The surface's Anthropic Messages endpoint, when it has one (Coding Plan, Token Plan
    /// and the pay-as-you-go hosts): what Claude Code and the Anthropic SDKs take.
    pub anthropic: Option<AnthropicRoute>,
    /// Catalog version the decision was made with.
    pub catalog_version: &'static str,
}

/// The Anthropic Messages side of a route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnthropicRoute {
    /// The base URL (`ANTHROPIC_BASE_URL`); clients append `/v1/messages`.
    pub base_url: String,
    /// The full request URL.
    pub messages_url: String,
    /// The key header to send (`Authorization: Bearer` where the endpoint takes it).
    pub auth_header: &'static str,
    /// Whether a source lists the route's model for this path.
    pub model_listed: bool,
    /// The `~/.claude/settings.json` block, the key as `YOUR_API_KEY`.
    pub claude_code: String,
    /// What a user of the endpoint should know.
    pub notes: Vec<String>,
    /// Where the endpoint facts came from.
    pub source: &'static str,
    /// When they were checked.
    pub checked: &'static str,
}

/// Decide a route.
///
/// ```
/// use qwen_route::route::{route, RouteRequest};
/// use qwen_route::vocab::Scope;
/// let mut req = RouteRequest::new("vision");
/// req.scope = Scope::SelfHosted;
/// req.surface = Some("ollama".into());
/// let r = route(&req).unwrap();
/// assert_eq!(r.model, "qwen3-vl:8b");
/// assert!(r.reasons.iter().any(|x| x.rule == "needs.images"));
/// ```
pub fn route(req: &RouteRequest) -> Result<Route, Error> {
    let mut r = decide(req)?;
    r.tradeoff = Some(tradeoff::compare(req, &r));
    Ok(r)
}

/// The decision alone (no comparison with the other side).
pub(crate) fn decide(req: &RouteRequest) -> Result<Route, Error> {
    let profile = catalog::workload(&req.workload)
        .ok_or_else(|| Error::UnknownWorkload { id: req.workload.clone() })?;
    let region = match &req.region {
        Some(r) => Some(catalog::region(r).ok_or_else(|| Error::UnknownRegion { id: r.clone() })?),
        None => None,
    };
    let mut reasons = Vec::new();
    let mut warnings = Vec::new();
    reasons.push(Reason {
        rule: "workload",
        text: crate::msg!(
            "route.reason.workload",
            "{name}: {summary}",
            name = profile.name,
            summary = profile.summary
        )
        .with_part("name", profile.name_text())
        .with_part("summary", profile.summary_text()),
    });

    let surfaces = candidates::surfaces(req, region, &mut reasons, &mut warnings)?;
    let needs = candidates::effective_needs(req, profile);
    let thinking = req.thinking.unwrap_or(profile.thinking);

    let mut skipped_everywhere = Vec::new();
    for (i, surface) in surfaces.iter().enumerate() {
        let picked = candidates::pick(req, profile, surface, &needs, thinking);
        match picked {
            candidates::Picked::Chosen { model, qualified, skipped } => {
                if i > 0 {
                    reasons.push(Reason {
                        rule: "lane.fallthrough",
                        text: crate::msg!(
                            "route.reason.lane.fallthrough",
                            "{surface} was passed over: {why}.",
                            surface = surfaces[i - 1].id,
                            why = skipped_everywhere.join("; ")
                        ),
                    });
                }
                return Ok(plan::build(
                    req, profile, surface, model, &qualified, &skipped, &needs, thinking, reasons,
                    warnings,
                ));
            }
            candidates::Picked::None { why } => skipped_everywhere.push(why),
        }
    }
    Err(Error::NoRoute { reason: skipped_everywhere.join("; ") })
}

/// The lane (routing-matrix column) a surface draws candidates from.
pub(crate) fn lane(
    profile: &catalog::WorkloadProfile,
    surface: &Surface,
) -> &'static [&'static str] {
    use catalog::SurfaceFamily as F;
    match surface.family {
        F::Dashscope | F::Workspace | F::QwenPortal => profile.payg,
        F::CodingPlan => profile.coding_plan,
        F::TokenPlan => profile.token_plan,
        F::Ollama => profile.ollama,
        F::Vllm | F::Sglang | F::LlamaCpp | F::Litellm | F::OpenaiCompatible => profile.self_hosted,
    }
}
