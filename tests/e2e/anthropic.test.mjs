// A second wire dialect in the page: the dialect switch, the Sandbox answering Anthropic Messages,
// a real call to a Messages endpoint (qwen-route sim) with the key only in Authorization, the
// Claude Code block in Export, Compare across both dialects, and the route card's Anthropic
// section (also the widget's, which is the same component).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openPage, settled, startPlaygroundStack, target } from "./harness.mjs";

let stack, site, sim, relay, browser;

before(async () => {
  stack = await startPlaygroundStack({ relay: true });
  ({ site, sim, relay, browser } = stack);
});
after(() => stack?.stop());

test("the Sandbox answers over Anthropic Messages: wire, reasoning lane and answer", async () => {
  const { page, errors } = await openPage(browser, site.url);
  // The switch shows only where the surface has an Anthropic endpoint (the Sandbox is dashscope-intl).
  await page.check("#dialect-anthropic");
  await page.selectOption("#thinking", "low");
  assert.match(await page.textContent(".wire-url"), /^https:\/\/dashscope-intl\.aliyuncs\.com\/apps\/anthropic\/v1\/messages /);
  const body = JSON.parse(await page.textContent(".wire-body"));
  assert.equal(body.thinking.type, "enabled");
  assert.ok(body.max_tokens > 0, "max_tokens is always sent on this dialect");
  assert.equal(body.enable_thinking, undefined);
  assert.match(await page.textContent(".wire-headers"), /anthropic-version: 2023-06-01/);
  await page.click("#send");
  assert.match(await settled(page), /Done/);
  assert.match(await page.textContent(".inspector"), /Simulated reasoning/);
  assert.match(await page.textContent(".inspector"), /simulated answer/);
  assert.deepEqual(errors, []);
});

test("no switch on a surface without an Anthropic endpoint, and the request stays OpenAI", async () => {
  const { page } = await openPage(browser, site.url);
  await page.check("#dialect-anthropic");
  await target(page, { surface: "vllm", base: `${sim.base}/vllm/v1`, model: "Qwen/Qwen3-8B" });
  assert.equal(await page.$("#dialect-anthropic"), null);
  assert.match(await page.textContent(".wire-url"), /\/v1\/chat\/completions$/);
});

test("a real Messages call to Coding Plan (simulated, through the relay): the key goes only in Authorization, the answer is read", async () => {
  const { page, requests, consoleLines } = await openPage(browser, site.url);
  const key = "sk-sp-sim-1";
  await target(page, { surface: "coding-plan-intl", base: `${sim.base}/coding-plan-intl/v1`, key, model: "qwen3.5-plus" });
  await page.check("#dialect-anthropic");
  await page.fill("#relay-url", relay.base);
  await page.check("#relay-on");
  const simHost = sim.base.replace("http://", "");
  assert.match(await page.textContent(".wire-url"), new RegExp(`^${relay.base}/${simHost}/coding-plan-intl/apps/anthropic/v1/messages`));
  await page.click("#send");
  // The endpoint was typed by the user, so no confirmation is asked for; answer it if it is.
  const confirm = await page.waitForSelector(".consent button.primary", { timeout: 1500 }).catch(() => null);
  if (confirm) await confirm.click();
  assert.match(await settled(page), /Done/);
  const sent = requests.filter((r) => r.url.endsWith("/apps/anthropic/v1/messages") && r.method === "POST");
  assert.equal(sent.length, 1);
  assert.equal(sent[0].headers.authorization, `Bearer ${key}`);
  assert.equal(sent[0].headers["x-api-key"], undefined);
  assert.ok(!sent[0].url.includes(key) && !sent[0].body.includes(key));
  assert.ok(!consoleLines.some((l) => l.includes(key)));
  assert.match(await page.textContent(".inspector"), /simulated answer/);
});

test("Export offers the Claude Code block where there is an endpoint, key as a placeholder", async () => {
  const { page } = await openPage(browser, site.url);
  await target(page, { surface: "coding-plan-cn", key: "sk-sp-secret-123", model: "qwen3.5-plus" });
  await page.click(".fmt-claude-code");
  const block = JSON.parse(await page.textContent(".snippet"));
  assert.deepEqual(block.env, {
    ANTHROPIC_BASE_URL: "https://coding.dashscope.aliyuncs.com/apps/anthropic",
    ANTHROPIC_AUTH_TOKEN: "YOUR_API_KEY",
    ANTHROPIC_MODEL: "qwen3.5-plus",
  });
  assert.match(await page.textContent(".claude-code-notes"), /ANTHROPIC_AUTH_TOKEN/);
  // Only when asked does the key replace the placeholder.
  await page.check("#include-key");
  assert.equal(JSON.parse(await page.textContent(".snippet")).env.ANTHROPIC_AUTH_TOKEN, "sk-sp-secret-123");
  await page.uncheck("#include-key");
  // A surface without an endpoint has no Claude Code tab.
  await target(page, { surface: "ollama", model: "qwen3:8b" });
  assert.equal(await page.$(".fmt-claude-code"), null);
  assert.doesNotMatch(await page.textContent(".snippet"), /ANTHROPIC_/);
});

test("Compare puts the same model over both dialects side by side", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click(".compare-wrap > summary");
  await page.click("#compare-dialects");
  const diff = await page.textContent(".wire-diff");
  assert.match(diff, /B url: .*\/apps\/anthropic\/v1\/messages/);
  assert.match(diff, /B \/max_tokens/);
  await page.click("#send-both");
  await page.waitForFunction(() => /tokens/.test(document.querySelector(".b-summary")?.textContent ?? ""), null, { timeout: 20_000 });
  assert.match(await page.textContent(".b-summary"), /answer chars/);
});

test("the route card shows the Anthropic base URL and the Claude Code block for Coding Plan", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click(".picker-card summary");
  await page.selectOption(".pk-workload", "coding-agent");
  await page.selectOption(".pk-plan", "coding-plan");
  const card = page.locator(".decision .pk-anthropic");
  await card.locator("summary").click();
  assert.match(await card.locator("summary").textContent(), /\/apps\/anthropic/);
  const block = JSON.parse(await card.locator(".pk-claude-code").textContent());
  assert.match(block.env.ANTHROPIC_BASE_URL, /\/apps\/anthropic$/);
  assert.equal(block.env.ANTHROPIC_AUTH_TOKEN, "YOUR_API_KEY");
});
