import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser.js";
import { type BuiltEmail, builtEmails } from "./emails.js";

// Issue 12: every text of every built email is readable in light and in dark mode (WCAG 2
// contrast: 4.5:1, 3:1 for large text), measured on the page Chromium draws, with the colours
// it computes after the stylesheet, the inlined styles and the dark-mode media query.

let browser: Browser;
let emails: BuiltEmail[];
beforeAll(async () => {
  [browser, emails] = await Promise.all([launchChromium(), builtEmails()]);
});
afterAll(() => browser?.close());

interface Pair {
  text: string;
  color: string;
  background: string;
  ratio: number;
  needed: number;
}

/** Every text element whose contrast is below what WCAG asks, as Chromium renders the page. */
function lowContrast(): Pair[] {
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const n = css.match(/[\d.]+/g)?.map(Number) ?? [];
    return [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n[3] ?? 1];
  };
  /** `top` drawn over the opaque `bottom`. */
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3];
    return [0, 1, 2]
      .map((i) => (top[i] as number) * a + (bottom[i] as number) * (1 - a))
      .concat(1) as Rgba;
  };
  const luminance = ([r, g, b]: Rgba) => {
    const lin = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  /** The opaque colour behind `element`: its own and its ancestors' backgrounds, stacked. */
  const backgroundOf = (element: Element): Rgba => {
    const layers: Rgba[] = [];
    for (let e: Element | null = element; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] === 1) break;
    }
    // The canvas under everything is white.
    return layers.reduceRight<Rgba>((under, layer) => over(layer, under), [255, 255, 255, 1]);
  };
  const hex = (c: Rgba) =>
    `#${c
      .slice(0, 3)
      .map((v) => Math.round(v).toString(16).padStart(2, "0"))
      .join("")}`;
  const low: Pair[] = [];
  for (const element of document.body.querySelectorAll("*")) {
    const own = [...element.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent ?? "")
      .join("")
      .trim();
    if (!own || element.getClientRects().length === 0) continue;
    const style = getComputedStyle(element);
    if (style.visibility !== "visible" || Number(style.opacity) === 0) continue;
    const background = backgroundOf(element);
    const color = over(parse(style.color), background);
    const [hi, lo] = [luminance(color), luminance(background)].sort((a, b) => b - a) as [
      number,
      number,
    ];
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = Number.parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    if (ratio < needed)
      low.push({
        text: own.slice(0, 40),
        color: hex(color),
        background: hex(background),
        ratio: Math.round(ratio * 100) / 100,
        needed,
      });
  }
  return low;
}

describe("#12: contrast in light and dark mode", () => {
  it("#12: every text of every built email has at least 4.5:1 (3:1 when large), light and dark", async () => {
    const found: Record<string, Pair[]> = {};
    let checked = 0;
    for (const { name, parts } of emails)
      for (const scheme of ["light", "dark"] as const) {
        const page = await browser.newPage({ viewport: { width: 600, height: 900 } });
        await page.emulateMedia({ colorScheme: scheme });
        await page.route("**/*", (route) => route.abort());
        await page.setContent(parts.html, { waitUntil: "load" });
        const low = await page.evaluate(lowContrast);
        if (low.length) found[`${name} ${scheme}`] = low;
        checked++;
        await page.close();
      }
    expect(checked).toBe(emails.length * 2);
    expect(found).toEqual({});
  });

  it("#12: the measure itself finds grey on white, large text at 3:1, and text over a coloured cell", async () => {
    const page = await browser.newPage();
    await page.setContent(
      `<p style="color:#aaaaaa">small grey</p><p style="color:#888888;font-size:24px">large grey</p><table><tr><td bgcolor="#0b5cad"><span style="color:#6cb6ff">link blue</span></td></tr></table>`,
    );
    expect(await page.evaluate(lowContrast)).toEqual([
      { text: "small grey", color: "#aaaaaa", background: "#ffffff", ratio: 2.32, needed: 4.5 },
      { text: "link blue", color: "#6cb6ff", background: "#0b5cad", ratio: 3.1, needed: 4.5 },
    ]);
    await page.close();
  });

  it("#12: the button's text is white on its own blue in both modes, whatever colour a client gives links", async () => {
    const [first] = emails;
    if (!first) throw new Error("no emails");
    const seen: Record<string, { color: string; background: string }> = {};
    for (const scheme of ["light", "dark"] as const) {
      const page = await browser.newPage({ viewport: { width: 600, height: 900 } });
      await page.emulateMedia({ colorScheme: scheme });
      await page.route("**/*", (route) => route.abort());
      await page.setContent(first.parts.html, { waitUntil: "load" });
      // The dark-mode link colour of the report (3.1:1 on the button's blue), as a client that
      // flattens or reorders the stylesheet would apply it: last, and over every link.
      await page.addStyleTag({ content: "a { color: #6cb6ff !important; }" });
      seen[scheme] = await page.evaluate(() => {
        const a = document.querySelector("a.button") as HTMLElement;
        const cell = a.closest("td") as HTMLElement;
        return {
          color: getComputedStyle(a).color,
          background: getComputedStyle(cell).backgroundColor,
        };
      });
      await page.close();
    }
    expect(seen).toEqual({
      light: { color: "rgb(255, 255, 255)", background: "rgb(11, 92, 173)" },
      dark: { color: "rgb(255, 255, 255)", background: "rgb(31, 111, 235)" },
    });
  });
});
