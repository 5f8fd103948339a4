//! The repeated-frame fast path.
//!
//! Within one stream a server sends thousands of frames that differ only in one text value:
//! the same `id`, `model`, `created`, field order and spacing, with a new token of reasoning or
//! answer text. After a frame that adds exactly one text delta has been read in full, its
//! bytes before and after that string are kept. A later frame with the same bytes around a
//! plain string (no escape, quote or control character) is the same JSON with other text, so
//! it is not read again: its text is applied directly.
//!
//! A stream whose frames never repeat (a per-chunk field that varies) would pay a failed
//! comparison and a relearn per frame for nothing: after [`COLD`] misses in a row the template
//! is tried, and relearned, only on every [`PROBE`]th frame until it hits again.
//!
//! Invariant: a hit has exactly the effect a full read of the frame would have. It holds because
//! the two texts are byte-identical outside one JSON string, the new string needs no decoding,
//! and the text is non-empty (so the same field still wins). The template frame may also carry
//! a `role`, `id` or `model`: the assembler sets those only while unset, and the template frame
//! itself was applied in full, so reading them again would change nothing. A new per-frame
//! effect in `Assembler::apply` must be excluded in `Template::shape_of`. The tests, and the
//! assembler fuzz target, compare both paths.

use std::borrow::Cow;

use super::frames::{nonempty, Content, Frame};
use super::scan::plain_run;

/// The text lane a template's string feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lane {
    /// Reasoning, from the named field (`reasoning_content` or `reasoning`).
    Reasoning(&'static str),
    /// Answer content.
    Answer,
}

/// Misses in a row after which the template goes cold.
const COLD: u32 = 8;
/// While cold, the template is tried and relearned on one frame in this many.
const PROBE: u32 = 32;

/// The bytes of the last one-delta frame around its text. Buffers are reused, so a stream
/// that never repeats costs no allocation per frame here.
#[derive(Debug, Clone, Default)]
pub(crate) struct Template {
    prefix: String,
    suffix: String,
    /// Where the text goes; `None` while there is no template.
    target: Option<(Lane, u32)>,
    /// Tries in a row that missed.
    misses: u32,
    /// Frames seen while cold.
    cold_frames: u32,
}

impl Template {
    /// Remember `frame` (read from `text`) when it adds exactly one text delta, taken from a
    /// string borrowed from `text`, and nothing else but once-only fields; otherwise keep the
    /// current template.
    pub fn learn(&mut self, frame: &Frame<'_>, text: &str) {
        if self.misses >= COLD && self.cold_frames % PROBE != 0 {
            return;
        }
        if let Some((lane, choice, start, end)) = Self::shape_of(frame, text) {
            self.prefix.clear();
            self.prefix.push_str(&text[..start]);
            self.suffix.clear();
            self.suffix.push_str(&text[end..]);
            self.target = Some((lane, choice));
        }
    }

