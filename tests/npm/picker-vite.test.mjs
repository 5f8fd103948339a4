// A Vite-built page that imports `qwen-route/picker` from the installed tarball, in Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { serve, CHROMIUM_ARGS } from "./serve.mjs";

const { chromium } = await import(pathToFileURL(process.env.QR_PLAYWRIGHT).href);

test("a bundled page renders the picker and hears route-change", async () => {
  const server = await serve(process.env.QR_VITE_DIST);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(server.url);
    await page.waitForSelector("qwen-route-picker .pk-model", { timeout: 30_000 });
    const model = (await page.textContent("qwen-route-picker .pk-model")).trim();
    await page.waitForFunction((m) => document.body.dataset.lastModel === m, model);
    assert.match(await page.textContent("qwen-route-picker .pk-surface-out"), /coding-plan-intl|dashscope-intl|vllm/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
