#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! The CLI contract: JSON with --json, one-line errors with exit code 2, never a panic.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn qr(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qwen-route")).args(args).output().unwrap()
}

fn qr_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qwen-route"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn payload(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qwen-route-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "stderr: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn one_line_failure(o: &Output, contains: &str) {
    assert_eq!(o.status.code(), Some(2), "stdout: {}", String::from_utf8_lossy(&o.stdout));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err:?}");
    assert!(err.contains(contains), "{err:?} does not contain {contains:?}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
}

const HI: &str = r#"{"messages":[{"role":"user","content":"hi"}]}"#;

#[test]
fn route_json() {
    let v = json(&qr(&["route", "--workload", "fast-chat", "--json"]));
    assert_eq!(v["surface"], "dashscope-intl");
    assert_eq!(v["model"], "qwen-flash");
    assert!(v["reasons"].as_array().unwrap().len() >= 3);
    assert_eq!(v["verify"]["method"], "GET /models");
}

#[test]
fn route_text_is_readable() {
    let o = qr(&["route", "--workload", "vision", "--self-hosted"]);
    assert!(o.status.success());
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(t.starts_with("vision → vllm"), "{t}");
    assert!(t.contains("why") && t.contains("verify"));
}

#[test]
fn shape_prints_request_lint_notes() {
    let p = payload("hi.json", HI);
    let v = json(&qr(&[
        "shape",
        "--surface",
        "dashscope-intl",
        "--model",
        "qwen3.5-plus",
        "--thinking",
        "low",
        "--payload",
        p.to_str().unwrap(),
    ]));
    assert_eq!(v["request"]["method"], "POST");
    assert_eq!(
        v["request"]["url"],
        "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions"
    );
    assert_eq!(v["request"]["headers"]["Authorization"], "Bearer $DASHSCOPE_API_KEY");
    assert_eq!(v["request"]["body"]["thinking_budget"], 4096);
    assert!(v["lint"].is_array() && v["notes"].is_array());
}

#[test]
fn shape_reads_stdin() {
    let o = qr_stdin(
        &[
            "shape",
            "--surface",
            "vllm",
            "--model",
            "Qwen/Qwen3-8B",
            "--thinking",
            "off",
            "--payload",
            "-",
        ],
        HI,
    );
    let v = json(&o);
    assert_eq!(v["request"]["body"]["chat_template_kwargs"]["enable_thinking"], false);
}

#[test]
fn export_formats() {
    let p = payload("hi2.json", HI);
    for (fmt, needle) in [
        ("curl", "Bearer $DASHSCOPE_API_KEY"),
        ("js", "process.env.DASHSCOPE_API_KEY"),
        ("python", "os.environ[\"DASHSCOPE_API_KEY\"]"),
    ] {
        let o = qr(&[
            "export",
            "--format",
            fmt,
            "--surface",
            "dashscope-cn",
            "--model",
            "qwen-plus",
            "--payload",
            p.to_str().unwrap(),
        ]);
        assert!(o.status.success());
        assert!(String::from_utf8_lossy(&o.stdout).contains(needle), "{fmt}");
    }
}

#[test]
fn key_prefix_is_never_echoed() {
    let p = payload("hi3.json", HI);
    let fake = "sk-sp-0123456789abcdefSECRET";
    let o = qr(&[
        "shape",
        "--surface",
        "dashscope-intl",
        "--model",
        "qwen-plus",
        "--key-prefix",
        fake,
        "--payload",
        p.to_str().unwrap(),
    ]);
    let v = json(&o);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("SECRET"));
    assert!(v["lint"].as_array().unwrap().iter().any(|f| f["code"] == "key-plan-mismatch"));
}

#[test]
fn catalog_surface_json() {
    let v = json(&qr(&["catalog", "--surface", "coding-plan-intl", "--json"]));
    assert_eq!(v["surface"]["base_url"], "https://coding-intl.dashscope.aliyuncs.com/v1");
    assert!(v["surface"]["models_path"].is_null());
    assert!(v["models"].as_array().unwrap().iter().any(|m| m["id"] == "qwen3-coder-plus"));
}

