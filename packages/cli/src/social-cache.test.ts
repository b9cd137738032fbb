import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSyntheticContent } from "@herald/model/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheFolderOf } from "./build-cache.js";
import { runHerald } from "./test-support.js";

// Issue 13: social images are cached by content; since issue 15 in the cache folder beside OUT
// (.OUT.herald-cache/social). The real CLI, two builds.

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
    const cache = join(cacheFolderOf(out()), "social", "social-images");
    const entries = (await readdir(cache)).sort();
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

    // Which entry made which card: an entry ends with its card's bytes (after its seal).
    const entryOf = async (card: Buffer) => {
      for (const e of entries) {
        const bytes = await readFile(join(cache, e));
        if (bytes.subarray(bytes.length - card.length).equals(card)) return e;
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
    await writeFile(join(cache, a), bytesB);
    await writeFile(join(cache, b), bytesA);
    expect((await build()).code).toBe(0);
    const rebuilt = await cardsOf(join(out(), "site"));
    expect(rebuilt.get(firstPath)?.equals(first)).toBe(true);
    expect(rebuilt.get(secondPath)?.equals(second)).toBe(true);
    expect((await readFile(join(cache, a))).equals(bytesA)).toBe(true);
    expect((await readdir(cache)).sort()).toEqual(entries);
  });
});
