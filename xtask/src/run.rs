//! Running commands with progress lines.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The workspace root (xtask lives one level below it).
pub(crate) fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Cargo's target directory.
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// Run a command in the workspace root, printing a progress line and its duration.
pub(crate) fn step(title: &str, program: &str, args: &[&str]) -> Result<(), String> {
    step_in(title, &workspace_root(), program, args)
}

/// Run a command in a directory, printing a progress line and its duration.
pub(crate) fn step_in(
    title: &str,
    dir: &std::path::Path,
    program: &str,
    args: &[&str],
) -> Result<(), String> {
    step_env(title, dir, program, args, &[])
}

/// Run a command with extra environment variables.
pub(crate) fn step_env(
    title: &str,
    dir: &std::path::Path,
    program: &str,
    args: &[&str],
    env: &[(&str, String)],
) -> Result<(), String> {
    println!("\n==> {title}: {program} {}", args.join(" "));
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .current_dir(dir)
        .status()
        .map_err(|e| format!("{title}: cannot start {program}: {e}"))?;
    if !status.success() {
        return Err(format!("{title} failed ({program} {})", args.join(" ")));
    }
    println!("    ok in {:.1?}", started.elapsed());
    Ok(())
}

/// Run a command and capture its standard output, or `None` when it cannot run or fails.
pub(crate) fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `cargo build --locked --release --target wasm32-unknown-unknown -p <package> <extra…>` from
/// the workspace root, with `env`, as one printed step.
pub(crate) fn cargo_wasm(
    title: &str,
    package: &str,
    extra: &[&str],
    env: &[(&str, String)],
) -> Result<(), String> {
    let mut args =
        vec!["build", "--locked", "--release", "--target", "wasm32-unknown-unknown", "-p", package];
    args.extend_from_slice(extra);
    step_env(title, &workspace_root(), "cargo", &args, env)
}

/// Optimise a wasm file for size in place with the pinned wasm-opt (npm `binaryen`).
pub(crate) fn wasm_opt(title: &str, wasm: &Path) -> Result<(), String> {
    wasm_opt_with(title, wasm, &[])
}

/// [`wasm_opt`] with extra passes first (e.g. removing exports nothing can call).
pub(crate) fn wasm_opt_with(title: &str, wasm: &Path, extra: &[&str]) -> Result<(), String> {
    let file = wasm.to_string_lossy();
    let mut args = extra.to_vec();
    args.extend(["-Oz", &file, "-o", &file]);
    step(title, &crate::install::npm_bin("wasm-opt").to_string_lossy(), &args)
}

/// Build the `qwen-route` CLI (debug) and return its path.
pub(crate) fn build_cli() -> Result<PathBuf, String> {
    step("build the CLI", "cargo", &["build", "--quiet", "--locked", "-p", "qwen-route-cli"])?;
    Ok(target_dir().join("debug/qwen-route"))
}
