// The official `openai` npm package against qwen-sim: proves our envelopes are the real shapes.
//   node openai-sim.mjs http://127.0.0.1:<port>   (QR_OPENAI = path of the package's index.mjs)
import { pathToFileURL } from "node:url";

const { default: OpenAI, APIError, AuthenticationError, RateLimitError, BadRequestError, NotFoundError } =
  await import(pathToFileURL(process.env.QR_OPENAI).href);
const BASE = process.argv[2].replace(/\/$/, "");
const HI = [{ role: "user", content: "Why is the sky blue?" }];
const WEATHER = [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }];
const client = (surface, apiKey = "sk-sim-intl-1", path = "/compatible-mode/v1") =>
  new OpenAI({ baseURL: `${BASE}/${surface}${path}`, apiKey, maxRetries: 0, timeout: 20_000 });
const assert = (ok, what) => {
  if (!ok) throw new Error(`check failed: ${what}`);
};
async function expectError(type, fn) {
  try {
    await fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected ${type.name}`);
}

const cases = [
  ["dashscope stream with reasoning and usage", async () => {
    let reasoning = "", content = "", usage = null;
    const s = await client("dashscope-intl").chat.completions.create({ model: "qwen3.5-plus", messages: HI, stream: true, stream_options: { include_usage: true } });
    for await (const c of s) {
      if (c.usage) usage = c.usage;
      const d = c.choices[0]?.delta;
      reasoning += d?.reasoning_content ?? "";
      content += d?.content ?? "";
    }
    assert(reasoning.startsWith("Simulated reasoning") && content.includes("simulated answer"), "lanes");
    assert(usage.completion_tokens_details.reasoning_tokens > 0, "usage");
    return `reasoning ${reasoning.length} chars, answer ${content.length} chars, usage ${usage.total_tokens} tokens`;
  }],
  ["dashscope non-streaming body", async () => {
    const r = await client("dashscope-cn", "sk-sim-cn-1").chat.completions.create({ model: "qwen-plus", messages: HI });
    assert(r.object === "chat.completion" && r.choices[0].finish_reason === "stop", "body");
    return `${r.id}: ${r.choices[0].message.content.slice(0, 40)}…`;
  }],
  ["dashscope streamed tool call", async () => {
    const calls = {};
    const s = await client("dashscope-intl").chat.completions.create({ model: "qwen-plus", messages: HI, tools: WEATHER, stream: true });
    for await (const c of s) {
      for (const tc of c.choices[0]?.delta?.tool_calls ?? []) {
        const e = (calls[tc.index] ??= { id: "", name: "", args: "" });
        e.id ||= tc.id ?? "";
        e.name ||= tc.function?.name ?? "";
        e.args += tc.function?.arguments ?? "";
      }
    }
    assert(calls[0].id.startsWith("call_") && calls[0].name === "get_weather" && JSON.parse(calls[0].args).city, "tool call");
    return `tool call ${calls[0].name}(${calls[0].args}) id ${calls[0].id}`;
  }],
  ["401 key from another region", async () => {
    const e = await expectError(AuthenticationError, () => client("dashscope-intl", "sk-sim-cn-1").chat.completions.create({ model: "qwen-plus", messages: HI }));
    assert(e.status === 401 && e.code === "invalid_api_key", "401");
    return `AuthenticationError ${e.status} code=${e.code}`;
  }],
  ["429 limit_requests with Retry-After", async () => {
    const e = await expectError(RateLimitError, () => client("dashscope-intl").chat.completions.create({ model: "qwen-plus", messages: HI }, { headers: { "X-Qwen-Sim-Scenario": "rate-limit" } }));
    assert(e.headers.get("retry-after") === "2", "retry-after");
    return `RateLimitError ${e.status} code=${e.code} retry-after=${e.headers.get("retry-after")}`;
  }],
  ["400 thinking on a non-streaming call", async () => {
    const e = await expectError(BadRequestError, () => client("dashscope-intl").chat.completions.create({ model: "qwen3.5-plus", messages: HI, enable_thinking: true }));
    assert(e.code === "invalid_parameter_error", "code");
    return `BadRequestError ${e.status} code=${e.code} type=${e.type}`;
  }],
  ["error frame mid-stream", async () => {
    let seen = 0;
    try {
      const s = await client("dashscope-intl").chat.completions.create({ model: "qwen3.5-plus", messages: HI, stream: true }, { headers: { "X-Qwen-Sim-Scenario": "error-mid-stream" } });
      for await (const _ of s) seen++;
    } catch (e) {
      if (e instanceof APIError && seen >= 1) return `APIError after ${seen} chunks: ${e.message.slice(0, 60)}`;
      throw e;
    }
    throw new Error("the error frame was not raised");
  }],
  ["vLLM reasoning field", async () => {
    let reasoning = "";
    const s = await client("vllm", "EMPTY", "/v1").chat.completions.create({ model: "Qwen/Qwen3-8B", messages: HI, stream: true });
    for await (const c of s) reasoning += c.choices[0]?.delta?.reasoning ?? "";
    assert(reasoning.length > 0, "reasoning");
    return `delta.reasoning (vLLM spelling): ${reasoning.length} chars`;
  }],
  ["vLLM unknown model", async () => {
    const e = await expectError(NotFoundError, () => client("vllm", "EMPTY", "/v1").chat.completions.create({ model: "qwen3-8b", messages: HI }));
    return `NotFoundError ${e.status}: ${e.message.slice(0, 60)}`;
  }],
  ["Ollama /models", async () => {
    const ids = [];
    for await (const m of client("ollama", "ollama", "/v1").models.list()) ids.push(m.id);
    assert(ids.includes("qwen3:8b"), "qwen3:8b listed");
    return `${ids.length} models, e.g. ${ids[0]}`;
  }],
  ["LiteLLM usage chunk", async () => {
    let usage = null, text = "";
    const s = await client("litellm", "sk-sim-litellm", "/v1").chat.completions.create({ model: "Qwen/Qwen3-8B", messages: HI, stream: true, stream_options: { include_usage: true }, chat_template_kwargs: { enable_thinking: false } });
    for await (const c of s) {
      usage = c.usage ?? usage;
      text += c.choices[0]?.delta?.content ?? "";
    }
    assert(usage && text, "usage and text");
    return `usage chunk with one empty choice accepted: ${usage.total_tokens} tokens`;
  }],
];

let failed = 0;
const { VERSION } = await import(pathToFileURL(process.env.QR_OPENAI.replace(/index\.mjs$/, "version.mjs")).href);
console.log(`openai (npm) ${VERSION} against qwen-sim:`);
for (const [name, fn] of cases) {
  try {
    console.log(`  ok   ${name}: ${await fn()}`);
  } catch (e) {
    failed++;
    console.log(`  FAIL ${name}: ${e?.constructor?.name}: ${e?.message}`);
  }
}
process.exit(failed ? 1 : 0);
