//! The simulator against the core: every case in `tests/fixtures/sim/` is answered by the
//! simulator, then read back by qwen-route's assembler and diagnosis, which must agree with what
//! the case says the surface did.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use qwen_route::assemble::{assemble_body, AssembleOptions, Assembled, StreamAssembler};
use qwen_route::catalog;
use qwen_route::check::check_structured;
use qwen_route::diagnose::{diagnose, DiagnoseRequest, RequestSummary};
use qwen_sim::{mounts, Sim, SimBody, SimRequest, StreamEnd, SCENARIO_HEADER};
use serde_json::Value;

fn fixtures() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/sim");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn request(input: &Value) -> SimRequest {
    let surface = input["surface"].as_str().unwrap();
    let mount = mounts().into_iter().find(|m| m.surface.id == surface).unwrap();
    let endpoint = input["endpoint"].as_str().unwrap();
    let path = match endpoint {
        "chat" | "preflight" => format!("{}{}", mount.base_path, mount.surface.chat_path),
        "models" => format!("{}{}", mount.base_path, mount.surface.models_path.unwrap()),
        "messages" => {
            let e = qwen_route::catalog::anthropic_endpoint(surface).unwrap();
            let path = e.base_url.split_once("://").unwrap().1;
            format!("/{surface}{}{}", &path[path.find('/').unwrap()..], e.messages_path)
        }
        suffix => format!("{}{suffix}", mount.base_path),
    };
    let method = match endpoint {
        "chat" | "messages" => "POST",
        "preflight" => "OPTIONS",
        _ => "GET",
    };
    let mut req = SimRequest::new(method, &path);
    if let Some(k) = input["key"].as_str() {
        req = req.with_header("Authorization", &format!("Bearer {k}"));
    }
    if let Some(s) = input["scenario"].as_str() {
        req = req.with_header(SCENARIO_HEADER, s);
    }
    for (k, v) in input.get("headers").and_then(Value::as_object).into_iter().flatten() {
        req = req.with_header(k, v.as_str().unwrap());
    }
    if let Some(o) = input["origin"].as_str() {
        req = req.with_header("Origin", o);
    }
    if endpoint == "preflight" {
        req = req
            .with_header("Access-Control-Request-Method", "POST")
            .with_header("Access-Control-Request-Headers", "authorization,content-type");
    }
    if input.get("body").is_some() {
        req = req.with_json(&input["body"]);
    }
    req
}

fn summary(input: &Value) -> RequestSummary {
    let mut s: RequestSummary = input
        .get("summary")
        .map(|v| serde_json::from_value(v.clone()).unwrap())
        .unwrap_or_default();
    s.model = input["body"]["model"].as_str().map(String::from);
    s.stream = input["body"]["stream"].as_bool();
    s
}

fn assembled(input: &Value, bytes: &[u8], streamed: bool) -> Assembled {
    let opts = AssembleOptions {
        surface: input["surface"].as_str().map(String::from),
        request: summary(input),
        ..Default::default()
    };
    if streamed {
        let mut s = StreamAssembler::new(opts);
        let mut deltas = Vec::new();
        for piece in bytes.chunks(7) {
            s.push(piece, None, &mut deltas);
        }
        s.finish(None)
    } else {
        assemble_body(bytes, &opts)
    }
}

