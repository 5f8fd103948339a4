//! The catalog: surfaces, regions, models, aliases, workloads and upstream errors, each row
//! with its `source` and `checked` date.
//!
//! The data lives in `catalog/*.toml` and is compiled into static Rust by `build.rs`, so
//! lookups cost nothing at start-up and the wasm build carries no TOML parser.
//!
//! ```
//! use qwen_route::catalog;
//! let s = catalog::surface("dashscope-intl").unwrap();
//! assert_eq!(s.base_url, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1");
//! assert!(catalog::models().iter().all(|m| !m.source.is_empty() && !m.checked.is_empty()));
//! ```

mod error_ref;
mod pooled;
mod resolve;
mod spelling;
mod stale;
mod summary;
mod types;

pub use error_ref::{ErrorRef, PreventedError};
pub use pooled::{
    AliasSources, ModelNotes, ModelSources, Pool, Pooled, PrefixSources, PriceNotes, PriceSources,
    RegionSources, SurfaceNotes, SurfaceSources,
};
pub use resolve::{
    resolve_model, resolve_reference, suggest, ModelLookup, Reference, ResolvedModel, ResolvedVia,
};
pub use spelling::UnknownSpelling;
pub(crate) use stale::days_from_civil;
pub use stale::{stale_rows, CivilDate, StaleRow};
pub use summary::{
    facts_age, facts_of, render_summary, summary_line_model, summary_line_price,
    summary_line_surface, FactsAge,
};
pub use types::*;

mod data {
    #![allow(clippy::all)]
    use super::pooled::Pooled;
    use super::types::*;
    use crate::settings::ThinkingSetting;
    include!(concat!(env!("OUT_DIR"), "/catalog_data.rs"));
}

pub use data::CATALOG_VERSION;

/// Every recorded dispute (`catalog/disputes.toml`).
///
/// ```
/// let d = qwen_route::catalog::disputes();
/// assert!(d.iter().any(|d| d.row == "alias:qwen-portal/coder-model" && d.field == "target"));
/// ```
pub fn disputes() -> &'static [Dispute] {
    data::DISPUTES
}

/// The disputes about one row (`model:<id>`, `surface:<id>`, `alias:<alias>`, `error:<id>`).
///
/// ```
/// let d = qwen_route::catalog::disputes_of("model:qwen3.6-flash");
/// assert_eq!(d[0].field, "served_on");
/// ```
pub fn disputes_of(row: &str) -> Vec<&'static Dispute> {
    data::DISPUTES.iter().filter(|d| d.row == row).collect()
}

/// Every price row (`catalog/prices.toml`).
///
/// ```
/// assert!(qwen_route::catalog::prices().iter().all(|p| !p.tiers.is_empty()));
/// ```
pub fn prices() -> &'static [Price] {
    data::PRICES
}

/// The list price of a model in a region and plan, when one is sourced.
///
/// ```
/// use qwen_route::catalog::{self, Plan};
/// assert!(catalog::price("qwen3.7-max", "intl", Plan::Payg).is_some());
/// assert!(catalog::price("qwen3.7-max", "cn", Plan::Payg).is_none());
/// assert!(catalog::price("qwen3.7-max", "intl", Plan::CodingPlan).is_none());
/// ```
pub fn price(model: &str, region: &str, plan: Plan) -> Option<&'static Price> {
    data::PRICES.iter().find(|p| p.model == model && p.region == region && p.plan == plan)
}

/// The endpoint a server family reports its served context on, when it has one.
///
/// ```
/// use qwen_route::catalog::{self, SurfaceFamily};
/// assert_eq!(catalog::server_info(SurfaceFamily::LlamaCpp).unwrap().path, "/props");
/// assert!(catalog::server_info(SurfaceFamily::Vllm).is_none()); // /models carries max_model_len
/// ```
pub fn server_info(family: SurfaceFamily) -> Option<&'static ServerInfo> {
    data::SERVER_INFO.iter().find(|s| s.family == family)
}

/// The advice for a missing probed capability on a family, when there is one.
///
/// ```
/// use qwen_route::catalog::{self, SurfaceFamily};
/// let f = catalog::probe_fix("images", SurfaceFamily::LlamaCpp).unwrap();
/// assert!(f.fix.contains("--mmproj"));
/// ```
pub fn probe_fix(capability: &str, family: SurfaceFamily) -> Option<&'static ProbeFix> {
    probe_fixes().iter().find(|f| f.capability == capability && f.families.contains(&family))
}

/// Every probe fix (`catalog/probe.toml`).
pub fn probe_fixes() -> &'static [ProbeFix] {
    data::PROBE_FIXES
}

