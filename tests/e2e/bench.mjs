// Playground budgets, measured (not asserted): first contentful paint against a plain Leptos
// counter built with the same profile, and main-thread long tasks while a 10,000-event stream
// renders. Run by `cargo xtask bench site`.
import { SITE, serveDir, startSim, launch } from "./harness.mjs";

const COUNTER = process.env.QR_COUNTER_SITE;
const RUNS = 9;

async function fcp(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // When #send enters the DOM, seen from inside the page (no harness latency): the app has
  // mounted, though the page may still be busy.
  await page.addInitScript(() => {
    new MutationObserver((_, o) => {
      if (document.getElementById("send")) {
        window.__mounted = performance.now();
        o.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(url);
  await page.waitForSelector("#send", { timeout: 30_000 });
  // Interactive: the harness's next turn on the page's main thread after #send is present.
  const ready = await page.evaluate(() => performance.now());
  const mounted = await page.evaluate(() => window.__mounted);
  const paint = await page.evaluate(() => new Promise((resolve) => {
    const e = performance.getEntriesByName("first-contentful-paint")[0];
    if (e) return resolve(e.startTime);
    new PerformanceObserver((l) => resolve(l.getEntries()[0].startTime)).observe({ type: "paint", buffered: true });
  }));
  await context.close();
  return { paint, ready, mounted };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const site = await serveDir(SITE);
const counter = await serveDir(COUNTER);
const sim = await startSim([], Number(process.env.QR_PACE ?? 0)); // as fast as the server can send
const browser = await launch();
try {
  const a = [], b = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await fcp(browser, site.url));
    b.push(await fcp(browser, counter.url));
  }
  const m = (xs, k) => median(xs.map((x) => x[k]));
  console.log(`\nMedian of ${RUNS} loads, Chromium ${browser.version()}, loopback:`);
  const heads = ["first contentful paint", "interactive (#send present)", "#send in the DOM (in-page)"];
  console.log(`  ${"".padEnd(16)}${heads.map((h) => h.padStart(30)).join("")}`);
  const row = (label, cell) => `  ${label.padEnd(16)}${["paint", "ready", "mounted"].map((f) => cell(f).padStart(30)).join("")}`;
  console.log(row("playground", (f) => `${m(a, f).toFixed(0)} ms`));
  console.log(row("Leptos counter", (f) => `${m(b, f).toFixed(0)} ms`));
  console.log(row("ratio", (f) => `${(m(a, f) / m(b, f)).toFixed(2)}x`));

  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(site.url);
  await page.waitForSelector("#send");
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({ type: "longtask" });
  });
  await page.selectOption("#surface", "vllm");
  await page.fill("#base-url", `${sim.base}/vllm/v1`);
  await page.fill("#model", "Qwen/Qwen3-8B@long-10000");
  for (let run = 1; run <= 3; run++) {
    await page.evaluate(() => { window.__long = []; });
    const t0 = Date.now();
    await page.click("#send");
    await page.waitForFunction(() => /Done|Failed/.test(document.querySelector(".inspector .phase")?.textContent ?? ""), null, { timeout: 120_000 });
    const wall = Date.now() - t0;
    const frames = (await page.textContent(".inspector .tabs >> nth=0")).match(/\d+/)?.[0];
    const long = await page.evaluate(() => window.__long);
    console.log(`\nRun ${run}: a 10,000-event stream from qwen-route sim (${frames} frames) rendered in ${wall} ms;` +
      ` long tasks (> 50 ms): ${long.length}${long.length ? `, longest ${Math.max(...long).toFixed(0)} ms` : ""}`);
  }
  await context.close();
} finally {
  await browser.close();
  sim.stop();
  await site.close();
  await counter.close();
}
