//! What the data-driven test files share: loading `tests/fixtures/<area>/*.json` and the
//! subset comparison of an expectation with an actual value.

// Each test binary compiles this module and uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Every case of an area, sorted by file name. Each must have the `required` keys and a
/// non-empty `research` (where the fact comes from).
pub fn fixtures(area: &str, required: &[&str]) -> Vec<(PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(area);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let v: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for key in required {
                assert!(v.get(key).is_some(), "{}: missing {key}", path.display());
            }
            assert!(
                !v["research"].as_str().unwrap_or("").is_empty(),
                "{}: empty research",
                path.display()
            );
            out.push((path, v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// What an expected `null` means where the actual object has no such key.
#[derive(Clone, Copy)]
pub enum Null {
    /// The key must be there (and be `null`).
    MustBePresent,
    /// A missing key matches (responses omit `None` fields).
    MatchesAbsent,
}

/// `expected` ⊆ `actual`: objects by key, arrays element by element (same length), numbers by
/// value, everything else by equality.
pub fn subset(expected: &Value, actual: &Value, path: &str, null: Null) -> Result<(), String> {
    match (expected, actual) {
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} items, got {}: {actual}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                subset(ev, av, &format!("{path}[{i}]"), null)?;
            }
            Ok(())
        }
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let p = format!("{path}.{k}");
                match a.get(k) {
                    Some(av) => subset(ev, av, &p, null)?,
                    None if ev.is_null() && matches!(null, Null::MatchesAbsent) => {}
                    None => return Err(format!("{p}: missing (expected {ev})")),
                }
            }
            Ok(())
        }
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => Ok(()),
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {a}")),
    }
}
