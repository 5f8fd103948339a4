// Node entry: instantiate the wasm synchronously at import, so no `await init()` is needed.
import { readFileSync } from "node:fs";
import { initSync } from "./dist/qwen_route.js";

initSync({ module: readFileSync(new URL("./dist/qwen_route_bg.wasm", import.meta.url)) });

export * from "./dist/qwen_route.js";
export { default } from "./dist/qwen_route.js";
