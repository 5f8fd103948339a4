// Shared pieces of the playground's end-to-end tests: the built site on a loopback port,
// qwen-route servers (sim, relay), a LiteLLM proxy, and Debian's Chromium driven by
// playwright-core. Every wait is bounded; every server listens on 127.0.0.1 only.
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { join, extname } from "node:path";
import { pathToFileURL } from "node:url";

export const SITE = process.env.QR_SITE;
export const BIN = process.env.QR_BIN;
const { chromium } = await import(pathToFileURL(process.env.QR_PLAYWRIGHT).href);

export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json" };

/** Serve a folder on 127.0.0.1 (unknown paths get index.html, as `cargo xtask serve` does). */
export async function serveDir(dir) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const rel = path === "/" || path.includes("..") ? "index.html" : path.slice(1);
    let file = join(dir, rel);
    let body;
    try {
      body = await readFile(file);
    } catch {
      if (extname(rel)) {
        res.writeHead(404).end();
        return;
      }
      file = join(dir, "index.html");
      body = await readFile(file);
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store" });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: `${origin}/`, close: () => new Promise((r) => server.close(r)) };
}

/** Start a long-running command and wait for a line matching `ready` (bounded). */
export async function startProcess(cmd, args, { ready, env = {}, timeoutMs = 30_000 } = {}) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const output = [];
  const lines = createInterface({ input: child.stdout });
  const errLines = createInterface({ input: child.stderr });
  const match = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(" ")} did not start:\n${output.join("\n")}`)), timeoutMs);
    const onLine = (line) => {
      output.push(line);
      const m = line.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    lines.on("line", onLine);
    errLines.on("line", onLine);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code}:\n${output.join("\n")}`));
    });
  });
  const m = await match;
  return { child, match: m, output, stop: () => child.kill("SIGKILL") };
}

/** `qwen-route sim` on a free port; returns its base URL. */
export async function startSim(extra = [], paceMs = 2) {
  const p = await startProcess(BIN, ["sim", "--port", "0", "--pace-ms", String(paceMs), ...extra], { ready: /listening on (http:\/\/\S+)/ });
  return { ...p, base: p.match[1] };
}

/** `qwen-route relay` on a free port. */
export async function startRelay(args) {
  const p = await startProcess(BIN, ["relay", "--port", "0", ...args], { ready: /listening on (http:\/\/\S+)/ });
  return { ...p, base: p.match[1] };
}

export async function launch() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}

/** A page that records console messages, page errors and every request with its headers. */
export async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const consoleLines = [];
  const errors = [];
  const requests = [];
  page.on("console", (m) => {
    consoleLines.push(`${m.type()}: ${m.text()}`);
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", async (r) => {
    requests.push({ url: r.url(), method: r.method(), headers: await r.allHeaders().catch(() => r.headers()), body: r.postData() ?? "" });
  });
  await page.goto(url);
  await page.waitForSelector("#send", { timeout: 30_000 });
  return { page, context, consoleLines, errors, requests };
}

/** Wait until the main run is no longer sending or receiving; returns the phase line. */
export async function settled(page, selector = ".inspector .phase", timeout = 20_000) {
  await page.waitForFunction((sel) => {
    const t = document.querySelector(sel)?.textContent ?? "";
    return /Done|Failed|Stopped/.test(t);
  }, selector, { timeout });
  return page.textContent(selector);
}

/** Point the playground at a surface, base URL, key and model. */
export async function target(page, { surface, base, key, model }) {
  await page.selectOption("#surface", surface);
  if (base !== undefined) await page.fill("#base-url", base);
  if (key !== undefined) await page.fill("#api-key", key);
  if (model !== undefined) await page.fill("#model", model);
}
