//! Size of the core compiled to wasm32 (release profile: opt-level z, LTO).

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::run;

/// gzip -9 size of a byte string.
pub(crate) fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    if enc.write_all(bytes).is_err() {
        return 0;
    }
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

/// Build the core as an rlib for wasm32 (proving it stays wasm-clean) and report the size of a
/// tiny cdylib that links every public entry point.
pub(crate) fn core_wasm() -> Result<(usize, usize), String> {
    crate::install::wasm_target()?;
    run::step(
        "build the core for wasm32-unknown-unknown",
        "cargo",
        &[
            "build",
            "--locked",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "qwen-route",
            "-p",
            "qwen-route-size",
        ],
    )?;
    let path = run::target_dir().join("wasm32-unknown-unknown/release/qwen_route_size.wasm");
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let gz = gzip_len(&bytes);
    println!(
        "    core wasm32 (release, every entry point linked): {} bytes raw, {} bytes gzip",
        bytes.len(),
        gz
    );
    Ok((bytes.len(), gz))
}
