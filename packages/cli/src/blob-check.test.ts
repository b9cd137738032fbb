import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFiles, checkFilesHere } from "./blob-check.js";
import { BuildCache } from "./build-cache.js";
import { tempDir } from "./test-support.js";

// Issue 15: the cache's files are read and hashed on another thread while the content is
// read; the build then takes a file so checked without reading it, unless it changed since.

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");
/** A minute ago: long enough that a file's time says whether it was written since. */
const settle = (file: string) =>
  utimes(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

/** Puts `text` under `name` in `folder` as the cache keeps its files (`<2 hex>/<SHA-256>`). */
async function blob(folder: string, text: string, name = sha256(text)): Promise<string> {
  await mkdir(join(folder, name.slice(0, 2)), { recursive: true });
  const file = join(folder, name.slice(0, 2), name);
  await writeFile(file, text);
  await settle(file);
  return file;
}

describe("the cache's files, checked on another thread", () => {
  it("#15: are the files whose bytes match their names, in real folders, written more than a moment ago", async () => {
    const folder = join(await tempDir("herald-blobs-"), "blobs");
    const good = sha256("good");
    await blob(folder, "good");
    // Bytes that are not the name's, a good file in another shard, a folder, a link to a
    // good file, a shard that is a link (to a good file outside), a file written just now.
    await blob(folder, "bad", sha256("something else"));
    await mkdir(join(folder, "00"), { recursive: true });
    await writeFile(join(folder, "00", sha256("elsewhere")), "elsewhere");
    await settle(join(folder, "00", sha256("elsewhere")));
    await mkdir(join(folder, "ab", `ab${"0".repeat(62)}`), { recursive: true });
    const linked = sha256("linked");
    await mkdir(join(folder, linked.slice(0, 2)), { recursive: true });
    await symlink(join(folder, good.slice(0, 2), good), join(folder, linked.slice(0, 2), linked));
    const outside = await tempDir("herald-blobs-outside-");
    await blob(outside, "outside");
    await symlink(
      join(outside, sha256("outside").slice(0, 2)),
      join(folder, sha256("outside").slice(0, 2)),
    );
    const fresh = sha256("fresh");
    await mkdir(join(folder, fresh.slice(0, 2)), { recursive: true });
    await writeFile(join(folder, fresh.slice(0, 2), fresh), "fresh");

    const found = checkFilesHere(folder);
    expect([...found.keys()]).toEqual([good]);
    expect(found.get(good)?.size).toBe(4);
    // The same on the thread of the built CLI, as from source.
    const script = new URL("../dist/blob-worker.js", import.meta.url);
    expect(await readdir(fileURLToPath(new URL(".", script)))).toContain("blob-worker.js");
    expect(await checkFiles(folder, script)).toEqual(found);
    // A folder that is not there: nothing checked, no failure.
    expect((await checkFiles(join(folder, "none"), script)).size).toBe(0);
  });

  it("#15: a file so checked is not read when taken from the cache, and one changed since is never published", async () => {
    const out = join(await tempDir("herald-blobs-"), "out");
    const first = await BuildCache.open(out);
    const pdf = new TextEncoder().encode("%PDF a press kit");
    const key = "1".repeat(64);
    const { kept } = await first.put("pdf", key, { meta: { warnings: [] }, files: [pdf] });
    await settle(kept[0] as string);

    // Checked, then changed after the build took it: its bytes, asked for only now, are
    // not the ones checked, and the build is told so (they were never read before).
    const cache = await BuildCache.open(out);
    const checked = checkFiles(BuildCache.filesFolder(out));
    cache.useChecked(checked);
    await checked;
    const taken = await cache.get("pdf", key);
    expect(taken?.kept).toEqual(kept);
    await writeFile(kept[0] as string, "%PDF altered bytes");
    expect(() => taken?.files).toThrow("changed while this build used it. Build again");

    // Checked, then changed in place before the build took it (the same size): read again,
    // found damaged, made anew.
    await writeFile(kept[0] as string, "%PDF a press kit");
    await settle(kept[0] as string);
    const again = await BuildCache.open(out);
    const checkedAgain = checkFiles(BuildCache.filesFolder(out));
    again.useChecked(checkedAgain);
    expect((await checkedAgain).size).toBe(1);
    await writeFile(kept[0] as string, "%PDF a press kib");
    expect(await again.get("pdf", key)).toBeUndefined();
    expect(again.stats.repaired).toBe(1);
  });
  it("#15: a site file whose copy was so checked is linked to it; a copy changed since is written again", async () => {
    const root = await tempDir("herald-blobs-");
    const out = join(root, "out");
    const page = "<!doctype html><p>A page</p>";
    const first = await BuildCache.open(out);
    await first.place(join(root, "first.html"), page);
    const kept = join(BuildCache.filesFolder(out), sha256(page).slice(0, 2), sha256(page));
    await settle(kept);

    const cache = await BuildCache.open(out);
    const checked = checkFiles(BuildCache.filesFolder(out));
    cache.useChecked(checked);
    expect((await checked).has(sha256(page))).toBe(true);
    await cache.place(join(root, "linked.html"), page);
    expect((await stat(join(root, "linked.html"))).ino).toBe((await stat(kept)).ino);

    // Changed in place after the check (the same size): compared, found other, written anew.
    await writeFile(kept, page.replace("A page", "B page"));
    await cache.place(join(root, "again.html"), page);
    expect(await readFile(join(root, "again.html"), "utf8")).toBe(page);
    expect(await readFile(kept, "utf8")).toBe(page);
  });
});
