import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  type AnnouncementDocument,
  type Company,
  type Content,
  companyOf,
  formatBytes,
  loadContent,
  sampleContentDir,
  wordsFor,
} from "@herald/model";
import { testJpeg, testPng } from "@herald/model/testing";
import { unzipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statTiles } from "../src/stat-tiles.js";
import { axeViolations, launchChromium } from "./browser.js";
import { buildSite } from "./build.js";
import { serve } from "./static-server.js";

// Issue 13: the press-kit page a journalist needs, its "download everything" ZIP per language,
// key figures as stat tiles, and a phone number on one line. Built from the sample content
// with photos, a PNG brand asset and two more funding announcements (one more in dollars, one
// in euros), so the total raised is given in two currencies.

const artifacts = fileURLToPath(new URL("../test-artifacts/i13-presskit/", import.meta.url));
const run = promisify(execFile);

let contentDir: string;
let content: Content;
let dir: string;
let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;

const edit = async (file: string, change: (text: string) => string) =>
  writeFile(file, change(await readFile(file, "utf8")));

/** The sample content, with photos, a PNG brand asset and three funding rounds in two currencies. */
async function pressKitContent(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "herald-press-kit-"));
  const dir = join(root, "content");
  await cp(sampleContentDir, dir, { recursive: true });
  await mkdir(join(dir, "assets/people"), { recursive: true });
  await mkdir(join(dir, "assets/brand"), { recursive: true });
  await writeFile(join(dir, "assets/people/ben-golub.jpg"), testJpeg(480, 600));
  await writeFile(join(dir, "assets/people/solomon-hykes.png"), testPng(400, 400));
  await writeFile(join(dir, "assets/brand/logo-on-dark.png"), testPng(1200, 630));
  await edit(join(dir, "people.yaml"), (text) =>
    text
      .replace("- id: ben-golub\n", "- id: ben-golub\n  photo: assets/people/ben-golub.jpg\n")
      .replace(
        "- id: solomon-hykes\n",
        "- id: solomon-hykes\n  photo: assets/people/solomon-hykes.png\n",
      ),
  );
  await edit(
    join(dir, "site.yaml"),
    (text) =>
      `${text}  - file: assets/brand/logo-on-dark.png\n    title: { zh-CN: 深色背景标志, en: Logo for dark backgrounds }\n`,
  );
  // Two more rounds: $40M (with the sample's $15M, $55M) and €10M.
  const rounds = [
    { id: "docker-series-c", amount: "40000000", currency: "USD" },
    { id: "docker-europe", amount: "10000000", currency: "EUR" },
  ];
  for (const { id, amount, currency } of rounds) {
    for (const locale of ["en", "zh-CN"]) {
      const text = await readFile(join(dir, `announcements/docker-series-b.${locale}.md`), "utf8");
      await writeFile(
        join(dir, `announcements/${id}.${locale}.md`),
        text
          .replace("id: docker-series-b", `id: ${id}`)
          .replace("amount: 15000000", `amount: ${amount}`)
          .replace("currency: USD", `currency: ${currency}`),
      );
    }
  }
  return dir;
}

async function load(from: string): Promise<Content> {
  const loaded = await loadContent(from);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  return loaded.content;
}

beforeAll(async () => {
  contentDir = await pressKitContent();
  content = await load(contentDir);
  dir = join(await mkdtemp(join(tmpdir(), "herald-press-kit-site-")), "site");
  await buildSite(content, dir, join(dirname(contentDir), "cards"));
  server = await serve(dir);
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(join(contentDir, ".."), { recursive: true, force: true });
  await rm(join(dir, ".."), { recursive: true, force: true });
});

