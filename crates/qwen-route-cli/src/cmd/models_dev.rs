//! `qwen-route catalog --format models-dev`: the catalog's Qwen facts in models.dev's layout
//! (`providers/<provider>/provider.toml` and `providers/<provider>/models/<id>.toml`), with our
//! source and checked date in each file's header comment.
//!
//! Written for this project from models.dev's published schema. The catalog does not record a
//! model's release date, whether its weights are open, or its output modalities, which
//! models.dev requires; each file says so, so a contributor fills them in before submitting.

use std::fmt::Write as _;
use std::path::Path;

use qwen_route::catalog::{self, Model, Plan, Surface, ThinkingClass, ThinkingControl};

use crate::Failure;

/// The providers written, with the surface each one stands for.
const PROVIDERS: &[(&str, &str)] = &[
    ("alibaba", "dashscope-intl"),
    ("alibaba-cn", "dashscope-cn"),
    ("alibaba-coding-plan", "coding-plan-intl"),
    ("alibaba-coding-plan-cn", "coding-plan-cn"),
];

/// One file of the export: its path below the output directory and its text.
pub(crate) struct File {
    pub path: String,
    pub text: String,
}

/// Every file of the export.
pub(crate) fn files() -> Result<Vec<File>, Failure> {
    let mut out = Vec::new();
    for (provider, surface_id) in PROVIDERS {
        let s = catalog::surface(surface_id)
            .ok_or_else(|| Failure(format!("the catalog has no surface {surface_id}")))?;
        let region = s.region.unwrap_or_default();
        out.push(File {
            path: format!("providers/{provider}/provider.toml"),
            text: provider_toml(s),
        });
        let mut seen = std::collections::BTreeSet::new();
        for m in catalog::models()
            .iter()
            .filter(|m| m.served_on(s.family) && m.offered_in(s.family, region))
        {
            if seen.insert(m.id) {
                out.push(File {
                    path: format!("providers/{provider}/models/{}.toml", m.id),
                    text: model_toml(m, s),
                });
            }
        }
    }
    Ok(out)
}

/// Write the export under `dir`, or return it as one stream with a header line per file.
pub(crate) fn run(out_dir: Option<&Path>) -> Result<String, Failure> {
    let files = files()?;
    match out_dir {
        Some(dir) => {
            for f in &files {
                let path = dir.join(&f.path);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| Failure(format!("cannot create {}: {e}", parent.display())))?;
                }
                std::fs::write(&path, &f.text)
                    .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))?;
            }
            Ok(format!("wrote {} files under {}\n", files.len(), dir.display()))
        }
        None => Ok(files.iter().map(|f| format!("# ==> {}\n{}\n", f.path, f.text)).collect()),
    }
}

/// A TOML basic string (JSON's escapes are valid TOML escapes).
fn s(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

fn first_url(source: &str) -> Option<&str> {
    source.split_whitespace().find(|w| w.starts_with("https://"))
}

fn provider_toml(surface: &Surface) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Written by `qwen-route catalog --format models-dev` ({}).",
        catalog::CATALOG_VERSION
    );
    let _ = writeln!(o, "# source: {}", surface.source);
    let _ = writeln!(o, "# checked: {}", surface.checked);
    let _ = writeln!(o, "name = {}", s(surface.name));
    let env: Vec<String> = surface.env_vars.iter().map(|e| s(e)).collect();
    let _ = writeln!(o, "env = [{}]", env.join(", "));
    let _ = writeln!(o, "npm = \"@ai-sdk/openai-compatible\"");
    let _ = writeln!(o, "api = {}", s(surface.base_url));
    if let Some(doc) = first_url(surface.source.get()) {
        let _ = writeln!(o, "doc = {}", s(doc));
    }
    o
}

fn model_toml(m: &Model, surface: &Surface) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Written by `qwen-route catalog --format models-dev` ({}).",
        catalog::CATALOG_VERSION
    );
    let _ = writeln!(o, "# source: {}", m.source);
    let _ = writeln!(o, "# checked: {}", m.checked);
    if !m.unconfirmed.is_empty() {
        let _ = writeln!(o, "# unconfirmed: {}", m.unconfirmed.join(", "));
    }
    for d in catalog::disputes_of(&format!("model:{}", m.id)) {
        let _ = writeln!(
            o,
            "# disputed {}: {} ({}) against {} ({})",
            d.field, d.ours, d.ours_source, d.theirs, d.theirs_source
        );
    }
    let _ = writeln!(
        o,
        "# Not recorded by qwen-route, required by models.dev: release_date, open_weights, modalities.output."
    );
    let _ = writeln!(o, "name = {}", s(m.name));
    let attach = m.input.iter().any(|i| !matches!(i, catalog::Modality::Text));
    let _ = writeln!(o, "attachment = {attach}");
    let thinks = m.thinking != ThinkingClass::None;
    let _ = writeln!(o, "reasoning = {thinks}");
    if thinks {
        let mut options = Vec::new();
        if m.thinking.is_hybrid() {
            options.push("{ type = \"toggle\" }".to_string());
        }
        if m.thinking_control == ThinkingControl::ReasoningEffort {
            options.push(
                "{ type = \"effort\", values = [\"none\", \"minimal\", \"low\", \"medium\", \"high\", \"xhigh\"] }"
                    .to_string(),
            );
        }
        if let Some((min, max)) = m.thinking_budget_range() {
            options.push(format!("{{ type = \"budget_tokens\", min = {min}, max = {max} }}"));
        }
        let _ = writeln!(o, "reasoning_options = [{}]", options.join(", "));
    }
    let _ = writeln!(o, "tool_call = {}", m.tools);
    let _ = writeln!(o, "structured_output = {}", m.json_schema);
    let _ = writeln!(o, "last_updated = {}", s(m.checked));
    let _ = writeln!(o, "\n[limit]");
    if let Some(c) = m.context {
        let _ = writeln!(o, "context = {c}");
    }
    if let Some(i) = m.max_input {
        let _ = writeln!(o, "input = {i}");
    }
    if let Some(out) = m.max_output {
        let _ = writeln!(o, "output = {out}");
    }
    let input: Vec<String> = m.input.iter().map(|i| s(i.as_str())).collect();
    let _ = writeln!(o, "\n[modalities]\ninput = [{}]", input.join(", "));
    if let Some(p) = surface
        .region
        .filter(|_| surface.plan == Plan::Payg)
        .and_then(|r| catalog::price(m.id, r, Plan::Payg))
        .filter(|p| p.currency == "USD")
    {
        let _ = writeln!(o, "\n# prices: {} (checked {})", p.source, p.checked);
        let mut lower = None;
        for (i, t) in p.tiers.iter().enumerate() {
            if i == 0 {
                let _ = writeln!(o, "[cost]");
            } else {
                let _ = writeln!(o, "\n[[cost.tiers]]");
                let _ =
                    writeln!(o, "tier = {{ type = \"context\", size = {} }}", lower.unwrap_or(0));
            }
            let _ = writeln!(o, "input = {:?}\noutput = {:?}", t.input, t.output);
            for (k, v) in [
                ("reasoning", t.thinking_output),
                ("cache_read", t.cached_input),
                ("cache_write", t.cache_write),
            ] {
                if let Some(v) = v {
                    let _ = writeln!(o, "{k} = {v:?}");
                }
            }
            lower = t.up_to;
            if lower.is_none() {
                break;
            }
        }
    }
    o
}
