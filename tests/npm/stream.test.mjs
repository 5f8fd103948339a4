// Tests of the packed tarball's `qwen-route/stream` entry: its own wasm, only what reading a
// response needs, and the same answers as the default entry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as stream from "qwen-route/stream";
import * as full from "qwen-route";

const enc = new TextEncoder();
const STREAM = enc.encode(
  [
    'data: {"id":"c1","model":"qwen3.5-plus","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Rayleigh"}}]}',
    'data: {"choices":[{"index":0,"delta":{"content":"Blue light ","reasoning_content":null}}]}',
    'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\\"q\\":"}}]}}]}',
    'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"sky\\"}"}}]}}]}',
    'data: {"choices":[{"index":0,"delta":{"content":"scatters more."},"finish_reason":"stop"}]}',
    'data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":20,"total_tokens":29}}',
    "data: [DONE]",
    "",
  ].join("\n\n"),
);

function decode(entry, pieces) {
  const d = new entry.StreamDecoder({ surface: "dashscope-intl", model: "qwen3.5-plus", sent_at_ms: 0 });
  const deltas = [];
  let t = 1;
  for (const p of pieces) deltas.push(...d.push(p, t++));
  return { deltas, assembled: d.finish(t) };
}

test("the stream entry exports what reading a response needs, and nothing else", () => {
  assert.deepEqual(
    Object.keys(stream).sort(),
    ["StreamDecoder", "assemble", "default", "diagnose", "initSync", "replaySse"],
  );
  for (const name of ["route", "shape", "catalog", "exportSnippet", "probePlan"]) {
    assert.equal(stream[name], undefined, `${name} belongs to the default entry`);
  }
});

test("it loads its own, smaller wasm", () => {
  const require = createRequire(import.meta.url);
  const own = readFileSync(require.resolve("qwen-route/qwen_route_stream_bg.wasm"));
  const whole = readFileSync(require.resolve("qwen-route/qwen_route_bg.wasm"));
  assert.ok(own.length < whole.length * 0.7, `stream wasm ${own.length} B vs default ${whole.length} B`);
  assert.ok(WebAssembly.Module.exports(new WebAssembly.Module(own)).every((e) => !/^(route|shape|catalog)$/.test(e.name)));
});

test("StreamDecoder: the same deltas and answer as the default entry, whole and at 1 byte", () => {
  const a = decode(stream, [STREAM]);
  const b = decode(full, [STREAM]);
  assert.deepEqual(a, b);
  assert.equal(a.assembled.choices[0].content, "Blue light scatters more.");
  assert.equal(a.assembled.choices[0].tool_calls[0].arguments, '{"q":"sky"}');
  const bytes = [];
  for (let i = 0; i < STREAM.length; i++) bytes.push(STREAM.subarray(i, i + 1));
  assert.deepEqual(decode(stream, bytes).assembled.choices, a.assembled.choices);
});

test("assemble, replaySse and diagnose agree with the default entry", () => {
  assert.deepEqual(stream.assemble(STREAM), full.assemble(STREAM));
  const body = JSON.stringify({ choices: [{ index: 0, message: { content: "hi" }, finish_reason: "stop" }] });
  assert.equal(stream.replaySse(body), full.replaySse(body));
  const req = {
    surface: "dashscope-intl",
    status: 429,
    headers: { "Retry-After": "5" },
    body: JSON.stringify({ error: { code: "limit_requests", message: "slow down", type: "limit_requests" } }),
  };
  const d = stream.diagnose(req);
  assert.equal(d.code, "rate-limit");
  assert.equal(d.retry_after_s, 5);
  assert.deepEqual(d, full.diagnose(req));
});

test("typed errors on bad input, never a panic", () => {
  for (const [fn, kind] of [
    [() => stream.assemble(42), "invalid-input"],
    [() => stream.diagnose({ surface: "dashscope" }), "unknown-surface"],
    [() => new stream.StreamDecoder({ sent_at_ms: "soon" }), "invalid-input"],
  ]) {
    assert.throws(fn, (e) => e instanceof Error && e.name === "QwenRouteError" && e.kind === kind);
  }
  const d = new stream.StreamDecoder();
  d.finish(1);
  assert.throws(() => d.push(enc.encode("data: {}\n\n"), 2), (e) => e.kind === "finished");
});

test("tool-call deltas built in wasm read exactly as their JSON (same fields, order, nulls)", () => {
  for (const entry of [stream, full]) {
    const d = new entry.StreamDecoder();
    const frames = new TextDecoder().decode(STREAM).split("\n\n").filter(Boolean);
    const calls = frames.flatMap((f, i) => d.push(enc.encode(`${f}\n\n`), i)).filter((x) => x.kind === "tool-call");
    assert.deepEqual(calls.map((c) => JSON.stringify(c)), [
      '{"kind":"tool-call","choice":0,"index":0,"id":"call_1","name":"lookup","arguments":"{\\"q\\":"}',
      '{"kind":"tool-call","choice":0,"index":0,"id":null,"name":null,"arguments":"\\"sky\\"}"}',
    ]);
  }
});
