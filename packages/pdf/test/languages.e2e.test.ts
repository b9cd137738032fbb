import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { labelsTemplate, languageName } from "@herald/model";
import {
  decodePDFRawStream,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFRawStream,
  type PDFRef,
} from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { type Face, faceHas } from "../src/fonts.js";
import { renderPressKit } from "../src/index.js";
import { noLineStart } from "../src/text.js";
import {
  documentsOf,
  LOCALES,
  type Locale,
  REGIONAL_HAN,
  writeLanguagesContent,
  ZH_INVESTOR,
} from "./fixtures/languages.js";

// Issue #11: the press kit in Japanese, Korean, Traditional Chinese (Taiwan, Hong Kong),
// Simplified Chinese, Arabic and German, each rendered once and read back with poppler
// (pdffonts, pdftotext, pdftoppm) and pdf-lib: the right regional face for each language and
// for each name in another language, no missing glyphs, Arabic right to left and extracted in
// reading order, Korean broken only at spaces, no CJK line starting with closing punctuation,
// no fake italics in CJK. Pages of ja, ko, ar and zh-TW are written as PNG to test-artifacts/.

const run = promisify(execFile);
const dir = await writeLanguagesContent();
const out = await mkdtemp(join(tmpdir(), "herald-pdf-languages-out-"));
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});
const documents = await documentsOf(dir);

interface Kit {
  file: string;
  bytes: Uint8Array;
  warnings: string[];
  ms: number;
}
const kits = {} as Record<Locale, Kit>;
for (const locale of LOCALES) {
  const started = performance.now();
  const kit = await renderPressKit(documents[locale], { contentDir: dir });
  const ms = performance.now() - started;
  const file = join(out, `${locale}.pdf`);
  await writeFile(file, kit.bytes);
  kits[locale] = { file, bytes: kit.bytes, warnings: kit.warnings, ms };
}

/** The family of each language's own text. */
const FAMILY: Record<Locale, string> = {
  en: "NotoSans",
  de: "NotoSans",
  ja: "NotoSansJP",
  ko: "NotoSansKR",
  "zh-TW": "NotoSansTC",
  "zh-HK": "NotoSansHK",
  "zh-CN": "NotoSansSC",
  ar: "NotoSansArabic",
};

/** pdffonts' rows: name without the subset tag, and the whole row. */
async function fontsOf(file: string): Promise<Array<{ name: string; row: string }>> {
  const { stdout } = await run("pdffonts", [file]);
  return stdout
    .trim()
    .split("\n")
    .slice(2)
    .map((row) => ({ name: (row.split(/\s+/)[0] ?? "").replace(/^[A-Z]{6}\+/, ""), row }));
}

/** The characters each embedded font's ToUnicode map gives, by font name (without tag). */
async function charactersByFont(bytes: Uint8Array): Promise<Map<string, Set<string>>> {
  const doc = await PDFDocument.load(bytes);
  const found = new Map<string, Set<string>>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of("Subtype")) !== PDFName.of("Type0")) continue;
    const name = String(object.get(PDFName.of("BaseFont"))).replace(/^\/[A-Z]{6}\+/, "");
    const ref = object.get(PDFName.of("ToUnicode")) as PDFRef;
    const cmap = Buffer.from(
      decodePDFRawStream(doc.context.lookup(ref) as PDFRawStream).decode(),
    ).toString("latin1");
    const chars = found.get(name) ?? new Set<string>();
    // Every <hex> that is a destination (UTF-16BE): the second of each bfchar pair, and the
    // third (or list) of each bfrange. Sources are 4 hex digits, like destinations, so the
    // pairs are read in order.
    const utf16 = (hex: string) => Buffer.from(hex, "hex").swap16().toString("utf16le");
    for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const m of (section[1] ?? "").matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        for (const c of utf16(m[2] ?? "")) chars.add(c);
      }
    }
    for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const m of (section[1] ?? "").matchAll(
        /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g,
      )) {
        const low = Number.parseInt(m[1] ?? "0", 16);
        const high = Number.parseInt(m[2] ?? "0", 16);
        const target = m[3] ?? "";
        if (target.startsWith("[")) {
          for (const d of target.matchAll(/<([0-9A-Fa-f]+)>/g))
            for (const c of utf16(d[1] ?? "")) chars.add(c);
        } else {
          const start = Number.parseInt(target.slice(1, -1), 16);
          for (let i = 0; i <= high - low; i++) chars.add(String.fromCharCode(start + i));
        }
      }
    }
    found.set(name, chars);
  }
  return found;
}

