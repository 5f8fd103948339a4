//! The npm package's tests, run against the packed tarball installed into a scratch project,
//! for both entries (`qwen-route` and `qwen-route/stream`): Node's test runner on every export,
//! `tsc --noEmit --strict` on a TypeScript user, a Vite-built page per entry and a plain page
//! without a bundler, opened in Debian's Chromium.

use std::path::{Path, PathBuf};

use crate::{dist, install, run, size};

/// The default npm entry's gzip budget (wasm + JS glue), from issue 17.
pub(crate) const BUDGET_GZIP: u64 = 150 * 1024;

/// The `qwen-route/stream` entry's gzip budget (everything it loads: wasm + JS glue), from
/// issue 17: below the `openai` SDK's chat entry.
pub(crate) const STREAM_BUDGET_GZIP: u64 = 60 * 1024;

/// The embeddable picker's gzip budget (wasm + JS), from the issue.
pub(crate) const WIDGET_BUDGET_GZIP: u64 = 150 * 1024;

/// What a page pays for `<qwen-route-picker>` before the element is seen: the module alone (it
/// requests no wasm until then), from issue 17.
pub(crate) const WIDGET_IMPORT_BUDGET_GZIP: u64 = 12 * 1024;

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?.flatten()
    {
        let p = entry.path();
        let dest = to.join(entry.file_name());
        if p.is_dir() {
            if entry.file_name() != "node_modules" && entry.file_name() != "dist" {
                copy_tree(&p, &dest)?;
            }
        } else {
            std::fs::copy(&p, &dest).map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    Ok(())
}

/// Build the package and check its size against the committed snapshot.
pub(crate) fn dist_and_size(update: bool) -> Result<dist::Dist, String> {
    let d = dist::build()?;
    let sizes = size::measure(&[
        ("qwen_route_bg.wasm", &d.dir.join("dist/qwen_route_bg.wasm")),
        ("qwen_route.js", &d.dir.join("dist/qwen_route.js")),
    ])?;
    let stream_dir = d.dir.join("stream");
    let stream = size::measure(&[
        ("qwen_route_stream_bg.wasm", &stream_dir.join("qwen_route_stream_bg.wasm")),
        ("qwen_route_stream.js", &stream_dir.join("qwen_route_stream.js")),
    ])?;
    let table = format!(
        "{}{}",
        size::table("npm package `qwen-route`", BUDGET_GZIP, &sizes),
        size::table("npm entry `qwen-route/stream`", STREAM_BUDGET_GZIP, &stream)
    );
    print!("\n{table}");
    let picker = d.dir.join("picker");
    let widget = size::measure(&[
        ("qwen_route_picker_bg.wasm", &picker.join("qwen_route_picker_bg.wasm")),
        ("qwen-route-picker.js", &picker.join("qwen-route-picker.js")),
    ])?;
    let import = size::measure(&[("qwen-route-picker.js", &picker.join("qwen-route-picker.js"))])?;
    let zh = size::measure(&[("zh-CN.json", &picker.join("zh-CN.json"))])?;
    let widget_table = format!(
        "{}{}{}",
        size::table("route picker widget (`qwen-route/picker`)", WIDGET_BUDGET_GZIP, &widget),
        size::table(
            "route picker widget, imported and not yet seen (no wasm requested)",
            WIDGET_IMPORT_BUDGET_GZIP,
            &import
        ),
        // Fetched only by a zh-CN picker, beside the wasm: the playground's table, same budget.
        size::table(
            "route picker widget's zh-CN table (fetched only by a zh-CN picker)",
            crate::site::ZH_BUDGET_GZIP,
            &zh
        )
    );
    print!("{widget_table}");
    let core = size::check("sizes.txt", &table, update);
    let w = size::check("widget-sizes.txt", &widget_table, update);
    core.and(w)?;
    Ok(d)
}

/// The scratch project with the tarball installed.
pub(crate) fn scratch(tarball: &Path) -> Result<PathBuf, String> {
    let dir = run::target_dir().join("npm-test");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("package.json"),
        "{\"name\":\"qwen-route-scratch\",\"private\":true,\"type\":\"module\"}\n",
    )
    .map_err(|e| e.to_string())?;
    run::step_in(
        "install the packed tarball into a scratch project",
        &dir,
        "npm",
        &[
            "install",
            "--no-audit",
            "--no-fund",
            "--no-package-lock",
            "--offline",
            &tarball.to_string_lossy(),
        ],
    )?;
    copy_tree(&run::workspace_root().join("tests/npm"), &dir)?;
    Ok(dir)
}

pub(crate) fn test() -> Result<dist::Dist, String> {
    let d = dist_and_size(false)?;
    let tools = install::npm_tools()?;
    let dir = scratch(&d.tarball)?;
    run::step_in(
        "npm package tests (node --test)",
        &dir,
        "node",
        &["--test", "--test-reporter=spec", "package.test.mjs", "stream.test.mjs"],
    )?;
    run::step_in(
        "TypeScript user compiles (tsc --noEmit --strict)",
        &dir,
        &install::npm_bin("tsc").to_string_lossy(),
        &["-p", "tsconfig.json"],
    )?;
    run::step_in(
        "build a Vite app that imports the package",
        &dir,
        "node",
        &[
            &tools.join("vite/bin/vite.js").to_string_lossy(),
            "build",
            "vite-app",
            "--outDir",
            "dist",
            "--emptyOutDir",
        ],
    )?;
    install::chromium()?;
    run::step_env(
        "open the Vite app in Chromium",
        &dir,
        "node",
        &["--test", "--test-reporter=spec", "vite-app.test.mjs"],
        &[
            (
                "QR_PLAYWRIGHT",
                tools.join("playwright-core/index.mjs").to_string_lossy().to_string(),
            ),
            ("QR_VITE_DIST", dir.join("vite-app/dist").to_string_lossy().to_string()),
        ],
    )?;
    run::step_env(
        "open a plain page with both entries in Chromium",
        &dir,
        "node",
        &["--test", "--test-reporter=spec", "plain.test.mjs"],
        &[("QR_PLAYWRIGHT", tools.join("playwright-core/index.mjs").to_string_lossy().to_string())],
    )?;
    copy_tree(&run::workspace_root().join("web/embed/vite-app"), &dir.join("picker-app"))?;
    run::step_in(
        "build a Vite page that imports qwen-route/picker",
        &dir,
        "node",
        &[
            &tools.join("vite/bin/vite.js").to_string_lossy(),
            "build",
            "picker-app",
            "--outDir",
            "dist",
            "--emptyOutDir",
        ],
    )?;
    run::step_env(
        "open the picker's Vite page in Chromium",
        &dir,
        "node",
        &["--test", "--test-reporter=spec", "picker-vite.test.mjs"],
        &[
            (
                "QR_PLAYWRIGHT",
                tools.join("playwright-core/index.mjs").to_string_lossy().to_string(),
            ),
            ("QR_VITE_DIST", dir.join("picker-app/dist").to_string_lossy().to_string()),
        ],
    )?;
    Ok(d)
}
