//! The SSE decoder on arbitrary bytes, cut at arbitrary points: no panic, and the same events
//! as decoding in one piece.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qwen_route::sse::SseDecoder;

fuzz_target!(|data: &[u8]| {
    let (cuts, bytes) = data.split_at(data.len().min(4));
    let decode = |pieces: &[&[u8]]| {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        for p in pieces {
            d.push(p, &mut out);
        }
        (out, d.finish())
    };
    let whole = decode(&[bytes]);
    let mut at: Vec<usize> = cuts.iter().map(|c| *c as usize % (bytes.len() + 1)).collect();
    at.sort_unstable();
    let mut pieces = Vec::new();
    let mut start = 0;
    for a in at {
        pieces.push(&bytes[start..a]);
        start = a;
    }
    pieces.push(&bytes[start..]);
    assert_eq!(decode(&pieces), whole);
});
