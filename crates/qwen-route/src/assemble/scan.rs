//! A small validating JSON reader over a `&str`, for the frame types in [`super::frames`].
//!
//! It follows `serde_json`'s grammar and decisions exactly where the frames need them: strict
//! numbers, the four whitespace bytes, escapes with paired surrogates in strings that are read
//! (any `\uXXXX` in strings that are skipped), no control characters in strings, duplicate known
//! fields rejected, a struct also accepted as a positional array, and trailing text rejected.
//! Skipped values are walked without recursion, so nesting depth cannot exhaust the stack.
//! Strings without escapes are borrowed from the input.

use std::borrow::Cow;

/// The input is not JSON, or a field has the wrong type. Frames that fail are shown raw, so
/// the reason is not needed.
#[derive(Debug)]
pub(crate) struct ScanError;

type Res<T> = Result<T, ScanError>;

/// A cursor over JSON text.
pub(crate) struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader { text, at: 0 }
    }

    #[inline(always)]
    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// The next byte after whitespace, not consumed.
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.byte(self.at) {
            self.at += 1;
        }
        self.byte(self.at)
    }

    fn eat(&mut self, b: u8) -> Res<()> {
        if self.peek() == Some(b) {
            self.at += 1;
            Ok(())
        } else {
            Err(ScanError)
        }
    }

    fn literal(&mut self, word: &str) -> Res<()> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(ScanError)
        }
    }

    /// Only whitespace is left.
    pub fn end(&mut self) -> Res<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(ScanError),
        }
    }

    /// Consume a `null` if that is what comes next.
    pub fn null(&mut self) -> Res<bool> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// An object whose known keys are `fields`: `field(reader, i)` reads the value of
    /// `fields[i]`; other keys' values are skipped; a known key twice is an error. A JSON
    /// array is read positionally (`fields[0]`, `fields[1]`, …), as serde's derive does.
    pub fn object(
        &mut self,
        fields: &[&str],
        mut field: impl FnMut(&mut Self, usize) -> Res<()>,
    ) -> Res<()> {
        if self.peek() == Some(b'[') {
            let mut i = 0;
            return self.array(|r| {
                if i == fields.len() {
                    return Err(ScanError);
                }
                i += 1;
                field(r, i - 1)
            });
        }
        let mut seen = 0u32;
        self.members(|r, key| match fields.iter().position(|f| *f == key) {
            Some(i) => {
                if seen & (1 << i) != 0 {
                    return Err(ScanError);
                }
                seen |= 1 << i;
                field(r, i)
            }
            None => r.skip(),
        })
    }

    /// A JSON object, member by member: `member(reader, key)` reads or skips each value.
    #[inline(always)]
    fn members(&mut self, mut member: impl FnMut(&mut Self, &str) -> Res<()>) -> Res<()> {
        self.eat(b'{')?;
        if self.closes(b'}') {
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(ScanError);
            }
            let key = self.string()?;
            self.eat(b':')?;
            member(self, &key)?;
            if !self.comma_or(b'}')? {
                return Ok(());
            }
        }
    }

    /// After a member: `true` at a comma (another member follows), `false` at `close`
    /// (consumed).
    fn comma_or(&mut self, close: u8) -> Res<bool> {
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(c) if c == close => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(ScanError),
        }
    }

    /// Consume `close` if it comes next (an empty object or array).
    fn closes(&mut self, close: u8) -> bool {
        let closed = self.peek() == Some(close);
        if closed {
            self.at += 1;
        }
        closed
    }

    /// An array: `item(reader)` reads each element.
    pub fn array(&mut self, mut item: impl FnMut(&mut Self) -> Res<()>) -> Res<()> {
        self.eat(b'[')?;
        if self.closes(b']') {
            return Ok(());
        }
        loop {
            item(self)?;
            if !self.comma_or(b']')? {
                return Ok(());
            }
        }
    }

    /// A string, borrowed when it has no escapes.
    pub fn string(&mut self) -> Res<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.at;
        let end = self.plain_run(start);
        match self.byte(end) {
            Some(b'"') => {
                self.at = end + 1;
                Ok(Cow::Borrowed(&self.text[start..end]))
            }
            Some(b'\\') => {
                let mut out = String::with_capacity(end - start + 16);
                self.at = start;
                self.string_rest(Some(&mut out))?;
                Ok(Cow::Owned(out))
            }
            _ => Err(ScanError),
        }
    }

    /// The end of the run of ordinary string bytes starting at `from`.
    #[inline(always)]
    fn plain_run(&self, from: usize) -> usize {
        plain_run(self.text.as_bytes(), from)
    }

    /// The rest of a string up to and including its closing quote, decoded into `out` when
    /// there is one. Without `out` (a skipped string) escapes must be well formed, but `\u`
    /// values are not checked, as serde does.
    fn string_rest(&mut self, mut out: Option<&mut String>) -> Res<()> {
        loop {
            let end = self.plain_run(self.at);
            if let Some(out) = out.as_deref_mut() {
                out.push_str(&self.text[self.at..end]);
            }
            self.at = end;
            match self.byte(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escape = self.byte(self.at).ok_or(ScanError)?;
                    self.at += 1;
                    let c = match (escape, out.is_some()) {
                        (b'u', true) => self.unicode_escape()?,
                        (b'u', false) => {
                            self.hex4()?;
                            continue;
                        }
                        (b'"', _) => '"',
                        (b'\\', _) => '\\',
                        (b'/', _) => '/',
                        (b'b', _) => '\u{8}',
                        (b'f', _) => '\u{c}',
                        (b'n', _) => '\n',
                        (b'r', _) => '\r',
                        (b't', _) => '\t',
                        _ => return Err(ScanError),
                    };
                    if let Some(out) = out.as_deref_mut() {
                        out.push(c);
                    }
                }
                _ => return Err(ScanError),
            }
        }
    }

    fn hex4(&mut self) -> Res<u32> {
        let digits = self.text.as_bytes().get(self.at..self.at + 4).ok_or(ScanError)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + (d as char).to_digit(16).ok_or(ScanError)?;
        }
        self.at += 4;
        Ok(n)
    }

    /// After `\u`: one character, from a surrogate pair when needed (lone surrogates are
    /// errors).
    fn unicode_escape(&mut self) -> Res<char> {
        let n = self.hex4()?;
        let n = match n {
            0xDC00..=0xDFFF => return Err(ScanError),
            0xD800..=0xDBFF => {
                self.literal("\\u")?;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(ScanError);
                }
                0x1_0000 + ((n - 0xD800) << 10 | (low - 0xDC00))
            }
            n => n,
        };
        char::from_u32(n).ok_or(ScanError)
    }

    /// A non-negative integer. Fractions, exponents, any minus sign (serde reads `-0` as a
    /// float) and values beyond `u64` are errors.
    pub fn unsigned(&mut self) -> Res<u64> {
        self.peek();
        let start = self.at;
        let mut n: u64 = 0;
        while let Some(d @ b'0'..=b'9') = self.byte(self.at) {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
                .ok_or(ScanError)?;
            self.at += 1;
        }
        let digits = self.at - start;
        let leading_zero = digits > 1 && self.byte(start) == Some(b'0');
        if digits == 0 || leading_zero || matches!(self.byte(self.at), Some(b'.' | b'e' | b'E')) {
            return Err(ScanError);
        }
        Ok(n)
    }

    /// Any JSON value, parsed into a `serde_json::Value` (for error objects and object-form
    /// tool arguments: rare, so the general parser is fine).
    pub fn value(&mut self) -> Res<serde_json::Value> {
        self.peek();
        let start = self.at;
        self.skip()?;
        serde_json::from_str(&self.text[start..self.at]).map_err(|_| ScanError)
    }

    /// Skip any JSON value, validating it, without recursion.
    pub fn skip(&mut self) -> Res<()> {
        // The brackets open around the cursor, innermost last.
        let mut open: Vec<u8> = Vec::new();
        loop {
            // A value.
            match self.peek().ok_or(ScanError)? {
                b'n' => self.literal("null")?,
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                b'"' => self.skip_string()?,
                b'-' | b'0'..=b'9' => self.skip_number()?,
                b @ (b'[' | b'{') => {
                    self.at += 1;
                    if !self.closes(if b == b'[' { b']' } else { b'}' }) {
                        open.push(b);
                        if b == b'{' {
                            self.skip_key()?;
                        }
                        continue;
                    }
                }
                _ => return Err(ScanError),
            }
            // After a value: a comma and the next one, or closing brackets.
            loop {
                let Some(&inner) = open.last() else { return Ok(()) };
                if self.comma_or(if inner == b'[' { b']' } else { b'}' })? {
                    if inner == b'{' {
                        self.skip_key()?;
                    }
                    break;
                }
                open.pop();
            }
        }
    }

    fn skip_key(&mut self) -> Res<()> {
        if self.peek() != Some(b'"') {
            return Err(ScanError);
        }
        self.skip_string()?;
        self.eat(b':')
    }

    /// Skip a string, validating it.
    fn skip_string(&mut self) -> Res<()> {
        self.eat(b'"')?;
        self.string_rest(None)
    }

    fn skip_digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.byte(self.at) {
            self.at += 1;
        }
        self.at - start
    }

    /// Skip a number: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    fn skip_number(&mut self) -> Res<()> {
        if self.byte(self.at) == Some(b'-') {
            self.at += 1;
        }
        let start = self.at;
        let digits = self.skip_digits();
        if digits == 0 || (digits > 1 && self.byte(start) == Some(b'0')) {
            return Err(ScanError);
        }
        if self.byte(self.at) == Some(b'.') {
            self.at += 1;
            if self.skip_digits() == 0 {
                return Err(ScanError);
            }
        }
        if let Some(b'e' | b'E') = self.byte(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.byte(self.at) {
                self.at += 1;
            }
            if self.skip_digits() == 0 {
                return Err(ScanError);
            }
        }
        Ok(())
    }
}

