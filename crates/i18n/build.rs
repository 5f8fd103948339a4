//! Compiles `zh-CN/*.toml` (flat `"id" = "template"` tables, one file per area) into one sorted
//! static table. A key defined twice, a value that is not a string, or a template with unbalanced
//! braces fails the build; which ids must exist is checked by the tests (`tests/coverage.rs`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("zh-CN");
    println!("cargo:rerun-if-changed=zh-CN");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("zh-CN/: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut table: BTreeMap<String, (String, String)> = BTreeMap::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let parsed: toml::Table =
            text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = path.display().to_string();
        for (id, value) in parsed {
            let Some(zh) = value.as_str() else {
                panic!("{file}: {id} is not a string");
            };
            if zh.trim().is_empty() {
                panic!("{file}: {id} is empty");
            }
            if let Some((other, _)) = table.get(&id) {
                panic!("{id} is defined in both {other} and {file}");
            }
            table.insert(id, (file.clone(), zh.to_string()));
        }
    }
    let mut out = String::from(
        "/// Every zh-CN template, sorted by id.\npub(crate) static ZH_CN: &[(&str, &str)] = &[\n",
    );
    for (id, (_, zh)) in &table {
        let _ = writeln!(out, "    ({id:?}, {zh:?}),");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}")))
        .join("zh_cn.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
