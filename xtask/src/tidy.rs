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

/// Run every rule.
pub(crate) fn check() -> Result<(), String> {
    println!("\n==> tidy: the rules the compiler does not check");
    let root = run::workspace_root();
    let mut v = Vec::new();
    no_model_id_string_tests(&root, &mut v);
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

    #[test]
    fn the_tree_is_tidy() {
        let mut v = Vec::new();
        no_model_id_string_tests(&run::workspace_root(), &mut v);
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
