import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// The fuzz test loads 1,500 content folders; under a full parallel run that takes minutes.
export default mergeConfig(
  shared,
  defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } }),
);
