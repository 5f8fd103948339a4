//! `cargo xtask tidy`: rules the code keeps that a compiler does not check, in the spirit of
//! rust-analyzer's tidy. Each rule reads the sources and fails with the file and line.

use std::path::{Path, PathBuf};

use crate::run;

/// One broken rule, at a place.
struct Violation {
    rule: &'static str,
    file: String,
    line: usize,
    text: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Lines of `text` outside `#[cfg(test)]` modules and doc examples (a crude but sufficient cut:
/// everything after the first `#[cfg(test)]` line is test code in this codebase's layout).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .filter(|(_, l)| {
            let t = l.trim_start();
            !t.starts_with("//")
        })
        .map(|(i, l)| (i + 1, l))
}

/// The core never branches on a model id: `.contains(`, `.starts_with(` or `.ends_with(` on
/// something named like a model id is a fact hidden in code (ARCHITECTURE: "Facts are data").
fn no_model_id_string_tests(root: &Path, out: &mut Vec<Violation>) {
    const SUBJECTS: &[&str] = &["id", "model", "model_id", "wire_id", "model_name"];
    const TESTS: &[&str] = &[".contains(", ".starts_with(", ".ends_with("];
    let mut files = Vec::new();
    rust_files(&root.join("crates/qwen-route/src"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for (n, line) in code_lines(&text) {
            for test in TESTS {
                let mut rest = line;
                while let Some(i) = rest.find(test) {
                    let before = rest[..i].trim_end();
                    let subject = before
                        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .next()
                        .unwrap_or("");
                    if SUBJECTS.contains(&subject) {
                        out.push(Violation {
                            rule: "the core branches on typed facts, never on a model id string",
                            file: f.strip_prefix(root).unwrap_or(&f).display().to_string(),
                            line: n,
                            text: line.trim().to_string(),
                        });
                    }
                    rest = &rest[i + test.len()..];
                }
            }
        }
    }
}

fn rel(root: &Path, f: &Path) -> String {
    f.strip_prefix(root).unwrap_or(f).display().to_string()
}

/// Every text file of the repository a person reads (sources, data, docs), without build
/// output, installed packages and the vendored second-source snapshots.
fn text_files(root: &Path) -> Vec<PathBuf> {
    const SKIP: &[&str] =
        &["target", "node_modules", ".git", "second-sources", "artifacts", "corpus"];
    const EXT: &[&str] =
        &["rs", "toml", "md", "json", "mjs", "js", "py", "yaml", "yml", "html", "css", "ts"];
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() {
                if !SKIP.contains(&name) {
                    stack.push(p);
                }
            } else if p.extension().and_then(|x| x.to_str()).is_some_and(|x| EXT.contains(&x))
                && !name.ends_with(".lock")
                && name != "package-lock.json"
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Users and the next engineer must be able to open every citation: none may point at a
/// document outside the repository (the research notes, the recipe files, the design brief).
fn no_outside_citations(root: &Path, out: &mut Vec<Violation>) {
    const MARKERS: &[&str] = &[
        "research §",
        "PEERS-RECIPE",
        "TOOLCHAIN.md",
        "TOOLCHAIN notes",
        "../shared",
        "qwen-api-facts",
        "seeds/",
    ];
    for f in text_files(root) {
        if f.ends_with("xtask/src/tidy.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let mut allowed_next = false;
        for (i, line) in text.lines().enumerate() {
            // `tidy-allow: citations` on a line allows it and the next (a list of the markers).
            let allowed = allowed_next || line.contains("tidy-allow: citations");
            allowed_next =
                line.contains("tidy-allow: citations") || (allowed_next && !line.contains(']'));
            if allowed {
                continue;
            }
            let seed = line.match_indices("seed 0").any(|(j, _)| {
                line[j + 6..].chars().take(2).all(|c| c.is_ascii_digit()) && line.len() >= j + 8
            });
            if let Some(m) =
                MARKERS.iter().find(|m| line.contains(*m)).copied().or(seed.then_some("seed 0NN"))
            {
                out.push(Violation {
                    rule: "no citation of a document outside the repository",
                    file: rel(root, &f),
                    line: i + 1,
                    text: format!("{m}: {}", line.trim()),
                });
            }
        }
    }
}

/// `wasm-bindgen` is pinned once, in `[workspace.dependencies]`; the crates use it from there,
/// and `Trunk.toml`, `Cargo.lock` and the README name the same version (the CLI must match the
/// crate exactly, or the glue does not load).
fn wasm_bindgen_pins_agree(root: &Path, out: &mut Vec<Violation>) {
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_default();
    let manifest = read("Cargo.toml");
    let Some(pin) = crate::install::pinned_wasm_bindgen(&manifest) else {
        out.push(Violation {
            rule: "wasm-bindgen is pinned in [workspace.dependencies] as \"=X\"",
            file: "Cargo.toml".into(),
            line: 1,
            text: "no pin".into(),
        });
        return;
    };
    let mut check = |file: &str, ok: bool, text: String| {
        if !ok {
            out.push(Violation {
                rule: "every wasm-bindgen pin agrees with the workspace's",
                file: file.into(),
                line: 1,
                text,
            });
        }
    };
    let trunk = read("Trunk.toml");
    check(
        "Trunk.toml",
        trunk.contains(&format!("wasm_bindgen = \"{pin}\"")),
        format!("wasm_bindgen must be \"{pin}\""),
    );
    let lock = read("Cargo.lock");
    check(
        "Cargo.lock",
        lock.contains(&format!("name = \"wasm-bindgen\"\nversion = \"{pin}\"")),
        format!("wasm-bindgen must lock to {pin}"),
    );
    check(
        "README.md",
        read("README.md").contains(&format!("wasm-bindgen-cli {pin}")),
        format!("the README must name wasm-bindgen-cli {pin}"),
    );
    let mut manifests = Vec::new();
    for dir in ["crates", "xtask"] {
        for e in std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten() {
            let m = if dir == "xtask" {
                root.join("xtask/Cargo.toml")
            } else {
                e.path().join("Cargo.toml")
            };
            if m.exists() && !manifests.contains(&m) {
                manifests.push(m);
            }
        }
    }
    for m in manifests {
        let text = std::fs::read_to_string(&m).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with("wasm-bindgen =") && !t.contains("workspace = true") {
                out.push(Violation {
                    rule: "crates take wasm-bindgen from the workspace (`{ workspace = true }`)",
                    file: rel(root, &m),
                    line: i + 1,
                    text: t.into(),
                });
            }
        }
    }
}

/// The `[dependencies]` names of a manifest.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut on = false;
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            on = t == "[dependencies]";
            continue;
        }
        if on && !t.is_empty() && !t.starts_with('#') {
            if let Some((name, _)) = t.split_once('=') {
                names.push(name.trim().to_string());
            }
        }
    }
    names
}

