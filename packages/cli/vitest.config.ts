import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// Builds, child processes and thousands of messages: more time than a unit test, above all
// when every package runs its tests at once on two cores.
// One file at a time (vitest's default on two cores): two at a time took the CLI from 34 to 27
// minutes on a loaded machine, but its timing tests (a slow client cut off at the server's
// timeout, a stop while a request is under way) then failed under the load it adds.
export default mergeConfig(
  shared,
  defineConfig({ test: { testTimeout: 180_000, hookTimeout: 60_000 } }),
);
