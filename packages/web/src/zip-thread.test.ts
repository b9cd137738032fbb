import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeZips, type ZipJob } from "./zip-thread.js";

// The built package writes the ZIPs on a thread of its own (dist/zip-worker.js: the package is
// built before its tests run); from source, here. Both must write the same bytes and fail alike.

const built = new URL("../dist/zip-worker.js", import.meta.url);
const none = new URL("./no-such-worker.js", import.meta.url);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "herald-zip-thread-"));
  await mkdir(join(dir, "site/en/news/a"), { recursive: true });
  await writeFile(join(dir, "site/en/news/a/a.en.pdf"), "%PDF-1.7 a".repeat(1000));
  await writeFile(join(dir, "site/logo.svg"), "<svg/>");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const jobs = (out: string, extra: ZipJob["entries"] = []): ZipJob[] => [
  {
    siteDir: join(dir, "site"),
    file: join(dir, out, "en.zip"),
    entries: [
      { name: "about.txt", bytes: new TextEncoder().encode("About\n") },
      { name: "brand/logo.svg", path: "logo.svg" },
      { name: "press-kits/a.en.pdf", path: "en/news/a/a.en.pdf" },
    ],
  },
  {
    siteDir: join(dir, "site"),
    file: join(dir, out, "zh.zip"),
    entries: [{ name: "brand/logo.svg", path: "logo.svg" }, ...extra],
  },
];

describe("the press-kit ZIPs' thread", () => {
  it("is built, and writes the same bytes and sizes as this thread", async () => {
    expect(existsSync(fileURLToPath(built))).toBe(true);
    const here = new Map<string, number>();
    const there = new Map<string, number>();
    const made = await writeZips(jobs("here"), here, { script: none });
    expect(await writeZips(jobs("there"), there, { script: built })).toEqual(made);
    expect([...there]).toEqual([...here]);
    expect(here.get("en/news/a/a.en.pdf")).toBe(10_000);
    for (const name of ["en.zip", "zh.zip"]) {
      const bytes = await readFile(join(dir, "there", name));
      expect(bytes.equals(await readFile(join(dir, "here", name)))).toBe(true);
    }
    const en = unzipSync(new Uint8Array(await readFile(join(dir, "there/en.zip"))));
    expect(Object.keys(en)).toEqual(["about.txt", "brand/logo.svg", "press-kits/a.en.pdf"]);
    expect(made[0]).toBe((await readFile(join(dir, "there/en.zip"))).length);
  });

  it("fails as this thread does: the missing file named, the ZIPs before it kept", async () => {
    const missing = [{ name: "press-kits/b.en.pdf", path: "en/news/b/b.en.pdf" }];
    for (const [out, options] of [
      ["here", { script: none }],
      ["there", { script: built }],
      ["told-here", { script: built, thread: false }],
    ] as const) {
      const error = await writeZips(jobs(out, missing), undefined, options).catch((e) => e);
      expect(error.message).toContain(
        "en/news/b/b.en.pdf is not in the site folder, so the press-kit ZIP cannot hold it",
      );
      // Only an error of this thread keeps the read's own error (ENOENT) as its cause: told to
      // write here (--jobs 1), no thread is started though the worker is built.
      expect(error.cause === undefined).toBe(out === "there");
      expect(existsSync(join(dir, out, "en.zip"))).toBe(true);
      expect(existsSync(join(dir, out, "zh.zip"))).toBe(false);
    }
  });
});
