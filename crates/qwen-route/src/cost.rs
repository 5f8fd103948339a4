//! What a call cost: the usage the server reported, priced with the catalog's list prices
//! (`catalog/prices.toml`).
//!
//! A cost is never estimated. It is `None` when the surface has no per-token price (plans,
//! self-hosted servers, regions without a sourced row), when the usage lacks token counts, when
//! the request's input is above every priced tier, or when the usage reports tokens the row has
//! no price for (cached input, cache writes, thinking-mode output).
//!
//! ```
//! use qwen_route::{assemble::Usage, catalog, cost};
//! let usage = Usage { prompt_tokens: Some(1_000), completion_tokens: Some(500), ..Default::default() };
//! let surface = catalog::surface("dashscope-intl").unwrap();
//! let c = cost::cost_of(&usage, "qwen-max", surface, Some(false)).unwrap();
//! assert_eq!(c.currency, "USD");
//! // 1,000 × $1.6/M + 500 × $6.4/M
//! assert!((c.amount - 0.0048).abs() < 1e-12);
//! assert!(cost::cost_of(&usage, "qwen-max", catalog::surface("coding-plan-intl").unwrap(), None).is_none());
//! ```

use serde::Serialize;

use crate::assemble::Usage;
use crate::catalog::{self, Surface, ThinkingClass};

/// What the list prices make of one call's usage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Cost {
    /// The total, in `currency`.
    pub amount: f64,
    /// ISO currency code of every amount here.
    pub currency: &'static str,
    /// Uncached input tokens.
    pub input: f64,
    /// Input tokens served from the cache.
    pub cached_input: f64,
    /// Input tokens written to the explicit cache.
    pub cache_write: f64,
    /// Output tokens (reasoning included).
    pub output: f64,
    /// Whether output was billed at the thinking-mode price.
    pub thinking_mode: bool,
    /// The largest input the chosen tier covers (`None`: the open last tier or a flat price).
    pub tier_up_to: Option<u32>,
    /// The catalog model priced.
    pub model: &'static str,
    /// The region priced.
    pub region: &'static str,
    /// When the price row was checked.
    pub checked: &'static str,
    /// Where the price row came from.
    pub source: &'static str,
    /// What the amount leaves out.
    pub note: &'static str,
}

/// What the amount leaves out, on every cost.
pub const LIST_PRICE_NOTE: &str =
    "List price: promotions, free quota and savings plans are not applied, so the bill can be lower.";

