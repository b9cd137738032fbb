import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser.js";
import { type BuiltEmail, builtEmails } from "./emails.js";

// Issue 12: the newsletter as an investor sees it on a phone (375 px) and in a desktop client's
// reading pane (700 px), light and dark: pictures in test-artifacts/i12/ to look at, and the
// things a look would check, measured.

const artifacts = fileURLToPath(new URL("../test-artifacts/i12/", import.meta.url));
let browser: Browser;
let emails: BuiltEmail[];
beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  [browser, emails] = await Promise.all([launchChromium(), builtEmails()]);
});
afterAll(() => browser?.close());

describe("#12: the newsletter on a phone and on a desktop", () => {
  it("#12: the sample (zh-CN, en) and the Arabic email at 375 and 700 px, light and dark: no sideways scrolling, a button a thumb can hit, the postal address shown", async () => {
    const shown = emails.filter((e) => ["sample zh-CN", "sample en", "world ar"].includes(e.name));
    expect(shown).toHaveLength(3);
    const seen: unknown[] = [];
    for (const { name, parts } of shown)
      for (const width of [375, 700])
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
            const button = box("a.button");
            const cell = box(".button-cell");
            const address = box(".address");
            return {
              overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
              // Apple's and Google's smallest comfortable touch target is 44-48 px.
              buttonTall: (button?.height ?? 0) >= 44,
              // The link fills its cell, so all of the blue is clickable.
              buttonFillsCell:
                !!button &&
                !!cell &&
                Math.abs(button.width - cell.width) < 1 &&
                Math.abs(button.height - cell.height) < 1,
              buttonInside: !!button && button.left >= 0 && button.right <= window.innerWidth,
              addressShown: (address?.height ?? 0) > 0,
            };
          });
          seen.push({ name, width, scheme, ...look });
          expect({ name, width, scheme, ...look }).toEqual({
            name,
            width,
            scheme,
            overflow: 0,
            buttonTall: true,
            buttonFillsCell: true,
            buttonInside: true,
            addressShown: true,
          });
          await page.screenshot({
            path: join(artifacts, `${name.replace(" ", "-")}-${width}-${scheme}.png`),
            fullPage: true,
          });
          await page.close();
        }
    expect(seen).toHaveLength(12);
  });
});
