// Accessibility: axe-core (pinned, from npm) on every state of the playground and on the
// widget, in light and dark. A critical or serious violation fails the test.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { settled, startPlaygroundStack, serveDir } from "./harness.mjs";

let stack, site, browser, docs;

before(async () => {
  stack = await startPlaygroundStack({});
  ({ site, browser } = stack);
  const dir = await mkdtemp(join(tmpdir(), "qr-a11y-"));
  await cp(process.env.QR_EMBED, dir, { recursive: true });
  await cp(process.env.QR_WIDGET, join(dir, "qwen-route-picker"), { recursive: true });
  docs = await serveDir(dir);
});
after(async () => {
  await docs?.close();
  await stack?.stop();
});

/** Critical and serious violations on the page as it is now (shadow roots included). */
async function audit(page, state) {
  await page.addScriptTag({ path: process.env.QR_AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  const bad = result.filter((v) => v.impact === "critical" || v.impact === "serious");
  const all = result.length;
  console.log(`axe ${state}: ${all} violation(s), ${bad.length} critical/serious${bad.length ? "\n  " + bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.join(" | ")}`).join("\n  ") : ""}`);
  return bad;
}

/** A page where axe can be injected (the playground's CSP forbids inline scripts). */
async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector("#send", { timeout: 30_000 });
  return { page, context };
}

async function scheme(page, dark) {
  await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
}

for (const dark of [false, true]) {
  const name = dark ? "dark" : "light";

  test(`playground (${name}): first load, after an answer, after an error with every panel open`, async () => {
    const { page } = await openPage(browser, site.url);
    await scheme(page, dark);
    assert.deepEqual(await audit(page, `${name} first load`), []);
    await page.click("#send");
    assert.match(await settled(page), /Done/);
    assert.deepEqual(await audit(page, `${name} after an answer`), []);
    await page.fill("#model", "qwen3.5-plus@rate-limit");
    await page.click("#send");
    await page.waitForSelector(".inspector .diagnosis");
    await page.$$eval("details", (ds) => ds.forEach((d) => { d.open = true; }));
    assert.deepEqual(await audit(page, `${name} after an error, every panel open`), []);
    await page.click("h1");
    await page.keyboard.press("?");
    await page.waitForSelector(".shortcuts-overlay");
    assert.deepEqual(await audit(page, `${name} shortcuts overlay`), []);
  });

  test(`playground (${name}): compare and memory`, async () => {
    const { page } = await openPage(browser, site.url);
    await scheme(page, dark);
    await page.click(".compare-wrap > summary");
    await page.selectOption("#b-surface", "sandbox");
    await page.click("#send-both");
    await page.waitForFunction(() => /tokens/.test(document.querySelector(".b-summary")?.textContent ?? ""), null, { timeout: 20_000 });
    assert.deepEqual(await audit(page, `${name} compare`), []);
    await page.$$eval("details", (ds) => ds.forEach((d) => { d.open = true; }));
    assert.deepEqual(await audit(page, `${name} memory and every panel`), []);
  });

  test(`widget (${name})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${docs.url}index.html`);
    await page.waitForSelector("#first .pk-model", { timeout: 30_000 });
    await scheme(page, dark);
    assert.deepEqual(await audit(page, `${name} widget`), []);
    await context.close();
  });
}

test("playground in zh-CN: first load and after an error with every panel open", async () => {
  const { page } = await openPage(browser, `${site.url}?lang=zh-CN`);
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  assert.deepEqual(await audit(page, "zh-CN first load"), []);
  await page.fill("#model", "qwen3.5-plus@rate-limit");
  await page.click("#send");
  await page.waitForSelector(".inspector .diagnosis");
  await page.$$eval("details", (ds) => ds.forEach((d) => { d.open = true; }));
  assert.deepEqual(await audit(page, "zh-CN after an error, every panel open"), []);
});

test("tabs: arrow keys, Home and End move between tabs and select them; only the selected tab is in the Tab order", async () => {
  const { page } = await openPage(browser, site.url);
  const tabs = "section[aria-labelledby=export-h] [role=tab]";
  const selected = () => page.$$eval(tabs, (ts) => ts.map((t) => `${t.textContent.trim()}:${t.getAttribute("aria-selected")}:${t.getAttribute("tabindex")}`));
  assert.deepEqual(await selected(), ["Code:true:0", "Share link:false:-1", "Batch JSONL:false:-1"]);
  await page.focus(`${tabs}.tab-code`);
  await page.keyboard.press("ArrowRight");
  assert.deepEqual(await selected(), ["Code:false:-1", "Share link:true:0", "Batch JSONL:false:-1"]);
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Share link");
  await page.keyboard.press("End");
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Batch JSONL");
  await page.keyboard.press("ArrowRight");
  assert.deepEqual(await selected(), ["Code:true:0", "Share link:false:-1", "Batch JSONL:false:-1"]);
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Batch JSONL");
  await page.keyboard.press("Home");
  assert.deepEqual(await selected(), ["Code:true:0", "Share link:false:-1", "Batch JSONL:false:-1"]);
});
