export default {
  build: {
    target: "es2022",
    // Two pages: one uses the default entry, one only `qwen-route/stream`.
    rollupOptions: { input: { main: "index.html", stream: "stream.html" } },
  },
  optimizeDeps: { exclude: ["qwen-route"] },
  logLevel: "warn",
};