/// The cost of a call to `model` on `surface`, from the usage the server reported.
///
/// `thinking` is what the request asked for (`None`: not said, so the model's default applies
/// unless the usage reports reasoning tokens). See the module docs for when there is no cost.
///
/// ```
/// use qwen_route::{assemble::Usage, catalog, cost};
/// let intl = catalog::surface("dashscope-intl").unwrap();
/// // qwen3-max bills a 40,000-token request entirely at its second tier.
/// let u = Usage { prompt_tokens: Some(40_000), completion_tokens: Some(1_000), ..Default::default() };
/// let c = cost::cost_of(&u, "qwen3-max", intl, Some(false)).unwrap();
/// assert_eq!(c.tier_up_to, Some(128_000));
/// assert!((c.amount - (40_000.0 * 2.4 + 1_000.0 * 12.0) / 1e6).abs() < 1e-12);
/// // Cached tokens with no sourced cached price: no cost rather than a guess.
/// let cached = Usage { cached_tokens: Some(10_000), ..u };
/// assert!(cost::cost_of(&cached, "qwen3-max", intl, Some(false)).is_none());
/// ```
pub fn cost_of(
    usage: &Usage,
    model: &str,
    surface: &Surface,
    thinking: Option<bool>,
) -> Option<Cost> {
    let region = surface.region?;
    let reference = catalog::resolve_reference(model);
    let row = catalog::model(reference.id)?;
    let price = catalog::price(row.id, region, surface.plan)?;
    let prompt = usage.prompt_tokens?;
    let completion = usage.completion_tokens?;
    let tier = price.tier_for(prompt)?;
    let cached = usage.cached_tokens.unwrap_or(0);
    let written = usage.cache_creation_tokens.unwrap_or(0);
    let uncached = prompt.checked_sub(cached)?.checked_sub(written)?;
    let cached_rate = if cached > 0 { tier.cached_input? } else { 0.0 };
    let write_rate = if written > 0 { tier.cache_write? } else { 0.0 };
    let thinking_mode = match (usage.reasoning_tokens, thinking) {
        (Some(r), _) if r > 0 => true,
        _ if row.thinking == ThinkingClass::Only => true,
        (_, Some(on)) => on && row.thinking != ThinkingClass::None,
        (Some(_), None) => false,
        (None, None) => row.thinking.thinks_by_default(),
    };
    let output_rate = if thinking_mode { tier.thinking_output? } else { tier.output };
    let per = |tokens: u64, rate: f64| tokens as f64 * rate / 1_000_000.0;
    let input = per(uncached, tier.input);
    let cached_input = per(cached, cached_rate);
    let cache_write = per(written, write_rate);
    let output = per(completion, output_rate);
    Some(Cost {
        amount: input + cached_input + cache_write + output,
        currency: price.currency,
        input,
        cached_input,
        cache_write,
        output,
        thinking_mode,
        tier_up_to: tier.up_to,
        model: price.model,
        region: price.region,
        checked: price.checked,
        source: price.source.get(),
        note: LIST_PRICE_NOTE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intl() -> &'static Surface {
        catalog::surface("dashscope-intl").expect("surface")
    }

    fn usage(prompt: u64, completion: u64) -> Usage {
        Usage {
            prompt_tokens: Some(prompt),
            completion_tokens: Some(completion),
            ..Default::default()
        }
    }

    #[test]
    fn tier_is_chosen_by_input_and_applies_to_every_token() {
        let c = cost_of(&usage(32_000, 10), "qwen3-max", intl(), Some(false)).expect("cost");
        assert_eq!(c.tier_up_to, Some(32_000));
        let c = cost_of(&usage(32_001, 10), "qwen3-max", intl(), Some(false)).expect("cost");
        assert_eq!(c.tier_up_to, Some(128_000));
        assert!((c.output - 10.0 * 12.0 / 1e6).abs() < 1e-15);
        assert!(cost_of(&usage(252_001, 10), "qwen3-max", intl(), Some(false)).is_none());
    }

    #[test]
    fn thinking_mode_bills_all_output_at_the_thinking_price() {
        let u = Usage { reasoning_tokens: Some(300), ..usage(1_000, 400) };
        let c = cost_of(&u, "qwen-plus", intl(), None).expect("cost");
        assert!(c.thinking_mode);
        assert!((c.output - 400.0 * 4.0 / 1e6).abs() < 1e-15);
        let off = cost_of(&usage(1_000, 400), "qwen-plus", intl(), Some(false)).expect("cost");
        assert!((off.output - 400.0 * 1.2 / 1e6).abs() < 1e-15);
        // qwen3.6-plus thinks by default and has no sourced thinking price.
        assert!(cost_of(&usage(1_000, 400), "qwen3.6-plus", intl(), None).is_none());
        assert!(cost_of(&usage(1_000, 400), "qwen3.6-plus", intl(), Some(false)).is_some());
    }

    #[test]
    fn cached_tokens_use_the_cached_price_or_give_no_cost() {
        let u = Usage { cached_tokens: Some(600), ..usage(1_000, 100) };
        let c = cost_of(&u, "qwen3.7-max", intl(), Some(false)).expect("cost");
        assert!((c.input - 400.0 * 2.5 / 1e6).abs() < 1e-15);
        assert!((c.cached_input - 600.0 * 0.5 / 1e6).abs() < 1e-15);
        assert!(cost_of(&u, "qwen-max", intl(), Some(false)).is_none());
        let inconsistent = Usage { cached_tokens: Some(2_000), ..usage(1_000, 100) };
        assert!(cost_of(&inconsistent, "qwen3.7-max", intl(), Some(false)).is_none());
    }

    #[test]
    fn no_price_means_no_cost() {
        let u = usage(1_000, 100);
        assert!(cost_of(&u, "qwen3-coder-next", intl(), Some(false)).is_none());
        assert!(
            cost_of(&u, "qwen-max", catalog::surface("dashscope-cn").expect("cn"), None).is_none()
        );
        assert!(cost_of(&u, "qwen-max", catalog::surface("vllm").expect("vllm"), None).is_none());
        assert!(cost_of(&Usage::default(), "qwen-max", intl(), None).is_none());
    }

    #[test]
    fn aliases_are_priced_as_their_target() {
        let c = cost_of(&usage(1_000, 100), "qwen-plus-latest", intl(), Some(false));
        assert_eq!(c.map(|c| c.model), Some("qwen-plus"));
    }
}
