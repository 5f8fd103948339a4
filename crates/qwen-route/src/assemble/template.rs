//! The repeated-frame fast path.
//!
//! Within one stream a server sends thousands of frames that differ only in a few string
//! values: the same `id`, `model`, `created`, field order and spacing, with a new token of
//! reasoning, answer or tool-call arguments, and sometimes a per-frame value the reader never
//! looks at (OpenAI's `obfuscation` padding). After a frame that adds exactly one delta (text,
//! or one tool call's argument fragment) has been read in full, the frame is kept with its
//! *holes*: the span of that string, and the spans of the string values of top-level members
//! the reader skips. A later frame with the same bytes outside the holes, and a valid JSON
//! string in each, is the same JSON with other strings there, so it is not read again: the
//! text hole's string is applied directly.
//!
//! A stream whose frames never repeat would pay a failed comparison and a relearn per frame
//! for nothing: after [`COLD`] misses in a row the template is tried, and relearned, only on
//! every [`PROBE`]th frame until it hits again.
//!
//! Invariant: a hit has exactly the effect a full read of the frame would have. It holds because
//! the two texts are byte-identical outside string contents (so they have the same members, in
//! the same order, with the same structure), each hole holds a valid string (what the reader
//! would accept), the other holes are values the reader skips, and the applied text is
//! non-empty (so the same field still wins). The template frame may also carry a `role`, `id`,
//! `model`, or a tool call's `id`, `type` and `name`: the assembler sets those only while unset,
//! and the template frame itself was applied in full, so reading them again would change
//! nothing. A new per-frame effect in `Assembler::apply` must be excluded in
//! `Template::shape_of`. The tests, and the assembler fuzz target, compare both paths.

use super::frames::{nonempty, Content, Frame, FRAME_KEYS};
use super::scan::{plain_run, Reader};

/// A text lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lane {
    /// Reasoning, from the named field (`reasoning_content` or `reasoning`).
    Reasoning(&'static str),
    /// Answer content.
    Answer,
}

/// Where a template's text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Goes {
    /// A text lane.
    Text(Lane),
    /// An argument fragment of the tool call with this index.
    ToolArguments(u32),
}

/// Misses in a row after which the template goes cold.
const COLD: u32 = 8;
/// While cold, the template is tried and relearned on one frame in this many.
const PROBE: u32 = 32;

/// The last one-delta frame and its holes. Buffers are reused, so a stream that never repeats
/// costs no allocation per frame here.
#[derive(Debug, Clone, Default)]
pub(crate) struct Template {
    /// The learned frame's text.
    frame: String,
    /// Content spans (between the quotes) of the strings that may differ, in order.
    holes: Vec<(usize, usize)>,
    /// Which hole holds the text.
    text_hole: usize,
    /// Where the text goes; `None` while there is no template.
    target: Option<(Goes, u32)>,
    /// Tries in a row that missed.
    misses: u32,
    /// Frames seen while cold.
    cold_frames: u32,
}

impl Template {
    /// Remember `frame` (read from `text`) when it adds exactly one delta and nothing else but
    /// once-only fields; otherwise keep the current template.
    pub fn learn(&mut self, frame: &Frame<'_>, text: &str) {
        if self.misses >= COLD && self.cold_frames % PROBE != 0 {
            return;
        }
        let Some((lane, choice, span)) = Self::shape_of(frame, text) else {
            return;
        };
        self.holes.clear();
        if Reader::unknown_strings(text, &FRAME_KEYS, &mut self.holes).is_none() {
            self.target = None;
            return;
        }
        let at = self.holes.partition_point(|h| h.0 < span.0);
        self.holes.insert(at, span);
        self.text_hole = at;
        self.frame.clear();
        self.frame.push_str(text);
        self.target = Some((lane, choice));
    }

