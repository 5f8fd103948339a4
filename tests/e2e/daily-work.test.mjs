// The playground for daily work: curl import, conversations and tool-call loops, and the rough
// edges found trying it as a new user (route card and "Use this route" agree, Compare's B side
// has its own relay and never a stale model, share links keep the relay switch, timings of
// non-streamed answers, removed surfaces, openable sources, the send bar on a phone).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openPage, settled, startPlaygroundStack, target } from "./harness.mjs";

let stack, site, sim, relay, browser;

before(async () => {
  stack = await startPlaygroundStack({ relay: true });
  ({ site, sim, relay, browser } = stack);
});
after(() => stack?.stop());

test("curl import: surface, base URL, model and body from a pasted command; the key only in the key field", async () => {
  const { page, requests, consoleLines } = await openPage(browser, site.url);
  const key = "sk-live-pasted-curl-key-987";
  const cmd = `curl '${sim.base}/vllm/v1/chat/completions' \\\n  -H 'accept: */*' \\\n  -H 'authorization: Bearer ${key}' \\\n  -H 'content-type: application/json' \\\n  -H 'sec-fetch-mode: cors' \\\n  --data-raw $'{"model":"Qwen/Qwen3-8B","messages":[{"role":"user","content":"it\\'s blue"}],"temperature":0.3}'`;
  await page.click(".curl-import summary");
  await page.fill("#curl-text", cmd);
  await page.click("#curl-import");
  // qwen-route sim's own paths (/<surface>/…) are read as that surface, at this base URL.
  assert.match(await page.textContent(".curl-result"), /Imported vllm · Qwen\/Qwen3-8B \(qwen-route sim's path for vllm\)/);
  assert.match(await page.textContent(".curl-left-out"), /sec-fetch-mode/);
  assert.equal(await page.inputValue("#surface"), "vllm");
  assert.equal(await page.inputValue("#base-url"), `${sim.base}/vllm/v1`);
  assert.equal(await page.inputValue("#model"), "Qwen/Qwen3-8B");
  assert.equal(await page.inputValue("#temperature"), "0.3");
  assert.equal(await page.inputValue('textarea[aria-label="Message 1"]'), "it's blue");
  assert.equal(await page.inputValue("#api-key"), key);
  // The pasted text (which held the key) is not kept, and the key is nowhere else.
  assert.equal(await page.inputValue("#curl-text"), "");
  assert.ok(!page.url().includes(key));
  assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage) + document.cookie)).includes(key));
  await page.click("#send");
  assert.match(await settled(page), /Done/);
  const sent = requests.find((r) => r.url.endsWith("/vllm/v1/chat/completions") && r.method === "POST");
  assert.equal(sent.headers.authorization, `Bearer ${key}`);
  assert.ok(!consoleLines.some((l) => l.includes(key)));
  // A command that cannot be read says why, and changes nothing.
  await page.fill("#curl-text", "curl 'https://x/v1/chat/completions");
  await page.click("#curl-import");
  assert.match(await page.textContent(".curl-error"), /not closed/);
  assert.equal(await page.inputValue("#model"), "Qwen/Qwen3-8B");
});

test("a tool-call loop: Add result answers the call by id, Send continues, Continue starts the next turn", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click("details.tools summary");
  await page.click("details.tools button:has-text('insert an example')");
  await page.fill("#tool-choice", "required");
  await page.selectOption("#thinking", "off");
  await page.click("#send");
  assert.match(await settled(page), /Done/);
  const callId = (await page.textContent(".tool-call .muted")).replace(" id ", "").trim();
  await page.click(".tool-call .add-result");
  // The answer became an assistant turn with its call, and a tool turn answers it.
  const body = JSON.parse(await page.textContent(".wire-body"));
  const msgs = body.messages;
  assert.equal(msgs.at(-2).role, "assistant");
  assert.equal(msgs.at(-2).tool_calls[0].id, callId);
  assert.equal(msgs.at(-1).role, "tool");
  assert.equal(msgs.at(-1).tool_call_id, callId);
  assert.equal(JSON.parse(msgs.at(-1).content).generated, true);
  assert.equal(await page.inputValue('.tool-call-id input'), callId);
  // The loop is complete: nothing in the pre-flight about it.
  assert.doesNotMatch(await page.textContent(".lint"), /tool-call-unanswered|tool-result-unknown-id/);
  await page.fill("#tool-choice", "");
  await page.click("#send");
  assert.match(await settled(page), /Done/);
  assert.match(await page.textContent(".inspector .answer"), /the tool returned/);
  const turns = (await page.$$(".message")).length;
  await page.click("#continue");
  assert.equal((await page.$$(".message")).length, turns + 2);
  const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
  assert.equal(focused, `Message ${turns + 2}`);
});

