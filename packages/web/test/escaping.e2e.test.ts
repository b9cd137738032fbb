import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Content, loadContent } from "@herald/model";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { launchChromium } from "./browser.js";
import { buildSite } from "./build.js";
import { serve } from "./static-server.js";

// Content written by an attacker, or by someone pasting from anywhere: every field carries
// markup. The site must show all of it as text and run none of it.
const fixture = fileURLToPath(new URL("./fixtures/hostile/", import.meta.url));

let content: Content;
let dir: string;
let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;

beforeAll(async () => {
  const loaded = await loadContent(fixture);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  content = loaded.content;
  dir = join(await mkdtemp(join(tmpdir(), "herald-hostile-")), "site");
  await buildSite(content, dir);
  server = await serve(dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(join(dir, ".."), { recursive: true, force: true });
});

describe("hostile content", () => {
  it("is shown as text and never runs, on every page", async () => {
    for (const path of ["en/", "en/news/hostile/", "en/press-kit/"]) {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on("dialog", async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await page.goto(server.url + path);
      const found = await page.evaluate(() => ({
        // Besides JSON-LD, only the site's own search script (issue 13) may be there.
        scripts: [...document.scripts].filter(
          (s) => s.type !== "application/ld+json" && s.src !== `${location.origin}/search.js`,
        ).length,
        injected: document.querySelectorAll("img[onerror], svg[onload], iframe, main style, b, u")
          .length,
        text: document.body.textContent ?? "",
      }));
      expect({ path, dialogs, scripts: found.scripts, injected: found.injected }).toEqual({
        path,
        dialogs: [],
        scripts: 0,
        injected: 0,
      });
      expect(found.text).toContain('Evil <b>Corp</b> & "Sons"');
      await page.close();
    }
  });

  it("keeps every field's characters exactly on the announcement page", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}en/news/hostile/`);
    expect(await page.title()).toBe(`<script>alert(1)</script> & "x" · Evil <b>Corp</b> & "Sons"`);
    expect(await page.textContent("h1")).toBe('<script>alert(1)</script> & "x"');
    expect(await page.textContent(".summary")).toBe("'\"><img src=x onerror=alert('summary')>");
    expect(await page.textContent("figure.quote blockquote")).toBe(
      "“<iframe src=javascript:alert('quote')></iframe>”",
    );
    expect(await page.textContent(".body code")).toBe("<script>alert('code')</script>");
    expect(await page.getAttribute(".body a", "href")).toBe(
      "https://example.com/?q=%3Cx%3E&y=%22z%22",
    );
    expect(await page.getAttribute(".body a", "title")).toBe('a "quoted" title');
    expect(await page.getAttribute(".facts a", "href")).toBe(
      "https://example.com/?a=1&b=\"2\"><script>alert('attr')</script>",
    );
    // JSON-LD cannot be closed early by a name containing </script>.
    const json = await page.evaluate(
      () => document.querySelector('script[type="application/ld+json"]')?.textContent ?? "",
    );
    expect(JSON.parse(json).about.funder[0].name).toBe("</script><script>alert('jsonld')</script>");
    const description = await page.getAttribute('meta[name="description"]', "content");
    expect(description).toBe("'\"><img src=x onerror=alert('summary')>");
    await page.close();
  });

  it("cannot carry a javascript: link past the model", async () => {
    const copy = await mkdtemp(join(tmpdir(), "herald-hostile-link-"));
    onTestFinished(() => rm(copy, { recursive: true, force: true }));
    await cp(fixture, copy, { recursive: true });
    const file = join(copy, "announcements/hostile.en.md");
    const original = await readFile(file, "utf8");
    await writeFile(file, `${original}\n[click me](javascript:alert(document.cookie))\n`);
    const line = original.split("\n").length + 1;
    const result = await loadContent(copy);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([
      `unsafe-link announcements/hostile.en.md:${line}`,
    ]);
  });
});
