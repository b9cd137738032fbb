import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type AnnouncementDocument,
  announcementDocument,
  type Content,
  companyOf,
  loadContent,
} from "@herald/model";
import { writeSyntheticContent } from "@herald/model/testing";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atomFeed, FEED_ENTRIES, SITEMAP_ADDRESSES, sitemapFiles } from "./feeds.js";
import { NEWSROOM_PAGE_SIZE, pageWindow, paginate } from "./newsroom.js";
import { bestLocale, languageScript } from "./root-page.js";
import { resultWords } from "./search.js";
import { sitePages } from "./site.js";

let dir: string;
let content: Content;
let documents: AnnouncementDocument[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "herald-newsroom-unit-"));
  await writeSyntheticContent(dir, 140);
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error("synthetic content does not load");
  content = loaded.content;
  documents = content.announcements.map((a) => announcementDocument(content, a));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("#13: pagination", () => {
  it("#13: cuts a list into pages of 20, one empty page for nothing", () => {
    expect(NEWSROOM_PAGE_SIZE).toBe(20);
    expect(paginate(Array.from({ length: 70 }, (_, i) => i)).map((p) => p.length)).toEqual([
      20, 20, 20, 10,
    ]);
    expect(paginate(Array.from({ length: 40 }, (_, i) => i)).map((p) => p.length)).toEqual([
      20, 20,
    ]);
    expect(paginate([])).toEqual([[]]);
  });

  it("#13: shows the first, the last and two pages around the current one", () => {
    expect(pageWindow(4, 0)).toEqual([0, 1, 2, 3]);
    expect(pageWindow(20, 0)).toEqual([0, 1, 2, undefined, 19]);
    expect(pageWindow(20, 10)).toEqual([0, undefined, 8, 9, 10, 11, 12, undefined, 19]);
    expect(pageWindow(20, 19)).toEqual([0, undefined, 17, 18, 19]);
  });

  it("#13: makes every newsroom page, year archive and 404 of the site", () => {
    const files = [...sitePages(content, documents).keys()];
    for (const locale of content.site.locales) {
      expect(files).toContain(`${locale}/index.html`);
      expect(files).toContain(`${locale}/page/4/index.html`);
      expect(files).not.toContain(`${locale}/page/5/index.html`);
      expect(files).toContain(`${locale}/2000/index.html`);
      expect(files).toContain(`${locale}/404.html`);
    }
    expect(files).toContain("404.html");
    expect(files).toContain("search.js");
    expect(files).toContain("language.js");
  });
});

describe("#13: feeds", () => {
  it("#13: hold the newest 50 announcements of their language", () => {
    expect(FEED_ENTRIES).toBe(50);
    const xml = atomFeed(content, companyOf(content, "en"), "en", documents);
    const entries = new XMLParser({ isArray: (name) => name === "entry" }).parse(xml).feed.entry;
    expect(entries.map((e: { id: string }) => e.id)).toEqual(
      documents
        .filter((d) => d.locale === "en")
        .slice(0, 50)
        .map((d) => d.page.url),
    );
  });
});

