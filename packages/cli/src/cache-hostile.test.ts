import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CACHE_MARKER, cacheFolderOf } from "./build-cache.js";
import { changedFiles, expectNoStack, filesIn, runHerald } from "./test-support.js";

// Issue 15: the build cache beside OUT as a careless or hostile user leaves it (links where
// its folders were, a search index's manifest rewritten), with the real CLI on the sample
// content. After each, the build succeeds with the files of a --no-cache build, and nothing
// outside OUT and its cache is written or deleted.

let root: string;
const content = () => join(root, "content");
const build = (out: string, ...more: string[]) =>
  runHerald(["build", "--content", content(), "--out", join(root, out), ...more], root);

/** Everything in a folder (folders too), by path: what a build must leave alone. */
const listing = async (dir: string) => (await readdir(dir, { recursive: true })).sort();

const HEX = "a".repeat(64);

/**
 * A folder outside every cache, holding files named as the caches name theirs (an entry, a
 * blob, a card) and one named otherwise: a link in the cache that leads here must not let a
 * build write here or delete anything.
 */
async function victim(name: string): Promise<string> {
  const dir = join(root, "victims", name);
  await mkdir(dir, { recursive: true });
  for (const file of [HEX, `${HEX}.png`, "notes.txt"]) await writeFile(join(dir, file), "mine\n");
  return dir;
}

/** A cache beside `out` made by hand: Herald's marker, and these links in it. */
async function cacheWithLinks(out: string, links: Record<string, string>): Promise<string> {
  const cache = cacheFolderOf(join(root, out));
  await mkdir(cache, { recursive: true });
  await writeFile(join(cache, CACHE_MARKER), `${JSON.stringify({ herald: "cache", format: 2 })}\n`);
  for (const [path, target] of Object.entries(links)) {
    await mkdir(join(cache, path, ".."), { recursive: true });
    await symlink(target, join(cache, path));
  }
  return cache;
}

let cold: Map<string, Buffer>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-hostile-"));
  await cp(sampleContentDir, content(), { recursive: true });
  const first = await build("cold", "--no-cache");
  expect(first.code, first.stderr).toBe(0);
  cold = await filesIn(join(root, "cold"));
}, 300_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("herald build's cache, left in a hostile state", () => {
  it.each([
    ["the site's folder and the blobs", { social: "social", blobs: "blobs" }],
    [
      "the search index's files and the social images",
      { "social/search-index/en/files": "files", "social/social-images": "images" },
    ],
    ["the search index", { "social/search-index": "search" }],
  ])(
    "#15: links in the cache in place of %s are not followed: nothing outside the cache is written or deleted",
    async (_, links) => {
      const out = `linked-${Object.values(links).join("-")}`;
      const victims: Record<string, string> = {};
      for (const [path, name] of Object.entries(links)) victims[path] = await victim(name);
      const before = await listing(join(root, "victims"));
      await cacheWithLinks(out, victims);
      const run = await build(out);
      expect(run.code, run.stderr).toBe(0);
      expect(changedFiles(cold, await filesIn(join(root, out)))).toEqual([]);
      expect(await listing(join(root, "victims"))).toEqual(before);
      for (const dir of Object.values(victims))
        expect((await readFile(join(dir, HEX))).toString()).toBe("mine\n");
    },
    300_000,
  );
});

describe("herald build's cache folder, a link", () => {
  it("#15: a cache folder that is a link to another folder is not used, and the warning says it is a link and what to do", async () => {
    const elsewhere = await victim("elsewhere");
    const before = await listing(elsewhere);
    await symlink(elsewhere, cacheFolderOf(join(root, "through-link")));
    const run = await build("through-link");
    expect(run.code, run.stderr).toBe(0);
    expectNoStack(run.stderr);
    expect(run.stderr).toBe(
      `warning: ${cacheFolderOf(join(root, "through-link"))} is a link, and Herald keeps its cache only in a folder of its own beside the output folder (a link could lead anywhere), so this build makes everything and keeps nothing there. Remove the link to let builds reuse their work.\n`,
    );
    expect(changedFiles(cold, await filesIn(join(root, "through-link")))).toEqual([]);
    expect(await listing(elsewhere)).toEqual(before);
  }, 300_000);
});

/** The English search index kept in the cache of `out`: its manifest's file. */
const manifestOf = (out: string) =>
  join(cacheFolderOf(join(root, out)), "social", "search-index", "en", "index.json");

/** The manifest `bytes` with its JSON changed by `edit`. */
function forged(bytes: Buffer, edit: (m: { files: unknown[][] }) => void): string {
  const manifest = JSON.parse(bytes.toString("utf8"));
  edit(manifest);
  return JSON.stringify(manifest);
}

describe("herald build's search index in the cache, rewritten", () => {
  let pristine: Promise<Buffer> | undefined;
  /** The manifest of a warm build's cache, before any edit. */
  const kept = () => {
    pristine ??= (async () => {
      const run = await build("forged");
      expect(run.code, run.stderr).toBe(0);
      return readFile(manifestOf("forged"));
    })();
    return pristine;
  };

  it.each([
    [
      "a file outside Pagefind's folder",
      (m: { files: unknown[][] }) => {
        (m.files[0] as unknown[])[0] = "../en/index.html";
      },
    ],
    [
      "a file with no name (Pagefind's folder itself)",
      (m: { files: unknown[][] }) => {
        (m.files[0] as unknown[])[0] = "";
      },
    ],
    [
      "one path twice (another file's bytes under it)",
      (m: { files: unknown[][] }) => {
        (m.files[1] as unknown[])[0] = (m.files[0] as unknown[])[0];
      },
    ],
  ])(
    "#15: a manifest naming %s is not trusted: the build makes the index again, as a --no-cache build does",
    async (_, edit) => {
      await writeFile(manifestOf("forged"), forged(await kept(), edit));
      const run = await build("forged");
      expect(run.code, run.stderr).toBe(0);
      expectNoStack(run.stderr);
      expect(changedFiles(cold, await filesIn(join(root, "forged")))).toEqual([]);
    },
    300_000,
  );
});
