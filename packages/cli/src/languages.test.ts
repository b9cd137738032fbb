import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Labels, loadContent, wordKeyList, wordKeys, wordsFor } from "@herald/model";
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  japaneseContentDir,
  worldContentDir,
} from "@herald/model/testing";
import { decodeHTML } from "entities";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHerald } from "./test-support.js";

// Issue 11: every language the site declares gets its own words, fonts and direction. Two
// content folders written for it (en, de, ko, zh-TW and ar; and ja on its own) are built with
// the CLI as a user builds them, and every page, PDF and email is read back.

const exec = promisify(execFile);
const HEBREW_TITLE = "לומורה רובוטיקס מגייסת 32 מיליון אירו לניקוי פאנלים סולאריים ללא מים";
let root: string;

interface Entry {
  id: string;
  locale: string;
  title: string;
  page: string;
  pdf: string;
  email: { html: string; text: string; eml: string };
}

/** What a reader of each output gets: page and email text (with the words in attributes), PDF text. */
interface Read {
  entry: Entry;
  out: string;
  page: string;
  emailHtml: string;
  emailText: string;
  pdfText: string;
  pdfLayout: string;
  fonts: string;
}
const built: Read[] = [];
const builds: Array<{ stderr: string; code: number; name: string }> = [];

/** Visible text of HTML, with the text of aria-label, alt and title attributes too. */
const textOfHtml = (html: string) =>
  decodeHTML(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
      .replace(/\s(?:aria-label|alt|title)="([^"]*)"/gi, " > $1 <")
      .replace(/<[^>]+>/g, " "),
  );

