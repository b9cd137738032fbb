import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// Rendering real PDFs and reading them back with poppler and qpdf takes a few seconds.
export default mergeConfig(
  shared,
  defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } }),
);
