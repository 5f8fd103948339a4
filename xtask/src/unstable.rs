//! Every unstable toolchain switch the project uses, in one place, each with the reason it
//! exists. The toolchain itself is pinned by `rust-toolchain.toml` (1.95.0 with `rust-src` and the
//! wasm32 target), so a rustup update cannot change what these switches do.

/// How a wasm artefact is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WasmProfile {
    /// The npm package's engine: std rebuilt for size, panics as bare traps.
    Package,
    /// The playground and the widget: the same, plus Leptos's type-erased components.
    Leptos,
    /// The playground and widget for debugging (`cargo xtask serve --panic-messages`): std is not
    /// rebuilt and panics unwind to a message in the browser console.
    LeptosWithPanicMessages,
}

/// The environment for a wasm build.
///
/// - `RUSTC_BOOTSTRAP=1`: the stable 1.95.0 toolchain accepts the two unstable features below.
///   Nothing else in the build is unstable, and the toolchain is pinned, so their behaviour
///   cannot shift underneath.
/// - `CARGO_UNSTABLE_BUILD_STD=std,panic_abort` with `optimize_for_size`: std is recompiled with
///   the release profile (`opt-level = "z"`), which trims about a tenth off each wasm file.
/// - `-Zunstable-options -Cpanic=immediate-abort`: a panic compiles to a trap with no message
///   formatting. The core never panics on any input (fuzzed, `unwrap` denied), so the panic
///   machinery would be dead weight; `--panic-messages` builds keep it.
/// - `--cfg erase_components` (Leptos only): type-erased views, about 3 % smaller.
///
/// `extra_rustflags` is appended (path remapping for reproducible builds).
pub(crate) fn wasm_env(profile: WasmProfile, extra_rustflags: &str) -> Vec<(&'static str, String)> {
    let mut rustflags = match profile {
        WasmProfile::Package => "-Zunstable-options -Cpanic=immediate-abort".to_string(),
        WasmProfile::Leptos => {
            "-Zunstable-options -Cpanic=immediate-abort --cfg erase_components".to_string()
        }
        WasmProfile::LeptosWithPanicMessages => {
            "--cfg erase_components --cfg panic_messages".to_string()
        }
    };
    if !extra_rustflags.is_empty() {
        rustflags = format!("{rustflags} {extra_rustflags}");
    }
    let mut env = vec![("RUSTFLAGS", rustflags)];
    if profile != WasmProfile::LeptosWithPanicMessages {
        env.extend([
            ("RUSTC_BOOTSTRAP", "1".to_string()),
            ("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort".to_string()),
            ("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size".to_string()),
        ]);
    }
    env
}

/// The environment for `cargo fuzz`, which passes nightly-only sanitizer flags: the pinned
/// stable toolchain accepts them with `RUSTC_BOOTSTRAP=1`.
pub(crate) fn fuzz_env() -> Vec<(&'static str, String)> {
    vec![("RUSTC_BOOTSTRAP", "1".to_string())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_module_spells_an_unstable_switch() {
        let dir = crate::run::workspace_root().join("xtask/src");
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.file_name().is_some_and(|n| n == "unstable.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for switch in
                ["RUSTC_BOOTSTRAP", "build-std", "BUILD_STD", "immediate-abort", "-Zunstable"]
            {
                assert!(!text.contains(switch), "{} spells {switch}: use unstable.rs", p.display());
            }
        }
    }

    #[test]
    fn panic_messages_builds_use_nothing_unstable() {
        let env = wasm_env(WasmProfile::LeptosWithPanicMessages, "");
        assert!(env
            .iter()
            .all(|(k, v)| !k.contains("UNSTABLE") && *k != "RUSTC_BOOTSTRAP" && !v.contains("-Z")));
    }
}
