// Shared harness for the Node capture scripts. No dependencies (node: built-ins + global fetch).
//
// Env:
//   CAPTURE_URL   (required) e.g. http://127.0.0.1:40123 — the capture server origin
//   OUT_DIR       (optional) default: <peers-capture>/out
//   INTENTS       (optional) comma-separated list of intent names to run (default: all)
//   CALL_TIMEOUT_MS (optional) per-call bound, default 20000
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const CAPTURE_URL = (process.env.CAPTURE_URL ?? '').replace(/\/+$/, '');
if (!CAPTURE_URL) {
  console.error('CAPTURE_URL is not set (e.g. CAPTURE_URL=http://127.0.0.1:PORT)');
  process.exit(2);
}
export const BASE_URL = `${CAPTURE_URL}/compatible-mode/v1`;
export const OUT_DIR = process.env.OUT_DIR ?? path.resolve(here, '..', '..', 'out');
export const CALL_TIMEOUT_MS = Number(process.env.CALL_TIMEOUT_MS ?? 20000);
export const FAKE_API_KEY = 'sk-capture-not-a-real-key';

// A 32x32 PNG, fixed bytes (DashScope refuses images of 10 px or less on a side).
export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAGy0lEQVR42hXVkb/GIBTG8ReHYTgMw+EwHIbDMBwOh8Pwh+FwOAyHYRiG4d3tD+jb53TOc36/H8MP8UP+GH+oH/rH9GP+YX4sP+yP9Yf74X9sP/Yfx4/zR/jBj/jj+nH/eH6kH++P/KP8qD/aj/7j9xsYBsSAHBgH1IAemAbmATOwDNiBdcAN+IFtYB84Bs6BMMBAHLgG7oFnIA28A3mgDNSBNtCHDxAMAiGQglGgBFowCWaBESwCK1gFTuAFm2AXHIJTEAQIouAS3IJHkASvIAuKoAqaoIsPkAwSIZGSUaIkWjJJZomRLBIrWSVO4iWbZJccklMSJEii5JLckkeSJK8kS4qkSpqkyw8YGUbEiBwZR9SIHplG5hEzsozYkXXEjfiRbWQfOUbOkTDCSBy5Ru6RZySNvCN5pIzUkTbSxw9QDAqhkIpRoRRaMSlmhVEsCqtYFU7hFZtiVxyKUxEUKKLiUtyKR5EUryIriqIqmqKrD9AMGqGRmlGjNFozaWaN0Swaq1k1TuM1m2bXHJpTEzRooubS3JpHkzSvJmuKpmqapusPmBgmxIScGCfUhJ6YJuYJM7FM2Il1wk34iW1inzgmzokwwUScuCbuiWciTbwTeaJM1Ik20acPmBlmxIycGWfUjJ6ZZuYZM7PM2Jl1xs34mW1mnzlmzpkww0ycuWbumWcmzbwzeabM1Jk20+cPMAwGYZCG0aAM2jAZZoMxLAZrWA3O4A2bYTcchtMQDBii4TLchseQDK8hG4qhGpqhmw9YGBbEglwYF9SCXpgW5gWzsCzYhXXBLfiFbWFfOBbOhbDAQly4Fu6FZyEtvAt5oSzUhbbQlw+wDBZhkZbRoizaMllmi7EsFmtZLc7iLZtltxyW0xIsWKLlstyWx5IsryVbiqVamqXbD1gZVsSKXBlX1IpemVbmFbOyrNiVdcWt+JVtZV85Vs6VsMJKXLlW7pVnJa28K3mlrNSVttLXD3AMDuGQjtGhHNoxOWaHcSwO61gdzuEdm2N3HI7TERw4ouNy3I7HkRyvIzuKozqao7sP8Awe4ZGe0aM82jN5Zo/xLB7rWT3O4z2bZ/ccntMTPHii5/LcnseTPK8ne4qnepqn+w/YGDbEhtwYN9SG3pg25g2zsWzYjXXDbfiNbWPfODbOjbDBRty4Nu6NZyNtvBt5o2zUjbbRtw/YGXbEjtwZd9SO3pl25h2zs+zYnXXH7fidbWffOXbOnbDDTty5du6dZyftvDt5p+zUnbbT9w84GA7EgTwYD9SBPpgO5gNzsBzYg/XAHfiD7WA/OA7Og3DAQTy4Du6D5yAdvAf5oBzUg3bQjw84GU7EiTwZT9SJPplO5hNzspzYk/XEnfiT7WQ/OU7Ok3DCSTy5Tu6T5ySdvCf5pJzUk3bSzw8IDAERkIExoAI6MAXmgAksARtYAy7gA1tgDxyBMxACBGLgCtyBJ5ACbyAHSqAGWqCHD/hffN9q+pbHF+9fAH8R+YXYFzNfEHyj+g3T1+5fQ34t833qV/avMN/Tv8v/T4QLbnggwQsZClRo0L+1/YsMERGRkTGiIjoyReaIiSwRG1kjLuIjW2SPHJEzEuL/9TFyRe7IE0mRN5IjJVIjLdLjB1wMF+JCXowX6kJfTBfzhblYLuzFeuEu/MV2sV8cF+dFuP4fHy+ui/viuUgX70W+KBf1ol306wNuhhtxI2/GG3Wjb6ab+cbcLDf2Zr1xN/5mu9lvjpvzJtz/pYk3181989ykm/cm35SbetNu+v0BD8ODeJAP44N60A/Tw/xgHpYH+7A+uAf/sD3sD8fD+RCe/8LHh+vhfnge0sP7kB/KQ31oD/35gMSQEAmZGBMqoRNTYk6YxJKwiTXhEj6xJfbEkTgTIf1/a0xciTvxJFLiTeRESdRES/T0AS/Di3iRL+OLetEv08v8Yl6WF/uyvrgX/7K97C/Hy/kS3v+miS/Xy/3yvKSX9yW/lJf60l76+wGZISMyMjNmVEZnpsycMZklYzNrxmV8ZsvsmSNzZkL+b8mYuTJ35smkzJvJmZKpmZbp+QMKQ0EUZGEsqIIuTIW5YApLwRbWgiv4wlbYC0fhLITy3/CxcBXuwlNIhbeQC6VQC63QywdUhoqoyMpYURVdmSpzxVSWiq2sFVfxla2yV47KWQn1f5xi5arclaeSKm8lV0qlVlql1w9oDA3RkI2xoRq6MTXmhmksDdtYG67hG1tjbxyNsxHa/7DGxtW4G08jNd5GbpRGbbRGbx/QGTqiIztjR3V0Z+rMHdNZOrazdlzHd7bO3jk6Zyf0/yiInatzd55O6ryd3Cmd2mmd3vkD4XNgWyf/NBMAAAAASUVORK5CYII=';
export const PNG_DATA_URL = `data:image/png;base64,${PNG_BASE64}`;
export const HTTPS_IMAGE_URL = 'https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png';

