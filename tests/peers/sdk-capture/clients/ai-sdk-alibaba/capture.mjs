// Capture what @ai-sdk/alibaba (with `ai` 7.x) sends for a matrix of intents.
// Run: CAPTURE_URL=http://127.0.0.1:PORT node capture.mjs   (Node >= 22; see ../../run-all.sh)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { generateText, streamText, generateObject, streamObject, Output, tool } from 'ai';
import { createAlibaba } from '@ai-sdk/alibaba';
import { z } from 'zod';
import {
  BASE_URL,
  FAKE_API_KEY,
  PNG_DATA_URL,
  PNG_BASE64,
  HTTPS_IMAGE_URL,
  MODELS,
  slug,
  runIntents,
  summarizeText,
} from '../lib/harness.mjs';

const require = createRequire(import.meta.url);
const pkgVersion = (name) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
const packages = { '@ai-sdk/alibaba': pkgVersion('@ai-sdk/alibaba'), ai: pkgVersion('ai'), zod: pkgVersion('zod'), node: process.versions.node };

const alibaba = createAlibaba({ baseURL: BASE_URL, apiKey: FAKE_API_KEY });

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
  summarizeText(await generateText({ ...common, model: alibaba(model), prompt: PROMPT, abortSignal, ...extra }));

const stream = (model, extra = {}) => async ({ abortSignal }) => {
  let error;
  const r = streamText({ ...common, model: alibaba(model), prompt: PROMPT, abortSignal, onError: ({ error: e }) => { error = e; }, ...extra });
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

const fileMessages = (data) => [
  {
    role: 'user',
    content: [
      { type: 'text', text: 'What is in this image?' },
      { type: 'file', mediaType: 'image/png', data },
    ],
  },
];

const intents = [];
const add = (intent, model, call, run) => intents.push({ intent, model, call, run });

for (const m of MODELS) {
  const s = slug(m);
  add(`plain_nonstream__${s}`, m, 'generateText({prompt})', text(m));
  add(`plain_stream__${s}`, m, 'streamText({prompt})', stream(m));
  add(`thinking_on_nonstream__${s}`, m, "generateText({providerOptions:{alibaba:{enableThinking:true}}})",
    text(m, { providerOptions: { alibaba: { enableThinking: true } } }));
  add(`thinking_on_stream__${s}`, m, "streamText({providerOptions:{alibaba:{enableThinking:true}}})",
    stream(m, { providerOptions: { alibaba: { enableThinking: true } } }));
}

const T = 'qwen3.5-plus';
add('thinking_on_budget_nonstream', T, 'generateText({providerOptions:{alibaba:{enableThinking:true,thinkingBudget:2048}}})',
  text(T, { providerOptions: { alibaba: { enableThinking: true, thinkingBudget: 2048 } } }));
add('thinking_on_budget_stream', T, 'streamText({providerOptions:{alibaba:{enableThinking:true,thinkingBudget:2048}}})',
  stream(T, { providerOptions: { alibaba: { enableThinking: true, thinkingBudget: 2048 } } }));
add('thinking_off_nonstream', T, 'generateText({providerOptions:{alibaba:{enableThinking:false}}})',
  text(T, { providerOptions: { alibaba: { enableThinking: false } } }));
add('thinking_off_stream', T, 'streamText({providerOptions:{alibaba:{enableThinking:false}}})',
  stream(T, { providerOptions: { alibaba: { enableThinking: false } } }));
add('thinking_budget_only_nonstream', T, 'generateText({providerOptions:{alibaba:{thinkingBudget:2048}}})',
  text(T, { providerOptions: { alibaba: { thinkingBudget: 2048 } } }));
add('thinking_budget_only_stream', T, 'streamText({providerOptions:{alibaba:{thinkingBudget:2048}}})',
  stream(T, { providerOptions: { alibaba: { thinkingBudget: 2048 } } }));
add('thinking_off_with_budget_nonstream', T, 'generateText({providerOptions:{alibaba:{enableThinking:false,thinkingBudget:2048}}})',
  text(T, { providerOptions: { alibaba: { enableThinking: false, thinkingBudget: 2048 } } }));
// ai 7 top-level `reasoning` call option (SDK-generic way)
add('reasoning_high_nonstream', T, "generateText({reasoning:'high'})", text(T, { reasoning: 'high' }));
add('reasoning_high_stream', T, "streamText({reasoning:'high'})", stream(T, { reasoning: 'high' }));
add('reasoning_low_stream', T, "streamText({reasoning:'low'})", stream(T, { reasoning: 'low' }));
add('reasoning_none_nonstream', T, "generateText({reasoning:'none'})", text(T, { reasoning: 'none' }));
add('reasoning_high_with_max_tokens_stream', T, "streamText({reasoning:'high', maxOutputTokens:1000})",
  stream(T, { reasoning: 'high', maxOutputTokens: 1000 }));
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
add('tools_required_parallel_off_nonstream', P, "generateText({tools, toolChoice:'required', providerOptions:{alibaba:{parallelToolCalls:false}}})",
  text(P, { ...toolPrompt, tools, toolChoice: 'required', providerOptions: { alibaba: { parallelToolCalls: false } } }));
add('tools_required_thinking_on_stream', T, "streamText({tools, toolChoice:'required', providerOptions:{alibaba:{enableThinking:true}}})",
  stream(T, { ...toolPrompt, tools, toolChoice: 'required', providerOptions: { alibaba: { enableThinking: true } } }));

// JSON mode / structured outputs
const objPrompt = 'Give the weather in Paris as JSON with fields city and temperature_c.';
add('json_object_nonstream', P, 'generateText({output: Output.json()})', async ({ abortSignal }) => {
  const r = await generateText({ ...common, model: alibaba(P), prompt: objPrompt, output: Output.json(), abortSignal });
  return { output: r.output, warnings: r.warnings };
});
for (const m of [P, 'qwen3.7-plus']) {
  const s = slug(m);
  add(`json_schema_nonstream__${s}`, m, 'generateText({output: Output.object({schema})})', async ({ abortSignal }) => {
    const r = await generateText({ ...common, model: alibaba(m), prompt: objPrompt, output: Output.object({ schema: weatherSchema }), abortSignal });
    return { output: r.output, warnings: r.warnings };
  });
  add(`generate_object_nonstream__${s}`, m, 'generateObject({schema})', async ({ abortSignal }) => {
    const r = await generateObject({ ...common, model: alibaba(m), prompt: objPrompt, schema: weatherSchema, abortSignal });
    return { object: r.object, warnings: r.warnings };
  });
}
add('stream_object_stream', P, 'streamObject({schema})', async ({ abortSignal }) => {
  let error;
  const r = streamObject({ ...common, model: alibaba(P), prompt: objPrompt, schema: weatherSchema, abortSignal, onError: ({ error: e }) => { error = e; } });
  for await (const _ of r.partialObjectStream) { /* drain */ }
  if (error) throw error;
  return { object: await r.object, warnings: await r.warnings };
});

// images (qwen3.5-plus is multimodal)
add('image_data_url_nonstream', T, "generateText({messages:[{role:'user',content:[text,{type:'image',image:'data:image/png;base64,...'}]}]})",
  text(T, { prompt: undefined, messages: imageMessages(PNG_DATA_URL) }));
add('image_https_url_nonstream', T, "generateText({messages:[{role:'user',content:[text,{type:'image',image:new URL('https://...')}]}]})",
  text(T, { prompt: undefined, messages: imageMessages(new URL(HTTPS_IMAGE_URL)) }));
add('image_https_url_stream', T, "streamText({messages:[...image: new URL('https://...')]})",
  stream(T, { prompt: undefined, messages: imageMessages(new URL(HTTPS_IMAGE_URL)) }));
// ai 7's non-deprecated spelling: a `file` part with an image media type
add('image_file_part_base64_nonstream', T, "generateText({messages:[{role:'user',content:[text,{type:'file',mediaType:'image/png',data:'<base64>'}]}]})",
  text(T, { prompt: undefined, messages: fileMessages(PNG_BASE64) }));
add('image_file_part_https_url_nonstream', T, "generateText({messages:[{role:'user',content:[text,{type:'file',mediaType:'image/png',data:new URL('https://...')}]}]})",
  text(T, { prompt: undefined, messages: fileMessages(new URL(HTTPS_IMAGE_URL)) }));

await runIntents({ client: 'ai-sdk-alibaba', clientVersion: packages['@ai-sdk/alibaba'], packages, intents });
