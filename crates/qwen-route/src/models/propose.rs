//! A proposed catalog patch from a live model listing: users as sensors.
//!
//! The patch lists ids the catalog lacks, ids the catalog has but the listing does not (only
//! from a complete listing), and limits, modalities, capabilities and prices that differ. Every
//! entry names the listing as its source and the day it was read. Nothing is applied: a
//! maintainer reviews the TOML and copies what holds into `catalog/*.toml`.
//!
//! ```
//! use qwen_route::{catalog, models};
//! let listing = models::read_listing(br#"{"object":"list","data":[{"id":"qwen3.7-flash"},{"id":"qwen-plus"}]}"#).unwrap();
//! let p = models::propose(catalog::surface("dashscope-intl").unwrap(), &listing, "2026-12-02", None);
//! assert!(p.new_models.iter().any(|m| m.id == "qwen3.7-flash"));
//! assert!(p.gone.contains(&"qwen3.5-plus".to_string()));
//! assert!(p.to_toml().contains("checked = \"2026-12-02\""));
//! ```

use std::fmt::Write as _;

use serde::Serialize;

use super::listing::{Listed, ListedTier, Listing};
use crate::catalog::{self, Hosting, Modality, Model, Plan, Surface, SurfaceFamily, ThinkingClass};

/// One fact that differs between the listing and the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Catalog model id.
    pub model: String,
    /// Catalog field (`context`, `max_input`, `input`, `price`, …).
    pub field: &'static str,
    /// The catalog's value (`-` when it has none).
    pub catalog: String,
    /// The listing's value.
    pub listing: String,
    /// What to check before applying it.
    pub note: Option<&'static str>,
}

/// The proposal for one surface.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// The surface the listing came from.
    pub surface: &'static str,
    /// Where the listing was read (the source every entry names).
    pub source: String,
    /// The day it was read.
    pub checked: String,
    /// The listing's shape.
    pub shape: &'static str,
    /// Models the catalog does not have for this surface.
    pub new_models: Vec<Listed>,
    /// Ids the catalog serves here that the listing does not have.
    pub gone: Vec<String>,
    /// Why gone ids were not inferred, when they were not.
    pub gone_not_inferred: Option<String>,
    /// Facts that differ.
    pub changes: Vec<Change>,
    /// Listed ids left out (models that do not answer in text).
    pub skipped: Vec<String>,
}

fn family_of(surface: &Surface) -> SurfaceFamily {
    match surface.family {
        SurfaceFamily::Workspace => SurfaceFamily::Dashscope,
        f => f,
    }
}

fn catalogued(surface: &Surface) -> Vec<&'static Model> {
    let family = family_of(surface);
    let region = surface.region;
    let mut out: Vec<&'static Model> = Vec::new();
    for m in catalog::models().iter().filter(|m| m.served_on(family)) {
        let in_region = region.is_none_or(|r| m.offered_in(family, r));
        if in_region && !out.iter().any(|x| x.id == m.id) {
            out.push(m);
        }
    }
    out
}

fn listing_source(surface: &Surface, shape: &str) -> String {
    let base = surface.base_url;
    let origin = base
        .find("://")
        .and_then(|i| base[i + 3..].find('/').map(|j| &base[..i + 3 + j]))
        .unwrap_or(base);
    let url = match shape {
        "dashscope-native" => format!("{origin}/api/v1/models"),
        "ollama-tags" => format!("{origin}/api/tags"),
        _ => format!("{base}{}", surface.models_path.unwrap_or("/models")),
    };
    format!("[listing] GET {url} (read with qwen-route models --propose)")
}

fn modalities(v: &[Modality]) -> String {
    let mut names: Vec<&str> = v.iter().map(|m| m.as_str()).collect();
    let rank = |m: &str| ["text", "image", "video", "audio"].iter().position(|x| *x == m);
    names.sort_by_key(|m| rank(m));
    names.join(",")
}

fn opt(n: Option<u32>) -> String {
    n.map_or("-".into(), |n| n.to_string())
}

/// One tier for comparison: lower bound, upper bound, and the five prices (input, output,
/// thinking output, cached input, cache write) as normalised decimals.
type TierPrices = (u64, Option<u64>, [Option<String>; 5]);

