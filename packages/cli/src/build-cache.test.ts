import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  truncate,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { writeSyntheticContent } from "@herald/model/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheFolderOf } from "./build-cache.js";
import { changedFiles, expectNoStack, filesIn, runHerald } from "./test-support.js";

// Issue 15: the build cache beside OUT, with the real CLI (worker threads and all). Four
// translations of two synthetic announcements; organization 0 and person 0 appear in the
// first announcement only.

let root: string;
const content = () => join(root, "content");
const build = (out: string, ...more: string[]) =>
  runHerald(["build", "--content", content(), "--out", join(root, out), ...more], root);

/** Every file of a build, by its path in OUT (the marker and manifest included). */
const filesOf = (out: string) => filesIn(join(root, out));

/** Every entry file of one kind in the cache of `out`. */
async function entries(out: string, kind: string): Promise<string[]> {
  const dir = join(cacheFolderOf(join(root, out)), kind);
  const all = await readdir(dir, { recursive: true, withFileTypes: true });
  return all.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

let cold: Map<string, Buffer>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-cache-"));
  await writeSyntheticContent(content(), 4);
  const first = await build("cold", "--no-cache", "--jobs", "1");
  expect(first.code, first.stderr).toBe(0);
  cold = await filesOf("cold");
}, 300_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("herald build's cache", () => {
  it("#15: --no-cache keeps no folder; a cold build fills the cache beside OUT, and a warm build reuses every press kit and newsletter, byte-identical", async () => {
    expect(existsSync(cacheFolderOf(join(root, "cold")))).toBe(false);
    const first = await build("out");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).not.toContain("Reused");
    expect(changedFiles(cold, await filesOf("out"))).toEqual([]);
    expect(await entries("out", "pdf")).toHaveLength(4);
    expect(await entries("out", "email")).toHaveLength(4);
    // Nothing of the cache is inside OUT, so nothing of it is published.
    expect([...(await filesOf("out")).keys()].filter((f) => /cache/i.test(f))).toEqual([]);

    const second = await build("out");
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("Reused 8 press kits and newsletters");
    expect(second.stdout).toContain("made 0");
    expect(changedFiles(cold, await filesOf("out"))).toEqual([]);
  }, 300_000);

  it("#15: --jobs 1 and --jobs 2 build byte-identical files", async () => {
    const two = await build("two", "--no-cache", "--jobs", "2");
    expect(two.code, two.stderr).toBe(0);
    expect(changedFiles(cold, await filesOf("two"))).toEqual([]);
  }, 300_000);

  it("#15: a damaged, foreign or half-written entry is never trusted: the build makes the output again and repairs the entry", async () => {
    const [pdf1, pdf2, pdf3, pdf4] = (await entries("out", "pdf")).sort();
    const [email1] = await entries("out", "email");
    // A build killed mid-write (cut short), a stranger's file in its place, bytes flipped,
    // and a whole entry copied into another's place (it is Herald's, but not that key's).
    await truncate(pdf1 as string, 100);
    await writeFile(pdf2 as string, "%PDF-1.7 not Herald's entry\n");
    await writeFile(pdf3 as string, await readFile(pdf4 as string));
    const bytes = await readFile(email1 as string);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
    await writeFile(email1 as string, bytes);
    // And a leftover of a killed write.
    await writeFile(`${pdf1}.123-abcd.tmp`, "half");
    const repaired = await build("out");
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain("Reused 4 press kits and newsletters");
    expect(repaired.stdout).toContain("made 4");
    expect(changedFiles(cold, await filesOf("out"))).toEqual([]);
    expect(existsSync(`${pdf1}.123-abcd.tmp`)).toBe(false);
    // Repaired: the next build reuses all of them.
    const again = await build("out");
    expect(again.stdout).toContain("Reused 8 press kits and newsletters");
  }, 300_000);

  it("#15: a warm build links the cache's files into OUT; one edited in place through OUT, or missing from the cache, is made again, never published changed", async () => {
    const first = await build("linked");
    expect(first.code, first.stderr).toBe(0);
    const warm = await build("linked");
    expect(warm.stdout).toContain("Reused 8 press kits and newsletters");
    const [pdf, other] = [...(await filesOf("linked")).keys()].filter((f) => f.endsWith(".pdf"));
    const [eml] = [...(await filesOf("linked")).keys()].filter((f) => f.endsWith(".eml"));
    const [page] = [...(await filesOf("linked")).keys()].filter((f) => f.endsWith("index.html"));
    const [card] = [...(await filesOf("linked")).keys()].filter((f) => f.endsWith("social.png"));
    // The same disk blocks as the cache's copy: nothing written again.
    for (const file of [pdf, eml, page, card])
      expect((await stat(join(root, "linked", file as string))).nlink, file).toBe(2);
    // Someone edits a press kit and a page in OUT in place (the cache's copy is the same
    // file), and a file goes missing from the cache.
    await appendFile(join(root, "linked", pdf as string), "% an edit in place\n");
    await appendFile(join(root, "linked", page as string), "<!-- an edit in place -->");
    const blobs = join(cacheFolderOf(join(root, "linked")), "blobs");
    const emlBytes = await readFile(join(root, "linked", eml as string));
    const emlHash = createHash("sha256").update(emlBytes).digest("hex");
    await rm(join(blobs, emlHash.slice(0, 2), emlHash));
    const repaired = await build("linked");
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain("made 2");
    expect(changedFiles(cold, await filesOf("linked"))).toEqual([]);
    // What was not touched is still linked, not written again.
    expect((await stat(join(root, "linked", other as string))).nlink).toBe(2);
    const again = await build("linked");
    expect(again.stdout).toContain("Reused 8 press kits and newsletters");
    expect(changedFiles(cold, await filesOf("linked"))).toEqual([]);
  }, 300_000);

  it("#15: a folder, a link or a pipe in an entry's place is neither read, followed nor deleted: the build goes on", async () => {
    // A shard no entry of the build is in: the test removes it whole at its end (one named
    // "ab" took a real entry with it whenever a press kit's key began with "ab").
    const entriesBefore = (await entries("out", "pdf")).sort();
    const real = entriesBefore.map((e) => basename(e));
    const prefix = [...Array(256).keys()]
      .map((n) => n.toString(16).padStart(2, "0"))
      .find((p) => !real.some((e) => e.startsWith(p))) as string;
    const shard = join(cacheFolderOf(join(root, "out")), "pdf", prefix);
    await mkdir(join(shard, prefix.repeat(32)), { recursive: true });
    await writeFile(join(shard, prefix.repeat(32), "mine.txt"), "mine");
    await mkdir(join(shard, "left.tmp"));
    // A link to a file outside, named like an entry: the build must not delete what it leads to.
    const outside = join(root, "outside.txt");
    await writeFile(outside, "mine");
    await symlink(outside, join(shard, "cd".repeat(32)));
    const [pdf1] = entriesBefore;
    await rm(pdf1 as string);
    execFileSync("mkfifo", [pdf1 as string]);
    const result = await build("out");
    expect(result.code, result.stderr).toBe(0);
    expectNoStack(result.stderr);
    expect(changedFiles(cold, await filesOf("out"))).toEqual([]);
    expect(await readFile(join(shard, prefix.repeat(32), "mine.txt"), "utf8")).toBe("mine");
    expect(existsSync(join(shard, "left.tmp"))).toBe(true);
    expect(await readFile(outside, "utf8")).toBe("mine");
    await rm(shard, { recursive: true, force: true });
    await rm(pdf1 as string, { force: true });
    // The entry made again, for the tests that follow.
    expect((await build("out")).stdout).toContain("made 1");
  }, 300_000);

  it("#15: a change to a shared input (an organization's name) makes again exactly the outputs that show it", async () => {
    const before = await filesOf("out");
    const orgs = join(content(), "organizations.yaml");
    const original = await readFile(orgs, "utf8");
    await writeFile(orgs, original.replace("name: Organization 0\n", "name: Renamed Capital\n"));
    try {
      const result = await build("out");
      expect(result.code, result.stderr).toBe(0);
      // Announcement 0's press kits and emails (en and zh-CN), and nothing else of them.
      expect(result.stdout).toContain("Reused 4 press kits and newsletters");
      expect(result.stdout).toContain("made 4");
      const outputs = changedFiles(before, await filesOf("out")).filter((f) =>
        /\.pdf$|^email\//.test(f),
      );
      expect(outputs).toEqual([
        "email/news-0.en.eml",
        "email/news-0.en.html",
        "email/news-0.en.txt",
        "email/news-0.zh-CN.eml",
        "email/news-0.zh-CN.html",
        "email/news-0.zh-CN.txt",
        "site/en/news/news-0/news-0.en.pdf",
        "site/zh-CN/news/news-0/news-0.zh-CN.pdf",
      ]);
      // The same as a build without the cache of the same content.
      expect((await build("fresh", "--no-cache")).code).toBe(0);
      expect(changedFiles(await filesOf("fresh"), await filesOf("out"))).toEqual([]);
    } finally {
      await writeFile(orgs, original);
    }
    // Back as it was, for the tests that follow.
    expect((await build("out")).code).toBe(0);
  }, 300_000);

  it("#15: the parsed announcements are kept too: an edited file is parsed again and the build equals a cold one", async () => {
    expect((await entries("out", "parsed")).length).toBeGreaterThan(0);
    const file = join(content(), "announcements", "news-1.en.md");
    const original = await readFile(file, "utf8");
    await writeFile(file, original.replace(/^title: .*$/m, 'title: "An edited title"'));
    try {
      const result = await build("out");
      expect(result.code, result.stderr).toBe(0);
      // Its press kit and email, and those of its translation, which name its title.
      expect(result.stdout).toContain("Reused 4 press kits and newsletters");
      expect(result.stdout).toContain("made 4");
      expect((await build("fresh", "--no-cache")).code).toBe(0);
      expect(changedFiles(await filesOf("fresh"), await filesOf("out"))).toEqual([]);
      const page = (await filesOf("out")).get("site/en/news/news-1/index.html")?.toString();
      expect(page).toContain("An edited title");
    } finally {
      await writeFile(file, original);
    }
    expect((await build("out")).code).toBe(0);
    expect(changedFiles(cold, await filesOf("out"))).toEqual([]);
  }, 300_000);

  it("#15: a folder where the cache goes that is not Herald's is left alone: the build warns and keeps nothing there", async () => {
    const theirs = cacheFolderOf(join(root, "mine"));
    await mkdir(theirs, { recursive: true });
    await writeFile(join(theirs, "notes.txt"), "mine");
    const result = await build("mine");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("is not Herald's cache");
    expect(await readdir(theirs)).toEqual(["notes.txt"]);
    expect(changedFiles(cold, await filesOf("mine"))).toEqual([]);
  }, 300_000);

  it("#15: --jobs takes a whole number from 1 to 64, and says so", async () => {
    for (const bad of ["0", "two", "-1", "1.5", "65"]) {
      const result = await build("never", `--jobs=${bad}`);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--jobs must be a whole number from 1 to 64, not "${bad}"`);
      expectNoStack(result.stderr);
    }
    expect(existsSync(join(root, "never"))).toBe(false);
  });
});
