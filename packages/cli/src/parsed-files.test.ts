import { createHash } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BuildCache, cacheFolderOf } from "./build-cache.js";
import { KIND, ParsedFiles } from "./parsed-files.js";
import { tempDir } from "./test-support.js";

// Keys as the model makes them: the SHA-256 of a file's path and bytes.
const keyOf = (name: string) => createHash("sha256").update(name).digest("hex");
const value = (name: string) => ({ key: keyOf(name), parsed: `what ${name} says` });

/** Each entry file of the parsed kind, with its inode and modification time. */
async function entryFiles(out: string): Promise<Map<string, string>> {
  const root = join(cacheFolderOf(out), KIND);
  const found = new Map<string, string>();
  for (const shard of await readdir(root)) {
    for (const name of await readdir(join(root, shard))) {
      const info = await stat(join(root, shard, name));
      found.set(name, `${info.ino}:${info.mtimeMs}`);
    }
  }
  return found;
}

/** Saves what a build parsed: `names` read through `parsed` (from its cache or set anew). */
async function build(out: string, names: readonly string[]): Promise<ParsedFiles> {
  const parsed = await ParsedFiles.open(out, "content");
  for (const name of names)
    if (parsed.get(keyOf(name)) === undefined) parsed.set(keyOf(name), value(name));
  const cache = await BuildCache.open(out);
  await parsed.save(cache);
  await cache.prune([KIND]);
  return parsed;
}

describe("the parsed announcements kept between builds (#15)", () => {
  it("are kept in shards: an edit rewrites only the shards of the files it changed", async () => {
    const out = join(await tempDir("herald-parsed-"), "out");
    const names = Array.from({ length: 200 }, (_, i) => `news-${i}.md`);
    await build(out, names);
    const first = await entryFiles(out);
    // Many shards, so an edit has little to write again.
    expect(first.size).toBeGreaterThan(8);

    // Nothing changed: nothing written.
    await build(out, names);
    expect(await entryFiles(out)).toEqual(first);

    // One file edited: a new key in, an old key out, at most two shards written again.
    const edited = names.map((n) => (n === "news-7.md" ? "news-7.md, edited" : n));
    await build(out, edited);
    const after = await entryFiles(out);
    const rewritten = [...after].filter(([name, stamp]) => first.get(name) !== stamp);
    expect(rewritten.length).toBeGreaterThan(0);
    expect(rewritten.length).toBeLessThanOrEqual(2);

    // What was kept is read back whole: every file found, none parsed again.
    const again = await ParsedFiles.open(out, "content");
    for (const name of edited) expect(again.get(keyOf(name))).toEqual(value(name));
    expect(again.get(keyOf("news-7.md"))).toBeUndefined();
  });

  it("keeps nothing for a folder with no announcement", async () => {
    const out = join(await tempDir("herald-parsed-"), "out");
    await build(out, []);
    expect(await entryFiles(out).catch(() => new Map())).toEqual(new Map());
  });
});
