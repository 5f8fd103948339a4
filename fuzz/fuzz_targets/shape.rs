//! Shaping arbitrary payloads for every surface: an error or a request, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qwen_route::shape::{shape, ShapeRequest};

fuzz_target!(|data: &[u8]| {
    let Ok(serde_json::Value::Object(payload)) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    for s in qwen_route::catalog::surfaces() {
        let mut r = ShapeRequest::new(s.id, "qwen3.5-plus");
        r.allow_unlisted_model = true;
        r.params.insert("workspace".into(), "ws".into());
        r.params.insert("region".into(), "intl".into());
        r.params.insert("base_url".into(), "http://127.0.0.1:9/v1".into());
        r.payload = payload.clone();
        let _ = shape(&r);
    }
});
