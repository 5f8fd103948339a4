#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! Data-driven tests: every file under `tests/fixtures/route/` and `tests/fixtures/shape/` is one
//! case, `{ name, research, input, expect }`. `expect` lists only what the case is about; objects
//! match as subsets, arrays and scalars exactly, and `lint` as an exact set of codes.

use std::path::PathBuf;

use qwen_route::route::{route, RouteRequest};
use qwen_route::shape::{shape, ShapeRequest};
use serde_json::Value;

mod common;

use common::Null;

fn fixtures(area: &str) -> Vec<(PathBuf, Value)> {
    common::fixtures(area, &["name", "research", "input", "expect"])
}

/// `expected` ⊆ `actual`, every expected key present.
fn subset(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    common::subset(expected, actual, path, Null::MustBePresent)
}

fn codes(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .map(|a| a.iter().filter_map(|x| x[key].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn check_shape(case: &Value) -> Result<(), String> {
    let input: ShapeRequest =
        serde_json::from_value(case["input"].clone()).map_err(|e| format!("input: {e}"))?;
    let expect = &case["expect"];
    let result = shape(&input);
    if let Some(err) = expect.get("error").and_then(Value::as_str) {
        return match result {
            Err(e) if e.to_string().contains(err) => Ok(()),
            Err(e) => Err(format!("error {e:?} does not contain {err:?}")),
            Ok(_) => Err(format!("expected an error containing {err:?}, got a request")),
        };
    }
    let shaped = result.map_err(|e| format!("unexpected error: {e}"))?;
    // A code cites the row its entry in `lint::CODES` names, whoever emits it.
    for f in &shaped.lint {
        let listed = qwen_route::lint::CODES.iter().find(|(c, _)| *c == f.code);
        let cited = f.prevents.as_ref().map(|p| p.id());
        match listed {
            None => return Err(format!("{} is not in lint::CODES", f.code)),
            Some((_, row)) if !qwen_route::lint::may_cite(f.code, cited) => {
                return Err(format!(
                    "{} cites {cited:?}, but lint::CODES says {row:?} (ALSO_CITES allows no other)",
                    f.code
                ))
            }
            _ => {}
        }
    }
    let out = serde_json::to_value(&shaped).map_err(|e| e.to_string())?;
    let req = &out["request"];
    if let Some(url) = expect.get("url") {
        subset(url, &req["url"], "url")?;
    }
    if let Some(h) = expect.get("headers") {
        subset(h, &req["headers"], "headers")?;
    }
    for name in expect.get("headers_absent").and_then(Value::as_array).into_iter().flatten() {
        let n = name.as_str().unwrap_or("");
        if req["headers"].get(n).is_some() {
            return Err(format!("header {n} should be absent"));
        }
    }
    if let Some(b) = expect.get("body") {
        subset(b, &req["body"], "body")?;
    }
    for key in expect.get("body_absent").and_then(Value::as_array).into_iter().flatten() {
        let k = key.as_str().unwrap_or("");
        if req["body"].get(k).is_some() {
            return Err(format!("body.{k} should be absent, is {}", req["body"][k]));
        }
    }
    let lint_codes = codes(&out["lint"], "code");
    if let Some(want) = expect.get("lint").and_then(Value::as_array) {
        let mut want: Vec<String> =
            want.iter().filter_map(|c| c.as_str().map(str::to_string)).collect();
        let mut got = lint_codes.clone();
        want.sort();
        got.sort();
        if want != got {
            return Err(format!("lint codes: expected {want:?}, got {got:?}"));
        }
    }
    let finding = |code: &str| {
        out["lint"].as_array().and_then(|a| a.iter().find(|f| f["code"] == code)).cloned()
    };
    for (code, id) in expect.get("lint_prevents").and_then(Value::as_object).into_iter().flatten() {
        let f = finding(code).ok_or(format!("no finding {code}"))?;
        subset(id, &f["prevents"]["id"], &format!("lint[{code}].prevents.id"))?;
    }
    for (code, sev) in expect.get("lint_severity").and_then(Value::as_object).into_iter().flatten()
    {
        let f = finding(code).ok_or(format!("no finding {code}"))?;
        subset(sev, &f["severity"], &format!("lint[{code}].severity"))?;
    }
    for (code, patch) in expect.get("lint_patch").and_then(Value::as_object).into_iter().flatten() {
        let f = finding(code).ok_or(format!("no finding {code}"))?;
        if &f["patch"] != patch {
            return Err(format!("lint[{code}].patch: expected {patch}, got {}", f["patch"]));
        }
    }
    let note_codes = codes(&out["notes"], "code");
    for n in expect.get("notes").and_then(Value::as_array).into_iter().flatten() {
        let n = n.as_str().unwrap_or("");
        if !note_codes.iter().any(|c| c == n) {
            return Err(format!("note {n} missing; notes are {note_codes:?}"));
        }
    }
    for (code, text) in expect.get("note_contains").and_then(Value::as_object).into_iter().flatten()
    {
        let t = text.as_str().unwrap_or("");
        let found = out["notes"].as_array().into_iter().flatten().any(|n| {
            n["code"] == code.as_str() && n["text"].as_str().is_some_and(|s| s.contains(t))
        });
        if !found {
            return Err(format!("no note {code} containing {t:?}"));
        }
    }
    if let Some(e) = expect.get("effective") {
        subset(e, &out["effective"], "effective")?;
    }
    key_never_leaks(&input)
}

/// A real key-shaped value, in every place a caller could put one by mistake.
const CANARY_KEY: &str = "sk-live-FIXTURECANARY0a1b2c3d4e5f";

/// Invariant for every case: a key given in the payload (as `api_key`, `Authorization` or inside
/// `extra_body`), or only its class, never reaches the wire request, the notes or the findings.
fn key_never_leaks(input: &ShapeRequest) -> Result<(), String> {
    let mut req = input.clone();
    req.payload.insert("api_key".into(), CANARY_KEY.into());
    req.payload.insert("Authorization".into(), format!("Bearer {CANARY_KEY}").into());
    req.payload.insert("extra_body".into(), serde_json::json!({ "apiKey": CANARY_KEY }));
    req.key_class = qwen_route::catalog::KeyClass::of_key(CANARY_KEY);
    let Ok(shaped) = shape(&req) else { return Ok(()) };
    let text = serde_json::to_string(&shaped).map_err(|e| e.to_string())?;
    if text.contains("FIXTURECANARY") {
        return Err(format!("a key given in the payload leaked into the output: {text}"));
    }
    if !shaped.lint.iter().any(|f| f.code == "credential-in-body") {
        return Err("a key in the payload was removed without a finding".into());
    }
    Ok(())
}

fn check_route(case: &Value) -> Result<(), String> {
    let input: RouteRequest =
        serde_json::from_value(case["input"].clone()).map_err(|e| format!("input: {e}"))?;
    let expect = &case["expect"];
    let result = route(&input);
    if let Some(err) = expect.get("error").and_then(Value::as_str) {
        return match result {
            Err(e) if e.to_string().contains(err) => Ok(()),
            Err(e) => Err(format!("error {e:?} does not contain {err:?}")),
            Ok(r) => Err(format!(
                "expected an error containing {err:?}, got {} / {}",
                r.surface, r.model
            )),
        };
    }
    let r = result.map_err(|e| format!("unexpected error: {e}"))?;
    let out = serde_json::to_value(&r).map_err(|e| e.to_string())?;
    for key in ["surface", "model", "base_url", "env_var"] {
        if let Some(v) = expect.get(key) {
            subset(v, &out[key], key)?;
        }
    }
    if let Some(v) = expect.get("verify") {
        subset(v, &out["verify"]["method"], "verify.method")?;
    }
    if let Some(p) = expect.get("params") {
        subset(p, &out["params"], "params")?;
    }
    let rules = codes(&out["reasons"], "rule");
    for want in expect.get("reasons").and_then(Value::as_array).into_iter().flatten() {
        let w = want.as_str().unwrap_or("");
        if !rules.iter().any(|r| r == w) {
            return Err(format!("reason {w} missing; reasons are {rules:?}"));
        }
    }
    let warns = codes(&out["warnings"], "code");
    for want in expect.get("warnings").and_then(Value::as_array).into_iter().flatten() {
        let w = want.as_str().unwrap_or("");
        if !warns.iter().any(|r| r == w) {
            return Err(format!("warning {w} missing; warnings are {warns:?}"));
        }
    }
    if let Some(tp) = expect.get("two_pass").and_then(Value::as_bool) {
        if tp == out["two_pass"].is_null() {
            return Err(format!("two_pass: expected {tp}, got {}", out["two_pass"]));
        }
    }
    if let Some(s) = expect.get("two_pass_second") {
        subset(s, &out["two_pass"]["second"], "two_pass.second")?;
    }
    for pair in expect.get("fallbacks_include").and_then(Value::as_array).into_iter().flatten() {
        let found = out["fallbacks"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| f["surface"] == pair[0] && f["model"] == pair[1]);
        if !found {
            return Err(format!("fallback {pair} missing; fallbacks are {}", out["fallbacks"]));
        }
    }
    Ok(())
}

fn run(area: &str, check: fn(&Value) -> Result<(), String>) -> usize {
    let cases = fixtures(area);
    let mut failures = Vec::new();
    for (path, case) in &cases {
        if let Err(e) = check(case) {
            failures.push(format!("{}: {e}", path.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {area} fixtures failed:\n  {}",
        failures.len(),
        cases.len(),
        failures.join("\n  ")
    );
    cases.len()
}

#[test]
fn shape_fixtures() {
    let n = run("shape", check_shape);
    assert!(n >= 60, "only {n} shape fixtures");
}

/// A curl command read back: `expect` is a subset of `{ surface, model, dialect, base_url,
/// key_found, key_env, surface_via, payload }`, plus `not_imported` (the exact list of `what`)
/// and `error` (a part of the message).
fn check_curl(case: &Value) -> Result<(), String> {
    let cmd = case["input"]["command"].as_str().ok_or("input.command")?;
    let expect = &case["expect"];
    let result = qwen_route::curl::import_curl(cmd);
    if let Some(err) = expect.get("error").and_then(Value::as_str) {
        return match result {
            Err(e) if e.to_string().contains(err) => Ok(()),
            Err(e) => Err(format!("error {e:?} does not contain {err:?}")),
            Ok(_) => Err(format!("expected an error containing {err:?}, got an import")),
        };
    }
    let i = result.map_err(|e| format!("unexpected error: {e}"))?;
    let actual = serde_json::json!({
        "surface": i.request.surface,
        "model": i.request.model,
        "dialect": i.request.dialect,
        "base_url": i.request.base_url,
        "key_found": i.key_found,
        "key_env": i.key_env,
        "surface_via": i.surface_via,
        "payload": i.request.payload,
    });
    let mut want = expect.clone();
    let not_imported = want.as_object_mut().and_then(|o| o.remove("not_imported"));
    subset(&want, &actual, "")?;
    if let Some(Value::Array(list)) = not_imported {
        let got: Vec<&str> = i.not_imported.iter().map(|n| n.what.as_str()).collect();
        let want: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
        if got != want {
            return Err(format!("not_imported: expected {want:?}, got {got:?}"));
        }
    }
    // Whatever the command held, the import shapes (or says why not) without a panic.
    let _ = shape(&i.request);
    Ok(())
}

#[test]
fn curl_fixtures() {
    let n = run("curl", check_curl);
    assert!(n >= 6, "only {n} curl fixtures");
}

#[test]
fn route_fixtures() {
    let n = run("route", check_route);
    assert!(n >= 20, "only {n} route fixtures");
}

#[test]
fn every_surface_is_covered_by_a_shape_fixture() {
    let cases = fixtures("shape");
    for s in qwen_route::catalog::surfaces() {
        assert!(
            cases.iter().any(|(_, c)| c["input"]["surface"] == s.id),
            "no shape fixture for surface {}",
            s.id
        );
    }
}

/// Lint codes no shape fixture exercises, each with the reason.
const NOT_EXERCISED: &[(&str, &str)] = &[
    ("stream-invalid", "a non-boolean stream; exercised by the unit tests of shape::mod"),
    ("thinking-field-invalid", "a thinking switch of the wrong type; unit-tested in shape::payload"),
    ("extra-body-not-object", "extra_body that is not an object; unit-tested in shape::payload"),
    ("credential-in-body", "added to every shape fixture by the key-leak invariant, not listed per case"),
    ("model-not-on-plan", "no catalogued model is on one Coding Plan tier only: Lite and Pro both get every plan model (coding-plan-faq)"),
    ("model-plan-tier-unknown", "as model-not-on-plan: kept for the day tiers differ again"),
    ("effort-with-budget", "the shaper never sends both; the simulator answers it for raw bodies (crates/qwen-sim/tests/differential.rs)"),
];

/// Every code the shaper can emit is listed in `lint::CODES` and exercised by a fixture (or
/// listed above with why not); every listed code is one the shaper emits.
#[test]
fn every_lint_code_is_exercised_or_listed() {
    let cases = fixtures("shape");
    let mut seen = std::collections::BTreeSet::new();
    for (_, c) in &cases {
        for code in c["expect"]["lint"].as_array().into_iter().flatten() {
            seen.insert(code.as_str().unwrap_or("").to_string());
        }
        for code in c["expect"]["lint_patch"].as_object().into_iter().flatten().map(|(k, _)| k) {
            seen.insert(code.clone());
        }
    }
    let emitted = emitted_codes();
    let listed: Vec<&str> = qwen_route::lint::CODES.iter().map(|(c, _)| *c).collect();
    let mut problems = Vec::new();
    for code in &emitted {
        if !listed.contains(&code.as_str()) {
            problems.push(format!("{code}: emitted, but lint::CODES does not list it"));
        }
        let reasoned = NOT_EXERCISED.iter().any(|(c, _)| c == code);
        if !seen.contains(code) && !reasoned {
            problems.push(format!(
                "{code}: no shape fixture exercises it, and NOT_EXERCISED does not say why"
            ));
        }
    }
    for code in &listed {
        if !emitted.contains(*code) {
            problems.push(format!("{code}: listed in lint::CODES, but nothing emits it"));
        }
    }
    for code in &seen {
        if !listed.contains(&code.as_str()) {
            problems
                .push(format!("{code}: a fixture expects it, but lint::CODES does not list it"));
        }
    }
    assert!(emitted.len() > 40, "found only {} emitted codes", emitted.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The codes the shaper can emit: `Finding::new("…"` in the sources, and every refusal rule.
fn emitted_codes() -> std::collections::BTreeSet<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for sub in ["shape", "lint.rs"] {
        let p = src.join(sub);
        if p.is_dir() {
            walk(&p, &mut files);
        } else {
            files.push(std::fs::read_to_string(&p).unwrap());
        }
    }
    let mut codes = std::collections::BTreeSet::new();
    for text in files {
        let test_start = text.find("#[cfg(test)]").unwrap_or(text.len());
        let code = &text[..test_start];
        for rest in code.split("Finding::new(").skip(1) {
            let rest = rest.trim_start();
            if let Some(lit) =
                rest.strip_prefix('"').and_then(|r| r.split_once('"')).map(|(c, _)| c)
            {
                codes.insert(lit.to_string());
            }
        }
        // `Finding::new(code, …)` with a variable: the media checks' codes, named in place.
        for lit in ["images-to-text-only-model", "video-unsupported", "audio-unsupported"] {
            if code.contains(&format!("\"{lit}\"")) {
                codes.insert(lit.to_string());
            }
        }
    }
    codes.extend(qwen_route::refusals::Rule::ALL.iter().map(|r| r.code().to_string()));
    codes
}
