import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sampleContentDir } from "@herald/model";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowOf } from "../src/stat-tiles.js";
import { launchChromium, logoPngOf } from "./browser.js";
import { type BuiltEmail, builtEmails } from "./emails.js";

// Issue 13: the logo and the stat tiles as a reader sees them, in Chromium: on a phone
// (390 px), in a 600 px reading pane and on a very narrow screen (320 px), light and dark; and
// with no <style> at all (Gmail's app with another provider's account reads no media query),
// where the inline styles alone must still read well. Pictures in test-artifacts/i13/.

const artifacts = fileURLToPath(new URL("../test-artifacts/i13/", import.meta.url));
let browser: Browser;
let emails: BuiltEmail[];
/** The sample's logo as a PNG 160 px high, as the website build makes it. */
let logoPng: Buffer;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  [browser, emails] = await Promise.all([launchChromium(), builtEmails()]);
  // The site draws logo.png from the SVG; here Chromium draws it, so the pictures show it.
  logoPng = await logoPngOf(browser, join(sampleContentDir, "assets/logo.svg"), {
    width: 160,
    height: 160,
  });
});
afterAll(() => browser?.close());

/** The email in a page `width` wide, the logo served, everything else blocked. */
async function open(html: string, width: number, scheme: "light" | "dark"): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.emulateMedia({ colorScheme: scheme });
  await page.route("**/*", (route) =>
    route.request().url().endsWith("/logo.png")
      ? route.fulfill({ status: 200, contentType: "image/png", body: logoPng })
      : route.abort(),
  );
  await page.setContent(html, { waitUntil: "load" });
  return page;
}

/** What the test measures of the tiles and the logo. */
function measure() {
  const content = document.querySelector(".content")?.getBoundingClientRect();
  const tiles = [...document.querySelectorAll(".tile")].map((t) => t.getBoundingClientRect());
  const numbers = [...document.querySelectorAll<HTMLElement>(".tile-number")];
  const rows = new Set(tiles.map((t) => Math.round(t.top))).size;
  const logo = document.querySelector<HTMLImageElement>("img.logo");
  const style = logo ? getComputedStyle(logo) : undefined;
  return {
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    tiles: tiles.length,
    rows,
    tilesInside:
      !!content &&
      tiles.every((t) => t.left >= content.left - 0.5 && t.right <= content.right + 0.5),
    numbersFit: numbers.every((n) => n.scrollWidth <= n.clientWidth + 1),
    logo: logo
      ? {
          loaded: logo.complete && logo.naturalWidth > 0,
          width: Number.parseFloat(style?.width ?? "0"),
          height: Number.parseFloat(style?.height ?? "0"),
        }
      : undefined,
  };
}

describe("#13: the logo and the stat tiles in Chromium", () => {
  it("#13: the sample (zh-CN, en) and the Arabic email at 390, 600 and 320 px, light and dark: tiles inside the column, two to a row on a phone, four at 600 px, one at 320 px; the logo 40 px high", async () => {
    const shown = emails.filter((e) => ["sample zh-CN", "sample en", "world ar"].includes(e.name));
    expect(shown).toHaveLength(3);
    const seen: unknown[] = [];
    for (const { name, parts, document } of shown)
      for (const width of [390, 600, 320])
        for (const scheme of ["light", "dark"] as const) {
          const page = await open(parts.html, width, scheme);
          const look = await page.evaluate(measure);
          const count = document.figures.length;
          // At 600 px four, or two where a figure would need its number smaller than 18 px.
          const perRow = width === 320 ? 1 : width === 390 ? 2 : rowOf(document.figures);
          const expected = {
            name,
            width,
            scheme,
            overflow: 0,
            tiles: count,
            rows: Math.ceil(count / Math.min(perRow, count)),
            tilesInside: true,
            numbersFit: true,
            logo: document.company.logo ? { loaded: true, width: 40, height: 40 } : undefined,
          };
          seen.push({ ...look, name, width, scheme });
          expect({ name, width, scheme, ...look }).toEqual(expected);
          const file = `${name.replace(" ", "-")}-${width}-${scheme}`;
          if (width !== 320)
            await page.screenshot({ path: join(artifacts, `${file}.png`), fullPage: true });
          // The top of the email down to the tiles: what the eye checks first.
          const bottom = await page.evaluate(
            () => document.querySelector(".tiles")?.getBoundingClientRect().bottom ?? 800,
          );
          await page.screenshot({
            path: join(artifacts, `${file}-top.png`),
            fullPage: true,
            clip: { x: 0, y: 0, width, height: Math.ceil(bottom) + 24 },
          });
          await page.close();
        }
    expect(seen).toHaveLength(18);
  }, 240_000);

  it("#13: with no <style> (no media queries, no classes), the inline styles alone keep the tiles inside a 390 px screen, two to a row", async () => {
    for (const e of emails.filter((x) => x.name.startsWith("sample "))) {
      const bare = e.parts.html.replace(/<style>[\s\S]*?<\/style>/, "");
      expect(bare).not.toContain("@media");
      const page = await open(bare, 390, "light");
      const look = await page.evaluate(measure);
      expect({ name: e.name, ...look }).toMatchObject({
        name: e.name,
        overflow: 0,
        tiles: 4,
        // Tiles of the 600 px row's width: two of 136 px fit a phone, one of 272 px (the
        // Chinese sample's, whose "超过 5,000 个" is never split) does.
        rows: rowOf(e.document.figures) === 4 ? 2 : 4,
        tilesInside: true,
        numbersFit: true,
      });
      const bottom = await page.evaluate(
        () => document.querySelector(".tiles")?.getBoundingClientRect().bottom ?? 800,
      );
      await page.screenshot({
        path: join(artifacts, `${e.name.replace(" ", "-")}-390-no-style-top.png`),
        fullPage: true,
        clip: { x: 0, y: 0, width: 390, height: Math.ceil(bottom) + 24 },
      });
      await page.close();
    }
  });
});
