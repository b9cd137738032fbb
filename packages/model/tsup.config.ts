import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/testing.ts"],
  format: "esm",
  dts: true,
  clean: true,
  // Bundled into the model's own files: zod, markdown-it and the rest are some 190 small ES
  // modules,
  // and resolving and loading each was most of herald check's start (issue 15).
  noExternal: [
    "zod",
    "markdown-it",
    "markdown-it-footnote",
    "entities",
    "uc.micro",
    "mdurl",
    "linkify-it",
    "punycode.js",
    "js-yaml",
    "intl-messageformat",
    "@formatjs/icu-messageformat-parser",
    "@formatjs/icu-skeleton-parser",
    "@formatjs/fast-memoize",
    "fastest-levenshtein",
    "tslib",
  ],
});