fn run(name: &str, case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let expect = case["expect"].as_object().unwrap();
    let req = request(input);
    let res = Sim::new(0).handle(&req);
    let text = res.text();
    let ctx = || {
        format!("{name}: status {} body {}", res.status, text.chars().take(400).collect::<String>())
    };
    let mut checked = 0;
    let mut check = |ok: bool, what: &str| -> Result<(), String> {
        checked += 1;
        if ok {
            Ok(())
        } else {
            Err(format!("{what} — {}", ctx()))
        }
    };
    check(res.status == expect["status"].as_u64().unwrap() as u16, "status")?;
    let streamed = matches!(res.body, SimBody::Stream { .. }) && res.status == 200;
    let a = (res.status == 200 && (input["endpoint"] == "chat" || input["endpoint"] == "messages"))
        .then(|| assembled(input, &res.bytes(), streamed));
    for (key, want) in expect {
        match key.as_str() {
            "status" => {}
            "diagnosis" => {
                let code = match &a {
                    Some(a) => a.diagnosis.as_ref().map(|d| d.code),
                    None => {
                        let headers: BTreeMap<String, String> =
                            res.headers.iter().cloned().collect();
                        let d = diagnose(&DiagnoseRequest {
                            surface: input["surface"].as_str().unwrap().into(),
                            request: summary(input),
                            status: Some(res.status),
                            headers,
                            body: text.clone(),
                            error: None,
                            transport: None,
                        })
                        .map_err(|e| format!("{name}: diagnose failed: {e}"))?;
                        if let Some(s) = expect.get("retry_after_s") {
                            check(d.retry_after_s == s.as_f64(), "retry_after_s")?;
                        }
                        Some(d.code)
                    }
                };
                check(code == want.as_str(), &format!("diagnosis {code:?} != {want}"))?;
            }
            "retry_after_s" => {
                check(expect.contains_key("diagnosis"), "retry_after_s needs diagnosis")?
            }
            "message_contains" => {
                check(text.contains(want.as_str().unwrap()), &format!("message lacks {want}"))?
            }
            "cors" => check(
                res.header("access-control-allow-origin").is_some() == want.as_bool().unwrap(),
                "cors",
            )?,
            "models_contain" => {
                let v: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
                let ids: Vec<&str> =
                    v["data"].as_array().unwrap().iter().filter_map(|m| m["id"].as_str()).collect();
                check(ids.contains(&want.as_str().unwrap()), "models list")?;
            }
            "stalls" => check(
                matches!(res.body, SimBody::Stream { end: StreamEnd::Stall, .. })
                    == want.as_bool().unwrap(),
                "stall",
            )?,
            other => {
                let a = a
                    .as_ref()
                    .ok_or_else(|| format!("{name}: {other} needs an assembled answer"))?;
                let choice = a.choices.first();
                let value = serde_json::to_value(a).unwrap();
                match other {
                    "end" => {
                        check(value["end"] == *want, &format!("end {} != {want}", value["end"]))?
                    }
                    "reasoning" => check(
                        choice.is_some_and(|c| !c.reasoning.is_empty()) == want.as_bool().unwrap(),
                        "reasoning",
                    )?,
                    "reasoning_field" => {
                        check(a.reasoning_field == want.as_str(), "reasoning_field")?
                    }
                    "usage" => check(a.usage.is_some() == want.as_bool().unwrap(), "usage")?,
                    "content_contains" => check(
                        choice.is_some_and(|c| c.content.contains(want.as_str().unwrap())),
                        "content",
                    )?,
                    "tool" => check(
                        choice
                            .and_then(|c| c.tool_calls.first())
                            .is_some_and(|t| t.name == want.as_str().unwrap()),
                        "tool name",
                    )?,
                    "tool_id_prefix" => check(
                        choice
                            .and_then(|c| c.tool_calls.first())
                            .is_some_and(|t| t.id.starts_with(want.as_str().unwrap())),
                        "tool id",
                    )?,
                    "tool_args_schema" => {
                        let args = choice
                            .and_then(|c| c.tool_calls.first())
                            .map(|t| t.arguments.clone())
                            .unwrap_or_default();
                        check(
                            check_structured(&args, want).valid,
                            &format!("tool arguments {args} fail the schema"),
                        )?;
                    }
                    "schema" => {
                        let content = choice.map(|c| c.content.clone()).unwrap_or_default();
                        check(
                            check_structured(&content, want).valid,
                            &format!("answer {content} fails the schema"),
                        )?;
                    }
                    "detection" => check(
                        a.detections.iter().any(|d| d.code == want.as_str().unwrap()),
                        "detection",
                    )?,
                    "frames_at_least" => check(a.frames >= want.as_u64().unwrap(), "frames")?,
                    unknown => return Err(format!("{name}: unknown expectation {unknown}")),
                }
            }
        }
    }
    let _ = checked;
    Ok(())
}

#[test]
fn simulator_and_core_agree_on_every_case() {
    let cases = fixtures();
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|(n, c)| run(n, c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_catalog_surface_with_a_host_is_simulated() {
    let simulated: Vec<&str> = mounts().iter().map(|m| m.surface.id).collect();
    for s in catalog::surfaces() {
        if s.status == catalog::SurfaceStatus::Active && !s.base_url.contains('{') {
            assert!(simulated.contains(&s.id), "{} is not simulated", s.id);
        }
    }
}

#[test]
fn every_scenario_and_surface_answers_without_panicking() {
    let body = serde_json::json!({"model": "x", "messages": [{"role": "user", "content": "hi"}], "stream": true});
    for m in mounts() {
        for (scenario, _) in qwen_sim::scenarios() {
            for model in ["qwen-plus", "Qwen/Qwen3-8B", "qwen3:8b", "nope"] {
                let mut b = body.clone();
                b["model"] = model.into();
                let req =
                    SimRequest::new("POST", &format!("{}{}", m.base_path, m.surface.chat_path))
                        .with_header(
                            "Authorization",
                            &format!(
                                "Bearer {}",
                                qwen_sim::sample_key(m.surface).unwrap_or("none")
                            ),
                        )
                        .with_header(SCENARIO_HEADER, scenario)
                        .with_json(&b);
                let res = Sim::new(0).handle(&req);
                assert!(res.header("x-qwen-sim").is_some());
            }
        }
    }
}
