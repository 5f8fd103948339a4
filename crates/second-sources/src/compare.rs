//! Every fact a second source and the catalog both state, side by side.
//!
//! A disagreement is accepted only when `catalog/disputes.toml` records it: same row and field,
//! the source named in `second_source`, and `theirs` equal to what the source says now. A
//! recorded disagreement that no longer occurs is reported too, so a dispute cannot outlive
//! what it records.

use std::collections::BTreeSet;

use qwen_route::catalog::{
    self, Dispute, Model, Plan, SurfaceFamily, ThinkingClass, ThinkingControl,
};
use serde::Serialize;

use crate::{SourceModel, SourceTier};

/// One fact as both sides state it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// `models-dev:<provider>` or `litellm`.
    pub source: String,
    /// `model:<id>`.
    pub row: String,
    /// The catalog field (`context`, `input`, `served_on`, `price.input`, …).
    pub field: String,
    /// The catalog's value.
    pub ours: String,
    /// The source's value.
    pub theirs: String,
}

impl Fact {
    /// Whether both sides say the same.
    pub fn agrees(&self) -> bool {
        self.ours == self.theirs
    }
}

/// What a source claims about the models of one catalog family and region.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// `models-dev:alibaba`, `litellm`, …
    pub source: &'a str,
    /// The family its entries are served on.
    pub family: SurfaceFamily,
    /// The region.
    pub region: &'a str,
    /// Whether its list is complete enough that an absent id means "not served" (models.dev's
    /// providers are; LiteLLM's cost map is not).
    pub lists_availability: bool,
    /// Whether its prices are the catalog's pay-as-you-go prices for this region.
    pub compare_prices: bool,
}

/// The comparison of one or more sources with the catalog.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Every fact compared.
    pub facts: Vec<Fact>,
    /// Disagreements `catalog/disputes.toml` records.
    pub disputed: Vec<Fact>,
    /// Disagreements it does not record: the test fails on these.
    pub unrecorded: Vec<Fact>,
    /// Recorded disagreements that no longer occur (`row field source`).
    pub outdated_disputes: Vec<String>,
}

impl Report {
    /// Facts on which both sides agree.
    pub fn agree(&self) -> usize {
        self.facts.iter().filter(|f| f.agrees()).count()
    }

    /// `second sources: N facts compared, A agree, D disputed`.
    pub fn line(&self) -> String {
        format!(
            "second sources: {} facts compared, {} agree, {} disputed",
            self.facts.len(),
            self.agree(),
            self.disputed.len()
        )
    }
}

/// The family a name stands for (`dashscope`, `coding-plan`, …).
pub fn family(name: &str) -> Option<SurfaceFamily> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn price(x: f64) -> String {
    format!("{}", crate::round_price(x))
}

/// The catalog row for `id` on `family` in `region`, if the catalog serves it there.
fn served(id: &str, family: SurfaceFamily, region: &str) -> Option<&'static Model> {
    catalog::models()
        .iter()
        .find(|m| m.id == id && m.served_on(family) && m.offered_in(family, region))
}

