//! Fixtures shared by the benchmarks: SSE streams shaped like real Qwen answers.
//!
//! ```
//! let s = qwen_route_bench::chat_stream(10, false);
//! assert!(s.ends_with("data: [DONE]\n\n"));
//! ```

/// Frames in the benchmark stream: about 1 MB.
pub const BENCH_EVENTS: usize = 3600;

/// A `chat.completion.chunk` stream of `events` frames: reasoning first, then the answer,
/// then a usage chunk and `[DONE]`. `crlf` uses CRLF line ends.
pub fn chat_stream(events: usize, crlf: bool) -> String {
    stream(events, crlf, false)
}

/// Like [`chat_stream`] (LF), but every frame also differs outside its text, as with
/// OpenAI's per-chunk `obfuscation` padding: no frame repeats the one before it, so the
/// decoder's repeated-frame fast path never applies.
///
/// ```
/// let s = qwen_route_bench::chat_stream_varying(3);
/// assert!(s.contains("\"obfuscation\":\"00000002\""));
/// ```
pub fn chat_stream_varying(events: usize) -> String {
    stream(events, false, true)
}

/// A streamed tool call: the first frame names the call, every later one adds a fragment of
/// its arguments (as DashScope and vLLM stream `tool_calls`), then usage and `[DONE]`.
///
/// ```
/// let s = qwen_route_bench::tool_call_stream(3);
/// assert!(s.contains("\"name\":\"get_weather\""));
/// assert!(s.ends_with("data: [DONE]\n\n"));
/// ```
pub fn tool_call_stream(events: usize) -> String {
    let mut s = String::with_capacity(events * 260);
    s.push_str("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_0f3a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"index\":0,\"finish_reason\":null}],\"object\":\"chat.completion.chunk\",\"model\":\"qwen3.5-plus\",\"id\":\"chatcmpl-7d1\"}\n\n");
    for i in 0..events {
        s.push_str(&format!(
            "data: {{\"choices\":[{{\"delta\":{{\"tool_calls\":[{{\"index\":0,\"function\":{{\"arguments\":\"{{\\\"k{i}\\\": {i}}} \"}}}}]}},\"index\":0,\"finish_reason\":null}}],\"object\":\"chat.completion.chunk\",\"model\":\"qwen3.5-plus\",\"id\":\"chatcmpl-7d1\"}}\n\n"
        ));
    }
    s.push_str(&format!(
        "data: {{\"choices\":[{{\"delta\":{{}},\"index\":0,\"finish_reason\":\"tool_calls\"}}],\"usage\":{{\"prompt_tokens\":40,\"completion_tokens\":{events},\"total_tokens\":{}}}}}\n\ndata: [DONE]\n\n",
        events + 40
    ));
    s
}

fn stream(events: usize, crlf: bool, varying: bool) -> String {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut s = String::with_capacity(events * 290);
    for i in 0..events {
        let lane = if i < events * 2 / 5 { "reasoning_content" } else { "content" };
        let pad = if varying { format!(",\"obfuscation\":\"{i:08x}\"") } else { String::new() };
        s.push_str(&format!(
            "data: {{\"choices\":[{{\"delta\":{{\"{lane}\":\"token {i} \"}},\"index\":0,\"logprobs\":null,\"finish_reason\":null}}],\"object\":\"chat.completion.chunk\",\"usage\":null,\"created\":1770343445,\"system_fingerprint\":null,\"model\":\"qwen3.5-plus\",\"id\":\"chatcmpl-f37af769-6ca0-9b36-83a2-177bce0afe22\"{pad}}}{nl}{nl}"
        ));
    }
    s.push_str(&format!(
        "data: {{\"choices\":[],\"usage\":{{\"prompt_tokens\":12,\"completion_tokens\":{events},\"total_tokens\":{}}}}}{nl}{nl}data: [DONE]{nl}{nl}",
        events + 12
    ));
    s
}
