// The Vite-built page, opened in Debian's Chromium: the shaped request renders.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serve, CHROMIUM_ARGS } from "./serve.mjs";

const { chromium } = await import(process.env.QR_PLAYWRIGHT);

test("a Vite app imports qwen-route and renders a shaped request", async () => {
  const server = await serve(process.env.QR_VITE_DIST);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelector("#assembled")?.textContent !== "", null, { timeout: 15000 });
    const request = JSON.parse(await page.textContent("#request"));
    assert.equal(request.url, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions");
    assert.equal(request.body.thinking_budget, 4096);
    assert.equal(request.headers.Authorization, "Bearer $DASHSCOPE_API_KEY");
    assert.equal(await page.textContent("#assembled"), "done: Hi!");
    assert.deepEqual(errors, []);
    assert.ok(server.requests.some((r) => r.endsWith(".wasm")), "the wasm was fetched");
  } finally {
    await browser.close();
    await server.close();
  }
});
