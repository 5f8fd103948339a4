export default { optimizeDeps: { exclude: ["qwen-route"] }, logLevel: "warn" };
