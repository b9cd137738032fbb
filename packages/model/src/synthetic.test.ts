import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadContent } from "./load.js";
import { largeBody, writeLargeBodyContent, writeSyntheticContent } from "./synthetic.js";

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "herald-synthetic-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("writeSyntheticContent", () => {
  it("writes content the loader accepts without a word but its emoji warnings", async () => {
    const dir = await tempDir();
    await writeSyntheticContent(dir, 40);
    const result = await loadContent(dir);
    // Real announcements have emoji: the press kit's warning about them, and nothing else.
    expect(result.diagnostics.filter((d) => d.code !== "emoji-in-print")).toEqual([]);
    expect(result.diagnostics.every((d) => d.severity === "warning")).toBe(true);
    expect(result.ok && result.content.announcements).toHaveLength(40);
  });

  it("#15: shows figures (PNG and SVG in assets/), tables, notes and both scripts", async () => {
    const dir = await tempDir();
    await writeSyntheticContent(dir, 16);
    const result = await loadContent(dir);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(Object.keys(result.content.files).sort()).toEqual([
      "assets/chart.png",
      "assets/diagram.svg",
    ]);
    const en = await readFile(join(dir, "announcements/news-3.en.md"), "utf8");
    expect(en).toContain('![Chart of announcement 3](../assets/chart.png "Figure 3');
    expect(en).toContain("| Quarter | Revenue | Growth |");
    expect(en).toContain("[^2]: Source");
    expect(en).toContain("北京");
    const zh = await readFile(join(dir, "announcements/news-7.zh-CN.md"), "utf8");
    expect(zh).toContain("(../assets/diagram.svg");
    expect(zh).toContain("Berlin");
  });

  it("#15: writes the same bytes for the same count", async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    await writeSyntheticContent(a, 8);
    await writeSyntheticContent(b, 8);
    for (const file of ["announcements/news-3.zh-CN.md", "assets/chart.png"])
      expect(await readFile(join(a, file))).toEqual(await readFile(join(b, file)));
  });
});

describe("#15: large bodies", () => {
  it("#15: largeBody is exactly the size asked, in both languages, and always the same", () => {
    for (const bytes of [400, 5_000, 123_457]) {
      for (const locale of ["en", "zh-CN"] as const) {
        const body = largeBody(bytes, locale);
        expect(Buffer.byteLength(body)).toBe(bytes);
        expect(largeBody(bytes, locale)).toBe(body);
      }
    }
    const zh = largeBody(50_000, "zh-CN");
    for (const part of ["## ", "[^n3]: ", "| 季度 | 收入 | 增长 |", "\n  - ", "> ", "](https://"])
      expect(zh).toContain(part);
    expect(zh).toContain("![第 10 节的图表](../assets/chart.png");
    expect(zh).toContain("![第 20 节的图表](../assets/diagram.svg");
  });

  it("#15: an announcement of 5 MB loads, without a diagnostic but the site's warnings", async () => {
    const dir = await tempDir();
    await writeLargeBodyContent(dir, 5 * 1024 * 1024, "zh-CN");
    const result = await loadContent(dir);
    expect(result.diagnostics.filter((d) => d.file !== "site.yaml")).toEqual([]);
    if (!result.ok) throw new Error("the large body does not load");
    const [announcement] = result.content.announcements;
    expect(announcement?.locale).toBe("zh-CN");
    // Every section's heading and note made it into the tree.
    const headings = announcement?.body.children.filter((n) => n.type === "heading") ?? [];
    const notes = announcement?.body.children.filter((n) => n.type === "footnoteDefinition");
    expect(headings.length).toBeGreaterThan(2_000);
    expect(notes).toHaveLength(headings.length);
  }, 60_000);
});
