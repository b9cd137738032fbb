import { defineConfig } from "tsup";

// `card` is its own entry: what `herald verify` needs of the social cards, without the renderer.
export default defineConfig({
  entry: ["src/index.ts", "src/card.ts"],
  format: "esm",
  dts: true,
  clean: true,
});
