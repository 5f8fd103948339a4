//! `qwen-route route`

use qwen_route::catalog::{CodingTier, Plan};
use qwen_route::route::{route, RouteRequest};
use qwen_route::vocab::{Needs, Preference, Scope, ThinkingSetting};

use crate::{text, Failure};

/// Route a workload.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// fast-chat, deep-reasoning, coding-agent, deterministic-json, vision or video-understanding.
    #[arg(long)]
    workload: String,
    /// Use this surface.
    #[arg(long, conflicts_with_all = ["hosted", "self_hosted"])]
    surface: Option<String>,
    /// Only Alibaba-hosted surfaces.
    #[arg(long, conflicts_with = "self_hosted")]
    hosted: bool,
    /// Only your own servers.
    #[arg(long)]
    self_hosted: bool,
    /// Region: cn, intl, us, hk, eu (or beijing, singapore, virginia, …).
    #[arg(long)]
    region: Option<String>,
    /// Billing plan: payg, coding-plan, token-plan.
    #[arg(long)]
    plan: Option<String>,
    /// Coding Plan tier: lite or pro.
    #[arg(long)]
    tier: Option<String>,
    /// Comma list: images, video, tools, json-schema.
    #[arg(long)]
    needs: Option<String>,
    /// Minimum context window in tokens.
    #[arg(long)]
    min_context: Option<u32>,
    /// Thinking: off, low, medium, high or a token budget.
    #[arg(long)]
    thinking: Option<String>,
    /// smallest (default), speed or quality.
    #[arg(long)]
    prefer: Option<String>,
    /// Comma list of model ids from a live GET /models: route only to these.
    #[arg(long, value_delimiter = ',')]
    live_models: Option<Vec<String>>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn parse_plan(s: &str) -> Result<Plan, Failure> {
    s.parse().map_err(|e| Failure(format!("invalid plan: {e}")))
}

pub(crate) fn parse_tier(s: &str) -> Result<CodingTier, Failure> {
    s.parse().map_err(|e| Failure(format!("invalid tier: {e}")))
}

pub(crate) fn run(a: Args) -> Result<String, Failure> {
    let req = RouteRequest {
        workload: a.workload,
        surface: a.surface,
        scope: if a.hosted {
            Scope::Hosted
        } else if a.self_hosted {
            Scope::SelfHosted
        } else {
            Scope::Any
        },
        region: a.region,
        plan: a.plan.as_deref().map(parse_plan).transpose()?,
        coding_tier: a.tier.as_deref().map(parse_tier).transpose()?,
        needs: a.needs.as_deref().map(str::parse::<Needs>).transpose()?.unwrap_or_default(),
        min_context: a.min_context,
        thinking: a.thinking.as_deref().map(str::parse::<ThinkingSetting>).transpose()?,
        prefer: a.prefer.as_deref().map(str::parse::<Preference>).transpose()?.unwrap_or_default(),
        live_models: a.live_models,
    };
    let mut r = route(&req)?;
    qwen_route_i18n::Localize::localize(&mut r, super::lang());
    if a.json {
        return Ok(format!("{}\n", serde_json::to_string_pretty(&r)?));
    }
    Ok(text::route(&r))
}
