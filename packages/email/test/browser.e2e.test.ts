import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Content } from "@herald/model";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileEmail } from "../src/index.js";
import { launchChromium, logoPngOf } from "./browser.js";
import { documentOf, loadRich, loadSample, richContentDir, sampleContentDir } from "./content.js";

// The HTML part as a reader's client shows it: Chromium at a phone's width and at the 600 px
// frame, light and dark. Images on the site are served from the content folder; anything else
// (a remote image) is refused, as a privacy-minded client would.

const artifacts = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
let browser: Browser;
let contents: Array<{ name: string; content: Content; dir?: string }>;
beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  browser = await launchChromium();
  contents = [
    { name: "rich", content: await loadRich(), dir: richContentDir },
    { name: "sample", content: await loadSample(), dir: sampleContentDir },
  ];
});
afterAll(() => browser?.close());

describe("the newsletter HTML in Chromium", () => {
  it("#10: fits 390 and 600 px, light and dark, with every image shown", async () => {
    const results: string[] = [];
    for (const { name, content, dir } of contents)
      for (const locale of ["en", "zh-CN"]) {
        const document = documentOf(content, locale);
        const { html } = compileEmail(content.site, document).personalize({
          email: "x@example.com",
          name: "Reader",
        });
        for (const width of [390, 600])
          for (const scheme of ["light", "dark"] as const) {
            const page = await browser.newPage({ viewport: { width, height: 800 } });
            await page.emulateMedia({ colorScheme: scheme });
            const site = content.site.url;
            await page.route("**/*", async (route) => {
              const url = route.request().url();
              // The logo's PNG, which the website build makes (#13).
              if (url === document.company.brand.png.src.url && dir && content.site.logo)
                return route.fulfill({
                  contentType: "image/png",
                  body: await logoPngOf(browser, join(dir, content.site.logo), {
                    width: document.company.brand.png.width,
                    height: document.company.brand.png.height,
                  }),
                });
              if (dir && url.startsWith(`${site}assets/`)) {
                const path = decodeURIComponent(url.slice(site.length));
                return route.fulfill({ body: await readFile(join(dir, path)) });
              }
              return route.abort();
            });
            await page.setContent(html, { waitUntil: "load" });
            const seen = await page.evaluate(() => ({
              overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
              broken: [...document.images]
                .filter((i) => !i.complete || i.naturalWidth === 0)
                .map((i) => i.src),
              wider: [...document.images]
                .filter((i) => i.getBoundingClientRect().width > window.innerWidth)
                .map((i) => i.src),
              lang: document.documentElement.lang,
              dir: document.documentElement.dir,
              background: getComputedStyle(document.querySelector(".container") as Element)
                .backgroundColor,
            }));
            expect(
              { ...seen, background: undefined },
              `${name} ${locale} ${width} ${scheme}`,
            ).toEqual({
              overflow: 0,
              broken: [],
              wider: [],
              lang: locale,
              dir: document.direction,
              background: undefined,
            });
            // Dark mode swaps the frame's white for a dark grey.
            expect(seen.background).toBe(
              scheme === "dark" ? "rgb(22, 27, 34)" : "rgb(255, 255, 255)",
            );
            const file = join(artifacts, `email-${name}-${locale}-${width}-${scheme}.png`);
            await page.screenshot({ path: file, fullPage: true });
            results.push(file);
            await page.close();
          }
      }
    expect(results).toHaveLength(16);
  });
});
