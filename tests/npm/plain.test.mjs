// Both entries on a plain page with no bundler (module scripts from node_modules), in Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inChromium } from "./serve.mjs";

test("a plain page imports both entries from the installed package", () =>
  inChromium(process.cwd(), async ({ page, server, errors }) => {
    await page.waitForFunction(() => document.querySelector("#streamed")?.textContent !== "", null, { timeout: 15000 });
    assert.deepEqual(JSON.parse(await page.textContent("#shaped")), { enable_thinking: false });
    assert.equal(await page.textContent("#streamed"), "done: plain");
    assert.deepEqual(errors, []);
    const wasm = server.requests.filter((r) => r.endsWith(".wasm")).sort();
    assert.deepEqual(wasm, ["/node_modules/qwen-route/dist/qwen_route_bg.wasm", "/node_modules/qwen-route/stream/qwen_route_stream_bg.wasm"]);
  }, { path: "plain/index.html" }));
