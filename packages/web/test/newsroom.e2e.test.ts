import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AnnouncementDocument, type Content, loadContent } from "@herald/model";
import { writeSyntheticContent } from "@herald/model/testing";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium, nuCheckerErrors } from "./browser.js";
import { buildSite } from "./build.js";
import { serve } from "./static-server.js";

// Issue 13, the newsroom: 70 announcements (the model's synthetic content over three years, one
// only in English, one with a word no other has in English and one in Chinese) built into a
// site and read back in Chromium: pages of at most 20 with rel prev/next, year archives,
// feeds of 50, Pagefind search in both languages, the root page's choice of language, a 404
// per language and the padding of main.

const artifacts = fileURLToPath(new URL("../test-artifacts/i13-newsroom/", import.meta.url));
const COUNT = 70;
/** A word only announcement 7's English body has, and one only 12's Chinese body has. */
const EN_WORD = "quokkafizz";
const ZH_WORD = "麒麟鹦鹉";
const ONLY_ENGLISH = "news-69";
/** A two-character word only 12's Chinese body has, each of whose characters every body has ("测试", "标点"). */
const ZH_PAIR = "试点";

let contentDir: string;
let content: Content;
let documents: AnnouncementDocument[];
let dir: string;
let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;

/** The year of synthetic announcement `i`: 30 a year, newest first. */
const yearOf = (i: number) => String(2024 - Math.floor(i / 30));