    /// The lane, choice and content span of the one delta `frame` adds, if that is all it does.
    fn shape_of(frame: &Frame<'_>, text: &str) -> Option<(Goes, u32, (usize, usize))> {
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
        let content = match &delta.content {
            None => None,
            Some(Content::Text(t)) => Some(t).filter(|t| !t.is_empty()),
            Some(Content::Parts(p)) if p.is_empty() => None,
            Some(Content::Parts(_)) => return None,
        };
        let tool_calls = delta.tool_calls.as_deref().unwrap_or_default();
        let reasoning = delta.reasoning_text();
        let (value, lane, field): (&str, Goes, &str) = match (reasoning, content, tool_calls) {
            (Some((r, field)), None, []) => (r, Goes::Text(Lane::Reasoning(field)), field),
            (None, Some(c), []) => (c, Goes::Text(Lane::Answer), "content"),
            (None, None, [call]) => {
                let args = &call.function.as_ref()?.arguments.as_ref()?.0;
                (args, Goes::ToolArguments(call.index.unwrap_or(0)), "tool_calls")
            }
            _ => return None,
        };
        if value.is_empty() {
            return None;
        }
        let span = match lane {
            Goes::ToolArguments(_) => Reader::string_span(
                text,
                &["choices", "[0]", "delta", "tool_calls", "[0]", "function", "arguments"],
            ),
            _ => Reader::string_span(text, &["choices", "[0]", "delta", field]),
        }?;
        // The span is the very string the frame was read from (an object's arguments are not).
        let (read, _) = Reader::string_at(text, span.0 - 1)?;
        (read == value).then_some((lane, choice.index.unwrap_or(0), span))
    }

    /// Where the text of a hit goes.
    #[cfg(test)]
    pub fn target(&self) -> Option<(Goes, u32)> {
        self.target
    }

