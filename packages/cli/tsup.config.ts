import { defineConfig } from "tsup";

export default defineConfig({
  // The worker threads of the build run render-worker.js and blob-worker.js, beside the
  // other files.
  entry: ["src/index.ts", "src/bin.ts", "src/render-worker.ts", "src/blob-worker.ts"],
  format: "esm",
  dts: true,
  clean: true,
});
