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
}

pub(crate) fn run(a: Args) -> Result<String, Failure> {
    if let Some(id) = &a.surface {
        let s = catalog::surface(id).ok_or_else(|| qwen_route::Error::UnknownSurface {
            id: id.clone(),
            suggestion: catalog::suggest(id, catalog::surfaces().iter().map(|s| s.id))
                .map(str::to_string),
        })?;
        let served: Vec<&catalog::Model> =
            catalog::models().iter().filter(|m| m.served_on(s.family)).collect();
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
            return Ok(format!("{}\n", serde_json::to_string_pretty(&rows)?));
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
        });
        return Ok(format!("{}\n", serde_json::to_string_pretty(&v)?));
    }
    Ok(catalog::render_summary())
}