async function build(name: string, content: string) {
  const out = join(root, name);
  const run = await runHerald(["build", "--content", content, "--out", out], root);
  builds.push({ name, stderr: run.stderr, code: run.code });
  if (run.code !== 0) return;
  const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as {
    announcements: Entry[];
  };
  for (const entry of manifest.announcements) {
    const pdf = join(out, entry.pdf);
    const [page, emailHtml, emailText, pdfText, pdfLayout, fonts] = await Promise.all([
      readFile(join(out, entry.page), "utf8"),
      readFile(join(out, entry.email.html), "utf8"),
      readFile(join(out, entry.email.text), "utf8"),
      exec("pdftotext", ["-enc", "UTF-8", pdf, "-"]).then((r) => r.stdout),
      exec("pdftotext", ["-layout", "-enc", "UTF-8", pdf, "-"]).then((r) => r.stdout),
      exec("pdffonts", [pdf]).then((r) => r.stdout),
    ]);
    built.push({ entry, out, page, emailHtml, emailText, pdfText, pdfLayout, fonts });
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-languages-"));
  // Hebrew, which Herald has words and a face for too: the world content with a Hebrew title.
  const hebrew = join(root, "hebrew-content");
  await cp(worldContentDir, hebrew, { recursive: true });
  const site = join(hebrew, "site.yaml");
  await writeFile(
    site,
    (await readFile(site, "utf8")).replace(/^locales: \[(.*)\]$/m, "locales: [$1, he]"),
  );
  const arabic = await readFile(join(hebrew, "announcements/series-b.ar.md"), "utf8");
  await writeFile(
    join(hebrew, "announcements/series-b.he.md"),
    arabic.replace("locale: ar", "locale: he").replace(/^title: .*$/m, `title: ${HEBREW_TITLE}`),
  );
  // Three builds of their own folders: at once, to save time; kept in this order for the tests.
  await Promise.all([
    build("world", worldContentDir),
    build("ja", japaneseContentDir),
    build("he", hebrew),
  ]);
  const order = ["world", "ja", "he"];
  builds.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}, 240_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const of = (locale: string, out = locale === "ja" ? "ja" : "world"): Read => {
  const found = built.find((r) => r.entry.locale === locale && r.out.endsWith(out));
  if (!found) throw new Error(`nothing was built in ${locale}`);
  return found;
};

/**
 * The fixed pieces of every English word and pattern ("Fact sheet", "Dear ", "Lead
 * investors"), as a reader would spot them; only pieces with a word of three letters or more.
 */
function fixedPieces(words: Labels): Set<string> {
  const pieces = new Set<string>();
  for (const key of wordKeyList) {
    const value: unknown = words[key];
    const slots: readonly string[] = (wordKeys[key] as { slots?: readonly string[] }).slots ?? [];
    const numeric = (slot: string) => ["count", "page", "total"].includes(slot);
    const texts =
      typeof value === "function"
        ? [1, 2].map((n) => String(value(...slots.map((slot) => (numeric(slot) ? n : "\u0000")))))
        : [String(value)];
    for (const text of texts) {
      for (const piece of text.split("\u0000")) {
        const trimmed = piece.replace(/^[\s\p{P}\d]+|[\s\p{P}\d]+$/gu, "");
        if (/[A-Za-z]{3}/.test(trimmed)) pieces.add(trimmed);
      }
    }
  }
  return pieces;
}

/** `piece` as whole words: "Round" is not found in "Around". */
const asWords = (piece: string) =>
  new RegExp(`(?<!\\p{L})${piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?!\\p{L})`, "u");

describe("#11: every declared language, its own words, fonts and direction", () => {
  it("#11: both content folders build without a single warning", () => {
    expect(builds.slice(0, 2).map((b) => [b.name, b.code, b.stderr])).toEqual([
      ["world", 0, ""],
      ["ja", 0, ""],
    ]);
    expect(
      built
        .filter((r) => !r.out.endsWith("he"))
        .map((r) => r.entry.locale)
        .sort(),
    ).toEqual(["ar", "de", "en", "ja", "ko", "zh-TW"]);
  });

  it.each([
    ["world", worldContentDir],
    ["ja", japaneseContentDir],
  ])("#11: herald verify finds every fact of the %s content in every output", async (name, dir) => {
    // Also a paragraph that runs over a page break (the running header is not part of it),
    // and text with a hyphen in a press kit that drew some character as □.
    const verified = await runHerald(["verify", "--content", dir, "--out", join(root, name)], root);
    expect(verified.stderr).toBe("");
    expect(verified.code).toBe(0);
  });

  it("#11: herald verify still finds a changed word in the Arabic press kit", async () => {
    // Built from the world content; checked against a copy whose Arabic text says otherwise.
    const changed = join(root, "world-changed");
    await cp(worldContentDir, changed, { recursive: true });
    const file = join(changed, "announcements/series-b.ar.md");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text
        .replace("من الخليج إلى تايوان", "من الخليج إلى اليابان")
        .replace("عدوًّا صامتًا", "عدوًّا كبيرًا"),
    );
    const verified = await runHerald(
      ["verify", "--content", changed, "--out", join(root, "world")],
      root,
    );
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain("pdf · quotes · series-b/ar");
    expect(verified.stderr).toContain("pdf · text · series-b/ar");
  });

  it.each(["de", "ko", "zh-TW", "ar", "ja"])(
    "#11: %s outputs have no English interface words",
    (locale) => {
      const read = of(locale);
      // A word the language itself writes as English does ("PDF", "Atom") is not a leak.
      const own = fixedPieces(wordsFor(locale));
      const english = [...fixedPieces(wordsFor("en"))].filter((p) => !own.has(p));
      const outputs = {
        page: textOfHtml(read.page),
        pdf: read.pdfText,
        "email html": textOfHtml(read.emailHtml),
        "email text": read.emailText,
      };
      const leaks = Object.entries(outputs).flatMap(([name, text]) =>
        english.filter((piece) => asWords(piece).test(text)).map((piece) => `${name}: ${piece}`),
      );
      expect(leaks).toEqual([]);
    },
  );

  it.each([
    ["en", "NotoSans-"],
    ["de", "NotoSans-"],
    ["ja", "NotoSansJP"],
    ["ko", "NotoSansKR"],
    ["zh-TW", "NotoSansTC"],
    ["ar", "NotoSansArabic"],
  ])("#11: the %s press kit is set in %s", (locale, family) => {
    expect(of(locale).fonts).toContain(family);
  });

  it.each(["en", "de", "ko", "zh-TW", "ar", "ja"])(
    "#11: no □ and no missing glyph in the %s press kit",
    (locale) => {
      expect(of(locale).pdfText).not.toContain("□");
    },
  );

  it("#11: the Arabic press kit's text extracts in reading order", async () => {
    const read = of("ar");
    const loaded = await loadContent(worldContentDir);
    if (!loaded.ok) throw new Error("the world content does not load");
    const arabic = loaded.content.announcements.find((a) => a.locale === "ar");
    // The Arabic words, in order (pdftotext moves the spaces around numbers and Latin names,
    // and marks direction): shaped letters extract as presentation forms, which NFKC undoes.
    const words = (s: string) => s.normalize("NFKC").match(/[\p{Script=Arabic}\p{M}]+/gu) ?? [];
    const extracted = ` ${words(read.pdfText).join(" ")} `;
    for (const written of [
      arabic?.title ?? "∅",
      arabic?.summary ?? "∅",
      ...(arabic?.quotes.map((q) => q.text) ?? []),
    ]) {
      expect(extracted).toContain(` ${words(written).join(" ")} `);
    }
  });

  it("#11: a Hebrew press kit is set in Noto Sans Hebrew, in reading order; page and email run right to left", () => {
    const read = of("he", "he");
    expect(builds.find((b) => b.name === "he")?.stderr).not.toMatch(/no embedded font|□/);
    expect(read.fonts).toContain("NotoSansHebrew");
    expect(read.pdfText).not.toContain("□");
    const words = (text: string) => text.match(/\p{Script=Hebrew}+/gu) ?? [];
    expect(` ${words(read.pdfText).join(" ")} `).toContain(` ${words(HEBREW_TITLE).join(" ")} `);
    expect(read.page).toMatch(/<html lang="he" dir="rtl">/);
    expect(read.emailHtml).toMatch(/<html[^>]* dir="rtl"/);
  });

  it.each([
    ["ar", "، "],
    ["zh-TW", "，"],
    ["ja", "、"],
    ["de", ", "],
  ])(
    "#11: the %s press contact's details are separated as the language does (%s)",
    (locale, comma) => {
      const read = of(locale);
      const loaded = read.page.match(/<footer[\s\S]*<\/footer>/)?.[0] ?? "";
      expect(textOfHtml(loaded).replace(/\s+/g, " ")).toMatch(
        new RegExp(`${comma.trim()}\\s?press(-jp)?@`),
      );
      expect(read.emailText).toMatch(new RegExp(`${comma.trim()}\\s?press(-jp)?@`));
    },
  );

  it("#11: the Arabic page and email run right to left", () => {
    const read = of("ar");
    expect(read.page).toMatch(/<html lang="ar" dir="rtl">/);
    expect(read.emailHtml).toMatch(/<html[^>]* dir="rtl"/);
    expect(read.emailHtml).toMatch(/<body[^>]* dir="rtl"/);
  });

  it.each(["ja", "ko", "zh-TW"])(
    "#11: no line of the %s press kit starts with closing punctuation",
    (locale) => {
      const starts = of(locale)
        .pdfLayout.split("\n")
        .map((line) => line.trimStart())
        .filter((line) =>
          /^[，。、；：！？）」』》〉】〕〗〙〛｝］’”…‥・ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ]/u.test(
            line,
          ),
        );
      expect(starts).toEqual([]);
    },
  );

  it("#11: at 375 px, in light and dark, the ja, ko, ar and de page and email fit the screen (screenshots in test-artifacts/i11)", async () => {
    const artifacts = fileURLToPath(new URL("../test-artifacts/i11/", import.meta.url));
    await mkdir(artifacts, { recursive: true });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const overflowing: string[] = [];
    try {
      for (const locale of ["ja", "ko", "ar", "de"]) {
        const read = of(locale);
        for (const colorScheme of ["light", "dark"] as const) {
          const page = await browser.newPage({
            viewport: { width: 375, height: 800 },
            colorScheme,
          });
          // Offline: the page's own files only (no request leaves the machine).
          await page.route(/^(?!file:)/, (route) => route.abort());
          for (const [what, file] of [
            ["page", read.entry.page],
            ["email", read.entry.email.html],
          ] as const) {
            await page.goto(`file://${join(read.out, file)}`);
            const width = Number(await page.evaluate("document.documentElement.scrollWidth"));
            if (width > 375) overflowing.push(`${locale} ${what} ${colorScheme}: ${width}px`);
            await page.screenshot({
              path: join(artifacts, `${locale}-${what}-375-${colorScheme}.png`),
              fullPage: true,
            });
          }
          await page.close();
        }
        await exec("pdftoppm", [
          "-png",
          "-r",
          "60",
          "-f",
          "1",
          "-l",
          "2",
          join(read.out, read.entry.pdf),
          join(artifacts, `${locale}-pdf`),
        ]);
      }
    } finally {
      await browser.close();
    }
    expect(overflowing).toEqual([]);
  }, 120_000);
});
