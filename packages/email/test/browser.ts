import { readFile } from "node:fs/promises";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@herald/model/testing";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium, headless, with everything that would reach the network switched off. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

/**
 * The logo's PNG as the website build makes it (`company.brand.png`, 160 px high), for tests
 * that show the email without a site build: a PNG logo as it is, an SVG one drawn by Chromium.
 */
export function logoPngOf(
  browser: Browser,
  file: string,
  size: { width: number; height: number },
): Promise<Buffer> {
  const key = `${file} ${size.width}x${size.height}`;
  const known = drawn.get(key);
  if (known) return known;
  const png = draw(browser, file, size);
  drawn.set(key, png);
  return png;
}
/** Each logo drawn once per test file: a page load each time would be slow. */
const drawn = new Map<string, Promise<Buffer>>();

async function draw(
  browser: Browser,
  file: string,
  size: { width: number; height: number },
): Promise<Buffer> {
  const bytes = await readFile(file);
  if (!file.toLowerCase().endsWith(".svg")) return bytes;
  const page = await browser.newPage({ viewport: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent"><img style="display:block;width:${size.width}px;height:${size.height}px" src="data:image/svg+xml;base64,${bytes.toString("base64")}"></body></html>`,
  );
  const png = await page.screenshot({ omitBackground: true });
  await page.close();
  return png;
}
