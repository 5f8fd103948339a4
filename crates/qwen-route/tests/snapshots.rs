#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! Snapshots: a changed catalog fact shows up as a reviewed diff of `tests/snapshots/`.
//! Update with `UPDATE_EXPECT=1 cargo test -p qwen-route --test snapshots`.

#[test]
fn catalog_summary() {
    expect_test::expect_file!["../../../tests/snapshots/catalog.txt"]
        .assert_eq(&qwen_route::catalog::render_summary());
}
