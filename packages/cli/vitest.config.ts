import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// Builds, child processes and thousands of messages: more time than a unit test, above all
// when every package runs its tests at once on two cores.
//
// Two groups, one after the other. First every file without a timing test, two at a time
// (their waits are on real conditions, so load only makes them slower). Then the files whose
// tests measure time or wait a fixed time for a server to act (a slow client cut off at the
// unsubscribe server's timeout, a stop while a request is under way, SMTP timeouts, herald
// dev's watcher and reloads, send's --rate in messages a second), or stop a build at a moment they watch for (a second build
// meeting the first, Ctrl-C mid-build), one at a time and alone: run beside another CLI file,
// they failed under the load it adds (CI run, two files at a time for the whole suite; and
// build-safety's second build once missed the first on a machine loaded by other work, and
// send-options' --rate test ran past its time in a fresh-clone CI run).
const timing = [
  "src/build-safety.test.ts",
  "src/unsubscribe-server.test.ts",
  "src/send-smtp.test.ts",
  "src/send-options.test.ts",
  "src/dev.test.ts",
  "src/dev-safety.test.ts",
  "src/dev-watch.test.ts",
  "src/dev-incremental.test.ts",
];

const { include } = shared.test ?? {};
const timeouts = { testTimeout: 180_000, hookTimeout: 60_000 };

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      projects: [
        {
          test: {
            name: "cli",
            include,
            exclude: timing,
            ...timeouts,
            maxWorkers: 2,
            sequence: { groupOrder: 0 },
          },
        },
        {
          test: {
            name: "cli-timing",
            include: timing,
            ...timeouts,
            fileParallelism: false,
            sequence: { groupOrder: 1 },
          },
        },
      ],
    },
  }),
);
