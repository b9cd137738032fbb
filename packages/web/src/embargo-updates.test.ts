import { rm } from "node:fs/promises";
import {
  type AnnouncementDocument,
  announcementDocument,
  type Content,
  loadContent,
  sampleContentDir,
} from "@herald/model";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  devDocuments,
  EMBARGOED,
  embargoedPart,
  UPDATED,
  writeEmbargoContent,
} from "../test/embargo-content.js";
import { sitePages } from "./site.js";

// Issue 14 in the site's files, read as text: the updates box, dateModified, the feeds'
// <updated> and the sitemap's <lastmod>; the embargo notice, noindex and the list marks of
// `herald dev`; the embargoed preview's pages.

let dir: string;
let content: Content;
let documents: AnnouncementDocument[];
let site: Map<string, () => string>;
const page = (file: string) => {
  const render = site.get(file);
  if (!render) throw new Error(`no ${file}`);
  return render();
};

beforeAll(async () => {
  ({ dir, content } = await writeEmbargoContent());
  documents = devDocuments(content);
  site = sitePages(content, documents);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const jsonLd = (html: string) =>
  JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? "{}");

describe("#14: updates on the page", () => {
  it("#14: a box under the title and date, before the summary, newest first, each dated", () => {
    const html = page(`en/news/${UPDATED}/index.html`);
    const box = /<div class="updates">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
    const at = (s: string) => html.indexOf(s);
    expect(at('<div class="updates">')).toBeGreaterThan(at('<p class="meta">'));
    expect(at('<div class="updates">')).toBeLessThan(at('<p class="summary"'));
    const headings = [
      ...box.matchAll(/<h2 id="([^"]+)" data-pagefind-ignore>([\s\S]*?)<\/h2>/g),
    ].map((m) => [m[1], m[2]]);
    expect(headings).toEqual([
      ["update-1", 'Update, <time datetime="2025-03-20T16:30:00-05:00">March 20, 2025</time>'],
      ["update-2", 'Correction, <time datetime="2025-03-06T10:00:00+01:00">March 6, 2025</time>'],
    ]);
    // Each update is a region named by its heading, its kind a class for the eye.
    expect(box).toContain(
      '<section class="update kind-update" aria-labelledby="update-1" data-pagefind-body>',
    );
    expect(box).toContain(
      '<section class="update kind-correction" aria-labelledby="update-2" data-pagefind-body>',
    );
    // Laid out by the page's Markdown renderer: bold, struck text, the link.
    expect(box).toContain(
      '<p>An earlier version gave the round as <strong>€40 million</strong>; it is <del>€40 million</del> €4 million. See <a href="https://register.example/acme">the filing</a>.</p>',
    );
    expect(box).toContain("<p>Acme has since opened its office in <em>Rotterdam</em>.</p>");
  });

  it("#14: dateModified is the newest update's moment, datePublished the date", () => {
    const ld = jsonLd(page(`en/news/${UPDATED}/index.html`));
    expect([ld.datePublished, ld.dateModified]).toEqual([
      "2025-03-04",
      "2025-03-20T16:30:00-05:00",
    ]);
    // A translation without updates was modified when it was published.
    const de = jsonLd(page(`de/news/${UPDATED}/index.html`));
    expect([de.datePublished, de.dateModified]).toEqual(["2025-03-04", "2025-03-04"]);
    expect(page(`de/news/${UPDATED}/index.html`)).not.toContain('class="updates"');
  });

  it("#14: the feed's entry is updated at the update, in RFC 3339, and the feed at its newest entry", () => {
    const xml = page("en/feed.xml");
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser().parse(xml).feed;
    const entries = [feed.entry].flat() as Array<{
      title: string;
      updated: string;
      published: string;
    }>;
    const updated = entries.find((e) => e.title.startsWith("Acme Robotics raises"));
    expect(updated).toMatchObject({
      published: "2025-03-04T00:00:00Z",
      updated: "2025-03-20T21:30:00Z",
    });
    const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;
    for (const e of entries) expect(e.updated).toMatch(rfc3339);
    // The embargoed announcement (dated 2031, as `herald dev` shows it) is the newest entry.
    expect(feed.updated).toBe("2031-12-01T00:00:00Z");
    const de = new XMLParser().parse(page("de/feed.xml")).feed;
    expect([de.updated, [de.entry].flat()[0].updated]).toEqual([
      "2025-03-04T00:00:00Z",
      "2025-03-04T00:00:00Z",
    ]);
  });

  it("#14: the feed's own <updated> is its newest entry's, an update's when that is newest", async () => {
    // Only the updated announcement, as a build after the other's embargo would not have it.
    const published = {
      ...content,
      announcements: content.announcements.filter((a) => a.id === UPDATED),
    };
    const docs = published.announcements.map((a) => announcementDocument(published, a));
    const feed = new XMLParser().parse(
      sitePages(published, docs).get("zh-CN/feed.xml")?.() ?? "",
    ).feed;
    // 2025-03-21T05:30:00+08:00 is 2025-03-20T21:30:00Z.
    expect(feed.updated).toBe("2025-03-20T21:30:00Z");
  });

  it("#14: the sitemap gives the updated pages their last modification", () => {
    const xml = page("sitemap.xml");
    expect(XMLValidator.validate(xml)).toBe(true);
    const urls = new XMLParser().parse(xml).urlset.url as Array<{ loc: string; lastmod?: string }>;
    const lastmod = (locale: string) =>
      urls.find((u) => u.loc === `https://news.acme.example/${locale}/news/${UPDATED}/`)?.lastmod;
    expect([lastmod("en"), lastmod("zh-CN"), lastmod("ar"), lastmod("de")]).toEqual([
      "2025-03-20T16:30:00-05:00",
      "2025-03-21T05:30:00+08:00",
      "2025-03-21T00:30:00+03:00",
      undefined,
    ]);
  });
});

