// Benchmark: loading and validating content, against a baseline measured in the same run:
// reading the same files and parsing their YAML and Markdown with the same libraries, with
// no mdast tree, validation, cross-references or diagnostics. The ratio is what those cost.
//
//   pnpm --filter @herald/model bench      (or `pnpm bench` for every package)
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CORE_SCHEMA, load } from "js-yaml";
import MarkdownIt from "markdown-it";
import footnote from "markdown-it-footnote";
import { loadContent, sampleContentDir } from "../dist/index.js";
import { writeSyntheticContent } from "../dist/testing.js";

const COUNT = 1000;
const RUNS = 5;

const md = new MarkdownIt("default", { html: true, linkify: true }).use(footnote);
const yaml = (text) => load(text, { schema: CORE_SCHEMA });

/** The same files through the same parsers (js-yaml, markdown-it tokens), nothing else. */
async function baseline(dir) {
  const out = [];
  for (const name of ["site.yaml", "organizations.yaml", "people.yaml"]) {
    out.push(yaml(await readFile(join(dir, name), "utf8")));
  }
  const names = (await readdir(join(dir, "announcements"))).sort();
  const texts = await Promise.all(
    names.map((n) => readFile(join(dir, "announcements", n), "utf8")),
  );
  for (const text of texts) {
    const [, front, body] = text.split(/^---$/m);
    out.push(yaml(front), md.parse(body, {}));
  }
  return out;
}

async function herald(dir) {
  const result = await loadContent(dir);
  if (!result.ok) throw new Error(`content did not load: ${result.diagnostics[0]?.message}`);
  return result;
}

/** Median wall time of RUNS runs. */
async function time(fn, dir) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn(dir);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}

/** The heap a result keeps alive (needs node --expose-gc). */
async function retained(fn, dir) {
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const result = await fn(dir);
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  return [after - before, result][0];
}

const dir = await mkdtemp(join(tmpdir(), "herald-bench-"));
try {
  await writeSyntheticContent(dir, COUNT);
  const rows = [];
  for (const [name, corpus] of [
    ["sample (2 files)", sampleContentDir],
    [`synthetic (${COUNT} files)`, dir],
  ]) {
    // Warm both paths once so neither pays for module loading and JIT alone.
    await baseline(corpus);
    await herald(corpus);
    const base = { ms: await time(baseline, corpus), heap: await retained(baseline, corpus) };
    const ours = { ms: await time(herald, corpus), heap: await retained(herald, corpus) };
    rows.push({ name, base, ours });
  }
  const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
  console.log("content loading: loadContent vs parse-only baseline (median of 5, same run)");
  for (const { name, base, ours } of rows) {
    console.log(
      `  ${name.padEnd(22)} baseline ${base.ms.toFixed(1).padStart(7)} ms   herald ${ours.ms.toFixed(1).padStart(7)} ms   ratio ${(ours.ms / base.ms).toFixed(2)}   retained heap ${mb(base.heap)} vs ${mb(ours.heap)} (${(ours.heap / base.heap).toFixed(2)}x)`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
