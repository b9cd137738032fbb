import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { type AnnouncementDocument, type Content, siteAddress } from "@herald/model";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputPath } from "../src/routes.js";
import { axeViolations, launchChromium, nuCheckerErrors } from "./browser.js";
import { buildSite } from "./build.js";
import {
  devDocuments,
  EMBARGOED,
  embargoedPart,
  LOCALES,
  UPDATED,
  writeEmbargoContent,
} from "./embargo-content.js";
import { serve } from "./static-server.js";

// Issue 14 in the browser: the updates box and the embargo notice in English, Chinese and
// Arabic, at phone and desktop width, light and dark; and the embargoed preview as the build
// writes it (OUT/embargoed/site): exactly the files its pages need, none of them naming the
// public site. One site as `herald dev` lays it out (the embargoed announcement marked) and
// one preview, built once for every test.

const artifacts = fileURLToPath(new URL("../test-artifacts/i14/", import.meta.url));
let contentDir: string;
let content: Content;
let out: string;
let preview: { content: Content; documents: AnnouncementDocument[] };
let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;

const SITE = "site";
const PREVIEW = "embargoed/site";

beforeAll(async () => {
  ({ dir: contentDir, content } = await writeEmbargoContent());
  out = join(contentDir, "out");
  preview = embargoedPart(content);
  const cache = join(contentDir, "cache");
  await Promise.all([
    buildSite(content, join(out, SITE), cache, { documents: devDocuments(content) }),
    buildSite(preview.content, join(out, PREVIEW), undefined, {
      documents: preview.documents,
      embargoed: true,
    }),
  ]);
  server = await serve(out);
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(contentDir, { recursive: true, force: true });
});

const filesIn = async (dir: string) =>
  (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => posix.join(posix.relative(dir, e.parentPath).split("\\").join("/"), e.name))
    .sort();

/** One tab per colour scheme, reused by every visit (a new browser context costs more than a page). */
const tabs = new Map<string, { page: Page; external: string[]; failed: string[] }>();

async function open(
  path: string,
  width = 1280,
  colorScheme: "light" | "dark" = "light",
): Promise<{ page: Page; external: string[]; failed: string[] }> {
  let tab = tabs.get(colorScheme);
  if (!tab) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    const opened = {
      page: await context.newPage(),
      external: [] as string[],
      failed: [] as string[],
    };
    await context.route("**/*", (route) => {
      if (route.request().url().startsWith(server.url)) return route.continue();
      opened.external.push(route.request().url());
      return route.abort();
    });
    opened.page.on("response", (r) => {
      if (r.status() >= 400) opened.failed.push(r.url());
    });
    tabs.set(colorScheme, opened);
    tab = opened;
  }
  tab.external.length = 0;
  tab.failed.length = 0;
  await tab.page.setViewportSize({ width, height: 900 });
  await tab.page.goto(`${server.url}${path}`);
  return tab;
}

const articleOf = (root: string, id: string, locale: string) => `${root}/${locale}/news/${id}/`;

