#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! The core's capability probe against every simulated server personality: each
//! misconfiguration must be told apart from a well-configured server, with the exact flag.
//!
//! The plan's requests go straight to `Sim::handle` (the same simulator `qwen-route sim`
//! serves); `crates/qwen-route-cli/tests/net.rs` runs the CLI over HTTP, and the LiteLLM proxy
//! case runs in the end-to-end suite.

use qwen_route::probe::{judge_probe, probe_plan, ProbeAnswer, ProbeOptions, ProbeReport, Verdict};
use qwen_sim::{Sim, SimRequest};

const ORIGIN: &str = "https://app.example";

fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
}

/// Run the probe against the simulator at `base_path` (e.g. `/vllm@no-tool-parser/v1`).
fn probe(
    sim: &Sim,
    surface: &str,
    base_path: &str,
    model: Option<&str>,
    key: Option<&str>,
) -> ProbeReport {
    let base = format!("http://127.0.0.1:8788{base_path}");
    let mut opts = ProbeOptions {
        surface: surface.into(),
        base_url: Some(base),
        model: model.map(str::to_string),
        origin: Some(ORIGIN.into()),
        browser: false,
    };
    let send = |step: &qwen_route::probe::ProbeStep| {
        let mut req = SimRequest::new(step.method, path_of(&step.url));
        for (k, v) in &step.headers {
            let v = if k.eq_ignore_ascii_case("authorization") {
                match key {
                    Some(k) => format!("Bearer {k}"),
                    None => continue,
                }
            } else {
                v.clone()
            };
            req = req.with_header(k, &v);
        }
        if let Some(b) = &step.body {
            req = req.with_json(b);
        }
        let res = sim.handle(&req);
        ProbeAnswer {
            step: Some(step.id),
            status: Some(res.status),
            body: res.text(),
            headers: res.headers.clone(),
            failure: None,
        }
    };
    let mut answers = Vec::new();
    if opts.model.is_none() {
        let first = probe_plan(&opts).unwrap();
        let a = send(&first.steps[0]);
        opts.model = qwen_route::probe::choose_model(
            qwen_route::catalog::surface(surface).unwrap(),
            &a.body,
        );
        answers.push(a);
    }
    let plan = probe_plan(&opts).unwrap();
    assert!(plan.steps.len() <= qwen_route::probe::MAX_STEPS);
    for step in &plan.steps {
        if !answers.iter().any(|a| a.step == Some(step.id)) {
            answers.push(send(step));
        }
    }
    judge_probe(&plan, &answers)
}

fn verdict(r: &ProbeReport, id: &str) -> Verdict {
    r.capabilities.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no row {id}")).verdict
}

fn fix(r: &ProbeReport, id: &str) -> String {
    r.capabilities
        .iter()
        .find(|c| c.id == id)
        .and_then(|c| c.fix.clone())
        .map(String::from)
        .unwrap_or_default()
}

#[test]
fn well_configured_servers_have_everything_they_should() {
    let sim = Sim::new(0);
    for (surface, path, model) in [
        ("vllm", "/vllm/v1", None),
        ("sglang", "/sglang/v1", None),
        ("llama-cpp", "/llama-cpp/v1", None),
        ("vllm", "/vllm/v1", Some("Qwen/Qwen3-VL-8B-Instruct")),
        ("vllm", "/vllm/v1", Some("Qwen/Qwen3-Coder-30B-A3B-Instruct")),
    ] {
        let r = probe(&sim, surface, path, model, None);
        assert!(r.ok, "{surface} {path} {model:?}: missing {:?}", r.missing);
        for id in [
            "reachable",
            "model-listed",
            "streaming",
            "stream-usage",
            "json-schema",
            "context",
            "cors",
        ] {
            assert_eq!(verdict(&r, id), Verdict::Yes, "{surface} {path}: {id}");
        }
    }
    let vl = probe(&sim, "vllm", "/vllm/v1", Some("Qwen/Qwen3-VL-8B-Instruct"), None);
    assert_eq!(verdict(&vl, "images"), Verdict::Yes);
    let hosted = probe(
        &sim,
        "dashscope-intl",
        "/dashscope-intl/compatible-mode/v1",
        Some("qwen3.6-plus"),
        Some("sk-sim-intl-0000"),
    );
    assert!(hosted.ok, "missing {:?}", hosted.missing);
    assert_eq!(verdict(&hosted, "reasoning-separated"), Verdict::Yes);
}

