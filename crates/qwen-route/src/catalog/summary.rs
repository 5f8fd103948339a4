//! A plain-text rendering of the catalog: what `qwen-route catalog` prints, and the committed
//! snapshot that makes every changed fact a reviewed diff. Unconfirmed facts end with `?`,
//! disputed ones (`catalog/disputes.toml`) with `!`, and every row says when it was checked.

use std::fmt::Write as _;

use super::types::{Model, Surface};
use super::{models, regions, surfaces, workloads, CATALOG_VERSION};

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
    let u = |f: &str| mark(s.is_unconfirmed(f), s.disputed.contains(&f));
    format!(
        "{:<20} {:<11} {:<11} {:<9} {}{} | {} | key {}{} {} ({}) | cors {}{}{} | usage-in-stream {}{} | images {}{} | {} | checked {}",
        s.id,
        match s.hosting {
            super::Hosting::Hosted => "hosted",
            super::Hosting::SelfHosted => "self-hosted",
        },
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
        match s.key {
            super::KeyRequirement::Required => "required",
            super::KeyRequirement::Optional => "optional",
            super::KeyRequirement::Ignored => "ignored",
        },
        s.env_vars.join(","),
        match s.cors {
            super::CorsPolicy::Refused => "refused",
            super::CorsPolicy::Permissive => "permissive",
            super::CorsPolicy::AllowList => "allow-list",
            super::CorsPolicy::Unknown => "unknown",
        },
        u("cors"),
        s.cors_setting.map(|c| format!(" ({c})")).unwrap_or_default(),
        s.stream_usage,
        u("stream_usage"),
        match s.images {
            super::ImageInput::UrlOrData => "url-or-data",
            super::ImageInput::DataOnly => "data-only",
        },
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
pub fn summary_line_model(m: &Model) -> String {
    let u = |f: &str| mark(m.is_unconfirmed(f), m.disputed.contains(&f));
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
        if m.regions.is_empty() {
            String::new()
        } else {
            format!(" | regions {}", m.regions.join(","))
        },
        m.checked,
    )
}

/// How old the facts are: the oldest and newest `checked` dates, and how many facts are
/// unconfirmed or disputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct FactsAge {
    /// The oldest `checked` date among the rows.
    pub oldest: &'static str,
    /// The newest.
    pub newest: &'static str,
    /// Facts the sources do not confirm.
    pub unconfirmed: usize,
    /// Facts public sources disagree on (`catalog/disputes.toml`).
    pub disputed: usize,
}

impl FactsAge {
    /// "facts checked 2026-11-21 to 2026-12-02 · 12 unconfirmed · 10 disputed".
    ///
    /// ```
    /// let a = qwen_route::catalog::facts_age();
    /// assert!(a.line().starts_with("facts checked "));
    /// ```
    pub fn line(&self) -> String {
        let dates = if self.oldest == self.newest {
            self.newest.to_string()
        } else {
            format!("{} to {}", self.oldest, self.newest)
        };
        let mut s = format!("facts checked {dates}");
        if self.unconfirmed > 0 {
            s.push_str(&format!(" · {} unconfirmed", self.unconfirmed));
        }
        if self.disputed > 0 {
            s.push_str(&format!(" · {} disputed", self.disputed));
        }
        s
    }
}

/// The age of the whole catalog's surface and model rows.
pub fn facts_age() -> FactsAge {
    let dates = surfaces().iter().map(|s| s.checked).chain(models().iter().map(|m| m.checked));
    let (mut oldest, mut newest) = ("9999-12-31", "0000-01-01");
    for d in dates {
        oldest = oldest.min(d);
        newest = newest.max(d);
    }
    FactsAge {
        oldest,
        newest,
        unconfirmed: surfaces().iter().map(|s| s.unconfirmed.len()).sum::<usize>()
            + models().iter().map(|m| m.unconfirmed.len()).sum::<usize>(),
        disputed: super::disputes().len(),
    }
}

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
    let _ = writeln!(o, "{}", facts_age().line());
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
    let _ = writeln!(o, "\nModels ({})", models().len());
    for m in models() {
        let _ = writeln!(o, "  {}", summary_line_model(m));
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
