//! A reader for models.dev's layout: `providers/<provider>/models/<id>.toml`, where a model may
//! name a `base_model` under `models/<path>.toml` and inherit from it (tables merge, arrays are
//! replaced, `base_model_omit` removes inherited paths, and `id`, `benchmarks`, `license`,
//! `links` and `weights` are never inherited). Files may be symbolic links.
//!
//! Written for this project from models.dev's published schema (`packages/core/src/schema.ts`);
//! only the fields the comparison needs are read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Value;

use crate::{modality, round_price, sort_modalities, SourceModel, SourceTier};

/// Fields a provider model never inherits from its base model.
const NOT_INHERITED: &[&str] = &["id", "benchmarks", "license", "links", "weights"];

/// Every model of each named provider, sorted by id.
pub fn read_tree(
    root: &Path,
    providers: &[&str],
) -> Result<BTreeMap<String, Vec<SourceModel>>, String> {
    let mut out = BTreeMap::new();
    for p in providers {
        out.insert((*p).to_string(), read_provider(root, p)?);
    }
    Ok(out)
}

/// Every model of one provider, sorted by id.
pub fn read_provider(root: &Path, provider: &str) -> Result<Vec<SourceModel>, String> {
    let dir = root.join("providers").join(provider).join("models");
    let mut files = Vec::new();
    collect_toml(&dir, &mut files)?;
    let mut models = Vec::new();
    for file in files {
        let id = file
            .strip_prefix(&dir)
            .map_err(|e| format!("{}: {e}", file.display()))?
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        let value = resolve(root, &file)?;
        models.push(normalize(&id, &value).map_err(|e| format!("{}: {e}", file.display()))?);
    }
    models.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(models)
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn load(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A provider model with its base model merged in.
fn resolve(root: &Path, file: &Path) -> Result<Value, String> {
    let mut own = load(file)?;
    let Some(base) = own.get("base_model").and_then(Value::as_str).map(str::to_string) else {
        return Ok(own);
    };
    let base_file = root.join("models").join(format!("{base}.toml"));
    let mut merged = load(&base_file)?;
    if let Value::Table(t) = &mut merged {
        for k in NOT_INHERITED {
            t.remove(*k);
        }
    }
    let omit: Vec<String> = own
        .get("base_model_omit")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    for path in omit {
        remove_path(&mut merged, &path);
    }
    if let Value::Table(t) = &mut own {
        t.remove("base_model");
        t.remove("base_model_omit");
    }
    merge(&mut merged, own);
    Ok(merged)
}

fn remove_path(v: &mut Value, dotted: &str) {
    let mut parts: Vec<&str> = dotted.split('.').collect();
    let Some(last) = parts.pop() else { return };
    let mut cur = v;
    for p in parts {
        match cur.get_mut(p) {
            Some(next) => cur = next,
            None => return,
        }
    }
    if let Value::Table(t) = cur {
        t.remove(last);
    }
}

/// Tables merge key by key; anything else (arrays included) is replaced.
fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Table(b), Value::Table(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(existing) if existing.is_table() && v.is_table() => merge(existing, v),
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, o) => *b = o,
    }
}

fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn count(v: Option<&Value>) -> Option<u64> {
    num(v).filter(|n| *n >= 0.0).map(|n| n as u64)
}

fn tier_from(v: &Value, above: u64) -> SourceTier {
    let p = |k: &str| num(v.get(k)).map(round_price);
    SourceTier {
        above,
        input: p("input"),
        output: p("output"),
        reasoning: p("reasoning"),
        cache_read: p("cache_read"),
        cache_write: p("cache_write"),
    }
}