/// Compare one source's models (`models`) with the catalog. `known` are every id the source
/// knows in any of its scopes (an id it never mentions is not compared).
pub fn compare_scope(
    scope: Scope<'_>,
    models: &[SourceModel],
    known: &BTreeSet<String>,
) -> Vec<Fact> {
    let mut out = Vec::new();
    let listed: BTreeSet<&str> = models
        .iter()
        .filter(|m| m.status.as_deref() != Some("deprecated"))
        .map(|m| m.id.as_str())
        .collect();
    let fact = |row: &str, field: String, ours: String, theirs: String| Fact {
        source: scope.source.to_string(),
        row: format!("model:{row}"),
        field,
        ours,
        theirs,
    };
    if scope.lists_availability {
        // Availability, both ways, for ids both sides know.
        let mut ids: BTreeSet<&str> = listed.clone();
        ids.extend(
            catalog::models()
                .iter()
                .filter(|m| m.served_on(scope.family) && known.contains(m.id))
                .map(|m| m.id),
        );
        for id in ids {
            if catalog::model(id).is_none() {
                continue;
            }
            let ours = served(id, scope.family, scope.region).is_some();
            out.push(fact(
                id,
                format!("served_on.{}", scope.family.as_str()),
                yes(ours),
                yes(listed.contains(id)),
            ));
        }
    }
    for sm in models.iter().filter(|m| m.status.as_deref() != Some("deprecated")) {
        let Some(m) = served(&sm.id, scope.family, scope.region) else { continue };
        let mut push = |field: &str, ours: String, theirs: String| {
            out.push(fact(m.id, field.to_string(), ours, theirs));
        };
        let n = |v: Option<u32>| v.map(u64::from);
        for (field, ours, theirs) in [
            ("context", n(m.context), sm.context),
            ("max_input", n(m.max_input), sm.max_input),
            ("max_output", n(m.max_output), sm.max_output),
        ] {
            if let (Some(o), Some(t)) = (ours, theirs) {
                push(field, o.to_string(), t.to_string());
            }
        }
        let mut ours_input: Vec<String> = m.input.iter().map(|x| x.as_str().to_string()).collect();
        crate::sort_modalities(&mut ours_input);
        if let Some(t) = &sm.input {
            push("input", ours_input.join(","), t.join(","));
        }
        for (modality, t) in &sm.input_flags {
            push(&format!("input.{modality}"), yes(ours_input.contains(modality)), yes(*t));
        }
        let thinks = m.thinking != ThinkingClass::None;
        if let Some(t) = sm.reasoning {
            push("thinking", yes(thinks), yes(t));
        }
        if thinks && sm.reasoning == Some(true) {
            if let Some(t) = sm.reasoning_toggle {
                push("thinking.switchable", yes(m.thinking.is_hybrid()), yes(t));
            }
            if let Some(t) = sm.reasoning_effort {
                let ours = m.thinking_control == ThinkingControl::ReasoningEffort;
                push("thinking_control", control(ours), control(t));
            }
            if let (Some(o), Some(t)) = (m.max_thinking_budget, sm.max_thinking_budget) {
                push("max_thinking_budget", o.to_string(), t.to_string());
            }
        }
        if let Some(t) = sm.tool_call {
            push("tools", yes(m.tools), yes(t));
        }
        if let Some(t) = sm.structured_output {
            push("json_schema", yes(m.json_schema), yes(t));
        }
        if scope.compare_prices {
            if let Some(p) = catalog::price(m.id, scope.region, Plan::Payg) {
                compare_prices(p, &sm.cost, &mut push);
            }
        }
    }
    out
}

fn control(effort: bool) -> String {
    if effort { "reasoning_effort" } else { "enable_thinking" }.to_string()
}

/// Prices of the tiers both sides have (a tier is matched by its lower bound).
fn compare_prices(
    p: &catalog::Price,
    theirs: &[SourceTier],
    push: &mut impl FnMut(&str, String, String),
) {
    let mut lower = 0u64;
    for t in p.tiers {
        if let Some(st) = theirs.iter().find(|s| s.above == lower) {
            let suffix = if lower == 0 { String::new() } else { format!(">{lower}") };
            for (name, ours, their) in [
                ("input", Some(t.input), st.input),
                ("output", Some(t.output), st.output),
                ("thinking_output", t.thinking_output, st.reasoning),
                ("cached_input", t.cached_input, st.cache_read),
                ("cache_write", t.cache_write, st.cache_write),
            ] {
                if let (Some(o), Some(th)) = (ours, their) {
                    push(&format!("price.{name}{suffix}"), price(o), price(th));
                }
            }
        }
        match t.up_to {
            Some(n) => lower = u64::from(n),
            None => break,
        }
    }
}

