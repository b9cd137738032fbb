import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSyntheticContent } from "@herald/model/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheFolderOf } from "./build-cache.js";
import { runHerald } from "./test-support.js";

// Issue 13: social images are cached by content; since issue 15 in the cache folder beside OUT,
// as entries of its own (.OUT.herald-cache/card), each PNG kept once in its blobs. The real
// CLI, two builds.

let root: string;
const out = () => join(root, "out");
const build = () => runHerald(["build", "--content", join(root, "content"), "--out", out()], root);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-social-cache-"));
  await writeSyntheticContent(join(root, "content"), 2);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every social image the site holds, by its path in the site. */
async function cardsOf(site: string): Promise<Map<string, Buffer>> {
  const files = (await readdir(site, { recursive: true })).filter((f) => f.endsWith("social.png"));
  return new Map(
    await Promise.all(files.map(async (f) => [f, await readFile(join(site, f))] as const)),
  );
}

describe("herald build's social images", () => {
  it("#13: come from the last build's cache, which is outside the published site", async () => {
    expect((await build()).code).toBe(0);
    const cache = join(cacheFolderOf(out()), "card");
    const entries = (await readdir(cache, { recursive: true }))
      .filter((name) => /[0-9a-f]{64}$/.test(name))
      .sort();
    const cards = await cardsOf(join(out(), "site"));
    // A card per announcement and language (one in two), and the site's card of each language: each one
    // entry of the cache.
    expect([...cards.keys()].sort()).toEqual([
      "en/news/news-0/social.png",
      "en/social.png",
      "zh-CN/news/news-0/social.png",
      "zh-CN/social.png",
    ]);
    expect(entries).toHaveLength(4);
    expect(existsSync(join(out(), "site", ".cache"))).toBe(false);

    // Which entry made which card: an entry names its card's SHA-256 (after its seal).
    const entryOf = async (card: Buffer) => {
      const hash = createHash("sha256").update(card).digest();
      for (const e of entries) {
        if ((await readFile(join(cache, e))).includes(hash)) return e;
      }
      throw new Error("a card is not in the cache");
    };
    const [[firstPath, first], [secondPath, second]] = [...cards] as [
      [string, Buffer],
      [string, Buffer],
    ];
    expect(first.equals(second)).toBe(false);
    // #15: two whole entries swapped: each is Herald's, but not its key's. The next build draws
    // them again rather than publish one card in the other's place, and repairs them.
    const [a, b] = [await entryOf(first), await entryOf(second)];
    const [bytesA, bytesB] = [await readFile(join(cache, a)), await readFile(join(cache, b))];
    // Cards that builds before kept in a folder of their own go; what else is there stays.
    const legacy = join(cacheFolderOf(out()), "social", "social-images");
    await mkdir(legacy, { recursive: true });
    await writeFile(join(legacy, `${"a".repeat(64)}.png`), bytesA);
    await writeFile(join(legacy, "notes.txt"), "mine");
    await writeFile(join(cache, a), bytesB);
    await writeFile(join(cache, b), bytesA);
    expect((await build()).code).toBe(0);
    const rebuilt = await cardsOf(join(out(), "site"));
    expect(rebuilt.get(firstPath)?.equals(first)).toBe(true);
    expect(rebuilt.get(secondPath)?.equals(second)).toBe(true);
    expect((await readFile(join(cache, a))).equals(bytesA)).toBe(true);
    expect(
      (await readdir(cache, { recursive: true })).filter((n) => /[0-9a-f]{64}$/.test(n)).sort(),
    ).toEqual(entries);
    expect(await readdir(legacy)).toEqual(["notes.txt"]);
    // Each card is kept once: the site's file is a link to the cache's copy.
    const site = await stat(join(out(), "site", firstPath));
    expect(site.nlink).toBe(2);
  });
});
