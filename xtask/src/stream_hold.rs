//! The npm package's `StreamDecoder.push` keeps chunks that complete no line on the JS side.
//!
//! Such a chunk can change nothing a reader sees, yet crossing into wasm for it (allocate, copy,
//! call, build the result array) is what made 1-byte chunks slower than a pure-JS parser. The
//! wrapper notes the chunk's arrival in wasm (`noteArrival`, one call with a number, so timings
//! stay exact), keeps its bytes, and hands them over in front of the chunk that completes the
//! line (`push`), or before `finish`/`abort`/`stats` (`pushHeld`). The core proves the two
//! paths give the same answer and timings (`assemble/stream.rs`, `holding_lineless_chunks_is_invisible`).
//!
//! This edits wasm-bindgen's generated glue for the pinned version (=0.2.130): a shape it does
//! not recognise is an error, never a silent skip.

/// The wrapper: `push` as users call it, over the generated one renamed `#decode`.
const WRAPPER: &str = r#"    /** Bytes of chunks that complete no line yet (their arrival is noted in wasm), in a buffer
     * that doubles as it fills: no allocation per held chunk. */
    #held = new Uint8Array(256);
    #heldLength = 0;
    /**
     * Feed the next chunk of the response body; returns what it added, with neighbouring
     * deltas of the same kind merged (one text run per chunk, not one per frame).
     * @param {Uint8Array | number[]} chunk
     * @param {number} receivedAtMs
     * @returns {StreamDelta[]}
     */
    push(chunk, receivedAtMs) {
        const bytes = chunk instanceof Uint8Array ? chunk : Uint8Array.from(chunk);
        if (bytes.indexOf(10) === -1 && bytes.indexOf(13) === -1) {
            this.noteArrival(+receivedAtMs);
            const need = this.#heldLength + bytes.length;
            if (need > this.#held.length) {
                const grown = new Uint8Array(Math.max(need, this.#held.length * 2));
                grown.set(this.#held.subarray(0, this.#heldLength));
                this.#held = grown;
            }
            if (bytes.length === 1) this.#held[this.#heldLength] = bytes[0];
            else this.#held.set(bytes, this.#heldLength);
            this.#heldLength = need;
            return [];
        }
        return this.#decode(this.#withHeld(bytes), receivedAtMs);
    }
    /** The held bytes, then `bytes`, in one array (the held bytes are then cleared). */
    #withHeld(bytes) {
        if (this.#heldLength === 0) return bytes;
        const all = new Uint8Array(this.#heldLength + bytes.length);
        all.set(this.#held.subarray(0, this.#heldLength));
        all.set(bytes, this.#heldLength);
        this.#heldLength = 0;
        return all;
    }
    /** Hand the held bytes to wasm (before the end, or before reading counters). */
    #release() {
        if (this.#heldLength > 0) this.pushHeld(this.#withHeld(new Uint8Array(0)));
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
    for method in ["finish(atMs) {\n", "abort(atMs) {\n", "stats() {\n"] {
        let at = patched
            .find(&format!("    {method}"))
            .ok_or_else(|| format!("StreamDecoder has no `{}`", method.trim_end()))?;
        let body = at + 4 + method.len();
        patched.insert_str(body, "        this.#release();\n");
    }
    for hidden in ["noteArrival(", "pushHeld("] {
        if !patched.contains(&format!("    {hidden}")) {
            return Err(format!("StreamDecoder has no `{hidden}…)`: is the wasm side current?"));
        }
    }
    Ok(format!("{}{}{}", &glue[..start], patched, &glue[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = "let x;\nexport class StreamDecoder {\n    /**\n     * doc\n     */\n    abort(atMs) {\n        return 1;\n    }\n    finish(atMs) {\n        return 2;\n    }\n    noteArrival(at) {\n    }\n    /**\n     * Feed.\n     */\n    push(chunk, receivedAtMs) {\n        return wasm.push();\n    }\n    pushHeld(chunk) {\n    }\n    stats() {\n        return 3;\n    }\n}\nexport function other() {}\n";

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
