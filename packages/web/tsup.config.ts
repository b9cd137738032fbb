import { defineConfig } from "tsup";

// `card` is its own entry: what `herald verify` needs of the social cards, without the renderer.
// `draw-card`: what a worker thread needs to draw social cards, without Eleventy or Pagefind.
// `zip-worker`: the thread that writes the press-kit ZIPs (zip-thread.ts), with fflate alone.
export default defineConfig({
  entry: ["src/index.ts", "src/card.ts", "src/draw-card.ts", "src/zip-worker.ts"],
  format: "esm",
  dts: true,
  clean: true,
});