/** The characters a family's faces (regular and bold) carry in a press kit. */
function familyCharacters(fonts: Map<string, Set<string>>, family: string): Set<string> {
  const all = new Set<string>();
  for (const [name, chars] of fonts) {
    if (name.replace(/-.*$/, "") === family) for (const c of chars) all.add(c);
  }
  return all;
}

/** Bidi formatting characters poppler puts around right-to-left text. */
const BIDI_MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

async function textOf(file: string, ...options: string[]): Promise<string> {
  const { stdout } = await run("pdftotext", [...options, "-enc", "UTF-8", file, "-"]);
  return stdout.replace(BIDI_MARKS, "");
}

interface Word {
  page: number;
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
}

async function wordsOf(file: string): Promise<Word[]> {
  const { stdout } = await run("pdftotext", ["-enc", "UTF-8", "-bbox", file, "-"]);
  const words: Word[] = [];
  stdout
    .split(/<page /)
    .slice(1)
    .forEach((page, index) => {
      for (const m of page.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g,
      )) {
        const text = (m[4] ?? "").replace(BIDI_MARKS, "");
        words.push({
          page: index,
          // -bbox gives a right-to-left word's characters as seen, left to right.
          text: /\p{Script=Arabic}/u.test(text) ? [...text].reverse().join("") : text,
          xMin: Number(m[1]),
          yMin: Number(m[2]),
          xMax: Number(m[3]),
        });
      }
    });
  return words;
}

const wordOn = (words: Word[], text: string, page?: number) => {
  const found = words.find((w) => w.text === text && (page === undefined || w.page === page));
  if (!found) throw new Error(`no word "${text}" in ${words.map((w) => w.text).join(" ")}`);
  return found;
};

const RIGHT_MARGIN = 595.28 - 64;

/** Same language and script (zh-CN and zh-SG yes, zh-CN and zh-TW no). */
const writtenAlike = (a: string, b: string) => {
  const writing = (tag: string) => {
    const l = new Intl.Locale(tag).maximize();
    return `${l.language}-${l.script}`;
  };
  return writing(a) === writing(b);
};

/** The text of every name in `document` marked as written in `locale`'s language and script. */
function namesIn(document: unknown, locale: string): string {
  let found = "";
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (typeof record.lang === "string" && writtenAlike(record.lang, locale)) {
        found += `${record.name ?? ""}${record.text ?? ""}`;
      }
      Object.values(record).forEach(visit);
    }
  };
  visit(document);
  return found;
}