#[test]
fn a_server_without_a_reasoning_parser_is_named_with_its_flag() {
    let sim = Sim::new(0);
    for (surface, path, flag) in [
        ("vllm", "/vllm@no-reasoning-parser/v1", "--reasoning-parser qwen3"),
        ("sglang", "/sglang@no-reasoning-parser/v1", "--reasoning-parser qwen3"),
        ("llama-cpp", "/llama-cpp@no-reasoning-parser/v1", "--reasoning-format"),
    ] {
        let r = probe(&sim, surface, path, None, None);
        assert_eq!(verdict(&r, "reasoning-separated"), Verdict::No, "{path}");
        assert!(
            fix(&r, "reasoning-separated").contains(flag),
            "{path}: {}",
            fix(&r, "reasoning-separated")
        );
        assert_eq!(r.missing, vec!["reasoning-separated"], "{path}");
    }
}

#[test]
fn a_server_without_tool_parsing_is_named_with_its_flag() {
    let sim = Sim::new(0);
    // vLLM refuses tool_choice auto; SGLang leaves the model's tool-call text in content;
    // llama.cpp without --jinja answers 500.
    let v = probe(&sim, "vllm", "/vllm@no-tool-parser/v1", None, None);
    assert_eq!(verdict(&v, "tool-calls"), Verdict::No);
    assert!(
        fix(&v, "tool-calls").contains("--enable-auto-tool-choice --tool-call-parser hermes"),
        "{}",
        fix(&v, "tool-calls")
    );
    let coder = probe(
        &sim,
        "vllm",
        "/vllm@no-tool-parser/v1",
        Some("Qwen/Qwen3-Coder-30B-A3B-Instruct"),
        None,
    );
    assert!(
        fix(&coder, "tool-calls").contains("--tool-call-parser qwen3_coder"),
        "{}",
        fix(&coder, "tool-calls")
    );
    let s = probe(&sim, "sglang", "/sglang@no-tool-parser/v1", None, None);
    let row = s.capabilities.iter().find(|c| c.id == "tool-calls").unwrap();
    assert_eq!(row.verdict, Verdict::No);
    assert!(row.detail.contains("hermes <tool_call> text"), "{}", row.detail);
    let sx = probe(
        &sim,
        "sglang",
        "/sglang@no-tool-parser/v1",
        Some("Qwen/Qwen3-Coder-30B-A3B-Instruct"),
        None,
    );
    assert!(
        sx.capabilities
            .iter()
            .any(|c| c.id == "tool-calls" && c.detail.contains("Qwen3-Coder XML")),
        "{:?}",
        sx.capabilities
    );
    assert!(fix(&sx, "tool-calls").contains("qwen3_coder"));
    let l = probe(&sim, "llama-cpp", "/llama-cpp@no-tool-parser/v1", None, None);
    assert_eq!(verdict(&l, "tool-calls"), Verdict::No);
    assert!(fix(&l, "tool-calls").contains("--jinja"), "{}", fix(&l, "tool-calls"));
}

#[test]
fn a_small_served_context_is_caught_on_every_family() {
    let sim = Sim::new(0);
    for (surface, path, flag) in [
        ("vllm", "/vllm@small-context/v1", "--max-model-len"),
        ("sglang", "/sglang@small-context/v1", "--context-length"),
        ("llama-cpp", "/llama-cpp@small-context/v1", "-c "),
        ("ollama", "/ollama@small-context/v1", "OLLAMA_CONTEXT_LENGTH"),
    ] {
        let r = probe(&sim, surface, path, None, None);
        assert_eq!(verdict(&r, "context"), Verdict::No, "{path}");
        assert_eq!(r.server_context, Some(8_192), "{path}");
        assert!(fix(&r, "context").contains(flag), "{path}: {}", fix(&r, "context"));
        let normal = probe(&sim, surface, &path.replace("@small-context", ""), None, None);
        assert_ne!(verdict(&normal, "context"), Verdict::No, "{surface}");
    }
}

#[test]
fn ollama_cors_refuses_a_foreign_origin_and_names_ollama_origins() {
    let sim = Sim::new(0);
    let r = probe(&sim, "ollama", "/ollama/v1", None, None);
    assert_eq!(verdict(&r, "cors"), Verdict::No);
    assert!(fix(&r, "cors").contains("OLLAMA_ORIGINS=https://app.example"), "{}", fix(&r, "cors"));
    // Everything else about the server is fine.
    assert_eq!(r.missing, vec!["cors"]);
    let allowed = Sim { ollama_origins: vec![ORIGIN.into()], ..Sim::new(0) };
    assert_eq!(verdict(&probe(&allowed, "ollama", "/ollama/v1", None, None), "cors"), Verdict::Yes);
}

#[test]
fn a_refused_key_is_one_finding_not_twelve() {
    let sim = Sim::new(0);
    let r = probe(
        &sim,
        "dashscope-intl",
        "/dashscope-intl/compatible-mode/v1",
        Some("qwen3.6-plus"),
        None,
    );
    assert_eq!(r.missing, vec!["reachable"]);
    assert!(fix(&r, "reachable").contains("$DASHSCOPE_API_KEY"));
}
