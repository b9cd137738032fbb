import { execFileSync } from "node:child_process";
import {
  cp,
  mkdir,
  mkdtemp,
  readFile,
  rename,
  rm,
  symlink,
  truncate,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatDiagnostic } from "./diagnostics.js";
import { loadContent } from "./load.js";
import { testPng } from "./test-images.js";

const base = fileURLToPath(new URL("../test/fixtures/_base", import.meta.url));
let dir: string;

let temp: string;

beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), "herald-files-"));
  dir = join(temp, "content");
  await cp(base, dir, { recursive: true });
});
afterEach(() => rm(temp, { recursive: true, force: true }));

const report = async () => {
  const result = await loadContent(dir);
  return { result, text: result.diagnostics.map((d) => formatDiagnostic(d)).join("\n") };
};

describe("#9: announcement files", () => {
  it("#9: reads .MD files and announcements in subfolders, with their paths and relative assets", async () => {
    const launch = await readFile(join(dir, "announcements/launch.en.md"), "utf8");
    await rename(join(dir, "announcements/launch.en.md"), join(dir, "announcements/LAUNCH.EN.MD"));
    await mkdir(join(dir, "announcements/2024/march"), { recursive: true });
    await writeFile(join(dir, "assets/chart.png"), testPng(8, 8));
    await writeFile(
      join(dir, "announcements/2024/march/launch.zh-CN.md"),
      launch
        .replace("locale: en", "locale: zh-CN")
        .replace("../assets/chart.gif", "../../../assets/chart.png")
        .replace("https://www.example.com/news", "javascript:alert(1)"),
    );
    const { result, text } = await report();
    // The subfolder's file is read (its mistake is reported with its own path and line)...
    expect(text).toBe(
      [
        "announcements/2024/march/launch.zh-CN.md:16:25 error unsafe-link (text)",
        '  The link "javascript:alert(1)" is not allowed: links may only lead to web pages (http, https) or email addresses (mailto).',
        "  Fix: Link to an https:// address or a mailto: address instead, or remove the link.",
      ].join("\n"),
    );
    // ...and once it is fixed, both translations load, the image resolved from three levels down.
    await writeFile(
      join(dir, "announcements/2024/march/launch.zh-CN.md"),
      (await readFile(join(dir, "announcements/2024/march/launch.zh-CN.md"), "utf8")).replace(
        "javascript:alert(1)",
        "https://www.example.com/",
      ),
    );
    const fixed = await report();
    expect(fixed.text).toBe("");
    expect(result.ok).toBe(false);
    if (!fixed.result.ok) throw new Error("expected the content to load");
    expect(fixed.result.content.announcements.map((a) => a.file)).toEqual([
      "announcements/LAUNCH.EN.MD",
      "announcements/2024/march/launch.zh-CN.md",
    ]);
    expect(fixed.result.content.assets).toEqual(["assets/chart.gif", "assets/chart.png"]);
  });

  it("#9: warns about other files, and skips hidden files and editor backups quietly", async () => {
    for (const name of [
      "notes.txt",
      ".DS_Store",
      "launch.en.md~",
      "launch.en.md.bak",
      "#launch.en.md#",
      ".launch.en.md.swp",
    ]) {
      await writeFile(join(dir, "announcements", name), "leftover");
    }
    await mkdir(join(dir, "announcements/.git"));
    await writeFile(join(dir, "announcements/.git/HEAD"), "ref: refs/heads/main");
    const { result, text } = await report();
    expect(text).toBe(
      [
        "announcements/notes.txt:1:1 warning not-an-announcement",
        '  "announcements/notes.txt" is not read: announcements are Markdown files ending in .md.',
        "  Fix: Rename it to end in .md if it is an announcement; otherwise move it out of announcements/.",
      ].join("\n"),
    );
    expect(result.ok).toBe(true);
  });
});

describe("#9: files that would hang or exhaust the loader", () => {
  it("#9: a FIFO named like an announcement is skipped, never opened; a huge one is refused unread", async () => {
    execFileSync("mkfifo", [join(dir, "announcements/pipe.en.md")]);
    await writeFile(join(dir, "announcements/huge.en.md"), "");
    await truncate(join(dir, "announcements/huge.en.md"), 9 * 1024 * 1024); // sparse
    const { result, text } = await report();
    expect(text).toBe(
      [
        "announcements/huge.en.md:1:1 error file-too-large",
        '  "announcements/huge.en.md" is 9 MB; Herald accepts files of at most 8 MB here.',
        "  Fix: Split the text into several announcements, or remove what does not belong in it (save pictures in assets/).",
        "announcements/pipe.en.md:1:1 warning not-a-regular-file",
        '  "announcements/pipe.en.md" is a named pipe (FIFO), not a regular file; Herald does not read it.',
        "  Fix: Replace it with a regular file, or remove it.",
      ].join("\n"),
    );
    expect(result.ok).toBe(false);
  });
});