/// The core and the simulator do no I/O and know no JS: their dependencies are an allow-list,
/// and the core's sources never reach for the file system, network, clock or environment.
fn core_stays_sans_io(root: &Path, out: &mut Vec<Violation>) {
    for (manifest, allowed) in [
        ("crates/qwen-route/Cargo.toml", &["serde", "serde_json", "thiserror", "memchr"][..]),
        ("crates/qwen-sim/Cargo.toml", &["qwen-route", "serde", "serde_json"][..]),
    ] {
        let text = std::fs::read_to_string(root.join(manifest)).unwrap_or_default();
        for d in dependencies(&text) {
            if !allowed.contains(&d.as_str()) {
                out.push(Violation {
                    rule: "the sans-IO crates depend only on their allow-list",
                    file: manifest.into(),
                    line: 1,
                    text: format!("{d} is not in {allowed:?}"),
                });
            }
        }
    }
    const IO: &[&str] = &[
        "std::fs",
        "std::net",
        "std::env",
        "std::process",
        "SystemTime",
        "Instant::now",
        "thread::sleep",
    ];
    for dir in ["crates/qwen-route/src", "crates/qwen-sim/src"] {
        let mut files = Vec::new();
        rust_files(&root.join(dir), &mut files);
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for (n, line) in code_lines(&text) {
                if let Some(io) = IO.iter().find(|io| line.contains(*io)) {
                    out.push(Violation {
                        rule: "the core does no I/O: time and bytes come in as arguments",
                        file: rel(root, &f),
                        line: n,
                        text: format!("{io}: {}", line.trim()),
                    });
                }
            }
        }
    }
}

