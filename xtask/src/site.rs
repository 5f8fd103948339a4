//! The playground site: built by Trunk with the pinned tools (offline), then made CSP-clean (the
//! inline loader Trunk writes moves to a file, so `script-src 'self'` needs no exception), and
//! served on 127.0.0.1 by a small static file server.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use crate::{install, run, size};

/// The playground's budget: wasm + JS + CSS, gzip (from the issue; measured, reported, and a
/// reviewed diff when it moves).
pub(crate) const BUDGET_GZIP: u64 = 350 * 1024;

/// Measure the built site against `tests/snapshots/site-sizes.txt`.
pub(crate) fn sizes(site: &Path, update: bool) -> Result<(), String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(site).map_err(|e| e.to_string())?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let label = if name.ends_with("_bg.wasm") {
            "playground.wasm"
        } else if name == "loader.js" {
            "loader.js"
        } else if name.ends_with(".js") {
            "playground.js"
        } else if name.ends_with(".css") {
            "style.css"
        } else if name == "index.html" {
            "index.html"
        } else {
            continue;
        };
        files.push((label, entry.path()));
    }
    files.sort();
    let refs: Vec<(&str, &Path)> = files.iter().map(|(l, p)| (*l, p.as_path())).collect();
    let measured = size::measure(&refs)?;
    let mut table = size::table("playground site (`cargo xtask serve`)", BUDGET_GZIP, &measured);
    // Fetched only by a page in 简体中文: its own section, not part of the first load.
    let zh = site.join("zh-CN.json");
    let zh_size = size::measure(&[("zh-CN.json", zh.as_path())])?;
    table.push_str(&size::table(
        "zh-CN table (fetched only in 简体中文)",
        ZH_BUDGET_GZIP,
        &zh_size,
    ));
    print!("\n{table}");
    size::check("site-sizes.txt", &table, update)
}

/// What the zh-CN table may weigh (gzip): about a tenth of the first load.
pub(crate) const ZH_BUDGET_GZIP: u64 = 40 * 1024;

/// The playground's Content-Security-Policy: no inline or third-party scripts; the page may
/// connect to any endpoint the user chooses (that is its job), and to nothing on its own.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src *; base-uri 'none'; form-action 'none'";

/// The default port of `cargo xtask serve` (the relay's default allowed origin).
pub(crate) const PORT: u16 = 8090;

/// Where the built site lands.
pub(crate) fn dir() -> PathBuf {
    run::target_dir().join("site")
}

/// The wasm build settings for the playground (see `unstable.rs` for each switch).
pub(crate) fn wasm_env() -> Vec<(&'static str, String)> {
    crate::unstable::wasm_env(profile(), "")
}

/// The playground's profile: with readable panics when `QR_PANIC_MESSAGES=1`
/// (`cargo xtask serve --panic-messages`), for debugging.
fn profile() -> crate::unstable::WasmProfile {
    if std::env::var("QR_PANIC_MESSAGES").is_ok_and(|v| v == "1") {
        crate::unstable::WasmProfile::LeptosWithPanicMessages
    } else {
        crate::unstable::WasmProfile::Leptos
    }
}

/// Build the playground with Trunk and finish the CSP.
pub(crate) fn build() -> Result<PathBuf, String> {
    install::wasm_target()?;
    install::rust_src()?;
    install::wasm_bindgen_cli()?;
    let tools = install::npm_tools()?;
    install::trunk()?;
    let root = run::workspace_root();
    // Trunk builds offline; this first build fetches what std's rebuild needs and warms the
    // cache that Trunk's own cargo call then hits.
    run::cargo_wasm(
        "compile the playground for wasm32",
        "qwen-route-playground",
        &[],
        &wasm_env(),
    )?;
    let path =
        format!("{}:{}", tools.join(".bin").display(), std::env::var("PATH").unwrap_or_default());
    let mut env = wasm_env();
    env.extend([
        ("PATH", path),
        ("TRUNK_SKIP_VERSION_CHECK", "true".into()),
        ("TRUNK_OFFLINE", "true".into()),
        ("NO_COLOR", "true".into()),
    ]);
    run::step_env(
        "build the playground (trunk build --release, offline, pinned tools)",
        &root,
        "trunk",
        &["build", "--release"],
        &env,
    )?;
    let site = dir();
    externalize_loader(&site)?;
    // The zh-CN table, fetched by the page only when its reader picks 简体中文.
    let zh = site.join("zh-CN.json");
    std::fs::write(&zh, qwen_route_i18n::zh_cn_json())
        .map_err(|e| format!("{}: {e}", zh.display()))?;
    Ok(site)
}

/// Move Trunk's inline `<script type="module">` loader into `loader.js` and write the CSP.
fn externalize_loader(site: &Path) -> Result<(), String> {
    let index = site.join("index.html");
    let mut html =
        std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let open = "<script type=\"module\">";
    if let Some(start) = html.find(open) {
        let body_start = start + open.len();
        let end = html[body_start..]
            .find("</script>")
            .map(|i| body_start + i)
            .ok_or("unterminated loader script")?;
        let script = html[body_start..end].to_string();
        std::fs::write(site.join("loader.js"), script.trim()).map_err(|e| e.to_string())?;
        html.replace_range(
            start..end + "</script>".len(),
            "<script type=\"module\" src=\"/loader.js\"></script>",
        );
    }
    if html.contains("<script>") || html.contains("<script type=\"module\">") {
        return Err("index.html still has an inline script; the CSP would block it".into());
    }
    html = html.replace("QR_CSP", CSP);
    std::fs::write(&index, html).map_err(|e| e.to_string())
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

fn respond(mut stream: TcpStream, root: &Path) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Drain the headers.
    let mut h = String::new();
    while reader.read_line(&mut h).is_ok_and(|n| n > 2) {
        h.clear();
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let rel = path.trim_start_matches('/');
    let file = if rel.is_empty() || rel.split('/').any(|p| p == "..") || !root.join(rel).is_file() {
        if rel.contains('.') && !rel.is_empty() {
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return;
        }
        root.join("index.html")
    } else {
        root.join(rel)
    };
    let Ok(body) = std::fs::read(&file) else {
        let _ = stream.write_all(
            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return;
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// Serve the site on 127.0.0.1:`port` until interrupted.
pub(crate) fn serve(port: u16) -> Result<(), String> {
    let site = build()?;
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        format!("cannot listen on 127.0.0.1:{port}: {e} (another server? try `cargo xtask serve --port N`)")
    })?;
    println!("\n==> the playground is at http://127.0.0.1:{port}/  (Ctrl-C stops it)");
    println!("    It opens on the offline Sandbox: press Send, no key needed.");
    println!("    For hosts that refuse browser calls, run `cargo run -p qwen-route-cli -- relay` next to it;");
    println!("    for a local test server, `cargo run -p qwen-route-cli -- sim`.");
    for stream in listener.incoming().flatten() {
        let root = site.clone();
        std::thread::spawn(move || respond(stream, &root));
    }
    Ok(())
}