/// Where the string values a repeated frame may change are: spans of their contents, between
/// the quotes, found by walking the same reader the frames are read with.
impl<'a> Reader<'a> {
    /// The string at `quote` (the byte offset of its opening quote): its value, and the offset
    /// of its closing quote. `None` when no valid JSON string starts there.
    pub fn string_at(text: &'a str, quote: usize) -> Option<(Cow<'a, str>, usize)> {
        let mut r = Reader { text, at: quote };
        let value = r.string().ok()?;
        Some((value, r.at - 1))
    }

    /// The string at `quote` decoded onto the end of `out`, and the offset of its closing
    /// quote. `None` when no valid JSON string starts there (`out` may then hold part of it).
    pub fn string_into(text: &'a str, quote: usize, out: &mut String) -> Option<usize> {
        let mut r = Reader { text, at: quote };
        r.eat(b'"').ok()?;
        r.string_rest(Some(out)).ok()?;
        Some(r.at - 1)
    }

    /// The content span of the string value at `path` in the JSON object `text`: keys, with
    /// `"[0]"` for an array's first element. `None` when the path does not end at a string or
    /// `text` is not read as a frame would be (e.g. a known key twice).
    pub fn string_span(text: &'a str, path: &[&str]) -> Option<(usize, usize)> {
        let mut r = Reader::new(text);
        let mut span = None;
        r.span_at(path, &mut span).ok()?;
        r.end().ok()?;
        span
    }

