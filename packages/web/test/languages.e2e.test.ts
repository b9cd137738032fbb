import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Content, wordsFor } from "@herald/model";
import {
  LANGUAGES_LOCALES as LOCALES,
  loadLanguagesContent,
  writeLanguagesContent,
} from "@herald/model/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { css } from "../src/style.js";
import { axeViolations, launchChromium, nuCheckerErrors } from "./browser.js";
import { buildSite } from "./build.js";
import { serve } from "./static-server.js";

// Issue 11: the announcement page in Japanese, Korean, Traditional Chinese, Arabic and German,
// read back in Chromium: direction and mirrored layout measured from the boxes drawn, fonts,
// emphasis and line breaking from the computed styles.

const artifacts = fileURLToPath(new URL("../test-artifacts/i11/", import.meta.url));
let content: Content;
let contentDir: string;
let dir: string;
let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;

beforeAll(async () => {
  contentDir = await writeLanguagesContent();
  content = await loadLanguagesContent(contentDir);
  dir = join(contentDir, "out", "site");
  await buildSite(content, dir);
  server = await serve(dir);
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(contentDir, { recursive: true, force: true });
});

async function open(
  path: string,
  width = 1280,
  colorScheme: "light" | "dark" = "light",
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  await context.route("**/*", (route) =>
    route.request().url().startsWith(server.url) ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  return page;
}

const article = (locale: string) => `${locale}/news/series-a/`;
const html = (locale: string) => readFile(join(dir, article(locale), "index.html"), "utf8");

describe("#11: right to left", () => {
  it("#11: the Arabic page runs right to left, on the page and the article", async () => {
    const page = await open(article("ar"));
    const dirs = await page.evaluate(() => ({
      html: document.documentElement.dir,
      article: (document.querySelector("article") as HTMLElement).dir,
      direction: getComputedStyle(document.body).direction,
    }));
    expect(dirs).toEqual({ html: "rtl", article: "rtl", direction: "rtl" });
    await page.context().close();
  });

  it("#11: mirrors quotes, lists, tables, the fact sheet, the key figures and the header", async () => {
    const page = await open(article("ar"));
    const seen = await page.evaluate(() => {
      const box = (selector: string) =>
        (document.querySelector(selector) as HTMLElement).getBoundingClientRect();
      const style = (selector: string) =>
        getComputedStyle(document.querySelector(selector) as HTMLElement);
      const quote = style(".body blockquote");
      const list = box(".body ul");
      const item = box(".body ul li");
      const cells = [...document.querySelectorAll(".body table tr:first-child > *")].map((c) =>
        c.getBoundingClientRect(),
      );
      // The key figures' tiles: the first at the right, where Arabic lines begin.
      const tiles = [...document.querySelectorAll(".figures .stat")].map((t) =>
        t.getBoundingClientRect(),
      );
      return {
        // The quote's rule stands on the right, where Arabic lines begin.
        quoteRule: [quote.borderRightWidth, quote.borderLeftWidth],
        quoteIndent: quote.paddingRight !== "0px" && quote.paddingLeft === "0px",
        // Markers go in the list's right margin.
        markersRight: list.right - item.right > 10 && Math.abs(list.left - item.left) < 1,
        // The first column of a table is the rightmost.
        firstColumnRight: (cells[0]?.left ?? 0) > (cells[1]?.left ?? 0),
        // The fact sheet's labels are the right column.
        labelsRight: box(".facts dt").left > box(".facts dd").left,
        // The first key figure's tile stands at the right.
        tilesFromRight: (tiles[0]?.left ?? 0) > (tiles[1]?.left ?? 0),
        // The company name starts the header, at the right.
        brandRight: box(".brand").left > box("header.site nav").left,
        footnotesRight: box(".footnotes li").right < box(".footnotes ol").right - 10,
      };
    });
    expect(seen).toEqual({
      quoteRule: ["4px", "0px"],
      quoteIndent: true,
      markersRight: true,
      firstColumnRight: true,
      labelsRight: true,
      tilesFromRight: true,
      brandRight: true,
      footnotesRight: true,
    });
    await page.context().close();
  });

  it("#11: the stylesheet says start and end, never left or right, but for mirrored table columns", async () => {
    const rules = css.replace(/\/\*[\s\S]*?\*\//g, "");
    const physical = rules
      .split("\n")
      .filter((line) => /\b(left|right)\b/.test(line))
      .filter((line) => !/\.align-(left|right)|text-emphasis-position/.test(line));
    expect(physical).toEqual([]);
    // Nor a margin or padding of four values with different left and right sides.
    const sides = [...rules.matchAll(/(?:margin|padding|inset):\s*([^;}]+)/g)]
      .map((m) => (m[1] as string).trim().split(/\s+/))
      .filter((v) => v.length === 4 && v[1] !== v[3]);
    expect(sides).toEqual([]);
  });

  it("#11: keeps a phone number's groups in order and on one line in an Arabic page", async () => {
    const page = await open(article("ar"), 375);
    const tel = await page.evaluate(() => {
      const span = document.querySelector("footer .tel") as HTMLElement;
      const range = document.createRange();
      range.selectNodeContents(span);
      return { text: span.textContent, lines: range.getClientRects().length, dir: span.dir };
    });
    expect(tel).toEqual({ text: "+31 20 555 0100", lines: 1, dir: "ltr" });
    await page.context().close();
  });

  it("#11: slants no Arabic emphasis (Arabic has no italics) and points the notes' way back right to left", async () => {
    const page = await open(article("ar"));
    const em = await page.evaluate(() => {
      const s = getComputedStyle(document.querySelector(".body em") as Element);
      return { style: s.fontStyle, weight: s.fontWeight };
    });
    expect(em).toEqual({ style: "normal", weight: "700" });
    await page.context().close();
    expect(await html("ar")).toMatch(/class="back"[^>]*>↪<\/a>/);
    expect(await html("de")).toMatch(/class="back"[^>]*>↩<\/a>/);
  });

  it("#11: the title of an original in a left-to-right language is marked with its language and direction", async () => {
    expect(await html("ar")).toContain(
      '<a href="https://news.acme.example/en/news/series-a/" hreflang="en"><cite lang="en" dir="ltr">Acme Robotics raises €4 million</cite></a>',
    );
  });

  it("#11: a name in a right-to-left language in a German page is marked with its language and direction", async () => {
    expect(await html("de")).toContain('<span lang="ar" dir="rtl">صندوق نور</span>');
  });
});

describe("#11: fonts, language marks, emphasis and line breaking", () => {
  it("#11: the header's language links are a list of their own, named in the page's language", async () => {
    for (const locale of ["ja", "ar"]) {
      const page = await open(article(locale));
      const lists = await page.evaluate(() =>
        [...document.querySelectorAll("header.site nav ul")].map((ul) => ({
          label: ul.getAttribute("aria-label"),
          langs: [...ul.querySelectorAll("a")].map((a) => a.getAttribute("lang")),
        })),
      );
      const others = LOCALES.filter((l) => l !== locale);
      expect(lists).toEqual([
        { label: null, langs: [null, null] },
        { label: wordsFor(locale, content.words).chooseLanguage, langs: others },
      ]);
      await page.context().close();
    }
  });

  it("#11: each page names its language's regional font families", async () => {
    const expected: Record<string, string[]> = {
      ja: ["Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans CJK JP"],
      ko: ["Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR"],
      "zh-TW": ["PingFang TC", "Microsoft JhengHei", "Noto Sans CJK TC"],
      "zh-CN": ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"],
      ar: ["Noto Naskh Arabic", "Geeza Pro", "Segoe UI", "Tahoma"],
    };
    for (const [locale, families] of Object.entries(expected)) {
      const page = await open(article(locale));
      const family = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
      for (const f of families) expect(family, `${locale}: ${family}`).toContain(f);
      await page.context().close();
    }
    // Japanese and Korean pages do not fall back to Chinese faces first.
    const ja = await open(article("ja"));
    const family = await ja.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(family).not.toContain("SC");
    await ja.context().close();
  });

  it("#11: a name in another language is marked with it and set in that language's faces", async () => {
    const zh = await html("zh-TW");
    // The Japanese investor in the Traditional Chinese fact sheet; the mainland name too.
    expect(zh).toContain('<span lang="ja">桜ベンチャーズ</span>');
    expect(zh).toMatch(/<a href="https:\/\/northwind\.example\/" lang="zh-CN">北风资本<\/a>/);
    const page = await open(article("zh-TW"));
    const fonts = await page.evaluate(() => ({
      ja: getComputedStyle(document.querySelector('.facts [lang="ja"]') as Element).fontFamily,
      cn: getComputedStyle(document.querySelector('.facts [lang="zh-CN"]') as Element).fontFamily,
    }));
    expect(fonts.ja).toMatch(/^"Hiragino Sans"|"Hiragino Sans"/);
    expect(fonts.ja.indexOf("Noto Sans CJK JP")).toBeLessThan(
      fonts.ja.indexOf("Noto Sans CJK TC") === -1 ? Infinity : fonts.ja.indexOf("Noto Sans CJK TC"),
    );
    expect(fonts.cn).toContain('"PingFang SC"');
    await page.context().close();
    // Latin names in Japanese and Arabic pages, and the author's name in every credit.
    expect(await html("ja")).toMatch(/<a href="https:\/\/northwind\.example\/" lang="en">/);
    expect(await html("ar")).toMatch(
      /<a href="https:\/\/northwind\.example\/team\/mara" lang="en" dir="ltr">Mara Jensen<\/a>/,
    );
  });

  it("#11: emphasis in Chinese, Japanese and Korean is dotted, not slanted; German keeps italics", async () => {
    const expected: Record<string, { style: string; position: string }> = {
      ja: { style: "normal", position: "over" },
      ko: { style: "normal", position: "over" },
      "zh-TW": { style: "normal", position: "under" },
    };
    for (const [locale, want] of Object.entries(expected)) {
      const page = await open(article(locale));
      const seen = await page.evaluate(() => {
        const em = document.querySelector(".body em") as HTMLElement;
        const quote = document.querySelector(".body blockquote") as HTMLElement;
        const s = getComputedStyle(em) as CSSStyleDeclaration & Record<string, string>;
        return {
          style: s.fontStyle,
          emphasis: s.textEmphasisStyle ?? s.webkitTextEmphasisStyle,
          position: s.textEmphasisPosition ?? s.webkitTextEmphasisPosition,
          quote: getComputedStyle(quote).fontStyle,
        };
      });
      expect({ locale, ...seen }).toEqual({
        locale,
        style: want.style,
        emphasis: expect.stringMatching(/dot/),
        // Chromium leaves out "right", the side in vertical text, as it is the default.
        position: expect.stringMatching(new RegExp(`^${want.position}`)),
        quote: "normal",
      });
      await page.context().close();
    }
    const de = await open(article("de"));
    const latin = await de.evaluate(() => {
      const s = getComputedStyle(document.querySelector(".body em") as HTMLElement);
      return { style: s.fontStyle, emphasis: s.textEmphasisStyle };
    });
    expect(latin).toEqual({ style: "italic", emphasis: "none" });
    await de.context().close();
  });

  it("#11: CJK text gets a looser line, its headings stay tight", async () => {
    for (const locale of ["ja", "ko", "zh-TW"]) {
      const page = await open(article(locale));
      const ratios = await page.evaluate(() =>
        ["h1", ".body p"].map((selector) => {
          const s = getComputedStyle(document.querySelector(selector) as Element);
          return (
            Math.round((100 * Number.parseFloat(s.lineHeight)) / Number.parseFloat(s.fontSize)) /
            100
          );
        }),
      );
      expect({ locale, ratios }).toEqual({ locale, ratios: [1.45, 1.85] });
      await page.context().close();
    }
  });

  it("#11: Korean breaks lines between words, never inside one", async () => {
    const page = await open(article("ko"), 375);
    const seen = await page.evaluate(() => {
      const s = getComputedStyle(document.querySelector(".body p") as HTMLElement);
      return {
        wordBreak: s.wordBreak,
        overflowWrap: s.overflowWrap,
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    expect(seen).toEqual({ wordBreak: "keep-all", overflowWrap: "anywhere", overflow: 0 });
    await page.context().close();
    const ja = await open(article("ja"), 375);
    expect(
      await ja.evaluate(
        () => getComputedStyle(document.querySelector(".body p") as Element).wordBreak,
      ),
    ).toBe("normal");
    await ja.context().close();
  });

  it("#11: passes axe-core (WCAG 2.1 AA) and the Nu Html Checker in every language", async () => {
    const pages = [
      ...["ja", "ko", "zh-TW", "ar", "de"].map(article),
      "ar/",
      "ar/press-kit/",
      "ko/press-kit/",
    ];
    for (const path of pages)
      for (const scheme of ["light", "dark"] as const) {
        const page = await open(path, 1280, scheme);
        const violations = await axeViolations(page);
        expect({ path, scheme, violations }).toEqual({ path, scheme, violations: [] });
        await page.context().close();
      }
    expect(await nuCheckerErrors(dir)).toBe("");
  });

  it("#11: screenshots at 375 and 1280 px, light and dark, never scrolling sideways", async () => {
    for (const locale of ["ja", "ko", "ar", "de", "zh-TW"])
      for (const width of [375, 1280])
        for (const scheme of ["light", "dark"] as const) {
          const page = await open(article(locale), width, scheme);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect({ locale, width, overflow }).toEqual({ locale, width, overflow: 0 });
          await page.screenshot({
            path: join(artifacts, `page-${locale}-${width}-${scheme}.png`),
            fullPage: true,
          });
          await page.context().close();
        }
    // The Arabic press-kit page, with the boilerplate, contact and logos.
    const kit = await open("ar/press-kit/", 375);
    await kit.screenshot({ path: join(artifacts, "press-kit-ar-375-light.png"), fullPage: true });
    await kit.context().close();
  });
});
