import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { testPng } from "@herald/model/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { bin } from "./test-support.js";

// Issue 9, "nothing published that should not be": links inside the content folder that lead
// round in a circle, and Markdown links to assets, through the real CLI in its own process.

let root: string;
let content: string;
let out: string;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const build = () => run(["build", "--content", content, "--out", out]);

/** Every file under `dir`, relative, with forward slashes, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(dir.length + 1)
        .split("\\")
        .join("/"),
    )
    .sort();
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-links-"));
  content = join(root, "content");
  out = join(root, "out");
  await cp(sampleContentDir, content, { recursive: true });
  await mkdir(join(content, "assets"));
  await writeFile(join(content, "assets", "logo.png"), testPng(4, 4));
});

describe("#9: a link in assets/ to a folder that contains it publishes nothing more", () => {
  it("#9: assets/root -> .. and assets/a/up -> ../.. are skipped with link-loop; drafts and announcements stay unpublished", async () => {
    await mkdir(join(content, "drafts"));
    await writeFile(join(content, "drafts", "unannounced.png"), testPng(4, 4));
    await writeFile(join(content, "announcements", "inann.png"), testPng(4, 4));
    await symlink("..", join(content, "assets", "root"));
    await mkdir(join(content, "assets", "a"));
    await symlink("../..", join(content, "assets", "a", "up"));
    const result = await build();
    expect(result.stderr).toContain("assets/root:1:1 warning link-loop");
    expect(result.stderr).toContain(
      '"assets/root" is a symbolic link to .., which leads round in a circle; Herald skips it.',
    );
    expect(result.stderr).toContain("assets/a/up:1:1 warning link-loop");
    expect(result.code).toBe(0);
    expect(await filesUnder(join(out, "site", "assets"))).toEqual(["logo.png"]);
  });
});
