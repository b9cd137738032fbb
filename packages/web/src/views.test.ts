import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Announcement,
  announcementDocument,
  type Content,
  loadContent,
  sampleContentDir,
} from "@herald/model";
import { acceptedMutations, deepestNesting } from "@herald/model/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { sitePages } from "./site.js";
import { articleView } from "./views.js";

/** The main part of an announcement's page. */
const article = (content: Content, a: Announcement) =>
  articleView(announcementDocument(content, a), content.site).main.value;

describe("key figures on the page", () => {
  it("#9: shows figures that are all zero (no NaN)", async () => {
    const loaded = await loadContent(sampleContentDir);
    if (!loaded.ok) throw new Error("sample content does not load");
    const sample = loaded.content.announcements.find((a) => a.locale === "en") as Announcement;
    const a = { ...sample, metrics: sample.metrics.map((m) => ({ ...m, value: 0 })) };
    const html = article(loaded.content, a);
    const values = [...html.matchAll(/<dd class="stat-value[^"]*">(.*?)<\/dd>/g)].map((m) =>
      m[1]?.replace(/<[^>]+>/g, ""),
    );
    expect(values).toEqual(["0", "over 0", "over 0", "over 0"]);
    expect(html).not.toContain("NaN");
  });

  it("#13: lays key figures out as stat tiles, each label with its number, no bars", async () => {
    const loaded = await loadContent(sampleContentDir);
    if (!loaded.ok) throw new Error("sample content does not load");
    const sample = loaded.content.announcements.find((a) => a.locale === "en") as Announcement;
    const html = article(loaded.content, sample);
    expect(html).toContain(
      '<div class="stat"><dt>Downloads</dt><dd class="stat-value">400,000</dd><dd class="stat-note">in the first nine months after launch</dd></div>',
    );
    expect(html).not.toMatch(/class="bar"|style="width/);
  });
});

describe("deep nesting on the page", () => {
  it("#9: keeps the text after the deepest nesting the loader accepts", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-web-deep-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await cp(sampleContentDir, dir, { recursive: true });
    const file = join(dir, "announcements/docker-series-b.en.md");
    await writeFile(file, `${await readFile(file, "utf8")}${deepestNesting.markdown}`);
    const loaded = await loadContent(dir);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const a = loaded.content.announcements.find((x) => x.locale === "en") as Announcement;
    const html = article(loaded.content, a);
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
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await cp(sampleContentDir, dir, { recursive: true });
    const failures: string[] = [];
    let rendered = 0;
    for await (const { content, file, index } of acceptedMutations(dir, 92, 150)) {
      try {
        for (const a of content.announcements) {
          if (article(content, a).includes("NaN")) {
            failures.push(`#${index} ${file}: NaN on the page`);
          }
        }
        // Every file of the site: pages, feeds, sitemap.
        const documents = content.announcements.map((a) => announcementDocument(content, a));
        for (const render of sitePages(content, documents).values()) render();
        rendered++;
      } catch (error) {
        failures.push(`#${index} ${file}: ${(error as Error).stack}`);
      }
    }
    expect(failures).toEqual([]);
    expect(rendered).toBeGreaterThan(10);
  }, 60_000);
});

describe("names in another direction than the page", () => {
  it("#13: a Latin name on an Arabic page is set apart in its own direction; a name like the page's is not", async () => {
    const { named } = await import("./views.js");
    expect(named({ name: "Docker, Inc." }, "rtl").value).toBe(
      '<span dir="ltr">Docker, Inc.</span>',
    );
    expect(
      named({ text: "Benchmark Capital", url: "https://benchmark.example/" }, "rtl").value,
    ).toBe('<a href="https://benchmark.example/" dir="ltr">Benchmark Capital</a>');
    expect(named({ name: "شركة دوكر" }, "ltr").value).toBe('<span dir="rtl">شركة دوكر</span>');
    expect(named({ name: "Docker, Inc." }, "ltr").value).toBe("Docker, Inc.");
    expect(named({ name: "شركة دوكر" }, "rtl").value).toBe("شركة دوكر");
  });
});
