// The Vite-built pages, opened in Debian's Chromium: the shaped request renders; the page that
// imports only `qwen-route/stream` fetches the stream entry's wasm and not the default one.
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

test("a Vite page that imports only qwen-route/stream loads only its wasm", () =>
  inChromium(process.env.QR_VITE_DIST, async ({ page, server, errors }) => {
    await page.goto(`${server.url}stream.html`);
    await page.waitForFunction(() => document.querySelector("#diagnosis")?.textContent !== "", null, { timeout: 15000 });
    assert.equal(await page.textContent("#assembled"), "done: Hi from the stream entry");
    assert.equal(await page.textContent("#diagnosis"), "invalid-api-key");
    assert.deepEqual(errors, []);
    const fromStreamPage = server.requests.slice(server.requests.indexOf("/stream.html"));
    const wasm = fromStreamPage.filter((r) => r.endsWith(".wasm"));
    assert.equal(wasm.length, 1, `the stream page fetched ${wasm}`);
    assert.match(wasm[0], /qwen_route_stream_bg/);
  }));
