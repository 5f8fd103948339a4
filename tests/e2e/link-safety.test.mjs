// Links cannot aim a key. A crafted share link may set any endpoint; the page says so, and the
// user's key goes to a host the user did not choose only after the user confirms that host by
// name. Each path is tried against a capture server standing in for the crafted host, which
// records every request it gets.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, linkTo, openPage, serveDir, settled, startCapture, startRelay, SITE } from "./harness.mjs";

const KEY = "sk-LINKCANARY-5d2e8f1a";
let site, browser, cap, relay;

before(async () => {
  site = await serveDir(SITE);
  cap = await startCapture();
  relay = await startRelay(["--allow-host", cap.origin, "--allow-origin", site.origin]);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  relay?.stop();
  await cap?.close();
  await site?.close();
});

const withKey = (requests) => requests.filter((r) => JSON.stringify(r).includes(KEY));
const quiet = (ms = 600) => new Promise((ok) => setTimeout(ok, ms));

async function openLink(form) {
  cap.requests.length = 0;
  const opened = await openPage(browser, linkTo(site.url, form));
  await opened.page.waitForSelector("#link-endpoint-banner");
  return opened;
}

test("self-hosted surface, foreign host: banner, and declining the question sends nothing", async () => {
  const base = `${cap.origin}/v1`;
  const { page, requests } = await openLink({ surface: "vllm", base_url: base, model: "Qwen/Qwen3-8B" });
  assert.match(await page.textContent("#link-endpoint-banner"), new RegExp(`This link set the endpoint to ${base.replace(/[.:/]/g, "\\$&")}`));
  assert.match(await page.textContent(".lint"), /endpoint-set-by-link/);
  assert.doesNotMatch(await page.textContent(".lint"), /Nothing the server is known to refuse/);
  await page.fill("#api-key", KEY);
  await page.click("#send");
  await page.waitForSelector("#key-consent[open]");
  assert.match(await page.textContent("#consent-h"), new RegExp(`Send your API key to ${cap.origin.replace(/[.:/]/g, "\\$&")}\\?`));
  await page.click("#consent-no");
  await quiet();
  assert.equal(cap.requests.length, 0, "the crafted host got a request although the user declined");
  assert.equal(withKey(requests).length, 0);
  assert.equal(await page.isVisible("#key-consent[open]"), false);

  // Asked again; this time the user confirms: exactly the confirmed host gets the key.
  await page.click("#send");
  await page.click("#consent-yes");
  await settled(page);
  const posts = cap.requests.filter((r) => r.method === "POST");
  assert.equal(posts.length, 1);
  assert.equal(posts[0].headers.authorization, `Bearer ${KEY}`);
  // Confirmed once per page session: the next send does not ask.
  await page.click("#send");
  await settled(page);
  assert.equal(await page.isVisible("#key-consent[open]"), false);
  assert.equal(cap.requests.filter((r) => r.method === "POST").length, 2);
  // The confirmation lives in memory: a reload forgets it, and the question comes back.
  await page.reload();
  await page.waitForSelector("#link-endpoint-banner");
  await page.fill("#api-key", KEY);
  await page.click("#send");
  await page.waitForSelector("#key-consent[open]");
  await page.keyboard.press("Escape");
  await quiet();
  assert.equal(cap.requests.filter((r) => r.method === "POST").length, 2, "Escape declines");
});

test("hosted surface with a loopback port: banner, no --allow-host for the unconfirmed host, catalog endpoint restores", async () => {
  const base = `${cap.origin}/compatible-mode/v1`;
  const { page, requests } = await openLink({ surface: "dashscope-intl", base_url: base, model: "qwen-plus" });
  assert.match(await page.textContent("#link-endpoint-banner"), /This link set the endpoint to http:\/\/127\.0\.0\.1:\d+\/compatible-mode\/v1/);
  const cmd = await page.textContent(".relay-cmd");
  assert.ok(!cmd.includes(cap.origin), `the relay command names the link's host: ${cmd}`);
  assert.match(cmd, /--allow-host <host:port>/);
  await page.fill("#api-key", KEY);
  await page.click("#send");
  await page.waitForSelector("#key-consent[open]");
  await page.click("#consent-no");
  await quiet();
  assert.equal(cap.requests.length, 0);
  assert.equal(withKey(requests).length, 0);
  // "Use the catalog endpoint": the link's URL is gone, and the catalog host needs no question.
  await page.click("#use-catalog-endpoint");
  assert.equal(await page.inputValue("#base-url"), "");
  assert.equal(await page.isVisible("#link-endpoint-banner"), false);
  assert.doesNotMatch(await page.textContent(".lint"), /endpoint-set-by-link|key-host-unconfirmed/);
});

