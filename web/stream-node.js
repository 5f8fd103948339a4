// Node entry of `qwen-route/stream`: instantiate its wasm synchronously at import, so no
// `await init()` is needed.
import { readFileSync } from "node:fs";
import { initSync } from "./qwen_route_stream.js";

initSync({ module: readFileSync(new URL("./qwen_route_stream_bg.wasm", import.meta.url)) });

export * from "./qwen_route_stream.js";
export { default } from "./qwen_route_stream.js";