#[test]
fn catalog_text_marks_unconfirmed() {
    let o = qr(&["catalog"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("cors refused?"));
}

#[test]
fn unknown_surface_fails_in_one_line() {
    let p = payload("hi4.json", HI);
    one_line_failure(
        &qr(&[
            "shape",
            "--surface",
            "dashscope",
            "--model",
            "qwen-plus",
            "--payload",
            p.to_str().unwrap(),
        ]),
        "unknown surface",
    );
}

#[test]
fn unknown_model_fails_in_one_line() {
    let p = payload("hi5.json", HI);
    one_line_failure(
        &qr(&[
            "shape",
            "--surface",
            "dashscope-intl",
            "--model",
            "Qwen-Plus",
            "--payload",
            p.to_str().unwrap(),
        ]),
        "case-sensitive",
    );
}

#[test]
fn malformed_json_fails_in_one_line() {
    let p = payload("bad.json", "{\"messages\": [");
    one_line_failure(
        &qr(&[
            "shape",
            "--surface",
            "dashscope-intl",
            "--model",
            "qwen-plus",
            "--payload",
            p.to_str().unwrap(),
        ]),
        "is not valid JSON",
    );
}

#[test]
fn missing_file_fails_in_one_line() {
    one_line_failure(
        &qr(&[
            "shape",
            "--surface",
            "dashscope-intl",
            "--model",
            "qwen-plus",
            "--payload",
            "/nonexistent/p.json",
        ]),
        "cannot read /nonexistent/p.json",
    );
}

#[test]
fn non_object_payload_fails_in_one_line() {
    let p = payload("arr.json", "[1,2]");
    one_line_failure(
        &qr(&[
            "shape",
            "--surface",
            "dashscope-intl",
            "--model",
            "qwen-plus",
            "--payload",
            p.to_str().unwrap(),
        ]),
        "JSON object",
    );
}

#[test]
fn bad_flag_values_fail_in_one_line() {
    one_line_failure(
        &qr(&["route", "--workload", "fast-chat", "--thinking", "loud"]),
        "invalid thinking",
    );
    one_line_failure(&qr(&["route", "--workload", "poetry"]), "unknown workload");
    one_line_failure(
        &qr(&["route", "--workload", "fast-chat", "--needs", "telepathy"]),
        "invalid needs",
    );
    one_line_failure(&qr(&["route", "--workload", "fast-chat", "--bogus"]), "--bogus");
    one_line_failure(
        &qr(&[
            "export",
            "--format",
            "cobol",
            "--surface",
            "vllm",
            "--model",
            "x",
            "--payload",
            "-",
        ]),
        "invalid format",
    );
}

#[test]
fn binary_garbage_payload_is_an_error_not_a_panic() {
    let o = qr_stdin(
        &["shape", "--surface", "vllm", "--model", "x", "--payload", "-"],
        "\u{0}\u{1}\u{fffd}garbage",
    );
    one_line_failure(&o, "not valid JSON");
}

const STREAM: &str = "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"},\"index\":0}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"hi\"},\"index\":0,\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