beforeAll(async () => {
  contentDir = await mkdtemp(join(tmpdir(), "herald-newsroom-"));
  await writeSyntheticContent(contentDir, COUNT * 2);
  const folder = join(contentDir, "announcements");
  for (const file of await readdir(folder)) {
    const i = Number(file.match(/^news-(\d+)\./)?.[1]);
    let text = await readFile(join(folder, file), "utf8");
    text = text.replace(/^date: \d{4}-/m, `date: ${yearOf(i)}-`);
    if (file === "news-7.en.md") {
      text = text.replace(/^title: .*$/m, 'title: "Announcement 7: <b>R&D</b> & quokkas"');
      text += `\nThe ${EN_WORD} protocol is new.\n`;
    }
    if (file === "news-12.zh-CN.md") text += `\n${ZH_WORD}计划启动。${ZH_PAIR}项目开始。\n`;
    await writeFile(join(folder, file), text);
  }
  await rm(join(folder, `${ONLY_ENGLISH}.zh-CN.md`));
  const loaded = await loadContent(contentDir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  content = loaded.content;
  dir = join(contentDir, "out", "site");
  documents = await buildSite(content, dir, join(contentDir, "cards"));
  server = await serve(dir);
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(contentDir, { recursive: true, force: true });
});

async function open(
  path: string,
  options: BrowserContextOptions & { width?: number } = {},
): Promise<Page> {
  const { width = 1280, ...rest } = options;
  const context = await browser.newContext({ viewport: { width, height: 900 }, ...rest });
  await context.route("**/*", (route) =>
    route.request().url().startsWith(server.url) ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  return page;
}

const file = (path: string) => readFile(join(dir, path), "utf8");
const idsOn = (html: string) =>
  [...html.matchAll(/<li class="entry"[^>]*>[\s\S]*?<h2><a href="[^"]*news\/([^/"]+)\//g)].map(
    (m) => m[1],
  );
const headLink = (html: string, rel: string) =>
  html.match(new RegExp(`<link rel="${rel}" href="([^"]+)">`))?.[1];
const visibleLink = (html: string, rel: string) =>
  html.match(new RegExp(`<a href="([^"]+)" rel="${rel}">`))?.[1];
/** The site path of a page's address. */
const pathOf = (url: string) => url.slice("https://news.example.com/".length);

describe("#13: the newsroom index", () => {
  it("#13: lists every announcement once over pages of at most 20, linked by rel prev/next", async () => {
    const seen: string[] = [];
    let path: string | undefined = "en/";
    let previous: string | undefined;
    const visited: string[] = [];
    while (path) {
      visited.push(path);
      const html = await file(`${path}index.html`);
      const ids = idsOn(html);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.length).toBeLessThanOrEqual(20);
      seen.push(...ids);
      expect(html).toContain(`<link rel="canonical" href="https://news.example.com/${path}">`);
      // The head's and the visible links agree, and lead back to where we came from.
      const prev = headLink(html, "prev");
      expect(prev && pathOf(prev)).toBe(previous);
      const relative = visibleLink(html, "prev");
      expect(relative && new URL(relative, `https://news.example.com/${path}`).href).toBe(prev);
      const next = headLink(html, "next");
      const nextVisible = visibleLink(html, "next");
      expect(nextVisible && new URL(nextVisible, `https://news.example.com/${path}`).href).toBe(
        next,
      );
      previous = path;
      path = next ? pathOf(next) : undefined;
    }
    expect(visited).toEqual(["en/", "en/page/2/", "en/page/3/", "en/page/4/"]);
    expect(seen).toHaveLength(COUNT);
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: COUNT }, (_, i) => `news-${i}`)));
    // Newest first.
    expect(seen.slice(0, 3)).toEqual(
      documents
        .filter((d) => d.locale === "en")
        .slice(0, 3)
        .map((d) => d.id),
    );
  });

  it("#13: gives each page its own title and marks the current page number", async () => {
    const page2 = await file("en/page/2/index.html");
    expect(page2).toContain("<title>Newsroom · Page 2 of 4 · Example Corp</title>");
    expect(page2).toMatch(/<a href="\.\/" aria-current="page" aria-label="Page 2 of 4">2<\/a>/);
    expect((page2.match(/aria-current="page"/g) ?? []).length).toBe(2); // the nav's "Newsroom" too
    const first = await file("en/index.html");
    expect(first).toContain("<title>Newsroom · Example Corp</title>");
    expect(first).not.toContain('rel="prev"');
    const zh = await file("zh-CN/page/3/index.html");
    expect(zh).toContain("<title>新闻中心 · 第 3 页，共 4 页 · Example Corp</title>");
  });

  it("#13: shows each entry's date, summary and headline figure", async () => {
    const html = await file("en/index.html");
    const d = documents.find((x) => x.locale === "en") as AnnouncementDocument;
    expect(d.headline).toBeDefined();
    expect(html).toContain(`<time datetime="${d.date.iso}">${d.date.text}</time>`);
    expect(html).toContain(`<p class="entry-summary">${d.summary}</p>`);
    expect(html).toContain(
      `<dl class="headline"><dt>${d.headline?.label}</dt><dd>${d.headline?.text}</dd></dl>`,
    );
  });

  it("#13: lists an announcement only in another language in that language", async () => {
    const pages = await Promise.all(
      ["", "page/2/", "page/3/", "page/4/"].map((p) => file(`zh-CN/${p}index.html`)),
    );
    const all = pages.join("");
    expect(idsOn(all)).toHaveLength(COUNT);
    expect(all).toMatch(
      new RegExp(
        `<li class="entry" lang="en" dir="ltr">[\\s\\S]*?<a href="[^"]*en/news/${ONLY_ENGLISH}/" hreflang="en">`,
      ),
    );
  });

  it("#13: has a page per year listing all of that year's announcements, linked from the newsroom", async () => {
    const newsroom = await file("en/index.html");
    for (const year of ["2024", "2023", "2022"]) {
      expect(newsroom).toContain(`<a href="${year}/">${year}</a>`);
      const html = await file(`en/${year}/index.html`);
      expect(html).toContain(`<h1>Announcements from ${year}</h1>`);
      const expected = Array.from({ length: COUNT }, (_, i) => i)
        .filter((i) => yearOf(i) === year)
        .map((i) => `news-${i}`);
      expect(new Set(idsOn(html))).toEqual(new Set(expected));
      expect(idsOn(html)).toHaveLength(expected.length);
    }
    expect(await file("en/2023/index.html")).toMatch(
      /<a href="\.\/" aria-current="page">2023<\/a>/,
    );
  });

  it("#13: holds the newest 50 announcements in each feed", async () => {
    const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" });
    for (const locale of content.site.locales) {
      const xml = await file(`${locale}/feed.xml`);
      expect(XMLValidator.validate(xml)).toBe(true);
      const entries = parser.parse(xml).feed.entry as Array<{ id: string }>;
      expect(entries).toHaveLength(50);
      expect(entries.map((e) => e.id)).toEqual(
        documents
          .filter((d) => d.locale === locale)
          .slice(0, 50)
          .map((d) => d.page.url),
      );
    }
  });

  it("#13: lists the list pages in the sitemap, which stays one file below its limit", async () => {
    const xml = await file("sitemap.xml");
    expect(xml).toContain("<urlset");
    expect(xml).toContain("<loc>https://news.example.com/en/page/4/</loc>");
    expect(xml).toContain("<loc>https://news.example.com/zh-CN/2022/</loc>");
  });
});