/// The facts of one resolved model file.
pub fn normalize(id: &str, v: &Value) -> Result<SourceModel, String> {
    if !v.is_table() {
        return Err("not a TOML table".into());
    }
    let limit = v.get("limit");
    let input =
        v.get("modalities").and_then(|m| m.get("input")).and_then(Value::as_array).map(|a| {
            let mut m: Vec<String> = a
                .iter()
                .filter_map(Value::as_str)
                .filter_map(modality)
                .map(str::to_string)
                .collect();
            sort_modalities(&mut m);
            m
        });
    let options: Vec<&Value> = v
        .get("reasoning_options")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let has =
        |kind: &str| options.iter().any(|o| o.get("type").and_then(Value::as_str) == Some(kind));
    let reasoning = v.get("reasoning").and_then(Value::as_bool);
    let budget = options
        .iter()
        .find(|o| o.get("type").and_then(Value::as_str) == Some("budget_tokens"))
        .and_then(|o| count(o.get("max")));
    let mut cost = Vec::new();
    if let Some(c) = v.get("cost").filter(|c| c.is_table()) {
        cost.push(tier_from(c, 0));
        for t in c.get("tiers").and_then(Value::as_array).into_iter().flatten() {
            let size = count(t.get("tier").and_then(|x| x.get("size")))
                .ok_or_else(|| "a cost tier has no tier.size".to_string())?;
            cost.push(tier_from(t, size));
        }
        cost.sort_by_key(|t| t.above);
    }
    Ok(SourceModel {
        id: id.to_string(),
        context: count(limit.and_then(|l| l.get("context"))),
        max_input: count(limit.and_then(|l| l.get("input"))),
        max_output: count(limit.and_then(|l| l.get("output"))),
        input,
        input_flags: Vec::new(),
        reasoning,
        reasoning_toggle: (reasoning == Some(true) && !options.is_empty()).then(|| has("toggle")),
        reasoning_effort: (reasoning == Some(true) && !options.is_empty()).then(|| has("effort")),
        max_thinking_budget: budget,
        tool_call: v.get("tool_call").and_then(Value::as_bool),
        structured_output: v.get("structured_output").and_then(Value::as_bool),
        cost,
        status: v.get("status").and_then(Value::as_str).map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> PathBuf {
        let root = std::env::temp_dir().join(format!(
            "md-tree-{}-{}",
            std::process::id(),
            files.len() + files.iter().map(|f| f.1.len()).sum::<usize>()
        ));
        let _ = std::fs::remove_dir_all(&root);
        for (path, text) in files {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        root
    }

    #[test]
    fn base_models_are_inherited_merged_and_omitted() {
        let root = tree(&[
            (
                "models/alibaba/m.toml",
                "name = \"M\"\nreasoning = true\nlicense = \"x\"\n[limit]\ncontext = 1000\noutput = 10\n[modalities]\ninput = [\"text\", \"image\", \"pdf\"]\noutput = [\"text\"]\n[cost]\ninput = 1\noutput = 2\nreasoning = 3\n",
            ),
            (
                "providers/p/models/m.toml",
                "base_model = \"alibaba/m\"\nbase_model_omit = [\"cost.reasoning\"]\nattachment = false\ntool_call = true\nrelease_date = \"2026-01\"\nlast_updated = \"2026-01\"\nopen_weights = false\nreasoning_options = [{ type = \"toggle\" }, { type = \"budget_tokens\", max = 500 }]\n[limit]\noutput = 20\n[modalities]\ninput = [\"video\", \"text\"]\n[[cost.tiers]]\ninput = 4\noutput = 5\ntier = { size = 256000 }\n",
            ),
            ("providers/p/models/ns/other.toml", "name = \"O\"\n[limit]\ncontext = 5\noutput = 1\n"),
        ]);
        let models = read_provider(&root, "p").expect("read");
        assert_eq!(models.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["m", "ns/other"]);
        let m = &models[0];
        assert_eq!((m.context, m.max_output), (Some(1000), Some(20)), "tables merge");
        assert_eq!(
            m.input.as_deref(),
            Some(&["text".to_string(), "video".to_string()][..]),
            "arrays replace"
        );
        assert_eq!(
            (m.reasoning_toggle, m.reasoning_effort, m.max_thinking_budget),
            (Some(true), Some(false), Some(500))
        );
        assert_eq!(m.cost.len(), 2);
        assert_eq!(m.cost[0].reasoning, None, "omitted");
        assert_eq!((m.cost[1].above, m.cost[1].input), (256_000, Some(4.0)));
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        let root = tree(&[("providers/q/models/bad.toml", "limit = [")]);
        assert!(read_provider(&root, "q").is_err());
        assert!(read_provider(&root, "missing").is_err());
        let _ = std::fs::remove_dir_all(root);
    }
}
