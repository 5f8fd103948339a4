export * from "./dist/qwen_route.js";
export { default } from "./dist/qwen_route.js";
