// Capture what qwen-ai-provider-v5 (with `ai` 6.x, which its @ai-sdk/provider ^3 targets) sends.
// Run: CAPTURE_URL=http://127.0.0.1:PORT node capture.mjs   (see ../../run-all.sh)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { generateText, streamText, generateObject, streamObject, Output, tool } from 'ai';
import { createQwen } from 'qwen-ai-provider-v5';
import { z } from 'zod';
import {
  BASE_URL,
  FAKE_API_KEY,
  PNG_BASE64,
  PNG_DATA_URL,
  HTTPS_IMAGE_URL,
  MODELS,
  slug,
  runIntents,
  summarizeText,
} from '../lib/harness.mjs';

const require = createRequire(import.meta.url);
const pkgVersion = (name) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
const packages = { 'qwen-ai-provider-v5': pkgVersion('qwen-ai-provider-v5'), ai: pkgVersion('ai'), zod: pkgVersion('zod'), node: process.versions.node };

const qwen = createQwen({ baseURL: BASE_URL, apiKey: FAKE_API_KEY });

const PROMPT = 'Say hello in one word.';
const weatherSchema = z.object({ city: z.string(), temperature_c: z.number() });
const tools = {
  get_weather: tool({
    description: 'Get the current weather for a city.',
    inputSchema: z.object({ city: z.string().describe('City name') }),
  }),
};
const common = { maxRetries: 0 };

const text = (model, extra = {}) => async ({ abortSignal }) =>
  summarizeText(await generateText({ ...common, model: qwen(model), prompt: PROMPT, abortSignal, ...extra }));

const stream = (model, extra = {}) => async ({ abortSignal }) => {
  let error;
  const r = streamText({ ...common, model: qwen(model), prompt: PROMPT, abortSignal, onError: ({ error: e }) => { error = e; }, ...extra });
  await r.consumeStream();
  if (error) throw error;
  return summarizeText(r);
};

const imageMessages = (image) => [
  {
    role: 'user',
    content: [
      { type: 'text', text: 'What is in this image?' },
      { type: 'image', image },
    ],
  },
];

// qwen-ai-provider-v5 declares supportedUrls = {}, so `ai` downloads every URL image
// itself before calling the provider. There is no internet here, so the download is
// answered locally with the fixed 32x32 test PNG; the wire then carries what the SDK would
// send after a successful download (a base64 data: URL).
const downloads = [];
const localDownload = async (requests) =>
  requests.map(({ url, isUrlSupportedByModel }) => {
    downloads.push({ url: url.toString(), isUrlSupportedByModel });
    return { data: Buffer.from(PNG_BASE64, 'base64'), mediaType: 'image/png' };
  });

const intents = [];
const add = (intent, model, call, run) => intents.push({ intent, model, call, run });

const ON = { qwen: { enable_thinking: true } };
for (const m of MODELS) {
  const s = slug(m);
  add(`plain_nonstream__${s}`, m, 'generateText({prompt})', text(m));
  add(`plain_stream__${s}`, m, 'streamText({prompt})', stream(m));
  add(`thinking_on_nonstream__${s}`, m, 'generateText({providerOptions:{qwen:{enable_thinking:true}}})', text(m, { providerOptions: ON }));
  add(`thinking_on_stream__${s}`, m, 'streamText({providerOptions:{qwen:{enable_thinking:true}}})', stream(m, { providerOptions: ON }));
}

const T = 'qwen3.5-plus';
const BUDGET = { qwen: { enable_thinking: true, thinking_budget: 2048 } };
add('thinking_on_budget_nonstream', T, 'generateText({providerOptions:{qwen:{enable_thinking:true,thinking_budget:2048}}})', text(T, { providerOptions: BUDGET }));
add('thinking_on_budget_stream', T, 'streamText({providerOptions:{qwen:{enable_thinking:true,thinking_budget:2048}}})', stream(T, { providerOptions: BUDGET }));
add('thinking_off_nonstream', T, 'generateText({providerOptions:{qwen:{enable_thinking:false}}})', text(T, { providerOptions: { qwen: { enable_thinking: false } } }));
add('thinking_off_stream', T, 'streamText({providerOptions:{qwen:{enable_thinking:false}}})', stream(T, { providerOptions: { qwen: { enable_thinking: false } } }));
add('thinking_default_stream', T, 'streamText({prompt}) (no thinking option at all)', stream(T));
add('thinking_budget_only_nonstream', T, 'generateText({providerOptions:{qwen:{thinking_budget:2048}}})', text(T, { providerOptions: { qwen: { thinking_budget: 2048 } } }));
add('thinking_budget_only_stream', T, 'streamText({providerOptions:{qwen:{thinking_budget:2048}}})', stream(T, { providerOptions: { qwen: { thinking_budget: 2048 } } }));
// Users who copy the OpenAI-SDK idiom put it under extra_body; the provider then overwrites it.
add('thinking_on_via_extra_body_stream', T, 'streamText({providerOptions:{qwen:{extra_body:{enable_thinking:true}}}})',
  stream(T, { providerOptions: { qwen: { extra_body: { enable_thinking: true } } } }));
