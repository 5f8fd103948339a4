//! The structured-output check on arbitrary answers and schemas: never a panic, and it ends.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|b| *b == 1).unwrap_or(data.len() / 2);
    let (schema, answer) = data.split_at(cut);
    let schema: serde_json::Value = serde_json::from_slice(schema).unwrap_or(serde_json::Value::Bool(true));
    let _ = qwen_route::check::check_structured(&String::from_utf8_lossy(answer), &schema);
});
