import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import {
  announcementDocument,
  type Content,
  companyOf,
  loadContent,
  sampleContentDir,
} from "@herald/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CardJob, writeSocialImages } from "./social-image.js";

// What the lead's worker pool does with `drawCard`: the job goes to a worker thread (a
// structured clone), which imports the built `@herald/web/draw-card` entry and sends the PNG
// back. The site must come out byte for byte as when drawn in this thread.

let content: Content;
let worker: Worker;
const dirs: string[] = [];
const temp = async () => {
  const dir = await mkdtemp(join(tmpdir(), "herald-draw-"));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  const loaded = await loadContent(sampleContentDir);
  if (!loaded.ok) throw new Error("the sample does not load");
  content = loaded.content;
  const entry = fileURLToPath(new URL("../dist/draw-card.js", import.meta.url));
  const script = join(await temp(), "worker.mjs");
  await writeFile(
    script,
    `import { parentPort } from "node:worker_threads";
import { drawCard } from ${JSON.stringify(entry)};
parentPort.on("message", async ({ id, job }) => {
  parentPort.postMessage({ id, png: await drawCard(job) });
});
`,
  );
  worker = new Worker(script);
});
afterAll(async () => {
  await worker.terminate();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

let asked = 0;
const inWorker = (job: CardJob): Promise<Uint8Array> => {
  const id = ++asked;
  return new Promise((resolve) => {
    const answer = (message: { id: number; png: Uint8Array }) => {
      if (message.id !== id) return;
      worker.off("message", answer);
      resolve(message.png);
    };
    worker.on("message", answer);
    worker.postMessage({ id, job });
  });
};

async function files(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const name of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (name.isFile()) {
      const path = join(name.parentPath, name.name);
      out.set(path.slice(dir.length), await readFile(path));
    }
  }
  return out;
}

describe("drawCard for a worker pool", () => {
  it("#15: cards drawn in a worker thread are the same bytes; a warm cache asks for none", async () => {
    const companies = new Map(content.site.locales.map((l) => [l, companyOf(content, l)]));
    const documents = content.announcements.map((a) => announcementDocument(content, a));
    const here = await temp();
    await writeSocialImages(content, companies, documents, here);
    const jobs: CardJob[] = [];
    const cacheDir = join(await temp(), "cache");
    const there = await temp();
    const draw = (job: CardJob) => {
      jobs.push(job);
      return inWorker(job);
    };
    await writeSocialImages(content, companies, documents, there, { cacheDir, drawCard: draw });
    // Every card drawn there: one per announcement and language, and the site's per language.
    expect(jobs).toHaveLength(documents.length + companies.size);
    expect(jobs.filter((j) => documents.some((d) => d.title === j.card.title))).toHaveLength(
      documents.length,
    );
    const a = await files(here);
    const b = await files(there);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [path, bytes] of a)
      expect(Buffer.compare(bytes, b.get(path) as Buffer), path).toBe(0);

    // A second build with the cache: nothing to draw, the same files.
    jobs.length = 0;
    const again = await temp();
    await writeSocialImages(content, companies, documents, again, { cacheDir, drawCard: draw });
    expect(jobs).toHaveLength(0);
    const c = await files(again);
    for (const [path, bytes] of a)
      expect(Buffer.compare(bytes, c.get(path) as Buffer), path).toBe(0);
  });
});
