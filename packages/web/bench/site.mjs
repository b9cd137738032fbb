// Benchmark: building the site with Herald against plain Eleventy building the same Markdown
// files with a minimal layout, measured side by side in one run. Herald's figure includes
// loading and validating the content (the model parses every file once).
//
//   pnpm --filter @herald/web bench      (or `pnpm bench` for every package)
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Eleventy from "@11ty/eleventy";
import { announcementDocument, loadContent, sampleContentDir } from "@herald/model";
import { writeSyntheticContent } from "@herald/model/testing";
import { renderSite } from "../dist/index.js";

const RUNS = 3;

async function herald(contentDir, out) {
  const result = await loadContent(contentDir);
  if (!result.ok) throw new Error(`content did not load: ${result.diagnostics[0]?.message}`);
  const { content } = result;
  const documents = content.announcements.map((a) => announcementDocument(content, a));
  await renderSite(content, documents, out);
}

/** The baseline: Eleventy on its own, the same Markdown files, one minimal layout. */
async function plainEleventy(contentDir, out) {
  const input = await mkdtemp(join(tmpdir(), "herald-bench-plain-"));
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
  const eleventy = new Eleventy(input, out, { quietMode: true });
  eleventy.disableLogger();
  await eleventy.write();
  await rm(input, { recursive: true, force: true });
}
async function median(fn, ...args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const out = await mkdtemp(join(tmpdir(), "herald-bench-out-"));
    const start = performance.now();
    await fn(...args, out);
    times.push(performance.now() - start);
    await rm(out, { recursive: true, force: true });
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

const synthetic = await mkdtemp(join(tmpdir(), "herald-bench-content-"));
try {
  await writeSyntheticContent(synthetic, 1000);
  console.log(
    `site build: Herald (load + validate + render) vs plain Eleventy, median of ${RUNS}, same run`,
  );
  for (const [name, dir] of [
    ["sample (2 files)", sampleContentDir],
    ["synthetic (1000 files)", synthetic],
  ]) {
    await plainEleventy(dir, await mkdtemp(join(tmpdir(), "herald-bench-warm-")));
    const base = await median(plainEleventy, dir);
    const ours = await median(herald, dir);
    console.log(
      `  ${name.padEnd(24)} plain Eleventy ${base.toFixed(0).padStart(6)} ms   Herald ${ours.toFixed(0).padStart(6)} ms   ratio ${(ours / base).toFixed(2)} (goal < 1.3)`,
    );
  }
} finally {
  await rm(synthetic, { recursive: true, force: true });
}
