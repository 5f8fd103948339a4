#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! The lint and the simulator agree. For every shape fixture and a generated matrix (surface ×
//! model class × thinking × stream × tools × JSON mode × images), the shaped request and the
//! raw payload both go to the in-process simulator, and:
//!
//! - an error finding that prevents upstream error X appears exactly when the simulator answers
//!   the shaped request with X (the `X-Qwen-Sim-Error` header names the catalog row);
//! - when the simulator refuses the raw payload but accepts the shaped request, the shaper said
//!   what it changed (at least one note): nothing is fixed silently.

use std::collections::BTreeSet;
use std::path::Path;

use qwen_route::catalog::{self, Modality, Surface, ThinkingClass};
use qwen_route::lint::Severity;
use qwen_route::refusals::Rule;
use qwen_route::shape::{shape, ShapeRequest, Shaped};
use qwen_route::vocab::ThinkingSetting;
use qwen_sim::{Sim, SimRequest, ERROR_HEADER};
use serde_json::{json, Map, Value};

/// The catalog rows the body rules answer with (the comparison is about these; a key or a model
/// id the server does not know is another matter).
fn body_errors() -> BTreeSet<&'static str> {
    let mut set: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.error()).collect();
    // Which model ids a surface serves is compared too.
    set.extend(["model-not-found", "model-not-supported"]);
    set
}

fn sim_path(surface: &Surface, url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    format!("/{}{path}", surface.id)
}

/// The simulator's answer: the catalog row it refused with, if any.
fn answer(
    sim: &Sim,
    surface: &Surface,
    url: &str,
    body: &Value,
    lite: bool,
) -> (u16, Option<String>) {
    let mut req = SimRequest::new("POST", &sim_path(surface, url)).with_json(body);
    // A Coding Plan request for the Lite tier goes with a Lite key.
    let key = if lite { Some("sk-sp-sim-lite-0000") } else { qwen_sim::sample_key(surface) };
    if let Some(key) = key {
        req = req.with_header("Authorization", &format!("Bearer {key}"));
    }
    // Coding Plan's Anthropic endpoint turns away callers without a User-Agent (a body rule
    // is what this test compares, not the agent gate).
    req = req.with_header("User-Agent", "qwen-route-differential/1 (coding agent stand-in)");
    let res = sim.handle(&req);
    let id = res
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(ERROR_HEADER))
        .map(|(_, v)| v.clone());
    (res.status, id)
}

struct Outcome {
    shaped_refused: bool,
    fixed: bool,
}

fn check(sim: &Sim, name: &str, req: &ShapeRequest) -> Result<Option<Outcome>, String> {
    let Ok(shaped) = shape(req) else { return Ok(None) };
    let surface = catalog::surface(shaped.effective.surface).unwrap();
    if surface.is_removed() || surface.base_url.contains('{') {
        return Ok(None);
    }
    // A model the catalog does not list on a self-hosted server: whether the server serves it
    // is that server's own configuration, which no lint can know.
    if shaped.effective.catalog_model.is_none() && surface.hosting == catalog::Hosting::SelfHosted {
        return Ok(None);
    }
    let body_rules = body_errors();
    let lint_errors: BTreeSet<&str> = shaped
        .lint
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter_map(|f| f.prevents.and_then(|p| p.row()).map(|r| r.id))
        .filter(|id| body_rules.contains(id))
        .collect();
    let lite = req.coding_tier == Some(catalog::CodingTier::Lite);
    let (status, refused) = answer(sim, surface, &shaped.request.url, &shaped.request.body, lite);
    let refused_body = refused.as_deref().filter(|id| body_rules.contains(id));
    if refused.is_some() && refused_body.is_none() {
        return Err(format!("{name}: the simulator refused the shaped request with {refused:?} (HTTP {status}), which is not a body rule"));
    }
    match refused_body {
        Some(x) if !lint_errors.contains(x) => {
            return Err(format!(
                "{name}: the simulator answers {x}, but no error finding prevents it (lint: {lint_errors:?})\n  body: {}",
                shaped.request.body
            ));
        }
        None if !lint_errors.is_empty() => {
            return Err(format!(
                "{name}: error findings prevent {lint_errors:?}, but the simulator answers HTTP {status}\n  body: {}",
                shaped.request.body
            ));
        }
        _ => {}
    }
    // The raw payload as a client would send it (model and stream included). A thinking
    // setting given as a flag is not in it, so those cases say nothing about silent fixes.
    if req.thinking.is_some() {
        return Ok(Some(Outcome { shaped_refused: refused_body.is_some(), fixed: false }));
    }
    let mut raw = req.payload.clone();
    raw.insert("model".into(), Value::String(shaped.effective.model.clone()));
    if let Some(s) = req.stream {
        raw.insert("stream".into(), Value::Bool(s));
    }
    let (_, raw_refused) = answer(sim, surface, &shaped.request.url, &Value::Object(raw), lite);
    let raw_refused_body = raw_refused.as_deref().filter(|id| body_rules.contains(id));
    let fixed = raw_refused_body.is_some() && refused_body.is_none();
    let said = shaped.notes.iter().any(|_| true)
        || shaped
            .lint
            .iter()
            .any(|f| f.prevents.and_then(|p| p.row()).map(|r| r.id) == raw_refused_body);
    if fixed && !said {
        return Err(format!("{name}: the raw payload is refused ({raw_refused:?}) and the shaped one is not, but no note or finding says what changed"));
    }
    Ok(Some(Outcome { shaped_refused: refused_body.is_some(), fixed }))
}

