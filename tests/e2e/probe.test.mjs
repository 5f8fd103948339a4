// Know your server: the capability probe from the playground's endpoint card (against the
// Sandbox and `qwen-route sim` personalities) and from the CLI against a LiteLLM proxy from PyPI
// that sits in front of the simulator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { BIN, openPage, startPlaygroundStack, startProcess, target } from "./harness.mjs";

let stack, site, sim, browser;

before(async () => {
  stack = await startPlaygroundStack({});
  ({ site, sim, browser } = stack);
});
after(() => stack?.stop());

async function probeInPage(page) {
  await page.click("#probe-server");
  await page.waitForSelector(".probe-report", { timeout: 60_000 });
  const rows = await page.$$eval(".probe-table tbody tr", (trs) =>
    Object.fromEntries(trs.map((tr) => [tr.dataset.capability, { verdict: tr.dataset.verdict, text: tr.textContent }])));
  return rows;
}

test("Probe server on the offline Sandbox: a well-configured server, every row explained", async () => {
  const { page, errors, requests } = await openPage(browser, site.url);
  const rows = await probeInPage(page);
  for (const id of ["reachable", "streaming", "stream-usage", "reasoning-separated", "thinking-off", "tool-calls", "json-schema"]) {
    assert.equal(rows[id].verdict, "yes", `${id}: ${rows[id].text}`);
    assert.ok(rows[id].text.length > 20, `${id} explains what was checked`);
  }
  assert.equal(await page.getAttribute(".probe-report", "data-ok"), "true");
  // The Sandbox answers in the page: nothing left it.
  assert.deepEqual(requests.filter((r) => !r.url.startsWith(site.origin)), []);
  assert.deepEqual(errors, []);
});

test("Probe server names the missing reasoning parser, with its flag, and links to the fix", async () => {
  const { page, requests } = await openPage(browser, site.url);
  await target(page, { surface: "vllm", base: `${sim.base}/vllm@no-reasoning-parser/v1`, model: "Qwen/Qwen3-8B" });
  const rows = await probeInPage(page);
  assert.equal(rows["reasoning-separated"].verdict, "no");
  assert.match(rows["reasoning-separated"].text, /--reasoning-parser qwen3/);
  assert.equal(rows["tool-calls"].verdict, "yes");
  await page.click('tr[data-capability="reasoning-separated"] a.chip');
  assert.equal(await page.evaluate(() => location.hash), "#probe-fix-reasoning-separated");
  // At most eight requests, all to the probed server.
  const sent = requests.filter((r) => r.url.startsWith(sim.base) && r.method !== "OPTIONS");
  assert.ok(sent.length > 0 && sent.length <= 8, `${sent.length} requests`);
  assert.ok(sent.every((r) => r.url.startsWith(`${sim.base}/vllm@no-reasoning-parser/`)));
});

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  return port;
}

test("qwen-route probe through a LiteLLM proxy in front of the simulator", { timeout: 180_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "qr-litellm-probe-"));
  const config = [
    "model_list:",
    "  - model_name: Qwen/Qwen3-8B",
    "    litellm_params:",
    "      model: hosted_vllm/Qwen/Qwen3-8B",
    `      api_base: ${sim.base}/vllm/v1`,
    "  - model_name: qwen-no-parser",
    "    litellm_params:",
    "      model: hosted_vllm/Qwen/Qwen3-8B",
    `      api_base: ${sim.base}/vllm@no-reasoning-parser/v1`,
    "general_settings:",
    "  master_key: sk-probe-master-1234",
  ].join("\n");
  await writeFile(join(dir, "config.yaml"), config);
  const port = await freePort();
  const proxy = await startProcess(process.env.QR_LITELLM, ["--config", join(dir, "config.yaml"), "--host", "127.0.0.1", "--port", String(port)], {
    ready: /Uvicorn running on|Application startup complete/,
    env: { LITELLM_LOCAL_MODEL_COST_MAP: "True", NO_COLOR: "1" },
    timeoutMs: 90_000,
  });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/liveliness`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    const run = (model) =>
      promisify(execFile)(BIN, ["probe", "--surface", "litellm", "--base-url", `http://127.0.0.1:${port}/v1`, "--model", model, "--key-env", "QR_PROBE_KEY", "--json"], {
        env: { ...process.env, QR_PROBE_KEY: "sk-probe-master-1234" },
      }).then((r) => r, (e) => e);
    const good = await run("Qwen/Qwen3-8B");
    const report = JSON.parse(good.stdout);
    const v = Object.fromEntries(report.capabilities.map((c) => [c.id, c.verdict]));
    const why = (id) => JSON.stringify(report.capabilities.find((c) => c.id === id));
    assert.equal(v.reachable, "yes", why("reachable"));
    assert.equal(v["model-listed"], "yes", why("model-listed"));
    assert.equal(v.streaming, "yes", why("streaming"));
    assert.equal(v["reasoning-separated"], "yes", JSON.stringify(report.capabilities.find((c) => c.id === "reasoning-separated")));
    assert.equal(v["tool-calls"], "yes", why("tool-calls"));
    assert.ok(!good.stdout.includes("sk-probe-master-1234"), "the key is never printed");
    const bad = await run("qwen-no-parser");
    const badReport = JSON.parse(bad.stdout);
    assert.equal(bad.code, 1, "a missing capability exits 1");
    assert.ok(badReport.missing.includes("reasoning-separated"), JSON.stringify(badReport.missing));
  } finally {
    proxy.stop();
  }
});
