//! Sizes of what users download (raw / gzip -9 / brotli -q 11), kept in committed snapshots
//! under `tests/snapshots/` (`sizes.txt` for the npm package, `site-sizes.txt` for the
//! playground). A change beyond noise is a failure until the snapshot is updated
//! (`cargo xtask size --update`) and the diff reviewed.

use std::path::Path;
use std::process::Command;

use crate::run;

/// One measured file.
pub(crate) struct Size {
    pub label: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Measure files with Node's zlib (gzip level 9, brotli quality 11).
pub(crate) fn measure(files: &[(&str, &Path)]) -> Result<Vec<Size>, String> {
    let script = "const z=require('node:zlib'),fs=require('node:fs');for(const f of process.argv.slice(1)){const b=fs.readFileSync(f);console.log([b.length,z.gzipSync(b,{level:9}).length,z.brotliCompressSync(b,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length].join(' '))}";
    let mut cmd = Command::new("node");
    cmd.arg("-e").arg(script);
    for (_, p) in files {
        cmd.arg(p);
    }
    let out = cmd.output().map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err(format!("measuring sizes failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut sizes = Vec::new();
    for ((label, _), line) in files.iter().zip(text.lines()) {
        let n: Vec<u64> = line.split_whitespace().filter_map(|x| x.parse().ok()).collect();
        if n.len() != 3 {
            return Err(format!("unexpected size line {line:?}"));
        }
        sizes.push(Size { label: (*label).to_string(), raw: n[0], gzip: n[1], brotli: n[2] });
    }
    Ok(sizes)
}

/// Render a section of the snapshot.
pub(crate) fn table(title: &str, budget_gzip: u64, sizes: &[Size]) -> String {
    let mut o = format!("## {title} (budget: {budget_gzip} bytes gzip, all files)\n");
    o.push_str(&format!("{:<28} {:>10} {:>10} {:>10}\n", "file", "raw", "gzip", "brotli"));
    let (mut r, mut g, mut b) = (0, 0, 0);
    for s in sizes {
        o.push_str(&format!("{:<28} {:>10} {:>10} {:>10}\n", s.label, s.raw, s.gzip, s.brotli));
        r += s.raw;
        g += s.gzip;
        b += s.brotli;
    }
    o.push_str(&format!("{:<28} {:>10} {:>10} {:>10}\n", "total", r, g, b));
    o.push_str(&format!(
        "{:<28} {:>10}\n\n",
        if g <= budget_gzip { "within budget" } else { "OVER BUDGET by" },
        budget_gzip.abs_diff(g)
    ));
    o
}

fn numbers(text: &str) -> Vec<(String, Vec<u64>)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        // The budget line is derived from the totals.
        .filter(|l| !l.starts_with("within budget") && !l.starts_with("OVER BUDGET"))
        .map(|l| {
            let mut parts = l.split_whitespace();
            let label = parts.next().unwrap_or("").to_string();
            (label, parts.filter_map(|x| x.parse().ok()).collect())
        })
        .collect()
}

/// Compare with the committed snapshot. Differences within 0.5 % (build-path noise) are
/// reported; larger ones fail unless `update` is set, which rewrites the snapshot.
pub(crate) fn check(file: &str, rendered: &str, update: bool) -> Result<(), String> {
    let path = run::workspace_root().join("tests/snapshots").join(file);
    let header = "# Sizes of what users download (raw / gzip -9 / brotli -q 11), measured by `cargo xtask test`.\n# A change beyond 0.5 % fails `cargo xtask test` until this file is updated (`cargo xtask size --update`) and reviewed.\n\n";
    let full = format!("{header}{rendered}");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    if update || old.is_empty() {
        std::fs::write(&path, &full).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("    wrote {}", path.display());
        return Ok(());
    }
    let (a, b) = (numbers(&old), numbers(&full));
    let mut drift = Vec::new();
    for ((la, na), (lb, nb)) in a.iter().zip(&b) {
        for (x, y) in na.iter().zip(nb) {
            let tolerance = (*x as f64 * 0.005).max(64.0);
            if la != lb || (*x as f64 - *y as f64).abs() > tolerance {
                drift.push(format!("{lb}: {x} → {y}"));
            }
        }
    }
    if a.len() != b.len() {
        drift.push("the list of measured files changed".into());
    }
    if !drift.is_empty() {
        return Err(format!(
            "sizes changed beyond noise ({}); if intended, run `cargo xtask size --update` and commit tests/snapshots/{file}",
            drift.join("; ")
        ));
    }
    if old != full {
        println!("    sizes differ from the snapshot only within noise");
    } else {
        println!("    sizes match tests/snapshots/{file}");
    }
    Ok(())
}
