// Benchmark: one announcement with a very long body (issue 15). `herald build` of a 1 MB and
// a 5 MB body (English and Chinese), each in a fresh process of the built CLI, with its wall
// time and peak RSS (from the child's own resource usage). Goals: the 5 MB build takes about
// five times the 1 MB one (linear), and peaks under 300 MB.
//
//   node packages/cli/bench/large-body.mjs            (after pnpm build)
//   RUNS=3 LOCALES=en node packages/cli/bench/large-body.mjs
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeLargeBodyContent } from "@herald/model/testing";

const MB = 1024 * 1024;
const RUNS = Number(process.env.RUNS ?? 1);
const LOCALES = (process.env.LOCALES ?? "en,zh-CN").split(",");
const SIZES = [1, 5];
const GOAL_RATIO = 5;
const GOAL_RSS_MB = 300;
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const root = await mkdtemp(join(tmpdir(), "herald-bench-large-"));
// Runs the CLI inside a small wrapper that reports its own wall time and peak RSS (maxRSS
// counts the whole process, the renderers included), so no external `time` is needed.
const wrapper = join(root, "measure.mjs");
await writeFile(
  wrapper,
  `import { writeSync } from "node:fs";
const start = performance.now();
process.argv.splice(1, 1);
process.on("exit", (code) => {
  const rssMB = process.resourceUsage().maxRSS / 1024;
  writeSync(3, JSON.stringify({ code, ms: performance.now() - start, rssMB }));
});
await import(${JSON.stringify(bin)});
`,
);

/** One build in a fresh process: { ms, rssMB }. */
function build(content, out) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [wrapper, bin, "build", "--content", content, "--out", out],
      {
        stdio: ["ignore", "ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    let report = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdio[3].on("data", (d) => {
      report += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`herald build exited with ${code}:\n${stderr}`));
      else resolve(JSON.parse(report));
    });
  });
}

try {
  const rows = [];
  for (const locale of LOCALES) {
    const results = {};
    for (const size of SIZES) {
      const content = join(root, `content-${locale}-${size}`);
      await writeLargeBodyContent(content, size * MB, locale);
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const out = join(root, `out-${locale}-${size}-${i}`);
        runs.push(await build(content, out));
        await rm(out, { recursive: true, force: true });
      }
      results[size] = {
        ms: median(runs.map((r) => r.ms)),
        rssMB: Math.max(...runs.map((r) => r.rssMB)),
      };
      console.log(
        `${locale} ${size} MB body: ${(results[size].ms / 1000).toFixed(1)} s, peak RSS ${Math.round(results[size].rssMB)} MB`,
      );
    }
    const ratio = results[5].ms / results[1].ms;
    rows.push({ locale, ratio, rss: results[5].rssMB });
  }
  console.log("");
  for (const { locale, ratio, rss } of rows) {
    console.log(
      `${locale}: time 5 MB / 1 MB = ${ratio.toFixed(2)} (goal ≈ ${GOAL_RATIO}, linear) ${ratio <= GOAL_RATIO * 1.2 ? "ok" : "MISSED"}; peak RSS at 5 MB ${Math.round(rss)} MB (goal < ${GOAL_RSS_MB} MB) ${rss < GOAL_RSS_MB ? "ok" : "MISSED"}`,
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