async function open(
  path: string,
  width: number,
  colorScheme: "light" | "dark" = "light",
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  await context.route("**/*", (route) =>
    route.request().url().startsWith(server.url) ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  const response = await page.goto(server.url + path);
  expect(response?.status()).toBe(200);
  return page;
}

const text = (page: Page, selector: string) =>
  page.$$eval(selector, (nodes) =>
    nodes.map((n) => (n.textContent ?? "").replace(/\s+/g, " ").trim()),
  );

const company = (locale: string): Company => companyOf(content, locale);

describe("#13: the press-kit page", () => {
  it("#13: gives the company at a glance and the total raised in each currency", async () => {
    const page = await open("en/press-kit/", 1280);
    expect(await text(page, ".kit-facts dt")).toEqual([
      "Founded",
      "Founder",
      "Headquarters",
      "Industry",
      "Website",
    ]);
    expect(await text(page, ".kit-facts dd")).toEqual([
      "2010",
      "Solomon Hykes",
      "San Francisco, California",
      "Open-source software, container platform",
      "www.docker.com",
    ]);
    expect(await text(page, ".kit-raised h2")).toEqual(["Total raised"]);
    expect(await text(page, ".kit-raised .raised-value")).toEqual(["$55M and €10M"]);
    expect((await text(page, ".kit-raised .note"))[0]).toMatch(/3 funding announcements/);
    // Large: the total reads before the facts, bigger than the page's text.
    const size = await page.$eval(".raised-value", (e) =>
      Number.parseFloat(getComputedStyle(e).fontSize),
    );
    expect(size).toBeGreaterThan(26);
    // Search engines get the same facts as an Organization.
    const ld = JSON.parse(
      await page.$eval('script[type="application/ld+json"]', (e) => e.textContent ?? ""),
    );
    expect(ld).toMatchObject({
      "@type": "Organization",
      name: "Docker, Inc.",
      url: "https://www.docker.com/",
      foundingDate: "2010",
      founder: [{ "@type": "Person", name: "Solomon Hykes" }],
      contactPoint: {
        contactType: "press",
        email: "press@example.com",
        telephone: "+1 415 555 0100",
      },
    });
    const zh = await open("zh-CN/press-kit/", 390);
    expect(await text(zh, ".kit-raised .raised-value")).toEqual([company("zh-CN").raised?.text]);
    expect(company("zh-CN").raised?.text).toMatch(/5500\s?万美元.*1000\s?万欧元/);
    await page.context().close();
    await zh.context().close();
  });

  it("#13: shows the team with photos, names, roles and bios", async () => {
    const page = await open("en/press-kit/", 1280);
    const team = await page.$$eval(".team .person", (tiles) =>
      tiles.map((t) => {
        const img = t.querySelector("img");
        return {
          name: t.querySelector("h3")?.textContent,
          role: t.querySelector(".role")?.textContent,
          bio: t.querySelector(".bio")?.textContent?.slice(0, 20),
          photo: img && {
            alt: img.getAttribute("alt"),
            width: img.getAttribute("width"),
            height: img.getAttribute("height"),
            loaded: img.complete && img.naturalWidth > 0,
          },
          download: t.querySelector(".download a")?.textContent,
        };
      }),
    );
    expect(team).toEqual([
      {
        name: "Ben Golub",
        role: "CEO, Docker Inc.",
        bio: "Ben Golub has led Do",
        // The name is beside it: an empty alt, not "Photo of Ben Golub" read twice.
        photo: { alt: "", width: "480", height: "600", loaded: true },
        download: "Photo of Ben Golub",
      },
      {
        name: "Solomon Hykes",
        role: "Founder, Docker Inc.",
        bio: "Solomon Hykes founde",
        photo: { alt: "", width: "400", height: "400", loaded: true },
        download: "Photo of Solomon Hykes",
      },
    ]);
    await page.context().close();
  });

  it("#12: describes each team photo by format, pixel size and file size, as brand assets are", async () => {
    const page = await open("en/press-kit/", 390);
    const photos = await page.$$eval(".team .person .download", (ps) =>
      ps.map((p) => ({
        link: p.querySelector("a")?.textContent,
        details: p.querySelector(".details")?.textContent,
        // The size is never split from its unit.
        bytesWhole: (() => {
          const range = document.createRange();
          range.selectNodeContents(p.querySelector(".details .bytes") as Element);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size === 1;
        })(),
      })),
    );
    const bytes = async (file: string) =>
      formatBytes((await readFile(join(contentDir, file))).length, "en");
    expect(photos).toEqual([
      {
        link: "Photo of Ben Golub",
        details: `JPEG, 480 × 600 px, ${await bytes("assets/people/ben-golub.jpg")}`,
        bytesWhole: true,
      },
      {
        link: "Photo of Solomon Hykes",
        details: `PNG, 400 × 400 px, ${await bytes("assets/people/solomon-hykes.png")}`,
        bytesWhole: true,
      },
    ]);
    await page.context().close();
  });

  it("#13: describes each brand asset by format, pixel size and file size", async () => {
    const page = await open("en/press-kit/", 1280);
    const assets = await page.$$eval(".assets .asset", (tiles) =>
      tiles.map((t) => ({
        title: t.querySelector("h3")?.textContent,
        details: t.querySelector(".details")?.textContent,
        usage: t.querySelector(".usage")?.textContent ?? null,
        href: t.querySelector("h3 a")?.getAttribute("href"),
      })),
    );
    const png = testPng(1200, 630).length;
    const svg = (await readFile(join(contentDir, "assets/logo.svg"))).length;
    expect(assets).toEqual([
      {
        title: "Logo (SVG, scales to any size)",
        // The SVG's own size is its drawing size, not pixels: no pixel size from the model.
        details: company("en").brandAssets[0]?.file.details.text,
        usage: "Usage: Keep clear space around the logo; do not recolour or stretch it.",
        href: "../../assets/logo.svg",
      },
      {
        title: "Logo for dark backgrounds",
        details: `PNG, 1200 × 630 px, ${formatBytes(png, "en")}`,
        usage: null,
        href: "../../assets/brand/logo-on-dark.png",
      },
    ]);
    expect(assets[0]?.details).toContain(`SVG`);
    expect(assets[0]?.details).toContain(formatBytes(svg, "en"));
    await page.context().close();
  });

  it("#13: every link on the page resolves, the PDFs of every announcement and the ZIP included", async () => {
    for (const locale of ["en", "zh-CN"]) {
      const page = await open(`${locale}/press-kit/`, 1280);
      const links = await page.$$eval("main a[href]", (as) =>
        as.map((a) => (a as HTMLAnchorElement).href).filter((h) => h.startsWith("http://127.")),
      );
      const pdfs = links.filter((h) => h.endsWith(".pdf"));
      expect(pdfs.length).toBe(3);
      expect(links.filter((h) => h.endsWith(".zip"))).toEqual([
        server.url + company(locale).pressKitZip.path,
      ]);
      for (const url of new Set(links)) {
        const response = await page.request.get(url);
        expect({ url, status: response.status() }).toEqual({ url, status: 200 });
        // Served as what it is (herald dev serves with the same types).
        if (url.endsWith(".zip"))
          expect(response.headers()["content-type"]).toBe("application/zip");
      }
      await page.context().close();
    }
  });

  it("#13: offers one ZIP per language with the PDFs, the logo, the brand assets and the photos", async () => {
    for (const locale of ["en", "zh-CN"]) {
      const file = join(dir, company(locale).pressKitZip.path ?? "");
      const listed = (await run("unzip", ["-Z1", file])).stdout.trim().split("\n");
      const ids = ["docker-europe", "docker-series-b", "docker-series-c"];
      expect(listed).toEqual([
        `about-docker-inc-${locale}.txt`,
        "brand/logo-on-dark.png",
        "brand/logo.svg",
        ...ids.map((id) => `press-kits/${id}.${locale}.pdf`),
        "team/ben-golub.jpg",
        "team/solomon-hykes.png",
      ]);
      // Each entry is the file the site publishes, byte for byte.
      const entries = unzipSync(new Uint8Array(await readFile(file)));
      for (const [name, bytes] of Object.entries(entries)) {
        if (name.endsWith(".txt")) continue; // made for the ZIP (press-kit-zip.test.ts)
        const published = name.startsWith("press-kits/")
          ? join(
              dir,
              locale,
              "news",
              name.split("/")[1]?.split(".")[0] ?? "",
              name.split("/")[1] ?? "",
            )
          : name.startsWith("team/")
            ? join(dir, "assets/people", name.slice("team/".length))
            : join(
                dir,
                name === "brand/logo.svg" ? "assets/logo.svg" : "assets/brand/logo-on-dark.png",
              );
        expect({ name, same: Buffer.from(bytes).equals(await readFile(published)) }).toEqual({
          name,
          same: true,
        });
      }
      // The page says how large it is.
      const page = await open(`${locale}/press-kit/`, 390);
      const size = formatBytes((await readFile(file)).length, locale);
      expect((await text(page, ".kit-download .details"))[0]).toContain(size);
      await page.context().close();
    }
  });

  it("#13: makes the same ZIP bytes from the same content, in any time zone", async () => {
    const again = join(await mkdtemp(join(tmpdir(), "herald-press-kit-again-")), "site");
    try {
      const before = process.env.TZ;
      process.env.TZ = "Pacific/Kiritimati";
      try {
        await buildSite(await load(contentDir), again, join(dirname(contentDir), "cards"));
      } finally {
        if (before === undefined) delete process.env.TZ;
        else process.env.TZ = before;
      }
      for (const locale of ["en", "zh-CN"]) {
        const path = company(locale).pressKitZip.path ?? "";
        const first = await readFile(join(dir, path));
        const second = await readFile(join(again, path));
        expect(first.length).toBeGreaterThan(1000);
        expect(second.equals(first)).toBe(true);
      }
      // Every entry dated 2000-01-01 12:00, whatever the clock said.
      const { stdout } = await run("unzip", [
        "-l",
        join(again, company("en").pressKitZip.path ?? ""),
      ]);
      expect(stdout).toMatch(/2000-01-01 12:00 +team\/ben-golub\.jpg/);
      expect(stdout).not.toMatch(/20[1-9]\d-\d\d-\d\d /);
    } finally {
      await rm(join(again, ".."), { recursive: true, force: true });
    }
  });

  it("#13: keeps the phone number on one line at 390 px, on the page and in the footer", async () => {
    for (const locale of ["en", "zh-CN"]) {
      for (const path of [`${locale}/press-kit/`, `${locale}/news/docker-series-b/`]) {
        const page = await open(path, 390);
        const phones = await page.$$eval(".tel", (spans) =>
          spans.map((s) => {
            const range = document.createRange();
            range.selectNodeContents(s);
            return {
              text: s.textContent,
              lines: s.getClientRects().length,
              runs: range.getClientRects().length,
            };
          }),
        );
        expect(phones.length).toBeGreaterThan(0);
        for (const phone of phones) {
          expect({ path, ...phone }).toEqual({ path, text: "+1 415 555 0100", lines: 1, runs: 1 });
        }
        await page.context().close();
      }
    }
  });

  it("#13: lays out tiles for the team and the assets without overflow at 390 and 1280 px", async () => {
    for (const [locale, width] of [
      ["en", 390],
      ["en", 1280],
      ["zh-CN", 390],
      ["zh-CN", 1280],
    ] as const) {
      const page = await open(`${locale}/press-kit/`, width);
      const seen = await page.evaluate(() => {
        const overflowing = [...document.querySelectorAll("main *")]
          .filter(
            (e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible",
          )
          .map((e) => e.className);
        const columns = (selector: string) =>
          new Set(
            [...document.querySelectorAll(selector)].map((e) =>
              Math.round(e.getBoundingClientRect().left),
            ),
          ).size;
        return {
          page: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
          overflowing,
          teamColumns: columns(".team .person"),
          assetColumns: columns(".assets .asset"),
        };
      });
      expect(seen.page).toBe(true);
      expect(seen.overflowing).toEqual([]);
      // Side by side on a desktop; one under the other on a phone.
      expect(seen.teamColumns).toBe(width === 390 ? 1 : 2);
      expect(seen.assetColumns).toBe(width === 390 ? 1 : 2);
      await page.context().close();
    }
  });
});

describe("#13: key figures as stat tiles", () => {
  it("#13: shows each figure as a tile (number, label, note), two a row on a phone, four on a desktop", async () => {
    for (const width of [390, 1280]) {
      const page = await open("en/news/docker-series-b/", width);
      const seen = await page.evaluate(() => {
        const tiles = [...document.querySelectorAll(".figures .stat")];
        return {
          bars: document.querySelectorAll(".bar").length,
          tiles: tiles.map((t) => ({
            label: t.querySelector("dt")?.textContent,
            value: t.querySelector(".stat-value")?.textContent,
            note: t.querySelector(".stat-note")?.textContent ?? null,
            // The number is drawn above its label, larger.
            numberFirst:
              (t.querySelector(".stat-value") as Element).getBoundingClientRect().top <
              (t.querySelector("dt") as Element).getBoundingClientRect().top,
            larger:
              Number.parseFloat(
                getComputedStyle(t.querySelector(".stat-value") as Element).fontSize,
              ) >
              1.4 * Number.parseFloat(getComputedStyle(t.querySelector("dt") as Element).fontSize),
            fits: tiles.every((x) => x.scrollWidth <= x.clientWidth),
          })),
          columns: new Set(tiles.map((t) => Math.round(t.getBoundingClientRect().left))).size,
          downloadsLines: (() => {
            const range = document.createRange();
            range.selectNodeContents(tiles[0]?.querySelector(".stat-value") as Element);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          })(),
          page: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        };
      });
      expect(seen.bars).toBe(0);
      expect(seen.page).toBe(true);
      expect(seen.columns).toBe(width === 390 ? 2 : 4);
      // A number is never split between its digits.
      expect(seen.downloadsLines).toBe(1);
      expect(seen.tiles).toEqual(
        [
          { label: "Downloads", value: "400,000", note: "in the first nine months after launch" },
          { label: "Contributors", value: "over 300", note: null },
          { label: "Docker-based apps in the public index", value: "over 5,000", note: null },
          { label: "Cities with Docker meetup groups", value: "over 40", note: null },
        ].map((t) => ({ ...t, numberFirst: true, larger: true, fits: true })),
      );
      await page.context().close();
    }
  });

  it("#6: never splits a number from its qualifier, currency or unit, in any language, at 390 and 1280 px", async () => {
    const units: Record<string, string> = {
      en: "contributors",
      de: "Mitwirkende",
      fr: "contributeurs",
      es: "colaboradores",
      it: "collaboratori",
      nl: "bijdragers",
      pt: "colaboradores",
      ja: "人",
      ko: "명",
      "zh-CN": "位贡献者",
      "zh-TW": "位貢獻者",
      ar: "مساهم",
      he: "תורמים",
    };
    // Each language's tiles, made as the article makes them, shown with the site's stylesheet.
    const sections = Object.entries(units).map(([locale, unit]) => {
      const words = wordsFor(locale);
      const n = (v: number) => new Intl.NumberFormat(locale).format(v);
      const figures = [
        { label: "A", text: words.over(words.withUnit(n(300), unit)), value: 300 },
        { label: "B", text: n(400000), value: 400000 },
        { label: "C", text: words.approximately(n(5000)), value: 5000 },
        { label: "D", text: words.withUnit(n(12.5), "%"), value: 12.5 },
      ];
      const d = { figures, words } as unknown as AnnouncementDocument;
      return { locale, markup: statTiles(d).value };
    });
    const split = (page: Page) =>
      page.evaluate(() =>
        [...document.querySelectorAll(".figures .stat")].flatMap((tile) => {
          const unit = tile.querySelector(".figure");
          const range = document.createRange();
          if (unit) range.selectNodeContents(unit);
          const lines = unit
            ? new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
            : 1;
          const overflows = tile.scrollWidth > tile.clientWidth;
          return lines > 1 || overflows
            ? [
                `${tile.querySelector(".stat-value")?.textContent} (${lines} lines${overflows ? ", overflows" : ""})`,
              ]
            : [];
        }),
      );
    for (const width of [390, 1280]) {
      const page = await open("en/news/docker-series-b/", width);
      expect({ width, own: await split(page) }).toEqual({ width, own: [] });
      for (const { locale, markup } of sections) {
        await page.evaluate(
          ([l, m]) => {
            const old = document.querySelector(".figures") as Element;
            const wrap = document.createElement("div");
            wrap.lang = l as string;
            wrap.dir = ["ar", "he"].includes(l as string) ? "rtl" : "ltr";
            wrap.innerHTML = m as string;
            old.replaceWith(wrap.firstElementChild as Element);
            const section = document.querySelector(".figures") as HTMLElement;
            section.lang = wrap.lang;
            section.dir = wrap.dir;
          },
          [locale, markup],
        );
        expect({ width, locale, split: await split(page) }).toEqual({ width, locale, split: [] });
        if (["de", "ja", "ar"].includes(locale)) {
          for (const colorScheme of ["light", "dark"] as const) {
            await page.emulateMedia({ colorScheme });
            await page.locator(".figures").screenshot({
              path: join(
                artifacts,
                `tiles-${locale}-${width}${colorScheme === "dark" ? "-dark" : ""}.png`,
              ),
            });
          }
          await page.emulateMedia({ colorScheme: "light" });
        }
      }
      await page.context().close();
    }
  });

  it("#13: reads each label with its number (a <dl> of groups)", async () => {
    const page = await open("en/news/docker-series-b/", 390);
    const snapshot = await page.locator(".figures").ariaSnapshot();
    expect(snapshot).toMatch(/term: Downloads\s+- definition: 400,000/);
    await page.context().close();
  });
});

describe("#13: accessibility and screenshots", () => {
  it("#13: axe-core finds nothing on the press-kit page and an article, light and dark", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      for (const [path, widths] of [
        ["en/press-kit/", [1280]],
        ["zh-CN/press-kit/", [390]],
        ["en/news/docker-series-b/", [390, 1280]],
      ] as const) {
        for (const width of widths) {
          const page = await open(path, width, colorScheme);
          expect({ path, colorScheme, width, violations: await axeViolations(page) }).toEqual({
            path,
            colorScheme,
            width,
            violations: [],
          });
          await page.context().close();
        }
      }
    }
  }, 120_000);

  it("#13: screenshots the press-kit page and the stat tiles at 390 and 1280 px, light and dark", async () => {
    for (const locale of ["en", "zh-CN"]) {
      for (const width of [390, 1280]) {
        for (const scheme of ["light", "dark"] as const) {
          const kit = await open(`${locale}/press-kit/`, width, scheme);
          await kit.screenshot({
            path: join(artifacts, `press-kit-${locale}-${width}-${scheme}.png`),
            fullPage: true,
          });
          await kit.context().close();
          const article = await open(`${locale}/news/docker-series-b/`, width, scheme);
          await article.locator(".figures").screenshot({
            path: join(artifacts, `stat-tiles-${locale}-${width}-${scheme}.png`),
          });
          await article.context().close();
        }
      }
    }
  }, 120_000);
});
