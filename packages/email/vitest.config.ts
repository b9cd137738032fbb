import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// Real SMTP servers, child processes and a browser: more time than a unit test.
export default mergeConfig(
  shared,
  defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } }),
);
