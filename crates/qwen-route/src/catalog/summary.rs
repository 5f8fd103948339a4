//! A plain-text rendering of the catalog: what `qwen-route catalog` prints, and the committed
//! snapshot that makes every changed fact a reviewed diff. Unconfirmed facts end with `?`,
//! disputed ones (`catalog/disputes.toml`) with `!`, and every row says when it was checked.

use std::fmt::Write as _;

use super::types::{Model, Price, Surface};
use super::{models, prices, regions, surfaces, workloads, CATALOG_VERSION};
use crate::msg;
use crate::msg::Msg;

/// Whether `field` is disputed, directly or in one of its parts (`served_on.dashscope`).
fn is_disputed(disputed: &[&str], field: &str) -> bool {
    disputed
        .iter()
        .any(|d| *d == field || d.strip_prefix(field).is_some_and(|rest| rest.starts_with('.')))
}

fn mark(unconfirmed: bool, disputed: bool) -> &'static str {
    match (unconfirmed, disputed) {
        (false, false) => "",
        (true, false) => "?",
        (false, true) => "!",
        (true, true) => "!?",
    }
}

fn num(n: Option<u32>) -> String {
    n.map_or_else(|| "-".to_string(), |n| n.to_string())
}

/// One line per surface.
///
/// ```
/// let s = qwen_route::catalog::surface("coding-plan-cn").unwrap();
/// let line = qwen_route::catalog::summary_line_surface(s);
/// assert!(line.contains("coding-plan-cn") && line.contains("no /models"));
/// ```
pub fn summary_line_surface(s: &Surface) -> String {
    let u = |f: &str| mark(s.is_unconfirmed(f), is_disputed(s.disputed, f));
    format!(
        "{:<20} {:<11} {:<11} {:<9} {}{} | {} | key {}{} {} ({}) | cors {}{}{} | usage-in-stream {}{} | images {}{} | {} | checked {}",
        s.id,
        s.hosting.as_str(),
        s.plan.as_str(),
        s.dialect.as_str(),
        s.base_url,
        u("base_url"),
        match s.models_path {
            Some(p) => format!("{p}{}", u("models_path")),
            None => format!("no /models{}", u("models_path")),
        },
        s.key_prefix.unwrap_or("-"),
        u("key_prefix"),
        s.key.as_str(),
        s.env_vars.join(","),
        s.cors.as_str(),
        u("cors"),
        s.cors_setting.map(|c| format!(" ({c})")).unwrap_or_default(),
        s.stream_usage,
        u("stream_usage"),
        s.images.as_str(),
        u("images"),
        if s.is_removed() { format!("REMOVED {}", s.removed_on.unwrap_or("")) } else { "active".into() },
        s.checked,
    )
}

/// One line per model row.
///
/// ```
/// let m = qwen_route::catalog::model("qwq-plus").unwrap();
/// let line = qwen_route::catalog::summary_line_model(m);
/// assert!(line.contains("thinking only") && line.contains("streaming-only"));
/// ```
pub fn summary_line_price(p: &Price) -> String {
    let tiers: Vec<String> = p
        .tiers
        .iter()
        .map(|t| {
            let mut s = match t.up_to {
                Some(n) => format!("<={n} "),
                None => String::new(),
            };
            let _ = write!(s, "{}/{}", t.input, t.output);
            if let Some(x) = t.thinking_output {
                let _ = write!(s, " think {x}");
            }
            if let Some(x) = t.cached_input {
                let _ = write!(s, " cached {x}");
            }
            if let Some(x) = t.cache_write {
                let _ = write!(s, " write {x}");
            }
            s
        })
        .collect();
    format!(
        "{:<20} {:<4} {} {} | checked {}",
        p.model,
        p.region,
        p.currency,
        tiers.join(" · "),
        p.checked
    )
}

