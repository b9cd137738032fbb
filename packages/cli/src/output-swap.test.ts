import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoStack, runHerald } from "./test-support.js";

// Issue 15 (found by a hostile pass): the output folder as a careless user leaves it. A link
// named as OUT that leads to no folder yet failed only once the whole build was done, with a
// message about a file in the path; an old OUT that cannot be removed after the new one is in place
// (its files made immutable: they are links to the cache's) failed a build that had succeeded.

let root: string;
/** Makes every file under `dir` immutable, or no longer (chattr; links and folders left). */
const immutable = (dir: string, on: boolean) =>
  execFileSync("find", [dir, "-type", "f", "-exec", "chattr", on ? "+i" : "-i", "{}", "+"]);
const build = (out: string) =>
  runHerald(["build", "--content", sampleContentDir, "--out", out], root);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-output-swap-"));
});
afterAll(async () => {
  // Whatever a test left immutable is made removable first.
  immutable(root, false);
  await rm(root, { recursive: true, force: true });
});

describe("herald build's output folder", () => {
  it("#15: a link named as OUT that leads to no folder yet is built into, the link kept", async () => {
    const out = join(root, "dangling");
    await symlink(join(root, "not-yet", "out"), out);
    const result = await build(out);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(root, "not-yet", "out", "manifest.json"))).toBe(true);
    expect((await lstat(out)).isSymbolicLink()).toBe(true);
    // And again, now that it leads to Herald's build.
    expect((await build(out)).code).toBe(0);
  }, 120_000);

  it("#15: a link named as OUT that leads round in a circle is named before anything is built", async () => {
    const out = join(root, "circle-a");
    await symlink(join(root, "circle-b"), out);
    await symlink(out, join(root, "circle-b"));
    const result = await build(out);
    expect(result.code).toBe(1);
    expectNoStack(result.stderr);
    expect(result.stderr).toContain("leads round in a circle");
    expect(result.stderr).toContain("Fix:");
    expect((await readdir(root)).filter((n) => n.includes("building"))).toEqual([]);
  }, 120_000);

  it("#15: an old OUT that cannot be removed once the new one is in place does not fail the build", async () => {
    const out = join(root, "kept");
    expect((await build(out)).code).toBe(0);
    // The files of the old OUT immutable (chattr +i: root cannot remove them either), as a
    // hostile hand can make the cache's, which they are links to; its folders as they were.
    immutable(out, true);
    const result = await build(out);
    immutable(root, false);
    expect(result.code, result.stderr).toBe(0);
    expectNoStack(result.stderr);
    expect(
      JSON.parse(await readFile(join(out, "manifest.json"), "utf8")).announcements,
    ).toHaveLength(2);
    // What was left of the old one is said, with what to do.
    expect(result.stderr).toContain("could not remove");
  }, 180_000);
});