describe("#14: the embargoed preview (OUT/embargoed/site)", () => {
  it("#14: holds exactly its articles, their PDFs, the stylesheet, the content's files, the icons and a robots.txt that disallows all", async () => {
    const files = await filesIn(join(out, PREVIEW));
    const assets = content.assets.map((a) => outputPath(siteAddress(content.site, a)));
    expect(files).toEqual(
      [
        ...LOCALES.flatMap((l) => [
          `${l}/news/${EMBARGOED}/index.html`,
          `${l}/news/${EMBARGOED}/${EMBARGOED}.${l}.pdf`,
        ]),
        ...assets,
        "apple-touch-icon.png",
        "favicon.ico",
        "icon.png",
        "logo.png",
        "robots.txt",
        "site.css",
      ].sort(),
    );
    expect(await readFile(join(out, PREVIEW, "robots.txt"), "utf8")).toBe(
      "User-agent: *\nDisallow: /\n",
    );
    // The site `herald dev` shows has all the rest (the preview leaves it out on purpose).
    const site = await filesIn(join(out, SITE));
    for (const file of ["sitemap.xml", "en/feed.xml", "en/press-kit/index.html", "en/social.png"])
      expect(site).toContain(file);
    expect(site.some((f) => f.startsWith("pagefind/"))).toBe(true);
  });

  it("#14: no file of the preview names the public site, and every page says noindex", async () => {
    const files = await filesIn(join(out, PREVIEW));
    const texts = files.filter((f) => /\.(html|css|txt)$/.test(f));
    const host = new URL(content.site.url).host;
    for (const file of texts) {
      const text = await readFile(join(out, PREVIEW, file), "utf8");
      expect(text.includes(content.site.url), file).toBe(false);
      expect(text.includes(host), file).toBe(false);
      if (file.endsWith(".html")) {
        expect(text, file).toContain('<meta name="robots" content="noindex">');
        expect(text, file).toContain('<div class="embargo" role="note">');
      }
    }
  });

  it("#14: every link and picture of a preview page leads to a file of the preview", async () => {
    for (const locale of LOCALES) {
      const file = `${locale}/news/${EMBARGOED}/index.html`;
      const html = await readFile(join(out, PREVIEW, file), "utf8");
      const targets = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)]
        .map((m) => (m[1] ?? "").replace(/&amp;/g, "&"))
        .filter((t) => !/^(https?:|mailto:|#)/.test(t));
      expect(targets.length).toBeGreaterThan(5);
      for (const target of targets) {
        const path = posix.join(
          posix.dirname(file),
          decodeURIComponent(target.replace(/[?#].*$/, "")),
        );
        const resolved = target.endsWith("/") ? posix.join(path, "index.html") : path;
        expect(existsSync(join(out, PREVIEW, resolved)), `${file} → ${target}`).toBe(true);
      }
      // The other translations and the PDF, relative; nothing of the newsroom.
      for (const other of LOCALES.filter((l) => l !== locale))
        expect(html).toContain(`href="../../../${other}/news/${EMBARGOED}/" hreflang="${other}"`);
      expect(html).toContain(`href="${EMBARGOED}.${locale}.pdf"`);
      expect(html).not.toMatch(/feed\.xml|press-kit\/|rel="canonical"|og:image|og:url/);
    }
  });

  it("#14: a preview page in the browser loads only its own files; both builds pass the Nu Html Checker", async () => {
    const { page, external, failed } = await open(articleOf(PREVIEW, EMBARGOED, "en"), 390);
    await page.waitForLoadState("load");
    expect({ external, failed }).toEqual({ external: [], failed: [] });
    // Every page of both builds in one run (the checker's start is most of its time).
    expect(await nuCheckerErrors(out)).toBe("");
  });
});

describe("#14: the notices on the page, in three languages", () => {
  it("#14: pass axe-core (WCAG 2.1 AA, contrast included) in light and dark", async () => {
    for (const locale of LOCALES) {
      for (const path of [
        articleOf(SITE, UPDATED, locale),
        articleOf(PREVIEW, EMBARGOED, locale),
        // The marks in the lists, once (they are the same in every language).
        ...(locale === "zh-CN" ? [`${SITE}/${locale}/`, `${SITE}/${locale}/press-kit/`] : []),
      ]) {
        for (const scheme of ["light", "dark"] as const) {
          const { page } = await open(path, 1280, scheme);
          expect(await axeViolations(page), `${path} ${scheme}`).toEqual([]);
        }
      }
    }
  });

  it("#14: the embargo notice is the first thing of the article, on the first screen of a phone, and the updates box is under the date", async () => {
    for (const locale of LOCALES) {
      const { page } = await open(articleOf(PREVIEW, EMBARGOED, locale), 390);
      const seen = await page.evaluate(() => {
        const top = (s: string) =>
          (document.querySelector(s) as HTMLElement).getBoundingClientRect();
        const article = document.querySelector("article") as HTMLElement;
        return {
          first: article.firstElementChild?.className,
          role: document.querySelector(".embargo")?.getAttribute("role"),
          onFirstScreen: top(".embargo").bottom < window.innerHeight,
          aboveTitle: top(".embargo").bottom <= top("h1").top,
        };
      });
      expect(seen, locale).toEqual({
        first: "embargo",
        role: "note",
        onFirstScreen: true,
        aboveTitle: true,
      });
      const updated = await open(articleOf(SITE, UPDATED, locale), 390);
      const order = await updated.page.evaluate(() => {
        const y = (s: string) =>
          (document.querySelector(s) as HTMLElement).getBoundingClientRect().top;
        return [y("h1") < y(".meta"), y(".meta") < y(".updates"), y(".updates") < y(".summary")];
      });
      expect(order, locale).toEqual([true, true, true]);
    }
  });

  it("#14: the newsroom's search finds an update's words, and not its heading's", async () => {
    const { page } = await open(`${SITE}/en/`);
    const region = page.locator("search.search");
    const status = region.locator(".search-status");
    const search = async (word: string) => {
      await region.getByRole("searchbox").fill("");
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe("");
      await region.getByRole("searchbox").fill(word);
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).not.toBe("");
      return status.textContent();
    };
    // "Rotterdam" is only in the English update; "Correction" only in its heading.
    expect(await search("Rotterdam")).toBe("1 result");
    expect(await region.locator(".search-results .result-title a").getAttribute("href")).toContain(
      `news/${UPDATED}/`,
    );
    expect(await search("Correction")).toBe("No results");
  });

  it("#14: in Arabic the notice's and the box's marked side is the right, where lines begin", async () => {
    for (const [locale, start, end] of [
      ["ar", "borderRightWidth", "borderLeftWidth"],
      ["en", "borderLeftWidth", "borderRightWidth"],
    ] as const) {
      const { page } = await open(articleOf(PREVIEW, EMBARGOED, locale));
      const embargo = await page.evaluate(
        ([a, b]) => {
          const s = getComputedStyle(document.querySelector(".embargo") as HTMLElement);
          return [s[a], s[b], s.direction];
        },
        [start, end] as const,
      );
      expect(embargo).toEqual(["6px", "1px", locale === "ar" ? "rtl" : "ltr"]);
      const updated = await open(articleOf(SITE, UPDATED, locale));
      const box = await updated.page.evaluate(
        ([a, b]) => {
          const s = getComputedStyle(document.querySelector(".updates") as HTMLElement);
          const heading = document.querySelector(".updates h2") as HTMLElement;
          const boxRect = (
            document.querySelector(".updates") as HTMLElement
          ).getBoundingClientRect();
          const h = heading.getBoundingClientRect();
          return {
            borders: [s[a], s[b]],
            // The heading starts at the box's start side.
            headingAtStart:
              Math.abs(
                getComputedStyle(heading).direction === "rtl"
                  ? boxRect.right - h.right
                  : h.left - boxRect.left,
              ) < 30,
          };
        },
        [start, end] as const,
      );
      expect(box, locale).toEqual({ borders: ["4px", "1px"], headingAtStart: true });
    }
  });

  it("#14: never scroll sideways at 320 px, and save screenshots at 390 and 1280 px, light and dark", async () => {
    for (const locale of LOCALES) {
      for (const [name, path] of [
        ["updates", articleOf(SITE, UPDATED, locale)],
        ["embargo", articleOf(PREVIEW, EMBARGOED, locale)],
        ["newsroom", `${SITE}/${locale}/`],
        ["press-kit", `${SITE}/${locale}/press-kit/`],
      ] as const) {
        const narrow = await open(path, 320);
        const overflow = await narrow.page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${path} at 320 px`).toBe(0);
        if (name === "newsroom" || name === "press-kit") {
          const { page } = await open(path, 390);
          await page.screenshot({
            path: join(artifacts, `${name}-${locale}-390.png`),
            fullPage: true,
          });
          continue;
        }
        for (const width of [390, 1280]) {
          for (const scheme of ["light", "dark"] as const) {
            const { page } = await open(path, width, scheme);
            // The top of the article is what these pictures are about.
            await page.screenshot({
              path: join(artifacts, `${name}-${locale}-${width}-${scheme}.png`),
              clip: { x: 0, y: 0, width, height: 900 },
            });
          }
        }
      }
    }
  });
});
