//! Idempotent installs: each function checks first and installs only what is missing, printing
//! what it does. Versions are pinned here and nowhere else.

use std::path::PathBuf;

use crate::run;

/// The `wasm-bindgen` version: the one pin in the workspace `Cargo.toml`
/// (`[workspace.dependencies] wasm-bindgen = "=X"`). The CLI must match the crate exactly;
/// `cargo xtask tidy` checks that `Trunk.toml`, `Cargo.lock` and the README agree with it.
pub(crate) fn wasm_bindgen_version() -> String {
    let manifest =
        std::fs::read_to_string(run::workspace_root().join("Cargo.toml")).unwrap_or_default();
    pinned_wasm_bindgen(&manifest).unwrap_or_default()
}

/// The `=X` pin of `wasm-bindgen` in a workspace manifest.
pub(crate) fn pinned_wasm_bindgen(manifest: &str) -> Option<String> {
    let line = manifest.lines().find(|l| l.trim_start().starts_with("wasm-bindgen ="))?;
    let value = line.split_once('=')?.1.trim().trim_matches('"');
    value.strip_prefix('=').map(str::to_string)
}

/// Trunk version (0.22 needs a newer Rust than the pinned 1.95).
pub(crate) const TRUNK: &str = "0.21.14";

/// The wasm32 target, via rustup.
pub(crate) fn wasm_target() -> Result<(), String> {
    let installed = run::output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        println!("==> wasm32-unknown-unknown target: present");
        return Ok(());
    }
    run::step("install the wasm32 target", "rustup", &["target", "add", "wasm32-unknown-unknown"])
}

/// The standard library's sources (rustup component `rust-src`): `cargo xtask dist` rebuilds std
/// for wasm32 optimised for size, which trims about a tenth off the package.
pub(crate) fn rust_src() -> Result<(), String> {
    let sysroot = run::output("rustc", &["--print", "sysroot"]).unwrap_or_default();
    let lib = PathBuf::from(sysroot.trim()).join("lib/rustlib/src/rust/library/std/Cargo.toml");
    if lib.exists() {
        println!("==> rust-src component: present");
        return Ok(());
    }
    run::step("install the rust-src component", "rustup", &["component", "add", "rust-src"])
}

/// `wasm-bindgen` CLI at the pinned version, from the crate registry. It is installed without
/// `--locked`: its lockfile pins a crate version the registry mirror lacks.
pub(crate) fn wasm_bindgen_cli() -> Result<(), String> {
    let version = wasm_bindgen_version();
    let want = format!("wasm-bindgen {version}");
    if run::output("wasm-bindgen", &["--version"]).is_some_and(|v| v.trim() == want) {
        println!("==> {want}: present");
        return Ok(());
    }
    run::step(
        "install wasm-bindgen-cli (a few minutes, once)",
        "cargo",
        &["install", &format!("wasm-bindgen-cli@{version}")],
    )
}

/// The pinned npm tools (`web/tools/package-lock.json`): binaryen's wasm-opt, TypeScript,
/// Vite, playwright-core, and the benchmark peers.
pub(crate) fn npm_tools() -> Result<PathBuf, String> {
    let dir = run::workspace_root().join("web/tools");
    let marker = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (
        std::fs::metadata(&marker).and_then(|m| m.modified()),
        std::fs::metadata(&lock).and_then(|m| m.modified()),
    ) {
        (Ok(m), Ok(l)) => m >= l,
        _ => false,
    };
    if fresh {
        println!("==> npm tools (web/tools): present");
    } else {
        run::step_in(
            "install the pinned npm tools",
            &dir,
            "npm",
            &["ci", "--no-audit", "--no-fund"],
        )?;
    }
    Ok(dir.join("node_modules"))
}

/// A tool from the pinned npm tools.
pub(crate) fn npm_bin(name: &str) -> PathBuf {
    run::workspace_root().join("web/tools/node_modules/.bin").join(name)
}

/// Debian's Chromium (never a downloaded browser), for the browser tests.
pub(crate) fn chromium() -> Result<(), String> {
    if std::path::Path::new("/usr/bin/chromium").exists() {
        println!("==> chromium: present");
        return Ok(());
    }
    let root = run::output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    let sudo: &[&str] = if root { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| -> Result<(), String> {
        let mut all: Vec<&str> = sudo.to_vec();
        all.extend_from_slice(args);
        let (prog, rest) = all.split_first().ok_or("empty command")?;
        run::step("install Chromium from Debian", prog, rest)
    };
    apt(&["apt-get", "update"])?;
    apt(&[
        "env",
        "DEBIAN_FRONTEND=noninteractive",
        "apt-get",
        "install",
        "-y",
        "chromium",
        "chromium-driver",
    ])
}

/// The Python peers (`tests/peers/requirements.txt`: the official `openai` and `anthropic` packages) in
/// `target/peers-venv`, from PyPI; reinstalled only when the requirements change.
pub(crate) fn peers_venv() -> Result<PathBuf, String> {
    let root = run::workspace_root();
    let req = root.join("tests/peers/requirements.txt");
    let want = std::fs::read_to_string(&req).map_err(|e| format!("{}: {e}", req.display()))?;
    let venv = run::target_dir().join("peers-venv");
    let python = venv.join("bin/python");
    let marker = venv.join("installed-requirements.txt");
    if python.exists() && std::fs::read_to_string(&marker).is_ok_and(|have| have == want) {
        println!("==> Python peers (target/peers-venv): present");
        return Ok(python);
    }
    let venv_s = venv.to_string_lossy().to_string();
    run::step("create the Python peers venv", "python3", &["-m", "venv", &venv_s])?;
    run::step(
        "install the Python peers from PyPI (tests/peers/requirements.txt)",
        &python.to_string_lossy(),
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            &req.to_string_lossy(),
        ],
    )?;
    std::fs::write(&marker, want).map_err(|e| e.to_string())?;
    Ok(python)
}

/// Trunk at the pinned version, from the crate registry (about nine minutes, once).
pub(crate) fn trunk() -> Result<(), String> {
    let want = format!("trunk {TRUNK}");
    if run::output("trunk", &["--version"]).is_some_and(|v| v.trim() == want) {
        println!("==> {want}: present");
        return Ok(());
    }
    run::step(
        "install trunk (about nine minutes, once)",
        "cargo",
        &["install", &format!("trunk@{TRUNK}"), "--locked"],
    )
}
