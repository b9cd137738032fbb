import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanSvg, testJpeg, testPng, writeSyntheticContent } from "@herald/model/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectNoStack, removeTemp, runHerald, startHerald } from "./test-support.js";

// Issue 9: nothing outside the content folder is read or published, and only safe file types
// are. Real folders, real symlinks, the real CLI in its own process; the built folder is then
// searched byte by byte for the secret.

let root: string;
let content: string;
let out: string;
const secret = `TOP-SECRET-${process.pid}-do-not-publish`;

/** Runs the CLI and returns its exit code and what it printed. */
const run = (args: string[]) => runHerald(args, root);

/** Runs `herald build` from the content folder into the output folder. */
const build = () => run(["build", "--content", content, "--out", out]);

/** Runs `herald check` (the same loader, no renderers: quicker where nothing is built). */
const check = () => run(["check", "--content", content]);

/** Every byte of every file under `dir`, as one buffer (empty when it does not exist). */
async function everyByte(dir: string): Promise<Buffer> {
  if (!existsSync(dir)) return Buffer.alloc(0);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Buffer.concat(await Promise.all(files.map((f) => readFile(f))));
}

async function addToAnnouncement(markdown: string) {
  const file = join(content, "announcements", "news-0.en.md");
  await writeFile(file, `${await readFile(file, "utf8")}\n${markdown}\n`);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-files-"));
  content = join(root, "content");
  out = join(root, "out");
  await writeSyntheticContent(content, 2);
  await mkdir(join(root, "outside"));
  await writeFile(join(root, "outside", "secret.txt"), secret);
  await writeFile(join(root, "outside", "secret.png"), Buffer.concat([testPng(4, 4)]));
  await writeFile(join(root, "outside", "secret.md"), `---\nid: x\n---\n${secret}\n`);
});
afterEach(() => removeTemp(root));

describe("#9: nothing outside the content folder is read or published", () => {
  it("#9: assets/ as a symlink to an outside folder is a content error, and nothing is built", async () => {
    await symlink(join(root, "outside"), join(content, "assets"));
    const result = await build();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("assets:1:1 error link-outside-content");
    expect(result.stderr).toContain(
      `"assets" is a symbolic link to ${join(root, "outside")}, outside the content folder: Herald reads and publishes nothing from there.`,
    );
    expect(result.stderr).not.toContain(secret);
    expect((await everyByte(out)).includes(secret)).toBe(false);
  });

  it("#9: symlinked files and nested folders pointing outside are errors naming the link and its target", async () => {
    await mkdir(join(content, "assets", "nested"), { recursive: true });
    await symlink(join(root, "outside", "secret.txt"), join(content, "assets", "notes.txt"));
    await symlink("../../../outside/secret.png", join(content, "assets", "nested", "logo.png"));
    await symlink(join(root, "outside"), join(content, "assets", "nested", "deep"));
    const result = await build();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `"assets/notes.txt" is a symbolic link to ${join(root, "outside", "secret.txt")}, outside the content folder`,
    );
    expect(result.stderr).toContain(
      `"assets/nested/logo.png" is a symbolic link to ../../../outside/secret.png, outside the content folder`,
    );
    expect(result.stderr).toContain(
      `"assets/nested/deep" is a symbolic link to ${join(root, "outside")}`,
    );
    expect(result.stderr).not.toContain(secret);
    expect((await everyByte(out)).includes(secret)).toBe(false);
  });

  it("#9: site.yaml, people.yaml, announcements/ or one announcement linking outside is refused", async () => {
    const cases: Array<[string, string, string]> = [
      [
        "site.yaml",
        join(root, "outside", "secret.txt"),
        "site.yaml:1:1 error link-outside-content",
      ],
      [
        "people.yaml",
        join(root, "outside", "secret.txt"),
        "people.yaml:1:1 error link-outside-content",
      ],
      [
        "announcements/extra.en.md",
        join(root, "outside", "secret.md"),
        "announcements/extra.en.md:1:1 error link-outside-content",
      ],
    ];
    for (const [name, target, expected] of cases) {
      const path = join(content, name);
      const saved = existsSync(path) ? await readFile(path) : undefined;
      await rm(path, { force: true });
      await symlink(target, path);
      const result = await check();
      expect(result.code, name).toBe(1);
      expect(result.stderr).toContain(expected);
      expect(result.stderr).not.toContain(secret);
      await rm(path);
      if (saved) await writeFile(path, saved);
    }
    await rm(join(content, "announcements"), { recursive: true });
    await symlink(join(root, "outside"), join(content, "announcements"));
    const result = await build();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("announcements:1:1 error link-outside-content");
    expect((await everyByte(out)).includes(secret)).toBe(false);
  });

  it("#9: ../ paths to outside files in a logo or a Markdown image are errors", async () => {
    await mkdir(join(content, "assets"));
    await writeFile(
      join(content, "site.yaml"),
      `${await readFile(join(content, "site.yaml"), "utf8")}logo: assets/../../outside/secret.png\n`,
    );
    await addToAnnouncement("![Secret](../../outside/secret.png)");
    const result = await build();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("site.yaml:8:7 error outside-assets (logo)");
    expect(result.stderr).toContain("announcements/news-0.en.md:");
    expect(result.stderr).toMatch(/news-0\.en\.md:\d+:1 error outside-assets/);
    expect((await everyByte(out)).includes(secret)).toBe(false);
  });

  it("#9: links that stay inside are followed; a loop (a -> .) is skipped with a warning", async () => {
    await mkdir(join(content, "assets", "brand"), { recursive: true });
    await writeFile(join(content, "assets", "brand", "logo.png"), testPng(8, 8));
    await symlink("brand/logo.png", join(content, "assets", "logo.png"));
    await symlink(".", join(content, "assets", "a"));
    await symlink("..", join(content, "assets", "brand", "up"));
    const result = await build();
    expect(result.stderr).toContain(
      'assets/a:1:1 warning link-loop\n  "assets/a" is a symbolic link to ., a folder Herald already reads as "assets"; Herald skips it.',
    );
    expect(result.stderr).toContain('"assets/brand/up" is a symbolic link to ..');
    expect(result.code).toBe(0);
    expect(await readFile(join(out, "site", "assets", "logo.png"))).toEqual(testPng(8, 8));
    expect(existsSync(join(out, "site", "assets", "a"))).toBe(false);
  });
});

