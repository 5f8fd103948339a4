// Tests of the packed npm tarball, installed into a scratch project (cargo xtask test).
// Every exported function, the decoder under 1-byte and random chunkings, typed errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as qr from "qwen-route";

const HI = { messages: [{ role: "user", content: "Why is the sky blue?" }] };

const STREAM = [
  'data: {"id":"c1","model":"qwen3.5-plus","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Rayleigh"}}]}',
  'data: {"choices":[{"index":0,"delta":{"content":null,"reasoning_content":" scattering."}}]}',
  'data: {"choices":[{"index":0,"delta":{"content":"Blue light ","reasoning_content":null}}]}',
  'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\\"q\\":"}}]}}]}',
  'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"","type":"function","function":{"arguments":"\\"sky\\"}"}}]}}]}',
  'data: {"choices":[{"index":0,"delta":{"content":"scatters more."},"finish_reason":"stop"}]}',
  'data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":20,"total_tokens":29,"completion_tokens_details":{"reasoning_tokens":8}}}',
  "data: [DONE]",
  "",
].join("\r\n\r\n");

function expectError(fn, kind) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, "throws an Error (never a bare string)");
  assert.equal(caught.name, "QwenRouteError");
  assert.equal(caught.kind, kind, caught.message);
  assert.equal(caught.detail.kind, kind);
  return caught;
}

test("route picks a surface, model and reasons", () => {
  const r = qr.route({ workload: "fast-chat", region: "cn" });
  assert.equal(r.surface, "dashscope-cn");
  assert.equal(r.model, "qwen-flash");
  assert.ok(r.reasons.some((x) => x.rule === "region.given"));
  assert.equal(r.verify.method, "GET /models");
});