/// One line per model row.
pub fn summary_line_model(m: &Model) -> String {
    let u = |f: &str| mark(m.is_unconfirmed(f), is_disputed(m.disputed, f));
    let served: Vec<&str> = m.served_on.iter().map(|f| f.as_str()).collect();
    let tiers: Vec<&str> = m.coding_plan.iter().map(|t| t.as_str()).collect();
    let input: Vec<&str> = m.input.iter().map(|i| i.as_str()).collect();
    let mut flags = Vec::new();
    if m.streaming_only {
        flags.push(format!("streaming-only{}", u("streaming_only")));
    }
    if m.tools {
        flags.push(format!("tools{}", u("tools")));
    }
    if m.json_object {
        flags.push("json_object".to_string());
    }
    if m.json_schema {
        flags.push(format!("json_schema{}", u("json_schema")));
    }
    match m.system_message {
        super::SystemMessage::Allowed => {}
        super::SystemMessage::Forbidden => flags.push("no-system".into()),
        super::SystemMessage::Ignored => flags.push("system-ignored".into()),
    }
    if m.fixed_sampling {
        flags.push("fixed-sampling".into());
    }
    for r in m.requires {
        flags.push(format!("requires:{r}"));
    }
    if let Some((min, max)) = m.thinking_budget_range() {
        flags.push(format!("budget {min}..{max}{}", u("max_thinking_budget")));
    }
    format!(
        "{:<36}{} on {}{}{} | ctx {}{} in {}{} out {}{}{} | {}{} | thinking {}{}{} | {}{} | checked {}",
        m.id,
        u("id"),
        served.join(","),
        u("served_on"),
        if tiers.is_empty() {
            String::new()
        } else {
            format!(" (coding plan: {}{})", tiers.join(","), u("coding_plan"))
        },
        num(m.context),
        u("context"),
        num(m.max_input),
        u("max_input"),
        num(m.max_output),
        u("max_output"),
        m.max_tokens_ceiling.map(|c| format!(" ceiling {c}")).unwrap_or_default(),
        input.join("+"),
        u("input"),
        match m.thinking {
            super::ThinkingClass::HybridOn => "hybrid (default on)",
            super::ThinkingClass::HybridOff => "hybrid (default off)",
            super::ThinkingClass::Only => "only",
            super::ThinkingClass::None => "none",
        },
        u("thinking"),
        match m.thinking_control {
            super::ThinkingControl::EnableThinking => "",
            super::ThinkingControl::ReasoningEffort => " via reasoning_effort",
        },
        flags.join(" "),
        {
            let mut r = String::new();
            if !m.regions.is_empty() {
                r = format!(" | regions {}", m.regions.join(","));
            }
            if !m.payg_regions.is_empty() {
                r.push_str(&format!(" | pay-as-you-go {}{}", m.payg_regions.join(","), u("payg_regions")));
            }
            r
        },
        m.checked,
    )
}

/// How old a set of facts is: the oldest and newest `checked` dates of the rows they come from,
/// and which of their facts are unconfirmed or disputed. `qwen-route catalog` shows it for the
/// whole catalog; route results carry it for the rows the decision used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FactsAge {
    /// The oldest `checked` date among the rows.
    pub oldest: &'static str,
    /// The newest.
    pub newest: &'static str,
    /// How many facts the sources do not confirm.
    pub unconfirmed: usize,
    /// How many facts public sources disagree on (`catalog/disputes.toml`).
    pub disputed: usize,
    /// Those facts, as `row.field` (`model:qwen3-max.thinking`).
    pub unconfirmed_facts: Vec<String>,
    /// Those facts, as `row.field`.
    pub disputed_facts: Vec<String>,
    /// One line for people: "facts checked 2026-12-02 · 1 disputed" (a sentence with an id, so
    /// the projections show it in their language; JSON readers see the English string).
    pub line: Msg,
}

impl FactsAge {
    /// Rows as `(row, checked, unconfirmed fields, disputed fields)`.
    fn of(rows: &[Row]) -> FactsAge {
        let (mut oldest, mut newest) = ("9999-12-31", "0000-01-01");
        let mut unconfirmed_facts = Vec::new();
        let mut disputed_facts = Vec::new();
        for (row, checked, unconfirmed, disputed) in rows {
            oldest = oldest.min(*checked);
            newest = newest.max(*checked);
            unconfirmed_facts.extend(unconfirmed.iter().map(|f| format!("{row}.{f}")));
            disputed_facts.extend(disputed.iter().map(|f| format!("{row}.{f}")));
        }
        disputed_facts.dedup();
        if rows.is_empty() {
            (oldest, newest) = ("", "");
        }
        let mut a = FactsAge {
            oldest,
            newest,
            unconfirmed: unconfirmed_facts.len(),
            disputed: disputed_facts.len(),
            unconfirmed_facts,
            disputed_facts,
            line: Msg::default(),
        };
        a.line = a.render();
        a
    }

