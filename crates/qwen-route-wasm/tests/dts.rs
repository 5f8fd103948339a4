#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! The `.d.ts` the npm package ships: a committed, reviewed snapshot, and a generator that
//! refuses what it does not understand.

#[path = "../build/dts.rs"]
#[allow(dead_code)]
mod dts;

#[test]
fn the_generated_declarations_match_the_snapshot() {
    let generated = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));
    expect_test::expect_file!["../../../tests/snapshots/qwen-route.d.ts"].assert_eq(generated);
}

fn source(text: &str) -> Vec<(String, String)> {
    vec![("x.rs".to_string(), text.to_string())]
}

#[test]
fn an_unknown_serde_attribute_fails() {
    let errors = dts::generate(&source(
        "#[derive(Serialize)]\npub struct A {\n    #[serde(flatten)]\n    pub inner: B,\n}\n",
    ))
    .unwrap_err();
    assert!(errors.iter().any(|e| e.contains("#[serde(flatten)] is not understood")), "{errors:?}");
}

#[test]
fn a_duplicate_type_name_fails() {
    let errors = dts::generate(&source(
        "#[derive(Serialize)]\npub struct A { pub x: u32 }\nmod m {\n    #[derive(Serialize)]\n    pub struct A { pub y: u32 }\n}\n",
    ))
    .unwrap_err();
    assert!(
        errors.iter().any(|e| e.contains("A: two exported types have this name")),
        "{errors:?}"
    );
}

#[test]
fn a_known_shape_is_generated() {
    let out = dts::generate(&source(
        "/// A thing.\n#[derive(Serialize)]\n#[serde(rename_all = \"kebab-case\")]\npub enum K { FirstOne, Second }\n",
    ))
    .unwrap();
    assert!(out.contains("export type K = \"first-one\" | \"second\";"), "{out}");
}