/// A surface's Anthropic Messages endpoint, when it has one.
///
/// ```
/// use qwen_route::catalog;
/// let e = catalog::anthropic_endpoint("coding-plan-intl").unwrap();
/// assert_eq!(e.base_url, "https://coding-intl.dashscope.aliyuncs.com/apps/anthropic");
/// assert!(catalog::anthropic_endpoint("vllm").is_none());
/// ```
pub fn anthropic_endpoint(surface: &str) -> Option<&'static AnthropicEndpoint> {
    data::ANTHROPIC_ENDPOINTS.iter().find(|e| e.surface == surface)
}

/// Every Anthropic Messages endpoint.
pub fn anthropic_endpoints() -> &'static [AnthropicEndpoint] {
    data::ANTHROPIC_ENDPOINTS
}

/// A sourced fact about the Anthropic dialect, by id (`catalog/anthropic.toml`; the build
/// fails when an id the code reads is missing).
///
/// ```
/// let f = qwen_route::catalog::anthropic_fact("unsupported-fields").unwrap();
/// assert!(f.values.contains(&"metadata"));
/// ```
pub fn anthropic_fact(id: &str) -> Option<&'static AnthropicFact> {
    anthropic_facts().iter().find(|f| f.id == id)
}

/// Every fact of the Anthropic dialect (`catalog/anthropic.toml`).
pub fn anthropic_facts() -> &'static [AnthropicFact] {
    data::ANTHROPIC_FACTS
}

/// Every region.
///
/// ```
/// assert!(qwen_route::catalog::regions().iter().any(|r| r.id == "us"));
/// ```
pub fn regions() -> &'static [Region] {
    data::REGIONS
}

/// A region by id, alias or cloud region id (case-insensitive).
///
/// ```
/// assert_eq!(qwen_route::catalog::region("Beijing").unwrap().id, "cn");
/// assert_eq!(qwen_route::catalog::region("cn-hongkong").unwrap().id, "hk");
/// assert!(qwen_route::catalog::region("mars").is_none());
/// ```
pub fn region(name: &str) -> Option<&'static Region> {
    let n = name.trim().to_ascii_lowercase();
    data::REGIONS
        .iter()
        .find(|r| r.id == n || r.cloud_region == n || r.aliases.iter().any(|a| *a == n))
}

/// Every surface, active and removed.
///
/// ```
/// assert!(qwen_route::catalog::surfaces().len() >= 16);
/// ```
pub fn surfaces() -> &'static [Surface] {
    data::SURFACES
}

/// A surface by id (exact).
///
/// ```
/// assert_eq!(qwen_route::catalog::surface("ollama").unwrap().base_url, "http://localhost:11434/v1");
/// assert!(qwen_route::catalog::surface("Ollama").is_none());
/// ```
pub fn surface(id: &str) -> Option<&'static Surface> {
    data::SURFACES.iter().find(|s| s.id == id)
}

/// Every model row. The same id may appear twice when two families serve it with different facts.
///
/// ```
/// assert!(qwen_route::catalog::models().len() >= 60);
/// ```
pub fn models() -> &'static [Model] {
    data::MODELS
}

/// The first model row with this exact id.
///
/// ```
/// assert_eq!(qwen_route::catalog::model("qwen3.5-plus").unwrap().context, Some(1_000_000));
/// ```
pub fn model(id: &str) -> Option<&'static Model> {
    data::MODELS.iter().find(|m| m.id == id)
}

/// The model row with this exact id served on a family.
///
/// ```
/// use qwen_route::catalog::{self, SurfaceFamily, ThinkingClass};
/// let hosted = catalog::model_on("qwen3-coder-next", SurfaceFamily::Dashscope).unwrap();
/// let local = catalog::model_on("qwen3-coder-next", SurfaceFamily::Ollama).unwrap();
/// assert_eq!(hosted.thinking, ThinkingClass::None);
/// assert_eq!(local.context, Some(4096));
/// ```
pub fn model_on(id: &str, family: SurfaceFamily) -> Option<&'static Model> {
    data::MODELS.iter().find(|m| m.id == id && m.served_on(family))
}

/// Provider prefixes stripped from model references.
///
/// ```
/// assert!(qwen_route::catalog::prefixes().iter().any(|p| p.prefix == "modelstudio/"));
/// ```
pub fn prefixes() -> &'static [ModelPrefix] {
    data::PREFIXES
}

/// Whole-reference aliases.
///
/// ```
/// assert!(qwen_route::catalog::aliases().iter().any(|a| a.alias == "qwen-portal/coder-model"));
/// ```
pub fn aliases() -> &'static [ModelAlias] {
    data::ALIASES
}

