import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRegularFile } from "./regular-file.js";

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
