// Benchmark: the PDF press kit, against headless Chromium printing the same announcement's
// web page to PDF, in one run. Lives in the CLI package because it needs both renderers.
//
//   pnpm --filter @herald/cli bench      (or `pnpm bench` for every package)
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { announcementDocument, loadContent, sampleContentDir } from "@herald/model";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@herald/model/testing";
import { renderPressKit } from "@herald/pdf";
import { renderSite } from "@herald/web";

const run = promisify(execFile);
const RUNS = 5;
const WARM = 20;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const loaded = await loadContent(sampleContentDir);
if (!loaded.ok) throw new Error("sample content does not load");
const { content } = loaded;
const a = content.announcements.find((x) => x.locale === "zh-CN");
const dir = await mkdtemp(join(tmpdir(), "herald-bench-pdf-"));

try {
  // Cold: a fresh Node process loads the fonts and renders one press kit.
  const script = join(dir, "cold.mjs");
  const here = (pkg) => pathToFileURL(fileURLToPath(import.meta.resolve(pkg))).href;
  await writeFile(
    script,
    `import { announcementDocument, loadContent } from ${JSON.stringify(here("@herald/model"))};
import { renderPressKit } from ${JSON.stringify(here("@herald/pdf"))};
const { content } = await loadContent(${JSON.stringify(sampleContentDir)});
const a = content.announcements.find((x) => x.locale === "zh-CN");
await renderPressKit(announcementDocument(content, a), { contentDir: content.dir });
`,
  );
  const cold = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run(process.execPath, [script]);
    cold.push(performance.now() - start);
  }

  // Warm: fonts loaded once, many documents in one process.
  const document = announcementDocument(content, a);
  const options = { contentDir: content.dir };
  await renderPressKit(document, options);
  const start = performance.now();
  let kit;
  for (let i = 0; i < WARM; i++) kit = await renderPressKit(document, options);
  const warm = (performance.now() - start) / WARM;

  // What tagging (PDF/UA-1: structure tree, marked content, XMP; issue 16) costs: the same
  // documents untagged, interleaved with tagged runs so that both see the same machine.
  const tagging = [];
  for (const d of content.announcements.map((x) => announcementDocument(content, x))) {
    const times = { tagged: [], untagged: [] };
    const sizes = {};
    for (let i = 0; i < WARM; i++) {
      for (const tagged of [true, false]) {
        const t = performance.now();
        const { bytes } = await renderPressKit(d, { ...options, tagged });
        times[tagged ? "tagged" : "untagged"].push(performance.now() - t);
        sizes[tagged] = bytes.length;
      }
    }
    tagging.push({
      locale: d.locale,
      time: median(times.tagged) / median(times.untagged),
      size: sizes.true / sizes.false,
      sizes,
    });
  }

  // Chromium printing the built web page of the same announcement.
  // The site as a build makes it: its press kits first (its ZIP holds them).
  const site = join(dir, "out", "site");
  const documents = content.announcements.map((x) => announcementDocument(content, x));
  for (const d of documents) {
    const file = join(dir, "out", d.pdf.file);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, (await renderPressKit(d, options)).bytes);
  }
  await renderSite(content, documents, site);
  const page = join(site, "zh-CN/news/docker-series-b/index.html");
  const chromium = [];
  const printed = join(dir, "chromium.pdf");
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run(CHROMIUM_PATH, [
      "--headless",
      ...CHROMIUM_ARGS,
      `--user-data-dir=${join(dir, `profile-${i}`)}`,
      "--no-pdf-header-footer",
      `--print-to-pdf=${printed}`,
      pathToFileURL(page).href,
    ]);
    chromium.push(performance.now() - t);
  }
  const chromiumSize = (await stat(printed)).size;
  const ours = kit.bytes.length;
  const chromiumTime = median(chromium);
  console.log(
    `PDF press kit (zh-CN sample, ${kit.pages} pages) vs Chromium --print-to-pdf of its web page, same run`,
  );
  console.log(`  Herald cold (fresh process)   ${median(cold).toFixed(0).padStart(6)} ms`);
  console.log(
    `  Herald warm (per document)    ${warm.toFixed(0).padStart(6)} ms   ${(warm / chromiumTime).toFixed(3)}x Chromium's time (goal < 0.1)`,
  );
  console.log(`  Chromium print-to-pdf         ${chromiumTime.toFixed(0).padStart(6)} ms`);
  console.log(
    `  size: Herald ${(ours / 1024).toFixed(0)} KB, Chromium ${(chromiumSize / 1024).toFixed(0)} KB   ratio ${(ours / chromiumSize).toFixed(2)} (goal <= 1)`,
  );
  console.log(
    "Tagging (PDF/UA-1) against the same press kit untagged, same run (goal < 1.15 each)",
  );
  for (const t of tagging) {
    console.log(
      `  ${t.locale.padEnd(6)} time ${t.time.toFixed(2)}x   size ${t.size.toFixed(2)}x (${(t.sizes.false / 1024).toFixed(0)} → ${(t.sizes.true / 1024).toFixed(0)} KB)`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