test("shape compiles thinking for DashScope and vLLM", () => {
  const ds = qr.shape({ surface: "dashscope-intl", model: "qwen3.5-plus", thinking: "low", payload: HI });
  assert.equal(ds.request.url, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions");
  assert.equal(ds.request.headers.Authorization, "Bearer $DASHSCOPE_API_KEY");
  assert.equal(ds.request.body.enable_thinking, true);
  assert.equal(ds.request.body.thinking_budget, 4096);
  assert.equal(ds.request.body.stream, true);
  const v = qr.shape({ surface: "vllm", model: "Qwen/Qwen3-8B", thinking: "off", payload: HI });
  assert.deepEqual(v.request.body.chat_template_kwargs, { enable_thinking: false });
  assert.equal(v.request.body.enable_thinking, undefined);
});

test("shape lints what the server would refuse", () => {
  const s = qr.shape({ surface: "dashscope-intl", model: "qwen-max", payload: { ...HI, max_tokens: 10000 }, key_class: "plan" });
  const codes = s.lint.map((f) => f.code).sort();
  assert.deepEqual(codes, ["key-plan-mismatch", "max-tokens-over-ceiling"]);
  const f = s.lint.find((x) => x.code === "max-tokens-over-ceiling");
  assert.deepEqual(f.patch, { op: "set-field", field: "max_tokens", value: 8192 });
  assert.match(f.prevents.message, /Range of max_tokens/);
});

test("exportSnippet renders curl, js and python with the key as a placeholder", () => {
  const req = { surface: "dashscope-intl", model: "qwen-plus", payload: HI };
  assert.match(qr.exportSnippet(req, "curl"), /Authorization: Bearer \$DASHSCOPE_API_KEY/);
  assert.match(qr.exportSnippet(req, "js"), /process\.env\.DASHSCOPE_API_KEY/);
  assert.match(qr.exportSnippet(req, "python"), /extra_body=\{"enable_thinking": False\}/);
  expectError(() => qr.exportSnippet(req, "cobol"), "invalid-value");
});

test("shape and exportSnippet take dialect: anthropic (Messages), and refuse it where there is no endpoint", () => {
  const req = { surface: "coding-plan-intl", model: "qwen3.5-plus", dialect: "anthropic", thinking: 2048,
    payload: { messages: [{ role: "system", content: "Be brief." }, ...HI.messages] } };
  const s = qr.shape(req);
  assert.equal(s.request.url, "https://coding-intl.dashscope.aliyuncs.com/apps/anthropic/v1/messages");
  assert.equal(s.request.body.system, "Be brief.");
  assert.deepEqual(s.request.body.thinking, { type: "enabled", budget_tokens: 2048 });
  assert.equal(s.effective.wire_dialect, "anthropic");
  assert.match(qr.exportSnippet(req, "python"), /anthropic\.Anthropic\(/);
  assert.match(qr.exportSnippet(req, "js"), /@anthropic-ai\/sdk/);
  const block = JSON.parse(qr.exportSnippet(req, "claude-code"));
  assert.equal(block.env.ANTHROPIC_BASE_URL, "https://coding-intl.dashscope.aliyuncs.com/apps/anthropic");
  assert.equal(block.env.ANTHROPIC_AUTH_TOKEN, "YOUR_API_KEY");
  expectError(() => qr.shape({ ...req, surface: "vllm", model: "Qwen/Qwen3-8B" }), "no-anthropic-endpoint");
  expectError(() => qr.exportSnippet({ surface: "vllm", model: "Qwen/Qwen3-8B", payload: HI }, "claude-code"), "no-anthropic-endpoint");
});

test("StreamDecoder reads an Anthropic Messages stream into the same Assembled shape", () => {
  const ev = (name, obj) => `event: ${name}\ndata: ${JSON.stringify(obj)}\n\n`;
  const sse = ev("message_start", { type: "message_start", message: { id: "msg_1", model: "qwen3.5-plus", role: "assistant", content: [], usage: { input_tokens: 7, output_tokens: 0 } } })
    + ev("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "" } })
    + ev("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Hmm." } })
    + ev("content_block_start", { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "toolu_1", name: "f", input: {} } })
    + ev("content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"a":' } })
    + ev("content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "1}" } })
    + ev("message_delta", { type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 9 } })
    + ev("message_stop", { type: "message_stop" });
  const b = new TextEncoder().encode(sse);
  for (const chunks of [[b], [...b].map((x) => new Uint8Array([x]))]) {
    const { assembled } = decodeIn(chunks);
    assert.equal(assembled.end, "done");
    assert.equal(assembled.reasoning_field, "thinking");
    assert.equal(assembled.choices[0].reasoning, "Hmm.");
    assert.equal(assembled.choices[0].finish_reason, "tool_calls");
    assert.deepEqual(assembled.choices[0].tool_calls.map((t) => [t.id, t.name, t.arguments]), [["toolu_1", "f", '{"a":1}']]);
    assert.equal(assembled.usage.total_tokens, 16);
  }
});