fn fixtures() -> Vec<(String, ShapeRequest)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/shape");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if let Ok(req) = serde_json::from_value::<ShapeRequest>(case["input"].clone()) {
            out.push((path.file_name().unwrap().to_string_lossy().into_owned(), req));
        }
    }
    out
}

/// Up to four models a surface serves, one per kind that changes the rules.
fn models_for(surface: &Surface) -> Vec<&'static str> {
    let served: Vec<&catalog::Model> = catalog::models()
        .iter()
        .filter(|m| m.served_on(surface.family))
        .filter(|m| m.regions.is_empty() || surface.region.is_none_or(|r| m.regions.contains(&r)))
        .filter(|m| m.requires.is_empty())
        .collect();
    let mut picked: Vec<&'static str> = Vec::new();
    let kinds: [&dyn Fn(&catalog::Model) -> bool; 5] = [
        &|m| m.thinking == ThinkingClass::HybridOn && !m.accepts(Modality::Image),
        &|m| m.thinking == ThinkingClass::HybridOff,
        &|m| m.thinking == ThinkingClass::Only,
        &|m| m.thinking == ThinkingClass::None,
        &|m| m.accepts(Modality::Image),
    ];
    for kind in kinds {
        if let Some(m) = served.iter().find(|m| kind(m) && !picked.contains(&m.id)) {
            picked.push(m.id);
        }
    }
    picked
}