describe("#9: symlinks inside the content folder", () => {
  it("#9: an announcement linked from elsewhere in the content folder is read; one linked into .git is not", async () => {
    await mkdir(join(dir, "drafts"));
    await rename(join(dir, "announcements/launch.en.md"), join(dir, "drafts/launch.en.md"));
    await symlink("../drafts/launch.en.md", join(dir, "announcements/launch.en.md"));
    const { result, text } = await report();
    expect(text).toBe("");
    expect(result.ok).toBe(true);

    await mkdir(join(dir, ".git"));
    await writeFile(join(dir, ".git/config"), "[remote] url = https://token@example.com/");
    await symlink("../.git/config", join(dir, "assets/config.png"));
    const hidden = await report();
    expect(hidden.text).toBe(
      [
        "assets/config.png:1:1 error link-outside-content",
        '  "assets/config.png" is a symbolic link to ../.git/config, a hidden file or folder, which Herald never reads or publishes.',
        "  Fix: Copy the file into the content folder (not into a hidden folder) instead of linking to it, or remove the link.",
      ].join("\n"),
    );
  });

  it("#9: links that reach one folder many times read it once (no blow-up)", async () => {
    // Two links to the next level, fifteen levels deep: 32,768 paths if every link were followed.
    for (let level = 0; level < 15; level++) {
      await mkdir(join(dir, `assets/d${level}`));
      if (level > 0) {
        await symlink(`../d${level}`, join(dir, `assets/d${level - 1}/a`));
        await symlink(`../d${level}`, join(dir, `assets/d${level - 1}/b`));
      }
    }
    await writeFile(join(dir, "assets/d14/deep.png"), testPng(2, 2));
    const { result, text } = await report();
    expect(result.ok).toBe(true);
    // Through the links, each level is read once and its second link skipped (14); then the
    // real folders d1…d13 are read under their own names, and both their links skipped (26).
    expect(text.split("\n").filter((line) => line.includes("warning link-loop"))).toHaveLength(40);
    expect(text).toContain(
      '"assets/d0/b" is a symbolic link to ../d1, a folder Herald already reads as "assets/d0/a"; Herald skips it.',
    );
    if (result.ok) expect(result.content.assets).toContain("assets/d14/deep.png");
  });

  it("#9: a content folder that is itself a symlink is fine", async () => {
    const link = join(dir, "..", "link");
    await symlink(dir, link);
    const result = await loadContent(link);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    await rm(link);
  });
});

describe("#9: a link to a folder that contains it is never followed", () => {
  it("#9: assets/root -> .. (the content folder) publishes nothing from elsewhere; links further up and in announcements/ too", async () => {
    await mkdir(join(dir, "drafts"));
    await writeFile(join(dir, "drafts/unannounced.png"), testPng(2, 2));
    await writeFile(join(dir, "announcements/inann.png"), testPng(2, 2));
    await symlink("..", join(dir, "assets/root"));
    await mkdir(join(dir, "assets/deep/er"), { recursive: true });
    await symlink("../../..", join(dir, "assets/deep/er/up"));
    await symlink("..", join(dir, "announcements/all"));
    // A folder elsewhere in the content folder that does not contain the link is still followed.
    await mkdir(join(dir, "brand"));
    await writeFile(join(dir, "brand/logo.png"), testPng(2, 2));
    await symlink("../brand", join(dir, "assets/brand"));
    const { result, text } = await report();
    expect(text.split("\n").filter((line) => line.includes("link-loop"))).toEqual([
      "announcements/all:1:1 warning link-loop",
      "assets/deep/er/up:1:1 warning link-loop",
      "assets/root:1:1 warning link-loop",
    ]);
    expect(text).toContain(
      '"assets/root" is a symbolic link to .., which leads round in a circle; Herald skips it.',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.content.assets).toEqual(["assets/brand/logo.png", "assets/chart.gif"]);
    expect(result.content.announcements.map((a) => a.file)).toEqual(["announcements/launch.en.md"]);
  });

  it("#9: assets/ or announcements/ that is itself a link to the content folder is skipped", async () => {
    await mkdir(join(dir, "drafts"));
    await writeFile(join(dir, "drafts/unannounced.png"), testPng(2, 2));
    await rm(join(dir, "assets"), { recursive: true });
    await symlink(".", join(dir, "assets"));
    const { result, text } = await report();
    expect(text).toContain('"assets" is a symbolic link to ., which leads round in a circle');
    if (result.ok) expect(result.content.assets).toEqual([]);
    else expect(result.diagnostics.every((d) => !d.message.includes("unannounced"))).toBe(true);

    await rm(join(dir, "assets"));
    await mkdir(join(dir, "assets"));
    await rename(join(dir, "announcements"), join(dir, "news"));
    await symlink(".", join(dir, "announcements"));
    const loop = await report();
    expect(loop.text).toContain(
      '"announcements" is a symbolic link to ., which leads round in a circle',
    );
    expect(loop.text).not.toContain("not-an-announcement");
  });
});
