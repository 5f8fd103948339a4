#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! Every id the projections can show has a zh-CN template with the same `{names}`, and the zh-CN
//! tables hold nothing else. Ids come from three places:
//! - `msg!("id", "English template", …)` in the core's source (findings, notes, fixes);
//! - the catalog's upstream-error rows (`error.<id>.title|cause|fix.<n>`);
//! - `t!("ui.…", "English")` and `tf!("ui.…", "English {n}", …)` in the playground and widget.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use qwen_route::msg::placeholders;

/// One use of an id: where, and its English template.
#[derive(Debug, Clone)]
struct Use {
    place: String,
    english: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// A Rust string literal at the start of `s` (after whitespace): its value and the rest.
fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start();
    let (raw_hashes, body) = if let Some(r) = s.strip_prefix('r') {
        let hashes = r.len() - r.trim_start_matches('#').len();
        (Some(hashes), r.trim_start_matches('#').strip_prefix('"')?)
    } else {
        (None, s.strip_prefix('"')?)
    };
    if let Some(h) = raw_hashes {
        let end = format!("\"{}", "#".repeat(h));
        let i = body.find(&end)?;
        return Some((body[..i].to_string(), &body[i + end.len()..]));
    }
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &body[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '\\' => out.push('\\'),
                '"' => out.push('"'),
                '\'' => out.push('\''),
                '0' => out.push('\0'),
                '\n' => {
                    // A line continuation: skip the next line's leading whitespace.
                    while chars.clone().next().is_some_and(|(_, c)| c.is_whitespace()) {
                        chars.next();
                    }
                }
                'u' => {
                    let rest = &body[i + 2..];
                    let end = rest.find('}')?;
                    let code = u32::from_str_radix(&rest[1..end], 16).ok()?;
                    out.push(char::from_u32(code)?);
                    for _ in 0..=end {
                        chars.next();
                    }
                }
                other => panic!("unsupported escape \\{other}"),
            },
            c => out.push(c),
        }
    }
    None
}

