//! Failures and behaviours on demand. A request picks one with the `X-Qwen-Sim-Scenario` header
//! or by suffixing the model id with `@<scenario>` (`qwen-plus@rate-limit`), for clients that
//! cannot set headers.

/// A simulated behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// The surface's normal behaviour, with its real refusals (keys, models, thinking rules).
    Normal,
    /// HTTP 429 `limit_requests` with `Retry-After: 2`.
    RateLimit,
    /// HTTP 429 `Allocated quota exceeded`.
    Quota,
    /// HTTP 400 `Arrearage` (account overdue).
    Arrearage,
    /// HTTP 400 `data_inspection_failed` (input moderation).
    DataInspection,
    /// HTTP 400 `Range of input length should be [1, N]`.
    InputTooLong,
    /// HTTP 400 `Range of max_tokens should be [1, N]`.
    MaxTokens,
    /// HTTP 500 from the server.
    ServerError,
    /// A few frames, then an `error` frame inside the stream.
    ErrorMidStream,
    /// A few frames, then silence with the connection open.
    Stall,
    /// Half the frames, then the connection closes mid-frame, without `[DONE]`.
    Truncate,
    /// Frames 400 ms apart.
    Slow,
    /// A self-hosted server started without a reasoning parser: `<think>` inside `content`.
    NoReasoningParser,
    /// A server started without tool-call parsing: vLLM refuses `tool_choice: "auto"`, SGLang
    /// leaves the model's tool-call text in `content`, llama.cpp (no `--jinja`) answers 500.
    NoToolParser,
    /// The server reports an 8,192-token context (`--max-model-len 8192`, `-c 8192`, `num_ctx`).
    SmallContext,
    /// A long answer of this many frames (`long` = 10,000; `long-500` = 500).
    Long(u32),
}

/// Name, what it does, and whether it only exists on DashScope-family hosts.
const TABLE: &[(&str, Scenario, &str, bool)] = &[
    ("normal", Scenario::Normal, "the surface's normal behaviour (the default)", false),
    ("rate-limit", Scenario::RateLimit, "429 limit_requests with Retry-After: 2", false),
    ("quota", Scenario::Quota, "429 Allocated quota exceeded", true),
    ("arrearage", Scenario::Arrearage, "400 Arrearage: the account is overdue", true),
    ("data-inspection", Scenario::DataInspection, "400 data_inspection_failed (moderation)", true),
    ("input-too-long", Scenario::InputTooLong, "400 Range of input length should be [1, N]", true),
    ("max-tokens", Scenario::MaxTokens, "400 Range of max_tokens should be [1, N]", true),
    ("server-error", Scenario::ServerError, "500 from the server", false),
    ("error-mid-stream", Scenario::ErrorMidStream, "an error frame after a few frames", false),
    ("stall", Scenario::Stall, "a few frames, then silence with the connection open", false),
    ("truncate", Scenario::Truncate, "the connection closes mid-frame, no [DONE]", false),
    ("slow", Scenario::Slow, "frames 400 ms apart", false),
    ("no-reasoning-parser", Scenario::NoReasoningParser, "<think> inside content", false),
    ("no-tool-parser", Scenario::NoToolParser, "no tool-call parsing: vLLM refuses tool_choice auto, SGLang answers with tool-call text, llama.cpp without --jinja answers 500", false),
    ("small-context", Scenario::SmallContext, "the server reports an 8,192-token context", false),
    ("long", Scenario::Long(10_000), "a 10,000-frame answer (long-N for N frames)", false),
];

impl Scenario {
    /// Parse a scenario name.
    ///
    /// ```
    /// use qwen_sim::Scenario;
    /// assert_eq!(Scenario::parse("rate-limit"), Some(Scenario::RateLimit));
    /// assert_eq!(Scenario::parse("long-20"), Some(Scenario::Long(20)));
    /// assert_eq!(Scenario::parse("nope"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Scenario> {
        let name = name.trim().to_ascii_lowercase();
        if let Some(n) = name.strip_prefix("long-") {
            return n.parse().ok().filter(|n| (1..=1_000_000).contains(n)).map(Scenario::Long);
        }
        TABLE.iter().find(|(n, ..)| *n == name).map(|(_, s, ..)| *s)
    }

    /// Whether the scenario only makes sense on DashScope-family hosts (its error is theirs).
    ///
    /// ```
    /// assert!(qwen_sim::Scenario::Arrearage.dashscope_only());
    /// assert!(!qwen_sim::Scenario::Stall.dashscope_only());
    /// ```
    pub fn dashscope_only(self) -> bool {
        TABLE.iter().any(|(_, s, _, d)| *s == self && *d)
    }
}

/// Every scenario: name and description (for `qwen-route sim --help`, the README and the
/// playground's scenario menu).
///
/// ```
/// assert!(qwen_sim::scenarios().iter().any(|(n, _)| *n == "stall"));
/// ```
pub fn scenarios() -> Vec<(&'static str, &'static str)> {
    TABLE.iter().map(|(n, _, d, _)| (*n, *d)).collect()
}

/// The scenario a request asks for: the header wins, then a `@scenario` model suffix. Returns
/// the scenario, the model id without the suffix, and an unknown name if one was given.
pub(crate) fn select<'a>(
    header: Option<&str>,
    model: &'a str,
) -> Result<(Scenario, &'a str), String> {
    let (model, suffix) = match model.rsplit_once('@') {
        Some((m, s)) => (m, Some(s)),
        None => (model, None),
    };
    match header.filter(|h| !h.trim().is_empty()).or(suffix) {
        None => Ok((Scenario::Normal, model)),
        Some(name) => Scenario::parse(name).map(|s| (s, model)).ok_or_else(|| name.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_wins_over_suffix() {
        assert_eq!(select(Some("stall"), "qwen-plus@slow"), Ok((Scenario::Stall, "qwen-plus")));
        assert_eq!(select(None, "qwen-plus@slow"), Ok((Scenario::Slow, "qwen-plus")));
        assert_eq!(select(None, "qwen3:8b"), Ok((Scenario::Normal, "qwen3:8b")));
        assert_eq!(select(None, "x@bogus"), Err("bogus".into()));
        assert_eq!(Scenario::parse("long-0"), None);
    }

    #[test]
    fn every_name_parses() {
        for (name, _) in scenarios() {
            assert!(Scenario::parse(name).is_some(), "{name}");
        }
    }
}
