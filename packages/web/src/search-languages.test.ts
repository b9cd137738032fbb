import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { filesIn } from "@herald/model/testing";
import { describe, expect, it } from "vitest";
import { tempFolders } from "../test/temp-folders.js";
import { type SiteIndex, startIndex, writeIndexFiles } from "./search.js";
import { cachedIndex, pruneIndexes } from "./search-cache.js";
import {
  type IndexedPage,
  indexByLanguage,
  languagesOf,
  mergeIndexes,
} from "./search-languages.js";

// Issue 15: each language is indexed on its own, and the entry file made from theirs: the
// same search as Pagefind indexing every language at once, and an edit indexes again only
// its own language.

const page = (lang: string, title: string, text: string) =>
  `<!doctype html><html lang="${lang}"><head><title>${title}</title></head><body><main><h1>${title}</h1><div data-pagefind-body><p>${text}</p></div></main></body></html>`;

const first: Array<[IndexedPage, string]> = [
  [
    { path: "de/news/a/index.html", language: "de" },
    page("de", "Alpha", "Eine Finanzierungsrunde"),
  ],
  [{ path: "en/news/a/index.html", language: "en" }, page("en", "Alpha", "Series B funding")],
  [{ path: "en/news/b/index.html", language: "en" }, page("en", "Beta", "A new office in London")],
  [{ path: "zh-cn/news/a/index.html", language: "zh-CN" }, page("zh-CN", "融资", "获得B轮融资")],
];
const pages = first.map(([p]) => p);
/** The Chinese page edited. */
const edited = first.map(([p, html]): [IndexedPage, string] =>
  p.language === "zh-CN" ? [p, page("zh-CN", "融资", "获得C轮融资")] : [p, html],
);

const tempFolder = tempFolders("herald-search-languages-");

/** Gives `index` the pages (a newsroom page among them), then writes its files into a folder. */
async function publish(index: SiteIndex, given: Array<[IndexedPage, string]>) {
  const root = await tempFolder();
  try {
    index.add("en/index.html", page("en", "Newsroom", "Every announcement"));
    for (const [{ path }, html] of given) index.add(path, html);
    await writeIndexFiles(root, await index.files());
  } finally {
    await index.close();
  }
  return filesIn(join(root, "pagefind"));
}

const byLanguage = (given: Array<[IndexedPage, string]>, cache?: string, rendered?: string[]) => {
  const texts = new Map(given.map(([p, html]) => [p.path, html]));
  return publish(
    indexByLanguage(pages, async (paths, language) =>
      cache
        ? cachedIndex(paths, join(cache, language), (path) => {
            rendered?.push(path);
            return texts.get(path) as string;
          })
        : startIndex(paths),
    ),
    given,
  );
};

describe("the search index, one language at a time", () => {
  it("#15: is the files Pagefind makes indexing every language at once", async () => {
    const joint = await publish(await startIndex(pages.map((p) => p.path)), first);
    const split = await byLanguage(first);
    expect([...split.keys()].sort()).toEqual([...joint.keys()].sort());
    for (const [name, bytes] of joint) expect(split.get(name)?.equals(bytes), name).toBe(true);
  }, 60_000);

  it("#15: indexes again only the language of an edited page, and publishes what a build without a cache does", async () => {
    const cache = await tempFolder();
    // What an older Herald kept there (one index for all), and a language since removed.
    await writeFile(join(cache, "index.json"), "{}");
    await mkdir(join(cache, "files"));
    await mkdir(join(cache, "fr"));
    const once = await byLanguage(first, cache);
    expect(once).toEqual(await byLanguage(first));
    pruneIndexes(cache, languagesOf(pages));
    expect((await readdir(cache)).sort()).toEqual(["de", "en", "zh-cn"]);

    const rendered: string[] = [];
    const after = await byLanguage(edited, cache, rendered);
    expect(after).toEqual(await byLanguage(edited));
    // The Chinese index was made again, from its one page: no other page had to be given to
    // Pagefind again, and the other languages' kept files were published.
    expect(rendered).toEqual([]);
    const entry = JSON.parse((after.get("pagefind-entry.json") as Buffer).toString("utf8"));
    expect(Object.keys(entry.languages)).toEqual(["de", "en", "zh-cn"]);
  }, 60_000);

  it("#15: refuses two languages that would make one file differently, or one language twice", () => {
    const entry = (languages: object) => ({
      path: "pagefind-entry.json",
      content: Buffer.from(JSON.stringify({ version: "1", languages })),
    });
    const file = (text: string) => ({ path: "pagefind.js", content: Buffer.from(text) });
    expect(() =>
      mergeIndexes([
        [entry({ en: {} }), file("a")],
        [entry({ de: {} }), file("b")],
      ]),
    ).toThrow("Pagefind made two different pagefind.js");
    expect(() => mergeIndexes([[entry({ en: {} })], [entry({ en: {} })]])).toThrow(
      "Pagefind indexed en twice",
    );
    const merged = mergeIndexes([
      [entry({ en: { n: 1 } }), file("a")],
      [entry({ de: { n: 2 } }), file("a")],
    ]);
    expect(merged.map((f) => f.path)).toEqual(["pagefind-entry.json", "pagefind.js"]);
    expect(Buffer.from((merged[0] as { content: Uint8Array }).content).toString()).toBe(
      '{"version":"1","languages":{"de":{"n":2},"en":{"n":1}}}',
    );
  });
});
