// A Vite-built page that imports `qwen-route/picker` from the installed tarball, in Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inChromium } from "./serve.mjs";

test("a bundled page renders the picker and hears route-change", () =>
  inChromium(process.env.QR_VITE_DIST, async ({ page, errors }) => {
    await page.waitForSelector("qwen-route-picker .pk-model", { timeout: 30_000 });
    const model = (await page.textContent("qwen-route-picker .pk-model")).trim();
    await page.waitForFunction((m) => document.body.dataset.lastModel === m, model);
    assert.match(await page.textContent("qwen-route-picker .pk-surface-out"), /coding-plan-intl|dashscope-intl|vllm/);
    // The zh-CN table is a file beside the wasm: the bundler must ship it for a zh-CN picker.
    await page.waitForSelector("#zh .pk-model", { timeout: 30_000 });
    const labels = await page.locator("#zh").evaluate((el) => [...el.shadowRoot.querySelectorAll("label.field > span")].map((s) => s.textContent));
    assert.ok(labels.includes("任务类型"), JSON.stringify(labels));
    assert.deepEqual(errors, []);
  }));
