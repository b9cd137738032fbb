import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRegularFile, writeFileBeside } from "./regular-file.js";

describe("readRegularFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "herald-regular-"));
    await writeFile(join(dir, "file"), "bytes");
    await symlink(join(dir, "file"), join(dir, "link"));
    await mkdir(join(dir, "folder"));
    execFileSync("mkfifo", [join(dir, "pipe")]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads a regular file, of the size asked for when one is given", () => {
    expect(readRegularFile(join(dir, "file"))?.toString()).toBe("bytes");
    expect(readRegularFile(join(dir, "file"), 5)?.toString()).toBe("bytes");
    expect(readRegularFile(join(dir, "file"), 4)).toBeUndefined();
  });

  it("neither follows a link nor reads a folder, a pipe (without waiting) or nothing", () => {
    expect(readRegularFile(join(dir, "link"))).toBeUndefined();
    expect(readRegularFile(join(dir, "folder"))).toBeUndefined();
    expect(readRegularFile(join(dir, "pipe"))).toBeUndefined();
    expect(readRegularFile(join(dir, "missing"))).toBeUndefined();
  });
});

describe("writeFileBeside", () => {
  it("replaces a file whole, and leaves no temporary file when it cannot", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-beside-"));
    try {
      writeFileBeside(join(dir, "entry"), "old");
      writeFileBeside(join(dir, "entry"), "new");
      expect(await readFile(join(dir, "entry"), "utf8")).toBe("new");
      // A folder with a file in it where the file goes: the rename fails, and is said.
      await mkdir(join(dir, "taken"));
      await writeFile(join(dir, "taken", "mine"), "mine");
      expect(() => writeFileBeside(join(dir, "taken"), "new")).toThrow();
      expect((await readdir(dir)).sort()).toEqual(["entry", "taken"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("writes parts one after the other, as one file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-beside-"));
    try {
      const big = new Uint8Array(3 * 1024 * 1024).fill(7);
      const parts = [Buffer.from("head\n"), new Uint8Array(0), big.subarray(5), Buffer.from("end")];
      writeFileBeside(join(dir, "entry"), parts);
      expect(Buffer.compare(await readFile(join(dir, "entry")), Buffer.concat(parts))).toBe(0);
      writeFileBeside(join(dir, "empty"), []);
      expect((await readFile(join(dir, "empty"))).length).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(["empty", "entry"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
