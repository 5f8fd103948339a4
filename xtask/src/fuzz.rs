//! `cargo xtask fuzz [SECONDS]`: cargo-fuzz on the decoder, assembler, diagnosis, schema check
//! shaper, simulator and curl import, each for a bounded time, seeded from the fixtures.

use std::path::Path;
use std::process::Command;

use crate::run;

const TARGETS: &[(&str, &[&str])] = &[
    ("sse_decoder", &["sse"]),
    ("assembler", &["assemble", "sse"]),
    ("diagnose", &["diagnose"]),
    ("schema_check", &["schema"]),
    ("shape", &["shape"]),
    ("simulator", &["sim"]),
    ("curl_import", &["curl"]),
];

/// Write each fixture's interesting bytes as a seed file.
fn seed(dir: &Path, areas: &[&str]) -> Result<usize, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut n = 0;
    for area in areas {
        let fixtures = run::workspace_root().join("tests/fixtures").join(area);
        let Ok(entries) = std::fs::read_dir(&fixtures) else { continue };
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let seed = seed_bytes(area, &text);
            if seed.is_empty() {
                continue;
            }
            let name = format!("{area}-{}", entry.file_name().to_string_lossy());
            std::fs::write(dir.join(name), seed).map_err(|e| e.to_string())?;
            n += 1;
        }
    }
    Ok(n)
}

/// Pull the field that matters out of a fixture without a JSON dependency: the fixture text
/// itself is a fine seed for JSON-consuming targets; stream targets get the stream string.
fn seed_bytes(area: &str, text: &str) -> Vec<u8> {
    let key = match area {
        "sse" => "\"input\": \"",
        "assemble" => "\"stream\": \"",
        _ => return text.as_bytes().to_vec(),
    };
    let Some(start) = text.find(key).map(|i| i + key.len()) else {
        return text.as_bytes().to_vec();
    };
    let mut out = String::new();
    let mut chars = text[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        out.push(ch);
                    }
                }
                Some(other) => out.push(other),
                None => break,
            },
            c => out.push(c),
        }
    }
    out.into_bytes()
}

/// Type-check every fuzz target against the current core (no libFuzzer, no nightly flags), so a
/// target cannot rot between fuzzing sessions: the fuzz crate is outside the workspace.
pub(crate) fn check() -> Result<(), String> {
    let manifest = run::workspace_root().join("fuzz/Cargo.toml");
    run::step_env(
        "type-check the fuzz targets",
        &run::workspace_root(),
        "cargo",
        &[
            "check",
            "--quiet",
            "--locked",
            "--bins",
            "--no-default-features",
            "--manifest-path",
            &manifest.to_string_lossy(),
        ],
        // As cargo-fuzz builds them: the core's fuzzing-only switches exist under this cfg.
        &[("RUSTFLAGS", "--cfg fuzzing".into())],
    )
}

pub(crate) fn run(seconds: u64) -> Result<(), String> {
    if run::output("cargo", &["fuzz", "--version"]).is_none() {
        run::step("install cargo-fuzz", "cargo", &["install", "cargo-fuzz", "--locked"])?;
    } else {
        println!("==> cargo-fuzz: present");
    }
    let fuzz_dir = run::workspace_root().join("fuzz");
    for (target, areas) in TARGETS {
        let corpus = fuzz_dir.join("corpus").join(target);
        let seeds = seed(&corpus, areas)?;
        println!("\n==> fuzz {target} for {seconds} s ({seeds} seeds from tests/fixtures)");
        let artifacts = fuzz_dir.join("artifacts").join(target);
        let count = || std::fs::read_dir(&artifacts).map(|d| d.count()).unwrap_or(0);
        let before = count();
        let status = Command::new("cargo")
            .args([
                "fuzz",
                "run",
                target,
                &corpus.to_string_lossy(),
                "--",
                &format!("-max_total_time={seconds}"),
                "-print_final_stats=1",
            ])
            .envs(crate::unstable::fuzz_env())
            .current_dir(&fuzz_dir)
            .status()
            .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
        if !status.success() {
            return Err(if count() > before {
                format!("fuzz target {target} found a failure: see fuzz/artifacts/{target}/")
            } else {
                format!("cargo fuzz failed for {target} before finding anything (see above)")
            });
        }
    }
    println!("\n==> fuzzing found nothing in {} targets × {seconds} s", TARGETS.len());
    Ok(())
}
