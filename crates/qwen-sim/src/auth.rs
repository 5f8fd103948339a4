//! Simulated keys. Pay-as-you-go keys are bound to a region (`sk-sim-<region>-…`, region one
//! of `cn`, `intl`, `us`, `hk`), as real ones are (a Beijing key is refused by the
//! Singapore host with 401). Coding Plan and Token Plan keys are `sk-sp-sim-…`
//! (`sk-sp-sim-lite-…` for the Lite tier) and only work on those hosts. LiteLLM wants its
//! master key `sk-sim-litellm`. Ollama, vLLM, SGLang and llama.cpp run without keys.

use qwen_route::catalog::{CodingTier, SurfaceFamily};

use crate::envelope::Failure;
use qwen_route::catalog::Surface;

/// What a request's key unlocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Access {
    /// The Coding Plan tier, on plan hosts.
    pub tier: Option<CodingTier>,
}

/// The bearer token of an `Authorization` header.
fn bearer(header: Option<&str>) -> Option<&str> {
    let h = header?.trim();
    let (scheme, token) = h.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim()).filter(|t| !t.is_empty())
}

/// Check the key for a surface.
pub(crate) fn check(surface: &Surface, authorization: Option<&str>) -> Result<Access, Failure> {
    let key = bearer(authorization);
    let refused = || Failure::from_catalog("invalid-api-key", None);
    match surface.family {
        SurfaceFamily::Dashscope | SurfaceFamily::Workspace => {
            let region = surface.region.unwrap_or("intl");
            let want = format!("sk-sim-{region}-");
            match key {
                Some(k) if k.starts_with(&want) && k.len() > want.len() => {
                    Ok(Access { tier: None })
                }
                _ => Err(refused()),
            }
        }
        SurfaceFamily::CodingPlan | SurfaceFamily::TokenPlan => match key {
            Some(k) if k.starts_with("sk-sp-sim-lite-") => {
                Ok(Access { tier: Some(CodingTier::Lite) })
            }
            Some(k) if k.starts_with("sk-sp-sim-") => Ok(Access { tier: Some(CodingTier::Pro) }),
            _ => Err(refused()),
        },
        SurfaceFamily::Litellm => match key {
            Some(k) if k.starts_with("sk-sim-litellm") => Ok(Access { tier: None }),
            _ => Err(Failure {
                status: 401,
                code: Some("401".into()),
                kind: Some("invalid_request_error".into()),
                message: "Invalid API key".into(),
                retry_after: None,
                catalog_id: None,
            }),
        },
        _ => Ok(Access { tier: None }),
    }
}

/// A key that the simulator accepts on a surface (for printing and for the Sandbox).
///
/// ```
/// let s = qwen_route::catalog::surface("dashscope-cn").unwrap();
/// assert_eq!(qwen_sim::sample_key(s), Some("sk-sim-cn-0000"));
/// ```
pub fn sample_key(surface: &Surface) -> Option<&'static str> {
    match (surface.family, surface.region) {
        (SurfaceFamily::Dashscope, Some("cn")) => Some("sk-sim-cn-0000"),
        (SurfaceFamily::Dashscope, Some("us")) => Some("sk-sim-us-0000"),
        (SurfaceFamily::Dashscope, Some("hk")) => Some("sk-sim-hk-0000"),
        (SurfaceFamily::Dashscope, _) => Some("sk-sim-intl-0000"),
        (SurfaceFamily::CodingPlan | SurfaceFamily::TokenPlan, _) => Some("sk-sp-sim-0000"),
        (SurfaceFamily::Litellm, _) => Some("sk-sim-litellm"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qwen_route::catalog::surface;

    #[test]
    fn keys_are_bound_to_region_and_plan() {
        let intl = surface("dashscope-intl").unwrap();
        assert!(check(intl, Some("Bearer sk-sim-intl-1")).is_ok());
        assert_eq!(check(intl, Some("Bearer sk-sim-cn-1")).unwrap_err().status, 401);
        assert_eq!(check(intl, Some("Bearer sk-sp-sim-1")).unwrap_err().status, 401);
        assert_eq!(check(intl, None).unwrap_err().status, 401);
        let plan = surface("coding-plan-intl").unwrap();
        assert_eq!(
            check(plan, Some("Bearer sk-sp-sim-lite-1")).unwrap().tier,
            Some(CodingTier::Lite)
        );
        assert!(check(plan, Some("Bearer sk-sim-intl-1")).is_err());
        assert!(check(surface("vllm").unwrap(), None).is_ok());
        for s in qwen_route::catalog::surfaces() {
            if let Some(k) = sample_key(s) {
                assert!(check(s, Some(&format!("Bearer {k}"))).is_ok(), "{}", s.id);
            }
        }
    }
}
