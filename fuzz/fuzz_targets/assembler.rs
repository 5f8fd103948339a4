//! The stream assembler and the body assembler on arbitrary bytes: never a panic. The input is
//! also read as a frame with `\u{2}` marking its text and `\u{1}`-separated texts for it, sent
//! as one frame per text, so the repeated-frame fast path sees near-identical frames; it must
//! give exactly what reading every frame in full gives.
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

    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1}');
    let frame = parts.next().unwrap_or_default();
    if frame.matches('\u{2}').count() > 4 {
        return; // keeps the stream small: each text is copied into every marker
    }
    let stream: String =
        parts.take(64).map(|t| format!("data: {}\n\n", frame.replace('\u{2}', t))).collect();
    let run = |fast: bool| {
        let mut s = StreamAssembler::new(opts.clone());
        if !fast {
            s.full_reads_only();
        }
        let mut out = Vec::new();
        for (i, chunk) in stream.as_bytes().chunks(61).enumerate() {
            s.push(chunk, Some(i as f64), &mut out);
        }
        (out, s.finish(Some(1e6)))
    };
    assert_eq!(run(true), run(false), "the fast path and full reads disagree");
});
