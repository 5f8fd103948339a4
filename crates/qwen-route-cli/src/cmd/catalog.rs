//! `qwen-route catalog`

use qwen_route::catalog;

use crate::{text, Failure};

/// Show the catalog, or one surface or model in detail.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Show one surface in detail (with the models it serves).
    #[arg(long)]
    surface: Option<String>,
    /// Show one model in detail (every row with this id).
    #[arg(long)]
    model: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// List the rows checked more than DAYS days ago; exit code 1 when there are any.
    #[arg(long, value_name = "DAYS")]
    stale: Option<u32>,
    /// The date `--stale` counts from (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE", requires = "stale")]
    today: Option<String>,
    /// List the facts public sources disagree on, with both sources and why.
    #[arg(long)]
    disputes: bool,
    /// Write the catalog in another project's schema: `models-dev`.
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// With --format: the directory to write into (default: one stream on stdout).
    #[arg(long, value_name = "DIR", requires = "format")]
    out: Option<std::path::PathBuf>,
}

/// Run `catalog`; the flag is false when `--stale` found rows (exit code 1).
pub(crate) fn run_checked(a: Args) -> Result<(String, bool), Failure> {
    if let Some(days) = a.stale {
        return stale(days, a.today.as_deref(), a.json);
    }
    run(a).map(|out| (out, true))
}

/// Today, from the system clock (UTC).
pub(crate) fn today() -> catalog::CivilDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    catalog::CivilDate::from_unix_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

fn stale(days: u32, today_arg: Option<&str>, json: bool) -> Result<(String, bool), Failure> {
    let today = match today_arg {
        Some(t) => catalog::CivilDate::parse(t)
            .ok_or_else(|| Failure(format!("--today {t:?} is not a YYYY-MM-DD date")))?,
        None => today(),
    };
    let rows = catalog::stale_rows(today, days);
    if json {
        let v = serde_json::json!({ "today": today.to_string(), "days": days, "stale": rows });
        return Ok((format!("{}\n", serde_json::to_string_pretty(&v)?), rows.is_empty()));
    }
    if rows.is_empty() {
        return Ok((format!("no row was checked more than {days} days before {today}\n"), true));
    }
    let mut o = format!("{} rows were checked more than {days} days before {today}:\n", rows.len());
    for r in &rows {
        o.push_str(&format!("  {:<56} checked {} ({} days)\n", r.row, r.checked, r.age_days));
    }
    Ok((o, false))
}

fn disputes_text() -> String {
    let mut o = String::new();
    for d in catalog::disputes() {
        o.push_str(&format!("{} · {} (checked {})\n", d.row, d.field, d.checked));
        o.push_str(&format!("  ours:   {} — {}\n", d.ours, d.ours_source));
        o.push_str(&format!("  theirs: {} — {}\n", d.theirs, d.theirs_source));
        if let Some(s) = d.second_source {
            o.push_str(&format!("  second source: {s} (tests/second-sources/)\n"));
        }
        o.push_str(&format!("  why: {}\n", d.why));
    }
    o
}

fn run(a: Args) -> Result<String, Failure> {
    if let Some(f) = &a.format {
        return match f.as_str() {
            "models-dev" => super::models_dev::run(a.out.as_deref()),
            other => Err(Failure(format!("unknown --format {other:?} (known: models-dev)"))),
        };
    }
    if a.disputes {
        if a.json {
            return Ok(format!("{}\n", serde_json::to_string_pretty(catalog::disputes())?));
        }
        return Ok(disputes_text());
    }
    if let Some(id) = &a.surface {
        let s = catalog::surface(id).ok_or_else(|| qwen_route::Error::UnknownSurface {
            id: id.clone(),
            suggestion: catalog::suggest(id, catalog::surfaces().iter().map(|s| s.id))
                .map(str::to_string),
        })?;
        let served: Vec<&catalog::Model> = catalog::models()
            .iter()
            .filter(|m| m.served_on(s.family) && s.region.is_none_or(|r| m.offered_in(s.family, r)))
            .collect();
        if a.json {
            let v = serde_json::json!({ "surface": s, "models": served, "catalog_version": catalog::CATALOG_VERSION });
            return Ok(format!("{}\n", serde_json::to_string_pretty(&v)?));
        }
        return Ok(text::surface_detail(s, &served));
    }
    if let Some(id) = &a.model {
        // The same resolution as `shape` and `route`: aliases and provider prefixes.
        let r = catalog::resolve_reference(id);
        let rows: Vec<&catalog::Model> =
            catalog::models().iter().filter(|m| !r.id.is_empty() && m.id == r.id).collect();
        if rows.is_empty() {
            let hint = catalog::suggest(id, catalog::models().iter().map(|m| m.id))
                .map(|s| format!(" (did you mean {s:?}?)"))
                .unwrap_or_default();
            return Err(Failure(format!("unknown model {id:?}{hint}")));
        }
        if a.json {
            // Each row with its price rows and disputes, so nothing about it needs a second call.
            let detailed: Vec<serde_json::Value> = rows
                .iter()
                .map(|m| {
                    let mut v = serde_json::to_value(m).unwrap_or_default();
                    if let Some(o) = v.as_object_mut() {
                        let prices: Vec<&catalog::Price> =
                            catalog::prices().iter().filter(|p| p.model == m.id).collect();
                        o.insert("prices".into(), serde_json::to_value(prices).unwrap_or_default());
                        o.insert(
                            "disputes".into(),
                            serde_json::to_value(catalog::disputes_of(&format!("model:{}", m.id)))
                                .unwrap_or_default(),
                        );
                    }
                    v
                })
                .collect();
            return Ok(format!("{}\n", serde_json::to_string_pretty(&detailed)?));
        }
        let via = match &r.via {
            Some(catalog::ResolvedVia::Alias { alias }) => {
                format!("{id} → {} (alias: {})\n\n", alias.target, alias.note)
            }
            Some(catalog::ResolvedVia::Prefix { prefix }) => {
                format!("{id} → {} (provider prefix {prefix} removed)\n\n", r.wire_id)
            }
            None => String::new(),
        };
        return Ok(format!(
            "{via}{}",
            rows.iter().map(|m| text::model_detail(m)).collect::<Vec<_>>().join("\n")
        ));
    }
    if a.json {
        let v = serde_json::json!({
            "catalog_version": catalog::CATALOG_VERSION,
            "regions": catalog::regions(),
            "surfaces": catalog::surfaces(),
            "models": catalog::models(),
            "prefixes": catalog::prefixes(),
            "aliases": catalog::aliases(),
            "workloads": catalog::workloads(),
            "upstream_errors": catalog::upstream_errors(),
            "prices": catalog::prices(),
            "disputes": catalog::disputes(),
            "facts": catalog::facts_age(),
        });
        return Ok(format!("{}\n", serde_json::to_string_pretty(&v)?));
    }
    Ok(catalog::render_summary())
}
