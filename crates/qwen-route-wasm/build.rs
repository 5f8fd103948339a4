//! Generates the TypeScript declarations of every data type that crosses the JS boundary, from
//! the Rust definitions themselves (see `build/dts.rs`), into `OUT_DIR/types.d.ts`. The result
//! is also committed as `tests/snapshots/qwen-route.d.ts` and compared by `tests/dts.rs`.

use std::path::{Path, PathBuf};

#[path = "build/dts.rs"]
#[allow(dead_code)]
mod dts;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The `qwen-route/stream` entry's declarations of the types: every type of the default entry,
/// re-exported from it by name (so they are the same types, and no function of the default
/// entry appears as a value).
fn stream_types(types: &str) -> String {
    let mut names: Vec<&str> = types
        .lines()
        .filter_map(|l| l.strip_prefix("export interface ").or(l.strip_prefix("export type ")))
        .filter_map(|rest| rest.split([' ', '<', '=']).next())
        .chain(["QwenRouteError", "SnippetFormat"])
        .collect();
    names.sort_unstable();
    names.dedup();
    format!(
        "\nimport type {{ {} }} from \"../dist/qwen_route.js\";\nexport type {{ {} }};\n",
        names.join(", "),
        names.join(", ")
    )
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = Vec::new();
    collect(&manifest.join("../qwen-route/src"), &mut files);
    collect(&manifest.join("src"), &mut files);
    files.sort();
    let mut sources = Vec::new();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        sources.push((f.display().to_string(), text));
    }
    let out = match dts::generate(&sources) {
        Ok(out) => out,
        Err(errors) => panic!("TypeScript generation failed:\n  - {}", errors.join("\n  - ")),
    };
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let dest = out_dir.join("types.d.ts");
    std::fs::write(&dest, &out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
    let stream = out_dir.join("stream-types.d.ts");
    std::fs::write(&stream, stream_types(&out))
        .unwrap_or_else(|e| panic!("{}: {e}", stream.display()));
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/dts.rs");
}