    /// The lane, choice and byte span of the one text `frame` adds, if that is all it does.
    fn shape_of(frame: &Frame<'_>, text: &str) -> Option<(Lane, u32, usize, usize)> {
        if frame.error.is_some() || frame.usage.is_some() {
            return None;
        }
        let [choice] = frame.choices.as_deref()? else {
            return None;
        };
        if choice.message.is_some() || nonempty(&choice.finish_reason).is_some() {
            return None;
        }
        let delta = choice.delta.as_ref()?;
        if delta.tool_calls.as_ref().is_some_and(|t| !t.is_empty()) {
            return None;
        }
        let content = match &delta.content {
            None => None,
            Some(Content::Text(t)) => Some(t).filter(|t| !t.is_empty()),
            Some(Content::Parts(p)) if p.is_empty() => None,
            Some(Content::Parts(_)) => return None,
        };
        let reasoning = delta.reasoning_text();
        let (value, lane) = match (reasoning, content) {
            (Some((r, field)), None) => (r, Lane::Reasoning(field)),
            (None, Some(c)) => (c, Lane::Answer),
            _ => return None,
        };
        let Cow::Borrowed(value) = value else {
            return None;
        };
        // The string's place in `text`: it was borrowed from it.
        let start = (value.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
        let end = start + value.len();
        let bytes = text.as_bytes();
        let quoted =
            start > 0 && bytes.get(start - 1) == Some(&b'"') && bytes.get(end) == Some(&b'"');
        (quoted && text.get(start..end) == Some(value)).then_some((
            lane,
            choice.index.unwrap_or(0),
            start,
            end,
        ))
    }

    /// Where the text of a hit goes.
    #[cfg(test)]
    pub fn target(&self) -> Option<(Lane, u32)> {
        self.target
    }

    /// The lane, choice and new text when `text` repeats the template with other text,
    /// counting hits and misses (and skipping the try on most frames while cold).
    pub fn repeat<'t>(&mut self, text: &'t str) -> Option<(Lane, u32, &'t str)> {
        let (lane, choice) = self.target?;
        if self.misses >= COLD {
            self.cold_frames = self.cold_frames.wrapping_add(1);
            if self.cold_frames % PROBE != 0 {
                return None;
            }
        }
        match self.text_of(text) {
            Some(t) => {
                self.misses = 0;
                Some((lane, choice, t))
            }
            None => {
                self.misses = self.misses.saturating_add(1);
                None
            }
        }
    }

    /// The new text, when `text` is the template's frame with another non-empty plain string.
    pub fn text_of<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.target?;
        let (p, s, b) = (self.prefix.as_bytes(), self.suffix.as_bytes(), text.as_bytes());
        let end = b.len().checked_sub(s.len())?;
        if end <= p.len() || !same(&b[..p.len()], p) || !same(&b[end..], s) {
            return None;
        }
        // The new string needs no decoding: the plain run from its start reaches its end.
        if plain_run(b, p.len()) != end {
            return None;
        }
        text.get(p.len()..end)
    }
}