test("a tool result for an unknown id is flagged before sending", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click("#add-message");
  const roles = await page.$$("select.role");
  await roles[1].selectOption("tool");
  await page.fill(".tool-call-id input", "call_nobody");
  assert.match(await page.textContent(".lint"), /call_nobody/);
});

test("the route card and Use this route agree on response_format (deterministic-json, self-hosted)", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click(".picker-card summary");
  await page.selectOption(".pk-workload", "deterministic-json");
  await page.selectOption(".pk-scope", "self-hosted");
  const chip = await page.textContent(".decision");
  const format = /response_format (json_(?:schema|object))/.exec(chip)[1];
  await page.click(".pk-use");
  assert.equal(JSON.parse(await page.textContent(".wire-body")).response_format.type, format);
});

test("Compare: B has its own relay switch, the diff shows the URLs really called, B never keeps a stale model", async () => {
  const { page } = await openPage(browser, site.url);
  await target(page, { surface: "dashscope-intl", base: `${sim.base}/dashscope-intl/compatible-mode/v1`, model: "qwen-plus" });
  await page.fill("#relay-url", relay.base);
  await page.check("#relay-on");
  await page.click(".compare-wrap > summary");
  await page.selectOption("#b-surface", "ollama");
  // qwen-plus is not an Ollama model: B's model follows the surface.
  assert.notEqual(await page.inputValue("#b-model"), "qwen-plus");
  assert.equal(await page.isChecked("#b-relay-on"), false);
  const diff = await page.textContent(".wire-diff");
  assert.match(diff, new RegExp(`A url: ${relay.base}/`));
  assert.match(diff, /B url: http:\/\/localhost:11434\/v1\/chat\/completions/);
  await page.check("#b-relay-on");
  assert.match(await page.textContent(".wire-diff"), new RegExp(`B url: ${relay.base}/localhost:11434/`));
});

test("share links keep the relay switch (never the relay's address); opening one turns it on", async () => {
  const { page, context } = await openPage(browser, site.url);
  await target(page, { surface: "vllm", model: "Qwen/Qwen3-8B" });
  await page.fill("#relay-url", "http://127.0.0.1:9");
  await page.check("#relay-on");
  await page.click(".tab-share");
  const link = await page.inputValue("#share-link");
  assert.match(link, /&relay=1$/);
  assert.ok(!link.includes("127.0.0.1%3A9") && !link.includes("127.0.0.1:9"));
  const other = await context.newPage();
  await other.goto(link);
  await other.waitForSelector("#send");
  assert.equal(await other.isChecked("#relay-on"), true);
  assert.notEqual(await other.inputValue("#relay-url"), "http://127.0.0.1:9");
});

test("a non-streamed answer has a first answer and a total; no 0 tok/s", async () => {
  const { page } = await openPage(browser, site.url);
  await page.selectOption("#stream", "off");
  await page.selectOption("#thinking", "off");
  await page.click("#send");
  assert.match(await settled(page), /Done/);
  assert.match(await page.textContent(".t-answer"), /\d+ ms/);
  assert.match(await page.textContent(".timings"), /total \d+ ms/);
  assert.doesNotMatch(await page.textContent(".timings"), /\b0 tok\/s/);
});

test("removed surfaces appear once, and cannot be sent to", async () => {
  const { page } = await openPage(browser, site.url);
  assert.equal(await page.locator('#surface option[value="qwen-portal"]').count(), 1);
  await page.selectOption("#surface", "qwen-portal");
  assert.equal(await page.isDisabled("#send"), true);
  assert.match(await page.textContent(".send-removed"), /removed/);
});

test("an untouched + image URL row is a pre-flight error, not a silent https://", async () => {
  const { page } = await openPage(browser, site.url);
  await page.fill("#model", "qwen3-vl-plus");
  await page.click("text=+ image URL");
  assert.match(await page.textContent(".lint"), /media-url-invalid|no host/);
});

