// A chat page that only reads responses: the stream entry, its own wasm, nothing of the catalog's
// routing and shaping.
import init, { StreamDecoder, diagnose } from "qwen-route/stream";

await init();
const decoder = new StreamDecoder({ surface: "dashscope-intl" });
const enc = new TextEncoder();
decoder.push(enc.encode('data: {"choices":[{"index":0,"delta":{"reasoning_content":"hm"}}]}\n\n'), performance.now());
decoder.push(enc.encode('data: {"choices":[{"index":0,"delta":{"content":"Hi from the stream entry"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'), performance.now());
const a = decoder.finish(performance.now());
document.querySelector("#diagnosis").textContent = diagnose({ surface: "dashscope-intl", status: 401, body: '{"error":{"code":"invalid_api_key","message":"Incorrect API key provided."}}' }).code;
document.querySelector("#assembled").textContent = `${a.end}: ${a.choices[0].content}`;
