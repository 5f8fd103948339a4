// Node benchmark of the npm package's StreamDecoder against eventsource-parser + JSON.parse + a
// JS accumulator (what a JS client writes by hand), in one process, on the very bytes the
// criterion benchmark decodes. Run by `cargo xtask bench`; not a test.
//
//   node bench.mjs <fixtures-dir>      (QR_EVENTSOURCE_PARSER = path of eventsource-parser)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { StreamDecoder } from "qwen-route";

const { createParser } = await import(pathToFileURL(process.env.QR_EVENTSOURCE_PARSER).href);
const dir = process.argv[2];
const load = (name) => new Uint8Array(readFileSync(join(dir, name)));

/** The UI-visible result both sides must agree on. */
function summary(answer, reasoning, totalTokens, toolArgs = 0) {
  return `${answer.length}/${reasoning.length}/${totalTokens}/${toolArgs}`;
}

function ours(chunks) {
  const d = new StreamDecoder();
  let shown = 0;
  for (const c of chunks) {
    for (const delta of d.push(c, 0)) {
      if (delta.kind === "answer" || delta.kind === "reasoning") shown += delta.text.length;
      else if (delta.kind === "tool-call") shown += delta.arguments.length;
    }
  }
  const a = d.finish();
  const choice = a.choices[0];
  const args = choice.tool_calls.reduce((n, t) => n + t.arguments.length, 0);
  if (shown !== choice.content.length + choice.reasoning.length + args) throw new Error("deltas lost text");
  return summary(choice.content, choice.reasoning, a.usage?.total_tokens ?? 0, args);
}

function peer(chunks) {
  let answer = "";
  let reasoning = "";
  let total = 0;
  const tools = [];
  let done = false;
  const parser = createParser({
    onEvent(ev) {
      if (done) return;
      if (ev.data === "[DONE]") {
        done = true;
        return;
      }
      let v;
      try {
        v = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (v.usage?.total_tokens) total = v.usage.total_tokens;
      const delta = v.choices?.[0]?.delta;
      if (delta) {
        if (typeof delta.reasoning_content === "string") reasoning += delta.reasoning_content;
        if (typeof delta.content === "string") answer += delta.content;
        for (const t of delta.tool_calls ?? []) {
          const call = (tools[t.index] ??= { id: "", name: "", arguments: "" });
          if (t.id) call.id = t.id;
          if (t.function?.name) call.name = t.function.name;
          if (typeof t.function?.arguments === "string") call.arguments += t.function.arguments;
        }
      }
    },
  });
  const text = new TextDecoder();
  for (const c of chunks) parser.feed(text.decode(c, { stream: true }));
  parser.feed(text.decode());
  return summary(answer, reasoning, total, tools.reduce((n, t) => n + (t?.arguments.length ?? 0), 0));
}

function split(bytes, size) {
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Median MB/s over at least `minRuns` runs and `minMs` milliseconds, after one warm-up. */
function measure(fn, chunks, bytes, minRuns = 5, minMs = 1500) {
  fn(chunks);
  const rates = [];
  const start = performance.now();
  while (rates.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn(chunks);
    rates.push(bytes / 1e6 / ((performance.now() - t0) / 1e3));
    if (rates.length >= 50) break;
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1];
}

const SIZES = [
  [1, "1B"],
  [64, "64B"],
  [1024, "1KiB"],
  [16 * 1024, "16KiB"],
];
const rows = [];
for (const [file, eol] of [
  ["chat-lf.sse", "lf"],
  ["chat-crlf.sse", "crlf"],
]) {
  const bytes = load(file);
  for (const [size, label] of SIZES) {
    const chunks = split(bytes, size);
    const a = ours(chunks);
    const b = peer(chunks);
    if (a !== b) throw new Error(`results differ at ${eol}/${label}: ${a} vs ${b}`);
    const runs = size === 1 ? 3 : 5;
    const o = measure(ours, chunks, bytes.length, runs);
    const p = measure(peer, chunks, bytes.length, runs);
    rows.push({ stream: `reasoning→answer ${eol} ${(bytes.length / 1e6).toFixed(2)} MB`, chunk: label, ours: o, peer: p });
  }
}

// The same answer where no frame repeats the one before it (a per-chunk field varies, as with
// OpenAI's `obfuscation`): the decoder reads every frame in full.
const varying = load("chat-lf-varying.sse");
// And a streamed tool call: its arguments arrive as fragments.
for (const [file, name] of [
  ["chat-lf-varying.sse", "no-repeat"],
  ["tool-call.sse", "tool call"],
]) {
  const bytes = load(file);
  for (const [size, label] of SIZES) {
    const chunks = split(bytes, size);
    if (ours(chunks) !== peer(chunks)) throw new Error(`results differ at ${name}/${label}: ${ours(chunks)} vs ${peer(chunks)}`);
    const runs = size === 1 ? 3 : 5;
    rows.push({
      stream: `${name} ${(bytes.length / 1e6).toFixed(2)} MB`,
      chunk: label,
      ours: measure(ours, chunks, bytes.length, runs),
      peer: measure(peer, chunks, bytes.length, runs),
    });
  }
}

// Linearity at 1-byte chunks: the same throughput on a stream four times longer.
const quarter = load("chat-lf-quarter.sse");
const full = load("chat-lf.sse");
const q = measure(ours, split(quarter, 1), quarter.length, 3);
const f = rows.find((r) => r.stream.startsWith("reasoning→answer lf") && r.chunk === "1B").ours;

console.log(`\nStreamDecoder (qwen-route wasm) vs eventsource-parser + JSON.parse + accumulator, Node ${process.version}`);
console.log("MB/s, median of runs; ratio = qwen-route / peer\n");
console.log(`${"stream".padEnd(28)} ${"chunk".padEnd(7)} ${"qwen-route".padStart(11)} ${"peer".padStart(11)} ${"ratio".padStart(7)}`);
for (const r of rows) {
  console.log(
    `${r.stream.padEnd(28)} ${r.chunk.padEnd(7)} ${r.ours.toFixed(1).padStart(11)} ${r.peer.toFixed(1).padStart(11)} ${(r.ours / r.peer).toFixed(2).padStart(6)}x`,
  );
}
console.log(
  `\nlinearity at 1 B chunks: ${(quarter.length / 1e6).toFixed(2)} MB at ${q.toFixed(2)} MB/s, ${(full.length / 1e6).toFixed(2)} MB at ${f.toFixed(2)} MB/s (ratio ${(f / q).toFixed(2)}; 1.00 = linear)`,
);
