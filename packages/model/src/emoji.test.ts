import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatDiagnostic } from "./diagnostics.js";
import { loadContent } from "./load.js";
import { sampleContentDir } from "./sample.js";

// Issue 13: the press kit has no emoji face. An emoji is a warning at the place it stands
// (file, line, column, field), not at the announcement whose press kit shows □.

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("emoji in content", () => {
  it("#13: each is a warning naming the file, line, column and field it is in", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-emoji-"));
    dirs.push(dir);
    await cp(sampleContentDir, dir, { recursive: true });
    const site = join(dir, "site.yaml");
    await writeFile(
      site,
      (await readFile(site, "utf8")).replace(/^name: .*$/m, 'name: "Docker 🐳 Inc."'),
    );
    const [en] = (await readdir(join(dir, "announcements"))).filter((f) => f.endsWith(".en.md"));
    const file = join(dir, "announcements", en as string);
    const lines = (await readFile(file, "utf8")).split("\n");
    lines.push("", "Shipping soon 🚀 to everyone.", "", "Thank you 🙏", "", "Cheers 🎉");
    await writeFile(file, lines.join("\n"));

    const result = await loadContent(dir);
    expect(result.ok).toBe(true);
    const warnings = result.diagnostics
      .filter((d) => d.code === "emoji-in-print")
      .map((d) => formatDiagnostic(d).split("\n")[0])
      .sort();
    expect(warnings).toEqual([
      // One warning for the body, at its first emoji, however many lines have one.
      `announcements/${en}:${lines.length - 4}:15 warning emoji-in-print`,
      "site.yaml:2:7 warning emoji-in-print (name)",
    ]);
    const message = result.diagnostics.find(
      (d) => d.code === "emoji-in-print" && d.file === "site.yaml",
    )?.message;
    expect(message).toContain('"🐳" (U+1F433)');
    const body = result.diagnostics.find(
      (d) => d.code === "emoji-in-print" && d.file !== "site.yaml",
    );
    expect(body?.message).toContain("2 more lines of this file have emoji.");
  });

  it("#13: the sample has none", async () => {
    const result = await loadContent(sampleContentDir);
    expect(result.diagnostics.filter((d) => d.code === "emoji-in-print")).toEqual([]);
  });
});
