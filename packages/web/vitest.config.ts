import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// End-to-end tests drive a real browser and the Nu Html Checker: give them time.
export default mergeConfig(
  shared,
  defineConfig({ test: { testTimeout: 180_000, hookTimeout: 60_000 } }),
);
