// Helpers for other packages' tests and benchmarks: `@herald/model/testing`.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MAX_BLOCK_NESTING, MAX_INLINE_NESTING } from "./nesting.js";

export { parseMarkdown } from "./markdown.js";
export {
  acceptedMutations,
  FUZZED_FILES,
  mutate,
  mutatedFiles,
  seededRandom,
} from "./mutate.js";
export { resolveProse } from "./prose.js";
export { largeBody, writeLargeBodyContent, writeSyntheticContent } from "./synthetic.js";

/** Debian's Chromium, for tests and benchmarks (browser downloads do not work here). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless Chromium without anything that would reach the network on its own. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export { cleanSvg, pngHeaderClaiming, testGif, testJpeg, testPng } from "./test-images.js";

/**
 * Markdown at the deepest nesting the loader accepts (lists, quotes, emphasis), each followed
 * by text, and the words that must all reach every output: nothing after deep nesting may be
 * dropped (issue 9).
 */
export const deepestNesting = (() => {
  const depth = MAX_BLOCK_NESTING;
  const list = Array.from({ length: depth }, (_, i) => `${"  ".repeat(i)}- level ${i + 1}`);
  const marks = "*".repeat(MAX_INLINE_NESTING);
  return {
    markdown: `\n\n${list.join("\n")}\n\nAfter the list.\n\n${"> ".repeat(depth)}deepest quote\n\nAfter the quote.\n\n${marks}eight marks${marks}\n\n## A later section\n\nThe very end.\n`,
    words: [
      `level ${depth}`,
      "After the list.",
      "deepest quote",
      "After the quote.",
      "eight marks",
      "A later section",
      "The very end.",
    ],
  };
})();

/**
 * Content with every kind of thing the announcement document resolves (issue 10): a captioned
 * local figure, inline and remote images, a link to a local PDF, struck text, aligned table
 * columns, footnotes, soft line breaks in English and Chinese, people with role and
 * organization. In the repository only (tests), not in the published package.
 */
export const richContentDir = fileURLToPath(new URL("../test/fixtures/_rich/", import.meta.url));

/**
 * One company's Series B in en, de, ko, zh-TW and ar (issue 11): funding, quotes, metrics,
 * footnotes, emphasis, lists and tables in four scripts and both directions, Latin names and
 * figures inside Korean and Arabic text, and names written in another language than the text
 * (a Simplified Chinese investor, a Japanese board member). In the repository only.
 */
export const worldContentDir = fileURLToPath(new URL("../test/fixtures/_world/", import.meta.url));

/** The same company's news as a Japanese-only site (issue 11). In the repository only. */
export const japaneseContentDir = fileURLToPath(
  new URL("../test/fixtures/_world-ja/", import.meta.url),
);
export {
  LANGUAGES_LOCALES,
  loadLanguagesContent,
  writeLanguagesContent,
} from "./languages-content.js";

/** Every file under `dir` (folders' files too), by its path in it: builds compared byte for byte. */
export async function filesIn(dir: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
  return new Map(
    await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n))] as const)),
  );
}

/** The names of the files that differ between two `filesIn` (or are in one only). */
export function changedFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => !a.get(n)?.equals(b.get(n) ?? Buffer.alloc(0))).sort();
}