#[test]
fn sse_prints_json_lines() {
    let o = qr_stdin(&["sse"], STREAM);
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["data"], "[DONE]");
    for key in ["event", "data", "id", "retry"] {
        assert!(lines[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn assemble_stream_and_body() {
    let v = json(&qr_stdin(&["assemble", "--surface", "dashscope-intl"], STREAM));
    assert_eq!(v["choices"][0]["content"], "hi");
    assert_eq!(v["choices"][0]["reasoning"], "hm");
    assert_eq!(v["end"], "done");
    let v = json(&qr_stdin(
        &["assemble"],
        r#"{"choices":[{"message":{"content":"ok"},"finish_reason":"stop"}]}"#,
    ));
    assert_eq!(v["end"], "body");
}

#[test]
fn assemble_with_timings() {
    let t = payload(
        "timings.json",
        r#"{"sent_at_ms": 1000, "chunks": [{"at_ms": 1200, "bytes": 60}, {"at_ms": 1500, "bytes": 1000}]}"#,
    );
    let v = json(&qr_stdin(&["assemble", "--timings", t.to_str().unwrap()], STREAM));
    assert_eq!(v["timings"]["ttfb_ms"], 200.0);
    assert_eq!(v["timings"]["first_answer_ms"], 500.0);
}

#[test]
fn diagnose_http_and_transport() {
    let body = payload(
        "err.json",
        r#"{"error":{"code":"invalid_api_key","message":"Incorrect API key provided.","type":"invalid_request_error"}}"#,
    );
    let v = json(&qr(&[
        "diagnose",
        "--surface",
        "dashscope-intl",
        "--status",
        "401",
        "--body",
        body.to_str().unwrap(),
        "--key-region",
        "cn",
        "--json",
    ]));
    assert_eq!(v["code"], "key-wrong-region");
    let v = json(&qr(&[
        "diagnose",
        "--surface",
        "vllm",
        "--transport",
        "cors",
        "--origin",
        "http://127.0.0.1:9",
        "--json",
    ]));
    assert_eq!(v["code"], "cors-blocked");
    let v = json(&qr(&[
        "diagnose",
        "--surface",
        "dashscope-intl",
        "--status",
        "429",
        "--header",
        "Retry-After: 9",
        "--json",
    ]));
    assert_eq!(v["retry_after_s"], 9.0);
}

#[test]
fn diagnose_needs_status_or_transport() {
    one_line_failure(&qr(&["diagnose", "--surface", "dashscope-intl"]), "--status");
    one_line_failure(
        &qr(&["diagnose", "--surface", "dashscope-intl", "--transport", "gremlins"]),
        "invalid transport",
    );
    one_line_failure(
        &qr(&["diagnose", "--surface", "nowhere", "--status", "400"]),
        "unknown surface",
    );
}

#[test]
fn check_exit_codes() {
    let schema = payload(
        "schema.json",
        r#"{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}"#,
    );
    let ok = qr_stdin(&["check", "--schema", schema.to_str().unwrap()], r#"{"a": 1}"#);
    assert_eq!(ok.status.code(), Some(0));
    let bad = qr_stdin(&["check", "--schema", schema.to_str().unwrap(), "--json"], r#"{"a": "x"}"#);
    assert_eq!(bad.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(v["errors"][0]["path"], "/a");
    let request = payload(
        "request.json",
        r#"{"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"array"}}}}"#,
    );
    let o = qr_stdin(&["check", "--schema", request.to_str().unwrap()], "[1]");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn models_diff_and_live_route() {
    let o = qr_stdin(
        &["models", "--surface", "vllm", "--workload", "fast-chat", "--json"],
        r#"{"object":"list","data":[{"id":"Qwen/Qwen3-14B"},{"id":"my-lora"}]}"#,
    );
    let v = json(&o);
    assert_eq!(v["diff"]["matched"][0], "Qwen/Qwen3-14B");
    assert_eq!(v["diff"]["live_unknown"][0], "my-lora");
    assert_eq!(v["route"]["model"], "Qwen/Qwen3-14B");
    one_line_failure(&qr_stdin(&["models", "--surface", "vllm"], "<html>"), "not JSON");
}

#[test]
fn catalog_stale_lists_old_rows_and_exits_1() {
    let fresh = qr(&["catalog", "--stale", "3650", "--today", "2026-12-02"]);
    assert_eq!(fresh.status.code(), Some(0));
    let old = qr(&["catalog", "--stale", "30", "--today", "2027-06-01", "--json"]);
    assert_eq!(old.status.code(), Some(1), "stale rows exit 1");
    let v: serde_json::Value = serde_json::from_slice(&old.stdout).unwrap();
    let rows = v["stale"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["row"] == "surface:dashscope-intl"));
    assert!(rows.iter().all(|r| r["age_days"].as_i64().unwrap() > 30));
    one_line_failure(&qr(&["catalog", "--stale", "30", "--today", "June"]), "YYYY-MM-DD");
}

#[test]
fn catalog_json_carries_age_prices_and_disputes() {
    let v = json(&qr(&["catalog", "--json"]));
    assert!(v["facts"]["line"].as_str().unwrap().starts_with("facts checked "));
    assert!(v["facts"]["disputed"].as_u64().unwrap() > 0);
    assert!(v["prices"].as_array().unwrap().iter().any(|p| p["model"] == "qwen3-max"));
    assert!(v["disputes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["why"].as_str().is_some_and(|w| !w.is_empty())));
    let text = String::from_utf8(qr(&["catalog", "--disputes"]).stdout).unwrap();
    assert!(text.contains("theirs:") && text.contains("why:"));
}

#[test]
fn route_text_says_how_old_its_facts_are() {
    let o = qr(&["route", "--workload", "fast-chat"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.lines().any(|l| l.starts_with("facts checked ")), "{text}");
    let v = json(&qr(&["route", "--workload", "fast-chat", "--json"]));
    assert!(v["facts"]["oldest"].as_str().is_some());
}

#[test]
fn catalog_models_dev_format_writes_a_tree() {
    let dir = std::env::temp_dir().join(format!("qr-models-dev-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let o = qr(&["catalog", "--format", "models-dev", "--out", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let qwen_max =
        std::fs::read_to_string(dir.join("providers/alibaba/models/qwen-max.toml")).unwrap();
    assert!(
        qwen_max.contains("# source: ")
            && qwen_max.contains("[limit]")
            && qwen_max.contains("[cost]")
    );
    assert!(dir.join("providers/alibaba-coding-plan/provider.toml").exists());
    // MiniMax-M2.5 is pay-as-you-go in Beijing only.
    assert!(dir.join("providers/alibaba-cn/models/MiniMax-M2.5.toml").exists());
    assert!(!dir.join("providers/alibaba/models/MiniMax-M2.5.toml").exists());
    one_line_failure(&qr(&["catalog", "--format", "yaml"]), "unknown --format");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn models_propose_prints_a_sourced_dated_patch() {
    let listing = r#"{"object":"list","data":[{"id":"qwen-plus"},{"id":"qwen9-ultra"}]}"#;
    let o = qr_stdin(
        &["models", "--surface", "dashscope-intl", "--propose", "--today", "2026-12-02"],
        listing,
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("[[model]]\nid = \"qwen9-ultra\""), "{text}");
    assert!(text.contains("[[gone]]\nmodel = \"qwen3.5-plus\""));
    assert_eq!(text.matches("\n[[").count(), text.matches("checked = \"2026-12-02\"").count());
    let v =
        json(&qr_stdin(&["models", "--surface", "dashscope-intl", "--propose", "--json"], listing));
    assert_eq!(v["new_models"][0]["id"], "qwen9-ultra");
    one_line_failure(
        &qr_stdin(
            &["models", "--surface", "dashscope-intl", "--propose"],
            r#"{"code":"InvalidApiKey","message":"Invalid API-key provided."}"#,
        ),
        "error answer",
    );
}

#[test]
fn assemble_json_carries_cost_when_priced() {
    let body = r#"{"choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500}}"#;
    let v = json(&qr_stdin(
        &["assemble", "--surface", "dashscope-intl", "--model", "qwen-max", "--json"],
        body,
    ));
    assert_eq!(v["cost"]["currency"], "USD");
    assert!((v["cost"]["amount"].as_f64().unwrap() - 0.0048).abs() < 1e-12);
    let v = json(&qr_stdin(
        &["assemble", "--surface", "coding-plan-intl", "--model", "qwen-max", "--json"],
        body,
    ));
    assert!(v.get("cost").is_none());
}

#[test]
fn shape_from_curl_imports_and_never_prints_the_key() {
    let cmd = payload(
        "from-curl.sh",
        "curl https://coding-intl.dashscope.aliyuncs.com/v1/chat/completions \\\n  -H 'Authorization: Bearer sk-sp-imported-key-123' -H 'Cookie: s=1' \\\n  -d '{\"model\": \"qwen3.5-plus\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}'\n",
    );
    let o = qr(&["shape", "--from-curl", cmd.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(!text.contains("imported-key"), "the key reached the output");
    let v = json(&o);
    assert_eq!(v["imported"]["surface"], "coding-plan-intl");
    assert_eq!(v["imported"]["key_found"], true);
    assert_eq!(v["imported"]["not_imported"][0]["what"], "header Cookie");
    assert_eq!(v["effective"]["model"], "qwen3.5-plus");
    // The key's class is used: a plan key on a plan host raises no key finding.
    assert!(!v["lint"].as_array().unwrap().iter().any(|f| f["code"] == "key-plan-mismatch"));
    // Flags still override what the command said.
    let o = qr(&["shape", "--from-curl", cmd.to_str().unwrap(), "--dialect", "anthropic"]);
    assert_eq!(
        json(&o)["request"]["url"],
        "https://coding-intl.dashscope.aliyuncs.com/apps/anthropic/v1/messages"
    );
    // A command that cannot be read is a one-line error with exit 2.
    let bad = payload("bad-curl.sh", "curl 'https://x/v1/chat/completions");
    one_line_failure(&qr(&["shape", "--from-curl", bad.to_str().unwrap()]), "not closed");
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn lang_zh_cn_translates_sentences_and_keeps_codes() {
    let p = payload(
        "json-word.json",
        r#"{"messages":[{"role":"user","content":"List three colours."}],"response_format":{"type":"json_object"}}"#,
    );
    let args = [
        "shape",
        "--surface",
        "dashscope-intl",
        "--model",
        "qwen-plus",
        "--payload",
        p.to_str().unwrap(),
    ];
    let en = json(&qr(&args));
    let zh = json(&qr(&[&args[..], &["--lang", "zh-CN"]].concat()));
    let find = |v: &serde_json::Value| {
        v["lint"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "json-object-needs-json-word")
            .cloned()
            .unwrap()
    };
    let (f_en, f_zh) = (find(&en), find(&zh));
    assert!(!has_chinese(f_en["message"].as_str().unwrap()));
    assert!(has_chinese(f_zh["message"].as_str().unwrap()), "{f_zh}");
    assert!(has_chinese(f_zh["fix"].as_str().unwrap()), "{f_zh}");
    // What programs match on does not change: codes, the prevented row (verbatim upstream
    // message), the patch, the wire request.
    assert_eq!(f_en["code"], f_zh["code"]);
    assert_eq!(f_en["prevents"], f_zh["prevents"]);
    assert_eq!(f_en["patch"], f_zh["patch"]);
    assert_eq!(en["request"], zh["request"]);
    assert!(zh["notes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| has_chinese(n["text"].as_str().unwrap())));

    let body = payload(
        "401.json",
        r#"{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}"#,
    );
    let d = json(&qr(&[
        "diagnose",
        "--surface",
        "dashscope-intl",
        "--status",
        "401",
        "--body",
        body.to_str().unwrap(),
        "--json",
        "--lang",
        "zh-CN",
    ]));
    assert_eq!(d["code"], "invalid-api-key");
    assert!(has_chinese(d["title"].as_str().unwrap()) && has_chinese(d["cause"].as_str().unwrap()));
    assert!(d["fix"].as_array().unwrap().iter().all(|f| has_chinese(f.as_str().unwrap())));
    assert_eq!(
        d["upstream"]["message"], "Incorrect API key provided.",
        "the server's words stay verbatim"
    );

    let r = json(&qr(&["route", "--workload", "fast-chat", "--json", "--lang", "zh"]));
    let reasons = r["reasons"].as_array().unwrap();
    assert!(reasons.len() >= 3);
    // The workload's name and summary are catalog prose with ids of their own, translated too.
    assert!(reasons.iter().all(|x| has_chinese(x["text"].as_str().unwrap())), "{reasons:?}");
    assert!(reasons[0]["text"].as_str().unwrap().starts_with("快速对话"));
    assert!(r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| has_chinese(x["text"].as_str().unwrap())));
}

#[test]
fn an_unknown_lang_fails_in_one_line() {
    one_line_failure(&qr(&["route", "--workload", "fast-chat", "--lang", "fr"]), "--lang");
}
