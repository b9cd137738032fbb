import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Content, loadContent, sampleContentDir } from "@herald/model";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium, nuCheckerErrors } from "./browser.js";
import { buildSite } from "./build.js";
import { serve } from "./static-server.js";

const artifacts = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const _run = promisify(execFile);

let content: Content;
let dir: string;
let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;
let pages: string[];

beforeAll(async () => {
  const loaded = await loadContent(sampleContentDir);
  if (!loaded.ok) throw new Error("sample content does not load");
  content = loaded.content;
  dir = join(await mkdtemp(join(tmpdir(), "herald-site-")), "site");
  await buildSite(content, dir);
  pages = (await readdir(dir, { recursive: true }))
    .filter((f) => f.endsWith(".html"))
    .map((f) => f.split("\\").join("/"))
    .sort();
  server = await serve(dir);
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(join(dir, ".."), { recursive: true, force: true });
});

/** The address a page is served at: its folder for index.html. */
const addressOf = (file: string) => server.url + file.replace(/(^|\/)index\.html$/, "$1");

interface Visit {
  page: Page;
  consoleErrors: string[];
  failed: string[];
  external: string[];
}

/** Opens a page, recording console errors, failed requests and any request off this machine. */
async function visit(
  file: string,
  width: number,
  colorScheme: "light" | "dark" = "light",
): Promise<Visit> {
  // A language the site does not have: the root page stays the choice of languages (issue 13).
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme,
    locale: "fr-FR",
  });
  const page = await context.newPage();
  const visit: Visit = { page, consoleErrors: [], failed: [], external: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url)) return route.continue();
    visit.external.push(url);
    return route.abort();
  });
  const target = file === "404.html" ? `${server.url}no/such/page/` : addressOf(file);
  page.on("console", (m) => {
    // The 404 page is meant to arrive with status 404; Chromium logs that as an error.
    if (m.type() === "error" && m.location().url !== target) visit.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => visit.consoleErrors.push(e.message));
  page.on("requestfailed", (r) => visit.failed.push(r.url()));
  page.on("response", (r) => {
    if (r.status() >= 400 && r.url() !== target) {
      visit.failed.push(`${r.status()} ${r.url()}`);
    }
  });
  const response = await page.goto(target);
  expect(response?.status()).toBe(file === "404.html" ? 404 : 200);
  return visit;
}

describe("the website, in headless Chromium", () => {
  it("has every page type for every locale", () => {
    expect(pages).toEqual([
      "404.html",
      "en/2014/index.html",
      "en/404.html",
      "en/index.html",
      "en/news/docker-series-b/index.html",
      "en/press-kit/index.html",
      "index.html",
      "zh-CN/2014/index.html",
      "zh-CN/404.html",
      "zh-CN/index.html",
      "zh-CN/news/docker-series-b/index.html",
      "zh-CN/press-kit/index.html",
    ]);
  });

  it("loads every page without console errors, failed or external requests", async () => {
    for (const file of pages) {
      const v = await visit(file, 1280);
      expect({ file, errors: v.consoleErrors, failed: v.failed, external: v.external }).toEqual({
        file,
        errors: [],
        failed: [],
        external: [],
      });
      await v.page.context().close();
    }
  });

  it("resolves every internal link, anchor and asset", async () => {
    const broken: string[] = [];
    for (const file of pages) {
      const v = await visit(file, 1280);
      const targets = await v.page.evaluate(() =>
        [
          ...[...document.querySelectorAll("a[href], link[href]")].map(
            (e) => (e as HTMLAnchorElement).href,
          ),
          ...[...document.querySelectorAll("img[src]")].map((e) => (e as HTMLImageElement).src),
        ].filter(Boolean),
      );
      for (const target of targets) {
        const url = new URL(target);
        if (!target.startsWith(server.url)) {
          // External links are only checked for form: http(s) and mailto, never fetched.
          if (!["http:", "https:", "mailto:"].includes(url.protocol))
            broken.push(`${file}: ${target}`);
          continue;
        }
        if (url.hash && url.href.replace(/#.*$/, "") === v.page.url().replace(/#.*$/, "")) {
          const id = decodeURIComponent(url.hash.slice(1));
          const exists = await v.page.evaluate((x) => document.getElementById(x) !== null, id);
          if (!exists) broken.push(`${file}: ${target} (no #${id} on the page)`);
          continue;
        }
        const response = await fetch(url.href.replace(/#.*$/, ""));
        if (response.status !== 200) broken.push(`${file}: ${target} (${response.status})`);
        if (url.hash && response.status === 200) {
          const body = await response.text();
          const id = decodeURIComponent(url.hash.slice(1));
          if (!body.includes(`id="${id}"`)) broken.push(`${file}: ${target} (no #${id})`);
        }
      }
      await v.page.context().close();
    }
    expect(broken).toEqual([]);
  });

  it("passes axe-core (WCAG 2.1 AA) in light and dark mode", async () => {
    for (const file of pages) {
      for (const scheme of ["light", "dark"] as const) {
        const v = await visit(file, 1280, scheme);
        const violations = await axeViolations(v.page);
        expect({ file, scheme, violations }).toEqual({ file, scheme, violations: [] });
        await v.page.context().close();
      }
    }
  });

  it("never scrolls sideways at 320 px, and saves screenshots at 390 and 1280 px", async () => {
    for (const file of pages) {
      const v = await visit(file, 320);
      const overflow = await v.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect({ file, overflow }).toEqual({ file, overflow: 0 });
      await v.page.context().close();
    }
    const types: Record<string, string> = {
      root: "index.html",
      home: "zh-CN/index.html",
      article: "zh-CN/news/docker-series-b/index.html",
      "article-en": "en/news/docker-series-b/index.html",
      "press-kit": "en/press-kit/index.html",
      "not-found": "404.html",
    };
    for (const [name, file] of Object.entries(types)) {
      // The articles in both colour schemes; the other pages share their styles.
      const schemes = name.startsWith("article")
        ? (["light", "dark"] as const)
        : (["light"] as const);
      for (const width of [390, 1280]) {
        for (const scheme of schemes) {
          const v = await visit(file, width, scheme);
          const path = join(artifacts, `${name}-${width}${scheme === "dark" ? "-dark" : ""}.png`);
          await v.page.screenshot({ path, fullPage: true });
          expect((await stat(path)).size).toBeGreaterThan(10_000);
          await v.page.context().close();
        }
      }
    }
  });

  it("#13: offers each language at /, with no refresh that takes the choice away", async () => {
    const v = await visit("index.html", 1280);
    expect(v.page.url()).toBe(server.url);
    const root = await readFile(join(dir, "index.html"), "utf8");
    expect(root).not.toContain('http-equiv="refresh"');
    for (const locale of content.site.locales) {
      expect(root).toContain(
        `<li lang="${locale}" dir="ltr"><a href="${locale}/" hreflang="${locale}">`,
      );
    }
    await v.page.context().close();
  });

  it("prints without navigation, with link targets written out", async () => {
    const v = await visit("en/news/docker-series-b/index.html", 1280);
    await v.page.emulateMedia({ media: "print" });
    const printed = await v.page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector("header.site nav") as Element).display,
      actions: getComputedStyle(document.querySelector(".actions") as Element).display,
      after: getComputedStyle(document.querySelector(".body a[href^='http']") as Element, "::after")
        .content,
    }));
    expect(printed).toMatchObject({ nav: "none", actions: "none" });
    expect(printed.after).toMatch(/^" <http:\/\/www\.businesswire\.com\/.*>"$/);
    await v.page.context().close();
  });

  it("#13: runs no inline code: every script is a file of the site, or JSON-LD data", async () => {
    // So a Content-Security-Policy of script-src 'self' holds; search and the language choice
    // are the only scripts, and the pages work without them.
    for (const file of pages) {
      const html = await readFile(join(dir, file), "utf8");
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
        expect(tag).toMatch(
          /^<script (type="application\/ld\+json"|type="module" src="[^":]+"|src="[^":]+" defer)>$/,
        );
      }
      expect(html).not.toMatch(/<script (type="module" )?src="[^"]*">[^<]/);
    }
  });
});

