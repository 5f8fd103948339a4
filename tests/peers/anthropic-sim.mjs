// The official `@anthropic-ai/sdk` npm package against qwen-sim's Anthropic Messages endpoints.
//   node anthropic-sim.mjs http://127.0.0.1:<port>   (QR_ANTHROPIC = path of the package's index.mjs)
import { pathToFileURL } from "node:url";

const sdk = await import(pathToFileURL(process.env.QR_ANTHROPIC).href);
const { default: Anthropic, APIError, AuthenticationError, RateLimitError } = sdk;
const BASE = process.argv[2].replace(/\/$/, "");
const HI = [{ role: "user", content: "Why is the sky blue?" }];
const WEATHER = [{ name: "get_weather", description: "Weather for a city", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }];
// authToken goes out as Authorization: Bearer, as Claude Code's ANTHROPIC_AUTH_TOKEN does.
const client = (surface, authToken = "sk-sp-sim-1") =>
  new Anthropic({ baseURL: `${BASE}/${surface}/apps/anthropic`, authToken, apiKey: null, maxRetries: 0, timeout: 20_000 });
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
  ["streamed answer with thinking (Coding Plan, Bearer)", async () => {
    let thinking = "", text = "";
    const stream = client("coding-plan-intl").messages.stream({ model: "qwen3.5-plus", max_tokens: 1024, messages: HI, thinking: { type: "enabled", budget_tokens: 1024 } });
    for await (const ev of stream) {
      if (ev.type === "content_block_delta" && ev.delta.type === "thinking_delta") thinking += ev.delta.thinking;
      if (ev.type === "content_block_delta" && ev.delta.type === "text_delta") text += ev.delta.text;
    }
    const m = await stream.finalMessage();
    assert(m.content.map((b) => b.type).join() === "thinking,text", "blocks");
    assert(thinking.startsWith("Simulated reasoning") && text.includes("simulated answer"), "text");
    assert(m.stop_reason === "end_turn" && m.usage.output_tokens > 0, "stop and usage");
    return `thinking ${thinking.length} chars, text ${text.length} chars, stop_reason ${m.stop_reason}, usage in ${m.usage.input_tokens}/out ${m.usage.output_tokens}`;
  }],
  ["tool use (pay-as-you-go, tool_choice any)", async () => {
    const m = await client("dashscope-intl", "sk-sim-intl-1").messages.create({ model: "qwen3.6-plus", max_tokens: 256, messages: [{ role: "user", content: "Weather in Hangzhou?" }], tools: WEATHER, tool_choice: { type: "any" }, thinking: { type: "disabled" } });
    const use = m.content.find((b) => b.type === "tool_use");
    assert(m.stop_reason === "tool_use" && use.name === "get_weather" && use.input.city && use.id.startsWith("toolu_"), "tool_use");
    return `tool_use ${use.name}(${JSON.stringify(use.input)}) id ${use.id}`;
  }],
  ["401 pay-as-you-go key on Coding Plan", async () => {
    const e = await expectError(AuthenticationError, () => client("coding-plan-intl", "sk-sim-intl-1").messages.create({ model: "qwen3.5-plus", max_tokens: 64, messages: HI }));
    assert(e.status === 401 && e.type === "authentication_error", `${e.status} ${e.type}`);
    return `AuthenticationError ${e.status} type=${e.type} requestID=${e.requestID}`;
  }],
  ["429 rate_limit_error with retry-after", async () => {
    const e = await expectError(RateLimitError, () => client("dashscope-cn", "sk-sim-cn-1").messages.create({ model: "qwen3.5-plus", max_tokens: 64, messages: HI }, { headers: { "X-Qwen-Sim-Scenario": "rate-limit" } }));
    assert(e.headers.get("retry-after") === "2" && e.type === "rate_limit_error", "retry-after");
    return `RateLimitError ${e.status} type=${e.type} retry-after=${e.headers.get("retry-after")}`;
  }],
  ["event: error mid-stream", async () => {
    let seen = 0;
    const e = await expectError(APIError, async () => {
      const stream = client("dashscope-cn", "sk-sim-cn-1").messages.stream({ model: "qwen3.5-plus", max_tokens: 64, messages: HI }, { headers: { "X-Qwen-Sim-Scenario": "error-mid-stream" } });
      for await (const _ of stream) seen++;
    });
    assert(seen >= 1 && e.type === "overloaded_error", `${seen} ${e.type}`);
    return `${e.constructor.name} after ${seen} events: status ${e.status}, type=${e.type}`;
  }],
];

let failed = 0;
const { VERSION } = await import(pathToFileURL(process.env.QR_ANTHROPIC.replace(/index\.mjs$/, "version.mjs")).href);
console.log(`@anthropic-ai/sdk (npm) ${VERSION} against qwen-sim:`);
for (const [name, fn] of cases) {
  try {
    console.log(`  ok   ${name}: ${await fn()}`);
  } catch (e) {
    failed++;
    console.log(`  FAIL ${name}: ${e?.constructor?.name}: ${e?.message}`);
  }
}
process.exit(failed ? 1 : 0);
