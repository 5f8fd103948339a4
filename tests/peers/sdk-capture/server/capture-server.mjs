#!/usr/bin/env node
// Loopback capture server for recording what Qwen/DashScope clients put on the wire.
//
// - Listens on 127.0.0.1 only, on CAPTURE_PORT (default 0 = random free port).
// - Prints one line `CAPTURE_URL=http://127.0.0.1:<port>` on stdout once listening,
//   and writes the same URL to $CAPTURE_URL_FILE when that env var is set.
// - Records every request (method, path incl. query, headers with Authorization
//   redacted, JSON body + the raw body text) in memory and appends it as one JSON
//   line to $CAPTURE_LOG (default: ./capture-log.jsonl next to the cwd).
// - Answers POST .../chat/completions with a minimal valid OpenAI-compatible
//   response: a chat.completion JSON object, or an SSE stream when "stream": true.
//   tool_calls are returned when the request has tools and tool_choice forces a
//   call ("required" or {"type":"function",...}); JSON content is returned for
//   response_format json_object / json_schema; reasoning_content is returned
//   when the request asks for thinking (any of the usual spellings).
// - Control endpoints (never recorded):
//     POST /__capture/reset     -> forget recorded requests
//     GET  /__capture/requests  -> JSON array of requests recorded since reset
//     POST /__capture/shutdown  -> close the server and exit 0
// - Exits by itself after CAPTURE_MAX_SECONDS (default 900) as a safety bound.
//
// Only node: built-ins are used; no dependencies.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const HOST = '127.0.0.1';
const PORT = Number(process.env.CAPTURE_PORT ?? 0);
const LOG = process.env.CAPTURE_LOG ?? path.resolve('capture-log.jsonl');
const MAX_SECONDS = Number(process.env.CAPTURE_MAX_SECONDS ?? 900);
const CREATED = 1700000000; // fixed timestamp: responses are deterministic

let recorded = [];
let seq = 0;

const REDACT = new Set(['authorization', 'x-api-key', 'api-key', 'proxy-authorization']);

// The random listening port would make every capture differ; the Host header is
// therefore recorded as 127.0.0.1:<capture-port>. Everything else is verbatim.
function redactHeaders(headers) {
  const out = {};
  for (const key of Object.keys(headers).sort()) {
    const v = headers[key];
    if (key === 'host') {
      out[key] = String(v).replace(/:\d+$/, ':<capture-port>');
    } else if (REDACT.has(key)) {
      out[key] = /^bearer\s/i.test(String(v)) ? 'Bearer <redacted>' : '<redacted>';
    } else {
      out[key] = v;
    }
  }
  return out;
}

// ---------- minimal JSON-schema instance generator (for tool args / json_schema) ----------
function sample(schema, depth = 0) {
  if (!schema || typeof schema !== 'object' || depth > 8) return 'sample';
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(schema[k]) && schema[k].length) {
      const nonNull = schema[k].find((s) => s && s.type !== 'null') ?? schema[k][0];
      return sample(nonNull, depth + 1);
    }
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? type[0];
  if (!type && schema.properties) type = 'object';
  switch (type) {
    case 'object': {
      const o = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) o[k] = sample(v, depth + 1);
      return o;
    }
    case 'array':
      return [sample(schema.items ?? { type: 'string' }, depth + 1)];
    case 'integer':
      return schema.minimum ?? 21;
    case 'number':
      return schema.minimum ?? 21;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
    default:
      return 'Paris';
  }
}

// Canonical answer for json_object mode (the schema is not on the wire there);
// every capture script uses a schema that this object satisfies.
const CANONICAL_JSON = { city: 'Paris', temperature_c: 21 };

function wantsThinking(body) {
  const eb = body.extra_body && typeof body.extra_body === 'object' ? body.extra_body : {};
  const ctk = body.chat_template_kwargs ?? eb.chat_template_kwargs ?? {};
  if (body.enable_thinking === true || eb.enable_thinking === true) return true;
  if (ctk.enable_thinking === true || ctk.thinking === true) return true;
  if (body.thinking && typeof body.thinking === 'object' && body.thinking.type === 'enabled') return true;
  if (body.reasoning_effort && body.reasoning_effort !== 'none') return true;
  if (body.reasoning && typeof body.reasoning === 'object') return true;
  return false;
}

