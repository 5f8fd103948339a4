//! Real clients no one here wrote (the official `openai` packages for Python and Node) against
//! `qwen-route sim`, started on a free loopback port for the duration of the step.

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
    )
}
