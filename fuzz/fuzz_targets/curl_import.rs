//! Reading arbitrary text as a curl command: an import or an error, never a panic; an import
//! always shapes or errors.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for cmd in [text.to_string(), format!("curl {text}")] {
        if let Ok(i) = qwen_route::curl::import_curl(&cmd) {
            let _ = qwen_route::shape::shape(&i.request);
        }
    }
});