function planAnswer(body) {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const tc = body.tool_choice;
  let toolCall = null;
  if (tools.length && (tc === 'required' || (tc && typeof tc === 'object'))) {
    const wanted = tc && typeof tc === 'object' ? tc.function?.name : undefined;
    const tool = tools.find((t) => t.function?.name === wanted) ?? tools[0];
    const args = sample(tool.function?.parameters ?? { type: 'object', properties: {} });
    toolCall = {
      index: 0,
      id: 'call_capture_0',
      type: 'function',
      function: { name: tool.function?.name ?? 'tool', arguments: JSON.stringify(args) },
    };
  }
  let content = 'Captured.';
  const rf = body.response_format;
  if (rf && rf.type === 'json_schema') {
    const schema = rf.json_schema?.schema ?? rf.json_schema ?? {};
    content = JSON.stringify(sample(schema));
  } else if (rf && rf.type === 'json_object') {
    content = JSON.stringify(CANONICAL_JSON);
  }
  const reasoning = wantsThinking(body) ? 'Captured reasoning.' : null;
  return { toolCall, content: toolCall ? null : content, reasoning };
}

function usage() {
  return { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
}

function respondJson(res, status, obj) {
  const text = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function respondChat(res, body, n) {
  const model = typeof body.model === 'string' ? body.model : 'unknown';
  const id = `chatcmpl-capture-${n}`;
  const { toolCall, content, reasoning } = planAnswer(body);
  const finish = toolCall ? 'tool_calls' : 'stop';

  if (body.stream === true) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const chunk = (delta, finish_reason = null) => ({
      id,
      object: 'chat.completion.chunk',
      created: CREATED,
      model,
      choices: [{ index: 0, delta, finish_reason, logprobs: null }],
    });
    const send = (obj) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
    send(chunk({ role: 'assistant', content: '' }));
    if (reasoning) send(chunk({ reasoning_content: reasoning }));
    if (toolCall) {
      send(chunk({ tool_calls: [toolCall] }));
    } else {
      send(chunk({ content }));
    }
    send(chunk({}, finish));
    if (body.stream_options?.include_usage) {
      send({ id, object: 'chat.completion.chunk', created: CREATED, model, choices: [], usage: usage() });
    }
    res.write('data: [DONE]\n\n');
    res.end();
    return;
  }

  const message = { role: 'assistant', content };
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCall) {
    const { index, ...rest } = toolCall;
    message.tool_calls = [rest];
  }
  respondJson(res, 200, {
    id,
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
    usage: usage(),
  });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '/';

    if (url.startsWith('/__capture/')) {
      if (url === '/__capture/reset' && req.method === 'POST') {
        recorded = [];
        return respondJson(res, 200, { ok: true });
      }
      if (url === '/__capture/requests' && req.method === 'GET') {
        return respondJson(res, 200, recorded);
      }
      if (url === '/__capture/shutdown' && req.method === 'POST') {
        respondJson(res, 200, { ok: true });
        setImmediate(() => shutdown(0));
        return;
      }
      return respondJson(res, 404, { error: 'unknown control endpoint' });
    }

    seq += 1;
    let body = null;
    let bodyIsJson = false;
    if (raw.length) {
      try {
        body = JSON.parse(raw);
        bodyIsJson = true;
      } catch {
        body = raw;
      }
    }
    const entry = {
      seq,
      method: req.method,
      path: url,
      headers: redactHeaders(req.headers),
      body,
      body_raw: raw,
    };
    recorded.push(entry);
    try {
      fs.appendFileSync(LOG, JSON.stringify(entry) + '\n');
    } catch (e) {
      process.stderr.write(`capture-server: cannot append to ${LOG}: ${e.message}\n`);
    }

    if (req.method === 'POST' && /\/chat\/completions$/.test(url.split('?')[0]) && bodyIsJson && body && typeof body === 'object') {
      return respondChat(res, body, seq);
    }
    return respondJson(res, 404, {
      error: { message: `capture-server: no handler for ${req.method} ${url}`, type: 'invalid_request_error', param: null, code: 'not_found' },
    });
  });
});

function shutdown(code) {
  server.close(() => process.exit(code));
  setTimeout(() => process.exit(code), 1000).unref();
}

server.keepAliveTimeout = 1000;
server.listen(PORT, HOST, () => {
  const { port } = server.address();
  const url = `http://${HOST}:${port}`;
  if (process.env.CAPTURE_URL_FILE) fs.writeFileSync(process.env.CAPTURE_URL_FILE, url + '\n');
  process.stdout.write(`CAPTURE_URL=${url}\n`);
});

setTimeout(() => {
  process.stderr.write(`capture-server: CAPTURE_MAX_SECONDS=${MAX_SECONDS} reached, exiting\n`);
  shutdown(0);
}, MAX_SECONDS * 1000).unref?.();
// keep the process alive for the timer even though it's unref'd: the server handle does that.
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