export const MODELS = ['qwen-plus', 'qwen3.5-plus', 'qwen3-max', 'Qwen/Qwen3-32B'];
export const slug = (m) => m.replace(/[^A-Za-z0-9.\-]+/g, '_');

async function control(method, p) {
  const r = await fetch(`${CAPTURE_URL}/__capture/${p}`, { method, signal: AbortSignal.timeout(5000) });
  if (!r.ok) throw new Error(`control ${p}: HTTP ${r.status}`);
  return r.json();
}

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`timeout after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

/**
 * Run a list of intents: [{ intent, model, call: 'description of the SDK call', run: async ({abortSignal}) => resultSummary }]
 * Each intent must produce exactly one HTTP request at the capture server.
 */
export async function runIntents({ client, clientVersion, packages, intents }) {
  const only = process.env.INTENTS ? new Set(process.env.INTENTS.split(',').map((s) => s.trim())) : null;
  const dir = path.join(OUT_DIR, client);
  fs.mkdirSync(dir, { recursive: true });
  const failures = [];
  let ran = 0;
  for (const it of intents) {
    if (only && !only.has(it.intent)) continue;
    ran += 1;
    try {
      await control('POST', 'reset');
      const abortSignal = AbortSignal.timeout(CALL_TIMEOUT_MS);
      const result = await withTimeout(it.run({ abortSignal }), CALL_TIMEOUT_MS + 2000, it.intent);
      const reqs = await control('GET', 'requests');
      if (reqs.length !== 1) throw new Error(`expected exactly 1 request at the capture server, got ${reqs.length}`);
      const { seq, body_raw, ...request } = reqs[0];
      const record = {
        client,
        client_version: clientVersion,
        packages,
        intent: it.intent,
        model_id: it.model,
        sdk_call: it.call,
        request,
        request_body_raw: body_raw,
        sdk_result: result ?? null,
      };
      fs.writeFileSync(path.join(dir, `${it.intent}.json`), JSON.stringify(record, null, 2) + '\n');
      console.log(`ok   ${client} ${it.intent}`);
    } catch (e) {
      failures.push(it.intent);
      console.error(`FAIL ${client} ${it.intent}: ${e?.stack ?? e}`);
    }
  }
  console.log(`${client}: ${ran - failures.length} passed, ${failures.length} failed`);
  if (ran === 0) {
    console.error('no intent matched INTENTS');
    process.exit(1);
  }
  if (failures.length) process.exit(1);
}

/** Compact, JSON-safe summary of a generateText/streamText result. */
export async function summarizeText(r) {
  const text = await r.text;
  const reasoningText = await r.reasoningText;
  const toolCalls = await r.toolCalls;
  const finishReason = await r.finishReason;
  const warnings = await r.warnings;
  return {
    text,
    reasoningText: reasoningText ?? null,
    toolCalls: (toolCalls ?? []).map((c) => ({ toolName: c.toolName, input: c.input })),
    finishReason,
    warnings: warnings ?? [],
  };
}
