// The embeddable route picker in Chromium: the standalone folder copied next to a plain HTML
// page (no build step), two pickers, hostile page CSS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SITE, serveDir, launch } from "./harness.mjs";

const { PNG } = await import(pathToFileURL(process.env.QR_PNGJS).href).then((m) => m.default ?? m);
const pixelmatch = (await import(pathToFileURL(process.env.QR_PIXELMATCH).href)).default;

let docs, site, browser;

// The Content-Security-Policy README.md gives for a page that embeds the widget, word for word.
const WIDGET_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; img-src 'self' data:";

before(async () => {
  // What a documentation author does: copy the folder next to the page.
  const dir = await mkdtemp(join(tmpdir(), "qr-embed-"));
  await cp(process.env.QR_EMBED, dir, { recursive: true });
  await cp(process.env.QR_WIDGET, join(dir, "qwen-route-picker"), { recursive: true });
  // A long docs page: one picker far below the fold, one eager, one mounted by a framework.
  await writeFile(join(dir, "lazy.html"), `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>lazy</title>
<script type="module" src="./qwen-route-picker/qwen-route-picker.js"></script>
<style>body{margin:0;font:16px sans-serif} .gap{height:4000px} qwen-route-picker{display:block;width:900px}</style></head><body>
<p id="top">Intro.</p><div class="gap"></div>
<qwen-route-picker id="lazy" workload="vision"></qwen-route-picker><p id="after">After the picker.</p>
<div class="gap"></div></body></html>`);
  await writeFile(join(dir, "eager.html"), `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>eager</title>
<script type="module" src="./qwen-route-picker/qwen-route-picker.js"></script></head><body>
<div style="height:4000px"></div><qwen-route-picker id="eager" loading="eager" workload="coding-agent"></qwen-route-picker></body></html>`);
  await writeFile(join(dir, "mount.html"), `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>mount</title></head><body>
<div id="host"></div>
<script type="module">
  import { mount } from "./qwen-route-picker/qwen-route-picker.js";
  window.__changes = [];
  window.__picker = await mount(document.getElementById("host"), { workload: "vision", onChange: (d) => window.__changes.push(d.decision.workload) });
</script></body></html>`);
  // A docs page under the strict policy README.md gives for the widget (no inline script or
  // style on the page either).
  await writeFile(join(dir, "csp.html"), `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>csp</title>
<meta http-equiv="Content-Security-Policy" content="${WIDGET_CSP}">
<script type="module" src="./qwen-route-picker/qwen-route-picker.js"></script></head><body>
<qwen-route-picker id="strict" loading="eager" workload="deep-reasoning"></qwen-route-picker></body></html>`);
  // A page in Chinese: two pickers share one fetch of the zh-CN table; a third, mounted with
  // lang "en", stays English.
  await writeFile(join(dir, "zh.html"), `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>zh</title>
<script type="module" src="./qwen-route-picker/qwen-route-picker.js"></script></head><body>
<qwen-route-picker id="zh1" loading="eager" workload="vision"></qwen-route-picker>
<qwen-route-picker id="zh2" loading="eager" workload="coding-agent"></qwen-route-picker>
<div id="host"></div>
<script type="module">
  import { mount } from "./qwen-route-picker/qwen-route-picker.js";
  window.__en = await mount(document.getElementById("host"), { workload: "vision", lang: "en" });
</script></body></html>`);
  docs = await serveDir(dir);
  site = await serveDir(SITE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await docs?.close();
  await site?.close();
});

/** A new context and page that note every request and every uncaught page error. */
async function fresh(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  return { context, page, errors, requests };
}

async function open(path) {
  const { context, page, errors, requests } = await fresh({ permissions: ["clipboard-read", "clipboard-write"] });
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  // Record every route-change event before the elements upgrade.
  await page.addInitScript(() => {
    window.__events = [];
    document.addEventListener("route-change", (e) => window.__events.push({ id: e.target.id, detail: e.detail }));
  });
  await page.goto(`${docs.url}${path}`);
  await page.waitForSelector("#first .pk-model", { timeout: 30_000 });
  await page.waitForSelector("#second .pk-model");
  return { page, context, errors, requests };
}

const model = (page, id) => page.textContent(`#${id} .pk-model`);
/** A picker's field labels, as the reader sees them. */
const labels = (page, selector) => page.locator(selector).evaluate((el) => [...el.shadowRoot.querySelectorAll("label.field > span")].map((s) => s.textContent));
/** A picker's "facts checked …" line. */
const factsLine = (page, selector) => page.locator(selector).evaluate((el) => el.shadowRoot.querySelector(".facts-age").textContent);
/** How many times the zh-CN table was requested. */
const tableFetches = (requests) => requests.filter((u) => u.endsWith("zh-CN.json")).length;

test("the element upgrades and renders, and fires route-change with the decision", async () => {
  const { page, errors } = await open("index.html");
  assert.equal(await page.evaluate(() => customElements.get("qwen-route-picker") !== undefined), true);
  const m = (await model(page, "first")).trim();
  assert.ok(m.length > 0);
  const events = await page.evaluate(() => window.__events);
  const first = events.filter((e) => e.id === "first").at(-1);
  assert.equal(first.detail.decision.model, m);
  assert.equal(first.detail.decision.workload, "deterministic-json");
  assert.ok(["dashscope-intl", "dashscope-cn", "vllm", "ollama"].includes(first.detail.decision.surface));
  assert.match(first.detail.request.url, /chat\/completions$/);
  assert.deepEqual(first.detail.decision.tradeoff.rows.map((r) => r.aspect), ["speed-to-first-success", "multimodal", "privacy", "cost-control", "offline", "operations"]);
  assert.deepEqual(errors, []);
});

test("changing inputs updates model, reasons and snippets; the two pickers are independent", async () => {
  const { page } = await open("index.html");
  const second = await model(page, "second");
  const before = await page.textContent("#first .pk-snippet");
  await page.selectOption("#first .pk-surface", "vllm");
  await page.waitForFunction(() => document.querySelector("#first").shadowRoot.querySelector(".pk-surface-out")?.textContent === "vllm");
  assert.match(await model(page, "first"), /Qwen\//);
  assert.notEqual(await page.textContent("#first .pk-snippet"), before);
  assert.match(await page.textContent("#first .pk-snippet"), /localhost:8000\/v1\/chat\/completions/);
  assert.ok((await page.$$("#first .pk-reasons li")).length >= 2);
  await page.click("#first .tab >> text=Python");
  assert.match(await page.textContent("#first .pk-snippet"), /from openai import OpenAI|import requests|urllib/);
  assert.equal(await model(page, "second"), second, "the other picker did not move");
  const last = await page.evaluate(() => window.__events.filter((e) => e.id === "first").at(-1).detail.decision.surface);
  assert.equal(last, "vllm");
});

test("copy buttons copy the snippet", async () => {
  const { page } = await open("index.html");
  await page.click("#first .snippets .copy");
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(clip, await page.textContent("#first .pk-snippet"));
  assert.match(clip, /^curl /);
});

test("the playground link opens the playground with the same request", async () => {
  const { page } = await open("index.html");
  const href = await page.getAttribute("#first .pk-open", "href");
  const fragment = href.slice(href.indexOf("#"));
  const m = (await model(page, "first")).trim();
  const context = await browser.newContext();
  const pg = await context.newPage();
  await pg.goto(`${site.url}${fragment}`);
  await pg.waitForSelector("#send");
  assert.equal(await pg.inputValue("#model"), m);
  assert.equal((await pg.inputValue("#surface")), (await page.textContent("#first .pk-surface-out")).trim());
  await context.close();
});

test("zero network requests from the widget after load", async () => {
  const { page, requests } = await open("index.html");
  await page.waitForLoadState("networkidle");
  const atLoad = requests.length;
  await page.selectOption("#first .pk-workload", "vision");
  await page.selectOption("#second .pk-region", "cn");
  await page.click("#first .tab >> text=JavaScript");
  await page.click("#first .snippets .copy");
  await page.waitForTimeout(300);
  assert.deepEqual(requests.slice(atLoad), []);
  assert.ok(requests.every((u) => u.startsWith(docs.origin)), "only the page's own files");
});

test("hostile page CSS changes nothing in the widget, and the widget changes nothing on the page", async () => {
  const clean = await open("clean.html");
  const hostile = await open("index.html");
  // Host styles are what the page's CSS says (the widget's styles did not leak out).
  const h1 = await hostile.page.evaluate(() => {
    const s = getComputedStyle(document.querySelector("h1"));
    return [s.color, s.fontSize, s.textTransform];
  });
  assert.deepEqual(h1, ["rgb(0, 128, 0)", "40px", "uppercase"]);
  // The widget lays out and looks the same on both pages (pixels compared over the common area:
  // the element may sit at a fractional offset on one page, which rounds its screenshot by 1 px).
  const box = (page, id) => page.evaluate((i) => {
    const r = document.getElementById(i).shadowRoot.querySelector(".root").getBoundingClientRect();
    return [Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10];
  }, id);
  for (const id of ["first", "second"]) {
    assert.deepEqual(await box(hostile.page, id), await box(clean.page, id), `${id}: same layout box`);
    const a = PNG.sync.read(await clean.page.locator(`#${id}`).screenshot({ path: `artifacts/widget-${id}-clean.png` }));
    const b = PNG.sync.read(await hostile.page.locator(`#${id}`).screenshot({ path: `artifacts/widget-${id}-hostile.png` }));
    const w = Math.min(a.width, b.width), h = Math.min(a.height, b.height);
    const crop = (img) => {
      const out = Buffer.alloc(w * h * 4);
      for (let y = 0; y < h; y++) img.data.copy(out, y * w * 4, y * img.width * 4, y * img.width * 4 + w * 4);
      return out;
    };
    const diff = pixelmatch(crop(a), crop(b), null, w, h, { threshold: 0.1 });
    assert.ok(diff / (w * h) < 0.002, `${id}: ${diff} of ${w * h} pixels differ`);
  }
  await hostile.page.screenshot({ path: "artifacts/widget-hostile-page.png", fullPage: true });
});

test("no key is ever asked for", async () => {
  const { page } = await open("index.html");
  const inputs = await page.$$eval("qwen-route-picker", (els) => els.flatMap((e) => [...e.shadowRoot.querySelectorAll("input")].map((i) => i.type)));
  assert.ok(!inputs.includes("password"));
  const text = await page.evaluate(() => [...document.querySelectorAll("qwen-route-picker")].map((e) => e.shadowRoot.textContent).join(" "));
  assert.doesNotMatch(text, /paste|enter your (api )?key|your key here/i);
});

test("lazy: importing requests no wasm; the picker loads when about to be seen, with no layout shift", async () => {
  const { context, page, requests } = await fresh();
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
      .observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(`${docs.url}lazy.html`);
  await page.waitForFunction(() => customElements.get("qwen-route-picker") !== undefined);
  await page.waitForTimeout(300);
  assert.equal(requests.filter((u) => u.endsWith(".wasm")).length, 0, "no wasm before the picker is near");
  assert.match(await page.locator("#lazy").evaluate((el) => el.shadowRoot.textContent), /Route picker · vision/);
  const placeholderBox = await page.locator("#lazy").boundingBox();
  // The worst case: jump straight onto it, so it loads while in view. Nothing moves.
  await page.evaluate(() => document.getElementById("lazy").scrollIntoView());
  await page.waitForSelector("#lazy .pk-model", { timeout: 30_000 });
  assert.equal(requests.filter((u) => u.endsWith(".wasm")).length, 1);
  await page.waitForTimeout(300);
  const pickerBox = await page.locator("#lazy").boundingBox();
  assert.equal(Math.round(pickerBox.height), Math.round(placeholderBox.height), "the picker took the placeholder's size");
  assert.equal(await page.evaluate(() => window.__cls), 0, "cumulative layout shift");
  // Properties mirror attributes.
  assert.equal(await page.locator("#lazy").evaluate((el) => { el.workload = "coding-agent"; return el.getAttribute("workload"); }), "coding-agent");
  await context.close();
});

test("the widget works under the README's strict Content-Security-Policy, with no violation", async () => {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  assert.ok(readme.includes(WIDGET_CSP), "README.md gives this policy");
  const { context, page } = await fresh();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${docs.url}csp.html`);
  await page.waitForSelector("#strict .pk-model", { timeout: 30_000 });
  assert.ok((await page.textContent("#strict .pk-model")).length > 0);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await context.close();
});

test("loading=eager loads at once; mount(element) gives update and unmount", async () => {
  const { context, page, requests } = await fresh();
  await page.goto(`${docs.url}eager.html`);
  await page.waitForSelector("#eager .pk-model", { timeout: 30_000 });
  assert.ok(requests.some((u) => u.endsWith(".wasm")));
  await page.goto(`${docs.url}mount.html`);
  await page.waitForFunction(() => window.__changes?.length > 0, null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.__changes.at(-1)), "vision");
  await page.evaluate(() => window.__picker.update({ workload: "coding-agent" }));
  await page.waitForFunction(() => window.__changes.at(-1) === "coding-agent");
  await page.evaluate(() => window.__picker.unmount());
  assert.equal(await page.evaluate(() => document.getElementById("host").shadowRoot.childElementCount), 0);
  await context.close();
});

test("a zh-CN page's pickers speak Chinese from the table beside the wasm, fetched once; English pages never request it", async () => {
  const table = JSON.parse(await readFile(join(process.env.QR_WIDGET, "zh-CN.json"), "utf8"));
  const zh = table["ui.picker.workload"];
  assert.ok(/[\u4e00-\u9fff]/.test(zh), "the folder's table has the picker's labels in Chinese");
  const { context, page, errors, requests } = await fresh();
  await page.goto(`${docs.url}eager.html`);
  await page.waitForSelector("#eager .pk-model", { timeout: 30_000 });
  await page.goto(`${docs.url}lazy.html`);
  await page.evaluate(() => document.getElementById("lazy").scrollIntoView());
  await page.waitForSelector("#lazy .pk-model", { timeout: 30_000 });
  assert.equal(tableFetches(requests), 0, "an English page does not fetch the zh-CN table");
  assert.ok((await labels(page, "#lazy")).includes("Workload"));
  await page.goto(`${docs.url}zh.html`);
  await page.waitForSelector("#zh1 .pk-model", { timeout: 30_000 });
  await page.waitForSelector("#zh2 .pk-model");
  await page.waitForSelector("#host .pk-model");
  assert.ok((await labels(page, "#zh1")).includes(zh), "zh-CN labels");
  assert.ok((await labels(page, "#zh2")).includes(zh));
  assert.ok((await labels(page, "#host")).includes("Workload"), "lang: en stays English on a zh-CN page");
  // The age of the facts is a sentence too, not an English line left in a Chinese picker.
  assert.match(await factsLine(page, "#zh1"), /^事实核对于 \d{4}-\d{2}-\d{2}/);
  assert.match(await factsLine(page, "#host"), /^facts checked /);
  assert.equal(tableFetches(requests), 1, "one fetch for every picker");
  // Each picker keeps its own language when the reader changes it afterwards (the language is
  // one setting per page; every redraw sets its picker's own first).
  const before = await model(page, "host");
  await page.selectOption("#host .pk-workload", "coding-agent");
  await page.waitForFunction((m) => document.getElementById("host").shadowRoot.querySelector(".pk-model")?.textContent !== m, before);
  assert.match(await factsLine(page, "#host"), /^facts checked /, "the English picker stays English after a change");
  const beforeZh = await model(page, "zh1");
  await page.selectOption("#zh1 .pk-workload", "coding-agent");
  await page.waitForFunction((m) => document.getElementById("zh1").shadowRoot.querySelector(".pk-model")?.textContent !== m, beforeZh);
  assert.match(await factsLine(page, "#zh1"), /^事实核对于 /, "the Chinese picker stays Chinese after a change");
  assert.match(await factsLine(page, "#host"), /^facts checked /);
  // mount().update({ lang }) switches a picker's language; zh_CN is Chinese too.
  await page.evaluate(() => window.__en.update({ lang: "zh_CN" }));
  await page.waitForFunction(() => /^事实核对于 /.test(document.getElementById("host").shadowRoot.querySelector(".facts-age")?.textContent ?? ""));
  assert.ok((await labels(page, "#host")).includes(zh));
  assert.deepEqual(errors, []);
  await context.close();
});

test("an English picker whose lang attribute turns zh-CN after load fetches the table and speaks Chinese", async () => {
  const { context, page, requests } = await fresh();
  await page.goto(`${docs.url}eager.html`);
  await page.waitForSelector("#eager .pk-model", { timeout: 30_000 });
  assert.equal(tableFetches(requests), 0);
  await page.locator("#eager").evaluate((el) => el.setAttribute("lang", "zh-CN"));
  await page.waitForFunction(() => /^事实核对于 /.test(document.getElementById("eager").shadowRoot.querySelector(".facts-age")?.textContent ?? ""), null, { timeout: 30_000 });
  assert.equal(tableFetches(requests), 1);
  await context.close();
});

test("a zh-CN picker whose table cannot be fetched shows English, not ids", async () => {
  const { context, page } = await fresh();
  await page.route("**/zh-CN.json", (r) => r.fulfill({ status: 404, body: "" }));
  await page.goto(`${docs.url}zh.html`);
  await page.waitForSelector("#zh1 .pk-model", { timeout: 30_000 });
  const shown = await labels(page, "#zh1");
  assert.ok(shown.includes("Workload"), JSON.stringify(shown));
  await context.close();
});

test("importing the module under plain Node defines nothing and touches no DOM", async () => {
  const { execFileSync } = await import("node:child_process");
  const file = pathToFileURL(join(process.env.QR_WIDGET, "qwen-route-picker.js")).href;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e",
    `const m = await import(${JSON.stringify(file)}); console.log(typeof m.mount, typeof m.QwenRoutePicker, typeof globalThis.window, typeof globalThis.document);`]).toString().trim();
  assert.equal(out, "function function undefined undefined");
});
