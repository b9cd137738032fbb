import { defineConfig } from "tsup";

// `card` is its own entry: what `herald verify` needs of the social cards, without the renderer.
// `draw-card`: what a worker thread needs to draw social cards, without Eleventy or Pagefind.
export default defineConfig({
  entry: ["src/index.ts", "src/card.ts", "src/draw-card.ts"],
  format: "esm",
  dts: true,
  clean: true,
});
