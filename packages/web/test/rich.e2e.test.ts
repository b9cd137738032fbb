import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Content, loadContent } from "@herald/model";
import { richContentDir } from "@herald/model/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium, nuCheckerErrors } from "./browser.js";
import { buildSite } from "./build.js";
import { serve } from "./static-server.js";

// The rich test content (every kind of node the announcement document resolves) in Chromium:
// what the HTML says must also be what a reader sees.
const rich = richContentDir;
const artifacts = fileURLToPath(new URL("../test-artifacts/", import.meta.url));

let content: Content;
let dir: string;
let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;

beforeAll(async () => {
  const loaded = await loadContent(rich);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  content = loaded.content;
  dir = join(await mkdtemp(join(tmpdir(), "herald-rich-")), "site");
  await buildSite(content, dir);
  server = await serve(dir);
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(join(dir, ".."), { recursive: true, force: true });
});

const external: string[] = [];

async function open(
  path: string,
  width: number,
  colorScheme: "light" | "dark" = "light",
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  // Nothing leaves this machine: the remote image must never be requested.
  await context.route("**/*", (route) => {
    if (route.request().url().startsWith(server.url)) return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(server.url + path);
  return page;
}

const articles = ["en/news/series-a/", "zh-CN/news/series-a/"];

describe("the rich announcement, in headless Chromium", () => {
  it("#10: shows right-aligned table columns right-aligned (the stylesheet does not win)", async () => {
    for (const locale of ["en", "zh-CN"]) {
      const page = await open(`${locale}/news/series-a/`, 1280);
      const aligned = await page.evaluate(() =>
        [...document.querySelectorAll(".body table tr")].map((row) =>
          [...row.children].map((cell) => getComputedStyle(cell).textAlign),
        ),
      );
      expect({ locale, aligned }).toEqual({
        locale,
        // Start and end (issue 11): the columns are mirrored in a right-to-left page.
        aligned: [
          ["start", "end"],
          ["start", "end"],
          ["start", "end"],
        ],
      });
      await page.context().close();
    }
  });

  it("#10: reserves each local image's box before it loads (width and height)", async () => {
    const page = await open("en/news/series-a/", 1280);
    const boxes = await page.evaluate(async () => {
      const images = [...document.querySelectorAll(".body img")] as HTMLImageElement[];
      // Lazy images below the fold are not fetched yet: fetch them to compare real sizes.
      for (const i of images) i.loading = "eager";
      await Promise.all(images.map((i) => i.decode()));
      return images.map(
        (i) =>
          `${i.getAttribute("width")}x${i.getAttribute("height")} ${i.naturalWidth}x${i.naturalHeight}`,
      );
    });
    expect(boxes).toEqual(["800x450 800x450", "16x16 16x16"]);
    await page.context().close();
  });

  it("#10: follows every link to a file or page of the site, and requests nothing else", async () => {
    const broken: string[] = [];
    for (const path of [...articles, "en/press-kit/", "en/"]) {
      const page = await open(path, 1280);
      const targets = await page.evaluate(() => [
        ...[...document.querySelectorAll("a[href], link[href]")].map(
          (e) => (e as HTMLAnchorElement).href,
        ),
        ...[...document.querySelectorAll("img[src]")].map((e) => (e as HTMLImageElement).src),
      ]);
      for (const target of targets) {
        if (!target.startsWith(server.url)) continue;
        const url = new URL(target);
        const here = page.url().replace(/#.*$/, "");
        if (url.hash && url.href.replace(/#.*$/, "") === here) {
          const id = decodeURIComponent(url.hash.slice(1));
          if (!(await page.evaluate((x) => document.getElementById(x) !== null, id))) {
            broken.push(`${path}: ${target} (no #${id})`);
          }
          continue;
        }
        const response = await fetch(url.href.replace(/#.*$/, ""));
        if (response.status !== 200) broken.push(`${path}: ${target} (${response.status})`);
      }
      await page.context().close();
    }
    expect(broken).toEqual([]);
    expect(external).toEqual([]);
  });

  it("#10: passes axe-core (WCAG 2.1 AA) in light and dark mode", async () => {
    for (const path of articles) {
      for (const scheme of ["light", "dark"] as const) {
        const page = await open(path, 1280, scheme);
        const violations = await axeViolations(page);
        expect({ path, scheme, violations }).toEqual({ path, scheme, violations: [] });
        await page.context().close();
      }
    }
  });

  it("#10: never scrolls sideways, and saves screenshots (phone and desktop, light and dark)", async () => {
    for (const path of articles) {
      for (const width of [320, 390, 1280]) {
        for (const scheme of ["light", "dark"] as const) {
          const page = await open(path, width, scheme);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect({ path, width, overflow }).toEqual({ path, width, overflow: 0 });
          if (width !== 320) {
            const file = join(artifacts, `rich-${path.split("/")[0]}-${width}-${scheme}.png`);
            await page.screenshot({ path: file, fullPage: true });
            expect((await stat(file)).size).toBeGreaterThan(10_000);
          }
          await page.context().close();
        }
      }
    }
  });

  it("#10: is valid HTML for the Nu Html Checker (figures, tables, notes, images)", async () => {
    expect(await nuCheckerErrors(dir)).toBe("");
  });

  it("#13: sets the key figures as stat tiles that fit a phone, the number above its label", async () => {
    for (const width of [390, 1280]) {
      const page = await open("en/news/series-a/", width);
      const seen = await page.evaluate(() => {
        const tiles = [...document.querySelectorAll(".figures .stat")];
        return {
          bars: document.querySelectorAll(".bar").length,
          tiles: tiles.length,
          fit: tiles.every((t) => t.scrollWidth <= t.clientWidth),
          numberFirst: tiles.every(
            (t) =>
              (t.querySelector(".stat-value") as Element).getBoundingClientRect().bottom <=
              (t.querySelector("dt") as Element).getBoundingClientRect().top + 1,
          ),
          page: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        };
      });
      expect({ width, ...seen, tiles: seen.tiles > 0 }).toEqual({
        width,
        bars: 0,
        tiles: true,
        fit: true,
        numberFirst: true,
        page: true,
      });
      await page.context().close();
    }
  });
});
