import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser.js";
import { type BuiltEmail, builtEmails } from "./emails.js";

// Issue 14: the embargoed email with a correction and an update, as a journalist sees it on a
// phone (375 px) and in a desktop client (600 px), light and dark: pictures in
// test-artifacts/i14/ to look at, and what a look checks, measured.

const artifacts = fileURLToPath(new URL("../test-artifacts/i14/", import.meta.url));
let browser: Browser;
let emails: BuiltEmail[];
beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  [browser, emails] = await Promise.all([
    launchChromium(),
    builtEmails().then((all) => all.filter((e) => e.document.embargo)),
  ]);
});
afterAll(() => browser?.close());

describe("#14: the embargoed email on a phone and on a desktop", () => {
  it("#14: en, zh-CN and ar at 375 and 600 px, light and dark: the notice first, inside the frame, on the side lines begin; the updates under the title; no sideways scrolling", async () => {
    expect(emails.map((e) => e.name)).toEqual([
      "embargoed-sample en",
      "embargoed-sample zh-CN",
      "embargoed-world ar",
    ]);
    let seen = 0;
    for (const { name, parts, document } of emails)
      for (const width of [375, 600])
        for (const scheme of ["light", "dark"] as const) {
          const page = await browser.newPage({ viewport: { width, height: 800 } });
          await page.emulateMedia({ colorScheme: scheme });
          await page.route("**/*", (route) => route.abort());
          await page.setContent(parts.html, { waitUntil: "load" });
          const look = await page.evaluate(() => {
            const box = (selector: string) => {
              const e = document.querySelector(selector);
              return e ? e.getBoundingClientRect() : undefined;
            };
            const notice = box(".embargo");
            const top = box(".top");
            const title = box("h1");
            const updates = [...document.querySelectorAll(".update")].map((e) =>
              e.getBoundingClientRect(),
            );
            const summary = box(".summary");
            const container = box(".container");
            const style = getComputedStyle(document.querySelector(".embargo") as Element);
            return {
              overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
              noticeFirst: !!notice && !!top && notice.bottom <= top.top,
              noticeInside:
                !!notice &&
                !!container &&
                notice.left >= container.left &&
                notice.right <= container.right,
              // The rule is on the side lines begin on: left in English, right in Arabic.
              rule:
                Number.parseFloat(style.borderLeftWidth) > 0
                  ? "left"
                  : Number.parseFloat(style.borderRightWidth) > 0
                    ? "right"
                    : "none",
              updatesPlaced:
                updates.length === 2 &&
                !!title &&
                !!summary &&
                (updates[0]?.top ?? 0) > title.bottom &&
                (updates[1]?.bottom ?? Number.POSITIVE_INFINITY) <= summary.top,
            };
          });
          expect({ name, width, scheme, ...look }).toEqual({
            name,
            width,
            scheme,
            overflow: 0,
            noticeFirst: true,
            noticeInside: true,
            rule: document.direction === "rtl" ? "right" : "left",
            updatesPlaced: true,
          });
          const file = `${name.replace(" ", "-")}-${width}-${scheme}`;
          await page.screenshot({ path: join(artifacts, `${file}.png`), fullPage: true });
          // The first screen alone, where the notice and the updates are: quicker to look at.
          await page.screenshot({ path: join(artifacts, `${file}-top.png`) });
          await page.close();
          seen++;
        }
    expect(seen).toBe(12);
  });
});