describe("#13: search", () => {
  /** Types `word` into the search box and waits for the region's count. */
  async function search(page: Page, word: string) {
    const region = page.locator("search.search");
    const status = region.locator(".search-status");
    // An empty box empties the count, so the count that follows is this search's.
    await region.getByRole("searchbox").fill("");
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe("");
    await region.getByRole("searchbox").fill(word);
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).not.toBe("");
    return region;
  }

  it("#13: finds a word only one announcement's body has, inside the search region", async () => {
    const page = await open("en/");
    const region = await search(page, EN_WORD);
    expect(await region.locator(".search-status").textContent()).toBe("1 result");
    const links = region.locator(".search-results li .result-title a");
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute("href")).toBe(`${server.url}en/news/news-7/`);
    // The title is text: its <b> and & are shown, not made markup.
    expect(await links.first().textContent()).toBe("Announcement 7: <b>R&D</b> & quokkas");
    expect(await region.locator(".search-results b").count()).toBe(0);
    expect(await region.locator(".search-results mark").allTextContents()).toContain(EN_WORD);
    expect(await region.locator(".search-results time").getAttribute("datetime")).toBe(
      documents.find((d) => d.id === "news-7")?.date.iso,
    );
    // The company's About text, on every page, is not what a search finds.
    await search(page, "makes");
    expect(await region.locator(".search-status").textContent()).toBe("No results");
    await page.screenshot({ path: join(artifacts, "newsroom-search-1280.png"), fullPage: true });
    await page.context().close();
  });

  it("#13: lists 20 results at first and the rest as the reader reaches the end", async () => {
    const page = await open("en/", { width: 390 });
    const region = await search(page, "announcement");
    expect(await region.locator(".search-status").textContent()).toBe("70 results");
    const items = region.locator(".search-results li");
    expect(await items.count()).toBe(20);
    await expect
      .poll(
        async () => {
          await page.keyboard.press("End");
          await items.last().scrollIntoViewIfNeeded();
          return items.count();
        },
        { timeout: 30_000 },
      )
      .toBe(70);
    const hrefs = await region
      .locator(".search-results a")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    expect(new Set(hrefs).size).toBe(70);
    await page.context().close();
  });

  it("#13: finds a Chinese word in the Chinese newsroom", async () => {
    const page = await open("zh-CN/");
    const region = await search(page, ZH_WORD);
    expect(await region.locator(".search-status").textContent()).toBe("1 条结果");
    const links = region.locator(".search-results li .result-title a");
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute("href")).toBe(`${server.url}zh-CN/news/news-12/`);
    await page.context().close();
  });

  it("#11: finds a two-character Chinese word only in the one announcement that has it", async () => {
    const page = await open("zh-CN/");
    const region = await search(page, ZH_PAIR);
    const links = region.locator(".search-results li .result-title a");
    expect({
      status: await region.locator(".search-status").textContent(),
      hrefs: await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname)),
    }).toEqual({ status: "1 条结果", hrefs: ["/zh-CN/news/news-12/"] });
    expect(await region.locator(".search-results mark").allTextContents()).toContain(ZH_PAIR);
    // A word every announcement has is still found in all of them.
    await search(page, "测试");
    expect(await region.locator(".search-status").textContent()).toBe(`${COUNT - 1} 条结果`);
    await page.context().close();
  });

  it("#11: indexes an announcement's summary and body, not its title, byline or footnote markers", async () => {
    const page = await open("en/");
    // Only bylines, quotation credits and fact sheets name people and organizations here.
    const region = await search(page, "Person");
    expect(await region.locator(".search-status").textContent()).toBe("No results");
    await search(page, "Organization");
    expect(await region.locator(".search-status").textContent()).toBe("No results");
    // Pagefind's own API, as search.js loads it (a module script: no import() to rewrite).
    await page.addScriptTag({
      type: "module",
      content: `import * as pf from "${server.url}pagefind/pagefind.js"; window.pagefindApi = pf;`,
    });
    await page.waitForFunction(() => "pagefindApi" in window);
    const indexed = await page.evaluate(
      async ([word]) => {
        // biome-ignore lint/suspicious/noExplicitAny: Pagefind's browser API has no types here.
        const pf = (window as any).pagefindApi;
        await pf.init();
        const found = await pf.search(word);
        const data = await found.results[0].data();
        return { content: data.content as string, title: data.meta.title as string };
      },
      [EN_WORD],
    );
    const d = documents.find((x) => x.id === "news-7" && x.locale === "en") as AnnouncementDocument;
    expect(indexed.title).toBe(d.title);
    expect(indexed.content.startsWith(d.summary)).toBe(true);
    expect(indexed.content).toContain("Announcement 7: we closed a new round");
    expect(indexed.content).not.toContain(d.title);
    expect(indexed.content).not.toContain("Person 7");
    expect(indexed.content).not.toContain("Footnotes");
    expect(indexed.content).not.toContain("↩");
    // The footnote's marker ("wrap.1") is not read as a word; the note's text is.
    expect(indexed.content).not.toMatch(/wrap\.\s?1/);
    expect(indexed.content).toContain("A footnote 7.");
    await page.context().close();
  });

  it("#13: searches under a strict Content-Security-Policy (no inline code, WebAssembly allowed)", async () => {
    const policy =
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'";
    const context = await browser.newContext();
    const violations: string[] = [];
    await context.route("**/*", async (route) => {
      if (!route.request().url().startsWith(server.url)) return route.abort();
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), "content-security-policy": policy },
      });
    });
    const page = await context.newPage();
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${server.url}en/`);
    const region = await search(page, EN_WORD);
    expect(await region.locator(".search-status").textContent()).toBe("1 result");
    expect(violations).toEqual([]);
    await context.close();
  });

  it("#13: does not pretend to search without JavaScript", async () => {
    const page = await open("en/", { javaScriptEnabled: false });
    expect(await page.locator("search.search form").isVisible()).toBe(false);
    expect(await page.locator("search.search .search-off").textContent()).toBe(
      "Search needs JavaScript, which is turned off in this browser.",
    );
    await page.context().close();
    const on = await open("en/");
    await expect
      .poll(() => on.locator("search.search form").isVisible(), { timeout: 15_000 })
      .toBe(true);
    expect(await on.locator("search.search .search-off").isVisible()).toBe(false);
    await on.context().close();
  });

  it("#13: indexes only announcements, the same way each build", async () => {
    const entry = JSON.parse(await file("pagefind/pagefind-entry.json"));
    expect(entry.languages.en.page_count).toBe(COUNT);
    expect(entry.languages["zh-cn"].page_count).toBe(COUNT - 1);
    const again = join(contentDir, "again", "site");
    await buildSite(content, again, join(contentDir, "cards"));
    const list = async (root: string) =>
      (await readdir(join(root, "pagefind"), { recursive: true })).sort();
    expect(await list(again)).toEqual(await list(dir));
    for (const name of await list(dir)) {
      if (!name.includes(".")) continue;
      const a = await readFile(join(dir, "pagefind", name));
      const b = await readFile(join(again, "pagefind", name));
      expect({ name, same: a.equals(b) }).toEqual({ name, same: true });
    }
  });
});

describe("#13: the root page", () => {
  it("#13: offers every language, named in itself, with no refresh that takes the choice away", async () => {
    const html = await file("index.html");
    expect(html).not.toContain('http-equiv="refresh"');
    const page = await open("", { javaScriptEnabled: false });
    expect(page.url()).toBe(server.url);
    for (const [locale, name] of [
      ["en", "English"],
      ["zh-CN", "中文（中国）"],
    ]) {
      const a = page.locator(`#languages a[hreflang="${locale}"]`);
      expect(await a.getAttribute("href")).toBe(`${locale}/`);
      expect(await a.locator("xpath=..").getAttribute("lang")).toBe(locale);
      expect(await a.locator(".language").textContent()).toBe(name);
    }
    await page.context().close();
  });

  it("#13: takes a reader to the language their browser asks for, where a script may run", async () => {
    for (const [locale, expected] of [
      ["zh-CN", "zh-CN/"],
      ["zh-SG", "zh-CN/"],
      ["en-GB", "en/"],
    ] as const) {
      const page = await open("", { locale });
      await page.waitForURL(`${server.url}${expected}`);
      expect(page.url()).toBe(`${server.url}${expected}`);
      await page.context().close();
    }
    // No language of the site: the choice stays.
    const page = await open("", { locale: "fr-FR" });
    await page.waitForLoadState("load");
    expect(page.url()).toBe(server.url);
    expect(await page.locator("#languages a").count()).toBe(2);
    await page.context().close();
  });

  it("#13: leaves a reader who came from the site on the choice, the best match marked", async () => {
    const page = await open("en/", { locale: "zh-CN" });
    await page.evaluate(() => {
      const a = document.createElement("a");
      a.href = "../";
      a.id = "to-root";
      a.textContent = "root";
      document.body.append(a);
    });
    await page.click("#to-root");
    await page.waitForLoadState("load");
    expect(page.url()).toBe(server.url);
    await expect
      .poll(() => page.locator("#languages li.suggested a").getAttribute("hreflang"), {
        timeout: 15_000,
      })
      .toBe("zh-CN");
    await page.context().close();
  });
});

