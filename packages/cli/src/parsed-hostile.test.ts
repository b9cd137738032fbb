import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import {
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BuildCache, cacheFolderOf, cacheKey } from "./build-cache.js";
import { KIND, ParsedFiles } from "./parsed-files.js";
import { tempDir } from "./test-support.js";

// Issue 15, hostile review: the shards of the parsed announcements, damaged, replaced or
// moved by hand, are never trusted nor followed, and a build keeps its own again.

const keyOf = (name: string) => createHash("sha256").update(name).digest("hex");
const value = (name: string) => ({ key: keyOf(name), parsed: `what ${name} says` });
const NAMES = Array.from({ length: 40 }, (_, i) => `news-${i}.md`);

/** Saves what a build parsed of `names` in `content` (from the cache or set anew). */
async function build(out: string, names: readonly string[], content = "content") {
  const parsed = await ParsedFiles.open(out, content);
  const reused = names.filter((n) => parsed.get(keyOf(n)) !== undefined);
  for (const name of names) if (!reused.includes(name)) parsed.set(keyOf(name), value(name));
  const cache = await BuildCache.open(out);
  await parsed.save(cache);
  await cache.prune([KIND]);
  return reused;
}

/** The entry files of the parsed kind, by path under the cache. */
async function shardFiles(out: string): Promise<string[]> {
  const root = join(cacheFolderOf(out), KIND);
  const found: string[] = [];
  for (const folder of await readdir(root))
    for (const name of await readdir(join(root, folder))) found.push(join(root, folder, name));
  return found.sort();
}

/** A fresh output folder whose cache holds every one of NAMES, and a folder outside it. */
async function warm() {
  const base = await tempDir("herald-parsed-hostile-");
  const out = join(base, "out");
  await build(out, NAMES);
  expect(await build(out, NAMES)).toEqual(NAMES);
  const outside = join(base, "outside");
  await mkdir(outside);
  return { out, outside };
}

describe("the parsed announcements' shards, left in a hostile state (#15)", () => {
  it("a shard replaced by a link is not followed: its files are parsed again, what it leads to is left", async () => {
    const { out, outside } = await warm();
    const [shard] = await shardFiles(out);
    const copy = join(outside, "copy");
    await copyFile(shard as string, copy);
    const bytes = await readFile(copy);
    await rm(shard as string);
    await symlink(copy, shard as string);
    const reused = await build(out, NAMES);
    expect(reused.length).toBeLessThan(NAMES.length);
    expect((await readFile(copy)).equals(bytes)).toBe(true);
    expect((await lstat(shard as string)).isFile()).toBe(true);
    expect(await build(out, NAMES)).toEqual(NAMES);
  });

  it("a shard replaced by a pipe is not waited on, and a folder there is left as it is", async () => {
    const { out } = await warm();
    const [pipe, folder] = await shardFiles(out);
    await rm(pipe as string);
    execFileSync("mkfifo", [pipe as string]);
    await rm(folder as string);
    await mkdir(folder as string);
    await writeFile(join(folder as string, "mine.txt"), "mine");
    const reused = await build(out, NAMES);
    expect(reused.length).toBeLessThan(NAMES.length);
    expect((await lstat(pipe as string)).isFile()).toBe(true);
    expect(await readFile(join(folder as string, "mine.txt"), "utf8")).toBe("mine");
  });

  it("an entry in a shard that is not its key's is not used", async () => {
    const out = join(await tempDir("herald-parsed-hostile-"), "out");
    const cache = await BuildCache.open(out);
    const key = keyOf("moved.md");
    // The entry, sealed properly, in every shard, each copy saying which shard it was in.
    const shards = Array.from({ length: 64 }, (_, s) => cacheKey("parsed", resolve("content"), s));
    for (const [s, shard] of shards.entries())
      await cache.put(KIND, shard, { meta: [[key, { key, shard: s }]], files: [] });
    const found = (await ParsedFiles.open(out, "content")).get(key) as {
      key: string;
      shard: number;
    };
    expect(found.key).toBe(key);
    // Its own shard emptied: the 63 copies left are all in the wrong one.
    await cache.put(KIND, shards[found.shard] as string, { meta: [], files: [] });
    expect((await ParsedFiles.open(out, "content")).get(key)).toBeUndefined();
  });

  it("the shards of another content folder are not used, and a build of this one prunes them", async () => {
    const { out } = await warm();
    const before = await shardFiles(out);
    expect(await build(out, NAMES, "other")).toEqual([]);
    const after = await shardFiles(out);
    expect(after.filter((f) => before.includes(f))).toEqual([]);
    for (const file of before) expect(existsSync(file)).toBe(false);
  });
});
