// The Vite-built page, opened in Debian's Chromium: the shaped request renders.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inChromium } from "./serve.mjs";

test("a Vite app imports qwen-route and renders a shaped request", () =>
  inChromium(process.env.QR_VITE_DIST, async ({ page, server, errors }) => {
    await page.waitForFunction(() => document.querySelector("#assembled")?.textContent !== "", null, { timeout: 15000 });
    const request = JSON.parse(await page.textContent("#request"));
    assert.equal(request.url, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions");
    assert.equal(request.body.thinking_budget, 4096);
    assert.equal(request.headers.Authorization, "Bearer $DASHSCOPE_API_KEY");
    assert.equal(await page.textContent("#assembled"), "done: Hi!");
    assert.deepEqual(errors, []);
    assert.ok(server.requests.some((r) => r.endsWith(".wasm")), "the wasm was fetched");
  }));