describe("#11: fonts per language", () => {
  it.each(LOCALES.filter((l) => l !== "en"))(
    "#11: the %s press kit is set in its own regional face, subset and embedded",
    async (locale) => {
      const fonts = await fontsOf(kits[locale].file);
      for (const { row } of fonts) {
        expect(row).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      }
      const names = fonts.map((f) => f.name);
      expect(names).toContain(`${FAMILY[locale]}-Regular`);
      expect(names).toContain(`${FAMILY[locale]}-Bold`);
      // The title's letters (not its Latin company name) are all in the language's face.
      const title = documents[locale].title.replace(/[\p{Script=Latin}\s\p{P}\p{N}€]/gu, "");
      const own = familyCharacters(await charactersByFont(kits[locale].bytes), FAMILY[locale]);
      expect([...title].filter((c) => !own.has(c))).toEqual([]);
    },
  );

  it("#11: another language's face draws only names written in that language, or what the document's own face lacks", async () => {
    const localeOfFamily: Record<string, string> = {
      NotoSansSC: "zh-CN",
      NotoSansJP: "ja",
      NotoSansKR: "ko",
      NotoSansTC: "zh-TW",
      NotoSansHK: "zh-HK",
      NotoSansArabic: "ar",
    };
    const ownFace: Record<Locale, Face> = {
      en: "latin",
      de: "latin",
      ja: "jp",
      ko: "kr",
      "zh-TW": "tc",
      "zh-HK": "hk",
      "zh-CN": "sc",
      ar: "arabic",
    };
    for (const locale of LOCALES) {
      const fonts = await charactersByFont(kits[locale].bytes);
      for (const [family, other] of Object.entries(localeOfFamily)) {
        if (family === FAMILY[locale]) continue;
        // Written in that language: the names of the languages (the cover's links to the
        // other translations) and names the document marks with that language.
        const allowed = new Set([...languageName(other), ...namesIn(documents[locale], other)]);
        const chars = familyCharacters(fonts, family);
        expect(
          [...chars].filter(
            (c) =>
              !allowed.has(c) &&
              !/[\p{P}\p{S}\p{N}\s]/u.test(c) &&
              faceHas(ownFace[locale], "regular", c),
          ),
          `${family} in ${locale}`,
        ).toEqual([]);
      }
    }
  });

  it("#11: the same Han characters take Japanese forms in Japanese text and Chinese forms in Chinese", async () => {
    const ja = await charactersByFont(kits.ja.bytes);
    const zh = await charactersByFont(kits["zh-CN"].bytes);
    // 今 in the Japanese quotation, 直 and 骨 in the Japanese body: the Japanese face.
    for (const c of REGIONAL_HAN) expect(familyCharacters(ja, "NotoSansJP")).toContain(c);
    // The same characters in the Chinese investor's name, in the Japanese document: the
    // Simplified Chinese face.
    for (const c of ZH_INVESTOR) expect(familyCharacters(ja, "NotoSansSC")).toContain(c);
    // In the Chinese document, all of them are Chinese; no Japanese face draws them.
    for (const c of REGIONAL_HAN) {
      expect(familyCharacters(zh, "NotoSansSC")).toContain(c);
      expect(familyCharacters(zh, "NotoSansJP")).not.toContain(c);
    }
  });

  it.each(["ja", "ko", "zh-TW", "zh-HK", "ar", "de"] as const)(
    "#11: the %s press kit draws every character: no warning, no □",
    async (locale) => {
      expect(kits[locale].warnings).toEqual([]);
      expect(await textOf(kits[locale].file)).not.toContain("□");
    },
  );

  it("#11: no fake italics in CJK: a Japanese press kit with *emphasis* and quotes has no italic face", async () => {
    expect(documents.ja.body.blocks.some((b) => JSON.stringify(b).includes('"emphasis"'))).toBe(
      true,
    );
    const ja = (await fontsOf(kits.ja.file)).map((f) => f.name);
    expect(ja.filter((name) => /Italic/i.test(name))).toEqual([]);
    for (const locale of ["ko", "zh-TW", "zh-CN", "ar"] as const) {
      expect((await fontsOf(kits[locale].file)).filter((f) => /Italic/i.test(f.name))).toEqual([]);
    }
    // A Latin-script document keeps its italics.
    expect((await fontsOf(kits.de.file)).map((f) => f.name)).toContain("NotoSans-Italic");
  });
});

