import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Content, loadContent, sampleContentDir } from "@herald/model";
import { filesIn } from "@herald/model/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../test/build.js";
import { isWholeCard } from "./social-image.js";
import { pngOfEntry } from "./social-image-cache.js";

let content: Content;
const dirs: string[] = [];
const temp = async (name: string) => {
  const dir = await mkdtemp(join(tmpdir(), `herald-${name}-`));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  const loaded = await loadContent(sampleContentDir);
  if (!loaded.ok) throw new Error("the sample does not load");
  content = loaded.content;
});
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const expectSameFiles = (a: Map<string, Buffer>, b: Map<string, Buffer>) => {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [path, bytes] of a) {
    expect(Buffer.compare(bytes, b.get(path) as Buffer), path).toBe(0);
  }
};

describe("the site with a social-image cache", () => {
  it("#15: corrupt cache entries are drawn again: the site equals a cold build's, and each entry is repaired", async () => {
    const cold = await temp("site-cold");
    await buildSite(content, cold);
    const cacheDir = join(await temp("site-cache"), "cache");
    const first = await temp("site-first");
    await buildSite(content, first, cacheDir);
    expectSameFiles(await filesIn(first), await filesIn(cold));

    const folder = join(cacheDir, "social-images");
    const entries = (await readdir(folder)).sort();
    expect(entries).toHaveLength(4);
    const whole = new Map<string, Buffer>();
    for (const name of entries) whole.set(name, await readFile(join(folder, name)));
    // One entry cut short, one garbage, one another entry's bytes, one left alone.
    const [a, b, c] = entries as [string, string, string, string];
    await writeFile(join(folder, a), (whole.get(a) as Buffer).subarray(0, 3000));
    await writeFile(join(folder, b), "not a picture");
    await writeFile(join(folder, c), whole.get(a) as Buffer);

    const second = await temp("site-second");
    await buildSite(content, second, cacheDir);
    expectSameFiles(await filesIn(second), await filesIn(cold));
    expect((await readdir(folder)).sort()).toEqual(entries);
    for (const name of entries) {
      const bytes = await readFile(join(folder, name));
      expect(Buffer.compare(bytes, whole.get(name) as Buffer), name).toBe(0);
      expect(isWholeCard(pngOfEntry(bytes))).toBe(true);
    }
  });
});
