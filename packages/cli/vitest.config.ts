import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// Builds, child processes and thousands of messages: more time than a unit test, above all
// when every package runs its tests at once on two cores.
export default mergeConfig(
  shared,
  defineConfig({ test: { testTimeout: 180_000, hookTimeout: 60_000 } }),
);
