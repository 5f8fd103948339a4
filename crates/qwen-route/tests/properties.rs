#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! Properties: arbitrary input never panics; any chunking gives the same result; decoding
//! work is linear in the input.

use proptest::prelude::*;
use qwen_route::assemble::{assemble_body, AssembleOptions, StreamAssembler};
use qwen_route::check::check_structured;
use qwen_route::diagnose::{diagnose, parse_error_body, DiagnoseRequest};
use qwen_route::models::parse_models;
use qwen_route::shape::{shape, ShapeRequest};
use qwen_route::sse::SseDecoder;

fn decode_chunked(bytes: &[u8], cuts: &[usize]) -> Vec<qwen_route::sse::SseEvent> {
    let mut d = SseDecoder::new();
    let mut out = Vec::new();
    let mut start = 0;
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    for c in cuts {
        d.push(&bytes[start..c.max(start)], &mut out);
        start = c.max(start);
    }
    d.push(&bytes[start..], &mut out);
    d.finish();
    out
}

/// SSE-ish bytes: fields, colons, every line ending, BOM fragments, NUL, non-ASCII.
fn sse_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        Just(b"data:".to_vec()),
        Just(b"data: ".to_vec()),
        Just(b"event:".to_vec()),
        Just(b"id:".to_vec()),
        Just(b"retry:".to_vec()),
        Just(b":".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(vec![0xEF, 0xBB, 0xBF]),
        Just(vec![0]),
        Just("你好".as_bytes().to_vec()),
        Just(b"[DONE]".to_vec()),
        Just(br#"{"choices":[{"delta":{"content":"x"}}]}"#.to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_chunking_gives_the_same_events(bytes in sse_bytes(), cuts in proptest::collection::vec(any::<usize>(), 0..12)) {
        prop_assert_eq!(decode_chunked(&bytes, &cuts), decode_chunked(&bytes, &[]));
    }

    #[test]
    fn any_chunking_gives_the_same_assembly(bytes in sse_bytes(), step in 1usize..17) {
        let whole = {
            let mut s = StreamAssembler::new(AssembleOptions::default());
            s.push(&bytes, None, &mut Vec::new());
            s.finish(None)
        };
        let mut s = StreamAssembler::new(AssembleOptions::default());
        for c in bytes.chunks(step) {
            s.push(c, None, &mut Vec::new());
        }
        let parts = s.finish(None);
        prop_assert_eq!(parts.choices, whole.choices);
        prop_assert_eq!(parts.end, whole.end);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut d = SseDecoder::new();
        d.push(&bytes, &mut Vec::new());
        d.finish();
        let mut s = StreamAssembler::new(AssembleOptions { surface: Some("vllm".into()), expect_json: true, ..Default::default() });
        s.push(&bytes, Some(1.0), &mut Vec::new());
        s.finish(Some(2.0));
        assemble_body(&bytes, &AssembleOptions::default());
        parse_error_body(&bytes, Some(400));
        let _ = parse_models(&bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        for status in [200u16, 400, 401, 404, 429, 500, 0] {
            diagnose(&DiagnoseRequest {
                surface: "dashscope-intl".into(),
                status: Some(status),
                headers: [("retry-after".to_string(), text.clone())].into(),
                body: text.clone(),
                ..Default::default()
            }).unwrap();
        }
        check_structured(&text, &serde_json::json!({"type":"object","properties":{"a":{"type":"array","items":{"$ref":"#"}}}}));
    }

    #[test]
    fn arbitrary_json_answers_and_schemas_never_panic(answer in arb_json(), schema in arb_json()) {
        check_structured(&answer.to_string(), &schema);
    }

    #[test]
    fn arbitrary_payloads_never_panic(payload in arb_json(), surface in prop::sample::select(qwen_route::catalog::surfaces().iter().map(|s| s.id).collect::<Vec<_>>())) {
        let mut r = ShapeRequest::new(surface, "qwen3.5-plus");
        r.params.insert("workspace".into(), "ws".into());
        r.params.insert("region".into(), "cn".into());
        r.params.insert("base_url".into(), "http://127.0.0.1:1/v1".into());
        if let serde_json::Value::Object(m) = payload {
            r.payload = m;
        }
        let _ = shape(&r);
        r.payload.insert("messages".into(), serde_json::json!([{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo"}}]}]));
        let _ = shape(&r);
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| serde_json::json!(f)),
        "[a-z$#/]{0,8}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("type".to_string()),
                    Just("properties".to_string()),
                    Just("items".to_string()),
                    Just("$ref".to_string()),
                    Just("required".to_string()),
                    Just("messages".to_string()),
                    Just("enum".to_string()),
                    "[a-z_]{1,6}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Deterministic work bound, not a time: a 1 MB reasoning + answer stream fed one byte at a
/// time copies each byte at most once into the line buffer and scans it once (openai-node
/// asserts copied < 8n, scanned < 5n).
#[test]
fn decoding_work_is_linear_in_the_input() {
    let mut stream = String::new();
    let mut i = 0;
    while stream.len() < 1_000_000 {
        let lane = if i < 4000 { "reasoning_content" } else { "content" };
        stream.push_str(&format!(
            "data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"{lane}\":\"token {i} \"}}}}]}}\n\n"
        ));
        i += 1;
    }
    stream.push_str("data: [DONE]\n\n");
    let bytes = stream.as_bytes();
    let n = bytes.len() as u64;
    let mut s = StreamAssembler::new(AssembleOptions::default());
    let mut deltas = Vec::new();
    for b in bytes.chunks(1) {
        s.push(b, None, &mut deltas);
        deltas.clear();
    }
    let stats = s.decoder_stats();
    let a = s.finish(None);
    assert_eq!(a.end, qwen_route::assemble::End::Done);
    assert!(stats.bytes_scanned <= n, "scanned {} of {n}", stats.bytes_scanned);
    assert!(stats.bytes_copied <= n, "copied {} of {n}", stats.bytes_copied);
    // One large event arriving one byte at a time: still linear.
    let big = format!("data: {}\n\n", "x".repeat(300_000));
    let mut d = SseDecoder::new();
    let mut out = Vec::new();
    for b in big.as_bytes().chunks(1) {
        d.push(b, &mut out);
    }
    assert_eq!(out.len(), 1);
    assert!(d.stats().bytes_copied < 2 * big.len() as u64);
}
