#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! Data-driven tests for the response side: `tests/fixtures/{sse,assemble,diagnose,schema}/`.
//! Every stream case also runs with 1-byte chunks and with every 2-way split of its input:
//! any chunking must give the same result.

use std::path::PathBuf;

use qwen_route::assemble::{assemble_body, AssembleOptions, Assembled, StreamAssembler};
use qwen_route::check::check_structured;
use qwen_route::diagnose::{diagnose, DiagnoseRequest};
use qwen_route::sse::{SseDecoder, SseEnd, SseEvent};
use serde_json::Value;

mod common;

use common::Null;

fn fixtures(area: &str) -> Vec<(PathBuf, Value)> {
    common::fixtures(area, &["research"])
}

/// `expected` ⊆ `actual`, an expected `null` also matching a missing key.
fn subset(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    common::subset(expected, actual, path, Null::MatchesAbsent)
}

fn run_all(area: &str, check: fn(&Value) -> Result<(), String>) -> Vec<(String, bool)> {
    fixtures(area)
        .iter()
        .map(|(p, c)| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            match check(c) {
                Ok(()) => (name, true),
                Err(e) => {
                    eprintln!("{area}/{name}: {e}");
                    (name, false)
                }
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// SSE

fn input_bytes(case: &Value) -> Vec<u8> {
    if let Some(h) = case["input_hex"].as_str() {
        (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect()
    } else {
        case["input"].as_str().unwrap().as_bytes().to_vec()
    }
}

fn decode(chunks: &[&[u8]]) -> (Vec<SseEvent>, SseEnd, Option<String>, Option<u64>) {
    let mut d = SseDecoder::new();
    let mut out = Vec::new();
    for c in chunks {
        d.push(c, &mut out);
    }
    let end = d.finish();
    (out, end, d.last_event_id().map(str::to_string), d.reconnection_ms())
}

fn check_sse(case: &Value) -> Result<(), String> {
    let bytes = input_bytes(case);
    let whole = decode(&[&bytes]);
    let expect = &case["expect"];
    let want = expect["events"].as_array().unwrap();
    if want.len() != whole.0.len() {
        return Err(format!("expected {} events, got {:?}", want.len(), whole.0));
    }
    for (w, got) in want.iter().zip(&whole.0) {
        if w["event"] != got.event.as_str() || w["data"] != got.data.as_str() {
            return Err(format!("expected {w}, got {got:?}"));
        }
        if w.get("id").map(|x| x.as_str()) != got.id.as_ref().map(|x| Some(x.as_str()))
            && !(w.get("id").is_none() && got.id.is_none())
        {
            return Err(format!("id: expected {:?}, got {:?}", w.get("id"), got.id));
        }
        if w.get("retry").and_then(Value::as_u64) != got.retry {
            return Err(format!("retry: expected {:?}, got {:?}", w.get("retry"), got.retry));
        }
    }
    if expect["discarded_partial_event"].as_bool().unwrap_or(false)
        != whole.1.discarded_partial_event
    {
        return Err(format!("discarded_partial_event: got {:?}", whole.1));
    }
    if let Some(id) = expect.get("last_event_id") {
        if id.as_str() != whole.2.as_deref() {
            return Err(format!("last_event_id: expected {id}, got {:?}", whole.2));
        }
    }
    if let Some(r) = expect.get("reconnection_ms") {
        if r.as_u64() != whole.3 {
            return Err(format!("reconnection_ms: expected {r}, got {:?}", whole.3));
        }
    }
    // Any chunking gives the same events.
    let bytewise: Vec<&[u8]> = bytes.chunks(1).collect();
    if decode(&bytewise) != whole {
        return Err("1-byte chunks differ".into());
    }
    for cut in 1..bytes.len() {
        if decode(&[&bytes[..cut], &bytes[cut..]]) != whole {
            return Err(format!("split at {cut} differs"));
        }
    }
    Ok(())
}

#[test]
fn sse_conformance() {
    let results = run_all("sse", check_sse);
    let passed = results.iter().filter(|r| r.1).count();
    let mut report = format!("SSE conformance: {passed}/{} cases pass (each also under 1-byte and every 2-way chunking)\n\n", results.len());
    for (name, ok) in &results {
        report.push_str(&format!("{} {name}\n", if *ok { "pass" } else { "FAIL" }));
    }
    expect_test::expect_file!["../../../tests/snapshots/sse-conformance.txt"].assert_eq(&report);
    assert_eq!(passed, results.len(), "{report}");
}

// ---------------------------------------------------------------------------------------------
// Assembly

fn assemble_stream(bytes: &[u8], opts: &AssembleOptions, step: usize) -> Assembled {
    let mut s = StreamAssembler::new(opts.clone());
    let mut deltas = Vec::new();
    for c in bytes.chunks(step.max(1)) {
        s.push(c, None, &mut deltas);
    }
    s.finish(None)
}

fn check_assemble(case: &Value) -> Result<(), String> {
    let opts: AssembleOptions =
        serde_json::from_value(case.get("options").cloned().unwrap_or(Value::Null))
            .or_else(|_| Ok::<_, String>(AssembleOptions::default()))?;
    let input = &case["input"];
    let assembled = if let Some(body) = input.get("body") {
        assemble_body(body.to_string().as_bytes(), &opts)
    } else {
        let bytes = input["stream"].as_str().ok_or("input.stream or input.body")?.as_bytes();
        let whole = assemble_stream(bytes, &opts, usize::MAX);
        for step in [1, 7, 64] {
            let again = assemble_stream(bytes, &opts, step);
            if again.choices != whole.choices
                || again.usage != whole.usage
                || again.end != whole.end
                || again.detections != whole.detections
                || again.diagnosis != whole.diagnosis
            {
                return Err(format!("{step}-byte chunks give a different result"));
            }
        }
        whole
    };
    let actual = serde_json::to_value(&assembled).map_err(|e| e.to_string())?;
    subset(&case["expect"], &actual, "assembled")
}

#[test]
fn assemble_fixtures() {
    let results = run_all("assemble", check_assemble);
    let failed: Vec<_> = results.iter().filter(|r| !r.1).map(|r| r.0.clone()).collect();
    assert!(failed.is_empty(), "failed: {failed:?}");
    assert!(results.len() >= 20);
}

// ---------------------------------------------------------------------------------------------
// Diagnosis

fn check_diagnose(case: &Value) -> Result<(), String> {
    let req: DiagnoseRequest =
        serde_json::from_value(case["input"].clone()).map_err(|e| format!("input: {e}"))?;
    let d = diagnose(&req).map_err(|e| e.to_string())?;
    let expect = &case["expect"];
    let v = serde_json::to_value(&d).map_err(|e| e.to_string())?;
    for key in ["code", "retryable", "category", "retry_after_s"] {
        if let Some(want) = expect.get(key) {
            subset(want, &v[key], key)?;
        }
    }
    if let Some(want) = expect.get("request_id") {
        subset(want, &v["upstream"]["request_id"], "upstream.request_id")?;
    }
    if let Some(want) = expect.get("envelope") {
        subset(want, &v["upstream"]["envelope"], "upstream.envelope")?;
    }
    if let Some(want) = expect.get("fix_contains").and_then(Value::as_str) {
        if !d.fix.iter().any(|f| f.contains(want)) {
            return Err(format!("no fix contains {want:?}: {:?}", d.fix));
        }
    }
    if let Some(want) = expect.get("not_fix_contains").and_then(Value::as_str) {
        if d.fix.iter().any(|f| f.contains(want)) {
            return Err(format!("a fix contains {want:?}: {:?}", d.fix));
        }
    }
    if let Some(want) = expect.get("cause_contains").and_then(Value::as_str) {
        if !d.cause.contains(want) {
            return Err(format!("cause {:?} does not contain {want:?}", d.cause));
        }
    }
    for text in std::iter::once(&d.cause).chain(d.fix.iter()) {
        if text.contains('{')
            && text.contains('}')
            && !text.contains("[\"")
            && !text.contains("{\"")
        {
            return Err(format!("an unfilled template: {text}"));
        }
    }
    Ok(())
}

#[test]
fn diagnose_fixtures() {
    let results = run_all("diagnose", check_diagnose);
    let failed: Vec<_> = results.iter().filter(|r| !r.1).map(|r| r.0.clone()).collect();
    assert!(failed.is_empty(), "failed: {failed:?}");
    assert!(results.len() >= 45, "only {} diagnose fixtures", results.len());
}

#[test]
fn every_diagnosis_row_is_reached_by_a_fixture() {
    let cases = fixtures("diagnose");
    let mut reached = std::collections::BTreeSet::new();
    for (_, c) in &cases {
        let req: DiagnoseRequest = serde_json::from_value(c["input"].clone()).unwrap();
        reached.insert(diagnose(&req).unwrap().code);
    }
    // stream-truncated is reached through the assembler (assemble/truncated-stream.json).
    for row in qwen_route::catalog::upstream_errors() {
        if row.id != "stream-truncated" {
            assert!(reached.contains(row.id), "no diagnose fixture reaches {}", row.id);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Structured output

fn check_schema(case: &Value) -> Result<(), String> {
    let r = check_structured(case["answer"].as_str().unwrap(), &case["schema"]);
    let expect = &case["expect"];
    if expect["valid"].as_bool() != Some(r.valid) {
        return Err(format!("valid: expected {}, got {r:?}", expect["valid"]));
    }
    if expect["parsed"].as_bool() != Some(r.parsed) {
        return Err(format!("parsed: expected {}, got {}", expect["parsed"], r.parsed));
    }
    if let Some(x) = expect.get("extracted") {
        if x.as_str() != r.extracted {
            return Err(format!("extracted: expected {x}, got {:?}", r.extracted));
        }
    }
    if let Some(want) = expect.get("errors").and_then(Value::as_array) {
        let mut want: Vec<(String, String)> = want
            .iter()
            .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
            .collect();
        let mut got: Vec<(String, String)> =
            r.errors.iter().map(|e| (e.path.clone(), e.keyword.to_string())).collect();
        want.sort();
        got.sort();
        if want != got {
            return Err(format!("errors: expected {want:?}, got {got:?}"));
        }
    }
    if let Some(u) = expect.get("unchecked_keywords") {
        if u != &serde_json::to_value(&r.unchecked_keywords).unwrap() {
            return Err(format!("unchecked: expected {u}, got {:?}", r.unchecked_keywords));
        }
    }
    Ok(())
}

#[test]
fn schema_fixtures() {
    let results = run_all("schema", check_schema);
    let failed: Vec<_> = results.iter().filter(|r| !r.1).map(|r| r.0.clone()).collect();
    assert!(failed.is_empty(), "failed: {failed:?}");
}
