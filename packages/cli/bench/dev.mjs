// Benchmark: `herald dev` rebuilding after one content edit of the sample (the time until the
// new build is served and open pages are told to reload).
//
//   pnpm --filter @herald/cli bench
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { startDev } from "../dist/index.js";

const dir = await mkdtemp(join(tmpdir(), "herald-bench-dev-"));
const content = join(dir, "content");
await cp(sampleContentDir, content, { recursive: true });
const io = { cwd: dir, env: {}, stdout: { write: () => true }, stderr: { write: () => true } };
const server = await startDev({
  contentDir: content,
  shownDir: "content",
  out: join(dir, "out"),
  port: 0,
  io,
});
const file = join(content, "announcements/docker-series-b.en.md");
const original = await readFile(file, "utf8");
const times = [];
for (let i = 0; i < 7; i++) {
  const start = performance.now();
  await writeFile(file, original.replace("Series B funding", `Series B funding (edit ${i})`));
  // Wait for the watcher to see the change and the rebuild to finish.
  await new Promise((r) => setTimeout(r, 60));
  await server.settled();
  times.push(performance.now() - start);
}
await server.close();
await rm(dir, { recursive: true, force: true });
times.sort((a, b) => a - b);
console.log("herald dev: one content edit of the sample to a rebuilt, reload-signalled preview");
console.log(
  `  median ${times[3].toFixed(0)} ms (goal < 500), fastest ${times[0].toFixed(0)} ms, slowest ${times[6].toFixed(0)} ms`,
);
process.exit(0);