/// Sort facts into agreeing, recorded and unrecorded, and find outdated disputes.
pub fn judge(facts: Vec<Fact>, disputes: &[Dispute]) -> Report {
    let names = |d: &Dispute| -> Vec<String> {
        d.second_source
            .unwrap_or("")
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut report = Report::default();
    let mut used: BTreeSet<(usize, String)> = BTreeSet::new();
    for f in &facts {
        if f.agrees() {
            continue;
        }
        let hit = disputes.iter().enumerate().find(|(_, d)| {
            d.row == f.row
                && d.field == f.field
                && d.theirs == f.theirs
                && names(d).contains(&f.source)
        });
        match hit {
            Some((i, _)) => {
                used.insert((i, f.source.clone()));
                report.disputed.push(f.clone());
            }
            None => report.unrecorded.push(f.clone()),
        }
    }
    let compared_sources: BTreeSet<&str> = facts.iter().map(|f| f.source.as_str()).collect();
    for (i, d) in disputes.iter().enumerate() {
        for s in names(d) {
            if compared_sources.contains(s.as_str()) && !used.contains(&(i, s.clone())) {
                report.outdated_disputes.push(format!("{} {} {s}", d.row, d.field));
            }
        }
    }
    report.facts = facts;
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope<'static> {
        Scope {
            source: "models-dev:alibaba",
            family: SurfaceFamily::Dashscope,
            region: "intl",
            lists_availability: true,
            compare_prices: true,
        }
    }

    fn qwen_max() -> SourceModel {
        SourceModel {
            id: "qwen-max".into(),
            max_output: Some(8192),
            tool_call: Some(true),
            cost: vec![SourceTier {
                above: 0,
                input: Some(1.6),
                output: Some(6.4),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn agreeing_facts_and_an_unrecorded_disagreement() {
        let mut m = qwen_max();
        m.max_output = Some(4096);
        let known: BTreeSet<String> = ["qwen-max".to_string(), "qwen-flash".to_string()].into();
        let facts = compare_scope(scope(), &[m], &known);
        let get =
            |field: &str| facts.iter().find(|f| f.field == field && f.row == "model:qwen-max");
        assert_eq!(get("price.input").map(|f| f.agrees()), Some(true));
        assert_eq!(
            get("max_output").map(|f| (f.ours.as_str(), f.theirs.as_str())),
            Some(("8192", "4096"))
        );
        // qwen-flash is known to the source but not listed here: "not served" by this provider.
        let flash = facts.iter().find(|f| f.row == "model:qwen-flash").expect("availability");
        assert_eq!((flash.ours.as_str(), flash.theirs.as_str()), ("yes", "no"));
        let report = judge(facts, &[]);
        assert_eq!(report.unrecorded.len(), 2);
        assert!(report.line().starts_with("second sources: "));
    }

    #[test]
    fn a_dispute_covers_only_the_value_it_records_and_must_still_occur() {
        let mut m = qwen_max();
        m.max_output = Some(4096);
        let known: BTreeSet<String> = ["qwen-max".to_string()].into();
        let facts = compare_scope(scope(), &[m], &known);
        let d = |theirs: &'static str| Dispute {
            row: "model:qwen-max",
            field: "max_output",
            ours: "8192",
            ours_source: "x",
            theirs,
            theirs_source: "y",
            why: "z",
            checked: "2026-12-02",
            second_source: Some("models-dev:alibaba"),
        };
        let ok = judge(facts.clone(), &[d("4096")]);
        assert!(ok.unrecorded.is_empty() && ok.outdated_disputes.is_empty());
        assert_eq!(ok.disputed.len(), 1);
        let wrong_value = judge(facts.clone(), &[d("2048")]);
        assert_eq!(wrong_value.unrecorded.len(), 1);
        assert_eq!(wrong_value.outdated_disputes.len(), 1);
        let agreeing = compare_scope(scope(), &[qwen_max()], &known);
        assert_eq!(judge(agreeing, &[d("4096")]).outdated_disputes.len(), 1);
    }
}
