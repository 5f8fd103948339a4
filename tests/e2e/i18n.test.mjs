// Chinese and English: the page follows navigator.language, `?lang=` overrides it, and the
// switch rewrites `?lang=` (never storage) and re-renders from the same state. Labels, the core's
// findings and diagnoses all change language; codes, field names and the wire request do not.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openPage, startPlaygroundStack } from "./harness.mjs";

let stack, site, sim, browser;

before(async () => {
  stack = await startPlaygroundStack({});
  ({ site, sim, browser } = stack);
});
after(() => stack?.stop());

const CJK = /[\u4e00-\u9fff]/;

/** Wait for the main run to end, whatever the language. */
async function ended(page) {
  await page.waitForSelector(".inspector .phase .dot.done, .inspector .phase .dot.failed", { timeout: 20_000 });
}

/**
 * Visible labels that read as English: buttons, headings, summaries, field labels and table
 * headers whose text has an English word and no Chinese. Names of things (curl, JSON, field
 * names, model ids) are allowed.
 */
async function englishLabels(page) {
  return page.evaluate(() => {
    const allowed = /^[\s\d.,:;·•—–()\[\]{}<>\/+×✓✗↻◐?→←⌘%$#@*|'"`=_-]*$|^(curl|JSON|Python|JavaScript|Claude Code|Node\.js|OpenAI|Anthropic|Anthropic Messages|OpenAI chat completions|JSON Schema|Coding Plan|Token Plan|qwen-route|playground|tok\/s|HTTP|SSE|Esc|Enter|Ctrl\/⌘ \+ Enter|English|简体中文)$/;
    const out = [];
    const seen = new Set();
    for (const el of document.querySelectorAll("button, h1, h2, h3, summary, label > span, th, legend, .tab, [role=tab], option")) {
      if (el.closest("code, pre, .wire-body, .frames, .answer, .reasoning, select#surface, select#model, select#lang, .catalog-name")) continue;
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden") continue;
      const own = (el.childNodes.length ? [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("") : el.textContent).trim();
      if (!own || allowed.test(own)) continue;
      // Proper nouns, URLs, ids and code are not words to translate.
      const text = own
        .replace(/https?:\/\/\S+/g, "")
        .replace(/\b(Anthropic Messages|Anthropic|Claude Code|OpenAI|Model Studio|DashScope|Coding Plan|Token Plan|LiteLLM|vLLM|SGLang|Ollama|llama\.cpp|llama-server|Qwen|JSON Schema|JSON|Python|JavaScript|curl|Batch|JSONL|API Key|Base URL|Function Calling|System Prompt|Token|HTTP|SSE)\b/g, "")
        .replace(/[a-z0-9]+(?:[_.\/@:-][a-z0-9]+)+/gi, "")
        .trim();
      if (/[\u4e00-\u9fff]/.test(text)) continue;
      // Identifiers: field names, ids, flags, hosts.
      if (/^[a-z0-9_.@\/:-]+$/i.test(text) && /[_.\-\/@:]|^[a-z0-9]+$/.test(text)) continue;
      if (!/[A-Za-z]{3,}/.test(text)) continue;
      if (!seen.has(text)) {
        seen.add(text);
        out.push(`${el.tagName.toLowerCase()}: ${text}`);
      }
    }
    return out;
  });
}

test("?lang=zh-CN: labels, pre-flight findings and a diagnosis in Chinese; codes and the wire request unchanged", async () => {
  const { page, errors } = await openPage(browser, `${site.url}?lang=zh-CN`);
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  assert.equal(await page.inputValue("#lang"), "zh-CN");
  assert.equal((await page.textContent("#send")).trim(), "发送");
  assert.match(await page.textContent(".inspector .phase"), CJK);
  // Open every panel a newcomer would, then look for labels left in English.
  for (const s of await page.$$("details > summary")) await s.click().catch(() => {});
  const english = await englishLabels(page);
  assert.deepEqual(english, [], `labels left in English:\n${english.join("\n")}`);
  // A finding from the core: its code stays, its sentence is Chinese.
  await page.fill("#max-tokens", "0");
  const finding = '.finding[data-code="max-tokens-invalid"]';
  await page.waitForSelector(finding);
  assert.match(await page.textContent(finding), CJK);
  assert.match(await page.textContent(finding), /max_tokens/, "field names are not translated");
  await page.fill("#max-tokens", "");
  // A diagnosis from the core, in the page's language.
  await page.fill("#model", "qwen-plus@arrearage");
  const wireBefore = await page.textContent(".wire-body");
  await page.click("#send");
  await ended(page);
  await page.waitForSelector('.inspector .diagnosis[data-code="arrearage"]');
  const diagnosis = await page.textContent(".inspector .diagnosis");
  assert.match(diagnosis, CJK);
  // Switching language keeps the request as it was: the wire body is data, not text.
  await page.selectOption("#lang", "en");
  await page.waitForFunction(() => document.querySelector("#send")?.textContent.trim() === "Send");
  assert.equal(await page.textContent(".wire-body"), wireBefore);
  assert.doesNotMatch(await page.textContent(".inspector .diagnosis"), CJK);
  assert.deepEqual(errors, []);
});

test("the browser's language picks Chinese; the switch keeps form, key and answer, and lives only in the URL", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(site.url);
  await page.waitForSelector("#send");
  assert.equal((await page.textContent("#send")).trim(), "发送");
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  const key = "sk-lang-switch-key-4471";
  // A server the user typed (the simulator's vLLM): the key goes there without a question.
  await page.selectOption("#surface", "vllm");
  await page.fill("#base-url", `${sim.base}/vllm/v1`);
  await page.fill("#model", "Qwen/Qwen3-8B");
  await page.fill("#api-key", key);
  await page.fill("#system", "你是一个简洁的助手。");
  await page.click("#send");
  await ended(page);
  const answer = await page.textContent(".inspector .answer");
  assert.ok(answer.length > 0);
  await page.selectOption("#lang", "en");
  await page.waitForFunction(() => document.querySelector("#send")?.textContent.trim() === "Send");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(page.url(), /[?&]lang=en\b/);
  // The state survived the re-render.
  assert.equal(await page.inputValue("#api-key"), key);
  assert.equal(await page.inputValue("#system"), "你是一个简洁的助手。");
  assert.equal(await page.textContent(".inspector .answer"), answer);
  // The key is in the field only: not in the URL, storage or cookies.
  assert.ok(!page.url().includes(key));
  assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie)).includes(key));
  // `?lang=` wins over the browser's language, and a reload keeps the choice.
  await page.reload();
  await page.waitForSelector("#send");
  assert.equal((await page.textContent("#send")).trim(), "Send");
  await context.close();
});

test("English by default, and English labels are complete there too", async () => {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(site.url);
  await page.waitForSelector("#send");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal((await page.textContent("#send")).trim(), "Send");
  const chinese = await page.evaluate(() => [...document.querySelectorAll("button, h2, summary, label")].map((e) => e.textContent).filter((t) => /[\u4e00-\u9fff]/.test(t) && !/简体中文/.test(t)));
  assert.deepEqual(chinese, []);
  await context.close();
});
