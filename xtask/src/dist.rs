//! `cargo xtask dist`: the npm package, built reproducibly with the pinned tools and packed.
//!
//! Output: `target/npm/qwen-route/` (the package directory) and
//! `target/npm/qwen-route-<version>.tgz`.

use std::path::{Path, PathBuf};

use crate::unstable::{self, WasmProfile};
use crate::{install, run};

/// What `dist` produced.
pub(crate) struct Dist {
    /// The package directory.
    pub dir: PathBuf,
    /// The packed tarball.
    pub tarball: PathBuf,
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copy {} → {}: {e}", from.display(), to.display()))
}

/// A text file, or an error naming it.
fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Remap machine-specific paths out of the wasm (panic locations), so the same sources give the
/// same bytes on any machine.
fn remap_flags() -> String {
    let root = run::workspace_root();
    let cargo_home = std::env::var("CARGO_HOME").map(PathBuf::from).unwrap_or_else(|_| {
        PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
    });
    format!(
        "--remap-path-prefix={}=/qwen-route --remap-path-prefix={}=/cargo",
        root.display(),
        cargo_home.display()
    )
}

pub(crate) fn build() -> Result<Dist, String> {
    install::wasm_target()?;
    install::rust_src()?;
    install::wasm_bindgen_cli()?;
    install::npm_tools()?;
    let root = run::workspace_root();
    let target = run::target_dir();
    let wasm_target_dir = target.join("dist");
    let pkg = target.join("npm/qwen-route");
    let _ = std::fs::remove_dir_all(&pkg);
    let out = pkg.join("dist");
    entry(&Entry {
        what: "the core bindings",
        target_dir: &wasm_target_dir,
        cargo_args: &[],
        out: &out,
        name: "qwen_route",
    })?;
    let web = root.join("web");
    for f in ["package.json", "node.js", "node.d.ts", "README.md", "LICENSE"] {
        copy(&web.join(f), &pkg.join(f))?;
    }
    stream(&target.join("dist-stream"), &pkg.join("stream"))?;
    picker(&wasm_target_dir, &pkg.join("picker"))?;
    let standalone = target.join("widget/qwen-route-picker");
    let _ = std::fs::remove_dir_all(&standalone);
    for f in ["qwen-route-picker.js", "qwen_route_picker_bg.wasm", "zh-CN.json"] {
        copy(&pkg.join("picker").join(f), &standalone.join(f))?;
    }
    println!("    widget folder: {} (copy it next to an HTML page)", standalone.display());
    run::step_in(
        "pack the npm tarball",
        &pkg,
        "npm",
        &["pack", "--pack-destination", "..", "--silent"],
    )?;
    let version = std::fs::read_to_string(web.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["version"].as_str().map(str::to_string))
        .ok_or("web/package.json has no version")?;
    let tarball = target.join(format!("npm/qwen-route-{version}.tgz"));
    if !tarball.exists() {
        return Err(format!("npm pack did not produce {}", tarball.display()));
    }
    println!("    package: {}\n    tarball: {}", pkg.display(), tarball.display());
    Ok(Dist { dir: pkg, tarball })
}

/// One npm entry built from the bindings crate.
struct Entry<'a> {
    /// What it is, for progress lines.
    what: &'a str,
    /// Its cargo target folder.
    target_dir: &'a Path,
    /// Extra cargo arguments (features).
    cargo_args: &'a [&'a str],
    /// The package folder its files go to.
    out: &'a Path,
    /// The file stem: `<name>.js`, `<name>.d.ts`, `<name>_bg.wasm`.
    name: &'a str,
}

/// Build an entry: the crate for wasm32 with the package profile, JS glue and declarations
/// (snippets inlined, `push` wrapped by `stream_hold`), the declarations' `lib` reference, and
/// the wasm optimised for size.
fn entry(e: &Entry<'_>) -> Result<(), String> {
    let dir = e.target_dir.to_string_lossy().into_owned();
    let mut cargo_args = vec!["--target-dir", dir.as_str()];
    cargo_args.extend_from_slice(e.cargo_args);
    run::cargo_wasm(
        &format!("build {} for wasm32", e.what),
        "qwen-route-wasm",
        &cargo_args,
        &unstable::wasm_env(WasmProfile::Package, &remap_flags()),
    )?;
    let built = e.target_dir.join("wasm32-unknown-unknown/release/qwen_route_wasm.wasm");
    run::step(
        &format!("generate the JS glue and TypeScript declarations of {}", e.what),
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--out-name",
            e.name,
            "--out-dir",
            &e.out.to_string_lossy(),
            &built.to_string_lossy(),
        ],
    )?;
    let glue = e.out.join(format!("{}.js", e.name));
    inline_snippets(&glue)?;
    std::fs::write(&glue, crate::stream_hold::patch(&read(&glue)?)?)
        .map_err(|err| format!("{}: {err}", glue.display()))?;
    // wasm-bindgen declares `[Symbol.dispose]()` on classes; reference the lib that types it so
    // users with a default `lib` setting compile without `skipLibCheck`.
    let dts = e.out.join(format!("{}.d.ts", e.name));
    let text = read(&dts)?;
    std::fs::write(&dts, format!("/// <reference lib=\"esnext.disposable\" />\n{text}"))
        .map_err(|err| err.to_string())?;
    run::wasm_opt(
        &format!("optimise the wasm of {} for size", e.what),
        &e.out.join(format!("{}_bg.wasm", e.name)),
    )
}