describe("#9: only safe file types are published", () => {
  it("#9: HTML and other files are not published (a warning each); clean SVG, PNG and JPEG are", async () => {
    await mkdir(join(content, "assets", ".git"), { recursive: true });
    await writeFile(
      join(content, "assets", "page.html"),
      "<script>alert(document.cookie)</script>",
    );
    await writeFile(join(content, "assets", "notes.txt"), "draft notes");
    await writeFile(join(content, "assets", ".env"), `SMTP_PASSWORD=${secret}`);
    await writeFile(join(content, "assets", ".git", "config"), secret);
    await writeFile(join(content, "assets", "clean.svg"), cleanSvg);
    await writeFile(join(content, "assets", "chart.png"), testPng(40, 20));
    await writeFile(join(content, "assets", "photo.jpg"), testJpeg(40, 24));
    await writeFile(join(content, "assets", "press kit é.png"), testPng(10, 10));
    await addToAnnouncement(
      "![A chart](../assets/chart.png)\n\n![A photo](../assets/photo.jpg)\n\n![Logo](../assets/clean.svg)\n\n![Kit](<../assets/press kit é.png>)",
    );
    const result = await build();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'assets/page.html:1:1 warning unpublished-file\n  "assets/page.html" is not published: Herald publishes only images (PNG, JPEG, GIF, WebP, AVIF, SVG), PDF and ZIP files.',
    );
    expect(result.stderr).toContain("assets/notes.txt:1:1 warning unpublished-file");
    expect(result.stderr).not.toContain(".env");
    expect((await readdir(join(out, "site", "assets"))).sort()).toEqual([
      "chart.png",
      "clean.svg",
      "photo.jpg",
      "press kit é.png",
    ]);
    expect(await readFile(join(out, "site", "assets", "clean.svg"), "utf8")).toBe(cleanSvg);
    expect((await everyByte(out)).includes(secret)).toBe(false);
    const page = await readFile(join(out, "site", "en", "news", "news-0", "index.html"), "utf8");
    expect(page).toContain('src="../../../assets/clean.svg"');
    expect(page).not.toContain("page.html");
    // A name with a space and an accent is linked encoded, and the link resolves.
    expect(page).toContain('src="../../../assets/press%20kit%20%C3%A9.png"');
    const verify = await run(["verify", "--content", content, "--out", out]);
    // Every output links to files that exist: the page relatively, PDF and email absolutely.
    expect(verify.stderr).not.toMatch(/does not exist|not a well-formed/);
    expect(verify.code).toBe(0);
  });

  it("#9: a hostile SVG, a referenced .html file and HTML named .png are content errors", async () => {
    await mkdir(join(content, "assets"));
    await writeFile(
      join(content, "assets", "evil.svg"),
      '<svg xmlns="http://www.w3.org/2000/svg">\n  <script>alert(1)</script>\n</svg>\n',
    );
    await writeFile(join(content, "assets", "page.html"), "<!doctype html><p>hi</p>");
    await writeFile(join(content, "assets", "fake.png"), "<html><script>alert(1)</script></html>");
    await addToAnnouncement("[Our page](../assets/page.html)\n\n![Chart](../assets/fake.png)");
    const result = await build();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'assets/evil.svg:1:1 error unsafe-svg\n  "assets/evil.svg" contains a <script> element (line 2), which could run code or load files from elsewhere when the SVG is opened.',
    );
    expect(result.stderr).toMatch(
      /news-0\.en\.md:\d+:1 error file-type-not-allowed \(text\)\n {2}"assets\/page\.html" cannot be published/,
    );
    expect(result.stderr).toMatch(
      /news-0\.en\.md:\d+:1 error wrong-file-content \(text\)\n {2}"assets\/fake\.png" is not a PNG: its content is HTML\./,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("#9: damaged or absurdly large images are content errors, not crashes", async () => {
    await mkdir(join(content, "assets"));
    const png = testPng(16, 16);
    await writeFile(join(content, "assets", "cut.png"), png.subarray(0, png.length - 20));
    await writeFile(
      join(content, "assets", "cut.jpg"),
      testJpeg(16, 16).subarray(0, testJpeg(16, 16).length - 2),
    );
    const huge = Buffer.from(png);
    huge.writeUInt32BE(20000, 16);
    huge.writeUInt32BE(20000, 20);
    await writeFile(join(content, "assets", "huge.png"), huge);
    await addToAnnouncement("![Cut](../assets/cut.png)\n\n![Huge](../assets/huge.png)");
    const result = await build();
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/bug in Herald|at .*\.js:\d+/);
    expect(result.stderr).toMatch(
      /error broken-image \(text\)\n {2}"assets\/cut\.png" is a damaged PNG/,
    );
    expect(result.stderr).toContain(
      'assets/cut.jpg:1:1 error broken-image\n  "assets/cut.jpg" is a damaged JPEG',
    );
    expect(result.stderr).toContain(
      '"assets/huge.png" is 20,000×20,000 pixels; Herald accepts at most 10,000 pixels per side and 40 megapixels in all.',
    );
  });
});

