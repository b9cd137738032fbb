/// <reference lib="dom" />
import { execFile } from "node:child_process";
import { createReadStream, existsSync, statSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { promisify } from "node:util";
import { companyOf, loadContent, sampleContentDir } from "@herald/model";
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  testPng,
  writeSyntheticContent,
} from "@herald/model/testing";
import axe from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHerald } from "./test-support.js";

// Issue 13, end to end: `herald build` of a content folder with a logo and 70 announcements
// (in two languages), the site served the way a static host serves it and read in Chromium.

const ANNOUNCEMENTS = 70;
// A made-up word only one announcement's body has, for search.
const WORD = "zanzibarification";
const WITH_WORD = "news-7";

let root: string;
let out: string;
let site: string;
let server: Server;
let origin: string;
let browser: Browser;

/** Serves OUT/site as a static host does: a folder's index.html, else the 404 page with 404. */
function serve(dir: string): Promise<string> {
  const types: Record<string, string> = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".wasm": "application/wasm",
  };
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) file = join(dir, "404.html");
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    const found = existsSync(file);
    const target = found ? file : join(dir, "404.html");
    response.writeHead(found ? 200 : 404, {
      "content-type": types[extname(target)] ?? "application/octet-stream",
    });
    createReadStream(target).pipe(response);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
    }),
  );
}

