import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@herald/model/testing";
import axe from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium, headless, with everything that would reach the network switched off. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

/** What axe-core finds against WCAG 2.1 AA on the page as it is now: "rule: element, …". */
export async function axeViolations(page: Page): Promise<string[]> {
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

/** What the Nu Html Checker (vnu-jar, on the system's Java) reports as errors for the HTML in `dir`. */
export async function nuCheckerErrors(dir: string): Promise<string> {
  const jar = createRequire(import.meta.url)("vnu-jar") as string;
  const result = await promisify(execFile)("java", [
    "-jar",
    jar,
    "--errors-only",
    "--skip-non-html",
    dir,
  ]).catch((error: { stderr: string }) => error);
  return result.stderr;
}
