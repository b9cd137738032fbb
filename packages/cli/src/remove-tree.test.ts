import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { removeTree } from "./remove-tree.js";
import { tempDir } from "./test-support.js";

let dir: string;
beforeEach(async () => {
  dir = await tempDir("herald-remove-tree-");
});

describe("removeTree", () => {
  it("#15: removes a build's folders, files, links and pipes, and follows no link out of it", async () => {
    const outside = join(dir, "outside");
    await mkdir(join(outside, "kept"), { recursive: true });
    await writeFile(join(outside, "kept", "file.txt"), "not Herald's");
    const old = join(dir, "old");
    await mkdir(join(old, "site/en/news/a"), { recursive: true });
    await writeFile(join(old, "site/en/news/a/index.html"), "<p>a</p>");
    await writeFile(join(old, "manifest.json"), "{}");
    await symlink(outside, join(old, "site/link-to-folder"));
    await symlink(join(outside, "kept", "file.txt"), join(old, "site/en/link-to-file"));
    await symlink(join(dir, "nowhere"), join(old, "dangling"));
    execFileSync("mkfifo", [join(old, "site/pipe")]);
    await removeTree(old);
    expect(existsSync(old)).toBe(false);
    expect(await readFile(join(outside, "kept", "file.txt"), "utf8")).toBe("not Herald's");
  });

  it("#15: a folder already gone is no error", async () => {
    await expect(removeTree(join(dir, "gone"))).resolves.toBeUndefined();
  });
});
