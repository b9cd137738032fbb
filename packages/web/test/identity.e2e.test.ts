import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Content, loadContent, sampleContentDir } from "@herald/model";
import {
  loadLanguagesContent,
  writeLanguagesContent,
  writeSyntheticContent,
} from "@herald/model/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngSize } from "../src/icons.js";
import { axeViolations, launchChromium } from "./browser.js";
import { buildSite } from "./build.js";
import { serve } from "./static-server.js";

// Issue 13: the company's identity on the built site, in headless Chromium: the logo in the
// header, the icons every page links (and /favicon.ico) all there, the social cards 1200×630;
// a site without a logo gets a monogram. Screenshots of the header and the cards go to
// test-artifacts/identity/ to be looked at.

const artifacts = fileURLToPath(new URL("../test-artifacts/identity/", import.meta.url));
const cleanup: string[] = [];
let browser: Browser;

interface Site {
  content: Content;
  dir: string;
  server: Awaited<ReturnType<typeof serve>>;
}
const sites: Site[] = [];

async function built(content: Content): Promise<Site> {
  const temp = await mkdtemp(join(tmpdir(), "herald-identity-"));
  cleanup.push(temp);
  const dir = join(temp, "site");
  await buildSite(content, dir);
  const site = { content, dir, server: await serve(dir) };
  sites.push(site);
  return site;
}

async function loaded(dir: string): Promise<Content> {
  const result = await loadContent(dir);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.content;
}

let sample: Site;
let languages: Site;
let monogram: Site;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  browser = await launchChromium();
  sample = await built(await loaded(sampleContentDir));
  const languagesDir = await writeLanguagesContent();
  cleanup.push(languagesDir);
  languages = await built(await loadLanguagesContent(languagesDir));
  const plain = await mkdtemp(join(tmpdir(), "herald-monogram-"));
  cleanup.push(plain);
  await writeSyntheticContent(plain, 2);
  monogram = await built(await loaded(plain));
});

