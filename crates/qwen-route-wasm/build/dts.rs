//! The TypeScript declarations generator (used by `build.rs`, tested by `tests/dts.rs`): generates the TypeScript declarations of every data type that crosses the JS boundary, from
//! the Rust definitions themselves (the core's `src/` and this crate's `src/`), so the `.d.ts`
//! never drifts from the JSON the code produces and is never edited by hand.
//!
//! Input is serde-derived Rust: `Serialize`/`Deserialize` structs and enums, honouring
//! `rename_all`, `rename`, `tag`, `skip`, `skip_serializing_if` and `default`. A field is optional (`?:`) in a type
//! that is deserialised from JS when serde would accept it missing (`default`, or `Option`).
//! A Rust type the mapping does not know fails the build, so nothing silently becomes `any`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use syn::{Attribute, Fields, GenericArgument, Item, PathArguments, Type};

/// Types whose serde form is hand-written in the core: name, TypeScript, doc comment.
const CUSTOM: &[(&str, &str, &str)] = &[(
    "ThinkingSetting",
    "\"off\" | \"low\" | \"medium\" | \"high\" | number",
    "One thinking control for every surface: a level or a token budget.",
)];

/// Rust types whose JSON is another declared type's (`ErrorRef` serializes as a `PreventedError`).
const ALIASES: &[(&str, &str)] = &[("ErrorRef", "PreventedError")];

/// Rust names that would shadow TypeScript globals.
const RENAMES: &[(&str, &str)] = &[("Error", "CoreError")];

struct Def {
    name: String,
    docs: String,
    body: String,
}

#[derive(Default)]
struct Serde {
    rename_all: Option<String>,
    tag: Option<String>,
    default: bool,
    rename: Option<String>,
    skip: bool,
    skip_if: bool,
    untagged: bool,
}

/// The serde attributes the generator understands; any other fails the build, because it could
/// change the JSON shape without the `.d.ts` following (`flatten`, `with`, `alias`, …).
const KNOWN_SERDE: &[&str] = &[
    "rename_all",
    "tag",
    "rename",
    "default",
    "skip",
    "skip_serializing",
    "skip_serializing_if",
    "untagged",
    "borrow",
    "deny_unknown_fields",
];

fn serde_attrs(attrs: &[Attribute], context: &str, errors: &mut Vec<String>) -> Serde {
    let mut s = Serde::default();
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let parsed = a.parse_nested_meta(|m| {
            let key = m.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
            let value = || -> Option<String> {
                m.value().ok()?.parse::<syn::LitStr>().ok().map(|l| l.value())
            };
            match key.as_str() {
                "rename_all" => s.rename_all = value(),
                "tag" => s.tag = value(),
                "rename" => s.rename = value(),
                "default" => {
                    s.default = true;
                    let _ = value();
                }
                "skip" | "skip_serializing" => s.skip = true,
                "skip_serializing_if" => {
                    s.skip_if = true;
                    let _ = value();
                }
                "untagged" => s.untagged = true,
                "borrow" | "deny_unknown_fields" => {
                    let _ = value();
                }
                other => {
                    errors.push(format!(
                        "{context}: #[serde({other})] is not understood by the .d.ts generator (it knows {KNOWN_SERDE:?})"
                    ));
                    let _ = value();
                }
            }
            Ok(())
        });
        if let Err(e) = parsed {
            errors.push(format!("{context}: cannot read #[serde(...)]: {e}"));
        }
    }
    s
}

fn derives(attrs: &[Attribute]) -> (bool, bool) {
    let (mut ser, mut de) = (false, false);
    for a in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = a.parse_nested_meta(|m| {
            let name = m.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            ser |= name == "Serialize";
            de |= name == "Deserialize";
            Ok(())
        });
    }
    (ser, de)
}

fn docs(attrs: &[Attribute], indent: &str) -> String {
    let mut lines = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let syn::Meta::NameValue(nv) = &a.meta {
            if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &nv.value {
                let line = s.value();
                let line = line.strip_prefix(' ').unwrap_or(&line).to_string();
                if line.trim_start().starts_with("```") {
                    break; // examples are Rust; stop before them
                }
                lines.push(line.replace("*/", "*\\/"));
            }
        }
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    if lines.is_empty() {
        return String::new();
    }
    let mut out = format!("{indent}/**\n");
    for l in lines {
        let _ = writeln!(out, "{indent} * {l}");
    }
    let _ = writeln!(out, "{indent} */");
    out
}

