import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Content } from "@herald/model";
import { loadLanguagesContent, writeLanguagesContent } from "@herald/model/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileEmail } from "../src/index.js";
import { launchChromium } from "./browser.js";
import { documentOf, reader } from "./content.js";

// Issue 11: the newsletter in Japanese, Korean, Traditional Chinese, Arabic and German, as a
// reader's client shows it (Chromium), and as its HTML says it for clients that read no CSS.

const artifacts = fileURLToPath(new URL("../test-artifacts/i11/", import.meta.url));
let content: Content;
let contentDir: string;
let browser: Browser;

beforeAll(async () => {
  contentDir = await writeLanguagesContent();
  content = await loadLanguagesContent(contentDir);
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await rm(contentDir, { recursive: true, force: true });
});

const htmlOf = (locale: string) =>
  compileEmail(content.site, documentOf(content, locale)).personalize(reader).html;
const textOf = (locale: string) =>
  compileEmail(content.site, documentOf(content, locale)).personalize(reader).text;

async function open(
  locale: string,
  width = 600,
  colorScheme: "light" | "dark" = "light",
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.emulateMedia({ colorScheme });
  // Nothing is fetched: the images are not what is looked at here.
  await page.route("**/*", (route) => route.abort());
  await page.setContent(htmlOf(locale), { waitUntil: "load" });
  return page;
}

/** The opening tag of the first element matching `pattern`. */
const tag = (html: string, pattern: RegExp) => pattern.exec(html)?.[0] ?? "";

describe("#11: the newsletter right to left", () => {
  it("#11: the Arabic email says rtl on html, body and every frame table, and aligns cells right", () => {
    const html = htmlOf("ar");
    expect(tag(html, /<html\b[^>]*>/)).toContain('dir="rtl"');
    expect(tag(html, /<body\b[^>]*>/)).toContain('dir="rtl"');
    for (const frame of ["outer", "container"])
      expect(tag(html, new RegExp(`<table[^>]*class="${frame}"[^>]*>`))).toContain('dir="rtl"');
    // Clients that ignore CSS read the align attribute; Outlook for Windows, which reads the
    // dir attribute only in part (caniemail), reads the direction property.
    for (const cell of ["top", "content", "footer"]) {
      const td = tag(html, new RegExp(`<td[^>]*class="${cell}"[^>]*>`));
      expect(td).toContain('align="right"');
      expect(td).toMatch(/direction: ?rtl/);
    }
    expect(tag(htmlOf("de"), /<body\b[^>]*>/)).toContain('dir="ltr"');
  });

  it("#11: the Arabic email is drawn right to left: text, quotes, fact sheet and table mirrored", async () => {
    const page = await open("ar", 600);
    const seen = await page.evaluate(() => {
      const box = (selector: string) =>
        (document.querySelector(selector) as HTMLElement).getBoundingClientRect();
      const content = box("td.content");
      const first = document.querySelector("td.content p") as HTMLElement;
      const range = document.createRange();
      range.selectNodeContents(first);
      const greeting = range.getBoundingClientRect();
      // #12: the rule is the quote's cell's.
      const quote = getComputedStyle(document.querySelector(".quote-rule") as Element);
      const grid = [...document.querySelectorAll("table.grid tr:first-child > *")].map((c) =>
        c.getBoundingClientRect(),
      );
      const facts = document.querySelector("table.facts tr") as HTMLElement;
      return {
        direction: getComputedStyle(first).direction,
        // The short greeting ends its line at the right, where the column's text begins.
        greetingRight: content.right - greeting.right < 40 && greeting.left - content.left > 100,
        quoteRule: [quote.borderRightWidth, quote.borderLeftWidth],
        firstColumnRight: (grid[0]?.left ?? 0) > (grid[1]?.left ?? 0),
        labelsRight:
          (facts.querySelector("th") as Element).getBoundingClientRect().left >
          (facts.querySelector("td") as Element).getBoundingClientRect().left,
      };
    });
    expect(seen).toEqual({
      direction: "rtl",
      greetingRight: true,
      quoteRule: ["4px", "0px"],
      firstColumnRight: true,
      labelsRight: true,
    });
    await page.close();
  });

  it("#11: names in another language carry it, and their direction where it differs", () => {
    expect(htmlOf("de")).toMatch(/<span lang="ar" dir="rtl"[^>]*>صندوق نور<\/span>/);
    expect(htmlOf("zh-TW")).toMatch(/<span lang="ja"[^>]*>桜ベンチャーズ<\/span>/);
    expect(htmlOf("zh-TW")).toMatch(
      /<a href="https:\/\/northwind\.example\/" lang="zh-CN"[^>]*>北风资本<\/a>/,
    );
    expect(htmlOf("ar")).toMatch(/ lang="en" dir="ltr"[^>]*>Mara Jensen<\/a>/);
  });
});

describe("#11: the original's title", () => {
  it("#11: in another language, it is marked with its language and direction", () => {
    expect(htmlOf("ar")).toMatch(
      /<a href="https:\/\/news\.acme\.example\/en\/news\/series-a\/" hreflang="en" lang="en" dir="ltr"[^>]*>Acme Robotics raises €4 million<\/a>/,
    );
  });
});

