//! The stream assembler and the body assembler on arbitrary bytes: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qwen_route::assemble::{assemble_body, AssembleOptions, StreamAssembler};

fuzz_target!(|data: &[u8]| {
    let opts = AssembleOptions { surface: Some("vllm".into()), expect_json: true, sent_at_ms: Some(0.0), ..Default::default() };
    let mut s = StreamAssembler::new(opts.clone());
    for (i, chunk) in data.chunks(7).enumerate() {
        s.push(chunk, Some(i as f64), &mut Vec::new());
    }
    let _ = s.finish(Some(1e6));
    let _ = assemble_body(data, &opts);
});
