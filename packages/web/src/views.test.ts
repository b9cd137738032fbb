import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Announcement, loadContent, sampleContentDir } from "@herald/model";
import { acceptedMutations, deepestNesting } from "@herald/model/testing";
import { describe, expect, it } from "vitest";
import { articleView, homeView } from "./views.js";

describe("key figures on the page", () => {
  it("#9: draws bars for figures that are all zero (no NaN widths)", async () => {
    const loaded = await loadContent(sampleContentDir);
    if (!loaded.ok) throw new Error("sample content does not load");
    const sample = loaded.content.announcements.find((a) => a.locale === "en") as Announcement;
    const a = { ...sample, metrics: sample.metrics.map((m) => ({ ...m, value: 0 })) };
    const html = articleView(loaded.content, a, []).main.value;
    const widths = [...html.matchAll(/class="bar" style="width: ([^"]*)"/g)].map((m) => m[1]);
    expect(widths).toEqual(["2%", "2%", "2%", "2%"]);
  });
});

describe("deep nesting on the page", () => {
  it("#9: keeps the text after the deepest nesting the loader accepts", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-web-deep-"));
    await cp(sampleContentDir, dir, { recursive: true });
    const file = join(dir, "announcements/docker-series-b.en.md");
    await writeFile(file, `${await readFile(file, "utf8")}${deepestNesting.markdown}`);
    const loaded = await loadContent(dir);
    await rm(dir, { recursive: true, force: true });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const a = loaded.content.announcements.find((x) => x.locale === "en") as Announcement;
    const html = articleView(loaded.content, a, []).main.value;
    for (const expected of deepestNesting.words) {
      expect(html).toContain(expected);
    }
    expect(html.match(/<ul>/g)?.length).toBeGreaterThanOrEqual(8);
    expect(html.match(/<blockquote>/g)?.length).toBeGreaterThanOrEqual(8);
  });
});

describe("pages of fuzzed content the loader accepts", () => {
  it("#9: renders every accepted mutation of a sample of 150 without throwing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-web-fuzz-"));
    await cp(sampleContentDir, dir, { recursive: true });
    const failures: string[] = [];
    let rendered = 0;
    for await (const { content, file, index } of acceptedMutations(dir, 92, 150)) {
      try {
        for (const a of content.announcements) {
          if (articleView(content, a, []).main.value.includes("NaN")) {
            failures.push(`#${index} ${file}: NaN on the page`);
          }
        }
        for (const locale of content.site.locales) homeView(content, locale);
        rendered++;
      } catch (error) {
        failures.push(`#${index} ${file}: ${(error as Error).stack}`);
      }
    }
    await rm(dir, { recursive: true, force: true });
    expect(failures).toEqual([]);
    expect(rendered).toBeGreaterThan(10);
  }, 60_000);
});