/// The `qwen-route/stream` entry: the same bindings crate without its `full` feature (no
/// routing, shaping, exports, probe or catalog projection), so a page that only reads responses
/// loads a wasm of its own. Its own target folder keeps both builds cached (a cdylib's file name
/// carries no feature hash, so one folder would relink on every switch). Its declarations import
/// the default entry's types (`../dist/qwen_route.js`).
fn stream(target_dir: &Path, out: &Path) -> Result<(), String> {
    entry(&Entry {
        what: "the stream entry's bindings (no `full` feature)",
        target_dir,
        cargo_args: &["--no-default-features"],
        out,
        name: "qwen_route_stream",
    })?;
    let dts = out.join("qwen_route_stream.d.ts");
    if !read(&dts)?.contains("from \"../dist/qwen_route.js\"") {
        return Err(format!("{}: lost the default entry's types", dts.display()));
    }
    copy(&run::workspace_root().join("web/stream-node.js"), &out.join("node.js"))
}

/// Put the bindings' `inline_js` snippets into the glue module in place of their imports, so
/// the package's glue stays one file (wasm-bindgen writes each to `snippets/<crate>/inlineN.js`
/// and imports it as `import { a, b as c } from './snippets/…';`).
fn inline_snippets(glue: &Path) -> Result<(), String> {
    let dir = glue.parent().ok_or("the glue has no folder")?;
    let snippets = dir.join("snippets");
    if !snippets.exists() {
        return Ok(());
    }
    let text = read(glue)?;
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match snippet_import(line) {
            Some((names, path)) => {
                let file = snippets.join(path);
                let code = read(&file)?;
                out.push_str(&inline_snippet(&code, &names, &file)?);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    if out.contains("./snippets/") {
        return Err(format!("{}: a snippet import was not inlined", glue.display()));
    }
    std::fs::write(glue, out).map_err(|e| e.to_string())?;
    std::fs::remove_dir_all(&snippets).map_err(|e| format!("{}: {e}", snippets.display()))
}

/// `import { a, b as c } from './snippets/x/inline0.js';` → the imported names (as
/// `(exported, local)`) and `x/inline0.js`.
fn snippet_import(line: &str) -> Option<(Vec<(String, String)>, &str)> {
    let rest = line.trim().strip_prefix("import {")?;
    let (list, from) = rest.split_once('}')?;
    let path = from.trim().strip_prefix("from './snippets/")?.strip_suffix("';")?;
    let names = list
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| match n.split_once(" as ") {
            Some((name, local)) => (name.trim().to_string(), local.trim().to_string()),
            None => (n.to_string(), n.to_string()),
        })
        .collect();
    Some((names, path))
}

/// A snippet's code as private helpers of the glue: only `export function` declarations are
/// supported, and each imported name must be one of them (renamed imports become aliases).
fn inline_snippet(code: &str, names: &[(String, String)], file: &Path) -> Result<String, String> {
    let mut body = code.replace("export function ", "function ");
    if body.contains("export ") {
        return Err(format!("{}: only `export function` snippets can be inlined", file.display()));
    }
    for (name, local) in names {
        if !body.contains(&format!("function {name}(")) {
            return Err(format!("{}: does not define {name}", file.display()));
        }
        if name != local {
            body.push_str(&format!("\nconst {local} = {name};"));
        }
    }
    Ok(body)
}

/// wasm-opt arguments that drop wasm-streams' stream-adapter exports and the code only they
/// reach. `index.html` passes the same to Trunk's wasm-opt (a test keeps the two equal).
const DROP_STREAM_ADAPTER_EXPORTS: [&str; 3] = [
    "--remove-exports",
    "--pass-arg=remove-exports@*intounderlying*",
    "--remove-unused-module-elements",
];

/// The embeddable picker: the widget crate for wasm32 (std for size, Leptos's erased
/// components), then one minified module (the custom-element loader with its stylesheet inlined,
/// bundled with the wasm-bindgen glue) next to the optimised wasm.
fn picker(target_dir: &Path, out: &Path) -> Result<(), String> {
    let root = run::workspace_root();
    let env = unstable::wasm_env(WasmProfile::Leptos, &remap_flags());
    let widget_dir = target_dir.join("widget").to_string_lossy().into_owned();
    run::cargo_wasm(
        "build the route picker widget for wasm32",
        "qwen-route-picker",
        &["--target-dir", &widget_dir],
        &env,
    )?;
    let built = target_dir.join("widget/wasm32-unknown-unknown/release/qwen_route_picker.wasm");
    let _ = std::fs::remove_dir_all(out);
    run::step(
        "generate the widget's JS glue",
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "qwen_route_picker",
            "--out-dir",
            &out.to_string_lossy(),
            &built.to_string_lossy(),
        ],
    )?;
    // Leptos depends on server_fn, hence on wasm-streams, whose `#[wasm_bindgen]` stream
    // adapters export methods to JS. The widget never creates one, so the exports (and the code
    // only they reach) go.
    run::wasm_opt_with(
        "optimise the widget's wasm",
        &out.join("qwen_route_picker_bg.wasm"),
        &DROP_STREAM_ADAPTER_EXPORTS,
    )?;
    let embed = root.join("web/embed");
    // The widget's own base, then the component rules it shares with the playground.
    let page = read(&root.join("web/playground/style.css"))?;
    let shared = page
        .split_once("/* picker:start")
        .and_then(|(_, rest)| rest.split_once("*/"))
        .and_then(|(_comment, rest)| rest.split_once("/* picker:end */"))
        .map(|(rules, _)| rules)
        .ok_or("web/playground/style.css lost its picker:start…picker:end section")?;
    let css = format!("{}{shared}", read(&embed.join("picker.css"))?);
    let css_file = out.join("picker.min.css");
    std::fs::write(&css_file, css).map_err(|e| e.to_string())?;
    let esbuild = crate::install::npm_bin("esbuild").to_string_lossy().into_owned();
    run::step(
        "minify the widget's stylesheet",
        &esbuild,
        &[
            &css_file.to_string_lossy(),
            "--minify",
            "--log-level=warning",
            "--allow-overwrite",
            &format!("--outfile={}", css_file.display()),
        ],
    )?;
    let css = read(&css_file)?;
    let _ = std::fs::remove_file(&css_file);
    let loader = read(&embed.join("qwen-route-picker.js"))?;
    let css_literal = serde_json::to_string(css.trim_end()).map_err(|e| e.to_string())?;
    if !loader.contains("\"__PICKER_CSS__\"") {
        return Err("web/embed/qwen-route-picker.js lost its __PICKER_CSS__ placeholder".into());
    }
    // The loader (stylesheet inlined) and the wasm-bindgen glue become one minified module, so
    // the folder a docs site copies is this file, the wasm and the zh-CN table.
    // Keep the loader's header (usage, attributes, event) at the top of the minified file.
    let header: String =
        loader.lines().take_while(|l| l.starts_with("//")).map(|l| format!("{l}\n")).collect();
    let entry = out.join("loader.js");
    std::fs::write(&entry, loader.replace("\"__PICKER_CSS__\"", &css_literal))
        .map_err(|e| e.to_string())?;
    run::step(
        "bundle the widget's loader and glue into one module",
        &esbuild,
        &[
            &entry.to_string_lossy(),
            "--bundle",
            "--format=esm",
            "--minify",
            "--target=es2022",
            "--log-level=warning",
            &format!("--banner:js={}", header.trim_end()),
            &format!("--outfile={}", out.join("qwen-route-picker.js").display()),
        ],
    )?;
    for f in ["loader.js", "qwen_route_picker.js"] {
        std::fs::remove_file(out.join(f)).map_err(|e| format!("{f}: {e}"))?;
    }
    copy(&embed.join("qwen-route-picker.d.ts"), &out.join("qwen-route-picker.d.ts"))?;
    // The zh-CN table beside the wasm: only a zh-CN picker fetches it.
    std::fs::write(out.join("zh-CN.json"), qwen_route_i18n::zh_cn_json())
        .map_err(|e| format!("picker zh-CN.json: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_imports_are_read_with_their_renames() {
        let line = "import { textDelta, other as other_1 } from './snippets/x-1/inline0.js';";
        let (names, path) = snippet_import(line).unwrap();
        assert_eq!(path, "x-1/inline0.js");
        assert_eq!(
            names,
            [("textDelta".into(), "textDelta".into()), ("other".into(), "other_1".into())]
        );
        assert!(snippet_import("import { x } from './qwen_route.js';").is_none());
        assert!(snippet_import("const a = 1;").is_none());
    }

    #[test]
    fn snippets_become_private_helpers_or_fail_loudly() {
        let file = Path::new("inline0.js");
        let code = "export function a(x) { return x; }\nexport function b() {}";
        let names = [("a".to_string(), "a".to_string()), ("b".to_string(), "b_1".to_string())];
        let body = inline_snippet(code, &names, file).unwrap();
        assert!(!body.contains("export"));
        assert!(body.contains("function a(x)") && body.ends_with("const b_1 = b;"));
        let missing = [("c".to_string(), "c".to_string())];
        assert!(inline_snippet(code, &missing, file).is_err());
        let default = "export default function () {}";
        assert!(inline_snippet(default, &[], file).is_err());
    }

    #[test]
    fn trunk_drops_the_same_exports_as_the_widget_build() {
        let page = std::fs::read_to_string(run::workspace_root().join("index.html")).unwrap();
        let params = format!("data-wasm-opt-params=\"{}\"", DROP_STREAM_ADAPTER_EXPORTS.join(" "));
        assert!(page.contains(&params), "index.html lacks {params}");
    }
}