describe("#11: right to left (Arabic)", () => {
  /**
   * Runs of Arabic words between punctuation (poppler puts a comma on either side of a space)
   * and anything else. A page whose letters are mostly Latin (the cover's names and
   * addresses) poppler reads left to right: the runs of a line come out in the order they
   * are seen, each in reading order, so a sentence's end and the next one's start do too.
   */
  const arabicRuns = (...texts: string[]) =>
    texts.flatMap((text) =>
      text
        .split(/\p{P}/u)
        .flatMap((part) =>
          [
            ...words(part).matchAll(/[\p{Script=Arabic}\p{M}]+(?: [\p{Script=Arabic}\p{M}]+)*/gu),
          ].map((m) => m[0]),
        ),
    );
  const words = (text: string) => text.replace(/\p{P}/gu, " ").replace(/\s+/g, " ");
  const source = () => {
    const d = documents.ar;
    const paragraphs = d.body.blocks
      .filter((b) => b.type === "paragraph")
      .map((b) =>
        JSON.stringify(b)
          .match(/"value":"([^"]*)"/g)
          ?.map((v) => JSON.parse(`{${v}}`).value)
          .join(""),
      );
    return [d.title, d.summary, d.quotes[0]?.text ?? "", ...paragraphs].filter(
      (t): t is string => t !== undefined,
    );
  };

  it("#11: pdftotext extracts Arabic words in reading order, as written", async () => {
    // poppler writes each right-to-left run in reading order (between U+202B and U+202C,
    // removed here), the runs of a line in the order they are seen.
    const text = words(await textOf(kits.ar.file));
    const runs = arabicRuns(...source());
    expect(runs.length).toBeGreaterThan(8);
    expect(runs.filter((phrase) => !text.includes(phrase))).toEqual([]);
  });

  it("#11: pdftotext -raw extracts every Arabic word as written", async () => {
    // -raw keeps the page's order: the words of a line as seen, each word as written.
    const found = new Set(words(await textOf(kits.ar.file, "-raw")).split(" "));
    const expected = arabicRuns(...source()).flatMap((r) => r.split(" "));
    expect(expected.length).toBeGreaterThan(40);
    expect(expected.filter((w) => !found.has(w))).toEqual([]);
  });

  it("#11: a Latin name and a number inside an Arabic title read in the right order", async () => {
    // "Acme Robotics تجمع 4 ملايين يورو", right to left: the name first (rightmost, and
    // itself left to right), then the verb, the number, and the amount's words.
    const page = (await wordsOf(kits.ar.file)).filter((w) => w.page === 0);
    // The title's line (#13: the company's name is on the cover too, above the title).
    const verb = wordOn(page, "تجمع", 0);
    // Arabic's box reaches higher than Latin's: within a third of the title's 26 pt line.
    const words = page.filter((w) => Math.abs(w.yMin - verb.yMin) < 12);
    const x = (t: string) => wordOn(words, t, 0).xMin;
    expect(x("Robotics")).toBeGreaterThan(x("Acme"));
    expect(x("Acme")).toBeGreaterThan(x("تجمع"));
    expect(x("تجمع")).toBeGreaterThan(x("4"));
    expect(x("4")).toBeGreaterThan(x("ملايين"));
    expect(x("ملايين")).toBeGreaterThan(x("يورو"));
    // A phone number and an address keep their own order.
    const text = await textOf(kits.ar.file);
    expect(text).toContain("+31 20 555 0100");
    expect(text).toContain("https://northwind.example/team/mara");
  });

  it("#11: the layout is mirrored: text, headings, list markers, table columns and the fact sheet's labels on the right", async () => {
    const words = await wordsOf(kits.ar.file);
    const d = documents.ar;
    // Headings and paragraphs end at the right margin.
    const heading = wordOn(words, d.words.factSheet.split(" ")[0] ?? "");
    expect(heading.xMax).toBeCloseTo(RIGHT_MARGIN, 0);
    const firstWord = wordOn(words, "تصنع");
    expect(firstWord.xMax).toBeCloseTo(RIGHT_MARGIN, 0);
    // The fact sheet: label right of its value.
    // (#13: the amount's label is on a cover tile too, below its figure: the row's is beside it.)
    const beside = (w: Word) =>
      words.find((v) => v.text === "مليون" && v.page === w.page && Math.abs(v.yMin - w.yMin) < 3);
    const label = words.find((w) => w.text === d.words.amount.split(" ")[0] && beside(w)) as Word;
    const value = beside(label) as Word;
    expect(label.xMin).toBeGreaterThan(value.xMax);
    // A list's marker right of its item.
    // The first item, "شهادات السلامة للروبوتات التعاونية": its first word is its rightmost.
    const item = wordOn(words, "شهادات");
    const marker = words.find((w) => w.text === "•" && Math.abs(w.yMin - item.yMin) < 3);
    expect(marker?.xMin ?? 0).toBeGreaterThan(item.xMax);
    // The table's first column on the right.
    const year = wordOn(words, "السنة");
    const robots = words.find(
      (w) => w.text === "الروبوتات" && w.page === year.page && Math.abs(w.yMin - year.yMin) < 3,
    );
    expect(year.xMin).toBeGreaterThan(robots?.xMax ?? RIGHT_MARGIN);
    // The running header ends at the right margin too.
    const header = words.filter((w) => w.page === 1 && w.yMin < 50);
    expect(Math.max(...header.map((w) => w.xMax))).toBeCloseTo(RIGHT_MARGIN, 0);
  });
});

