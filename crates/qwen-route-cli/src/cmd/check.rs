//! `qwen-route check` and `qwen-route models`

use qwen_route::assemble::{assemble_auto, looks_like_sse, AssembleOptions};
use qwen_route::check::{check_structured, schema_of_request};
use qwen_route::models::{diff_models, parse_models};
use qwen_route::route::{route, RouteRequest};

use crate::{input, Failure};

/// Check an answer (stdin) against a JSON Schema.
#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// A JSON Schema, a {"name","schema"} wrapper, or a request body with response_format.
    #[arg(long)]
    schema: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Compare a /models answer (stdin) with the catalog.
#[derive(clap::Args)]
pub(crate) struct ModelsArgs {
    /// The surface that answered.
    #[arg(long)]
    surface: String,
    /// Also route this workload to what the server really has.
    #[arg(long)]
    workload: Option<String>,
    /// Print a proposed catalog patch (TOML): new ids, ids gone, changed limits, modalities and
    /// prices, each naming the listing as its source. Reads the compatible `/models` list or
    /// DashScope's native `/api/v1/models` listing.
    #[arg(long)]
    propose: bool,
    /// The date stamped on a proposal (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE", requires = "propose")]
    today: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run_check(a: CheckArgs) -> Result<(String, bool), Failure> {
    let doc = input::read_json(&a.schema)?;
    let schema = if let Some(s) = schema_of_request(&doc) {
        s.clone()
    } else if doc.get("schema").is_some_and(|s| s.is_object()) && doc.get("name").is_some() {
        doc["schema"].clone()
    } else {
        doc
    };
    let raw = input::read_bytes("-")?;
    // Accept a bare answer, a chat.completion body, or a stream.
    let answer = if looks_like_sse(&raw)
        || serde_json::from_slice::<serde_json::Value>(&raw)
            .ok()
            .is_some_and(|v| v.get("choices").is_some())
    {
        assemble_auto(&raw, &AssembleOptions::default()).answer().to_string()
    } else {
        String::from_utf8_lossy(&raw).into_owned()
    };
    let r = check_structured(&answer, &schema);
    if a.json {
        return Ok((format!("{}\n", serde_json::to_string_pretty(&r)?), r.valid));
    }
    let mut o = String::new();
    if r.valid {
        o.push_str("valid: the answer matches the schema\n");
    } else if !r.parsed {
        o.push_str(&format!(
            "invalid: the answer is not JSON ({})\n",
            r.parse_error.as_deref().unwrap_or("")
        ));
    } else {
        o.push_str(&format!("invalid: {} error(s)\n", r.errors.len()));
        for e in &r.errors {
            o.push_str(&format!("  {} [{}] {}\n", e.path, e.keyword, e.message));
        }
    }
    if let Some(how) = r.extracted {
        o.push_str(&format!("note: the JSON was {how} in the answer, not the whole answer\n"));
    }
    if !r.unchecked_keywords.is_empty() {
        o.push_str(&format!("note: not checked: {}\n", r.unchecked_keywords.join(", ")));
    }
    Ok((o, r.valid))
}

pub(crate) fn run_models(a: ModelsArgs) -> Result<String, Failure> {
    let surface = qwen_route::catalog::surface(&a.surface).ok_or_else(|| {
        qwen_route::Error::UnknownSurface {
            id: a.surface.clone(),
            suggestion: qwen_route::catalog::suggest(
                &a.surface,
                qwen_route::catalog::surfaces().iter().map(|s| s.id),
            )
            .map(str::to_string),
        }
    })?;
    let bytes = input::read_bytes("-")?;
    if a.propose {
        let today = match &a.today {
            Some(t) => qwen_route::catalog::CivilDate::parse(t)
                .ok_or_else(|| Failure(format!("--today {t:?} is not a YYYY-MM-DD date")))?,
            None => super::catalog::today(),
        };
        let listing = qwen_route::models::read_listing(&bytes)?;
        let p = qwen_route::models::propose(surface, &listing, &today.to_string(), None);
        if a.json {
            return Ok(format!("{}\n", serde_json::to_string_pretty(&p)?));
        }
        return Ok(p.to_toml());
    }
    let live = parse_models(&bytes)?;
    let diff = diff_models(surface, &live.ids);
    let picked = match &a.workload {
        Some(w) => {
            let mut req = RouteRequest::new(w.clone());
            req.surface = Some(surface.id.to_string());
            req.live_models = Some(live.ids.clone());
            Some(route(&req)?)
        }
        None => None,
    };
    if a.json {
        let v = serde_json::json!({ "live": live, "diff": diff, "route": picked });
        return Ok(format!("{}\n", serde_json::to_string_pretty(&v)?));
    }
    let mut o = format!("{}: {} live models ({} shape)\n", surface.id, live.ids.len(), live.shape);
    o.push_str(&format!("  in the catalog and live: {}\n", list(&diff.matched)));
    o.push_str(&format!("  live but not catalogued: {}\n", list(&diff.live_unknown)));
    o.push_str(&format!("  catalogued but not live: {}\n", list(&diff.catalogued_missing)));
    for (live_id, cat) in &diff.case_mismatches {
        o.push_str(&format!("  ! {live_id} differs from the catalogued {cat} only in case: ids are case-sensitive\n"));
    }
    if let Some(r) = picked {
        o.push_str(&format!("route {} → {} (live)\n", r.workload, r.model));
    }
    Ok(o)
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "-".into()
    } else {
        ids.join(", ")
    }
}
