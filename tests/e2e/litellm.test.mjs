// The playground against a real OpenAI-compatible server no one here wrote: a LiteLLM proxy
// from PyPI on loopback, with mock responses and CORS for the page's origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { join } from "node:path";
import { SITE, serveDir, startProcess, launch, openPage, settled, target } from "./harness.mjs";

let site, proxy, browser, base;

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  return port;
}

before(async () => {
  site = await serveDir(SITE);
  const port = await freePort();
  const dir = process.env.QR_LITELLM_CONFIG;
  proxy = await startProcess(process.env.QR_LITELLM, ["--config", join(dir, "config.yaml"), "--host", "127.0.0.1", "--port", String(port)], {
    ready: /Uvicorn running on|Application startup complete/,
    env: { LITELLM_LOCAL_MODEL_COST_MAP: "True", LITELLM_CORS_ORIGINS: site.origin, NO_COLOR: "1" },
    timeoutMs: 90_000,
  });
  base = `http://127.0.0.1:${port}/v1`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/liveliness`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  proxy?.stop();
  await site?.close();
});

test("LiteLLM proxy: a streamed answer from the browser, with CORS and usage", async () => {
  const { page, errors } = await openPage(browser, site.url);
  await target(page, { surface: "litellm", base, key: "sk-test-1234", model: "qwen-mock" });
  await page.click("#send");
  assert.match(await settled(page, ".inspector .phase", 30_000), /Done · HTTP 200/);
  assert.equal((await page.textContent(".inspector .answer")).trim(), "Hello from the mock.");
  assert.deepEqual(errors.filter((e) => !e.includes("favicon")), []);
});

test("LiteLLM proxy: a non-streamed body with reasoning_content", async () => {
  const { page } = await openPage(browser, site.url);
  await target(page, { surface: "litellm", base, key: "sk-test-1234", model: "qwen-reasoning" });
  await page.selectOption("#stream", "off");
  await page.click("#send");
  assert.match(await settled(page, ".inspector .phase", 30_000), /Done · HTTP 200 · end: body/);
  assert.equal((await page.textContent(".inspector .answer")).trim(), "The answer is 4.");
  assert.match(await page.textContent(".inspector .reasoning"), /2\+2=4\./);
});

test("LiteLLM proxy: a wrong proxy key is diagnosed as the proxy's, not DashScope's", async () => {
  const { page } = await openPage(browser, site.url);
  await target(page, { surface: "litellm", base, key: "sk-wrong", model: "qwen-mock" });
  await page.click("#send");
  await settled(page, ".inspector .phase", 30_000);
  // The proxy checks its own master or virtual keys: advice about DashScope regions would mislead.
  await page.waitForSelector('.inspector .diagnosis[data-code="server-key-refused"]');
  assert.match(await page.textContent(".inspector .diagnosis"), /master key or a virtual key/);
});