describe("#11: CJK line breaking", () => {
  it("#11: Korean lines end only at spaces: no Hangul word is split across lines", async () => {
    // Every word the Korean press kit may print: the announcement as written (emphasis marks
    // aside), the interface words and the document's formatted values.
    const sources = [
      labelsTemplate("ko"),
      ...(await Promise.all(
        ["site.yaml", "announcements/series-a.ko.md"].map((f) => readFile(join(dir, f), "utf8")),
      )),
    ];
    const known = new Set(
      `${JSON.stringify(documents.ko)} ${sources.join(" ").replace(/\*/g, "")}`
        .split(/[\s"\\]+|\\n/)
        .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))
        .filter((w) => /\p{Script=Hangul}/u.test(w)),
    );
    const text = await textOf(kits.ko.file);
    const tokens = text
      .split(/\s+/)
      .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))
      .filter((w) => /\p{Script=Hangul}/u.test(w));
    expect(tokens.length).toBeGreaterThan(100);
    expect(tokens.filter((t) => !known.has(t))).toEqual([]);
    // The body's long paragraphs did break over several lines.
    const lines = text.split("\n").filter((l) => /\p{Script=Hangul}/u.test(l));
    expect(lines.filter((l) => l.length > 30).length).toBeGreaterThan(4);
  });

  it.each(["ja", "zh-TW", "zh-HK", "zh-CN", "ko"] as const)(
    "#11: no line of the %s press kit starts with closing punctuation or a small kana",
    async (locale) => {
      const text = await textOf(kits[locale].file, "-layout");
      const starts = text
        .split("\n")
        .map((l) => l.trimStart())
        .filter((l) => l !== "")
        .map((l) => [...l][0] ?? "");
      expect(starts.length).toBeGreaterThan(20);
      expect(starts.filter((c) => noLineStart.has(c))).toEqual([]);
    },
  );
});

describe("#11: rendering", () => {
  it("#11: two renders of the same content are byte-identical", async () => {
    for (const locale of ["ja", "ar"] as const) {
      const again = await renderPressKit(documents[locale], { contentDir: dir });
      expect(Buffer.from(again.bytes).equals(Buffer.from(kits[locale].bytes))).toBe(true);
    }
  });

  it("#11: the pages look the same with no system fonts at all (every face is embedded and valid)", async () => {
    // A fontconfig whose only font folder is empty: poppler can substitute nothing.
    const empty = join(out, "no-fonts");
    await mkdir(empty, { recursive: true });
    const config = join(out, "fonts.conf");
    await writeFile(
      config,
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${empty}</dir><cachedir>${join(out, "cache")}</cachedir></fontconfig>\n`,
    );
    const artifacts = fileURLToPath(new URL("../../../test-artifacts/pdf/", import.meta.url));
    await mkdir(artifacts, { recursive: true });
    for (const locale of ["ja", "ko", "ar", "zh-TW"] as const) {
      const bare = join(out, `bare-${locale}`);
      const normal = join(out, `normal-${locale}`);
      const { stderr } = await run(
        "pdftoppm",
        ["-png", "-r", "60", "-f", "1", "-l", "2", kits[locale].file, bare],
        { env: { ...process.env, FONTCONFIG_FILE: config } },
      );
      expect(stderr).toBe("");
      await run("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "2", kits[locale].file, normal]);
      for (const page of [1, 2]) {
        const a = await readFile(`${bare}-${page}.png`);
        const b = await readFile(`${normal}-${page}.png`);
        expect(a.equals(b), `${locale} page ${page}`).toBe(true);
        await writeFile(join(artifacts, `presskit-${locale}-${page}.png`), a);
      }
    }
  });

  it("#11: what the new faces cost: size and time of each press kit", () => {
    const report = LOCALES.map(
      (l) => `${l}: ${(kits[l].bytes.length / 1024).toFixed(0)} KB, ${kits[l].ms.toFixed(0)} ms`,
    );
    console.log(`press kits of the languages content:\n${report.join("\n")}`);
    // A subset per face keeps every press kit small, even with six faces embedded.
    for (const l of LOCALES) expect(kits[l].bytes.length).toBeLessThan(400_000);
  });
});
