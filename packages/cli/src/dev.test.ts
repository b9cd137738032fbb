import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { CHROMIUM_ARGS, CHROMIUM_PATH, richContentDir } from "@herald/model/testing";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startDev } from "./dev.js";
import { memoryIo, tempDir } from "./test-support.js";

/** herald dev on a copy of the sample whose translations are under `embargo` (one moment). */
async function startEmbargoed(embargo: string) {
  const dir = await tempDir("herald-dev-test-");
  const content = join(dir, "content");
  await cp(sampleContentDir, content, { recursive: true });
  for (const locale of ["en", "zh-CN"]) {
    const file = join(content, `announcements/docker-series-b.${locale}.md`);
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace("date: 2014-01-22", `date: 2014-01-22\nembargo: ${embargo}`),
    );
  }
  return startDev({
    contentDir: content,
    shownDir: "content",
    out: join(dir, "out"),
    port: 0,
    io: memoryIo(process.cwd()),
  });
}

describe("herald dev", () => {
  it("reloads on a content edit, shows a content mistake as an overlay, and clears it when fixed", async () => {
    const dir = await tempDir("herald-dev-test-");
    const content = join(dir, "content");
    await cp(sampleContentDir, content, { recursive: true });
    const server = await startDev({
      contentDir: content,
      shownDir: "content",
      out: join(dir, "out"),
      port: 0,
      io: memoryIo(process.cwd()),
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const preview = await browser.newPage();
      await preview.goto(server.url);
      await expect.poll(() => preview.locator("iframe").count()).toBeGreaterThanOrEqual(8);
      expect(await preview.textContent("h2")).toContain("Docker 获得 B 轮 1500 万美元融资");

      const page = await browser.newPage();
      await page.goto(`${server.url}site/en/news/docker-series-b/`);
      expect(await page.textContent("h1")).toBe("Docker raises $15 million in Series B funding");

      const file = join(content, "announcements/docker-series-b.en.md");
      const original = await readFile(file, "utf8");
      await writeFile(
        file,
        original.replace(
          "title: Docker raises $15 million in Series B funding",
          "title: Docker raises its Series B",
        ),
      );
      await expect
        .poll(() => page.textContent("h1"), { timeout: 15_000 })
        .toBe("Docker raises its Series B");

      await writeFile(file, original.replace("date: 2014-01-22", "date: 2014-13-45"));
      const overlay = page.locator("#herald-overlay");
      await expect
        .poll(() => overlay.textContent(), { timeout: 15_000 })
        .toContain(
          'content/announcements/docker-series-b.en.md:5:7 error bad-date (date)\n  "2014-13-45" is not a real date in the form YYYY-MM-DD.',
        );
      // The last good build is still served underneath.
      expect(await page.textContent("h1")).toBe("Docker raises its Series B");

      await writeFile(file, original);
      await expect.poll(() => overlay.count(), { timeout: 15_000 }).toBe(0);
      await expect
        .poll(() => page.textContent("h1"), { timeout: 15_000 })
        .toBe("Docker raises $15 million in Series B funding");
    } finally {
      await browser.close();
      await server.close();
    }
  }, 90_000);

  it("#15: the preview index and an open email preview reload when an edit changes them", async () => {
    const dir = await tempDir("herald-dev-test-");
    const content = join(dir, "content");
    await cp(sampleContentDir, content, { recursive: true });
    const io = memoryIo(process.cwd());
    const server = await startDev({
      contentDir: content,
      shownDir: "content",
      out: join(dir, "out"),
      port: 0,
      io,
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      await server.settled();
      const index = await browser.newPage();
      await index.goto(server.url);
      const titles = () => index.locator("h2").allTextContents();
      expect((await titles()).join("\n")).toContain(
        "Docker raises $15 million in Series B funding",
      );
      const email = await browser.newPage();
      await email.goto(`${server.url}__herald/email/docker-series-b/en/600`);
      expect(await email.textContent("body")).toContain(
        "Docker raises $15 million in Series B funding",
      );
      // An edit that changes nothing shown reloads nothing: not the index, not its frames,
      // not the email (each page keeps a mark a reload would wipe).
      // A page that does not exist waits for a build to make it, without reloading meanwhile.
      const missing = await browser.newPage();
      expect((await missing.goto(`${server.url}site/en/news/not-written-yet/`))?.status()).toBe(
        404,
      );
      // The index and the pages in its frames (a PDF carries no mark).
      const pages = () => [
        missing.mainFrame(),
        ...index
          .frames()
          .filter((f) => f.url().startsWith(server.url) && !f.url().includes(".pdf")),
        email.mainFrame(),
      ];
      await expect.poll(() => pages().length).toBe(9);
      const marked = () =>
        Promise.all(
          pages().map((f) => f.evaluate(() => "heraldMark" in window).catch(() => false)),
        );
      for (const f of pages()) await f.evaluate(() => Object.assign(window, { heraldMark: 1 }));
      expect(await marked()).toEqual(Array(9).fill(true));
      const builds = () => io.out().split("rebuilt in").length;
      const built = builds();
      const people = join(content, "people.yaml");
      await writeFile(people, `${await readFile(people, "utf8")}\n`);
      await expect.poll(builds, { timeout: 30_000 }).toBeGreaterThan(built);
      await server.settled();
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await marked()).toEqual(Array(9).fill(true));
      // A PDF carries no script: its frame's address names its bytes, so the index reloads.
      const pdf = () => index.locator('iframe[title="Press kit"]').last().getAttribute("src");
      const pdfBefore = await pdf();
      expect(pdfBefore).toMatch(/\.pdf\?v=[0-9a-f]{12}$/);
      const file = join(content, "announcements/docker-series-b.en.md");
      await writeFile(
        file,
        (await readFile(file, "utf8")).replace(
          "title: Docker raises $15 million in Series B funding",
          "title: Docker raises its Series B",
        ),
      );
      await expect
        .poll(async () => (await titles()).join("\n"), { timeout: 30_000 })
        .toContain("Docker raises its Series B");
      // The email is made by the full build that follows the fast path.
      await expect
        .poll(() => email.textContent("body"), { timeout: 60_000 })
        .toContain("Docker raises its Series B");
      await expect.poll(pdf, { timeout: 60_000 }).not.toBe(pdfBefore);
      const press = await fetch(new URL(String(await pdf()), server.url));
      expect([press.status, press.headers.get("content-type")]).toEqual([200, "application/pdf"]);
      // And the frames of the index show it too.
      for (const src of [
        "/site/en/news/docker-series-b/",
        "/__herald/email/docker-series-b/en/600",
      ])
        await expect
          .poll(() => index.frameLocator(`iframe[src="${src}"]`).locator("body").textContent(), {
            timeout: 60_000,
          })
          .toContain("Docker raises its Series B");
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);

  it("#15: content invalid at start shows its error in the browser, and the preview once fixed", async () => {
    const dir = await tempDir("herald-dev-test-");
    const content = join(dir, "content");
    await cp(sampleContentDir, content, { recursive: true });
    const file = join(content, "announcements/docker-series-b.en.md");
    const original = await readFile(file, "utf8");
    await writeFile(file, original.replace("date: 2014-01-22", "date: 2014-13-45"));
    const server = await startDev({
      contentDir: content,
      shownDir: "content",
      out: join(dir, "out"),
      port: 0,
      io: memoryIo(process.cwd()),
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const index = await browser.newPage();
      await index.goto(server.url);
      // In the page as served, before any script runs, and the same words as after a bad edit.
      const served = await (await fetch(server.url)).text();
      expect(served).toContain('id="herald-overlay"');
      const overlay = index.locator("#herald-overlay");
      expect(await overlay.textContent()).toBe(
        [
          "Herald: the content has 1 problem(s). Nothing is built yet: the preview appears when they are fixed.",
          "",
          "content/announcements/docker-series-b.en.md:5:7 error bad-date (date)",
          '  "2014-13-45" is not a real date in the form YYYY-MM-DD.',
          "  Fix: Write the date as year-month-day with four, two and two digits, like 2014-01-22.",
        ].join("\n"),
      );
      // A page of the site, opened before any build: not found yet, with the same error.
      const article = await browser.newPage();
      const missing = await article.goto(`${server.url}site/en/news/docker-series-b/`);
      expect(missing?.status()).toBe(404);
      expect(await article.locator("#herald-overlay").textContent()).toBe(
        await overlay.textContent(),
      );
      await writeFile(file, original);
      await expect.poll(() => overlay.count(), { timeout: 30_000 }).toBe(0);
      await expect
        .poll(() => article.textContent("h1"), { timeout: 30_000 })
        .toBe("Docker raises $15 million in Series B funding");
      await expect
        .poll(async () => (await index.locator("h2").allTextContents()).join("\n"), {
          timeout: 30_000,
        })
        .toContain("Docker raises $15 million in Series B funding");
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);

  it("#10: shows the email's images from the build, not from the address they will have", async () => {
    const dir = await tempDir("herald-dev-test-");
    const server = await startDev({
      contentDir: richContentDir,
      shownDir: "content",
      out: join(dir, "out"),
      port: 0,
      io: memoryIo(process.cwd()),
    });
    try {
      await server.settled();
      const frame = await (await fetch(`${server.url}__herald/email/series-a/en/600`)).text();
      expect(frame).toContain('src="/site/assets/assembly-line.png"');
      expect(frame).not.toContain('src="https://news.acme.example/');
      const image = await fetch(`${server.url}site/assets/assembly-line.png`);
      expect([image.status, image.headers.get("content-type")]).toEqual([200, "image/png"]);
    } finally {
      await server.close();
    }
  });

  it("#14: shows an announcement under embargo with its previews, marked as such", async () => {
    const server = await startEmbargoed("2099-12-01T09:00:00+01:00");
    try {
      await server.settled();
      const preview = await (await fetch(server.url)).text();
      expect(preview.match(/Under embargo until 2099-12-01T08:00:00Z\./g)).toHaveLength(2);
      expect(preview).toContain('src="/embargoed/site/en/news/docker-series-b/"');
      const page = await fetch(`${server.url}embargoed/site/en/news/docker-series-b/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html.replace(/<[^>]+>/g, "")).toContain("Embargoed until December 1, 2099");
      expect(html).toContain('<meta name="robots" content="noindex">');
      const email = await (
        await fetch(`${server.url}__herald/email/docker-series-b/en/600`)
      ).text();
      expect(email).toContain("Embargoed until December 1, 2099");
    } finally {
      await server.close();
    }
  });

  it("#14: builds the preview again when an embargo lifts, publishing it", async () => {
    const server = await startEmbargoed(new Date(Date.now() + 5_000).toISOString());
    try {
      await server.settled();
      expect(await (await fetch(server.url)).text()).toContain("Under embargo until");
      // Nothing in the content changes: the lift alone makes the next build.
      await expect
        .poll(async () => (await fetch(`${server.url}site/en/news/docker-series-b/`)).status, {
          timeout: 30_000,
          interval: 500,
        })
        .toBe(200);
      expect(await (await fetch(server.url)).text()).not.toContain("Under embargo until");
    } finally {
      await server.close();
    }
  }, 60_000);
});
