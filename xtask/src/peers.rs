//! Real clients no one here wrote (the official `openai` and `anthropic` packages for Python
//! and Node) against `qwen-route sim`, started on a free loopback port for the duration of the
//! step.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::{install, run};

/// A background `qwen-route` server, killed when dropped.
pub(crate) struct Background {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start the debug `qwen-route` binary with `args` and wait for its "listening on" line.
pub(crate) fn start(bin: &std::path::Path, args: &[&str]) -> Result<Background, String> {
    let mut child = Command::new(bin)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let out = child.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("listening on ").nth(1) {
                let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_string());
            }
        }
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(base) => Ok(Background { child, base }),
        Err(_) => {
            let _ = child.kill();
            Err(format!("qwen-route {} did not start", args.join(" ")))
        }
    }
}

pub(crate) fn test() -> Result<(), String> {
    openai_peers()?;
    exported_anthropic_snippets()?;
    crate::capture::test(false)
}

fn openai_peers() -> Result<(), String> {
    let bin = run::build_cli()?;
    let python = install::peers_venv()?;
    let tools = install::npm_tools()?;
    let sim = start(&bin, &["sim", "--port", "0", "--pace-ms", "1"])?;
    println!("    qwen-route sim on {}", sim.base);
    let root = run::workspace_root();
    run::step(
        "the openai Python package against qwen-sim",
        &python.to_string_lossy(),
        &[&root.join("tests/peers/openai_sim.py").to_string_lossy(), &sim.base],
    )?;
    run::step_env(
        "the openai npm package against qwen-sim",
        &root,
        "node",
        &["tests/peers/openai-sim.mjs", &sim.base],
        &[("QR_OPENAI", tools.join("openai/index.mjs").to_string_lossy().to_string())],
    )?;
    run::step(
        "the anthropic Python package against qwen-sim's /apps/anthropic",
        &python.to_string_lossy(),
        &[&root.join("tests/peers/anthropic_sim.py").to_string_lossy(), &sim.base],
    )?;
    run::step_env(
        "the @anthropic-ai/sdk npm package against qwen-sim's /apps/anthropic",
        &root,
        "node",
        &["tests/peers/anthropic-sim.mjs", &sim.base],
        &[(
            "QR_ANTHROPIC",
            tools.join("@anthropic-ai/sdk/index.mjs").to_string_lossy().to_string(),
        )],
    )
}

/// `qwen-route export --dialect anthropic --format python|js`, run as written against the
/// simulated Coding Plan endpoint: the exported programs are real `anthropic` SDK programs.
fn exported_anthropic_snippets() -> Result<(), String> {
    let bin = run::build_cli()?;
    let python = install::peers_venv()?;
    let tools = install::npm_tools()?;
    let sim = start(&bin, &["sim", "--port", "0", "--pace-ms", "1"])?;
    let dir = run::target_dir().join("export-check");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    // Node resolves `@anthropic-ai/sdk` from the file's own directory upwards.
    let link = dir.join("node_modules");
    if !link.exists() {
        std::os::unix::fs::symlink(&tools, &link)
            .map_err(|e| format!("{}: {e}", link.display()))?;
    }
    let payload = dir.join("payload.json");
    std::fs::write(&payload, r#"{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Why is the sky blue?"}]}"#)
        .map_err(|e| e.to_string())?;
    let base = format!("{}/coding-plan-intl/v1", sim.base);
    for (format, file, program) in [
        ("python", "anthropic_export.py", python.to_string_lossy().to_string()),
        ("js", "anthropic-export.mjs", "node".to_string()),
    ] {
        let code = std::process::Command::new(&bin)
            .args([
                "export",
                "--surface",
                "coding-plan-intl",
                "--model",
                "qwen3.5-plus",
                "--dialect",
                "anthropic",
            ])
            .args(["--thinking", "1024", "--stream", "--base-url", &base, "--format", format])
            .args(["--payload", &payload.to_string_lossy()])
            .output()
            .map_err(|e| e.to_string())?;
        if !code.status.success() {
            return Err(format!(
                "export --format {format} failed: {}",
                String::from_utf8_lossy(&code.stderr)
            ));
        }
        let path = dir.join(file);
        std::fs::write(&path, &code.stdout).map_err(|e| e.to_string())?;
        println!(
            "\n==> the exported anthropic {format} program against qwen-sim: {}",
            path.display()
        );
        let out = std::process::Command::new(&program)
            .arg(&path)
            .env("QWEN_API_KEY", "sk-sp-sim-1")
            .current_dir(&dir)
            .output()
            .map_err(|e| e.to_string())?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success()
            || !stdout.contains("simulated answer")
            || !stdout.contains("Simulated reasoning")
        {
            return Err(format!(
                "the exported {format} program did not print the simulated reasoning and answer:\n{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        println!("    ok: {} bytes of output, reasoning and answer streamed", stdout.len());
    }
    Ok(())
}
