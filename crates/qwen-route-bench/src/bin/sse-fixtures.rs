//! Writes the benchmark streams to a folder, so other benchmarks (the Node one in
//! `tests/npm/bench.mjs`) read the very bytes the criterion benchmark decodes.
//!
//! `sse-fixtures <dir>` writes `chat-lf.sse`, `chat-crlf.sse` (~1 MB each) and
//! `chat-lf-quarter.sse` (~250 KB, for the linearity check) and `chat-lf-varying.sse` (~1 MB,
//! no frame repeating the one before it).

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: sse-fixtures <dir>");
        return ExitCode::from(2);
    };
    let dir = std::path::PathBuf::from(dir);
    let files = [
        ("chat-lf.sse", qwen_route_bench::chat_stream(qwen_route_bench::BENCH_EVENTS, false)),
        ("chat-crlf.sse", qwen_route_bench::chat_stream(qwen_route_bench::BENCH_EVENTS, true)),
        (
            "chat-lf-quarter.sse",
            qwen_route_bench::chat_stream(qwen_route_bench::BENCH_EVENTS / 4, false),
        ),
        (
            "chat-lf-varying.sse",
            qwen_route_bench::chat_stream_varying(qwen_route_bench::BENCH_EVENTS),
        ),
        ("tool-call.sse", qwen_route_bench::tool_call_stream(qwen_route_bench::BENCH_EVENTS)),
    ];
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    for (name, text) in files {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
