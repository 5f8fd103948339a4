//! Small text helpers shared by the modules.

/// Format a number the way JSON would (`2`, `0.7`, `1e-7`), without core's float formatting
/// machinery (which costs kilobytes of wasm): serde_json's formatter is already linked.
///
/// ```
/// assert_eq!(qwen_route::text::num(2.0), "2.0");
/// assert_eq!(qwen_route::text::num(0.7), "0.7");
/// assert_eq!(qwen_route::text::num(f64::NAN), "NaN");
/// ```
pub fn num(x: f64) -> String {
    match serde_json::Number::from_f64(x) {
        Some(n) => n.to_string(),
        None => "NaN".into(),
    }
}