test("error cards put their sources behind a disclosure, each one a link", async () => {
  const { page } = await openPage(browser, site.url);
  await page.fill("#model", "qwen3.5-plus@rate-limit");
  await page.click("#send");
  await page.waitForSelector(".inspector .diagnosis");
  await page.click(".diagnosis .sources summary");
  const hrefs = await page.$$eval(".diagnosis .sources a", (as) => as.map((a) => a.href));
  assert.ok(hrefs.length >= 1);
  for (const h of hrefs) assert.match(h, /^https?:\/\//);
});

test("on a 420 px screen the send bar stays in view", async () => {
  const { page, context } = await openPage(browser, site.url);
  await page.setViewportSize({ width: 420, height: 800 });
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.locator(".sendbar").boundingBox();
  assert.ok(box && box.y + box.height <= 800 && box.y >= 0, `send bar at ${JSON.stringify(box)}`);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
  const box2 = await page.locator(".sendbar").boundingBox();
  assert.ok(box2 && box2.y + box2.height <= 800 && box2.y >= 0);
  assert.ok(await page.locator("#send").isVisible());
  await context.close();
});

test("? lists the keyboard shortcuts; Esc closes the list", async () => {
  const { page } = await openPage(browser, site.url);
  await page.click("h1");
  await page.keyboard.press("?");
  await page.waitForSelector(".shortcuts-overlay");
  assert.match(await page.textContent(".shortcuts"), /Ctrl\/⌘ \+ Enter/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "shortcuts-close");
  await page.keyboard.press("Escape");
  assert.equal(await page.$(".shortcuts-overlay"), null);
  // Typing a ? in a message is text, not a shortcut.
  await page.focus('textarea[aria-label="Message 1"]');
  await page.keyboard.press("?");
  assert.equal(await page.$(".shortcuts-overlay"), null);
});

test("variables: {{name}} gets a value table, the wire view shows the filled request, Batch takes a CSV of values", async () => {
  const { page } = await openPage(browser, site.url);
  await page.fill('textarea[aria-label="Message 1"]', "Explain {{topic}} to {{who}}.");
  await page.fill('input[aria-label="Value of topic"]', "rainbows");
  await page.fill('input[aria-label="Value of who"]', "a child");
  const body = JSON.parse(await page.textContent(".wire-body"));
  assert.equal(body.messages.at(-1).content, "Explain rainbows to a child.");
  // The editor keeps the placeholders.
  assert.equal(await page.inputValue('textarea[aria-label="Message 1"]'), "Explain {{topic}} to {{who}}.");
  assert.match(await page.textContent(".snippet"), /Explain rainbows to a child\./);
  await page.click(".transcript summary");
  assert.match(await page.textContent(".transcript"), /Explain rainbows to a child\./);
  await page.click(".tab-batch");
  await page.fill("#batch-inputs", "topic,who\ntides,an engineer\n\"clouds, briefly\",a poet");
  const lines = (await page.textContent("pre.batch")).trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.body.messages.at(-1).content), ["Explain tides to an engineer.", "Explain clouds, briefly to a poet."]);
});

test("turns: duplicate, insert, regenerate from a turn; the transcript shows each answer's timings and usage", async () => {
  const { page } = await openPage(browser, site.url);
  await page.selectOption("#thinking", "off");
  await page.click("#send");
  assert.match(await settled(page), /Done/);
  await page.click("#continue");
  await page.fill('textarea[aria-label="Message 3"]', "And at sunset?");
  await page.click(".transcript summary");
  assert.match(await page.textContent('.transcript .turn-assistant .turn-stats'), /first answer \d+ ms · total \d+ ms · usage \d+ in \/ \d+ out/);
  await page.click('button[aria-label="duplicate message 3"]');
  assert.equal((await page.$$(".message")).length, 4);
  await page.click('button[aria-label="insert before message 1"]');
  assert.equal(await page.inputValue('textarea[aria-label="Message 1"]'), "");
  assert.equal((await page.$$(".message")).length, 5);
  // Regenerate the assistant turn (now message 3): it and what follows go, and the request is sent again.
  await page.click('button[aria-label="regenerate from here (message 3)"]');
  assert.match(await settled(page), /Done/);
  assert.equal((await page.$$(".message")).length, 2);
});