test("importCurl reads a pasted command and never returns its key", () => {
  const i = qr.importCurl(`curl https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions -H "Authorization: Bearer sk-secret-9" -H "Cookie: a=b" -d '{"model":"qwen-plus","messages":[{"role":"user","content":"hi"}]}'`);
  assert.equal(i.request.surface, "dashscope-intl");
  assert.equal(i.request.model, "qwen-plus");
  assert.equal(i.key_found, true);
  assert.ok(!JSON.stringify(i).includes("sk-secret-9"));
  assert.deepEqual(i.not_imported.map((n) => n.what), ["header Cookie"]);
  assert.equal(qr.shape(i.request).request.url, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions");
  expectError(() => qr.importCurl("curl 'https://x"), "invalid-value");
});

test("diagnose classifies on code, with Retry-After", () => {
  const d = qr.diagnose({
    surface: "dashscope-intl",
    status: 429,
    headers: { "Retry-After": "5" },
    body: JSON.stringify({ error: { code: "limit_requests", message: "slow down", type: "limit_requests" } }),
  });
  assert.equal(d.code, "rate-limit");
  assert.equal(d.retryable, true);
  assert.equal(d.retry_after_s, 5);
  const cors = qr.diagnose({ surface: "ollama", transport: "cors", request: { origin: "http://localhost:5173" } });
  assert.equal(cors.code, "cors-blocked");
  assert.match(cors.fix[0], /OLLAMA_ORIGINS=http:\/\/localhost:5173/);
});

test("checkStructured reports paths", () => {
  const schema = { type: "object", properties: { n: { type: "integer" } }, required: ["n"] };
  assert.equal(qr.checkStructured('{"n": 1}', schema).valid, true);
  const bad = qr.checkStructured('{"n": "x"}', schema);
  assert.equal(bad.valid, false);
  assert.equal(bad.errors[0].path, "/n");
});

test("catalog has sourced rows", () => {
  const c = qr.catalog();
  assert.equal(c.version, qr.catalogVersion());
  assert.ok(c.surfaces.length >= 16);
  assert.ok(c.models.every((m) => m.source && m.checked));
  assert.ok(c.surfaces.some((s) => s.id === "qwen-portal" && s.status === "removed"));
  // How old the facts are, and which are disputed, reach JS users too.
  assert.match(c.facts.line, /^facts checked \d{4}-\d\d-\d\d/);
  assert.equal(c.facts.disputed, c.facts.disputed_facts.length);
  assert.ok(c.disputes.every((d) => d.ours_source && d.theirs_source && d.why));
  assert.ok(c.prices.some((p) => p.model === "qwen3-max" && p.currency === "USD"));
  const r = qr.route({ workload: "coding-agent" });
  assert.match(r.facts.line, /^facts checked /);
});

test("probePlan and judgeProbe: the caller sends, the core plans and judges", () => {
  const options = { surface: "vllm", base_url: "http://127.0.0.1:8000/v1", model: "Qwen/Qwen3-8B", origin: "https://app.example" };
  const plan = qr.probePlan(options);
  assert.ok(plan.steps.length > 0 && plan.steps.length <= 8);
  assert.ok(plan.steps.every((s) => s.url.startsWith("http://127.0.0.1:8000/")));
  assert.ok(plan.steps.every((s) => !JSON.stringify(s.headers).includes("sk-")), "the key is a placeholder");
  const tools = plan.steps.find((s) => s.id === "tools");
  const report = qr.judgeProbe(options, [{
    step: "tools", status: 200,
    body: JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>' }, finish_reason: "stop" }] }),
  }]);
  const row = report.capabilities.find((c) => c.id === "tool-calls");
  assert.equal(row.verdict, "no");
  assert.match(row.fix, /--tool-call-parser hermes/);
  assert.equal(row.evidence.request, `POST ${tools.url}`);
  assert.equal(report.ok, false);
  expectError(() => qr.probePlan({ surface: "nope" }), "unknown-surface");
});

test("StreamDecoder.finish() carries a list-price cost when the call is priced, and none otherwise", () => {
  const priced = new qr.StreamDecoder({ surface: "dashscope-intl", request: { model: "qwen-max" } });
  const usage = 'data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500}}\n\ndata: [DONE]\n\n';
  priced.push(new TextEncoder().encode(usage), 0);
  const a = priced.finish(1);
  assert.equal(a.cost.currency, "USD");
  assert.ok(Math.abs(a.cost.amount - 0.0048) < 1e-12);
  assert.match(a.cost.checked, /^\d{4}-\d\d-\d\d$/);
  const plan = new qr.StreamDecoder({ surface: "coding-plan-intl", request: { model: "qwen-max" } });
  plan.push(new TextEncoder().encode(usage), 0);
  assert.equal(plan.finish(1).cost, undefined);
});

test("assemble, replaySse, parseModels, diffModels, inspectDataUrl", () => {
  const a = qr.assemble(STREAM);
  assert.equal(a.choices[0].content, "Blue light scatters more.");
  const body = JSON.stringify({ choices: [{ index: 0, message: { content: "hi", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }] }, finish_reason: "tool_calls" }] });
  const replayed = qr.assemble(qr.replaySse(body));
  assert.equal(replayed.choices[0].tool_calls[0].id, "c");
  const live = qr.parseModels('{"object":"list","data":[{"id":"qwen-plus"},{"id":"wan2.6-t2v"}]}');
  assert.deepEqual(live.ids, ["qwen-plus", "wan2.6-t2v"]);
  const diff = qr.diffModels("dashscope-intl", live.ids);
  assert.deepEqual(diff.live_unknown, ["wan2.6-t2v"]);
  const png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC";
  assert.deepEqual([qr.inspectDataUrl(png).width, qr.inspectDataUrl(png).height], [8, 8]);
  assert.equal(qr.inspectDataUrl("https://example.com/a.png"), undefined);
});

