// Keys are secrets: after a full session, the key is nowhere but the Authorization header of
// requests to the endpoint the user chose. And the page runs no inline or third-party script.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openPage, settled, startPlaygroundStack, target } from "./harness.mjs";

let stack, site, sim, relay, browser;
const KEY = "sk-sim-intl-LEAKCANARY7f3a9";

before(async () => {
  stack = await startPlaygroundStack({ relay: true });
  ({ site, sim, relay, browser } = stack);
});
after(() => stack?.stop());

test("after a full session the key is only in Authorization headers to the chosen endpoint", async () => {
  const { page, context, consoleLines, requests } = await openPage(browser, site.url);
  const historyAtLoad = await page.evaluate(() => history.length);
  await target(page, { surface: "dashscope-intl", base: `${sim.base}/dashscope-intl/compatible-mode/v1`, key: KEY, model: "qwen3.5-plus" });
  await page.fill("#relay-url", relay.base);
  await page.check("#relay-on");
  // Stream an answer, fail once (429), check /models, look at every export, share and batch.
  await page.click("#send");
  assert.match(await settled(page), /Done · HTTP 200/);
  await page.fill("#model", "qwen-plus@rate-limit");
  await page.click("#send");
  await page.waitForSelector('.diagnosis[data-code="rate-limit"]');
  await page.click("#check-models");
  await page.waitForSelector(".models-result");
  const snippets = [];
  for (const tab of ["curl", "JavaScript", "Python"]) {
    await page.click(`.fmt-${tab}`);
    snippets.push(await page.textContent("pre.snippet"));
  }
  await page.click(".tab-share");
  const link = await page.inputValue("#share-link");
  await page.click(".tab-batch");
  const batch = await page.textContent("pre.batch");
  await page.click(".inspector .tabs >> text=Raw");
  const raw = await page.textContent(".inspector");

  // Storage, cookies, URL, history.
  const stored = await page.evaluate(async () => ({
    local: Object.entries(localStorage),
    session: Object.entries(sessionStorage),
    idb: (await indexedDB.databases()).map((d) => d.name),
    cookie: document.cookie,
    href: location.href,
    historyState: JSON.stringify(history.state),
    historyLength: history.length,
    caches: "caches" in self ? await caches.keys() : [],
  }));
  assert.deepEqual(stored.local, []);
  assert.deepEqual(stored.session, []);
  assert.deepEqual(stored.idb, []);
  assert.equal(stored.cookie, "");
  assert.deepEqual(stored.caches, []);
  assert.ok(!stored.href.includes(KEY) && !stored.historyState.includes(KEY));
  assert.equal(stored.historyLength, historyAtLoad, "nothing was pushed to history");
  assert.deepEqual(await context.cookies(), []);
  // Console, exports, share link, batch, the rendered page (the key field's value is a property,
  // not markup).
  for (const [what, text] of [["console", consoleLines.join("\n")], ["snippets", snippets.join("\n")], ["share link", link], ["batch", batch], ["inspector", raw]]) {
    assert.ok(!text.includes(KEY), `the key leaked into ${what}`);
  }
  assert.ok(!(await page.content()).includes(KEY), "the key is in the page's markup");
  assert.ok(!relay.output.join("\n").includes(KEY), "the relay logged the key");
  assert.ok(!sim.output.join("\n").includes(KEY), "the sim logged the key");
  // Every request: the key only as `Authorization: Bearer KEY`, only to the relay (the chosen
  // endpoint, relayed), never in a URL or a body.
  const withKey = requests.filter((r) => JSON.stringify(r).includes(KEY));
  assert.ok(withKey.length >= 3, `expected the key on the chat, retry and /models calls, got ${withKey.length}`);
  for (const r of requests) {
    assert.ok(!r.url.includes(KEY) && !r.body.includes(KEY), `key in the URL or body of ${r.url}`);
    for (const [name, value] of Object.entries(r.headers)) {
      if (value.includes(KEY)) {
        assert.equal(name.toLowerCase(), "authorization");
        assert.equal(value, `Bearer ${KEY}`);
        assert.ok(r.url.startsWith(`${relay.base}/`), `key sent to ${r.url}`);
      }
    }
    assert.ok(r.url.startsWith(site.origin) || r.url.startsWith(relay.base), `unexpected request to ${r.url}`);
  }
});

test("a key of any shape, pasted into a prompt too, reaches no storage, link, export or clipboard", async () => {
  // Not `sk-`: only redaction by value can catch it.
  const ODD = "qwk_live_LEAKCANARY9c1e44";
  const { page, context, consoleLines, requests } = await openPage(browser, site.url);
  await target(page, { surface: "vllm", base: `${sim.base}/vllm/v1`, key: ODD, model: "Qwen/Qwen3-8B" });
  await page.fill("#system", `my key is ${ODD}, and another is sk-abcdefghijklmnop123`);
  await page.fill(".message-text", `Use ${ODD} please.`);
  await page.check("#remember");
  await page.check("#include-prompts");
  await page.fill("#memory-name", `server ${ODD}`);
  await page.click("#save-server");
  await page.click("#send");
  await settled(page);
  await page.waitForFunction(() => /Experiment log \(1\)/.test(document.querySelector(".experiments summary")?.textContent ?? ""));
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  assert.ok(stored.includes("my key is [your key]"), "the prompt is kept, with the key replaced");
  const outputs = { storage: stored };
  for (const tab of ["curl", "JavaScript", "Python"]) {
    await page.click(`.fmt-${tab}`);
    outputs[`snippet ${tab}`] = await page.textContent("pre.snippet");
    await page.click('button[aria-label="Copy the snippet"]');
    outputs[`clipboard ${tab}`] = await page.evaluate(() => navigator.clipboard.readText());
  }
  await page.click(".tab-share");
  outputs.link = decodeURIComponent(await page.inputValue("#share-link"));
  await page.click(".tab-batch");
  await page.fill("#batch-inputs", `a\nb ${ODD}`);
  outputs.batch = await page.textContent("pre.batch");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-memory")]);
  outputs.memoryExport = (await import("node:fs")).readFileSync(await download.path(), "utf8");
  outputs.console = consoleLines.join("\n");
  for (const [what, text] of Object.entries(outputs)) {
    assert.ok(!text.includes(ODD), `the key leaked into ${what}`);
    assert.ok(!text.includes("abcdefghijklmnop123"), `an sk- key leaked into ${what}`);
  }
  // "include key" is the one place the user asked for it.
  await page.click(".tab-code");
  await page.check("#include-key");
  assert.ok((await page.textContent("pre.snippet")).includes(ODD));
  for (const r of requests) {
    for (const [name, value] of Object.entries(r.headers)) {
      if (value.includes(ODD)) assert.equal(`${name.toLowerCase()}: ${value}`, `authorization: Bearer ${ODD}`);
    }
  }
  await page.uncheck("#remember");
  await context.close();
});

test("the Content-Security-Policy forbids inline and third-party scripts", async () => {
  const { page, requests } = await openPage(browser, site.url);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const ran = await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true";
    document.head.append(s);
    return window.__inlineRan === true;
  });
  assert.equal(ran, false, "an inline script ran");
  const violation = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener("securitypolicyviolation", (e) => resolve(`${e.violatedDirective} ${e.blockedURI}`), { once: true });
    const s = document.createElement("script");
    s.src = "https://third-party.example/evil.js";
    s.onload = () => resolve("loaded");
    document.head.append(s);
  }));
  assert.match(violation, /^script-src(-elem)? https:\/\/third-party\.example\/evil\.js$/);
});
