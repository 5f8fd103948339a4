#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! Data-driven tests of what users feed back to the catalog and what the catalog prices:
//! `tests/fixtures/models/` (a live listing → a proposed patch) and `tests/fixtures/cost/`
//! (a response's usage → its list-price cost).

use qwen_route::assemble::{assemble_body, AssembleOptions};
use qwen_route::catalog;
use qwen_route::models::{propose, read_listing};
use serde_json::Value;

mod common;

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn check_listing(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let expect = &case["expect"];
    let surface = catalog::surface(input["surface"].as_str().unwrap()).ok_or("no surface")?;
    let bytes = serde_json::to_vec(&input["listing"]).unwrap();
    let listing = match read_listing(&bytes) {
        Ok(l) => l,
        Err(e) => {
            let want = expect["error_contains"].as_str().ok_or(format!("unexpected error: {e}"))?;
            return if e.to_string().contains(want) {
                Ok(())
            } else {
                Err(format!("error {e:?} lacks {want:?}"))
            };
        }
    };
    if expect.get("error_contains").is_some() {
        return Err("expected an error".into());
    }
    let p = propose(surface, &listing, input["today"].as_str().unwrap(), None);
    if let Some(shape) = expect["shape"].as_str() {
        if p.shape != shape {
            return Err(format!("shape {} != {shape}", p.shape));
        }
    }
    let new: Vec<String> = p.new_models.iter().map(|m| m.id.clone()).collect();
    if expect.get("new").is_some() && new != strings(&expect["new"]) {
        return Err(format!("new ids {new:?}"));
    }
    if expect.get("gone").is_some() && p.gone != strings(&expect["gone"]) {
        return Err(format!("gone {:?}", p.gone));
    }
    for id in strings(&expect["gone_includes"]) {
        if !p.gone.contains(&id) {
            return Err(format!("{id} not proposed as gone"));
        }
    }
    for id in strings(&expect["gone_excludes"]) {
        if p.gone.contains(&id) {
            return Err(format!("{id} wrongly proposed as gone"));
        }
    }
    if let Some(b) = expect["gone_not_inferred"].as_bool() {
        if p.gone_not_inferred.is_some() != b {
            return Err(format!("gone_not_inferred = {:?}", p.gone_not_inferred));
        }
    }
    if let Some(changes) = expect["changes"].as_array() {
        let non_price: Vec<_> = p.changes.iter().filter(|c| c.field != "price").collect();
        if changes.is_empty() && !non_price.is_empty() {
            return Err(format!("unexpected changes {non_price:?}"));
        }
        for c in changes {
            let hit = p.changes.iter().any(|x| {
                x.model == c["model"].as_str().unwrap_or("")
                    && x.field == c["field"].as_str().unwrap_or("")
                    && c["listing"].as_str().is_none_or(|l| x.listing == l)
                    && c["catalog"].as_str().is_none_or(|v| x.catalog == v)
            });
            if !hit {
                return Err(format!("no change {c} in {:?}", p.changes));
            }
        }
    }
    for m in strings(&expect["price_changes"]) {
        if !p.changes.iter().any(|c| c.model == m && c.field == "price") {
            return Err(format!("no price change for {m}"));
        }
    }
    for pair in strings(&expect["unchanged"]) {
        let (m, f) = pair.split_once(':').unwrap();
        if p.changes.iter().any(|c| c.model == m && c.field == f) {
            return Err(format!("{pair} proposed although equal"));
        }
    }
    // Every entry of the patch names the listing and the day.
    let toml = p.to_toml();
    let entries = toml.matches("\n[[").count();
    let stamped = toml.matches(&format!("checked = \"{}\"", p.checked)).count();
    if entries != stamped || !toml.contains(&p.source) {
        return Err(format!("{entries} entries but {stamped} stamped"));
    }
    Ok(())
}

fn check_cost(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let opts: AssembleOptions = serde_json::from_value(serde_json::json!({
        "surface": input["surface"],
        "request": input["request"],
    }))
    .map_err(|e| e.to_string())?;
    let body = serde_json::to_vec(&input["body"]).unwrap();
    let a = assemble_body(&body, &opts);
    let actual = serde_json::to_value(&a).unwrap();
    let want = &case["expect"]["cost"];
    let got = actual.get("cost").cloned().unwrap_or(Value::Null);
    if want.is_null() {
        return if got.is_null() { Ok(()) } else { Err(format!("expected no cost, got {got}")) };
    }
    let mut want = want.clone();
    if let (Some(w), Some(g)) =
        (want.get("amount").and_then(Value::as_f64), got.get("amount").and_then(Value::as_f64))
    {
        if (w - g).abs() > 1e-12 {
            return Err(format!("amount {g} != {w}"));
        }
        want.as_object_mut().unwrap().remove("amount");
    }
    common::subset(&want, &got, "cost", common::Null::MustBePresent)
}

fn run(area: &str, check: fn(&Value) -> Result<(), String>, min: usize) {
    let cases = common::fixtures(area, &["name", "research", "input", "expect"]);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(path, case)| check(case).err().map(|e| format!("{}: {e}", path.display())))
        .collect();
    assert!(failures.is_empty(), "{area} fixtures failed:\n  {}", failures.join("\n  "));
    assert!(cases.len() >= min, "only {} {area} fixtures", cases.len());
}

#[test]
fn listing_fixtures() {
    run("models", check_listing, 5);
}

#[test]
fn cost_fixtures() {
    run("cost", check_cost, 7);
}
