import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { testPng } from "@herald/model/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { removeTemp, runHerald } from "./test-support.js";

// Issue 9, "nothing published that should not be": links inside the content folder that lead
// round in a circle, and Markdown links to assets, through the real CLI in its own process.

let root: string;
let content: string;
let out: string;

const run = (args: string[]) => runHerald(args, root);

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
  await mkdir(join(content, "assets"), { recursive: true });
  await writeFile(join(content, "assets", "logo.png"), testPng(4, 4));
});
afterEach(() => removeTemp(root));

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
    expect(await filesUnder(join(out, "site", "assets"))).toEqual(["logo.png", "logo.svg"]);
  });
});

const emptyZip = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

async function addToAnnouncements(markdown: string) {
  for (const name of ["docker-series-b.en.md", "docker-series-b.zh-CN.md"]) {
    const file = join(content, "announcements", name);
    await writeFile(file, `${await readFile(file, "utf8")}\n${markdown}\n`);
  }
}

describe("#9: Markdown links to files in assets/ work on the web page", () => {
  it("#9: [zip](../assets/a_b.zip), names with spaces, subfolders and #fragments link to the published file; herald verify passes", async () => {
    await writeFile(join(content, "assets", "a_b.zip"), emptyZip);
    await writeFile(join(content, "assets", "sp ace.png"), testPng(4, 4));
    await mkdir(join(content, "assets", "docs"));
    await writeFile(join(content, "assets", "docs", "r 1.pdf"), "%PDF-1.4\n%%EOF\n");
    await addToAnnouncements(
      [
        "Get [the zip](../assets/a_b.zip), [the picture](../assets/sp%20ace.png),",
        '[page two](<../assets/docs/r 1.pdf#page=2> "Report") and ![Logo](../assets/logo.png).',
      ].join("\n"),
    );
    const built = await build();
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    const page = await readFile(
      join(out, "site", "en", "news", "docker-series-b", "index.html"),
      "utf8",
    );
    expect(page).toContain('<a href="../../../assets/a_b.zip">the zip</a>');
    expect(page).toContain('<a href="../../../assets/sp%20ace.png">the picture</a>');
    expect(page).toContain(
      '<a href="../../../assets/docs/r%201.pdf#page=2" title="Report">page two</a>',
    );
    expect(page).toContain('src="../../../assets/logo.png"');
    const verified = await run(["verify", "--content", content, "--out", out]);
    expect(verified.stdout + verified.stderr).not.toMatch(/does not resolve|missing|404/i);
    expect(verified.code).toBe(0);
  });
});

describe("#9: herald verify finds footnotes with images and links in every output", () => {
  it("#9: a footnote with an inline image, a web link and an asset link passes check, build and verify", async () => {
    await writeFile(join(content, "assets", "a_b.zip"), emptyZip);
    await addToAnnouncements(
      [
        "See the chart.[^9] And more.[^10]",
        "",
        "[^9]: Chart ![Chart](../assets/logo.png) here.",
        "[^10]: See [the docs](https://example.com/docs), **bold `code`** and [the zip](../assets/a_b.zip) now.",
      ].join("\n"),
    );
    const built = await build();
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    const verified = await run(["verify", "--content", content, "--out", out]);
    expect(verified.stderr).toBe("");
    expect(verified.stdout).toMatch(/^web(\s+ok){6}$/m);
    expect(verified.stdout).toMatch(/^email text(\s+ok){5}\s+-$/m);
    expect(verified.code).toBe(0);
  });

  it("#9: a footnote whose text is really missing from an output is still reported", async () => {
    await addToAnnouncements("Note.[^9]\n\n[^9]: Chart ![Chart](../assets/logo.png) here.");
    expect((await build()).code).toBe(0);
    const file = join(out, "email", "docker-series-b.en.txt");
    await writeFile(file, (await readFile(file, "utf8")).replace(" here.", " gone."));
    const verified = await run(["verify", "--content", content, "--out", out]);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain(
      'email text · footnotes · docker-series-b/en: the footnote "Chart here." is missing',
    );
    expect(verified.stderr).not.toContain("web · footnotes");
  });
});