function decodeIn(pieces) {
  const d = new qr.StreamDecoder({ surface: "dashscope-intl", sent_at_ms: 0 });
  const deltas = [];
  let t = 1;
  for (const p of pieces) deltas.push(...d.push(p, t++));
  const stats = d.stats();
  return { deltas, assembled: d.finish(t), stats };
}

const bytes = new TextEncoder().encode(STREAM);

test("StreamDecoder: deltas, then the assembled answer with timings", () => {
  const { deltas, assembled } = decodeIn([bytes]);
  const kinds = [...new Set(deltas.map((d) => d.kind))].sort();
  assert.deepEqual(kinds, ["answer", "done", "finish", "reasoning", "tool-call", "usage"]);
  assert.equal(assembled.end, "done");
  assert.equal(assembled.choices[0].reasoning, "Rayleigh scattering.");
  assert.equal(assembled.choices[0].tool_calls[0].id, "call_1");
  assert.equal(assembled.choices[0].tool_calls[0].arguments, '{"q":"sky"}');
  assert.equal(assembled.usage.reasoning_tokens, 8);
  assert.equal(assembled.timings.ttfb_ms, 1);
});

test("StreamDecoder: 1-byte chunks give the same answer, linearly", () => {
  const whole = decodeIn([bytes]).assembled;
  const pieces = [];
  for (let i = 0; i < bytes.length; i++) pieces.push(bytes.subarray(i, i + 1));
  const one = decodeIn(pieces);
  assert.deepEqual(one.assembled.choices, whole.choices);
  assert.deepEqual(one.assembled.usage, whole.usage);
  assert.ok(one.stats.bytes_copied <= bytes.length, `copied ${one.stats.bytes_copied} of ${bytes.length}`);
});

test("StreamDecoder: a tiny chunk that ends the event gives its deltas at once (LF, CR, CRLF)", () => {
  const enc = new TextEncoder();
  for (const [eol, name] of [["\n", "LF"], ["\r", "CR"], ["\r\n", "CRLF"]]) {
    const d = new qr.StreamDecoder();
    const frame = 'data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}';
    // The frame in 3-byte pieces (no line ending, so held on the JS side), then each line
    // ending alone: the last one completes the event and must bring its delta with it.
    for (let i = 0; i < frame.length; i += 3) {
      assert.deepEqual(d.push(enc.encode(frame.slice(i, i + 3)), 1), [], `${name}: held`);
    }
    d.push(enc.encode(eol), 2);
    const deltas = d.push(enc.encode(eol), 3);
    assert.deepEqual(
      deltas.map((x) => [x.kind, x.text]),
      [["answer", "Hi"]],
      `${name}: the delta comes with the chunk that ends the event`,
    );
  }
});

test("StreamDecoder: random chunkings give the same answer", () => {
  const whole = decodeIn([bytes]).assembled;
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let round = 0; round < 50; round++) {
    const pieces = [];
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + Math.floor(rand() * 40);
      pieces.push(bytes.subarray(i, i + n));
      i += n;
    }
    assert.deepEqual(decodeIn(pieces).assembled.choices, whole.choices, `round ${round}`);
  }
});

