//! The stream assembler and the body assembler on arbitrary bytes: never a panic. The input is
//! also read as a frame with `\u{2}` marking its text and `\u{1}`-separated texts for it, sent
//! as one frame per text, so the repeated-frame fast path sees near-identical frames.
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
    let stream: String = parts.map(|t| format!("data: {}\n\n", frame.replace('\u{2}', t))).collect();
    let mut s = StreamAssembler::new(opts);
    let mut out = Vec::new();
    s.push(stream.as_bytes(), Some(1.0), &mut out);
    let done = s.finish(Some(2.0));
    let shown: usize = out
        .iter()
        .map(|d| match d {
            qwen_route::assemble::StreamDelta::Answer { text, .. }
            | qwen_route::assemble::StreamDelta::Reasoning { text, .. } => text.len(),
            _ => 0,
        })
        .sum();
    let kept: usize = done.choices.iter().map(|c| c.content.len() + c.reasoning.len()).sum();
    assert_eq!(shown, kept, "the deltas and the assembled text disagree");
});
