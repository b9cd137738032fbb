import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { filesIn } from "@herald/model/testing";
import { describe, expect, it } from "vitest";
import { tempFolders } from "../test/temp-folders.js";
import { type SiteIndex, startIndex, writeIndexFiles } from "./search.js";
import { cachedIndex } from "./search-cache.js";
import { type IndexedPage, indexByLanguage } from "./search-languages.js";

// Issue 15, hostile review: a language's kept index whose manifest was edited to name
// another language's entry file (or one listing every language) is not used: the build
// makes that language's index again, and publishes what a build without a cache does.

const page = (lang: string, title: string, text: string) =>
  `<!doctype html><html lang="${lang}"><head><title>${title}</title></head><body><main><h1>${title}</h1><div data-pagefind-body><p>${text}</p></div></main></body></html>`;

const given: Array<[IndexedPage, string]> = [
  [{ path: "en/news/a/index.html", language: "en" }, page("en", "Alpha", "Series B funding")],
  [{ path: "zh-cn/news/a/index.html", language: "zh-CN" }, page("zh-CN", "融资", "获得B轮融资")],
];
const pages = given.map(([p]) => p);
const texts = new Map(given.map(([p, html]) => [p.path, html]));

const tempFolder = tempFolders("herald-search-forged-");

async function publish(index: SiteIndex) {
  const root = await tempFolder();
  try {
    for (const [{ path }, html] of given) index.add(path, html);
    await writeIndexFiles(root, await index.files());
  } finally {
    await index.close();
  }
  return filesIn(join(root, "pagefind"));
}

const byLanguage = (cache?: string) =>
  publish(
    indexByLanguage(pages, async (paths, language) =>
      cache
        ? cachedIndex(paths, join(cache, language), (path) => texts.get(path) as string, language)
        : startIndex(paths),
    ),
  );

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const ENTRY = "pagefind-entry.json";

type Manifest = { files: Array<[string, string, number]> };

describe("a language's kept search index, its entry file forged", () => {
  it.each([
    ["every language's entry file", (en: object, zh: object) => ({ ...zh, ...en })],
    ["another language's entry file", (_en: object, zh: object) => zh],
  ])(
    "#15: naming %s is not used: the build publishes what one without a cache does",
    async (_, languages) => {
      const cache = await tempFolder();
      const fresh = await byLanguage();
      expect(await byLanguage(cache)).toEqual(fresh);
      const manifestFile = join(cache, "en", "index.json");
      const read = async (language: string) => {
        const manifest = JSON.parse(
          await readFile(join(cache, language, "index.json"), "utf8"),
        ) as Manifest;
        const [, hash] = manifest.files.find(([path]) => path === ENTRY) as [
          string,
          string,
          number,
        ];
        return {
          manifest,
          entry: JSON.parse(await readFile(join(cache, language, "files", hash), "utf8")),
        };
      };
      const en = await read("en");
      const zh = await read("zh-cn");
      // Sealed as Herald seals its files: under the hash of its bytes, named by the manifest.
      const forged = Buffer.from(
        JSON.stringify({
          ...en.entry,
          languages: languages(en.entry.languages, zh.entry.languages),
        }),
      );
      await writeFile(join(cache, "en", "files", sha256(forged)), forged);
      const files = en.manifest.files.map(([path, hash, size]): [string, string, number] =>
        path === ENTRY ? [path, sha256(forged), forged.length] : [path, hash, size],
      );
      await writeFile(manifestFile, JSON.stringify({ ...en.manifest, files }));
      expect(await byLanguage(cache)).toEqual(fresh);
    },
    60_000,
  );
});
