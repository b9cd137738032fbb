import { existsSync } from "node:fs";
import { mkdir, readdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFolders } from "../test/temp-folders.js";
import { pruneIndexes } from "./search-cache.js";

// Issue 15, hostile review: the pruning of the languages' search indexes removes what Herald
// kept there (a language the newsroom dropped, the layout before languages), and nothing else:
// not a file someone put in the cache's folder, nor what a link there leads to.

const tempFolder = tempFolders("herald-search-prune-");

const HASH = "ab".repeat(32);
const OTHER = "cd".repeat(32);

/** A language's index as search-cache keeps it: index.json and files/<hash>. */
async function keptIndex(folder: string): Promise<void> {
  await mkdir(join(folder, "files"), { recursive: true });
  await writeFile(join(folder, "index.json"), "{}");
  await writeFile(join(folder, "files", HASH), "kept");
  // Leftovers of writes a killed build did not finish.
  await writeFile(join(folder, "files", `${OTHER}.123-456.tmp`), "half");
  await writeFile(join(folder, "index.json.123-789.tmp"), "half");
}

async function cacheRoot(): Promise<{ root: string; outside: string }> {
  const base = await tempFolder();
  const root = join(base, "search-index");
  const outside = join(base, "outside");
  await mkdir(root);
  await mkdir(join(outside, "files"), { recursive: true });
  await writeFile(join(outside, "index.json"), "{}");
  await writeFile(join(outside, "files", HASH), "not the cache's");
  return { root, outside };
}

describe("pruneIndexes", () => {
  it("removes the index of a language the newsroom dropped, and the layout before languages", async () => {
    const { root } = await cacheRoot();
    await keptIndex(join(root, "en"));
    await keptIndex(join(root, "fr"));
    await keptIndex(join(root, "pt-br"));
    // The layout before languages: one index in the folder itself.
    await writeFile(join(root, "index.json"), "{}");
    await mkdir(join(root, "files"));
    await writeFile(join(root, "files", HASH), "kept");
    pruneIndexes(root, new Set(["en"]));
    expect((await readdir(root)).sort()).toEqual(["en"]);
    // A language kept loses only the leftovers of killed writes.
    expect((await readdir(join(root, "en"))).sort()).toEqual(["files", "index.json"]);
    expect(await readdir(join(root, "en", "files"))).toEqual([HASH]);
  });

  it("leaves what Herald did not put there", async () => {
    const { root } = await cacheRoot();
    await keptIndex(join(root, "en"));
    await keptIndex(join(root, "fr"));
    await writeFile(join(root, "README.txt"), "my notes");
    await mkdir(join(root, "Backup"));
    await writeFile(join(root, "Backup", "index.json"), "mine");
    await writeFile(join(root, "fr", "mine.txt"), "mine");
    await writeFile(join(root, "fr", "files", "mine.txt"), "mine");
    pruneIndexes(root, new Set(["en"]));
    expect((await readdir(root)).sort()).toEqual(["Backup", "README.txt", "en", "fr"]);
    expect(existsSync(join(root, "Backup", "index.json"))).toBe(true);
    // Of the dropped language's folder, only what the index kept is gone.
    expect((await readdir(join(root, "fr"))).sort()).toEqual(["files", "mine.txt"]);
    expect(await readdir(join(root, "fr", "files"))).toEqual(["mine.txt"]);
  });

  it("never follows a link named like a language, nor the cache's folder when it is one", async () => {
    const { root, outside } = await cacheRoot();
    await symlink(outside, join(root, "fr"));
    await symlink(join(outside, "files"), join(root, "files"));
    pruneIndexes(root, new Set(["en"]));
    expect(existsSync(join(outside, "index.json"))).toBe(true);
    expect(existsSync(join(outside, "files", HASH))).toBe(true);
    const linked = join(root, "..", "linked");
    await symlink(outside, linked);
    pruneIndexes(linked, new Set(["en"]));
    expect(existsSync(join(outside, "index.json"))).toBe(true);
    expect(existsSync(join(outside, "files", HASH))).toBe(true);
  });
});
