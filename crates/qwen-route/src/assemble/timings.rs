//! Timings from arrival times the caller passes in (the core has no clock).

use serde::Serialize;

/// Tokens and rate of one lane (reasoning or answer).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LaneRate {
    /// Tokens in the lane.
    pub tokens: u64,
    /// `true` when counted from text (about 4 ASCII characters or 1 CJK character a token),
    /// `false` when taken from the server's usage.
    pub estimated: bool,
    /// From the lane's first token to its last, in milliseconds.
    pub duration_ms: f64,
    /// Tokens per second over that span (`None` when the lane arrived in one chunk).
    pub tokens_per_s: Option<f64>,
}

/// When things happened, in milliseconds from request send (or from the first byte when the
/// send time is unknown).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Timings {
    /// Whether times are measured from request send (`true`) or from the first byte.
    pub from_send: bool,
    /// Time to first byte.
    pub ttfb_ms: Option<f64>,
    /// Time to the first reasoning token.
    pub first_reasoning_ms: Option<f64>,
    /// Time to the first answer token.
    pub first_answer_ms: Option<f64>,
    /// Time to the first tool-call fragment.
    pub first_tool_call_ms: Option<f64>,
    /// Time to the end of the response.
    pub total_ms: Option<f64>,
    /// Byte chunks received.
    pub chunks: u64,
    /// Longest gap between two chunks.
    pub max_gap_ms: Option<f64>,
    /// Mean gap between chunks.
    pub mean_gap_ms: Option<f64>,
    /// 95th percentile gap between chunks.
    pub p95_gap_ms: Option<f64>,
    /// Reasoning lane.
    pub reasoning: Option<LaneRate>,
    /// Answer lane.
    pub answer: Option<LaneRate>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Recorder {
    sent: Option<f64>,
    first_byte: Option<f64>,
    last: Option<f64>,
    gaps: Vec<f64>,
    chunks: u64,
    reasoning: Option<(f64, f64)>,
    answer: Option<(f64, f64)>,
    tool: Option<f64>,
    end: Option<f64>,
}

fn span(lane: &mut Option<(f64, f64)>, at: f64) {
    match lane {
        Some((_, last)) => *last = at,
        None => *lane = Some((at, at)),
    }
}

impl Recorder {
    pub fn new(sent: Option<f64>) -> Self {
        Recorder { sent: sent.filter(|s| s.is_finite()), ..Self::default() }
    }

    pub fn chunk(&mut self, at: Option<f64>) {
        self.chunks += 1;
        let Some(at) = at.filter(|a| a.is_finite()) else { return };
        self.first_byte.get_or_insert(at);
        if let Some(prev) = self.last {
            self.gaps.push((at - prev).max(0.0));
        }
        self.last = Some(at);
    }

    pub fn reasoning(&mut self, at: Option<f64>) {
        if let Some(at) = at.filter(|a| a.is_finite()) {
            span(&mut self.reasoning, at);
        }
    }

    pub fn answer(&mut self, at: Option<f64>) {
        if let Some(at) = at.filter(|a| a.is_finite()) {
            span(&mut self.answer, at);
        }
    }

    pub fn tool(&mut self, at: Option<f64>) {
        if let Some(at) = at.filter(|a| a.is_finite()) {
            self.tool.get_or_insert(at);
        }
    }

    pub fn end(&mut self, at: Option<f64>) {
        self.end = at.filter(|a| a.is_finite()).or(self.last);
    }

    /// `None` when no time was ever given.
    pub fn finish(
        &self,
        reasoning_tokens: Option<(u64, bool)>,
        answer_tokens: Option<(u64, bool)>,
    ) -> Option<Timings> {
        let origin = self.sent.or(self.first_byte)?;
        let rel = |t: Option<f64>| t.map(|t| t - origin);
        let p95 = percentile_95(&self.gaps);
        let lane = |span: Option<(f64, f64)>, tokens: Option<(u64, bool)>| {
            let (first, last) = span?;
            let (tokens, estimated) = tokens?;
            let duration_ms = last - first;
            Some(LaneRate {
                tokens,
                estimated,
                duration_ms,
                tokens_per_s: (duration_ms > 0.0 && tokens > 1)
                    .then(|| (tokens - 1) as f64 * 1000.0 / duration_ms),
            })
        };
        Some(Timings {
            from_send: self.sent.is_some(),
            ttfb_ms: if self.sent.is_some() { rel(self.first_byte) } else { None },
            first_reasoning_ms: rel(self.reasoning.map(|r| r.0)),
            first_answer_ms: rel(self.answer.map(|a| a.0)),
            first_tool_call_ms: rel(self.tool),
            total_ms: rel(self.end.or(self.last)),
            chunks: self.chunks,
            max_gap_ms: self.gaps.iter().copied().max_by(f64::total_cmp),
            mean_gap_ms: (!self.gaps.is_empty())
                .then(|| self.gaps.iter().sum::<f64>() / self.gaps.len() as f64),
            p95_gap_ms: p95,
            reasoning: lane(self.reasoning, reasoning_tokens),
            answer: lane(self.answer, answer_tokens),
        })
    }
}

