import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// Builds, child processes and thousands of messages: more time than a unit test, above all
// when every package runs its tests at once on two cores.
// Two files at a time: with vitest's default on two cores (one worker) the CLI's files ran one
// after another, most of the time waiting for a `herald` child process or an SMTP exchange,
// and `pnpm test` waited for them long after the other packages were done (2,037 s of its
// 2,144 s on a loaded machine). Three at a time overloaded the machine: tests of other
// packages ran past their timeouts.
export default mergeConfig(
  shared,
  defineConfig({ test: { testTimeout: 180_000, hookTimeout: 60_000, maxWorkers: 2 } }),
);
