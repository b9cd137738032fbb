import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// Builds and child processes: more time than a unit test.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 60_000 } }));