describe("#11: the newsletter's fonts, emphasis and line breaking", () => {
  it("#11: the text is set in the language's regional faces; a name in its own", async () => {
    const expected: Record<string, string[]> = {
      ja: ["Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans CJK JP"],
      ko: ["Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR"],
      "zh-TW": ["PingFang TC", "Microsoft JhengHei", "Noto Sans CJK TC"],
      ar: ["Noto Naskh Arabic", "Geeza Pro", "Segoe UI", "Tahoma"],
    };
    for (const [locale, families] of Object.entries(expected)) {
      const page = await open(locale);
      const family = await page.evaluate(
        () => getComputedStyle(document.querySelector("td.content p") as Element).fontFamily,
      );
      for (const f of families) expect(family, `${locale}: ${family}`).toContain(f);
      await page.close();
    }
    const page = await open("zh-TW");
    const ja = await page.evaluate(
      () => getComputedStyle(document.querySelector('[lang="ja"]') as Element).fontFamily,
    );
    expect(ja).toContain("Hiragino Sans");
    expect(ja).not.toContain("PingFang TC");
    await page.close();
  });

  it("#11: emphasis in Japanese, Korean and Chinese is dotted and upright, inline; German keeps italics", async () => {
    const expected: Record<string, string> = { ja: "over", ko: "over", "zh-TW": "under" };
    for (const [locale, position] of Object.entries(expected)) {
      // Inline, for clients that drop <style>.
      expect(tag(htmlOf(locale), /<em\b[^>]*>/)).toMatch(/font-style: ?normal/);
      expect(tag(htmlOf(locale), /<em\b[^>]*>/)).toMatch(/-webkit-text-emphasis: ?filled dot/);
      const page = await open(locale);
      const seen = await page.evaluate(() => {
        const s = getComputedStyle(document.querySelector("em") as Element) as CSSStyleDeclaration &
          Record<string, string>;
        return {
          style: s.fontStyle,
          emphasis: s.textEmphasisStyle,
          position: s.textEmphasisPosition,
        };
      });
      expect({ locale, ...seen }).toEqual({
        locale,
        style: "normal",
        emphasis: expect.stringMatching(/dot/),
        position: expect.stringMatching(new RegExp(`^${position}`)),
      });
      await page.close();
    }
    const de = await open("de");
    expect(
      await de.evaluate(() => getComputedStyle(document.querySelector("em") as Element).fontStyle),
    ).toBe("italic");
    await de.close();
  });

  it("#11: CJK text gets a looser line, with room for the emphasis dots", async () => {
    for (const locale of ["ja", "ko", "zh-TW", "de"]) {
      const page = await open(locale);
      const ratio = await page.evaluate(() => {
        const s = getComputedStyle(document.querySelector("td.content p") as Element);
        return Number.parseFloat(s.lineHeight) / Number.parseFloat(s.fontSize);
      });
      expect({ locale, ratio: Math.round(ratio * 100) / 100 }).toEqual({
        locale,
        ratio: locale === "de" ? 1.6 : 1.8,
      });
      await page.close();
    }
  });

  it("#11: Korean breaks between words, never inside one", async () => {
    expect(tag(htmlOf("ko"), /<td[^>]*class="content"[^>]*>/)).toMatch(/word-break: ?keep-all/);
    const page = await open("ko", 375);
    const seen = await page.evaluate(() => {
      const s = getComputedStyle(document.querySelector("td.content p") as Element);
      return { wordBreak: s.wordBreak, overflowWrap: s.overflowWrap };
    });
    expect(seen).toEqual({ wordBreak: "keep-all", overflowWrap: "anywhere" });
    await page.close();
  });

  it("#11: screenshots at 375 and 1280 px, light and dark, never scrolling sideways", async () => {
    for (const locale of ["ja", "ko", "ar", "de"])
      for (const width of [375, 1280])
        for (const scheme of ["light", "dark"] as const) {
          const page = await open(locale, width, scheme);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect({ locale, width, overflow }).toEqual({ locale, width, overflow: 0 });
          await page.screenshot({
            path: join(artifacts, `email-${locale}-${width}-${scheme}.png`),
            fullPage: true,
          });
          await page.close();
        }
  });
});

describe("#11: the plain-text part right to left", () => {
  it("#11: every line of the Arabic text part begins right to left, the signature line kept", () => {
    const lines = textOf("ar")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const ltr = lines.filter((l) => l !== "-- " && !l.startsWith("\u200f"));
    expect(ltr).toEqual([]);
    expect(lines).toContain("-- ");
    expect(textOf("de")).not.toContain("\u200f");
  });

  it("#11: the phone number is isolated left to right, so Arabic text around it cannot reverse its groups", () => {
    expect(textOf("ar")).toContain("\u2066+31 20 555 0100\u2069");
    expect(textOf("de")).toContain(", +31 20 555 0100\n");
  });
});
