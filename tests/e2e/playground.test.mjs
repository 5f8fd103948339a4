// The playground in real Chromium: every user-facing flow, against the in-page Sandbox and
// against `qwen-route sim` / `qwen-route relay` on loopback.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openPage, settled, startPlaygroundStack, startRelay, target } from "./harness.mjs";

let stack, site, sim, relay, browser;
const KEY = "sk-sim-intl-e2eKEY";

before(async () => {
  stack = await startPlaygroundStack({ relay: true });
  ({ site, sim, relay, browser } = stack);
});
after(() => stack?.stop());

const chatBase = (surface, path) => `${sim.base}/${surface}${path}`;

/** The simulated DashScope (Singapore), reached through the relay as a browser must. */
async function dashscope(page, model, key = KEY) {
  await target(page, { surface: "dashscope-intl", base: chatBase("dashscope-intl", "/compatible-mode/v1"), key, model });
  await page.fill("#relay-url", relay.base);
  await page.check("#relay-on");
}

test("a newcomer presses Send on the Sandbox and a simulated answer streams in", async () => {
  const { page, errors, requests } = await openPage(browser, site.url);
  assert.match(await page.inputValue("#surface"), /sandbox/);
  await page.click("#send");
  await page.waitForSelector(".inspector .reasoning", { timeout: 10_000 });
  const phase = await settled(page);
  assert.match(phase, /Done · HTTP 200 · end: done/);
  assert.match(await page.textContent(".inspector .answer"), /simulated answer from qwen-sim/);
  assert.match(await page.textContent(".inspector .reasoning"), /Simulated reasoning/);
  assert.notEqual((await page.textContent(".t-answer")).trim(), "—");
  await page.click(".inspector .tabs >> text=Raw");
  assert.ok((await page.$$(".frames .frame")).length > 10);
  // The Sandbox answers in the page: nothing left it but the site's own files.
  assert.deepEqual(requests.filter((r) => !r.url.startsWith(site.origin)), []);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: "artifacts/sandbox.png", fullPage: true });
});

test("Ctrl+Enter sends", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click("#system");
  await page.keyboard.press("Control+Enter");
  assert.match(await settled(page), /Done/);
});

test("a real HTTP round trip to qwen-route sim streams reasoning and answer", async () => {
  const { page, requests } = await openPage(browser, site.url);
  await target(page, { surface: "vllm", base: chatBase("vllm", "/v1"), model: "Qwen/Qwen3-8B" });
  await page.click("#send");
  assert.match(await settled(page), /Done · HTTP 200/);
  assert.match(await page.textContent(".inspector .reasoning"), /Simulated reasoning/);
  assert.match(await page.textContent(".inspector .answer"), /vllm · Qwen\/Qwen3-8B/);
  const sent = requests.find((r) => r.url.endsWith("/vllm/v1/chat/completions"));
  const body = JSON.parse(sent.body);
  assert.equal(body.stream, true);
  assert.equal(sent.headers.authorization, undefined, "no key given, no Authorization header");
});

test("tools: the streamed tool call is assembled", async () => {
  const { page } = await openPage(browser, site.url);
  await dashscope(page, "qwen-plus");
  await page.click("details.tools summary");
  await page.click("details.tools >> text=insert an example");
  await page.click("#send");
  assert.match(await settled(page), /Done/);
  assert.match(await page.textContent(".tool-call"), /get_weather\(\{"city":"simulated"\}\)/);
});

test("JSON Schema: the answer is checked against the schema", async () => {
  const { page } = await openPage(browser, site.url);
  await dashscope(page, "qwen-plus");
  await page.click("details.format summary");
  await page.selectOption("#format", "json_schema");
  await page.click("details.format >> text=insert an example");
  await page.click("#send");
  assert.match(await settled(page), /Done/);
  assert.match(await page.textContent(".inspector .schema-check"), /matches the schema/);
});

test("pre-flight lint: a one-click fix changes the request", async () => {
  const { page } = await openPage(browser, site.url);
  await dashscope(page, "qwen-plus");
  await page.click("details.format summary");
  await page.selectOption("#format", "json_object");
  const finding = '.finding[data-code="json-object-no-json-word"], .finding[data-code="json-object-needs-json-word"]';
  await page.waitForSelector(finding);
  await page.click(`${finding} .apply`);
  await page.waitForFunction(() => document.querySelector("#system").value.includes("JSON"));
  assert.equal(await page.$(finding), null);
  await page.click("#send");
  assert.match(await settled(page), /Done/);
});