test("relay path: the question names the host the relay forwards to; nothing reaches the relay before consent", async () => {
  const base = `${cap.origin}/compatible-mode/v1`;
  const { page, requests } = await openLink({ surface: "dashscope-intl", base_url: base, model: "qwen-plus" });
  await page.fill("#relay-url", relay.base);
  await page.check("#relay-on");
  await page.fill("#api-key", KEY);
  await page.click("#send");
  await page.waitForSelector("#key-consent[open]");
  assert.match(await page.textContent("#consent-h"), new RegExp(cap.origin.replace(/[.:/]/g, "\\$&")));
  await page.click("#consent-no");
  await quiet();
  assert.equal(cap.requests.length, 0);
  assert.equal(requests.filter((r) => r.url.startsWith(relay.base)).length, 0, "a request reached the relay");
  // Confirmed: through the relay to the confirmed host, the key only in Authorization.
  await page.click("#send");
  await page.click("#consent-yes");
  assert.match(await settled(page), /Done · HTTP 200/);
  const sent = requests.filter((r) => r.url.startsWith(relay.base) && r.method === "POST");
  assert.equal(sent.length, 1);
  assert.equal(sent[0].headers.authorization, `Bearer ${KEY}`);
  assert.equal(cap.requests.filter((r) => r.method === "POST")[0].headers.authorization, `Bearer ${KEY}`);
});

test("Keep it confirms the host the banner names; Check /models and Compare go through the same question", async () => {
  const base = `${cap.origin}/v1`;
  const { page } = await openLink({ surface: "vllm", base_url: base, model: "Qwen/Qwen3-8B" });
  await page.fill("#api-key", KEY);
  // /models carries the key too: it asks first.
  await page.click("#check-models");
  await page.waitForSelector("#key-consent[open]");
  await page.click("#consent-no");
  await quiet();
  assert.equal(cap.requests.length, 0);
  // Compare sends A (this endpoint) too: the same question, and nothing on "no".
  await page.click(".compare-wrap > summary");
  await page.selectOption("#b-surface", "sandbox");
  await page.click("#send-both");
  await page.waitForSelector("#key-consent[open]");
  await page.click("#consent-no");
  await quiet();
  assert.equal(cap.requests.length, 0);
  await page.click("#keep-link-endpoint");
  assert.equal(await page.isVisible("#link-endpoint-banner"), false);
  assert.equal(await page.inputValue("#base-url"), base);
  await page.click("#check-models");
  await page.waitForSelector(".models-result");
  assert.equal(await page.isVisible("#key-consent[open]"), false);
  assert.equal(cap.requests.filter((r) => r.method === "GET").at(-1).headers.authorization, `Bearer ${KEY}`);
});

test("a typed host needs no question; a saved server restored from Memory does", async () => {
  cap.requests.length = 0;
  const { page, context } = await openPage(browser, site.url);
  await page.selectOption("#surface", "vllm");
  await page.fill("#base-url", `${cap.origin}/v1`);
  await page.fill("#api-key", KEY);
  await page.click("#send");
  await settled(page);
  assert.equal(await page.isVisible("#key-consent[open]"), false);
  assert.equal(cap.requests.filter((r) => r.method === "POST").length, 1);
  // A saved server (an imported memory file could hold any host) is asked about.
  const memory = { version: 1, include_prompts: false, routes: [], servers: [{ name: "imported", surface: "vllm", base_url: "http://127.0.0.1:9/v1" }], experiments: [] };
  await page.check("#remember");
  await page.setInputFiles("#import-memory", { name: "m.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(memory)) });
  await page.waitForSelector(".use-server");
  await page.click(".use-server");
  await page.click("#send");
  await page.waitForSelector("#key-consent[open]");
  assert.match(await page.textContent("#consent-h"), /http:\/\/127\.0\.0\.1:9\?/);
  await page.click("#consent-no");
  await page.uncheck("#remember");
  await context.close();
});

test("a URL the browser would read differently is refused, key or not", async () => {
  const { page } = await openLink({ surface: "vllm", base_url: `http://dashscope-intl.aliyuncs.com@${cap.origin.slice(7)}/v1`, model: "Qwen/Qwen3-8B" });
  await page.click("#send");
  await page.waitForSelector(".send-refused");
  assert.match(await page.textContent(".send-refused"), /user name or password/);
  await quiet();
  assert.equal(cap.requests.length, 0);
});

test("Other fields (JSON) cannot override what the editor owns", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click("details.extra summary");
  await page.fill("#extra", '{"messages": [{"role": "user", "content": "hidden"}], "seed": 7}');
  await page.waitForSelector(".extra .field-error");
  assert.match(await page.textContent(".extra .field-error"), /`messages` is set by the editor/);
  assert.equal(await page.isDisabled("#send"), true);
  await page.fill("#extra", '{"seed": 7}');
  assert.equal(await page.isDisabled("#send"), false);
  assert.match(await page.textContent(".wire-body"), /"seed": 7/);
});

test("share links leave local images out, with a note, and stay short", async () => {
  const { page } = await openPage(browser, site.url);
  // A 1.5 MB image as a local file: the link would otherwise be megabytes long.
  const png = Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex"), Buffer.alloc(1_500_000)]);
  await page.setInputFiles(".message input[type=file]", { name: "big.png", mimeType: "image/png", buffer: png });
  await page.waitForSelector(".message .image");
  await page.click(".tab-share");
  await page.waitForSelector(".share-omitted");
  assert.match(await page.textContent(".share-omitted"), /1 local image not included/);
  const link = await page.inputValue("#share-link");
  assert.ok(link.length < 4000, `link is ${link.length} characters`);
  assert.ok(!decodeURIComponent(link).includes("data:image"));
});