/// Every `errors.toml` row the code names exists: a finding's `.prevents("…")`, a refusal's
/// `error: "…"`, the simulator's `from_catalog("…")`.
fn cited_rows_exist(root: &Path, out: &mut Vec<Violation>) {
    let errors = std::fs::read_to_string(root.join("crates/qwen-route/catalog/errors.toml"))
        .unwrap_or_default();
    let ids: Vec<&str> = errors
        .lines()
        .filter_map(|l| l.strip_prefix("id = \"").and_then(|r| r.strip_suffix('"')))
        .collect();
    let mut files = Vec::new();
    rust_files(&root.join("crates/qwen-route/src"), &mut files);
    rust_files(&root.join("crates/qwen-sim/src"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for (n, line) in code_lines(&text) {
            for call in [".prevents(\"", "from_catalog(\"", "upstream_error(\""] {
                for (j, _) in line.match_indices(call) {
                    let rest = &line[j + call.len()..];
                    let id = rest.split('"').next().unwrap_or("");
                    if !ids.contains(&id) {
                        out.push(Violation {
                            rule: "a cited errors.toml row exists",
                            file: rel(root, &f),
                            line: n,
                            text: format!("{id:?}: {}", line.trim()),
                        });
                    }
                }
            }
        }
    }
}

/// The servers (`sim`, `relay`) bind 127.0.0.1 only; nothing spells another address.
fn servers_bind_loopback(root: &Path, out: &mut Vec<Violation>) {
    let mut files = Vec::new();
    rust_files(&root.join("crates/qwen-route-cli/src/serve"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for (n, line) in code_lines(&text) {
            if line.contains("0.0.0.0")
                || line.contains("[::]")
                || line.contains("Ipv4Addr::UNSPECIFIED")
            {
                out.push(Violation {
                    rule: "servers bind 127.0.0.1 only",
                    file: rel(root, &f),
                    line: n,
                    text: line.trim().into(),
                });
            }
        }
    }
}

/// The crates built for wasm do not call `select_nth_unstable`: the wasm builds rebuild std with
/// `optimize_for_size` (`unstable.rs`), and there it selects by median of medians, which takes
/// quadratic time when the values are equal (a million equal chunk gaps hung the decoder).
fn no_quadratic_select_in_wasm(root: &Path, out: &mut Vec<Violation>) {
    for dir in [
        "crates/qwen-route/src",
        "crates/qwen-route-wasm/src",
        "crates/i18n/src",
        "crates/playground/src",
        "crates/picker-widget/src",
    ] {
        let mut files = Vec::new();
        rust_files(&root.join(dir), &mut files);
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for (n, line) in code_lines(&text) {
                if line.contains("select_nth_unstable") {
                    out.push(Violation {
                        rule: "no select_nth_unstable in wasm crates (quadratic in the size-optimised std)",
                        file: rel(root, &f),
                        line: n,
                        text: line.trim().into(),
                    });
                }
            }
        }
    }
}

/// Each enum is spelled once (`crates/qwen-route/src/catalog/spellings.in`): a match arm that
/// maps one of its hyphenated words to or from a value elsewhere is a second copy.
fn enums_spelled_once(root: &Path, out: &mut Vec<Violation>) {
    let table = std::fs::read_to_string(root.join("crates/qwen-route/src/catalog/spellings.in"))
        .unwrap_or_default();
    // The canonical word of each variant (`Variant = "word"`), not its accepted aliases.
    let mut words: Vec<String> = table
        .split("= \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|w| w.contains('-'))
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    let mut files = Vec::new();
    rust_files(&root.join("crates"), &mut files);
    for f in files
        .iter()
        .filter(|f| f.components().any(|c| c.as_os_str() == "src") && !f.ends_with("build.rs"))
    {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (n, line) in code_lines(&text) {
            for w in &words {
                let quoted = format!("\"{w}\"");
                if line.contains(&format!("{quoted} =>"))
                    || line.contains(&format!("=> {quoted}"))
                    || line.contains(&format!("| {quoted}"))
                {
                    out.push(Violation {
                        rule: "each enum is spelled once, in catalog/spellings.in",
                        file: rel(root, f),
                        line: n,
                        text: line.trim().into(),
                    });
                }
            }
        }
    }
}

/// The CLI and the npm package have one version: the workspace's.
fn one_version(root: &Path, out: &mut Vec<Violation>) {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    let version = manifest
        .lines()
        .skip_while(|l| l.trim() != "[workspace.package]")
        .find_map(|l| l.trim().strip_prefix("version = \"").and_then(|v| v.strip_suffix('"')))
        .unwrap_or_default()
        .to_string();
    let npm = std::fs::read_to_string(root.join("web/package.json")).unwrap_or_default();
    let npm_version = serde_json::from_str::<serde_json::Value>(&npm)
        .ok()
        .and_then(|v| v["version"].as_str().map(str::to_string))
        .unwrap_or_default();
    if version.is_empty() || npm_version != version {
        out.push(Violation {
            rule: "the npm package and the CLI have one version (the workspace's)",
            file: "web/package.json".into(),
            line: 3,
            text: format!("{npm_version:?} != {version:?}"),
        });
    }
    let changelog = std::fs::read_to_string(root.join("CHANGELOG.md")).unwrap_or_default();
    if !changelog.contains(&format!("## [{version}]")) {
        out.push(Violation {
            rule: "CHANGELOG.md has a section for the current version",
            file: "CHANGELOG.md".into(),
            line: 1,
            text: format!("no ## [{version}]"),
        });
    }
}

/// Every rule, over a tree.
fn all_rules(root: &Path) -> Vec<Violation> {
    let mut v = Vec::new();
    no_model_id_string_tests(root, &mut v);
    no_outside_citations(root, &mut v);
    wasm_bindgen_pins_agree(root, &mut v);
    core_stays_sans_io(root, &mut v);
    cited_rows_exist(root, &mut v);
    servers_bind_loopback(root, &mut v);
    no_quadratic_select_in_wasm(root, &mut v);
    enums_spelled_once(root, &mut v);
    one_version(root, &mut v);
    v
}

/// Run every rule.
pub(crate) fn check() -> Result<(), String> {
    println!("\n==> tidy: the rules the compiler does not check");
    let root = run::workspace_root();
    let v = all_rules(&root);
    if v.is_empty() {
        println!("    ok");
        return Ok(());
    }
    let lines: Vec<String> =
        v.iter().map(|x| format!("{}:{}: {}\n    {}", x.file, x.line, x.rule, x.text)).collect();
    Err(format!("tidy found {} problem(s):\n{}", v.len(), lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_id_test_is_found_with_its_line() {
        let dir = std::env::temp_dir().join(format!("qr-tidy-{}", std::process::id()));
        let src = dir.join("crates/qwen-route/src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(
            src.join("x.rs"),
            "fn f(m: &M) -> bool {\n    m.id.contains(\"Coder\")\n}\n// m.id.contains(\"a comment\")\n#[cfg(test)]\nmod t { fn g() { id.contains(\"x\"); } }\n",
        )
        .unwrap();
        let mut v = Vec::new();
        no_model_id_string_tests(&dir, &mut v);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].file.as_str(), v[0].line), ("crates/qwen-route/src/x.rs", 2));
    }

    /// A scratch tree with a copy of the real files a rule reads, then one file changed.
    fn tree(files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "qr-tidy-{}-{}",
            std::process::id(),
            files.len() + files.iter().map(|f| f.1.len()).sum::<usize>()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (p, text) in files {
            let path = dir.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn real(p: &str) -> String {
        std::fs::read_to_string(run::workspace_root().join(p)).unwrap()
    }

    #[test]
    fn a_select_nth_in_a_wasm_crate_fails() {
        let dir = tree(&[
            (
                "crates/qwen-route/src/a.rs",
                "fn p(v: &mut [f64]) {\n    v.select_nth_unstable_by(3, f64::total_cmp);\n}\n",
            ),
            (
                "crates/qwen-route-cli/src/b.rs",
                "fn q(v: &mut [u8]) { v.select_nth_unstable(1); }\n",
            ),
        ]);
        let mut v = Vec::new();
        no_quadratic_select_in_wasm(&dir, &mut v);
        let _ = std::fs::remove_dir_all(&dir);
        let at: Vec<(&str, usize)> = v.iter().map(|x| (x.file.as_str(), x.line)).collect();
        assert_eq!(at, [("crates/qwen-route/src/a.rs", 2)]);
    }

    #[test]
    fn a_broken_pin_fails() {
        let trunk =
            real("Trunk.toml").replace("wasm_bindgen = \"0.2.130\"", "wasm_bindgen = \"0.2.129\"");
        let dir = tree(&[
            ("Cargo.toml", &real("Cargo.toml")),
            ("Trunk.toml", &trunk),
            ("Cargo.lock", &real("Cargo.lock")),
            ("README.md", &real("README.md")),
            ("crates/a/Cargo.toml", "[dependencies]\nwasm-bindgen = \"=0.2.130\"\n"),
        ]);
        let mut v = Vec::new();
        wasm_bindgen_pins_agree(&dir, &mut v);
        let _ = std::fs::remove_dir_all(&dir);
        let files: Vec<&str> = v.iter().map(|x| x.file.as_str()).collect();
        assert_eq!(
            files,
            ["Trunk.toml", "crates/a/Cargo.toml"],
            "{:?}",
            v.iter().map(|x| &x.text).collect::<Vec<_>>()
        );
    }

    #[test]
    fn an_outside_citation_fails() {
        let dir = tree(&[
            ("crates/x/src/a.rs", "// fine\n/// see research §4.2 for why\n"),
            ("tests/fixtures/b.json", "{\"research\": \"PEERS-RECIPE (c)\"}\n"),
            ("c.md", "the seed 003 says\n"),
        ]);
        let mut v = Vec::new();
        no_outside_citations(&dir, &mut v);
        let _ = std::fs::remove_dir_all(&dir);
        let mut at: Vec<(String, usize)> = v.iter().map(|x| (x.file.clone(), x.line)).collect();
        at.sort();
        assert_eq!(
            at,
            [
                ("c.md".to_string(), 1),
                ("crates/x/src/a.rs".into(), 2),
                ("tests/fixtures/b.json".into(), 1)
            ]
        );
    }

    #[test]
    fn io_in_the_core_and_a_missing_row_fail() {
        let dir = tree(&[
            ("crates/qwen-route/Cargo.toml", "[dependencies]\nserde = \"1\"\nreqwest = \"0.12\"\n"),
            ("crates/qwen-route/catalog/errors.toml", "[[error]]\nid = \"rate-limit\"\n"),
            ("crates/qwen-route/src/a.rs", "fn f() { let _ = std::fs::read(\"x\"); }\nfn g() { f.prevents(\"rate-limit\").prevents(\"no-such-row\"); }\n"),
        ]);
        let mut v = Vec::new();
        core_stays_sans_io(&dir, &mut v);
        cited_rows_exist(&dir, &mut v);
        let _ = std::fs::remove_dir_all(&dir);
        let texts: Vec<&str> = v.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(v.len(), 3, "{texts:?}");
        assert!(
            texts.iter().any(|t| t.contains("reqwest"))
                && texts.iter().any(|t| t.contains("std::fs"))
                && texts.iter().any(|t| t.contains("no-such-row"))
        );
    }

    #[test]
    fn the_tree_is_tidy() {
        let v = all_rules(&run::workspace_root());
        assert!(
            v.is_empty(),
            "{}",
            v.iter()
                .map(|x| format!("{}:{} {}", x.file, x.line, x.text))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
