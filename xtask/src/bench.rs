//! `cargo xtask bench`: run the benchmarks and print throughput ratios against the named peers.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{dist, install, npm, run, site};

/// Mean time (ns) and bytes per iteration of one criterion benchmark.
fn read_result(dir: &Path) -> Option<(f64, f64)> {
    let est: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("new/estimates.json")).ok()?)
            .ok()?;
    let bench: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("new/benchmark.json")).ok()?)
            .ok()?;
    let ns = est["mean"]["point_estimate"].as_f64()?;
    let bytes = bench["throughput"]["Bytes"].as_f64()?;
    Some((ns, bytes))
}

/// `group → function → parameter → MB/s`
type Table = BTreeMap<String, BTreeMap<String, BTreeMap<String, f64>>>;

fn collect(root: &Path) -> Table {
    let mut t: Table = BTreeMap::new();
    let Ok(groups) = std::fs::read_dir(root) else { return t };
    for g in groups.flatten() {
        let Ok(funcs) = std::fs::read_dir(g.path()) else { continue };
        for f in funcs.flatten() {
            let Ok(params) = std::fs::read_dir(f.path()) else { continue };
            for p in params.flatten() {
                if let Some((ns, bytes)) = read_result(&p.path()) {
                    let mbps = bytes / (ns / 1e9) / 1e6;
                    t.entry(g.file_name().to_string_lossy().into())
                        .or_default()
                        .entry(f.file_name().to_string_lossy().into())
                        .or_default()
                        .insert(p.file_name().to_string_lossy().into(), mbps);
                }
            }
        }
    }
    t
}

pub(crate) fn native() -> Result<(), String> {
    run::step(
        "native benchmarks (criterion)",
        "cargo",
        &["bench", "--locked", "-p", "qwen-route-bench", "--bench", "sse"],
    )?;
    let table = collect(&run::target_dir().join("criterion"));
    println!("\nNative SSE throughput (MB/s, mean of criterion samples; peer = eventsource-stream 0.2)\n");
    println!("{:<14} {:<8} {:>12} {:>12} {:>8}", "group", "chunk", "qwen-route", "peer", "ratio");
    for (group, funcs) in &table {
        let Some(ours) = funcs.get("qwen-route") else { continue };
        let Some(peer) = funcs.iter().find(|(k, _)| k.as_str() != "qwen-route").map(|(_, v)| v)
        else {
            continue;
        };
        for chunk in ["1B", "64B", "1KiB", "16KiB"] {
            if let (Some(a), Some(b)) = (ours.get(chunk), peer.get(chunk)) {
                println!("{group:<14} {chunk:<8} {a:>12.1} {b:>12.1} {:>7.1}x", a / b);
            }
        }
    }
    Ok(())
}

/// The npm package's `StreamDecoder` against eventsource-parser + `JSON.parse`, in Node, on the
/// streams the native benchmark decodes.
pub(crate) fn node() -> Result<(), String> {
    let d = dist::build()?;
    let tools = install::npm_tools()?;
    let dir = npm::scratch(&d.tarball)?;
    let fixtures = run::target_dir().join("bench-fixtures");
    run::step(
        "write the benchmark streams",
        "cargo",
        &[
            "run",
            "--locked",
            "--release",
            "-q",
            "-p",
            "qwen-route-bench",
            "--bin",
            "sse-fixtures",
            "--",
            &fixtures.to_string_lossy(),
        ],
    )?;
    run::step_env(
        "Node benchmark (StreamDecoder vs eventsource-parser)",
        &dir,
        "node",
        &["bench.mjs", &fixtures.to_string_lossy()],
        &[(
            "QR_EVENTSOURCE_PARSER",
            tools.join("eventsource-parser/dist/index.js").to_string_lossy().to_string(),
        )],
    )
}

/// A plain Leptos counter built with the playground's profile, for the paint comparison.
fn counter_site() -> Result<std::path::PathBuf, String> {
    run::cargo_wasm(
        "build the Leptos counter baseline (same profile as the playground)",
        "qwen-route-playground",
        &["--example", "counter"],
        &site::wasm_env(),
    )?;
    let out = run::target_dir().join("bench-counter");
    let _ = std::fs::remove_dir_all(&out);
    let wasm = run::target_dir().join("wasm32-unknown-unknown/release/examples/counter.wasm");
    run::step(
        "wasm-bindgen the counter",
        "wasm-bindgen",
        &["--target", "web", "--out-dir", &out.to_string_lossy(), &wasm.to_string_lossy()],
    )?;
    run::wasm_opt("optimise the counter", &out.join("counter_bg.wasm"))?;
    std::fs::write(out.join("main.js"), "import init from './counter.js';\nawait init();\n")
        .map_err(|e| e.to_string())?;
    std::fs::write(
        out.join("index.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>counter</title><link rel=\"icon\" href=\"data:,\"><script type=\"module\" src=\"/main.js\"></script></head><body></body></html>\n",
    )
    .map_err(|e| e.to_string())?;
    Ok(out)
}

/// The playground's budgets in Chromium: first contentful paint against the Leptos counter, and
/// long tasks while a 10,000-event stream renders; plus its sizes.
pub(crate) fn site() -> Result<(), String> {
    let built = site::build()?;
    if let Err(e) = site::sizes(&built, false) {
        println!("    note: {e}");
    }
    let counter = counter_site()?;
    let mut env = crate::e2e::browser_env(&built)?;
    env.push(("QR_COUNTER_SITE", counter.to_string_lossy().into_owned()));
    run::step_env(
        "playground budgets in Chromium",
        &run::workspace_root().join("tests/e2e"),
        "node",
        &["bench.mjs"],
        &env,
    )
}