describe("the website's files", () => {
  it("are valid HTML for the Nu Html Checker", async () => {
    expect(await nuCheckerErrors(dir)).toBe("");
  });

  it("keep each page's HTML and CSS under 100 KB", async () => {
    const cssSize = (await stat(join(dir, "site.css"))).size;
    for (const file of pages) {
      const size = (await stat(join(dir, file))).size + cssSize;
      expect({ file, under: size < 100_000 }).toEqual({ file, under: true });
    }
  });

  it("have a well-formed Atom feed per locale with every announcement", async () => {
    const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" });
    for (const locale of content.site.locales) {
      const xml = await readFile(join(dir, locale, "feed.xml"), "utf8");
      expect(XMLValidator.validate(xml)).toBe(true);
      const feed = parser.parse(xml).feed;
      expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
      const expected = content.announcements.filter((a) => a.locale === locale);
      expect(feed.entry.map((e: { title: string }) => e.title)).toEqual(
        expected.map((a) => a.title),
      );
      for (const entry of feed.entry) {
        expect(entry.id).toMatch(/^https:\/\/newsroom\.example\.com\//);
        expect(entry.updated).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
      }
    }
  });

  it("have a sitemap with every page and reciprocal hreflang alternates", async () => {
    const xml = await readFile(join(dir, "sitemap.xml"), "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const urls = new XMLParser({ ignoreAttributes: false, isArray: () => true }).parse(xml)
      .urlset[0].url;
    // The newsroom, the press kit, the year 2014 and the announcement, in two languages.
    expect(urls).toHaveLength(8);
    const robots = await readFile(join(dir, "robots.txt"), "utf8");
    expect(robots).toContain("Sitemap: https://newsroom.example.com/sitemap.xml");
  });

  it("pair every hreflang alternate both ways", async () => {
    const alternatesOf = (html: string) =>
      Object.fromEntries(
        [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => [
          m[1],
          m[2],
        ]),
      );
    const canonicalOf = (html: string) => html.match(/<link rel="canonical" href="([^"]+)">/)?.[1];
    const byUrl = new Map<string, string>();
    for (const file of pages) {
      const html = await readFile(join(dir, file), "utf8");
      const canonical = canonicalOf(html);
      if (canonical) byUrl.set(canonical, html);
    }
    let pairs = 0;
    for (const [url, html] of byUrl) {
      for (const [locale, other] of Object.entries(alternatesOf(html))) {
        if (locale === "x-default") continue;
        const otherHtml = byUrl.get(other);
        expect(otherHtml, `${url} → ${other}`).toBeDefined();
        expect(Object.values(alternatesOf(otherHtml as string))).toContain(url);
        pairs += 1;
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(12);
  });

  it("carry JSON-LD NewsArticle data with the required fields and the funding", async () => {
    const html = await readFile(join(dir, "en/news/docker-series-b/index.html"), "utf8");
    const json = JSON.parse(
      html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1] ?? "",
    );
    expect(json).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "Docker raises $15 million in Series B funding",
      datePublished: "2014-01-22",
      inLanguage: "en",
      author: { "@type": "Person", name: "Ben Golub" },
      publisher: { "@type": "Organization", name: "Docker, Inc." },
    });
    expect(json.about.funder.map((f: { name: string }) => f.name)).toContain("Greylock Partners");
  });
});