const families = [
  ["auth: a key from another region", { key: "sk-sim-cn-1", model: "qwen-plus" }, "key-wrong-region"],
  ["billing: arrearage", { model: "qwen-plus@arrearage" }, "arrearage"],
  ["moderation", { model: "qwen-plus@data-inspection" }, "data-inspection-failed"],
  ["request: max_tokens range", { model: "qwen-max@max-tokens" }, "max-tokens-range"],
  ["request: unknown model (ids are case-sensitive)", { model: "Qwen-Plus" }, "model-not-found"],
  ["server: 500", { model: "qwen-plus@server-error" }, "server-error"],
  ["stream: an error frame mid-stream", { model: "qwen3.5-plus@error-mid-stream" }, "data-inspection-failed"],
  ["stream: cut before [DONE]", { model: "qwen-plus@truncate" }, "stream-truncated"],
];
for (const [name, t, code] of families) {
  test(`diagnosis — ${name}`, async () => {
    const { page } = await openPage(browser, site.url);
    await dashscope(page, t.model, t.key ?? KEY);
    await page.click("#send");
    await settled(page);
    await page.waitForSelector(`.inspector .diagnosis[data-code="${code}"]`, { timeout: 5_000 });
    assert.ok((await page.textContent(".inspector .diagnosis .fixes")).length > 10);
  });
}

test("429 with Retry-After: a countdown, then retry", async () => {
  const { page } = await openPage(browser, site.url);
  await dashscope(page, "qwen-plus@rate-limit");
  await page.click("#send");
  await page.waitForSelector('.diagnosis[data-code="rate-limit"]');
  assert.match(await page.textContent(".diagnosis .retry"), /Retry in [12] s/);
  assert.equal(await page.isDisabled(".diagnosis .retry"), true);
  await page.waitForFunction(() => document.querySelector(".diagnosis .retry")?.textContent === "Retry now", null, { timeout: 5_000 });
  await page.click(".diagnosis .retry");
  await page.waitForSelector('.diagnosis[data-code="rate-limit"] .retry:disabled', { timeout: 5_000 });
});

test("abort keeps the partial output of a stalled stream", async () => {
  const { page } = await openPage(browser, site.url);
  await dashscope(page, "qwen3.5-plus@stall");
  await page.click("#send");
  await page.waitForFunction(() => (document.querySelector(".inspector .reasoning")?.textContent ?? "").length > 0, null, { timeout: 10_000 });
  assert.match(await page.textContent(".inspector .phase"), /Receiving/);
  await page.click("#abort");
  assert.match(await settled(page), /Stopped — partial output kept/);
  assert.match(await page.textContent(".inspector .reasoning"), /Simulated/);
});

test("a DashScope-like host fails on CORS with the right explanation, then works through the relay", async () => {
  const { page } = await openPage(browser, site.url);
  const base = chatBase("dashscope-intl", "/compatible-mode/v1");
  await target(page, { surface: "dashscope-intl", base, key: KEY, model: "qwen-plus" });
  const cmd = (await page.textContent(".cors-warning .relay-cmd")).trim();
  const simHost = sim.base.replace("http://", "");
  assert.equal(cmd, `qwen-route relay --allow-host http://${simHost} --allow-origin ${site.origin}`);
  await page.click("#send");
  await page.waitForSelector('.inspector .diagnosis[data-code="cors-blocked"]', { timeout: 10_000 });
  assert.match(await page.textContent(".inspector .diagnosis"), /relay/);
  // Start the relay exactly as the page said, switch it on, send again.
  const own = await startRelay(cmd.replace(/^qwen-route relay /, "").split(" "));
  try {
    await page.fill("#relay-url", own.base);
    await page.check("#relay-on");
    assert.match(await page.textContent(".wire-url"), new RegExp(`^${own.base}/${simHost}/dashscope-intl/`));
    await page.click("#send");
    assert.match(await settled(page), /Done · HTTP 200/);
    assert.match(await page.textContent(".inspector .answer"), /simulated answer/);
    assert.ok(!own.output.join("\n").includes(KEY), "the relay never logs the key");
  } finally {
    own.stop();
  }
});

test("share link: the request round-trips through the URL fragment, without the key", async () => {
  const { page } = await openPage(browser, site.url);
  await target(page, { surface: "vllm", base: chatBase("vllm", "/v1"), key: "sk-secret-never-shared", model: "Qwen/Qwen3-8B" });
  await page.fill("#system", "Be brief. 简洁。");
  await page.fill("#temperature", "0.3");
  await page.click(".tab-share");
  const link = await page.inputValue("#share-link");
  assert.ok(link.includes("#req="));
  assert.ok(!link.includes("sk-secret-never-shared"));
  const { page: page2 } = await openPage(browser, link);
  assert.equal(await page2.inputValue("#surface"), "vllm");
  assert.equal(await page2.inputValue("#system"), "Be brief. 简洁。");
  assert.equal(await page2.inputValue("#temperature"), "0.3");
  assert.equal(await page2.inputValue("#base-url"), chatBase("vllm", "/v1"));
  assert.equal(await page2.inputValue("#api-key"), "");
});