describe("#13: sitemap", () => {
  const lists = new Map([
    ["en", { pages: 4, years: ["2000"] }],
    ["zh-CN", { pages: 4, years: ["2000"] }],
  ]);
  const urlsOf = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

  it("#13: stays one file while every address fits", () => {
    expect(SITEMAP_ADDRESSES).toBe(45_000);
    const files = sitemapFiles(content, documents, lists);
    expect(files.map((f) => f.address.path)).toEqual(["sitemap.xml"]);
    const urls = urlsOf(files[0]?.xml ?? "");
    // Newsroom ×4 pages, press kit, one year, 70 announcements; in two languages.
    expect(urls).toHaveLength(2 * (4 + 1 + 1 + 70));
  });

  it("#13: becomes an index of parts past its limit, each address in one part", () => {
    const whole = urlsOf(sitemapFiles(content, documents, lists)[0]?.xml ?? "");
    const files = sitemapFiles(content, documents, lists, { addresses: 40, bytes: 10_000_000 });
    const [index, ...parts] = files;
    expect(index?.address.path).toBe("sitemap.xml");
    expect(parts.map((p) => p.address.path)).toEqual(
      Array.from({ length: 4 }, (_, i) => `sitemap-${i + 1}.xml`),
    );
    expect(XMLValidator.validate(index?.xml ?? "")).toBe(true);
    expect(index?.xml).toContain(
      '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    );
    expect(urlsOf(index?.xml ?? "")).toEqual(parts.map((p) => p.address.url));
    const inParts = parts.flatMap((p) => {
      expect(XMLValidator.validate(p.xml)).toBe(true);
      expect(p.xml).toContain("<urlset");
      expect(urlsOf(p.xml).length).toBeLessThanOrEqual(40);
      return urlsOf(p.xml);
    });
    expect(inParts).toEqual(whole);
  });

  it("#13: splits by size too, for the protocol's 50 MB", () => {
    const files = sitemapFiles(content, documents, lists, { addresses: 45_000, bytes: 20_000 });
    expect(files.length).toBeGreaterThan(2);
    for (const part of files.slice(1)) {
      expect(Buffer.byteLength(part.xml)).toBeLessThanOrEqual(20_000);
    }
  });
});

describe("#13: the root page's language choice", () => {
  it("#13: picks the first preferred language the site has, by tag, then script, then language", () => {
    const locales = ["en", "zh-CN", "zh-TW", "pt-BR"];
    expect(bestLocale(["fr", "zh-CN"], locales)).toBe("zh-CN");
    expect(bestLocale(["zh-HK"], locales)).toBe("zh-TW");
    expect(bestLocale(["zh-SG"], locales)).toBe("zh-CN");
    expect(bestLocale(["zh"], locales)).toBe("zh-CN");
    expect(bestLocale(["pt-PT", "en"], locales)).toBe("pt-BR");
    expect(bestLocale(["en-GB"], locales)).toBe("en");
    expect(bestLocale(["fr", "de"], locales)).toBeUndefined();
    expect(bestLocale(["not a tag"], locales)).toBeUndefined();
  });

  it("#13: ships the same function to the browser", () => {
    expect(languageScript).toContain(`var bestLocale = ${bestLocale.toString()};`);
    // It parses as a script.
    expect(() => new Function(languageScript)).not.toThrow();
  });
});

describe("#13: the search's words", () => {
  it("#13: give the count in each plural form of the language", () => {
    expect(resultWords(companyOf(content, "en"), "en")).toEqual({
      "0": "No results",
      "1": "1 result",
      other: "{count} results",
    });
    expect(resultWords(companyOf(content, "zh-CN"), "zh-CN")).toEqual({
      "0": "没有结果",
      "1": "1 条结果",
      other: "{count} 条结果",
    });
  });
});

describe("#5: a newsroom with nothing to list", () => {
  const fixture = fileURLToPath(
    new URL("../../model/test/fixtures/no-announcements/", import.meta.url),
  );

  it("#5: says there are no announcements yet, in each language, with no search box over nothing", async () => {
    const loaded = await loadContent(fixture);
    if (!loaded.ok) throw new Error("the no-announcements fixture does not load");
    const empty = loaded.content;
    const pages = sitePages(empty, []);
    const said: Record<string, unknown> = {};
    for (const locale of empty.site.locales) {
      const words = companyOf(empty, locale).words;
      const newsroom = (pages.get(`${locale}/index.html`) as () => string)();
      const kit = (pages.get(`${locale}/press-kit/index.html`) as () => string)();
      said[locale] = {
        newsroom: newsroom.includes(`<p class="empty-state">${words.noAnnouncements}</p>`),
        search: newsroom.includes("<search"),
        list: newsroom.includes('class="news"'),
        archive: newsroom.includes('class="archive"'),
        kit: kit.includes(`<p class="empty-state">${words.noAnnouncements}</p>`),
        releases: kit.includes('class="releases"'),
      };
    }
    const expected = {
      newsroom: true,
      search: false,
      list: false,
      archive: false,
      kit: true,
      releases: false,
    };
    expect(said).toEqual({ en: expected, "zh-CN": expected });
    expect(companyOf(empty, "zh-CN").words.noAnnouncements).toBe("暂无新闻。");
    // No year has announcements: no year archive, and one newsroom page.
    expect([...pages.keys()].filter((f) => /^(en|zh-CN)\/(\d{4}|page)\//.test(f))).toEqual([]);
  });

  it("#5: offers search only in languages whose own announcements are indexed", () => {
    const english = documents.filter((d) => d.locale === "en");
    const pages = sitePages(content, english);
    const en = (pages.get("en/index.html") as () => string)();
    const zh = (pages.get("zh-CN/index.html") as () => string)();
    expect(en).toContain("<search");
    // The Chinese newsroom lists the English announcements, but its index holds none.
    expect(zh).not.toContain("<search");
    expect(zh).toContain('<ul class="news">');
    expect(zh).not.toContain("empty-state");
  });
});
