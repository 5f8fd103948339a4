// Shared pieces of the playground's end-to-end tests: the built site on a loopback port,
// qwen-route servers (sim, relay), a LiteLLM proxy, and Debian's Chromium driven by
// playwright-core. Every wait is bounded; every server listens on 127.0.0.1 only.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { serve, CHROMIUM_ARGS } from "../npm/serve.mjs";

export const SITE = process.env.QR_SITE;
export const BIN = process.env.QR_BIN;
const { chromium } = await import(pathToFileURL(process.env.QR_PLAYWRIGHT).href);

export { CHROMIUM_ARGS };

/** Serve a built site on 127.0.0.1; unknown paths get index.html, as `cargo xtask serve` does. */
export const serveDir = (dir) => serve(dir, { spa: true });

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

/**
 * The playground served from `SITE`, `qwen-route sim`, optionally a relay that may reach the sim
 * from the site's origin, and Chromium; `stop()` ends them in reverse order.
 */
export async function startPlaygroundStack({ relay = false } = {}) {
  const stack = {};
  stack.stop = async () => {
    await stack.browser?.close();
    stack.relay?.stop();
    stack.sim?.stop();
    await stack.site?.close();
  };
  stack.site = await serveDir(SITE);
  stack.sim = await startSim();
  if (relay) stack.relay = await startRelay(["--allow-host", stack.sim.base, "--allow-origin", stack.site.origin]);
  stack.browser = await launch();
  return stack;
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

/**
 * A stand-in for a host a crafted link points at: it records every request (preflights
 * included) and answers like a permissive OpenAI-compatible server, so nothing but the page's
 * own rules can keep a key from reaching it.
 */
export async function startCapture() {
  const { createServer } = await import("node:http");
  const requests = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      const cors = {
        "access-control-allow-origin": "*",
        "access-control-allow-headers": "authorization, content-type",
        "access-control-allow-methods": "GET, POST, OPTIONS",
      };
      if (req.method === "OPTIONS") return res.writeHead(204, cors).end();
      if (req.url.endsWith("/models")) {
        return res.writeHead(200, { ...cors, "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "Qwen/Qwen3-8B", object: "model" }] }));
      }
      const answer = { id: "c", object: "chat.completion", model: "m", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "captured" } }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
      if (/"stream":\s*true/.test(body)) {
        const chunk = { id: "c", object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta: { content: "captured" }, finish_reason: "stop" }] };
        return res.writeHead(200, { ...cors, "content-type": "text/event-stream" }).end(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`);
      }
      res.writeHead(200, { ...cors, "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, requests, close: () => new Promise((ok) => server.close(ok)) };
}

/** The playground URL with a share-link fragment carrying `form` (as the page encodes it). */
export function linkTo(siteUrl, form) {
  const enc = encodeURIComponent(JSON.stringify(form)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${siteUrl}#req=${enc}`;
}