fn case(name: &str, rule: Option<&str>) -> String {
    let words = || {
        let mut w = Vec::new();
        let mut cur = String::new();
        for c in name.chars() {
            if c.is_uppercase() && !cur.is_empty() {
                w.push(cur.clone());
                cur.clear();
            }
            if c == '_' {
                if !cur.is_empty() {
                    w.push(cur.clone());
                    cur.clear();
                }
                continue;
            }
            cur.push(c.to_ascii_lowercase());
        }
        if !cur.is_empty() {
            w.push(cur);
        }
        w
    };
    match rule {
        Some("kebab-case") => words().join("-"),
        Some("snake_case") => words().join("_"),
        Some("lowercase") => name.to_lowercase(),
        Some("camelCase") => {
            let w = words();
            let mut out = w.first().cloned().unwrap_or_default();
            for x in w.iter().skip(1) {
                let mut c = x.chars();
                if let Some(f) = c.next() {
                    out.push(f.to_ascii_uppercase());
                    out.extend(c);
                }
            }
            out
        }
        _ => name.to_string(),
    }
}

fn ts_name(rust: &str) -> String {
    RENAMES.iter().find(|(r, _)| *r == rust).map_or(rust.to_string(), |(_, t)| t.to_string())
}

fn generic_args(seg: &syn::PathSegment) -> Vec<&Type> {
    match &seg.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn ts_type(t: &Type, known: &[String], errors: &mut Vec<String>) -> String {
    match t {
        Type::Reference(r) => ts_type(&r.elem, known, errors),
        Type::Slice(s) => format!("{}[]", wrap(ts_type(&s.elem, known, errors))),
        Type::Tuple(tu) => {
            let parts: Vec<String> = tu.elems.iter().map(|e| ts_type(e, known, errors)).collect();
            format!("[{}]", parts.join(", "))
        }
        Type::Path(p) => {
            let Some(seg) = p.path.segments.last() else { return "unknown".into() };
            let name = seg.ident.to_string();
            let args = generic_args(seg);
            match name.as_str() {
                "String" | "str" | "Cow" | "Msg" => "string".into(),
                "bool" => "boolean".into(),
                "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" | "f32" | "f64" => {
                    "number".into()
                }
                "Value" => "unknown".into(),
                "Option" => match args.first() {
                    Some(a) => format!("{} | null", ts_type(a, known, errors)),
                    None => "unknown".into(),
                },
                "Vec" => match args.first() {
                    Some(a) => format!("{}[]", wrap(ts_type(a, known, errors))),
                    None => "unknown[]".into(),
                },
                // A catalog side-table entry (`catalog/pooled.rs`) serializes as its text: a
                // source is a string, a row's notes are strings.
                "Pooled" => match args.first().and_then(|a| match a {
                    Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                }) {
                    Some(m) if m.ends_with("Sources") => "string".into(),
                    Some(m) if m.ends_with("Notes") => "string[]".into(),
                    m => {
                        errors.push(format!("no TypeScript mapping for the pool {m:?}"));
                        "unknown".into()
                    }
                },
                "Box" => args.first().map_or("unknown".into(), |a| ts_type(a, known, errors)),
                "BTreeMap" | "HashMap" | "Map" => {
                    let v = args.get(1).map_or("unknown".into(), |a| ts_type(a, known, errors));
                    format!("Record<string, {v}>")
                }
                other => {
                    if let Some((_, to)) = ALIASES.iter().find(|(n, _)| *n == other) {
                        return ts_name(to);
                    }
                    if CUSTOM.iter().any(|(n, _, _)| *n == other) {
                        return other.to_string();
                    }
                    if known.iter().any(|k| k == other) {
                        ts_name(other)
                    } else {
                        errors.push(format!("no TypeScript mapping for Rust type `{other}`"));
                        "unknown".into()
                    }
                }
            }
        }
        _ => {
            errors.push("unsupported type form".into());
            "unknown".into()
        }
    }
}

fn wrap(t: String) -> String {
    if t.contains(' ') {
        format!("({t})")
    } else {
        t
    }
}

fn is_option(t: &Type) -> bool {
    matches!(t, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// `T` of `Option<T>`.
fn option_inner(t: &Type) -> Option<&Type> {
    let Type::Path(p) = t else { return None };
    let last = p.path.segments.last().filter(|s| s.ident == "Option")?;
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

fn fields(
    f: &Fields,
    input: bool,
    container_default: bool,
    indent: &str,
    known: &[String],
    errors: &mut Vec<String>,
) -> String {
    let mut out = String::new();
    if let Fields::Named(named) = f {
        for field in &named.named {
            let sa = serde_attrs(&field.attrs, &format!("field {:?}", field.ident), errors);
            if sa.skip {
                continue;
            }
            let Some(ident) = &field.ident else { continue };
            let name = sa.rename.clone().unwrap_or_else(|| ident.to_string());
            // A field serde leaves out when empty is optional in output too; an `Option` left out
            // when `None` is never `null`.
            let optional =
                sa.skip_if || (input && (sa.default || container_default || is_option(&field.ty)));
            let ty = match option_inner(&field.ty).filter(|_| sa.skip_if) {
                Some(inner) => inner,
                None => &field.ty,
            };
            out.push_str(&docs(&field.attrs, indent));
            let _ = writeln!(
                out,
                "{indent}{name}{}: {};",
                if optional { "?" } else { "" },
                ts_type(ty, known, errors)
            );
        }
    }
    out
}

/// Public structs and enums, including those in inline modules.
fn gather(from: Vec<Item>, into: &mut Vec<Item>) {
    for item in from {
        match item {
            Item::Struct(ref s) if matches!(s.vis, syn::Visibility::Public(_)) => into.push(item),
            Item::Enum(ref e) if matches!(e.vis, syn::Visibility::Public(_)) => into.push(item),
            // Test modules (`#[cfg(test)]`) hold test-only types, never boundary types.
            Item::Mod(m) if !is_cfg_test(&m.attrs) => {
                if let Some((_, inner)) = m.content {
                    gather(inner, into);
                }
            }
            _ => {}
        }
    }
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
    })
}

/// The `.d.ts` for these Rust sources (`(path, text)`), or every reason it cannot be made.
pub fn generate(sources: &[(String, String)]) -> Result<String, Vec<String>> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (path, text) in sources {
        match syn::parse_file(text) {
            Ok(file) => gather(file.items, &mut items),
            Err(e) => errors.push(format!("{path}: {e}")),
        }
    }
    // Only serde types cross the boundary.
    let serde_items: Vec<&Item> = items
        .iter()
        .filter(|i| {
            let attrs = match i {
                Item::Struct(s) => &s.attrs,
                Item::Enum(e) => &e.attrs,
                _ => return false,
            };
            let (ser, de) = derives(attrs);
            ser || de
        })
        .collect();
    let mut known: Vec<String> = serde_items
        .iter()
        .map(|i| match i {
            Item::Struct(s) => s.ident.to_string(),
            Item::Enum(e) => e.ident.to_string(),
            _ => String::new(),
        })
        .collect();
    known.sort();
    known.dedup();

    let mut defs: BTreeMap<String, Def> = BTreeMap::new();
    for item in serde_items {
        match item {
            Item::Struct(s) => {
                let (_, de) = derives(&s.attrs);
                let sa = serde_attrs(&s.attrs, &s.ident.to_string(), &mut errors);
                let name = ts_name(&s.ident.to_string());
                if defs.contains_key(&name) {
                    errors.push(format!(
                        "{name}: two exported types have this name; the .d.ts would keep only one"
                    ));
                }
                let body = format!(
                    "export interface {name} {{\n{}}}\n",
                    fields(&s.fields, de, sa.default, "  ", &known, &mut errors)
                );
                defs.insert(name.clone(), Def { name, docs: docs(&s.attrs, ""), body });
            }
            Item::Enum(e) => {
                let (_, de) = derives(&e.attrs);
                let sa = serde_attrs(&e.attrs, &e.ident.to_string(), &mut errors);
                let name = ts_name(&e.ident.to_string());
                if defs.contains_key(&name) {
                    errors.push(format!(
                        "{name}: two exported types have this name; the .d.ts would keep only one"
                    ));
                }
                let rule = sa.rename_all.as_deref();
                let all_unit = e.variants.iter().all(|v| matches!(v.fields, Fields::Unit));
                let body = if sa.untagged {
                    errors.push(format!("{name}: untagged enums are not exported"));
                    String::new()
                } else if all_unit && sa.tag.is_none() {
                    let names: Vec<String> = e
                        .variants
                        .iter()
                        .map(|v| format!("\"{}\"", case(&v.ident.to_string(), rule)))
                        .collect();
                    format!("export type {name} = {};\n", names.join(" | "))
                } else if let Some(tag) = &sa.tag {
                    let mut arms = Vec::new();
                    for v in &e.variants {
                        let vname = case(&v.ident.to_string(), rule);
                        let inner = fields(&v.fields, de, false, "    ", &known, &mut errors);
                        let vdocs = docs(&v.attrs, "  ");
                        arms.push(format!("{vdocs}  | {{\n    {tag}: \"{vname}\";\n{inner}  }}"));
                    }
                    format!("export type {name} =\n{};\n", arms.join("\n"))
                } else {
                    errors.push(format!(
                        "{name}: externally tagged enums with data are not exported"
                    ));
                    String::new()
                };
                defs.insert(name.clone(), Def { name, docs: docs(&e.attrs, ""), body });
            }
            _ => {}
        }
    }
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(errors);
    }
    let mut out = String::from("// Generated from the Rust definitions by crates/qwen-route-wasm/build.rs. Do not edit.\n\n");
    for c in CUSTOM {
        let _ = writeln!(out, "/** {} */\nexport type {} = {};\n", c.2, c.0, c.1);
    }
    for d in defs.values() {
        if d.body.is_empty() {
            continue;
        }
        let _ = d.name.len();
        out.push_str(&d.docs);
        out.push_str(&d.body);
        out.push('\n');
    }
    Ok(out)
}