    fn render(&self) -> Msg {
        let dates = if self.oldest == self.newest {
            msg!("facts.dates.one", "{date}", date = self.newest)
        } else {
            msg!(
                "facts.dates.range",
                "{oldest} to {newest}",
                oldest = self.oldest,
                newest = self.newest
            )
        };
        let (unconfirmed, disputed) = (self.unconfirmed, self.disputed);
        let line = match (unconfirmed > 0, disputed > 0) {
            (false, false) => msg!("facts.age", "facts checked {dates}", dates = dates),
            (true, false) => msg!(
                "facts.age.unconfirmed",
                "facts checked {dates} · {unconfirmed} unconfirmed",
                dates = dates,
                unconfirmed = unconfirmed
            ),
            (false, true) => msg!(
                "facts.age.disputed",
                "facts checked {dates} · {disputed} disputed",
                dates = dates,
                disputed = disputed
            ),
            (true, true) => msg!(
                "facts.age.unconfirmed-disputed",
                "facts checked {dates} · {unconfirmed} unconfirmed · {disputed} disputed",
                dates = dates,
                unconfirmed = unconfirmed,
                disputed = disputed
            ),
        };
        line.with_part("dates", dates)
    }
}

/// One row for [`FactsAge`]: its name, checked date, unconfirmed and disputed fields.
type Row = (String, &'static str, &'static [&'static str], &'static [&'static str]);

/// The age of the whole catalog: every surface, model, alias and price row, and every dispute.
///
/// ```
/// let a = qwen_route::catalog::facts_age();
/// assert!(a.line.starts_with("facts checked "));
/// assert_eq!(a.disputed, qwen_route::catalog::disputes().iter()
///     .map(|d| (d.row, d.field)).collect::<std::collections::BTreeSet<_>>().len());
/// ```
pub fn facts_age() -> FactsAge {
    let mut rows: Vec<Row> = Vec::new();
    rows.extend(
        surfaces()
            .iter()
            .map(|s| (format!("surface:{}", s.id), s.checked, s.unconfirmed, s.disputed)),
    );
    // A model id served by two families has two rows; its disputes are recorded once per id.
    let mut seen = std::collections::BTreeSet::new();
    for m in models() {
        let disputed = if seen.insert(m.id) { m.disputed } else { NONE };
        rows.push((format!("model:{}", m.id), m.checked, m.unconfirmed, disputed));
    }
    rows.extend(
        super::aliases()
            .iter()
            .map(|a| (format!("alias:{}", a.alias), a.checked, NONE, a.disputed)),
    );
    rows.extend(prices().iter().map(|p| (format!("price:{}", p.model), p.checked, NONE, NONE)));
    rows.extend(
        super::anthropic_endpoints()
            .iter()
            .map(|e| (format!("anthropic:{}", e.surface), e.checked, e.unconfirmed, NONE)),
    );
    rows.extend(super::data::ANTHROPIC_FACTS.iter().map(|f| {
        (
            format!("anthropic-fact:{}", f.id),
            f.checked,
            if f.unconfirmed { UNCONFIRMED } else { NONE },
            NONE,
        )
    }));
    let mut a = FactsAge::of(&rows);
    // Disputes about upstream error texts belong to no row above.
    a.disputed_facts.extend(
        super::disputes()
            .iter()
            .filter(|d| d.row.starts_with("error:"))
            .map(|d| format!("{}.{}", d.row, d.field)),
    );
    a.disputed_facts.sort();
    a.disputed_facts.dedup();
    a.disputed = a.disputed_facts.len();
    a.line = a.render();
    a
}

/// The age of the rows one decision rests on: a surface, a model (every row with its id) and,
/// when the reference was an alias, that alias.
///
/// ```
/// use qwen_route::catalog;
/// let s = catalog::surface("coding-plan-intl").unwrap();
/// let a = catalog::facts_of(Some(s), Some("qwen3.6-plus"), None);
/// assert!(a.disputed_facts.contains(&"model:qwen3.6-plus.coding_plan".to_string()));
/// assert!(a.line.contains("disputed"));
/// ```
pub fn facts_of(surface: Option<&Surface>, model: Option<&str>, alias: Option<&str>) -> FactsAge {
    let mut rows: Vec<Row> = Vec::new();
    if let Some(s) = surface {
        rows.push((format!("surface:{}", s.id), s.checked, s.unconfirmed, s.disputed));
    }
    if let Some(id) = model {
        if let Some(m) = models().iter().find(|m| m.id == id) {
            // The row of the surface's family when there is one, else the first.
            let m = surface
                .and_then(|s| models().iter().find(|r| r.id == id && r.served_on(s.family)))
                .unwrap_or(m);
            rows.push((format!("model:{}", m.id), m.checked, m.unconfirmed, m.disputed));
        }
    }
    if let Some(a) = alias.and_then(|a| super::aliases().iter().find(|x| x.alias == a)) {
        rows.push((format!("alias:{}", a.alias), a.checked, NONE, a.disputed));
    }
    FactsAge::of(&rows)
}

const NONE: &[&str] = &[];
/// A fact that is unconfirmed as a whole.
const UNCONFIRMED: &[&str] = &["fact"];

/// The whole catalog as text, one fact per column; `?` marks unconfirmed facts.
///
/// ```
/// let text = qwen_route::catalog::render_summary();
/// assert!(text.starts_with("qwen-route catalog"));
/// assert!(text.contains("qwen-portal"));
/// ```
pub fn render_summary() -> String {
    let mut o = String::new();
    let _ = writeln!(o, "qwen-route catalog {CATALOG_VERSION}");
    let _ = writeln!(o, "{}", facts_age().line);
    let _ = writeln!(
        o,
        "(`?` marks a fact the sources do not confirm, `!` one they disagree on: catalog/disputes.toml)\n"
    );
    let _ = writeln!(o, "Regions");
    for r in regions() {
        let _ = writeln!(o, "  {:<5} {:<28} {}", r.id, r.name, r.cloud_region);
    }
    let _ = writeln!(o, "\nSurfaces ({})", surfaces().len());
    for s in surfaces() {
        let _ = writeln!(o, "  {}", summary_line_surface(s));
    }
    let endpoints = super::anthropic_endpoints();
    let _ = writeln!(
        o,
        "\nAnthropic Messages endpoints ({}; requests go to the base + /v1/messages)",
        endpoints.len()
    );
    for e in endpoints {
        let u = |f: &str| if e.unconfirmed.contains(&f) { "?" } else { "" };
        let auth: Vec<&str> = [(e.bearer, "bearer"), (e.x_api_key, "x-api-key")]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, a)| *a)
            .collect();
        let _ = writeln!(
            o,
            "  {:<20} {}{} | auth {}{} | bad key {}{} | models {}{} | checked {}",
            e.surface,
            e.base_url,
            u("base_url"),
            auth.join("+"),
            u("auth"),
            e.auth_status,
            u("auth_status"),
            e.models.map_or("as the surface".to_string(), |m| m.len().to_string()),
            u("models"),
            e.checked
        );
    }
    for f in super::data::ANTHROPIC_FACTS {
        let _ = writeln!(
            o,
            "  fact {}{}: {} | checked {}",
            f.id,
            if f.unconfirmed { "?" } else { "" },
            f.text,
            f.checked
        );
    }
    let _ = writeln!(o, "\nModels ({})", models().len());
    for m in models() {
        let _ = writeln!(o, "  {}", summary_line_model(m));
    }
    let _ = writeln!(o, "\nPrices (pay-as-you-go list prices per 1M tokens: input/output, thinking-mode output, cached input; by request input size)");
    for p in prices() {
        let _ = writeln!(o, "  {}", summary_line_price(p));
    }
    let _ = writeln!(o, "\nWorkloads (candidates smallest first)");
    for w in workloads() {
        let _ = writeln!(
            o,
            "  {} — thinking {}, stream {}, temperature {}",
            w.id, w.thinking, w.stream, w.temperature
        );
        for (lane, ids) in [
            ("payg", w.payg),
            ("coding-plan", w.coding_plan),
            ("token-plan", w.token_plan),
            ("ollama", w.ollama),
            ("self-hosted", w.self_hosted),
        ] {
            let _ = writeln!(
                o,
                "    {lane:<12} {}",
                if ids.is_empty() { "-".to_string() } else { ids.join(" > ") }
            );
        }
    }
    o
}