    fn span_at(&mut self, path: &[&str], span: &mut Option<(usize, usize)>) -> Res<()> {
        match path.split_first() {
            None => {
                if self.peek() == Some(b'"') {
                    let start = self.at;
                    self.skip_string()?;
                    *span = Some((start + 1, self.at - 1));
                    Ok(())
                } else {
                    self.skip()
                }
            }
            Some((&"[0]", rest)) => {
                let mut first = true;
                self.array(|r| {
                    if std::mem::take(&mut first) {
                        r.span_at(rest, span)
                    } else {
                        r.skip()
                    }
                })
            }
            // A struct read positionally would put other fields at these places: no span.
            Some(_) if self.peek() == Some(b'[') => Err(ScanError),
            Some((key, rest)) => self.object(&[key], |r, _| r.span_at(rest, span)),
        }
    }

    /// The content spans of the top-level members of the object `text` whose key is not in
    /// `known` and whose value is a string, in order, appended to `out`. `None` when `text` is
    /// not one JSON object.
    pub fn unknown_strings(
        text: &'a str,
        known: &[&str],
        out: &mut Vec<(usize, usize)>,
    ) -> Option<()> {
        let mut r = Reader::new(text);
        r.members(|r, key| {
            if !known.contains(&key) && r.peek() == Some(b'"') {
                let start = r.at;
                r.skip_string()?;
                out.push((start + 1, r.at - 1));
                Ok(())
            } else {
                r.skip()
            }
        })
        .ok()?;
        r.end().ok()
    }
}