/// Every workload profile, in the canonical order.
///
/// ```
/// let ids: Vec<_> = qwen_route::catalog::workloads().iter().map(|w| w.id).collect();
/// assert_eq!(ids[0], "fast-chat");
/// ```
pub fn workloads() -> &'static [WorkloadProfile] {
    data::WORKLOADS
}

/// A workload profile by id.
///
/// ```
/// use qwen_route::vocab::ThinkingSetting;
/// assert_eq!(qwen_route::catalog::workload("deep-reasoning").unwrap().thinking, ThinkingSetting::High);
/// ```
pub fn workload(id: &str) -> Option<&'static WorkloadProfile> {
    data::WORKLOADS.iter().find(|w| w.id == id)
}

/// Every catalogued upstream error.
///
/// ```
/// assert!(qwen_route::catalog::upstream_errors().iter().any(|e| e.code == Some("Arrearage")));
/// ```
pub fn upstream_errors() -> &'static [UpstreamError] {
    data::UPSTREAM_ERRORS
}

/// An upstream error by id.
///
/// ```
/// let e = qwen_route::catalog::upstream_error("thinking-non-streaming").unwrap();
/// assert_eq!(e.message, "parameter.enable_thinking must be set to false for non-streaming calls");
/// ```
pub fn upstream_error(id: &str) -> Option<&'static UpstreamError> {
    data::UPSTREAM_ERRORS.iter().find(|e| e.id == id)
}

/// The hosted-versus-self-hosted aspects shown with every route.
///
/// ```
/// assert!(qwen_route::catalog::tradeoffs().iter().any(|t| t.id == "privacy"));
/// ```
pub fn tradeoffs() -> &'static [TradeoffAspect] {
    data::TRADEOFFS
}

/// The surface of a family in a region, if the catalog has one (`dashscope` + `cn` → `dashscope-cn`).
///
/// ```
/// use qwen_route::catalog::{self, SurfaceFamily};
/// assert_eq!(catalog::surface_in(SurfaceFamily::CodingPlan, "intl").unwrap().id, "coding-plan-intl");
/// assert!(catalog::surface_in(SurfaceFamily::CodingPlan, "us").is_none());
/// ```
pub fn surface_in(family: SurfaceFamily, region: &str) -> Option<&'static Surface> {
    data::SURFACES.iter().find(|s| s.family == family && s.region == Some(region))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_sourced() {
        for s in surfaces() {
            assert!(!s.source.is_empty() && s.checked.len() == 10, "{}", s.id);
        }
        for m in models() {
            assert!(!m.source.is_empty() && m.checked.len() == 10, "{}", m.id);
        }
        for e in upstream_errors() {
            assert!(!e.source.is_empty(), "{}", e.id);
        }
        for w in workloads() {
            assert!(!w.source.is_empty(), "{}", w.id);
        }
    }

    #[test]
    fn the_issue_lists_every_surface_id() {
        for id in [
            "dashscope-cn",
            "dashscope-intl",
            "dashscope-us",
            "dashscope-hk",
            "dashscope-workspace",
            "coding-plan-cn",
            "coding-plan-intl",
            "token-plan-intl",
            "token-plan-cn",
            "ollama",
            "vllm",
            "sglang",
            "llama-cpp",
            "litellm",
            "openai-compatible",
            "qwen-portal",
        ] {
            assert!(surface(id).is_some(), "{id}");
        }
    }

    #[test]
    fn coding_plan_hosts_have_no_compatible_mode_and_no_models_list() {
        for s in surfaces().iter().filter(|s| s.family == SurfaceFamily::CodingPlan) {
            assert!(!s.base_url.contains("compatible-mode"), "{}", s.id);
            assert_eq!(s.models_path, None, "{}", s.id);
            assert_eq!(s.key_prefix, Some("sk-sp-"));
        }
    }

    #[test]
    fn seed_002_models_are_catalogued() {
        for id in [
            "qwen3.5-plus",
            "qwen3.6-plus",
            "qwen3-max-2026-01-23",
            "qwen3-coder-next",
            "qwen3-coder-plus",
            "MiniMax-M2.5",
            "glm-5",
            "glm-4.7",
            "kimi-k2.5",
        ] {
            assert!(model(id).is_some(), "{id}");
        }
    }

    #[test]
    fn version_has_date_and_hash() {
        let (date, hash) = CATALOG_VERSION.split_once('+').unwrap();
        assert_eq!(date.len(), 10);
        assert_eq!(hash.len(), 8);
    }
}