fn matrix() -> Vec<(String, ShapeRequest)> {
    let surfaces = [
        "dashscope-intl",
        "dashscope-cn",
        "coding-plan-intl",
        "token-plan-intl",
        "vllm",
        "sglang",
        "llama-cpp",
        "ollama",
        "litellm",
    ];
    let thinking: [(&str, Option<ThinkingSetting>, Value); 7] = [
        ("default", None, json!({})),
        ("off", Some(ThinkingSetting::Off), json!({})),
        ("low", Some(ThinkingSetting::Low), json!({})),
        ("budget-over-max", Some(ThinkingSetting::Budget(300_000)), json!({})),
        ("payload-budget-0", None, json!({"enable_thinking": true, "thinking_budget": 0})),
        ("payload-budget-only", None, json!({"thinking_budget": 2048})),
        ("payload-effort", None, json!({"reasoning_effort": "high"})),
    ];
    let tools = json!([{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]);
    let mut out = Vec::new();
    for sid in surfaces {
        let surface = catalog::surface(sid).unwrap();
        for model in models_for(surface) {
            for (tname, tflag, tpayload) in &thinking {
                for stream in [None, Some(true), Some(false)] {
                    for tool in ["none", "auto", "required"] {
                        for json_mode in ["none", "object-word", "object-no-word", "schema"] {
                            for images in [false, true] {
                                let text = if json_mode == "object-word" {
                                    "Reply in JSON: why is the sky blue?"
                                } else {
                                    "Why is the sky blue?"
                                };
                                let content = if images {
                                    json!([{"type": "text", "text": text}, {"type": "image_url", "image_url": {"url": "https://example.com/sky.png"}}])
                                } else {
                                    json!(text)
                                };
                                let mut p: Map<String, Value> =
                                    tpayload.as_object().unwrap().clone();
                                p.insert(
                                    "messages".into(),
                                    json!([{"role": "user", "content": content}]),
                                );
                                if tool != "none" {
                                    p.insert("tools".into(), tools.clone());
                                    p.insert("tool_choice".into(), json!(tool));
                                }
                                match json_mode {
                                    "object-word" | "object-no-word" => {
                                        p.insert(
                                            "response_format".into(),
                                            json!({"type": "json_object"}),
                                        );
                                    }
                                    "schema" => {
                                        p.insert("response_format".into(), json!({"type": "json_schema", "json_schema": {"name": "a", "schema": {"type": "object"}}}));
                                    }
                                    _ => {}
                                }
                                let mut req = ShapeRequest::new(sid, model);
                                req.thinking = *tflag;
                                req.stream = stream;
                                req.payload = p;
                                let name = format!("{sid} {model} thinking={tname} stream={stream:?} tools={tool} json={json_mode} images={images}");
                                // The same request over Anthropic Messages, where the surface
                                // has that endpoint.
                                if catalog::anthropic_endpoint(sid).is_some() {
                                    let mut a = req.clone();
                                    a.dialect = qwen_route::vocab::WireDialect::Anthropic;
                                    out.push((format!("{name} dialect=anthropic"), a));
                                }
                                out.push((name, req));
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

#[test]
fn an_error_finding_prevents_x_exactly_when_the_simulator_answers_x() {
    let sim = Sim::new(0);
    let mut cases = fixtures();
    let n_fixtures = cases.len();
    cases.extend(matrix());
    let (mut compared, mut refused, mut fixed) = (0, 0, 0);
    let mut failures = Vec::new();
    for (name, req) in &cases {
        match check(&sim, name, req) {
            Ok(Some(o)) => {
                compared += 1;
                refused += usize::from(o.shaped_refused);
                fixed += usize::from(o.fixed);
            }
            Ok(None) => {}
            Err(e) => failures.push(e),
        }
    }
    println!(
        "differential: {} cases ({n_fixtures} fixtures + {} generated), {compared} compared, {refused} refused with a matching finding, {fixed} fixed by the shaper with a note, {} disagreements",
        cases.len(),
        cases.len() - n_fixtures,
        failures.len()
    );
    assert!(compared > 10_000, "the matrix shrank to {compared} comparisons");
    assert!(
        refused > 100 && fixed > 100,
        "the matrix no longer exercises both sides ({refused} refused, {fixed} fixed)"
    );
    assert!(
        failures.is_empty(),
        "{} disagreements; the first 20:\n{}",
        failures.len(),
        failures.iter().take(2000).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn shaped_requests_that_the_lint_passes_are_answered() {
    // A spot check of the plumbing: the shaped default request is answered 200 everywhere.
    let sim = Sim::new(0);
    for sid in ["dashscope-intl", "vllm", "ollama", "coding-plan-intl"] {
        let s = catalog::surface(sid).unwrap();
        let model = models_for(s)[0];
        let mut req = ShapeRequest::new(sid, model);
        req.payload =
            json!({"messages": [{"role": "user", "content": "hi"}]}).as_object().unwrap().clone();
        let shaped: Shaped = shape(&req).unwrap();
        assert!(!shaped.has_errors(), "{sid} {model}: {:?}", shaped.lint);
        assert_eq!(
            answer(&sim, s, &shaped.request.url, &shaped.request.body, false),
            (200, None),
            "{sid} {model}"
        );
    }
}