test("export: curl, JavaScript and Python name the key's variable; include key is explicit", async () => {
  const { page } = await openPage(browser, site.url);
  await target(page, { surface: "dashscope-intl", key: "sk-visible-only-if-asked", model: "qwen-plus" });
  for (const [tab, needle] of [["curl", "$DASHSCOPE_API_KEY"], ["JavaScript", "process.env.DASHSCOPE_API_KEY"], ["Python", 'os.environ["DASHSCOPE_API_KEY"]']]) {
    await page.click(`.fmt-${tab}`);
    const text = await page.textContent("pre.snippet");
    assert.ok(text.includes(needle), `${tab}: ${text}`);
    assert.ok(!text.includes("sk-visible-only-if-asked"));
  }
  await page.check("#include-key");
  assert.ok((await page.textContent("pre.snippet")).includes("sk-visible-only-if-asked"));
});

test("batch export: one JSONL line per input", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click(".tab-batch");
  await page.fill("#batch-inputs", "red\ngreen\n\nblue");
  const lines = (await page.textContent("pre.batch")).trim().split("\n");
  assert.equal(lines.length, 3);
  assert.equal(JSON.parse(lines[2]).body.messages.at(-1).content, "blue");
  assert.equal(JSON.parse(lines[0]).url, "/v1/chat/completions");
});

test("route picker: the decision follows the inputs and can be used", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click(".picker-card summary");
  await page.selectOption(".pk-workload", "vision");
  await page.waitForFunction(() => /vl|omni/i.test(document.querySelector(".pk-model")?.textContent ?? ""));
  const model = (await page.textContent(".pk-model")).trim();
  assert.ok((await page.$$(".pk-reasons li")).length >= 2);
  // Hosted versus self-hosted comes with every decision.
  await page.click(".tradeoff summary");
  assert.equal((await page.$$(".tradeoff-table tbody tr")).length, 6);
  assert.match(await page.textContent('.tradeoff-table tr[data-aspect="privacy"]'), /self-hosted/);
  await page.selectOption(".pk-scope", "self-hosted");
  await page.waitForFunction((m) => document.querySelector(".pk-model")?.textContent.trim() !== m, model);
  await page.click(".pk-use");
  assert.equal(await page.inputValue("#model"), (await page.textContent(".pk-model")).trim());
});

test("images: a URL part and a local file with its size and pixels", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click("text=+ image URL");
  await page.fill('input[aria-label="Image URL"]', "https://example.com/cat.png");
  // A 1×1 PNG: the core reads its dimensions, and DashScope's 10-pixel minimum is linted.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  await page.setInputFiles('.message input[type="file"]', { name: "dot.png", mimeType: "image/png", buffer: png });
  // Sizes under 1 KB are shown in bytes, not as "0 KB".
  await page.waitForSelector("text=/image\\/png \\(\\d+ B, 1×1\\)/");
  const body = JSON.parse(await page.textContent(".wire-body"));
  const parts = body.messages[0].content;
  assert.equal(parts[1].image_url.url, "https://example.com/cat.png");
  assert.ok(parts[2].image_url.url.startsWith("data:image/png;base64,"));
});

test("live /models check with the diff against the catalog", async () => {
  const { page } = await openPage(browser, site.url);
  await target(page, { surface: "ollama", base: chatBase("ollama", "/v1"), model: "qwen3:8b" });
  await page.click("#check-models");
  await page.waitForSelector(".models-result");
  assert.match(await page.textContent(".models-result"), /\d+ models live\. In the catalog too: \d+/);
});

test("compare: one payload, two routes, the wire difference and both answers", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click(".compare-wrap > summary");
  await page.fill("#b-base", chatBase("vllm", "/v1"));
  const diff = await page.textContent("pre.diff");
  assert.match(diff, /B \/chat_template_kwargs|A \/enable_thinking|B url/);
  await page.click("#send-both");
  await settled(page, ".side-by-side > div:nth-child(1) .phase");
  await settled(page, ".side-by-side > div:nth-child(2) .phase");
  assert.match(await page.textContent(".a-summary"), /first answer \d+ ms/);
  assert.match(await page.textContent(".b-summary"), /first answer \d+ ms/);
  await page.screenshot({ path: "artifacts/compare.png", fullPage: true });
});

test("dark theme and narrow screens render", async () => {
  const { page, context } = await openPage(browser, site.url);
  await page.click(".theme");
  await page.setViewportSize({ width: 420, height: 900 });
  await page.click("#send");
  await settled(page);
  await page.screenshot({ path: "artifacts/dark-narrow.png", fullPage: true });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, "rgb(246, 247, 249)");
  await context.close();
});