/// The 95th percentile of `values` (nearest rank: the value at rank ⌈0.95·n⌉ in ascending
/// order), in linear time and without a copy.
///
/// A stream read in 1-byte chunks has a gap per byte. Sorting a million of them made `finish`
/// the slowest step of the whole decode, and the size-optimised std the wasm builds use selects
/// by median of medians, which takes quadratic time when the values are all equal (as they are
/// when every chunk carries the same time). So this is a radix select: eight counting passes,
/// one per byte of each value's total-order key, each narrowing to the byte the rank falls in.
fn percentile_95(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let rank = ((values.len() as f64) * 0.95).ceil() as usize;
    Some(nth_smallest(values, rank.clamp(1, values.len()) - 1))
}

/// The `k`-th smallest value (from 0) in [`f64::total_cmp`] order; `k < values.len()`.
fn nth_smallest(values: &[f64], mut k: usize) -> f64 {
    let mut found = 0u64;
    for byte in (0..8).rev() {
        let shift = byte * 8;
        let known = u64::MAX.checked_shl(shift + 8).unwrap_or(0);
        let mut counts = [0usize; 256];
        for &v in values {
            let key = order_key(v);
            if key & known == found {
                counts[((key >> shift) & 0xff) as usize] += 1;
            }
        }
        let mut digit = 0;
        while let Some(&n) = counts.get(digit).filter(|&&n| k >= n) {
            k -= n;
            digit += 1;
        }
        found |= (digit.min(255) as u64) << shift;
    }
    from_order_key(found)
}

/// `f64` bits as a `u64` whose unsigned order is [`f64::total_cmp`]'s.
fn order_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

fn from_order_key(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 { key & !(1 << 63) } else { !key })
}

/// Estimate tokens from text: about four ASCII characters or one other character a token.
///
/// ```
/// assert_eq!(qwen_route::assemble::estimate_tokens("abcdefgh"), 2);
/// assert_eq!(qwen_route::assemble::estimate_tokens("你好"), 2);
/// ```
pub fn estimate_tokens(text: &str) -> u64 {
    let (mut ascii, mut other) = (0u64, 0u64);
    for c in text.chars() {
        if c.is_ascii() {
            ascii += 1;
        } else {
            other += 1;
        }
    }
    ascii.div_ceil(4) + other
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: sort, then take the value at rank ⌈0.95·n⌉ (from 1).
    fn by_sorting(values: &[f64]) -> Option<f64> {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let rank = ((sorted.len() as f64) * 0.95).ceil() as usize;
        sorted.get(rank.clamp(1, sorted.len().max(1)) - 1).copied()
    }

    #[test]
    fn the_95th_percentile_is_the_nearest_rank_of_the_sorted_gaps() {
        assert_eq!(percentile_95(&[]), None);
        assert_eq!(percentile_95(&[7.0]), Some(7.0));
        // 20 values 1..=20: rank 19.
        let twenty: Vec<f64> = (1..=20).rev().map(f64::from).collect();
        assert_eq!(percentile_95(&twenty), Some(19.0));
        // Many lengths and orders, with repeats and zeros.
        let mut seed = 0x2545_f491_u32;
        for n in 1..=200 {
            let values: Vec<f64> = (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    f64::from(seed % 50) / 4.0
                })
                .collect();
            assert_eq!(percentile_95(&values), by_sorting(&values), "{values:?}");
        }
    }

    #[test]
    fn selection_follows_total_order_with_signs_zeros_and_ties() {
        let values = [3.5, -0.0, 0.0, -2.0, 1e300, 3.5, -1e-300, 0.25, f64::MIN, 7.0, 3.5];
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        for (k, want) in sorted.iter().enumerate() {
            assert_eq!(nth_smallest(&values, k).to_bits(), want.to_bits(), "k = {k}");
        }
        // A million equal gaps (every chunk with the same time) in linear time.
        assert_eq!(percentile_95(&vec![0.0; 1_000_000]), Some(0.0));
    }

    #[test]
    fn gaps_give_max_mean_and_p95() {
        let mut r = Recorder::new(Some(0.0));
        for at in [10.0, 11.0, 15.0, 15.0, 35.0] {
            r.chunk(Some(at));
        }
        let t = r.finish(None, None).unwrap();
        assert_eq!(t.max_gap_ms, Some(20.0));
        assert_eq!(t.mean_gap_ms, Some(6.25));
        assert_eq!(t.p95_gap_ms, Some(20.0));
        assert_eq!(t.chunks, 5);
    }
}
