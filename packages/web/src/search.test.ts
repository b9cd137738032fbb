import { join } from "node:path";
import { filesIn } from "@herald/model/testing";
import { describe, expect, it } from "vitest";
import { tempFolders } from "../test/temp-folders.js";
import { startIndex, writeIndexFiles } from "./search.js";

// Issue 15: Pagefind indexes each page as it is rendered. The index it writes depends on the
// order it is given the pages, so the pages go to it in the order of their paths, whatever
// order they are rendered in (it used to read the folder in the order the file system listed
// it: the same site indexed on tmpfs and on ext4 gave different index files).

const page = (lang: string, title: string, text: string) =>
  `<!doctype html><html lang="${lang}"><head><title>${title}</title></head><body><main><h1>${title}</h1><div data-pagefind-body><p>${text}</p></div></main></body></html>`;

const pages: Array<[string, string]> = [
  ["en/news/a/index.html", page("en", "Alpha", "Series B funding led by Benchmark")],
  ["en/news/b/index.html", page("en", "Beta", "A new office in London")],
  ["en/news/c/index.html", page("en", "Gamma", "Quarterly results and a hiring plan")],
  ["zh-cn/news/a/index.html", page("zh-CN", "融资", "获得四千万美元B轮融资")],
];
const paths = pages.map(([path]) => path);

const tempFolder = tempFolders("herald-search-");

/** Indexes `pages` given in `order` into a new folder; every file Pagefind wrote, by name. */
async function indexIn(order: Array<[string, string]>): Promise<Map<string, Buffer>> {
  const root = await tempFolder();
  const index = await startIndex(paths);
  try {
    // A page that is not an announcement's (the newsroom) is passed over.
    index.add("en/index.html", page("en", "Newsroom", "Every announcement"));
    for (const [path, html] of order) index.add(path, html);
    await writeIndexFiles(root, await index.files());
  } finally {
    await index.close();
  }
  return filesIn(join(root, "pagefind"));
}

describe("the search index", () => {
  it("#15: is the same files whatever order the pages are rendered in, and holds the announcements only", async () => {
    const inOrder = await indexIn(pages);
    const reversed = await indexIn([...pages].reverse());
    const shuffled = await indexIn([pages[2], pages[0], pages[3], pages[1]] as typeof pages);
    expect([...reversed.keys()]).toEqual([...inOrder.keys()]);
    for (const [name, bytes] of inOrder) {
      expect(reversed.get(name)?.equals(bytes), name).toBe(true);
      expect(shuffled.get(name)?.equals(bytes), name).toBe(true);
    }
    // One index per language, with its pages: the newsroom page is not among them.
    const entry = JSON.parse((inOrder.get("pagefind-entry.json") as Buffer).toString("utf8"));
    const counts = Object.values(entry.languages as Record<string, { page_count: number }>).map(
      (l) => l.page_count,
    );
    expect(counts.sort()).toEqual([1, 3]);
  }, 60_000);

  it("#15: says which page it was never given, rather than writing an index without it", async () => {
    const index = await startIndex(paths);
    try {
      for (const [path, html] of pages.slice(0, 2)) index.add(path, html);
      await expect(index.files()).rejects.toThrow("Pagefind was not given en/news/c/index.html");
    } finally {
      await index.close();
    }
  }, 60_000);
});
