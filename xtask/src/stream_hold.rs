//! The npm package's `StreamDecoder.push` keeps chunks that complete no line on the JS side.
//!
//! Such a chunk can change nothing a reader sees, yet crossing into wasm for it (allocate, copy,
//! call, build the result array) is what made 1-byte chunks slower than a pure-JS parser. The
//! wrapper keeps its bytes and its arrival time on the JS side (each in a buffer that doubles,
//! so there is no allocation per chunk) and hands both over in front of the chunk that
//! completes the line (`pushAfterHeld`: the arrivals are noted in order before the bytes are
//! read, so timings stay exact), or before `finish`/`abort`/`stats` (`pushHeld`). The core
//! proves the two paths give the same answer and timings (`assemble/stream.rs`,
//! `holding_lineless_chunks_is_invisible`).
//!
//! This edits wasm-bindgen's generated glue for the pinned version (=0.2.130): a shape it does
//! not recognise is an error, never a silent skip.

/// The wrapper: `push` as users call it, over the generated one renamed `#decode`.
const WRAPPER: &str = r#"    /** Bytes of chunks that complete no line yet, in a buffer that doubles as it fills: no
     * allocation per held chunk. */
    #held = new Uint8Array(256);
    #heldLength = 0;
    /** Their arrival times, in order. */
    #heldAt = new Float64Array(16);
    #heldCount = 0;
    /** `finish` or `abort` was called: every later push goes to wasm, which refuses it. */
    #ended = false;
    /**
     * Feed the next chunk of the response body; returns what it added, with neighbouring
     * deltas of the same kind merged (one text run per chunk, not one per frame).
     * @param {Uint8Array | number[]} chunk
     * @param {number} receivedAtMs
     * @returns {StreamDelta[]}
     */
    push(chunk, receivedAtMs) {
        const bytes = chunk instanceof Uint8Array ? chunk : Uint8Array.from(chunk);
        if (!this.#ended && StreamDecoder.#lineless(bytes)) {
            this.#heldAt = StreamDecoder.#room(this.#heldAt, this.#heldCount, this.#heldCount + 1);
            this.#heldAt[this.#heldCount++] = +receivedAtMs;
            const need = this.#heldLength + bytes.length;
            this.#held = StreamDecoder.#room(this.#held, this.#heldLength, need);
            if (bytes.length === 1) this.#held[this.#heldLength] = bytes[0];
            else this.#held.set(bytes, this.#heldLength);
            this.#heldLength = need;
            return [];
        }
        if (this.#heldCount === 0) return this.#decode(bytes, receivedAtMs);
        return this.pushAfterHeld(this.#withHeld(bytes), receivedAtMs, this.#takeHeldAt());
    }
    /** The held bytes, then `bytes`, in one view of the hold buffer (no allocation once it
     * has grown; the wasm call it is passed to copies the view before anything writes the
     * buffer again). The held bytes are then cleared. */
    #withHeld(bytes) {
        if (this.#heldLength === 0) return bytes;
        const need = this.#heldLength + bytes.length;
        this.#held = StreamDecoder.#room(this.#held, this.#heldLength, need);
        this.#held.set(bytes, this.#heldLength);
        this.#heldLength = 0;
        return this.#held.subarray(0, need);
    }
    /** No LF or CR in `bytes` (a loop for tiny chunks, where `indexOf` costs more). */
    static #lineless(bytes) {
        if (bytes.length > 8) return bytes.indexOf(10) === -1 && bytes.indexOf(13) === -1;
        for (let i = 0; i < bytes.length; i++) {
            const b = bytes[i];
            if (b === 10 || b === 13) return false;
        }
        return true;
    }
    /** `array` (a typed array whose first `used` items count) with room for `need` items: itself,
     * or a copy at least twice as long. */
    static #room(array, used, need) {
        if (need <= array.length) return array;
        const grown = new array.constructor(Math.max(need, array.length * 2));
        grown.set(array.subarray(0, used));
        return grown;
    }
    /** The held arrival times (a view, copied into wasm by the call it is passed to); cleared. */
    #takeHeldAt() {
        const at = this.#heldAt.subarray(0, this.#heldCount);
        this.#heldCount = 0;
        return at;
    }
    /** Hand the held bytes and arrivals to wasm (before the end, or before reading counters). */
    #release() {
        if (this.#heldCount > 0) this.pushHeld(this.#withHeld(new Uint8Array(0)), this.#takeHeldAt());
    }
"#;

/// Patch the `StreamDecoder` class in the glue.
pub(crate) fn patch(glue: &str) -> Result<String, String> {
    let start = glue
        .find("export class StreamDecoder {\n")
        .ok_or("the glue has no `export class StreamDecoder`")?;
    let end = start
        + glue[start..].find("\n}\n").ok_or("the StreamDecoder class does not end as expected")?;
    let class = &glue[start..end];
    let push = "    push(chunk, receivedAtMs) {\n";
    let mut patched = class.to_string();
    let doc_start = patched
        .find(push)
        .and_then(|i| patched[..i].rfind("    /**"))
        .ok_or("StreamDecoder has no `push(chunk, receivedAtMs)` with a doc comment")?;
    let push_at = patched.find(push).unwrap_or(doc_start);
    patched.replace_range(
        doc_start..push_at + push.len(),
        &format!("{WRAPPER}    #decode(chunk, receivedAtMs) {{\n"),
    );
    for (method, first) in [
        ("finish(atMs) {\n", "        this.#release();\n        this.#ended = true;\n"),
        ("abort(atMs) {\n", "        this.#release();\n        this.#ended = true;\n"),
        ("stats() {\n", "        this.#release();\n"),
    ] {
        let at = patched
            .find(&format!("    {method}"))
            .ok_or_else(|| format!("StreamDecoder has no `{}`", method.trim_end()))?;
        let body = at + 4 + method.len();
        patched.insert_str(body, first);
    }
    for hidden in ["pushAfterHeld(", "pushHeld("] {
        if !patched.contains(&format!("    {hidden}")) {
            return Err(format!("StreamDecoder has no `{hidden}…)`: is the wasm side current?"));
        }
    }
    Ok(format!("{}{}{}", &glue[..start], patched, &glue[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = "let x;\nexport class StreamDecoder {\n    /**\n     * doc\n     */\n    abort(atMs) {\n        return 1;\n    }\n    finish(atMs) {\n        return 2;\n    }\n    pushAfterHeld(chunk, at, held) {\n    }\n    /**\n     * Feed.\n     */\n    push(chunk, receivedAtMs) {\n        return wasm.push();\n    }\n    pushHeld(chunk) {\n    }\n    stats() {\n        return 3;\n    }\n}\nexport function other() {}\n";

    #[test]
    fn wraps_push_and_releases_before_the_end() {
        let out = patch(GLUE).unwrap();
        assert!(out.contains("    #decode(chunk, receivedAtMs) {\n        return wasm.push();"));
        assert_eq!(out.matches("    push(chunk, receivedAtMs) {").count(), 1);
        for m in [
            "abort(atMs) {\n        this.#release();",
            "finish(atMs) {\n        this.#release();",
            "stats() {\n        this.#release();",
        ] {
            assert!(out.contains(m), "{m}");
        }
        assert!(out.ends_with("export function other() {}\n"));
    }

    #[test]
    fn an_unknown_shape_is_an_error() {
        assert!(patch("export class StreamDecoder {\n    foo() {}\n}\n").is_err());
        assert!(patch(&GLUE.replace("pushHeld", "other")).is_err());
    }
}
