#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! What real Qwen clients put on the wire, as regression fixtures: every body that
//! `@ai-sdk/alibaba`, `qwen-ai-provider-v5` and LiteLLM's `dashscope/` provider sent for a matrix
//! of intents (`tests/fixtures/peers/<client>/<intent>.json`, captured on a loopback server by
//! `tests/peers/sdk-capture`, re-captured and compared by `cargo xtask peers`).
//!
//! For each body: when the simulator refuses it as sent, `shape` catches it (a finding that
//! prevents that error, or a note saying what it changed); and the shaped request, with the
//! mechanical fixes of its error findings applied, is accepted.

use std::path::{Path, PathBuf};

use qwen_route::catalog;
use qwen_route::lint::Severity;
use qwen_route::shape::{shape, ShapeRequest, Shaped};
use qwen_sim::{Sim, SimRequest, ERROR_HEADER};
use serde_json::Value;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// The surface a captured body is for: open-weight ids go to a vLLM server, the rest to
/// DashScope (Singapore).
fn surface_for(model: &str) -> &'static str {
    if model.starts_with("Qwen/") {
        "vllm"
    } else {
        "dashscope-intl"
    }
}

fn send(sim: &Sim, surface: &str, body: &Value) -> (u16, Option<String>) {
    let s = catalog::surface(surface).unwrap();
    let path = format!(
        "/{surface}{}{}",
        s.base_url.split_once("://").and_then(|(_, r)| r.find('/').map(|i| &r[i..])).unwrap_or(""),
        s.chat_path
    );
    let mut req = SimRequest::new("POST", &path).with_json(body);
    if let Some(k) = qwen_sim::sample_key(s) {
        req = req.with_header("Authorization", &format!("Bearer {k}"));
    }
    let res = sim.handle(&req);
    let id = res
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(ERROR_HEADER))
        .map(|(_, v)| v.clone());
    (res.status, id)
}

/// Shape, then apply the mechanical fixes of error findings until none is left (at most 4
/// rounds).
fn shape_and_fix(mut req: ShapeRequest) -> Result<(Shaped, Shaped), String> {
    let first = shape(&req).map_err(|e| e.to_string())?;
    let mut current = first.clone();
    for _ in 0..4 {
        let patches: Vec<_> = current
            .lint
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter_map(|f| f.patch.clone())
            .collect();
        if patches.is_empty() {
            break;
        }
        for p in &patches {
            req.apply(p);
        }
        current = shape(&req).map_err(|e| e.to_string())?;
    }
    Ok((first, current))
}

fn check(sim: &Sim, case: &Value) -> Result<(&'static str, Option<String>), String> {
    let body = case["body"].clone();
    let model = body["model"].as_str().unwrap_or("").to_string();
    let surface = surface_for(&model);
    let (_, raw_refused) = send(sim, surface, &body);
    let mut payload = body.as_object().cloned().unwrap_or_default();
    payload.shift_remove("model");
    let mut req = ShapeRequest::new(surface, &model);
    req.payload = payload;
    let (first, fixed) = shape_and_fix(req)?;
    if let Some(x) = &raw_refused {
        let caught =
            first.lint.iter().any(|f| f.prevents.and_then(|p| p.row()).is_some_and(|r| r.id == x))
                || !first.notes.is_empty();
        if !caught {
            return Err(format!("refused as sent ({x}), but shape says nothing about it"));
        }
    }
    let (status, shaped_refused) = send(sim, surface, &fixed.request.body);
    if status != 200 {
        return Err(format!(
            "the shaped request (fixes applied) is refused: HTTP {status} {shaped_refused:?}\n  body: {}\n  lint: {:?}",
            fixed.request.body,
            fixed.lint.iter().map(|f| f.code).collect::<Vec<_>>()
        ));
    }
    Ok((surface, raw_refused))
}

#[test]
fn every_captured_body_is_caught_and_its_shaped_request_accepted() {
    let root = std::env::var("QR_PEER_BODIES").map(PathBuf::from).unwrap_or_else(|_| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/peers")
    });
    let mut paths = Vec::new();
    files(&root, &mut paths);
    paths.sort();
    let sim = Sim::new(0);
    let (mut refused, mut failures) = (Vec::new(), Vec::new());
    for p in &paths {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let name = p.strip_prefix(&root).unwrap_or(p).display().to_string();
        match check(&sim, &case) {
            Ok((_, Some(x))) => refused.push(format!("{name}: {x}")),
            Ok(_) => {}
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    println!(
        "peer bodies: {} captured, {} refused as sent (each caught by shape):",
        paths.len(),
        refused.len()
    );
    for r in &refused {
        println!("  {r}");
    }
    assert!(paths.len() >= 100, "only {} captured bodies under {}", paths.len(), root.display());
    assert!(
        !refused.is_empty(),
        "no captured body is refused as sent: the fixtures lost their point"
    );
    assert!(failures.is_empty(), "{} bodies:\n{}", failures.len(), failures.join("\n"));
}
