// A bundler project using the package: init the wasm, shape a DashScope request, decode a stream.
import init, { shape, StreamDecoder } from "qwen-route";

await init();
const shaped = shape({
  surface: "dashscope-intl",
  model: "qwen3.5-plus",
  thinking: "low",
  payload: { messages: [{ role: "user", content: "Hello from Vite" }] },
});
document.querySelector("#request").textContent = JSON.stringify(shaped.request, null, 2);

const decoder = new StreamDecoder();
const enc = new TextEncoder();
decoder.push(enc.encode('data: {"choices":[{"index":0,"delta":{"reasoning_content":"hm"}}]}\n\n'), performance.now());
decoder.push(enc.encode('data: {"choices":[{"index":0,"delta":{"content":"Hi!"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'), performance.now());
const a = decoder.finish(performance.now());
document.querySelector("#assembled").textContent = `${a.end}: ${a.choices[0].content}`;
