import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Every package's tests: beside the code (src/**/*.test.ts) or in test/. The JSON report feeds
// the one-line summary `pnpm test` ends with (scripts/test-summary.mjs).
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
    // A temporary folder of its own for each run, checked for leftovers at the end.
    globalSetup: [fileURLToPath(new URL("./vitest.tmpdir.ts", import.meta.url))],
  },
});