describe("#9: what is published is what was checked", () => {
  it("#9: a JPEG's trailer is not published, and a PNG with a script after its end is refused", async () => {
    const jpeg = testJpeg(16, 16);
    const script = Buffer.from(`<html><script>alert("${secret}")</script></html>`);
    await mkdir(join(content, "assets"), { recursive: true });
    await writeFile(join(content, "assets/photo.jpg"), Buffer.concat([jpeg, script]));
    await addToAnnouncement("![Photo](../assets/photo.jpg)");
    const built = await build();
    expect(built.code).toBe(0);
    expect(await readFile(join(out, "site/assets/photo.jpg"))).toEqual(jpeg);
    expect((await everyByte(out)).includes(secret)).toBe(false);

    await writeFile(join(content, "assets/logo.png"), Buffer.concat([testPng(4, 4), script]));
    await addToAnnouncement("![Logo](../assets/logo.png)");
    const refused = await check();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `"assets/logo.png" is a damaged PNG: it has ${script.length} bytes after its end (IEND chunk).`,
    );
  });

  it("#9: an asset changed into something else while the build runs is not published", async () => {
    await mkdir(join(content, "assets"), { recursive: true });
    await writeFile(join(content, "assets/chart.png"), testPng(8, 8));
    await addToAnnouncement("![Chart](../assets/chart.png)");
    expect((await build()).code).toBe(0);
    const before = await readFile(join(out, "manifest.json"), "utf8");
    const { child, done } = startHerald(["build", "--content", content, "--out", out], {
      cwd: root,
    });
    await expect
      .poll(async () => (await readdir(root)).some((n) => n.startsWith(".out.building-")), {
        timeout: 20_000,
        interval: 5,
      })
      .toBe(true);
    // Checked by the loader by now; swapped before the site copies it.
    child.kill("SIGSTOP");
    await writeFile(join(content, "assets/chart.png"), `<html><script>${secret}</script></html>`);
    child.kill("SIGCONT");
    const r = await done;
    expect(r.code).toBe(1);
    expectNoStack(r.err);
    expect(r.err).toContain(
      'herald: assets/chart.png changed while Herald was building ("assets/chart.png" is not a PNG: its content is HTML), so nothing was published.',
    );
    expect((await everyByte(out)).includes(secret)).toBe(false);
    expect(await readFile(join(out, "manifest.json"), "utf8")).toBe(before);
  });
});