/// Tiers as one line, the same for the catalog's row and the listing's.
fn tiers_text(tiers: &[TierPrices]) -> String {
    tiers
        .iter()
        .map(|(_, up, p)| {
            let names = ["input", "output", "thinking_output", "cached_input", "cache_write"];
            let parts: Vec<String> = names
                .iter()
                .zip(p)
                .filter_map(|(n, v)| v.as_ref().map(|v| format!("{n} {v}")))
                .collect();
            format!("{}{}", up.map_or(String::new(), |u| format!("<={u} ")), parts.join(" "))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn norm(price: &str) -> Option<String> {
    price.parse::<f64>().ok().map(|x| format!("{}", (x * 1e7).round() / 1e7))
}

fn listed_tiers(l: &Listed) -> Vec<TierPrices> {
    l.tiers
        .iter()
        .filter(|t| t.input.is_some() || t.output.is_some())
        .map(|t: &ListedTier| {
            let f = |v: &Option<String>| v.as_deref().and_then(norm);
            (
                t.above,
                t.up_to,
                [
                    f(&t.input),
                    f(&t.output),
                    f(&t.thinking_output),
                    f(&t.cached_input),
                    f(&t.cache_write),
                ],
            )
        })
        .collect()
}

fn catalog_tiers(p: &catalog::Price) -> Vec<TierPrices> {
    let mut lower = 0;
    p.tiers
        .iter()
        .map(|t| {
            let f = |v: Option<f64>| v.map(|x| format!("{}", (x * 1e7).round() / 1e7));
            let row = (
                lower,
                t.up_to.map(u64::from),
                [
                    f(Some(t.input)),
                    f(Some(t.output)),
                    f(t.thinking_output),
                    f(t.cached_input),
                    f(t.cache_write),
                ],
            );
            lower = t.up_to.map_or(lower, u64::from);
            row
        })
        .collect()
}

/// The currency a region's listing prices are in (the listing does not say).
fn currency(region: &str) -> &'static str {
    if region == "cn" {
        "CNY"
    } else {
        "USD"
    }
}

/// Compare a listing with the catalog for `surface`; `today` is the date to stamp (YYYY-MM-DD)
/// and `listed_at` the URL the listing was read from (default: the surface's catalogued one).
pub fn propose(
    surface: &'static Surface,
    listing: &Listing,
    today: &str,
    listed_at: Option<&str>,
) -> Proposal {
    let known = catalogued(surface);
    let source = match listed_at {
        Some(url) => format!("[listing] GET {url} (read with qwen-route models --propose)"),
        None => listing_source(surface, listing.shape),
    };
    let mut p = Proposal {
        surface: surface.id,
        source,
        checked: today.to_string(),
        shape: listing.shape,
        new_models: Vec::new(),
        gone: Vec::new(),
        gone_not_inferred: None,
        changes: Vec::new(),
        skipped: Vec::new(),
    };
    for l in &listing.entries {
        if !l.text_out {
            p.skipped.push(l.id.clone());
            continue;
        }
        let Some(m) = known.iter().find(|m| m.id == l.id) else {
            p.new_models.push(l.clone());
            continue;
        };
        compare(m, l, surface, &mut p.changes);
    }
    if surface.hosting == Hosting::SelfHosted {
        p.gone_not_inferred = Some(
            "a self-hosted server lists only the models it was started with, so an absent id is not gone"
                .into(),
        );
    } else if !listing.complete() {
        p.gone_not_inferred = Some(format!(
            "the listing holds {} of {} models (one page): fetch every page to see which ids are gone",
            listing.entries.len(),
            listing.total.unwrap_or(0)
        ));
    } else {
        for m in &known {
            if !listing.entries.iter().any(|l| l.id == m.id) {
                p.gone.push(m.id.to_string());
            }
        }
    }
    p
}

fn compare(m: &Model, l: &Listed, surface: &Surface, out: &mut Vec<Change>) {
    let mut push =
        |field: &'static str, catalog: String, listing: String, note: Option<&'static str>| {
            if catalog != listing {
                out.push(Change { model: m.id.to_string(), field, catalog, listing, note });
            }
        };
    for (field, ours, theirs) in [
        ("context", m.context, l.context),
        ("max_input", m.max_input, l.max_input),
        ("max_output", m.max_output, l.max_output),
    ] {
        if let Some(t) = theirs {
            push(field, opt(ours), t.to_string(), None);
        }
    }
    if let (Some(t), true) = (l.max_reasoning, m.thinking != ThinkingClass::None) {
        push(
            "max_thinking_budget",
            opt(m.max_thinking_budget),
            t.to_string(),
            Some("the listing's max_reasoning_tokens is read as the largest thinking_budget: confirm on the model page"),
        );
    }
    if let Some(input) = &l.input {
        if !input.is_empty() {
            push("input", modalities(m.input), modalities(input), None);
        }
    }
    if l.reasoning == Some(true) && m.thinking == ThinkingClass::None {
        push("thinking", "none".into(), "reasoning".into(), Some("the listing cannot tell hybrid from thinking-only: set the class from the model page"));
    }
    if l.tools == Some(true) && !m.tools {
        push("tools", "false".into(), "true".into(), None);
    }
    if l.structured == Some(true) && !m.json_schema {
        push(
            "json_schema",
            "false".into(),
            "true".into(),
            Some(
                "`structured-outputs` may mean json_object only: check the structured-output page",
            ),
        );
    }
    let Some(region) = surface.region.filter(|_| surface.plan == Plan::Payg) else { return };
    let theirs = listed_tiers(l);
    if theirs.is_empty() {
        return;
    }
    let ours = catalog::price(m.id, region, Plan::Payg)
        .filter(|p| p.currency == currency(region))
        .map(catalog_tiers)
        .unwrap_or_default();
    let (o, t) = (tiers_text(&ours), tiers_text(&theirs));
    if o != t {
        push("price", if o.is_empty() { "-".into() } else { o }, t, None);
    }
}

fn q(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

impl Proposal {
    /// The patch as TOML, in the catalog's own row formats, each entry with its source and date.
    pub fn to_toml(&self) -> String {
        let mut o = String::new();
        let surface = catalog::surface(self.surface);
        let family = surface.map(family_of).map_or("", SurfaceFamily::as_str);
        let _ = writeln!(
            o,
            "# Proposed catalog patch for {} from a live model listing ({}).",
            self.surface, self.shape
        );
        let _ = writeln!(o, "# Source: {}; read {}.", self.source, self.checked);
        let _ = writeln!(o, "# Review every entry before copying it into crates/qwen-route/catalog/: a listing shows");
        let _ = writeln!(
            o,
            "# what one account and region can call, not every fact the catalog records."
        );
        let _ = writeln!(
            o,
            "# {} new, {} gone, {} changed.",
            self.new_models.len(),
            self.gone.len(),
            self.changes.len()
        );
        if self.new_models.is_empty() && self.gone.is_empty() && self.changes.is_empty() {
            let _ = writeln!(o, "\n# Nothing to propose: the listing agrees with the catalog.");
        }
        if !self.new_models.is_empty() {
            let _ = writeln!(o, "\n# New ids (models.toml). Thinking class, tool format and plans are not in a listing.");
        }
        for l in &self.new_models {
            let _ = writeln!(o, "[[model]]\nid = {}", q(&l.id));
            if let Some(n) = &l.name {
                let _ = writeln!(o, "name = {}", q(n));
            }
            let _ = writeln!(o, "served_on = [{}]", q(family));
            for (k, v) in
                [("context", l.context), ("max_input", l.max_input), ("max_output", l.max_output)]
            {
                if let Some(v) = v {
                    let _ = writeln!(o, "{k} = {v}");
                }
            }
            if let Some(input) = &l.input {
                let names: Vec<String> =
                    modalities(input).split(',').filter(|s| !s.is_empty()).map(q).collect();
                let _ = writeln!(o, "input = [{}]", names.join(", "));
            }
            if let Some(parent) = &l.parent {
                let _ = writeln!(o, "# a LoRA adapter on {parent}");
            }
            let _ = writeln!(o, "source = {}\nchecked = {}\n", q(&self.source), q(&self.checked));
        }
        if let Some(why) = &self.gone_not_inferred {
            let _ = writeln!(o, "\n# Gone ids not inferred: {why}.");
        } else if !self.gone.is_empty() {
            let _ = writeln!(o, "\n# Catalogued for {} but not in the listing (retired, or not enabled for this account).", self.surface);
        }
        for id in &self.gone {
            let _ = writeln!(
                o,
                "[[gone]]\nmodel = {}\nsurface = {}\nsource = {}\nchecked = {}\n",
                q(id),
                q(self.surface),
                q(&self.source),
                q(&self.checked)
            );
        }
        if !self.changes.is_empty() {
            let _ = writeln!(o, "\n# Facts that differ.");
        }
        for c in &self.changes {
            let _ = writeln!(
                o,
                "[[change]]\nmodel = {}\nfield = {}\ncatalog = {}\nlisting = {}",
                q(&c.model),
                q(c.field),
                q(&c.catalog),
                q(&c.listing)
            );
            if let Some(n) = c.note {
                let _ = writeln!(o, "check = {}", q(n));
            }
            let _ = writeln!(o, "source = {}\nchecked = {}\n", q(&self.source), q(&self.checked));
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(o, "# Not chat models (left out): {}", self.skipped.join(", "));
        }
        o
    }
}