/// The end of the run of plain string bytes (none a quote, a backslash or a control byte) in
/// `bytes` from `from`: eight bytes at a time while no byte of the word can end the run, then
/// byte by byte.
#[inline(always)]
pub(crate) fn plain_run(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        if may_end_run(u64::from_le_bytes(word)) {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

/// Each byte of a word set to `b`.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// Some byte of `v` is below `n` (`n` ≤ 128): the borrow out of a byte below `n` sets its top
/// bit where the byte's own top bit was clear. Exact for whether any byte qualifies.
#[inline(always)]
fn has_byte_below(v: u64, n: u8) -> bool {
    v.wrapping_sub(splat(n)) & !v & splat(0x80) != 0
}

/// Some byte of the word is a quote, a backslash or a control byte (any of which ends a run of
/// plain string bytes). Words of other bytes are skipped whole.
#[inline(always)]
fn may_end_run(v: u64) -> bool {
    has_byte_below(v ^ splat(b'"'), 1)
        || has_byte_below(v ^ splat(b'\\'), 1)
        || has_byte_below(v, 0x20)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends_run(b: u8) -> bool {
        b == b'"' || b == b'\\' || b < 0x20
    }

    #[test]
    fn word_test_agrees_with_the_byte_test() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut w = [b'a'; 8];
                w[pos] = b;
                assert_eq!(may_end_run(u64::from_le_bytes(w)), ends_run(b), "byte {b:#x} at {pos}");
                // Neighbours that borrow or carry must not hide or invent a hit.
                let mut w = [0xff; 8];
                w[pos] = b;
                assert_eq!(may_end_run(u64::from_le_bytes(w)), ends_run(b), "byte {b:#x} in 0xff");
                let mut w = [0x20; 8];
                w[pos] = b;
                assert_eq!(may_end_run(u64::from_le_bytes(w)), ends_run(b), "byte {b:#x} in 0x20");
            }
        }
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let expected = x.to_le_bytes().iter().any(|&b| ends_run(b));
            assert_eq!(may_end_run(x), expected, "{x:#x}");
        }
    }

    #[test]
    fn strings_end_where_the_byte_scan_would() {
        for text in [
            r#""""#,
            r#""abcdefghijklmnop""#,
            r#""abcdefgh\"ijk""#,
            "\"abcdefghij\u{1}\"",
            r#""éàü€😀 long enough to take words""#,
            r#""1234567""#,
            r#""12345678""#,
            r#""123456789""#,
        ] {
            let mut r = Reader::new(text);
            let got = r.string().ok().map(|s| s.into_owned());
            let expected: Option<String> = serde_json::from_str(text).ok();
            assert_eq!(got, expected, "{text}");
        }
    }
}