/** Every response of a page load that failed (4xx, 5xx), as "status url". */
async function visit(page: Page, path: string): Promise<string[]> {
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(origin + path, { waitUntil: "networkidle" });
  page.removeAllListeners("response");
  return failed;
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map(
      (x) => `${x.id}: ${x.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
  });
}

/** A PNG's width and height, from its IHDR chunk. */
const pngSize = (bytes: Buffer) => ({
  width: bytes.readUInt32BE(16),
  height: bytes.readUInt32BE(20),
});

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-newsroom-"));
  const content = join(root, "content");
  out = join(root, "out");
  site = join(out, "site");
  await writeSyntheticContent(content, ANNOUNCEMENTS * 2);
  await cp(join(sampleContentDir, "assets/logo.svg"), join(content, "assets/logo.svg"));
  await writeFile(join(content, "assets/person-0.png"), testPng(300, 300));
  await writeFile(
    join(content, "site.yaml"),
    `${await readFile(join(content, "site.yaml"), "utf8")}logo: assets/logo.svg
company:
  founded: 2012
  headquarters: { en: "Utrecht, the Netherlands", zh-CN: 荷兰乌得勒支 }
  team: [person-0]
brandAssets:
  - file: assets/logo.svg
    title: { en: Logo, zh-CN: 标志 }
`,
  );
  const people = join(content, "people.yaml");
  await writeFile(
    people,
    (await readFile(people, "utf8")).replace(
      "- id: person-0\n",
      "- id: person-0\n  photo: assets/person-0.png\n  bio: { en: Person 0 leads., zh-CN: 人物 0 是负责人。 }\n",
    ),
  );
  const withWord = join(content, `announcements/${WITH_WORD}.en.md`);
  await writeFile(withWord, `${await readFile(withWord, "utf8")}\nA word of its own: ${WORD}.\n`);
  const built = await runHerald(["build", "--content", content, "--out", out], root);
  if (built.code !== 0) throw new Error(built.stderr);
  origin = await serve(site);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  if (root) await rm(root, { recursive: true, force: true });
});

describe("#13: a newsroom of 70 announcements with a logo", () => {
  it("#13: every page has the logo in its header, named by the company, and icons that load", async () => {
    const page = await browser.newPage();
    for (const path of ["/en/", "/zh-CN/", "/en/news/news-3/", "/en/press-kit/", "/nowhere/"]) {
      const failed = await visit(page, path);
      // The 404 page itself answers 404; nothing it loads may.
      expect(failed.filter((f) => !f.endsWith("/nowhere/"))).toEqual([]);
      const logo = page.locator("header").getByRole("img", { name: "Example Corp" });
      expect(await logo.count(), path).toBeGreaterThan(0);
      // Loaded and drawn, not a broken image.
      expect(
        await logo.first().evaluate((img) => (img as HTMLImageElement).naturalWidth),
      ).toBeGreaterThan(0);
      const icons = await page
        .locator('link[rel~="icon"], link[rel="apple-touch-icon"]')
        .evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
      expect(icons.length, path).toBeGreaterThanOrEqual(3);
      for (const icon of icons) {
        const response = await page.request.get(icon);
        expect(response.status(), icon).toBe(200);
      }
    }
    expect((await page.request.get(`${origin}/favicon.ico`)).status()).toBe(200);
    await page.close();
  });

  it("#13: each announcement has its own 1200×630 social image, linked as og:image", async () => {
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as {
      announcements: Array<{ id: string; locale: string }>;
    };
    expect(manifest.announcements).toHaveLength(ANNOUNCEMENTS * 2);
    const page = await browser.newPage();
    await visit(page, "/zh-CN/news/news-3/");
    const meta = (property: string) =>
      page
        .locator(`meta[property="${property}"], meta[name="${property}"]`)
        .getAttribute("content");
    const image = await meta("og:image");
    expect(image).toBe("https://news.example.com/zh-CN/news/news-3/social.png");
    expect([await meta("og:image:width"), await meta("og:image:height")]).toEqual(["1200", "630"]);
    expect(await meta("og:image:alt")).toBeTruthy();
    expect(await meta("twitter:card")).toBe("summary_large_image");
    await page.close();
    const sizes = new Set<string>();
    const images = new Set<string>();
    for (const { id, locale } of manifest.announcements) {
      const bytes = await readFile(join(site, locale, "news", id, "social.png"));
      const { width, height } = pngSize(bytes);
      sizes.add(`${width}×${height}`);
      images.add(bytes.toString("base64"));
    }
    expect([...sizes]).toEqual(["1200×630"]);
    // Each its own picture: the title and figure differ.
    expect(images.size).toBe(ANNOUNCEMENTS * 2);
  });

  it("#13: the newsroom's pages hold at most 20 entries each and together reach every announcement", async () => {
    const page = await browser.newPage();
    for (const locale of ["en", "zh-CN"]) {
      const reached = new Set<string>();
      let path: string | null = `/${locale}/`;
      let pages = 0;
      while (path) {
        await visit(page, path);
        pages++;
        const entries = await page
          .locator("main a[href*='news/news-']")
          .evaluateAll((links) => [
            ...new Set(
              links.map((a) => /news\/(news-\d+)\//.exec((a as HTMLAnchorElement).href)?.[1]),
            ),
          ]);
        expect(entries.length, path).toBeLessThanOrEqual(20);
        for (const id of entries) if (id) reached.add(id);
        // Read from the loaded page, not a locator: a locator waits up to 30 s for a link
        // the last page rightly does not have.
        const next: string | null = await page.evaluate(
          () => document.querySelector('head link[rel="next"]')?.getAttribute("href") ?? null,
        );
        path = next ? new URL(next, page.url()).pathname : null;
        expect(pages).toBeLessThan(10);
      }
      expect(pages).toBe(Math.ceil(ANNOUNCEMENTS / 20));
      expect(reached.size, locale).toBe(ANNOUNCEMENTS);
    }
    await page.close();
  });

  it("#13: each feed holds the newest 50 entries", async () => {
    for (const locale of ["en", "zh-CN"]) {
      const feed = await readFile(join(site, locale, "feed.xml"), "utf8");
      expect(feed.match(/<entry>/g)?.length).toBe(50);
    }
  });

  it("#13: search finds the one announcement whose body has a word, inside the search region", async () => {
    const page = await browser.newPage();
    await visit(page, "/en/");
    const region = page.locator('search, [role="search"]');
    await region.getByRole("searchbox").fill(WORD);
    const results = region.locator(`a[href*="news/"]`);
    await expect.poll(() => results.count(), { timeout: 30_000 }).toBe(1);
    expect(await results.first().getAttribute("href")).toContain(`news/${WITH_WORD}/`);
    await page.close();
  });

  it("#13: the press-kit page shows the total raised and offers one ZIP with the logo and every PDF", async () => {
    const loaded = await loadContent(join(root, "content"));
    if (!loaded.ok) throw new Error("content did not load");
    const raised = companyOf(loaded.content, "en").raised;
    // 1 + 2 + ... + 70 million dollars.
    expect(raised?.amounts).toEqual([
      { currency: "USD", amount: 2_485_000_000, text: raised?.amounts[0]?.text },
    ]);
    const page = await browser.newPage();
    await visit(page, "/en/press-kit/");
    expect(await page.locator("main").textContent()).toContain(raised?.text);
    const zip = await page.locator('main a[href$=".zip"]').getAttribute("href");
    expect(zip).toBeTruthy();
    const file = join(site, "en/press-kit", decodeURIComponent(zip ?? ""));
    const { stdout } = await promisify(execFile)("unzip", ["-Z1", file]);
    const names = stdout.trim().split("\n");
    expect(names.some((n) => n.endsWith("logo.svg"))).toBe(true);
    expect(names.filter((n) => n.endsWith(".en.pdf"))).toHaveLength(ANNOUNCEMENTS);
    expect(names.some((n) => n.endsWith(".zh-CN.pdf"))).toBe(false);
    await page.close();
  });

  it("#13: main keeps its padding: no heading touches the header line", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    for (const path of ["/en/", "/en/news/news-3/", "/en/press-kit/", "/zh-CN/nowhere"]) {
      await visit(page, path);
      const gap = await page.evaluate(() => {
        const header = document.querySelector("body > header, header")?.getBoundingClientRect();
        const h1 = document.querySelector("main h1")?.getBoundingClientRect();
        const main = document.querySelector("main");
        return {
          padding: main ? Number.parseFloat(getComputedStyle(main).paddingTop) : 0,
          gap: header && h1 ? h1.top - header.bottom : -1,
        };
      });
      expect(gap.padding, path).toBeGreaterThan(0);
      expect(gap.gap, path).toBeGreaterThanOrEqual(16);
    }
    await page.close();
  });

  it("#13: axe-core finds no violations in light and dark", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const page = await browser.newPage({ colorScheme });
      for (const path of [
        "/",
        "/en/",
        "/en/page/2/",
        "/zh-CN/news/news-3/",
        "/en/press-kit/",
        "/x",
      ]) {
        await visit(page, path);
        expect(await axeViolations(page), `${path} ${colorScheme}`).toEqual([]);
      }
      await page.close();
    }
  });
});