    /// The lane, choice and new text when `text` repeats the template with other strings,
    /// counting hits and misses (and skipping the try on most frames while cold). A text with
    /// escapes is decoded into `scratch` (cleared first), so a hit allocates nothing once the
    /// caller's buffer has grown.
    pub fn repeat<'s>(
        &mut self,
        text: &'s str,
        scratch: &'s mut String,
    ) -> Option<(Goes, u32, &'s str)> {
        let (lane, choice) = self.target?;
        if self.misses >= COLD {
            self.cold_frames = self.cold_frames.wrapping_add(1);
            if self.cold_frames % PROBE != 0 {
                return None;
            }
        }
        match self.text_of(text, scratch) {
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

    /// The new text, when `text` is the template's frame with other valid strings in its holes
    /// and a non-empty one in its text hole: borrowed from `text`, or decoded into `scratch`
    /// (cleared first) when it has escapes.
    pub fn text_of<'s>(&self, text: &'s str, scratch: &'s mut String) -> Option<&'s str> {
        self.target?;
        let (t, b) = (self.frame.as_bytes(), text.as_bytes());
        // Most repeats change only the text: then the bytes around it are the template's.
        let (start, end) = *self.holes.get(self.text_hole)?;
        let run = plain_run(b, start);
        if run > start
            && b.get(run) == Some(&b'"')
            && b.len() - run == t.len() - end
            && same(&b[..start], &t[..start])
            && same(&b[run..], &t[end..])
        {
            return text.get(start..run);
        }
        scratch.clear();
        match self.walk_holes(text, scratch)? {
            Found::Span(s, e) => text.get(s..e),
            Found::Decoded => Some(scratch.as_str()),
        }
    }

    /// [`Template::text_of`] where other holes differ too, or the text has escapes. Escaped
    /// holes are decoded into `scratch` (as a full read would, so a string the reader refuses
    /// misses), and only the text hole's value is kept there.
    fn walk_holes(&self, text: &str, scratch: &mut String) -> Option<Found> {
        let (t, b) = (self.frame.as_bytes(), text.as_bytes());
        // `tp` walks the template, `bp` the frame; both stand at the same point of the JSON.
        let (mut tp, mut bp) = (0, 0);
        let mut found = None;
        for (i, &(start, end)) in self.holes.iter().enumerate() {
            let literal = &t[tp..start];
            if !b.get(bp..bp + literal.len()).is_some_and(|w| same(w, literal)) {
                return None;
            }
            bp += literal.len();
            // The common case, a string with no escape, without decoding.
            let run = plain_run(b, bp);
            let (value, close) = if b.get(run) == Some(&b'"') {
                (Found::Span(bp, run), run)
            } else {
                let mark = scratch.len();
                let close = Reader::string_into(text, bp - 1, scratch)?;
                if i != self.text_hole {
                    scratch.truncate(mark);
                }
                (Found::Decoded, close)
            };
            if i == self.text_hole {
                let empty = match value {
                    Found::Span(s, e) => s == e,
                    Found::Decoded => scratch.is_empty(),
                };
                if empty {
                    return None;
                }
                found = Some(value);
            }
            tp = end;
            bp = close;
        }
        (b.len() - bp == t.len() - tp && same(&b[bp..], &t[tp..])).then_some(found).flatten()
    }
}

/// Where a hit's text is: a span of the frame (no escapes), or decoded into the scratch buffer.
#[derive(Debug, Clone, Copy)]
enum Found {
    Span(usize, usize),
    Decoded,
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

    impl Template {
        fn text_of_owned(&self, text: &str) -> Option<String> {
            self.text_of(text, &mut String::new()).map(str::to_owned)
        }

        fn repeat_owned(&mut self, text: &str) -> Option<(Goes, u32, String)> {
            self.repeat(text, &mut String::new()).map(|(g, c, t)| (g, c, t.to_owned()))
        }
    }

    fn learned(text: &str) -> Template {
        let mut t = Template::default();
        t.learn(&Frame::parse(text).unwrap(), text);
        t
    }

    const R: &str = r#"{"id":"c1","choices":[{"delta":{"reasoning_content":"think"},"index":0,"finish_reason":null}],"usage":null}"#;

    const REASONING: Goes = Goes::Text(Lane::Reasoning("reasoning_content"));

    #[test]
    fn a_repeat_with_other_text_hits() {
        let t = learned(R);
        assert_eq!(t.target(), Some((REASONING, 0)));
        assert_eq!(
            t.text_of_owned(&R.replace("think", "more words")).as_deref(),
            Some("more words")
        );
        let mut t = t;
        let repeat = R.replace("think", "x");
        assert_eq!(t.repeat_owned(&repeat), Some((REASONING, 0, "x".into())));
        assert_eq!(t.text_of_owned(R).as_deref(), Some("think"));
    }

    #[test]
    fn escaped_text_is_decoded() {
        let t = learned(R);
        assert_eq!(t.text_of_owned(&R.replace("think", r#"a\nb"#)).as_deref(), Some("a\nb"));
        assert_eq!(
            t.text_of_owned(&R.replace("think", r#"say \"hi\""#)).as_deref(),
            Some("say \"hi\"")
        );
        assert_eq!(
            t.text_of_owned(&R.replace("think", r#"\u00e9\ud83d\ude00"#)).as_deref(),
            Some("é😀")
        );
        // Learned from an escaped frame too.
        let e = learned(&R.replace("think", r#"line\n"#));
        assert_eq!(e.text_of_owned(&R.replace("think", "plain")).as_deref(), Some("plain"));
    }

    #[test]
    fn anything_else_misses() {
        let t = learned(R);
        for other in [
            R.replace("think", ""),
            R.replace("think", r#"a\qb"#),
            R.replace("think", "a\u{1}b"),
            R.replace("think", r#"a"b"#),
            R.replace("think", r#"a\"#),
            R.replace("c1", "c2"),
            R.replace("null}]", "\"stop\"}]"),
            R.replace(r#","usage":null"#, ""),
            format!("{R} "),
            "[DONE]".into(),
            String::new(),
        ] {
            assert_eq!(t.text_of_owned(&other), None, "{other}");
        }
    }

    #[test]
    fn members_the_reader_skips_may_differ_and_read_ones_may_not() {
        let frame = |pad: &str, id: &str, t: &str| {
            format!(
                r#"{{"id":"{id}","obfuscation":"{pad}","choices":[{{"delta":{{"content":"{t}"}}}}],"x":{{"y":"z"}},"tail":"{pad}"}}"#
            )
        };
        let t = learned(&frame("0000", "c", "a"));
        assert_eq!(t.target(), Some((Goes::Text(Lane::Answer), 0)));
        assert_eq!(t.text_of_owned(&frame("1f2e3d", "c", "b c")).as_deref(), Some("b c"));
        assert_eq!(t.text_of_owned(&frame(r#"\n"#, "c", "d")).as_deref(), Some("d"));
        // Escaped holes before and after an escaped text: only the text is kept in the scratch.
        let mut scratch = String::from("left over");
        let both = frame(r#"\u00e9\n"#, "c", r#"say \"hi\""#);
        assert_eq!(t.text_of(&both, &mut scratch), Some("say \"hi\""));
        // `id` is read (set once), the nested object is not a hole, a hole needs a string.
        assert_eq!(t.text_of_owned(&frame("0000", "c2", "b")), None);
        assert_eq!(
            t.text_of_owned(&frame("0000", "c", "b").replace(r#""y":"z""#, r#""y":"w""#)),
            None
        );
        assert_eq!(
            t.text_of_owned(&frame("0000", "c", "b").replace(r#""tail":"0000""#, r#""tail":0"#)),
            None
        );
        assert_eq!(t.text_of_owned(&frame(r#"a\x"#, "c", "b")), None);
    }

    #[test]
    fn a_tool_call_argument_fragment_is_a_template() {
        let frame = |args: &str| {
            format!(
                r#"{{"choices":[{{"delta":{{"tool_calls":[{{"index":1,"id":"","function":{{"arguments":"{args}"}}}}]}},"index":0}}]}}"#
            )
        };
        let t = learned(&frame(r#"{\"k\":"#));
        assert_eq!(t.target(), Some((Goes::ToolArguments(1), 0)));
        assert_eq!(t.text_of_owned(&frame(r#" 1}"#)).as_deref(), Some(" 1}"));
        assert_eq!(t.text_of_owned(&frame(r#"\"v\""#)).as_deref(), Some("\"v\""));
        assert_eq!(t.text_of_owned(&frame("")), None);
        for other in [
            r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":{"a":1}}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":""}}]}}]}"#,
            r#"{"choices":[{"delta":{"content":"a","tool_calls":[{"function":{"arguments":"x"}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"x"}},{"function":{"arguments":"y"}}]}}]}"#,
        ] {
            assert_eq!(learned(other).target(), None, "{other}");
        }
    }

    #[test]
    fn only_one_delta_frames_become_templates() {
        for text in [
            r#"{"choices":[{"delta":{"content":"a","reasoning_content":"b"}}]}"#,
            r#"{"choices":[{"delta":{"content":"a"},"finish_reason":"stop"}]}"#,
            r#"{"choices":[{"delta":{"content":"a"}}],"usage":{"total_tokens":3}}"#,
            r#"{"choices":[{"delta":{"content":"a"}},{"delta":{"content":"b"}}]}"#,
            r#"{"choices":[{"message":{"content":"a"}}]}"#,
            r#"{"choices":[{"delta":{"content":[{"type":"text","text":"a"}]}}]}"#,
            r#"{"choices":[[0,{"content":"a"}]]}"#,
        ] {
            assert_eq!(learned(text).target(), None, "{text}");
        }
        let answer =
            learned(r#"{"choices":[{"index":2,"delta":{"content":"a","reasoning_content":""}}]}"#);
        assert_eq!(answer.target(), Some((Goes::Text(Lane::Answer), 2)));
        let reasoning = learned(r#"{"choices":[{"delta":{"reasoning":"r","content":null}}]}"#);
        assert_eq!(reasoning.target(), Some((Goes::Text(Lane::Reasoning("reasoning")), 0)));
    }

    #[test]
    fn a_new_template_replaces_the_old_one_and_others_keep_it() {
        let mut t = learned(R);
        let done = r#"{"choices":[{"delta":{},"finish_reason":"stop"}]}"#;
        t.learn(&Frame::parse(done).unwrap(), done);
        assert_eq!(t.target(), Some((REASONING, 0)));
        let a = r#"{"choices":[{"delta":{"content":"x"}}]}"#;
        t.learn(&Frame::parse(a).unwrap(), a);
        assert_eq!(
            t.text_of_owned(r#"{"choices":[{"delta":{"content":"yz"}}]}"#).as_deref(),
            Some("yz")
        );
        assert_eq!(t.text_of_owned(&R.replace("think", "x")), None);
    }

    #[test]
    fn a_stream_that_never_repeats_goes_cold_and_recovers() {
        // A varying `id` is read (set once), so such frames never repeat the template.
        let frame = |i: usize, vary: bool| {
            let id = if vary { format!("c{i}") } else { "c".into() };
            format!(r#"{{"id":"{id}","choices":[{{"delta":{{"content":"t{i}"}}}}]}}"#)
        };
        let mut t = Template::default();
        let mut hits = 0;
        let mut learned = 0;
        for i in 0..200 {
            let text = frame(i, i < 100);
            if t.repeat_owned(&text).is_some() {
                hits += 1;
                continue;
            }
            let before = t.frame.clone();
            t.learn(&Frame::parse(&text).unwrap(), &text);
            learned += usize::from(t.frame != before);
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

        /// A frame with `@@` where its text goes and `%%` where a per-frame value of a member
        /// the reader skips may go, and the fields that decide whether it can be a template.
        fn repeated_frame() -> impl Strategy<Value = String> {
            let pick = |v: &[&'static str]| prop::sample::select(v.to_vec());
            (
                pick(&[
                    r#""content":@@"#,
                    r#""reasoning_content":@@"#,
                    r#""reasoning":@@"#,
                    r#""tool_calls":[{"index":0,"function":{"arguments":@@}}]"#,
                    r#""tool_calls":[{"index":1,"id":"","type":"function","function":{"arguments":@@}}]"#,
                ]),
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
                pick(&["", r#""obfuscation":%%,"#, r#","pad":%%"#, r#","id":%%"#]),
            )
                .prop_map(|(lane, other, role, fin, usage, index, ws, pad)| {
                    let (front, back) =
                        if pad.ends_with(',') { (pad, "") } else { ("", pad) };
                    format!(
                        r#"{ws}{{{front}"id":"c","choices":[{{"index":{index},"delta":{{{role}{lane}{other}}}{fin}}}]{usage}{back}}}{ws}"#
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
                prop::collection::vec((text_value(), text_value()), 1..8),
                prop::collection::vec(frame_json(), 0..3),
                any::<u64>(),
                1usize..400,
            );
            let hits = Cell::new(0u64);
            let mut runner = TestRunner::new(Config { cases: 2000, ..Config::default() });
            runner
                .run(&strategy, |(base, values, others, mask, step)| {
                    let mut frames = Vec::new();
                    let mut others = others.into_iter();
                    for (i, (v, pad)) in values.iter().enumerate() {
                        if mask >> (i % 64) & 1 == 1 {
                            frames.extend(others.next());
                        }
                        // The skipped member varies in some streams and repeats in others.
                        let pad = if mask >> 63 & 1 == 1 { pad.as_str() } else { "\"p\"" };
                        frames.push(base.replace("@@", v).replace("%%", pad));
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