describe("#13: not found", () => {
  it("#13: has a 404 page in every language, and the root one leads to every newsroom", async () => {
    for (const locale of content.site.locales) {
      const html = await file(`${locale}/404.html`);
      expect(html).toContain(`<html lang="${locale}"`);
      expect(html).toContain(`<a class="button" href="/${locale}/">`);
    }
    expect(await file("zh-CN/404.html")).toContain("<h1>找不到页面</h1>");
    const root = await file("404.html");
    for (const locale of content.site.locales) {
      expect(root).toContain(`<a href="/${locale}/" hreflang="${locale}">`);
    }
  });
});

/** Every kind of page this part of the site makes, by name, for layout, axe and screenshots. */
const PAGES: Record<string, string> = {
  newsroom: "en/",
  "newsroom-zh": "zh-CN/",
  "page-2": "en/page/2/",
  archive: "en/2023/",
  root: "",
  "not-found": "no/such/page/",
  "not-found-zh": "zh-CN/404.html",
  article: "en/news/news-7/",
  "press-kit": "en/press-kit/",
};

describe("#13: layout", () => {
  it("#13: keeps main's padding, so no heading touches the header line", async () => {
    for (const [name, path] of Object.entries(PAGES)) {
      for (const width of [390, 1280]) {
        const page = await open(path, { width, javaScriptEnabled: false });
        const box = await page.evaluate(() => {
          const main = document.querySelector("main") as HTMLElement;
          const h1 = document.querySelector("h1") as HTMLElement;
          const header = document.querySelector("header.site");
          return {
            padding: Number.parseFloat(getComputedStyle(main).paddingTop),
            paddingBottom: Number.parseFloat(getComputedStyle(main).paddingBottom),
            gap: h1.getBoundingClientRect().top - (header?.getBoundingClientRect().bottom ?? 0),
          };
        });
        expect({ name, width, padding: box.padding > 0, bottom: box.paddingBottom > 0 }).toEqual({
          name,
          width,
          padding: true,
          bottom: true,
        });
        expect({ name, width, gap: box.gap >= 16 }).toEqual({ name, width, gap: true });
        await page.context().close();
      }
    }
  });

  it("#13: prints main without the screen's padding (main.wrap no longer outranks the print rule)", async () => {
    const page = await open("en/");
    await page.emulateMedia({ media: "print" });
    const padding = await page.evaluate(() => {
      const style = getComputedStyle(document.querySelector("main") as HTMLElement);
      return [style.paddingTop, style.paddingInlineStart];
    });
    expect(padding).toEqual(["0px", "0px"]);
    await page.context().close();
  });

  it("#13: passes axe-core in light and dark, search results shown", async () => {
    for (const [name, path] of Object.entries(PAGES)) {
      for (const colorScheme of ["light", "dark"] as const) {
        if (name === "article" || name === "press-kit") continue;
        const page = await open(path, { colorScheme, locale: "fr-FR" });
        if (name === "newsroom") {
          await page.locator("search.search input").fill("announcement");
          await expect
            .poll(() => page.locator(".search-results li").count(), { timeout: 15_000 })
            .toBeGreaterThan(0);
        }
        const violations = await axeViolations(page);
        expect({ name, colorScheme, violations }).toEqual({ name, colorScheme, violations: [] });
        await page.context().close();
      }
    }
  });

  it("#13: never scrolls sideways at 320 px, and saves screenshots at 390 and 1280 px", async () => {
    for (const [name, path] of Object.entries(PAGES)) {
      if (name === "article" || name === "press-kit") continue;
      const page = await open(path, { width: 320, locale: "fr-FR" });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect({ name, overflow }).toEqual({ name, overflow: 0 });
      await page.context().close();
    }
    for (const name of ["newsroom", "page-2", "archive", "root", "not-found"]) {
      for (const width of [390, 1280]) {
        for (const colorScheme of ["light", "dark"] as const) {
          const page = await open(PAGES[name] as string, { width, colorScheme, locale: "fr-FR" });
          if (name === "newsroom") {
            await page.locator("search.search input").fill(EN_WORD);
            await expect
              .poll(() => page.locator(".search-results li").count(), { timeout: 15_000 })
              .toBe(1);
          }
          await page.screenshot({
            path: join(artifacts, `${name}-${width}${colorScheme === "dark" ? "-dark" : ""}.png`),
            fullPage: true,
          });
          await page.context().close();
        }
      }
    }
  });

  it("#13: writes valid HTML for the Nu Html Checker", async () => {
    // This part's pages only (the 140 announcement pages are checked on the sample).
    const check = join(contentDir, "nu");
    const files = (await readdir(dir, { recursive: true })).filter(
      (f) => f.endsWith(".html") && !f.includes("news/") && !f.includes("press-kit/"),
    );
    expect(files.length).toBe(2 * (4 + 3 + 1) + 2);
    for (const f of files) {
      await mkdir(join(check, f, ".."), { recursive: true });
      await writeFile(join(check, f), await readFile(join(dir, f)));
    }
    expect(await nuCheckerErrors(check)).toBe("");
  });
});
