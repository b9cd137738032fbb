import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { filesIn } from "@herald/model/testing";
import { describe, expect, it } from "vitest";
import { tempFolders } from "../test/temp-folders.js";
import { startIndex, writeIndexFiles } from "./search.js";
import { cachedIndex } from "./search-cache.js";

// Issue 15: the search index of the last build is kept, and used while the pages are the
// same; a page that differs, a kept file that was altered or a manifest of another kind makes
// the index again, the same files as a build without a cache.

const page = (lang: string, title: string, text: string) =>
  `<!doctype html><html lang="${lang}"><head><title>${title}</title></head><body><main><h1>${title}</h1><div data-pagefind-body><p>${text}</p></div></main></body></html>`;

const first: Array<[string, string]> = [
  ["en/news/a/index.html", page("en", "Alpha", "Series B funding led by Benchmark")],
  ["en/news/b/index.html", page("en", "Beta", "A new office in London")],
  ["en/news/c/index.html", page("en", "Gamma", "Quarterly results and a hiring plan")],
  ["zh-cn/news/a/index.html", page("zh-CN", "融资", "获得四千万美元B轮融资")],
];
const paths = first.map(([path]) => path);
/** The same pages, the last one edited (the first to differ comes after three that do not). */
const edited = first.map(([path, html], i): [string, string] =>
  i === 3 ? [path, page("zh-CN", "融资", "获得五千万美元C轮融资")] : [path, html],
);

const folder = tempFolders("herald-search-cache-");

/** Every file of the index in `root`, by name. */
const indexFiles = (root: string) => filesIn(join(root, "pagefind"));

/** Indexes `pages` without a cache, as a build with --no-cache does. */
async function uncached(pages: Array<[string, string]>): Promise<Map<string, Buffer>> {
  const root = await folder();
  const index = await startIndex(paths);
  try {
    for (const [path, html] of pages) index.add(path, html);
    await writeIndexFiles(root, await index.files());
  } finally {
    await index.close();
  }
  return indexFiles(root);
}

/** Indexes `pages` with the cache in `cache`; also how many pages had to be rendered again. */
async function cached(pages: Array<[string, string]>, cache: string) {
  const root = await folder();
  const rendered: string[] = [];
  const texts = new Map(pages);
  const index = cachedIndex(paths, cache, (path) => {
    rendered.push(path);
    return texts.get(path) as string;
  });
  try {
    // A page that is not an announcement's (the newsroom) is passed over, as by Pagefind.
    index.add("en/index.html", page("en", "Newsroom", "Every announcement"));
    for (const [path, html] of pages) index.add(path, html);
    await writeIndexFiles(root, await index.files());
  } finally {
    await index.close();
  }
  return { files: await indexFiles(root), rendered };
}

const expectSame = (actual: Map<string, Buffer>, expected: Map<string, Buffer>) => {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [name, bytes] of expected) expect(actual.get(name)?.equals(bytes), name).toBe(true);
};

describe("the search index kept between builds", () => {
  it("#15: is the same files as without a cache, first, again, and after an edit", async () => {
    const cache = await folder();
    const cold = await uncached(first);
    const once = await cached(first, cache);
    expectSame(once.files, cold);
    expect(once.rendered).toEqual([]);
    const again = await cached(first, cache);
    expectSame(again.files, cold);
    expect(again.rendered).toEqual([]);
    // The last page differs: Pagefind is started then, and given the three before it again.
    const after = await cached(edited, cache);
    expectSame(after.files, await uncached(edited));
    expect(after.rendered).toEqual(paths.slice(0, 3));
  }, 120_000);

  it("#15: publishes the kept files while the pages match, and only those it can check", async () => {
    const cache = await folder();
    await cached(first, cache);
    // The kept manifest is made to stand for files of other pages (the edited ones), with
    // their true hashes: while the pages match, those are what is published, unindexed again.
    const other = await folder();
    await cached(edited, other);
    const manifest = JSON.parse(await readFile(join(cache, "index.json"), "utf8"));
    const otherManifest = JSON.parse(await readFile(join(other, "index.json"), "utf8"));
    for (const [, hash] of otherManifest.files) {
      await writeFile(join(cache, "files", hash), await readFile(join(other, "files", hash)));
    }
    manifest.files = otherManifest.files;
    await writeFile(join(cache, "index.json"), JSON.stringify(manifest));
    const used = await cached(first, cache);
    expectSame(used.files, await uncached(edited));
    // One kept file altered, at the same size: nothing kept is published; the index is made
    // again, and kept.
    const [, hash] = manifest.files[0];
    const altered = await readFile(join(cache, "files", hash));
    altered[0] = (altered[0] as number) ^ 1;
    await writeFile(join(cache, "files", hash), altered);
    const repaired = await cached(first, cache);
    const cold = await uncached(first);
    expectSame(repaired.files, cold);
    expectSame((await cached(first, cache)).files, cold);
  }, 120_000);

  it("#15: makes the index again for a manifest of another version, another page or garbage", async () => {
    const cache = await folder();
    await cached(first, cache);
    const cold = await uncached(first);
    const manifest = JSON.parse(await readFile(join(cache, "index.json"), "utf8"));
    // Each manifest below would publish no file if it were trusted: the build would lose its
    // search. Each is passed over, and the index made again.
    const foreign = [
      { ...manifest, key: "0".repeat(64), files: [] },
      { ...manifest, pages: manifest.pages.slice(1), files: [] },
      "not json",
      { ...manifest, files: [["pagefind-entry.json", "../../etc/passwd", 1]] },
    ];
    for (const bad of foreign) {
      await writeFile(join(cache, "index.json"), JSON.stringify(bad));
      expectSame((await cached(first, cache)).files, cold);
    }
  }, 120_000);
});