test("StreamDecoder: an error frame ends the stream with a diagnosis, partial output kept", () => {
  const d = new qr.StreamDecoder({ surface: "dashscope-intl" });
  const enc = new TextEncoder();
  d.push(enc.encode('data: {"choices":[{"index":0,"delta":{"content":"Part"}}]}\n\n'), 1);
  const deltas = d.push(enc.encode('data: {"error":{"code":"invalid_parameter_error","message":"Range of max_tokens should be [1, 131072]","type":"invalid_request_error"}}\n\n'), 2);
  assert.equal(deltas[0].kind, "error");
  assert.equal(deltas[0].diagnosis.code, "max-tokens-range");
  const a = d.finish(3);
  assert.equal(a.end, "error");
  assert.equal(a.choices[0].content, "Part");
});

test("StreamDecoder: abort keeps the partial answer; a finished decoder refuses more", () => {
  const d = new qr.StreamDecoder();
  d.push(new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"content":"Half"}}]}\n\n'), 1);
  const a = d.abort(2);
  assert.equal(a.end, "aborted");
  assert.equal(a.choices[0].content, "Half");
  expectError(() => d.push(new Uint8Array([1]), 3), "finished");
});

test("typed errors on bad input, never a panic", () => {
  expectError(() => qr.route({}), "invalid-input");
  expectError(() => qr.route({ workload: "poetry" }), "unknown-workload");
  expectError(() => qr.shape({ surface: "dashscope", model: "qwen-plus", payload: HI }), "unknown-surface");
  expectError(() => qr.shape({ surface: "dashscope-intl", model: "Qwen-Plus", payload: HI }), "unknown-model");
  expectError(() => qr.shape({ surface: "dashscope-intl", model: "qwen-plus", payload: { messages: "hi" } }), "invalid-payload");
  expectError(() => qr.assemble(42), "invalid-input");
  const cyclic = {};
  cyclic.self = cyclic;
  expectError(() => qr.checkStructured("{}", cyclic), "invalid-input");
  expectError(() => new qr.StreamDecoder({ sent_at_ms: "soon" }), "invalid-input");
  // Garbage bytes are data, not a crash.
  const d = new qr.StreamDecoder();
  const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
  d.push(junk, 1);
  assert.ok(["truncated", "empty"].includes(d.finish(2).end));
});

test("require() from CommonJS works", () => {
  const require = createRequire(import.meta.url);
  const cjs = require("qwen-route");
  assert.equal(typeof cjs.route, "function");
});

test("StreamDecoder: chunks that complete no line stay in JS, and nothing a reader sees changes", () => {
  // Every byte arrives 1 ms after the previous one. Held bytes still count for the timings.
  const pieces = [];
  for (let i = 0; i < bytes.length; i++) pieces.push(bytes.subarray(i, i + 1));
  const d = new qr.StreamDecoder({ surface: "dashscope-intl", sent_at_ms: 0 });
  let emptyPushes = 0;
  let textShown = "";
  pieces.forEach((p, i) => {
    const out = d.push(p, i + 1);
    if (p[0] !== 10 && p[0] !== 13) {
      assert.deepEqual(out, [], `byte ${i} completes no line, so it adds nothing`);
      emptyPushes++;
    }
    for (const x of out) if (x.kind === "answer") textShown += x.text;
  });
  // Counters read mid-stream see every byte pushed so far.
  assert.equal(d.stats().bytes_in, bytes.length);
  const a = d.finish(bytes.length + 1);
  assert.ok(emptyPushes > bytes.length / 2);
  assert.equal(textShown, "Blue light scatters more.");
  assert.equal(a.timings.chunks, bytes.length, "every chunk's arrival counted");
  assert.equal(a.timings.ttfb_ms, 1);
  assert.equal(a.timings.max_gap_ms, 1);
  // A number array works like a Uint8Array, and a caller reusing its buffer changes nothing.
  const reused = new Uint8Array(1);
  const e = new qr.StreamDecoder({});
  for (let i = 0; i < bytes.length; i++) {
    reused[0] = bytes[i];
    e.push(i % 2 ? reused : [bytes[i]], i);
  }
  assert.deepEqual(e.finish().choices, a.choices);
});
