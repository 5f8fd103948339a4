// Stateless by default, memory on request: what is stored, that it survives a reload, export and
// import, "Forget everything", and that a key never reaches storage. And the repro panel.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, settled, startPlaygroundStack, target } from "./harness.mjs";

let stack, site, sim, browser;
const KEY = "sk-sim-intl-MEMORYCANARY55";
const STORAGE_KEY = "qwen-route.memory.v1";

before(async () => {
  stack = await startPlaygroundStack();
  ({ site, sim, browser } = stack);
});
after(() => stack?.stop());

const storage = (page) => page.evaluate(() => ({ local: Object.entries(localStorage), session: Object.entries(sessionStorage) }));

test("memory is off by default: a full session writes nothing to storage", async () => {
  const { page } = await openPage(browser, site.url);
  assert.equal(await page.isChecked("#remember"), false);
  await page.click("#send");
  await settled(page);
  await page.fill("#memory-name", "x").catch(() => {}); // hidden while off
  assert.deepEqual(await storage(page), { local: [], session: [] });
});

test("memory on keeps only routes, servers and an experiment log; survives reload; export, forget, import", async () => {
  const { page, context } = await openPage(browser, site.url);
  await page.check("#remember");
  await target(page, { surface: "vllm", base: `${sim.base}/vllm/v1`, key: KEY, model: "Qwen/Qwen3-8B" });
  await page.fill("#memory-name", "gpu box");
  await page.click("#save-server");
  await page.click("#save-route");
  await page.click("#send");
  await settled(page);
  await page.waitForFunction(() => /Experiment log \(1\)/.test(document.querySelector(".experiments summary")?.textContent ?? ""));
  const { local, session } = await storage(page);
  assert.deepEqual(session, []);
  assert.deepEqual(local.map(([k]) => k), [STORAGE_KEY]);
  const stored = JSON.parse(local[0][1]);
  assert.deepEqual(Object.keys(stored).sort(), ["experiments", "include_prompts", "routes", "servers", "version"]);
  assert.deepEqual(stored.servers, [{ name: "gpu box", surface: "vllm", base_url: `${sim.base}/vllm/v1` }]);
  assert.equal(stored.routes[0].model, "Qwen/Qwen3-8B");
  assert.equal(stored.experiments[0].outcome, "done");
  assert.equal(stored.experiments[0].request, null, "no prompts unless asked");
  assert.ok(!local[0][1].includes(KEY), "the key reached storage");
  assert.ok(!local[0][1].includes("Why is the sky blue"), "a prompt reached storage");

  // Include prompts: the request (never the key) joins the log.
  await page.check("#include-prompts");
  await page.click("#send");
  await settled(page);
  await page.waitForFunction(() => /Experiment log \(2\)/.test(document.querySelector(".experiments summary")?.textContent ?? ""));
  const withPrompts = await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY);
  assert.ok(withPrompts.includes("Why is the sky blue") && !withPrompts.includes(KEY));

  // Reload: still on, still there.
  await page.reload();
  await page.waitForSelector("#send");
  assert.equal(await page.isChecked("#remember"), true);
  assert.match(await page.textContent(".saved.servers"), /gpu box — vllm/);
  await page.selectOption("#surface", "sandbox");
  await page.click(".use-server");
  assert.equal(await page.inputValue("#surface"), "vllm");
  assert.equal(await page.inputValue("#base-url"), `${sim.base}/vllm/v1`);

  // Export, forget, import.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-memory")]);
  const exported = await readFile(await download.path(), "utf8");
  assert.deepEqual(JSON.parse(exported), JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY)));
  await page.click("#forget");
  assert.deepEqual(await storage(page), { local: [], session: [] });
  assert.equal(await page.isChecked("#remember"), false);
  await page.check("#remember");
  await page.setInputFiles("#import-memory", { name: "memory.json", mimeType: "application/json", buffer: Buffer.from(exported) });
  await page.waitForFunction(() => /gpu box/.test(document.querySelector(".saved.servers")?.textContent ?? ""));
  assert.deepEqual(JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY)), JSON.parse(exported));
  // Turning it off forgets.
  await page.uncheck("#remember");
  assert.deepEqual(await storage(page), { local: [], session: [] });
  await context.close();
});

test("repro: minimize a failure and copy a redacted bundle", async () => {
  const { page } = await openPage(browser, site.url);
  // The Sandbox is DashScope: json_object without the word "json" is refused.
  await page.fill("#system", "Be brief.");
  await page.fill("#temperature", "0.3");
  await page.selectOption("#stream", "off");
  await page.selectOption("#thinking", "off");
  await page.click("details.format summary");
  await page.selectOption("#format", "json_object");
  await page.click("#send");
  await page.waitForSelector('.inspector .diagnosis[data-code="json-object-needs-json-word"]');
  await page.click("#minimize");
  await page.waitForSelector(".repro-done", { timeout: 20_000 });
  const minimal = JSON.parse(await page.textContent(".repro-body"));
  assert.deepEqual(minimal.messages, [{ role: "user", content: "Say hi." }]);
  assert.equal(minimal.response_format.type, "json_object");
  assert.equal(minimal.temperature, undefined);
  await page.click(".repro .copy");
  const clip = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.equal(clip.kind, "qwen-route.repro.v1");
  assert.equal(clip.diagnosis.code, "json-object-needs-json-word");
  assert.deepEqual(clip.request.body, minimal);
  assert.equal(clip.request.headers.Authorization, "Bearer $DASHSCOPE_API_KEY");
  assert.ok(!JSON.stringify(clip).includes("sk-sim-intl-0000"), "the Sandbox key is not in the bundle");
});
