// Benchmark: `herald build` on a newsroom of thousands (issue 15), with the built CLI in its
// own process, each figure a ratio against a baseline measured in the same run:
//   - both cores: a cold build with the default --jobs against --jobs 1 (goal <= 0.65);
//   - incremental: a build with nothing changed, and one after editing one announcement,
//     against the cold build (goal <= 0.10 each), checked byte-identical to a cold build;
//   - flat memory: peak RSS of the cold build of the larger newsroom against the smaller
//     (goal <= 1.3);
//   - CLI start: `herald check` on the sample against `node` starting and exiting.
//
//   pnpm --filter @herald/cli bench           (sizes: HERALD_BENCH_SIZES=500,2000)
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { writeSyntheticContent } from "@herald/model/testing";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const sizes = (process.env.HERALD_BENCH_SIZES ?? "500,2000").split(",").map(Number);
const root = await mkdtemp(join(tmpdir(), "herald-bench-build-"));

// Each run's peak RSS (all threads: the workers are in the same process), written at exit.
const peak = join(root, "peak.mjs");
await writeFile(
  peak,
  `import { writeFileSync } from "node:fs";
process.on("exit", () => writeFileSync(process.env.HERALD_BENCH_PEAK, String(process.resourceUsage().maxRSS * 1024)));
`,
);

/** Runs herald once; its wall time (ms) and peak RSS (bytes). */
async function herald(args) {
  const file = join(root, "peak.txt");
  const start = performance.now();
  await run(process.execPath, ["--import", peak, bin, ...args], {
    env: { ...process.env, CI: "1", HERALD_BENCH_PEAK: file },
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  return { ms, rss: Number(await readFile(file, "utf8")) };
}

/** Every file of a build, for comparing two builds byte for byte. */
async function filesOf(dir) {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n))])));
}
async function identical(a, b) {
  const [x, y] = [await filesOf(a), await filesOf(b)];
  if (x.size !== y.size) return false;
  for (const [name, bytes] of x) if (!y.get(name)?.equals(bytes)) return false;
  return true;
}

const ratio = (x, base) => (x / base).toFixed(2);
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const peaks = new Map();

try {
  // CLI start: the best of several, against node itself starting.
  const best = async (args) => {
    let min = Infinity;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      await run(process.execPath, args);
      min = Math.min(min, performance.now() - t);
    }
    return min;
  };
  const node = await best(["-e", ""]);
  const check = await best([bin, "check"]);
  console.log("herald start: `herald check` on the sample, best of 7");
  console.log(
    `  node -e ""  ${node.toFixed(0)} ms   herald check ${check.toFixed(0)} ms (goal < 400 ms)   ratio ${ratio(check, node)}`,
  );

  for (const count of sizes) {
    const content = join(root, `content-${count}`);
    await writeSyntheticContent(content, count);
    const out = (name) => join(root, `${name}-${count}`);
    const build = (name, ...more) =>
      herald(["build", "--content", content, "--out", out(name), ...more]);
    console.log(`\nherald build, ${count} synthetic translations (${count / 2} announcements)`);

    const one = await build("one", "--no-cache", "--jobs", "1");
    const cold = await build("out");
    console.log(`  cold, --jobs 1     ${s(one.ms).padStart(8)}   peak ${mb(one.rss)}`);
    console.log(
      `  cold, default jobs ${s(cold.ms).padStart(8)}   peak ${mb(cold.rss)}   ratio ${ratio(cold.ms, one.ms)} of --jobs 1 (goal <= 0.65)`,
    );
    peaks.set(count, cold.rss);

    const warm = await build("out");
    const same = await identical(out("one"), out("out"));
    console.log(
      `  nothing changed    ${s(warm.ms).padStart(8)}   ratio ${ratio(warm.ms, cold.ms)} of cold (goal <= 0.10)   byte-identical to cold: ${same ? "yes" : "NO"}`,
    );

    // One announcement edited: its body gains a sentence.
    const file = join(content, "announcements", "news-1.en.md");
    const text = await readFile(file, "utf8");
    await writeFile(file, `${text}\nOne more sentence, edited.\n`);
    const edited = await build("out");
    await build("fresh", "--no-cache");
    const agrees = await identical(out("fresh"), out("out"));
    console.log(
      `  one edited         ${s(edited.ms).padStart(8)}   ratio ${ratio(edited.ms, cold.ms)} of cold (goal <= 0.10)   byte-identical to a cold build: ${agrees ? "yes" : "NO"}`,
    );
    for (const name of ["one", "out", "fresh"])
      await rm(out(name), { recursive: true, force: true });
    await rm(join(root, `.out-${count}.herald-cache`), { recursive: true, force: true });
    await rm(content, { recursive: true, force: true });
  }

  if (peaks.size >= 2) {
    const [small, large] = [Math.min(...peaks.keys()), Math.max(...peaks.keys())];
    console.log(
      `\nflat memory: peak RSS ${large} translations ${mb(peaks.get(large))} / ${small} ${mb(peaks.get(small))}   ratio ${ratio(peaks.get(large), peaks.get(small))} (goal <= 1.3)`,
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