/// Byte equality eight bytes at a time (wasm's `memcmp` goes byte by byte).
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |s: &[u8], i: usize| {
        s.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).map(u64::from_ne_bytes)
    };
    let mut i = 0;
    while i + 8 <= a.len() {
        if word(a, i) != word(b, i) {
            return false;
        }
        i += 8;
    }
    a[i..] == b[i..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(text: &str) -> Template {
        let mut t = Template::default();
        t.learn(&Frame::parse(text).unwrap(), text);
        t
    }

    const R: &str = r#"{"id":"c1","choices":[{"delta":{"reasoning_content":"think"},"index":0,"finish_reason":null}],"usage":null}"#;

    #[test]
    fn a_repeat_with_other_text_hits() {
        let t = learned(R);
        assert_eq!(t.target(), Some((Lane::Reasoning("reasoning_content"), 0)));
        assert_eq!(t.text_of(&R.replace("think", "more words")), Some("more words"));
        let mut t = t;
        let repeat = R.replace("think", "x");
        assert_eq!(t.repeat(&repeat), Some((Lane::Reasoning("reasoning_content"), 0, "x")));
        assert_eq!(t.text_of(R), Some("think"));
    }

    #[test]
    fn anything_else_misses() {
        let t = learned(R);
        for other in [
            R.replace("think", ""),
            R.replace("think", "a\\nb"),
            R.replace("think", "a\"b"),
            R.replace("c1", "c2"),
            R.replace("null}]", "\"stop\"}]"),
            R.replace(r#","usage":null"#, ""),
            format!("{R} "),
            "[DONE]".into(),
            String::new(),
        ] {
            assert_eq!(t.text_of(&other), None, "{other}");
        }
    }

    #[test]
    fn only_one_delta_frames_become_templates() {
        for text in [
            r#"{"choices":[{"delta":{"content":"a","reasoning_content":"b"}}]}"#,
            r#"{"choices":[{"delta":{"content":"a"},"finish_reason":"stop"}]}"#,
            r#"{"choices":[{"delta":{"content":"a"}}],"usage":{"total_tokens":3}}"#,
            r#"{"choices":[{"delta":{"content":"a\n"}}]}"#,
            r#"{"choices":[{"delta":{"content":"a"}},{"delta":{"content":"b"}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{"}}]}}]}"#,
            r#"{"choices":[{"message":{"content":"a"}}]}"#,
            r#"{"choices":[{"delta":{"content":[{"type":"text","text":"a"}]}}]}"#,
        ] {
            assert_eq!(learned(text).target(), None, "{text}");
        }
        let answer =
            learned(r#"{"choices":[{"index":2,"delta":{"content":"a","reasoning_content":""}}]}"#);
        assert_eq!(answer.target(), Some((Lane::Answer, 2)));
        let reasoning = learned(r#"{"choices":[{"delta":{"reasoning":"r","content":null}}]}"#);
        assert_eq!(reasoning.target(), Some((Lane::Reasoning("reasoning"), 0)));
    }

    #[test]
    fn a_new_template_replaces_the_old_one_and_others_keep_it() {
        let mut t = learned(R);
        let done = r#"{"choices":[{"delta":{},"finish_reason":"stop"}]}"#;
        t.learn(&Frame::parse(done).unwrap(), done);
        assert_eq!(t.target(), Some((Lane::Reasoning("reasoning_content"), 0)));
        let a = r#"{"choices":[{"delta":{"content":"x"}}]}"#;
        t.learn(&Frame::parse(a).unwrap(), a);
        assert_eq!(t.text_of(r#"{"choices":[{"delta":{"content":"yz"}}]}"#), Some("yz"));
        assert_eq!(t.text_of(&R.replace("think", "x")), None);
    }

    #[test]
    fn a_stream_that_never_repeats_goes_cold_and_recovers() {
        let frame = |i: usize, pad: bool| {
            let pad = if pad { format!(r#","obfuscation":"{i}""#) } else { String::new() };
            format!(r#"{{"choices":[{{"delta":{{"content":"t{i}"}}}}]{pad}}}"#)
        };
        let mut t = Template::default();
        let mut hits = 0;
        let mut learned = 0;
        for i in 0..200 {
            let text = frame(i, i < 100);
            if t.repeat(&text).is_some() {
                hits += 1;
                continue;
            }
            let before = t.prefix.clone() + &t.suffix;
            t.learn(&Frame::parse(&text).unwrap(), &text);
            learned += usize::from(t.prefix.clone() + &t.suffix != before);
        }
        // Cold after 8 misses: about one relearn in 32 frames until the stream repeats again,
        // then at most two probes (64 frames) to hit, and every frame after that hits.
        assert!(learned < 20, "relearned {learned} times");
        assert!(hits >= 200 - 100 - 64, "{hits} hits");
    }

    #[test]
    fn same_compares_every_byte() {
        let a: Vec<u8> = (0..=40).collect();
        for i in 0..a.len() {
            let mut b = a.clone();
            b[i] ^= 1;
            assert!(!same(&a, &b), "{i}");
        }
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &a[1..]));
    }

    mod equivalence {
        //! The fast path against full reads, on streams that repeat a frame with new text.
        use std::cell::Cell;

        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};

        use crate::assemble::frames::tests::{frame_json, json_string};
        use crate::assemble::{Assembled, StreamAssembler, StreamDelta};

        /// A frame with `@@` where its text goes, and the fields that decide whether it can
        /// be a template around it.
        fn repeated_frame() -> impl Strategy<Value = String> {
            let pick = |v: &[&'static str]| prop::sample::select(v.to_vec());
            (
                pick(&["content", "reasoning_content", "reasoning"]),
                pick(&[
                    "",
                    r#","content":null"#,
                    r#","content":"""#,
                    r#","content":"x""#,
                    r#","reasoning_content":"""#,
                    r#","reasoning":"r""#,
                    r#","tool_calls":[]"#,
                    r#","tool_calls":[{"index":0,"function":{"arguments":"{"}}]"#,
                ]),
                pick(&["", r#""role":"assistant","#]),
                pick(&["", r#","finish_reason":null"#, r#","finish_reason":"stop""#]),
                pick(&["", r#","usage":null"#, r#","usage":{"total_tokens":5}"#]),
                pick(&["0", "1", "null"]),
                pick(&["", " ", "\t"]),
            )
                .prop_map(|(lane, other, role, fin, usage, index, ws)| {
                    format!(
                        r#"{ws}{{"id":"c","choices":[{{"index":{index},"delta":{{{role}"{lane}":@@{other}}}{fin}}}]{usage}}}{ws}"#
                    )
                })
        }

        /// A value for the text field: usually plain, sometimes escaped, empty or `null`.
        fn text_value() -> impl Strategy<Value = String> {
            prop_oneof![
                3 => "[a-z é]{1,12}".prop_map(|t| format!("\"{t}\"")),
                1 => json_string(),
                1 => Just("null".to_string()),
            ]
        }

        /// Deltas, the assembled result and the fast-path count of `frames` sent as SSE in
        /// `step`-byte chunks.
        fn run(frames: &[String], step: usize, fast: bool) -> (Vec<StreamDelta>, Assembled, u64) {
            let bytes: String = frames.iter().map(|f| format!("data: {f}\n\n")).collect();
            let mut s = StreamAssembler::new(Default::default());
            s.asm.fast_repeats = fast;
            let mut out = Vec::new();
            for (i, chunk) in bytes.as_bytes().chunks(step).enumerate() {
                s.push(chunk, Some(i as f64), &mut out);
            }
            let repeats = s.asm.repeats;
            (out, s.finish(Some(1e6)), repeats)
        }

        #[test]
        fn repeats_assemble_like_full_reads() {
            let strategy = (
                repeated_frame(),
                prop::collection::vec(text_value(), 1..8),
                prop::collection::vec(frame_json(), 0..3),
                any::<u64>(),
                1usize..400,
            );
            let hits = Cell::new(0u64);
            let mut runner = TestRunner::new(Config { cases: 1500, ..Config::default() });
            runner
                .run(&strategy, |(base, values, others, mask, step)| {
                    let mut frames = Vec::new();
                    let mut others = others.into_iter();
                    for (i, v) in values.iter().enumerate() {
                        if mask >> (i % 64) & 1 == 1 {
                            frames.extend(others.next());
                        }
                        frames.push(base.replace("@@", v));
                    }
                    let (fast, slow) = (run(&frames, step, true), run(&frames, step, false));
                    prop_assert_eq!(&fast.0, &slow.0, "{:?}", frames);
                    prop_assert_eq!(&fast.1, &slow.1, "{:?}", frames);
                    prop_assert_eq!(slow.2, 0);
                    hits.set(hits.get() + fast.2);
                    Ok(())
                })
                .unwrap();
            // Many generated streams repeat a template-able frame: the fast path was exercised.
            assert!(hits.get() > 250, "only {} repeats took the fast path", hits.get());
        }

        #[test]
        fn a_regular_stream_is_read_once_per_text_run() {
            let frame = |lane: &str, t: &str| {
                format!(
                    r#"{{"id":"c","choices":[{{"delta":{{"{lane}":"{t}"}},"index":0}}],"usage":null}}"#
                )
            };
            let mut frames: Vec<String> =
                (0..50).map(|i| frame("reasoning_content", &format!("r{i} "))).collect();
            frames.extend((0..50).map(|i| frame("content", &format!("a{i} "))));
            let (deltas, done, repeats) = run(&frames, 1024, true);
            assert_eq!(repeats, 98);
            assert!(deltas.len() >= 2);
            assert!(done.choices[0].reasoning.starts_with("r0 r1 "));
            assert!(done.choices[0].content.ends_with("a48 a49 "));
        }
    }
}
