// Benchmark: Herald's site step (renderSite) against plain Eleventy building the same Markdown
// files with a minimal layout, measured side by side in one run, on the sample and on 1,000
// synthetic translations; then the site step's peak memory for 500 against 2,000.
//
//   pnpm --filter @herald/web bench      (or `pnpm bench` for every package)
//   node bench/site.mjs --count 1000 --runs 3 --cold-runs 1
//
// What is timed: renderSite alone, as `herald build` runs it after the press kits: copying the
// content's published files, the press-kit ZIPs, every page through Eleventy, the icons, the
// social images and the Pagefind index. Not timed: loading the content and making the
// documents (shown on their own line; `herald check` does the same work), and placing the
// press-kit PDFs in the site folder, which the build does before the site step. The web
// package does not depend on the PDF renderer, so each PDF is stand-in bytes of a real press
// kit's size (the sample's: 58 KB in Latin, 164 KB in CJK), as incompressible as a real one's
// deflated streams: the ZIP stores them as it stores real ones.
//
// Warm: the social-image cache holds every card, as it does on a second build (and on every
// build after an edit, but for the edited announcement's card). That is the fair comparison
// with plain Eleventy, which draws no picture; the goal (< 1.3) is for it. The search index of
// the last build is kept too (see search-cache): warm, nothing changed, Pagefind is not run.
// Edited: one announcement differs from the last build, so its card is drawn, and Pagefind is
// started when its page is rendered and indexes every page again. Cold: an empty
// cache, as on the very first build, where satori draws every card (~45 ms each).
//
// Each run's files are kept until both sides are done, in one folder deleted at the end: on
// this machine kind's file system (ext4 without a journal), a file made within half a minute
// of deleting thousands waits in the kernel while it skips every inode deleted
// (`recently_deleted`), which measured the side that ran after a deletion and made the more
// files, not either side's code.
//
// Also shown: the CPU time of this process alone (user + system, worker threads included,
// Pagefind's own process not) for each side. On a machine loaded by other work the wall
// times swing by several times from run to run; the CPU time says how much work each did.
import { spawnSync } from "node:child_process";
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Eleventy from "@11ty/eleventy";
import { announcementDocument, loadContent, sampleContentDir } from "@herald/model";
import { writeSyntheticContent } from "@herald/model/testing";
import { renderSite } from "../dist/index.js";

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    runs: { type: "string", default: "3" },
    "cold-runs": { type: "string", default: "1" },
    // Internal: one site build in this process, then its peak RSS on stdout.
    rss: { type: "string" },
    cache: { type: "string" },
    "skip-memory": { type: "boolean", default: false },
  },
});
const RUNS = Number(args.runs);
const COLD_RUNS = Number(args["cold-runs"]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;

async function load(contentDir) {
  const result = await loadContent(contentDir);
  if (!result.ok) throw new Error(`content did not load: ${result.diagnostics[0]?.message}`);
  const { content } = result;
  return { content, documents: content.announcements.map((a) => announcementDocument(content, a)) };
}

/** Stand-in bytes for each document's PDF, of a real press kit's size (see above). */
function pressKits({ documents }) {
  return documents.map((d) => {
    const size = /^(zh|ja|ko)/.test(d.locale) ? 167_921 : 59_481;
    const bytes = new Uint8Array(size);
    // A fixed linear congruential sequence: the same bytes every run, no repeats to compress.
    let x = size;
    for (let i = 0; i < size; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      bytes[i] = x >>> 24;
    }
    bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
    return { file: d.pdf.file.replace(/^site\//, ""), bytes };
  });
}

async function placePdfs(kits, siteDir) {
  for (const { file, bytes } of kits) {
    await mkdir(dirname(join(siteDir, file)), { recursive: true });
    await writeFile(join(siteDir, file), bytes);
  }
}

/** Milliseconds of CPU this process has used so far (user + system). */
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The CPU time of each timed run, by side: "plain" or "herald". */
const cpu = { plain: [], herald: [] };

/**
 * renderSite's time alone, in a fresh site folder inside `runs` with the PDFs in place; its
 * CPU time goes to `cpuTimes`. `documents` (default: the content's) stand for an edit.
 */
async function heraldSite(loaded, kits, runs, cacheDir, cpuTimes = cpu.herald, documents) {
  const out = await mkdtemp(join(runs, "herald-site-"));
  await placePdfs(kits, out);
  const cpuStart = cpuNow();
  const start = performance.now();
  await renderSite(
    loaded.content,
    documents ?? loaded.documents,
    out,
    cacheDir ? { cacheDir } : {},
  );
  const time = performance.now() - start;
  cpuTimes.push(cpuNow() - cpuStart);
  return time;
}

/**
 * The documents with one announcement edited (the middle one, so the search index is made
 * again from halfway): its title, as a writer fixing a word. `variant` alternates between two
 * such edits, so each edited build differs from the one before by that announcement alone.
 */
function editedDocuments({ documents }, variant) {
  const at = Math.floor(documents.length / 2);
  return documents.map((d, i) => (i === at ? { ...d, title: `${d.title} (${variant})` } : d));
}

/** The baseline: Eleventy on its own, the same Markdown files, one minimal layout. */
async function plainEleventy(contentDir, runs) {
  const input = await mkdtemp(join(runs, "plain-"));
  const out = await mkdtemp(join(runs, "plain-out-"));
  await mkdir(join(input, "_includes"));
  await writeFile(
    join(input, "_includes/layout.html"),
    "<!doctype html><html><head><title>{{ title }}</title></head><body>{{ content }}</body></html>",
  );
  await mkdir(join(input, "posts"));
  // Every file gets the layout and a permalink of its own (ids repeat across translations).
  await writeFile(
    join(input, "posts", "posts.11tydata.json"),
    JSON.stringify({ layout: "layout.html", permalink: "{{ page.fileSlug }}/index.html" }),
  );
  for (const name of await readdir(join(contentDir, "announcements"))) {
    await copyFile(join(contentDir, "announcements", name), join(input, "posts", name));
  }
  const cpuStart = cpuNow();
  const start = performance.now();
  const eleventy = new Eleventy(input, out, { quietMode: true });
  eleventy.disableLogger();
  await eleventy.write();
  const time = performance.now() - start;
  cpu.plain.push(cpuNow() - cpuStart);
  return time;
}

async function timed(runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await fn());
  return median(times);
}

async function compare(name, contentDir) {
  const loadStart = performance.now();
  const loaded = await load(contentDir);
  const loadTime = performance.now() - loadStart;
  const kits = pressKits(loaded);
  const runs = await mkdtemp(join(tmpdir(), "herald-bench-runs-"));
  const cacheDir = join(runs, "cache");
  try {
    // Untimed: warms Eleventy's and Herald's modules, and fills the caches for the warm and
    // the edited runs (each edited run differs from the last by one announcement).
    const editCache = join(runs, "edit-cache");
    await plainEleventy(contentDir, runs);
    await heraldSite(loaded, kits, runs, cacheDir);
    await heraldSite(loaded, kits, runs, editCache, [], editedDocuments(loaded, 1));
    // Interleaved, so a busy moment of the machine falls on all sides alike.
    const plain = [];
    const warm = [];
    const edited = [];
    const editedCpu = [];
    cpu.plain.length = 0;
    cpu.herald.length = 0;
    for (let i = 0; i < RUNS; i++) {
      plain.push(await plainEleventy(contentDir, runs));
      warm.push(await heraldSite(loaded, kits, runs, cacheDir));
      const documents = editedDocuments(loaded, i % 2);
      edited.push(await heraldSite(loaded, kits, runs, editCache, editedCpu, documents));
    }
    const base = median(plain);
    const ours = median(warm);
    const oneEdited = median(edited);
    const [plainCpu, heraldCpu] = [median(cpu.plain), median(cpu.herald)];
    const cold = COLD_RUNS
      ? await timed(COLD_RUNS, () => heraldSite(loaded, kits, runs, undefined))
      : 0;
    console.log(`  ${name}`);
    console.log(`    plain Eleventy                         ${ms(base)}`);
    console.log(
      `    Herald site, warm social-image cache   ${ms(ours)}   ratio ${(ours / base).toFixed(2)} (goal < 1.3)`,
    );
    console.log(
      `    CPU of this process, plain / warm      ${ms(plainCpu)} / ${ms(heraldCpu).trim()}   ratio ${(heraldCpu / plainCpu).toFixed(2)} (Pagefind's process not counted)`,
    );
    console.log(
      `    Herald site, one announcement edited   ${ms(oneEdited)}   ratio ${(oneEdited / base).toFixed(2)} (its card drawn, the search index made again; CPU ${ms(median(editedCpu)).trim()})`,
    );
    if (COLD_RUNS) {
      console.log(
        `    Herald site, cold (every card drawn)   ${ms(cold)}   ratio ${(cold / base).toFixed(2)} (no goal: ${loaded.documents.length} cards drawn)`,
      );
    }
    console.log(`    (not timed above) load + documents     ${ms(loadTime)}`);
  } finally {
    await rm(runs, { recursive: true, force: true });
  }
}

/** Peak RSS of one process that builds the site of `count` synthetic translations (see --rss). */
function peakRss(count, cacheDir) {
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", fileURLToPath(import.meta.url), "--rss", String(count), "--cache", cacheDir],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (run.status !== 0) throw new Error(`the memory run for ${count} failed`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1));
}

if (args.rss) {
  // One site build in this process, with the social-image cache given: the RSS before the site
  // step (content and documents loaded) and the peak over the whole process.
  const count = Number(args.rss);
  const dir = await mkdtemp(join(tmpdir(), "herald-bench-rss-"));
  try {
    await writeSyntheticContent(join(dir, "content"), count);
    const loaded = await load(join(dir, "content"));
    const site = join(dir, "site");
    await placePdfs(pressKits(loaded), site);
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    await renderSite(loaded.content, loaded.documents, site, { cacheDir: args.cache });
    const peak = process.resourceUsage().maxRSS * 1024;
    console.log(JSON.stringify({ before, peak }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
} else {
  const count = Number(args.count);
  const synthetic = await mkdtemp(join(tmpdir(), "herald-bench-content-"));
  try {
    await writeSyntheticContent(synthetic, count);
    console.log(
      `site step: Herald's renderSite vs plain Eleventy, median of ${RUNS} (cold: ${COLD_RUNS}), same run`,
    );
    await compare("sample", sampleContentDir);
    await compare(`synthetic (${count} translations)`, synthetic);
  } finally {
    await rm(synthetic, { recursive: true, force: true });
  }
  if (!args["skip-memory"]) {
    // Warm caches, as a second build has: one build of 2,000 (untimed, its cards drawn) fills
    // a cache; the 500 (whose cards are among the 2,000's) build with a copy of it.
    const caches = await mkdtemp(join(tmpdir(), "herald-bench-rss-cache-"));
    try {
      peakRss(2000, join(caches, "large"));
      await cp(join(caches, "large"), join(caches, "small"), { recursive: true });
      const small = peakRss(500, join(caches, "small"));
      const large = peakRss(2000, join(caches, "large"));
      const mb = (x) => `${(x / 2 ** 20).toFixed(0).padStart(5)} MB`;
      console.log(
        "site step memory: peak RSS of a process that loads the content and builds the site (warm cache)",
      );
      console.log(
        `    500 translations     ${mb(small.peak)}  (before the site step ${mb(small.before)})`,
      );
      console.log(
        `    2,000 translations   ${mb(large.peak)}  (before the site step ${mb(large.before)})`,
      );
      console.log(
        `    ratio ${(large.peak / small.peak).toFixed(2)} (goal for a whole build <= 1.3); the site step's own growth: ${mb(small.peak - small.before)} vs ${mb(large.peak - large.before)}`,
      );
    } finally {
      await rm(caches, { recursive: true, force: true });
    }
  }
}
