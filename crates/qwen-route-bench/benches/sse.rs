//! SSE decoding and assembly throughput, against `eventsource-stream` (the decoder behind
//! `reqwest-eventsource`) measured in the same run.
//!
//! Groups: `decode/<chunk>/<eol>` — events only; `assemble/<chunk>` — decode + parse each
//! frame + accumulate answer, reasoning and usage (the peer uses `serde_json::Value`, as a Rust
//! client typically does).

#![allow(missing_docs, clippy::unwrap_used)]

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use futures::StreamExt;
use qwen_route::assemble::{AssembleOptions, StreamAssembler};
use qwen_route::sse::SseDecoder;

const CHUNKS: &[(usize, &str)] = &[(1, "1B"), (64, "64B"), (1024, "1KiB"), (16 * 1024, "16KiB")];

fn ours_decode(chunks: &[&[u8]]) -> usize {
    let mut d = SseDecoder::new();
    let mut out = Vec::new();
    let mut n = 0;
    for c in chunks {
        d.push(c, &mut out);
        n += out.len();
        out.clear();
    }
    n
}

fn peer_decode(chunks: &[&[u8]]) -> usize {
    let items: Vec<Result<Bytes, std::io::Error>> =
        chunks.iter().map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    let stream = eventsource_stream::EventStream::new(futures::stream::iter(items));
    futures::executor::block_on(stream.filter(|e| futures::future::ready(e.is_ok())).count())
}

fn ours_assemble(chunks: &[&[u8]]) -> usize {
    let mut s = StreamAssembler::new(AssembleOptions::default());
    let mut deltas = Vec::new();
    for c in chunks {
        s.push(c, None, &mut deltas);
        deltas.clear();
    }
    s.finish(None).answer().len()
}

fn peer_assemble(chunks: &[&[u8]]) -> usize {
    let items: Vec<Result<Bytes, std::io::Error>> =
        chunks.iter().map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    let stream = eventsource_stream::EventStream::new(futures::stream::iter(items));
    let events: Vec<_> = futures::executor::block_on(stream.collect());
    let (mut answer, mut reasoning, mut total) = (String::new(), String::new(), 0u64);
    for e in events.into_iter().flatten() {
        if e.data == "[DONE]" {
            break;
        }
        let v: serde_json::Value = match serde_json::from_str(&e.data) {
            Ok(v) => v,
            Err(_) => continue,
        };
        if let Some(t) = v["usage"]["total_tokens"].as_u64() {
            total = t;
        }
        if let Some(d) = v["choices"].get(0).map(|c| &c["delta"]) {
            if let Some(r) = d["reasoning_content"].as_str() {
                reasoning.push_str(r);
            }
            if let Some(c) = d["content"].as_str() {
                answer.push_str(c);
            }
        }
    }
    answer.len() + reasoning.len() + total as usize
}

fn bench(c: &mut Criterion) {
    for (eol, crlf) in [("lf", false), ("crlf", true)] {
        let stream = qwen_route_bench::chat_stream(qwen_route_bench::BENCH_EVENTS, crlf); // ~1 MB
        let bytes = stream.as_bytes();
        let mut g = c.benchmark_group(format!("decode-{eol}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        for (size, label) in CHUNKS {
            let chunks: Vec<&[u8]> = bytes.chunks(*size).collect();
            assert_eq!(ours_decode(&chunks), peer_decode(&chunks));
            g.bench_with_input(BenchmarkId::new("qwen-route", label), &chunks, |b, ch| {
                b.iter(|| ours_decode(ch))
            });
            g.bench_with_input(BenchmarkId::new("eventsource-stream", label), &chunks, |b, ch| {
                b.iter(|| peer_decode(ch))
            });
        }
        g.finish();
    }
    let stream = qwen_route_bench::chat_stream(qwen_route_bench::BENCH_EVENTS, false);
    let bytes = stream.as_bytes();
    let mut g = c.benchmark_group("assemble-lf");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    for (size, label) in CHUNKS {
        let chunks: Vec<&[u8]> = bytes.chunks(*size).collect();
        g.bench_with_input(BenchmarkId::new("qwen-route", label), &chunks, |b, ch| {
            b.iter(|| ours_assemble(ch))
        });
        g.bench_with_input(
            BenchmarkId::new("eventsource-stream+serde_json", label),
            &chunks,
            |b, ch| b.iter(|| peer_assemble(ch)),
        );
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
