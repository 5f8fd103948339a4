//! Idempotent installs: each function checks first and installs only what is missing.

use crate::run;

/// The wasm32 target, via rustup.
pub(crate) fn wasm_target() -> Result<(), String> {
    let installed = run::output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        println!("==> wasm32-unknown-unknown target: present");
        return Ok(());
    }
    run::step("install the wasm32 target", "rustup", &["target", "add", "wasm32-unknown-unknown"])
}