/// Every `name!("id", "English"…` call in the files under `dirs`.
fn scan(dirs: &[&str], macros: &[&str]) -> BTreeMap<String, Vec<Use>> {
    let mut ids: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for dir in dirs {
        let mut files = Vec::new();
        rust_files(&root().join(dir), &mut files);
        for f in files {
            let whole = std::fs::read_to_string(&f).unwrap();
            // Unit tests (at the end of a file) make sentences of their own.
            let text = whole.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
            for name in macros {
                let needle = format!("{name}!(");
                let mut from = 0;
                while let Some(i) = text[from..].find(&needle) {
                    let at = from + i;
                    from = at + needle.len();
                    let before = text[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = &text[from..];
                    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                    if text[line_start..at].trim_start().starts_with("//") {
                        continue;
                    }
                    // The macro's own definition, and docs that only mention it.
                    if rest.trim_start().starts_with('$') || !rest.trim_start().starts_with('"') {
                        continue;
                    }
                    let line = text[..at].lines().count();
                    let place =
                        format!("{}:{line}", f.strip_prefix(root()).unwrap_or(&f).display());
                    let (id, rest) =
                        literal(rest).unwrap_or_else(|| panic!("{place}: unreadable id"));
                    let rest = rest.trim_start().strip_prefix(',').unwrap_or_else(|| {
                        panic!("{place}: {name}!({id:?} needs an English template next")
                    });
                    let (english, _) = literal(rest)
                        .unwrap_or_else(|| panic!("{place}: {id}: the English must be a literal"));
                    ids.entry(id).or_default().push(Use { place, english });
                }
            }
        }
    }
    ids
}

fn catalog_ids() -> BTreeMap<String, Vec<Use>> {
    let mut ids: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for row in qwen_route::catalog::upstream_errors() {
        let place = format!("catalog/errors.toml [{}]", row.id);
        let mut add = |id: String, english: &str| {
            ids.entry(id)
                .or_default()
                .push(Use { place: place.clone(), english: english.to_string() });
        };
        add(format!("error.{}.title", row.id), row.title);
        add(format!("error.{}.cause", row.id), row.cause);
        for (i, f) in row.fix.iter().enumerate() {
            add(format!("error.{}.fix.{}", row.id, i + 1), f);
        }
    }
    let mut add = |place: String, m: qwen_route::msg::Msg| {
        ids.entry(m.id.to_string())
            .or_default()
            .push(Use { place, english: m.template.to_string() });
    };
    for s in qwen_route::catalog::surfaces() {
        let place = format!("catalog/surfaces.toml [{}]", s.id);
        if let Some(a) = s.advice_text() {
            add(place.clone(), a);
        }
        add(place.clone(), s.cors_fix_text("http://localhost"));
        add(place, s.name_text());
    }
    for r in qwen_route::catalog::regions() {
        add(format!("catalog/surfaces.toml [region {}]", r.id), r.name_text());
    }
    for t in qwen_route::catalog::tradeoffs() {
        add(format!("catalog/routing.toml [{}]", t.id), t.label_text());
    }
    for a in qwen_route::catalog::aliases() {
        add(format!("catalog/aliases.toml [{}]", a.alias), a.note_text());
    }
    for f in qwen_route::catalog::anthropic_facts() {
        add(format!("catalog/anthropic.toml [{}]", f.id), f.text_msg());
    }
    for f in qwen_route::catalog::probe_fixes() {
        add(format!("catalog/probe.toml [{}]", f.capability), f.fix_text("1"));
    }
    for w in qwen_route::catalog::workloads() {
        let place = format!("catalog/routing.toml [{}]", w.id);
        for m in [w.name_text(), w.summary_text()] {
            ids.entry(m.id.to_string())
                .or_default()
                .push(Use { place: place.clone(), english: m.template.to_string() });
        }
    }
    ids
}

fn all_ids() -> BTreeMap<String, Vec<Use>> {
    let mut ids = scan(&["crates/qwen-route/src"], &["msg"]);
    for (id, uses) in catalog_ids()
        .into_iter()
        .chain(scan(&["crates/playground/src", "crates/picker-widget/src"], &["t", "tf"]))
    {
        ids.entry(id).or_default().extend(uses);
    }
    ids
}

fn sorted(mut v: Vec<&str>) -> Vec<&str> {
    v.sort_unstable();
    v
}

#[test]
fn every_id_has_a_zh_cn_template_with_the_same_names() {
    let ids = all_ids();
    assert!(ids.len() > 200, "the scan found only {} ids: is it reading the sources?", ids.len());
    let mut missing = Vec::new();
    let mut mismatched = Vec::new();
    for (id, uses) in &ids {
        let Some(zh) = qwen_route_i18n::zh_cn(id) else {
            missing.push(format!("{id} ({}): {:?}", uses[0].place, uses[0].english));
            continue;
        };
        let want = sorted(placeholders(&uses[0].english));
        let got = sorted(placeholders(zh));
        if want != got {
            mismatched.push(format!("{id}: English has {want:?}, zh-CN has {got:?}"));
        }
    }
    assert!(
        missing.is_empty() && mismatched.is_empty(),
        "{} ids lack a zh-CN template (add them to crates/i18n/zh-CN/*.toml):\n{}\n{} templates name other values:\n{}",
        missing.len(),
        missing.join("\n"),
        mismatched.len(),
        mismatched.join("\n")
    );
}

#[test]
fn an_id_means_one_english_sentence() {
    for (id, uses) in all_ids() {
        for u in &uses[1..] {
            assert_eq!(
                u.english, uses[0].english,
                "{id} has two English texts ({} and {}): give each its own id",
                uses[0].place, u.place
            );
        }
    }
}

#[test]
fn the_zh_cn_tables_hold_only_ids_in_use() {
    let ids = all_ids();
    let orphans: Vec<_> =
        qwen_route_i18n::zh_cn_ids().filter(|id| !ids.contains_key(*id)).collect();
    assert!(orphans.is_empty(), "zh-CN templates for ids nothing uses: {orphans:?}");
}

#[test]
fn ui_ids_are_namespaced_and_core_ids_are_not() {
    for (id, uses) in all_ids() {
        let ui = uses[0].place.starts_with("crates/playground")
            || uses[0].place.starts_with("crates/picker-widget");
        assert_eq!(
            id.starts_with("ui."),
            ui,
            "{id} ({}): `ui.` ids are the playground's",
            uses[0].place
        );
    }
}

#[test]
fn zh_cn_templates_are_chinese() {
    // A copied English sentence is a missing translation in disguise. Templates that are only
    // names, codes or numbers (`{model}`, `JSON`) are allowed.
    for id in qwen_route_i18n::zh_cn_ids() {
        let zh = qwen_route_i18n::zh_cn(id).unwrap_or_default();
        let mut prose = String::new();
        let mut rest = zh;
        while let Some(i) = rest.find('{') {
            prose.push_str(&rest[..i]);
            rest = rest[i..].find('}').map_or("", |j| &rest[i + j + 1..]);
        }
        prose.push_str(rest);
        let mut latin_words = prose
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 3 && w.chars().all(|c| c.is_ascii_lowercase()));
        let has_cjk = prose.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        assert!(
            has_cjk || latin_words.next().is_none(),
            "{id}: {zh:?} reads as untranslated English"
        );
    }
}
