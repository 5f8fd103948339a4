// Truth that shows its age: the route card's "facts checked" line, the inspector's list-price
// cost, and the catalog patch proposed from a live /models answer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openPage, settled, startPlaygroundStack, target } from "./harness.mjs";

let stack, site, sim, browser;

before(async () => {
  stack = await startPlaygroundStack({});
  ({ site, sim, browser } = stack);
});
after(() => stack?.stop());

test("the route card says how old its facts are, and which are disputed", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click(".picker-card summary");
  await page.selectOption(".pk-workload", "coding-agent");
  const line = await page.textContent(".decision .facts-age");
  assert.match(line, /facts checked \d{4}-\d\d-\d\d/);
  // Disputed and unconfirmed facts are listed by name, not only counted.
  const disputed = Number(await page.getAttribute(".decision .facts-age", "data-disputed"));
  const unconfirmed = Number(await page.getAttribute(".decision .facts-age", "data-unconfirmed"));
  if (disputed + unconfirmed > 0) {
    await page.click(".facts-detail summary");
    assert.equal((await page.$$(".facts-detail li")).length, disputed + unconfirmed);
  }
});

test("the inspector prices a call from its usage, and prices nothing it cannot source", async () => {
  const { page } = await openPage(browser, site.url);
  // qwen-max has a sourced Singapore price and no thinking mode.
  await page.fill("#model", "qwen-max");
  await page.click("#send");
  assert.match(await settled(page), /Done/);
  const cost = await page.textContent(".inspector .cost");
  assert.match(cost, /cost USD \d+\.\d+ \(list price, intl \d{4}-\d\d-\d\d\)/);
  assert.match(await page.getAttribute(".inspector .cost", "title"), /promotions, free quota/);
  // qwen3-coder-next has no sourced price: no cost at all, rather than a guess.
  await page.fill("#model", "qwen3-coder-next");
  await page.click("#send");
  assert.match(await settled(page), /Done/);
  assert.equal(await page.$(".inspector .cost"), null);
});

test("Check /models proposes a catalog patch, sourced and dated, with a Copy button", async () => {
  const { page, context } = await openPage(browser, site.url);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await target(page, { surface: "vllm", base: `${sim.base}/vllm/v1`, model: "Qwen/Qwen3-8B" });
  // This server was started with a longer --max-model-len and a LoRA adapter (vLLM's card shape).
  await page.route("**/vllm/v1/models", (route) => route.fulfill({
    status: 200,
    headers: { "content-type": "application/json", "access-control-allow-origin": "*" },
    body: JSON.stringify({ object: "list", data: [
      { id: "Qwen/Qwen3-8B", object: "model", owned_by: "vllm", root: "Qwen/Qwen3-8B", parent: null, max_model_len: 40960 },
      { id: "sql-lora", object: "model", owned_by: "vllm", root: "/adapters/sql", parent: "Qwen/Qwen3-8B", max_model_len: null },
    ] }),
  }));
  await page.click("#check-models");
  await page.waitForSelector(".models-result");
  await page.click(".models-proposal summary");
  const patch = await page.textContent(".models-patch");
  assert.match(patch, /^# Proposed catalog patch for vllm/);
  assert.match(patch, /\[\[model\]\]\nid = "sql-lora"/);
  assert.match(patch, /\[\[change\]\]\nmodel = "Qwen\/Qwen3-8B"\nfield = "context"\ncatalog = "32768"\nlisting = "40960"/);
  assert.match(patch, /source = "\[listing\] GET .*\/vllm\/v1\/models/);
  const today = new Date().toISOString().slice(0, 10);
  const entries = (patch.match(/^\[\[/gm) || []).length;
  assert.equal((patch.match(new RegExp(`checked = "${today}"`, "g")) || []).length, entries);
  await page.click(".models-proposal button:has-text('Copy patch')");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), patch);
});
