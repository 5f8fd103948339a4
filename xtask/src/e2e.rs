//! The playground's end-to-end tests in Debian's Chromium: the built site, `qwen-route sim` and
//! `relay`, and a LiteLLM proxy from PyPI, all on 127.0.0.1.

use std::path::Path;

use crate::{dist, install, run, site};

/// Build what the suite needs (the npm package's widget folder included) and run it; with
/// filters, only the test files whose names contain one of them.
pub(crate) fn test(filters: &[String]) -> Result<(), String> {
    let d = dist::build()?;
    run_filtered(&d.dir, filters)
}

/// What every browser script under `tests/e2e` needs — the built site, the CLI and
/// playwright-core — after building and installing them.
pub(crate) fn browser_env(site: &Path) -> Result<Vec<(&'static str, String)>, String> {
    let bin = run::build_cli()?;
    let tools = install::npm_tools()?;
    install::chromium()?;
    Ok(vec![
        ("QR_SITE", site.to_string_lossy().into_owned()),
        ("QR_BIN", bin.to_string_lossy().into_owned()),
        ("QR_PLAYWRIGHT", tools.join("playwright-core/index.mjs").to_string_lossy().into_owned()),
    ])
}

/// Run the suite with an already built npm package directory.
pub(crate) fn run_with(package: &Path) -> Result<(), String> {
    run_filtered(package, &[])
}

fn run_filtered(package: &Path, filters: &[String]) -> Result<(), String> {
    let site = site::build()?;
    if filters.is_empty() {
        // A focused run (`cargo xtask e2e NAME`) is for iterating; the full suite checks sizes.
        site::sizes(&site, false)?;
    }
    let mut env = browser_env(&site)?;
    let python = install::peers_venv()?;
    let tools = install::npm_tools()?;
    let root = run::workspace_root();
    let dir = root.join("tests/e2e");
    let _ = std::fs::create_dir_all(dir.join("artifacts"));
    let litellm = python.with_file_name("litellm");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .filter(|n| filters.is_empty() || filters.iter().any(|f| n.contains(f.as_str())))
        .collect();
    if files.is_empty() {
        return Err(format!("no end-to-end test file matches {filters:?}"));
    }
    files.sort();
    env.extend([
        ("QR_LITELLM", litellm.to_string_lossy().into_owned()),
        ("QR_LITELLM_CONFIG", root.join("tests/peers/litellm").to_string_lossy().into_owned()),
        ("QR_WIDGET", package.join("picker").to_string_lossy().into_owned()),
        ("QR_EMBED", root.join("web/embed").to_string_lossy().into_owned()),
        ("QR_PNGJS", tools.join("pngjs/lib/png.js").to_string_lossy().into_owned()),
        ("QR_PIXELMATCH", tools.join("pixelmatch/index.js").to_string_lossy().into_owned()),
        ("QR_AXE", tools.join("axe-core/axe.min.js").to_string_lossy().into_owned()),
    ]);
    let mut args = vec!["--test", "--test-concurrency=1", "--test-reporter=spec"];
    args.extend(files.iter().map(String::as_str));
    run::step_env("the playground end to end in Chromium", &dir, "node", &args, &env)
}