afterAll(async () => {
  await browser?.close();
  for (const site of sites) await site.server.close();
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

async function open(
  site: Site,
  path: string,
  width = 1280,
  colorScheme: "light" | "dark" = "light",
): Promise<{ page: Page; responses: Array<{ status: number; url: string; type: string }> }> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
  // Not routed: Chromium then fails the page's own loads of /favicon.ico (its favicon
  // request, which routing does not see, is aborted and takes them along). No request leaves
  // this machine: every address the site links is its own (site.e2e.test.ts checks).
  const page = await context.newPage();
  const responses: Array<{ status: number; url: string; type: string }> = [];
  page.on("response", (r) =>
    responses.push({ status: r.status(), url: r.url(), type: r.headers()["content-type"] ?? "" }),
  );
  await page.goto(`${site.server.url}${path}`);
  return { page, responses };
}

const htmlPages = async (site: Site) =>
  (await readdir(site.dir, { recursive: true }))
    // Not the root page, which moves on to the default language at once (its links are
    // checked in identity.test.ts).
    .filter((f) => (f.endsWith("index.html") && f !== "index.html") || f === "404.html")
    .map((f) => (f === "404.html" ? "no/such/page/" : f.replace(/index\.html$/, "")))
    .sort();

describe("the company's identity, in headless Chromium", () => {
  it("#13: /favicon.ico and every icon a page links load (no 404), as images", async () => {
    for (const site of [sample, monogram]) {
      for (const path of await htmlPages(site)) {
        const { page, responses } = await open(site, path);
        const icons = await page.evaluate(() =>
          [...document.querySelectorAll('link[rel~="icon"], link[rel="apple-touch-icon"]')].map(
            (l) => (l as HTMLLinkElement).href,
          ),
        );
        expect(icons.length, path).toBe(3);
        // Each loaded by the page as an image, as the browser loads an icon: decoded, of its
        // size, and every answer (recorded as it comes) a 200.
        const sizes = await page.evaluate(
          (urls) =>
            Promise.all(
              urls.map(
                (url) =>
                  new Promise<string>((resolve) => {
                    const img = new Image();
                    img.onload = () => resolve(`${img.naturalWidth}×${img.naturalHeight}`);
                    img.onerror = () => resolve(`${url} failed`);
                    img.src = url;
                  }),
              ),
            ),
          [...icons, new URL("/favicon.ico", page.url()).href],
        );
        // Chromium decodes the largest image of the ICO (48 px).
        expect(sizes).toEqual(["48×48", "192×192", "180×180", "48×48"]);
        const bad = responses.filter(
          (r) => r.status >= 400 && !(path.startsWith("no/") && r.url.endsWith(path)),
        );
        // And asked for again, past the cache: what the server answers, with its type.
        const answers = await page.evaluate(
          (urls) =>
            Promise.all(
              urls.map(async (url) => {
                const r = await fetch(url, { cache: "no-store" });
                return `${r.status} ${r.headers.get("content-type")}`;
              }),
            ),
          icons,
        );
        expect(answers).toEqual(["200 image/x-icon", "200 image/png", "200 image/png"]);
        const external = responses.filter((r) => !r.url.startsWith(site.server.url));
        expect({ path, bad, external }).toEqual({ path, bad: [], external: [] });
        await page.context().close();
      }
    }
  });

  it("#13: the header's logo is named by the company's name, 32 to 40 px high, at 390 and 1280 px, light and dark", async () => {
    for (const width of [390, 1280]) {
      for (const scheme of ["light", "dark"] as const) {
        for (const path of ["en/", "zh-CN/news/docker-series-b/", "no/such/page/"]) {
          const { page } = await open(sample, path, width, scheme);
          const logo = page.locator("header.site").getByRole("img", { name: "Docker, Inc." });
          await expect(logo.count()).resolves.toBe(1);
          const box = await logo.boundingBox();
          expect(box?.height).toBeGreaterThanOrEqual(32);
          expect(box?.height).toBeLessThanOrEqual(40);
          // The link to the newsroom says the name once.
          const link = page.locator("header.site a.brand");
          expect(
            await link.evaluate((a) => {
              const img = a.querySelector("img");
              return img?.complete && img.naturalWidth > 0;
            }),
          ).toBe(true);
          await expect(
            page.getByRole("link", { name: "Docker, Inc.", exact: true }).count(),
          ).resolves.toBe(1);
          if (path === "en/") {
            await page
              .locator("header.site")
              .screenshot({ path: join(artifacts, `header-${width}-${scheme}.png`) });
          }
          await page.context().close();
        }
      }
    }
  });

  it("#13: in dark mode the logo sits on a light plate", async () => {
    const { page } = await open(sample, "en/", 1280, "dark");
    const background = await page
      .locator("header.site img.logo")
      .evaluate((img) => getComputedStyle(img).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    expect(Math.min(r ?? 0, g ?? 0, b ?? 0)).toBeGreaterThan(200);
    await page.context().close();
  });

  it("#13: without a logo, the header shows a monogram and the name", async () => {
    for (const scheme of ["light", "dark"] as const) {
      const { page } = await open(monogram, "en/", 390, scheme);
      const brand = page.locator("header.site a.brand");
      await expect(brand.locator(".monogram").textContent()).resolves.toBe("E");
      await expect(
        page.getByRole("link", { name: "Example Corp", exact: true }).count(),
      ).resolves.toBe(1);
      const box = await brand.locator(".monogram").boundingBox();
      expect([box?.width, box?.height]).toEqual([36, 36]);
      await page
        .locator("header.site")
        .screenshot({ path: join(artifacts, `header-monogram-390-${scheme}.png`) });
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    }
  });

  it("#13: each article's og:image is a 1200×630 PNG of the site", async () => {
    for (const site of [sample, languages]) {
      for (const path of (await htmlPages(site)).filter((p) => p.includes("/news/"))) {
        const { page } = await open(site, path);
        const image = await page.locator('meta[property="og:image"]').getAttribute("content");
        const url = new URL(image ?? "");
        expect(url.href).toBe(`${site.content.site.url}${path}social.png`);
        const local = new URL(url.pathname.slice(1), site.server.url).href;
        const bytes = Buffer.from(
          await page.evaluate(
            async (u) => [...new Uint8Array(await (await fetch(u)).arrayBuffer())],
            local,
          ),
        );
        expect(pngSize(bytes)).toEqual({ width: 1200, height: 630 });
        await page.context().close();
      }
    }
    // The cards to look at: Chinese and English of the sample, Arabic, Japanese and Korean.
    const card = (site: Site, locale: string, id: string, name: string) =>
      copyFile(join(site.dir, locale, "news", id, "social.png"), join(artifacts, name));
    await card(sample, "zh-CN", "docker-series-b", "social-zh-CN.png");
    await card(sample, "en", "docker-series-b", "social-en.png");
    for (const locale of ["ar", "ja", "ko", "zh-TW", "de"])
      await card(languages, locale, "series-a", `social-${locale}.png`);
    await copyFile(
      join(monogram.dir, "en", "social.png"),
      join(artifacts, "social-site-monogram.png"),
    );
    await copyFile(join(sample.dir, "en", "social.png"), join(artifacts, "social-site-en.png"));
    for (const icon of ["apple-touch-icon.png", "icon.png", "logo.png"])
      await copyFile(join(monogram.dir, icon), join(artifacts, `monogram-${icon}`));
    await writeFile(join(artifacts, "README.txt"), "Made by test/identity.e2e.test.ts.\n");
  });
});

// Every announcement of a 70-announcement newsroom with its own 1200×630 card, icons and logo on
// every page: packages/cli/src/newsroom.test.ts, end to end through `herald build`.
describe("the Arabic site", () => {
  it("#13: the Arabic header is mirrored, the logo at the start (right)", async () => {
    const { page } = await open(languages, "ar/news/series-a/", 390);
    const logo = await page.locator("header.site img.logo").boundingBox();
    const nav = await page.locator("header.site nav").boundingBox();
    expect(logo && logo.x + logo.width).toBeGreaterThan(390 - 40);
    expect(nav).not.toBeNull();
    await page.locator("header.site").screenshot({ path: join(artifacts, "header-ar-390.png") });
    await page.context().close();
  });
});