add('chat_template_kwargs_stream__Qwen_Qwen3-32B', 'Qwen/Qwen3-32B', 'streamText({providerOptions:{qwen:{chat_template_kwargs:{enable_thinking:true}}}})',
  stream('Qwen/Qwen3-32B', { providerOptions: { qwen: { chat_template_kwargs: { enable_thinking: true } } } }));
add('max_tokens_nonstream', 'qwen-plus', 'generateText({maxOutputTokens:256, temperature:0.7, topP:0.9})',
  text('qwen-plus', { maxOutputTokens: 256, temperature: 0.7, topP: 0.9 }));

// tools
const P = 'qwen-plus';
const toolPrompt = { prompt: 'What is the weather in Paris?' };
add('tools_required_nonstream', P, "generateText({tools, toolChoice:'required'})", text(P, { ...toolPrompt, tools, toolChoice: 'required' }));
add('tools_required_stream', P, "streamText({tools, toolChoice:'required'})", stream(P, { ...toolPrompt, tools, toolChoice: 'required' }));
add('tools_auto_nonstream', P, "generateText({tools, toolChoice:'auto'})", text(P, { ...toolPrompt, tools, toolChoice: 'auto' }));
add('tools_default_choice_nonstream', P, 'generateText({tools}) (no toolChoice)', text(P, { ...toolPrompt, tools }));
add('tools_named_nonstream', P, "generateText({tools, toolChoice:{type:'tool',toolName:'get_weather'}})",
  text(P, { ...toolPrompt, tools, toolChoice: { type: 'tool', toolName: 'get_weather' } }));
add('tools_required_thinking_on_stream', T, "streamText({tools, toolChoice:'required', providerOptions:{qwen:{enable_thinking:true}}})",
  stream(T, { ...toolPrompt, tools, toolChoice: 'required', providerOptions: ON }));

// JSON mode / structured outputs
const objPrompt = 'Give the weather in Paris as JSON with fields city and temperature_c.';
add('json_object_nonstream', P, 'generateText({output: Output.json()})', async ({ abortSignal }) => {
  const r = await generateText({ ...common, model: qwen(P), prompt: objPrompt, output: Output.json(), abortSignal });
  return { output: r.output, warnings: r.warnings };
});
for (const m of [P, 'qwen3.7-plus']) {
  const s = slug(m);
  add(`json_schema_nonstream__${s}`, m, 'generateText({output: Output.object({schema})})', async ({ abortSignal }) => {
    const r = await generateText({ ...common, model: qwen(m), prompt: objPrompt, output: Output.object({ schema: weatherSchema }), abortSignal });
    return { output: r.output, warnings: r.warnings };
  });
  add(`generate_object_nonstream__${s}`, m, 'generateObject({schema})', async ({ abortSignal }) => {
    const r = await generateObject({ ...common, model: qwen(m), prompt: objPrompt, schema: weatherSchema, abortSignal });
    return { object: r.object, warnings: r.warnings };
  });
}
add('stream_object_stream', P, 'streamObject({schema})', async ({ abortSignal }) => {
  let error;
  const r = streamObject({ ...common, model: qwen(P), prompt: objPrompt, schema: weatherSchema, abortSignal, onError: ({ error: e }) => { error = e; } });
  for await (const _ of r.partialObjectStream) { /* drain */ }
  if (error) throw error;
  return { object: await r.object, warnings: await r.warnings };
});

// images
add('image_data_url_nonstream', T, "generateText({messages:[{role:'user',content:[text,{type:'image',image:'data:image/png;base64,...'}]}]})",
  text(T, { prompt: undefined, messages: imageMessages(PNG_DATA_URL) }));
add('image_https_url_nonstream', T,
  "generateText({messages:[...{type:'image',image:new URL('https://...')}], experimental_download: <local stub returning the 32x32 test PNG>})",
  async (ctx) => {
    downloads.length = 0;
    const r = await text(T, { prompt: undefined, messages: imageMessages(new URL(HTTPS_IMAGE_URL)), experimental_download: localDownload })(ctx);
    return { ...r, sdk_downloaded_urls: [...downloads] };
  });
add('image_https_url_stream', T,
  "streamText({messages:[...{type:'image',image:new URL('https://...')}], experimental_download: <local stub>})",
  async (ctx) => {
    downloads.length = 0;
    const r = await stream(T, { prompt: undefined, messages: imageMessages(new URL(HTTPS_IMAGE_URL)), experimental_download: localDownload })(ctx);
    return { ...r, sdk_downloaded_urls: [...downloads] };
  });

await runIntents({ client: 'qwen-ai-provider-v5', clientVersion: packages['qwen-ai-provider-v5'], packages, intents });