describe("#14: the embargo notice (herald dev)", () => {
  it("#14: a notice at the very top of the article, in its language, and noindex", () => {
    const ar = page(`ar/news/${EMBARGOED}/index.html`);
    const article = ar.slice(ar.indexOf("<article"));
    expect(article).toMatch(
      /^<article dir="rtl">\n<div class="embargo" role="note">\n<p class="embargo-until">محظور النشر حتى <time datetime="2031-12-01T09:00:00\+01:00">[^<]+<\/time><\/p>\n<p>يُرجى عدم النشر أو البث أو المشاركة قبل هذا الموعد.<\/p>\n<\/div>\n<h1>/,
    );
    expect(ar).toContain('<meta name="robots" content="noindex">');
    // A published page has neither.
    const published = page(`ar/news/${UPDATED}/index.html`);
    expect(published).not.toContain("noindex");
    expect(published).not.toContain('class="embargo');
  });

  it("#14: the newsroom, the year's archive and the press-kit page mark the embargoed entry", () => {
    const embargoed = documents.find((d) => d.id === EMBARGOED && d.locale === "zh-CN");
    const text = embargoed?.embargo?.text ?? "missing";
    for (const file of [
      "zh-CN/index.html",
      "zh-CN/2031/index.html",
      "zh-CN/press-kit/index.html",
    ]) {
      const html = page(file);
      expect(html, file).toContain(`<p class="embargo-mark">${text}</p>`);
      expect(html.split("embargo-mark").length - 1, file).toBe(1);
    }
    // German has no translation of it: its newsroom lists it in another language, marked too.
    const de = page("de/index.html");
    expect(de).toContain('<p class="embargo-mark">Embargoed until December 1, 2031');
  });
});

describe("#14: the embargoed preview", () => {
  it("#14: only the articles, the stylesheet and robots.txt that disallows everything", () => {
    const part = embargoedPart(content);
    const files = [
      ...sitePages(part.content, part.documents, undefined, undefined, { embargoed: true }).keys(),
    ].sort();
    expect(files).toEqual([
      "ar/news/series-b/index.html",
      "en/news/series-b/index.html",
      "robots.txt",
      "site.css",
      "zh-CN/news/series-b/index.html",
    ]);
    const pages = sitePages(part.content, part.documents, undefined, undefined, {
      embargoed: true,
    });
    expect(pages.get("robots.txt")?.()).toBe("User-agent: *\nDisallow: /\n");
  });

  it("#14: a preview page links nowhere on the public site, and keeps its translations and PDF", () => {
    const part = embargoedPart(content);
    const pages = sitePages(part.content, part.documents, undefined, undefined, {
      embargoed: true,
    });
    const html = pages.get(`en/news/${EMBARGOED}/index.html`)?.() ?? "";
    expect(html).not.toContain("https://news.acme.example");
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<div class="embargo" role="note">');
    expect(html).toContain(`href="${EMBARGOED}.en.pdf"`);
    expect(html).toContain(`href="../../../zh-CN/news/${EMBARGOED}/" hreflang="zh-CN"`);
    expect(html).not.toMatch(/rel="(canonical|alternate)"|og:url|og:image|twitter:image/);
    // The Arabic text's original is the English page, under the same embargo: linked in the preview.
    const ar = pages.get(`ar/news/${EMBARGOED}/index.html`)?.() ?? "";
    expect(ar).not.toContain("https://news.acme.example");
    expect(ar).toMatch(new RegExp(`<a href="../../../en/news/${EMBARGOED}/" hreflang="en"><cite`));
    const ld = jsonLd(html);
    expect(ld.headline).toBe("Acme Robotics launches its second robot arm");
    expect(JSON.stringify(ld)).not.toContain("news.acme.example");
  });
});

describe("#14: the preview of one language", () => {
  it("#14: has no navigation at all (no section of the site, no other language), and is noindex", () => {
    const part = embargoedPart(content);
    const en = {
      ...part.content,
      announcements: part.content.announcements.filter((a) => a.locale === "en"),
    };
    const docs = part.documents
      .filter((d) => d.locale === "en")
      .map((d) => ({ ...d, translations: d.translations.filter((t) => t.current) }));
    const html =
      sitePages(en, docs, undefined, undefined, { embargoed: true }).get(
        `en/news/${EMBARGOED}/index.html`,
      )?.() ?? "";
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).not.toContain("<nav");
    expect(html).toMatch(/<span class="brand">/);
  });
});

describe("#14: nothing changes without an embargo or an update", () => {
  it("#14: the sample's article has no notice, no updates box, no robots meta, and dateModified its date", async () => {
    const loaded = await loadContent(sampleContentDir);
    if (!loaded.ok) throw new Error("sample does not load");
    const sample = loaded.content;
    const docs = sample.announcements.map((a) => announcementDocument(sample, a));
    const html = sitePages(sample, docs).get("en/news/docker-series-b/index.html")?.() ?? "";
    expect(html).not.toMatch(/class="(updates|embargo|embargo-mark)"|name="robots"/);
    expect(jsonLd(html).dateModified).toBe("2014-01-22");
    // The notices' rules join the stylesheet only where a page shows a notice.
    expect(sitePages(sample, docs).get("site.css")?.()).not.toContain(".embargo");
    expect(page("site.css")).toContain(".embargo");
    expect(page("site.css")).toContain(".updates");
  });
});
