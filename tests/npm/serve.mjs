// A tiny static file server on 127.0.0.1 for browser tests (correct MIME types, including
// application/wasm so WebAssembly.instantiateStreaming works), and Debian's Chromium. The
// playground's end-to-end harness (tests/e2e/harness.mjs) uses these too.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * Serve `root` on a free port; resolves to { origin, url, close, requests }. With `spa`, a
 * missing path without an extension gets `index.html` (as `cargo xtask serve` does).
 */
export async function serve(root, { spa = false } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(root, path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(normalize(root))) {
      res.writeHead(403).end();
      return;
    }
    let body;
    try {
      body = await readFile(file);
    } catch {
      if (!spa || extname(path)) {
        res.writeHead(404).end("not found");
        return;
      }
      file = join(root, "index.html");
      body = await readFile(file);
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: `${origin}/`, requests, close: () => new Promise((ok) => server.close(ok)) };
}

/**
 * Serve a built folder, open it in Debian's Chromium (playwright-core from `QR_PLAYWRIGHT`) with
 * page errors and console errors collected, run `check({ page, server, errors })`, then close
 * both. `path` is the page to open first, relative to the root.
 */
export async function inChromium(root, check, { path = "" } = {}) {
  const { chromium } = await import(pathToFileURL(process.env.QR_PLAYWRIGHT).href);
  const server = await serve(root);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(server.url + path);
    await check({ page, server, errors });
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Chromium flags for this machine (Debian's Chromium, no network beyond loopback). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
