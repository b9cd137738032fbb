import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AnnouncementDocument } from "@herald/model";
import { sampleContentDir } from "@herald/model";
import { richContentDir, worldContentDir } from "@herald/model/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPressKit } from "../src/index.js";
import {
  contentWith,
  documentIn,
  EMBARGO_UTC,
  embargoLine,
  NEWEST_UTC,
  updateLines,
  updateTexts,
  writeEmbargoContent,
} from "./fixtures/embargo.js";
import { annotationsOf, linesOf, rectsOf, run, squeeze, type Word, wordsOf } from "./read-back.js";

// Issue 14: an embargoed press kit says so at the top of its cover, carries the instant in its
// metadata and links to no address of the public site (there is none yet); updates and
// corrections are printed under the title, newest first, and date the PDF's modification.

const artifacts = fileURLToPath(new URL("../test-artifacts/i14/", import.meta.url));
const out = join(tmpdir(), `herald-pdf-14-${process.pid}`);
const dirs: string[] = [out];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface Kit {
  name: string;
  file: string;
  bytes: Uint8Array;
  warnings: string[];
  document: AnnouncementDocument;
}

async function kitOf(name: string, document: AnnouncementDocument, contentDir: string) {
  const kit = await renderPressKit(document, { contentDir });
  const file = join(out, `${name}.pdf`);
  await writeFile(file, kit.bytes);
  return { name, file, bytes: kit.bytes, warnings: kit.warnings, document };
}

const LOCALES = ["en", "zh-CN", "ar"] as const;
type Locale = (typeof LOCALES)[number];
const embargoed = {} as Record<Locale, Kit>;
let dirOf: Record<Locale, string>;

beforeAll(async () => {
  await mkdir(out, { recursive: true });
  const { sample, world } = await writeEmbargoContent();
  dirs.push(sample, world);
  dirOf = { en: sample, "zh-CN": sample, ar: world };
  for (const locale of LOCALES) {
    const dir = dirOf[locale];
    embargoed[locale] = await kitOf(
      `embargoed-${locale}`,
      await documentIn(dir, locale, true),
      dir,
    );
  }
  await rm(artifacts, { recursive: true, force: true });
  await mkdir(artifacts, { recursive: true });
  for (const kit of Object.values(embargoed)) {
    await run("pdftoppm", [
      "-png",
      "-r",
      "60",
      "-f",
      "1",
      "-l",
      "2",
      kit.file,
      join(artifacts, kit.name),
    ]);
  }
});

const pageText = async (file: string, page: number) =>
  (await run("pdftotext", ["-f", String(page), "-l", String(page), "-enc", "UTF-8", file, "-"]))
    .stdout;
const allText = async (file: string) =>
  (await run("pdftotext", ["-enc", "UTF-8", file, "-"])).stdout;

/**
 * Text as it can be compared: without bidi controls (poppler wraps right-to-left runs in
 * U+202B … U+202C) and, right to left, without punctuation or spaces between words, which
 * poppler puts where a line's runs are seen rather than where they are written.
 */
const plain = (text: string, locale: string) => {
  const bare = text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
  return locale === "ar" ? bare.replace(/[\p{P}\p{S}]/gu, " ").replace(/\s+/g, " ") : squeeze(bare);
};
const ARABIC_WORD = /^[\p{Script=Arabic}\p{M}]+$/u;
/** Where `phrase` is in `text` (both `plain`): right to left, where its longest Arabic run is. */
function indexIn(text: string, phrase: string, locale: string): number {
  if (locale !== "ar") return text.indexOf(plain(phrase, locale));
  const runs: string[][] = [[]];
  for (const word of plain(phrase, locale).split(" ")) {
    if (ARABIC_WORD.test(word)) runs.at(-1)?.push(word);
    else if (runs.at(-1)?.length) runs.push([]);
  }
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a));
  return longest.length ? text.indexOf(longest.join(" ")) : -1;
}

/** The words of page `page` (from 0) that make up `phrase`, found in reading order. */
function wordsFor(words: readonly Word[], page: number, phrase: string): Word[] {
  const target = squeeze(phrase);
  const onPage = words.filter((w) => w.page === page);
  for (let i = 0; i < onPage.length; i++) {
    let text = "";
    for (let j = i; j < onPage.length && text.length < target.length; j++) {
      text += squeeze((onPage[j] as Word).text);
      if (text === target) return onPage.slice(i, j + 1);
      if (!target.startsWith(text)) break;
    }
  }
  return [];
}

describe("#14: the embargo notice", () => {
  it("#14: page 1 of an embargoed press kit starts with the notice, in the document's language, above the title", async () => {
    for (const locale of LOCALES) {
      const kit = embargoed[locale];
      const notice = kit.document.embargo;
      expect(notice, locale).toBeDefined();
      const text = plain(await pageText(kit.file, 1), locale);
      const at = indexIn(text, notice?.text ?? "?", locale);
      // Read first: before the company's name, the title and everything else.
      expect(at, `${locale}: "${notice?.text}" first on page 1: ${text}`).toBe(0);
      expect(indexIn(text, notice?.note ?? "?", locale), `${locale}: the note`).toBeGreaterThan(at);
      expect(indexIn(text, kit.document.title, locale)).toBeGreaterThan(
        indexIn(text, notice?.note ?? "?", locale),
      );
      // No character is missing (the narrow space in "9:00 AM" included).
      expect(
        kit.warnings.filter((w) => w.includes("no embedded font")),
        locale,
      ).toEqual([]);
    }
    // Every word of the notice, as written, in the English and Chinese text.
    for (const locale of ["en", "zh-CN"] as const) {
      const text = (await pageText(embargoed[locale].file, 1)).replace(/\s+/g, " ");
      expect(text).toContain(embargoed[locale].document.embargo?.text.replace(/\s+/g, " "));
    }
  });

  it("#14: the notice is a box at the top of the cover, above the title, starting on the reading side", async () => {
    for (const locale of LOCALES) {
      const kit = embargoed[locale];
      const { words, pages } = await wordsOf(kit.file);
      const height = (pages[0] as { height: number }).height;
      // The box: the topmost wide filled rectangle inside the margins (the head's tint is
      // the page's whole width).
      const [frame] = (await rectsOf(kit.bytes))
        .filter((r) => r.page === 0 && r.width > 300 && r.x > 10 && r.height > 20)
        .sort((a, b) => b.y - a.y);
      expect(frame, locale).toBeDefined();
      const box = frame as NonNullable<typeof frame>;
      const boxTop = height - (box.y + box.height);
      const boxBottom = height - box.y;
      const lines = linesOf(words.filter((w) => w.page === 0));
      const inside = lines.filter(
        (l) => (l[0] as Word).yMin > boxTop && (l[0] as Word).yMax < boxBottom,
      );
      // The notice's two lines, and nothing above them.
      expect(inside.length, `${locale}: lines in the box`).toBeGreaterThanOrEqual(2);
      expect(lines[0], locale).toBe(inside[0]);
      // Everything else (the company, the title) below it.
      for (const line of lines.filter((l) => !inside.includes(l)))
        expect(
          (line[0] as Word).yMin,
          `${locale}: ${line.map((w) => w.text).join(" ")}`,
        ).toBeGreaterThan(boxBottom);
      // Right to left the lines end at the box's right; left to right they start at its left.
      for (const line of inside) {
        if (locale === "ar")
          expect(box.x + box.width - Math.max(...line.map((w) => w.xMax)), locale).toBeLessThan(16);
        else expect(Math.min(...line.map((w) => w.xMin)) - box.x, locale).toBeLessThan(16);
      }
    }
  });

  it("#14: every later page says it is under embargo too, at its foot (a page printed alone keeps the notice)", async () => {
    for (const locale of LOCALES) {
      const kit = embargoed[locale];
      const notice = kit.document.embargo?.text ?? "?";
      const { stdout } = await run("pdfinfo", [kit.file]);
      const pages = Number(stdout.match(/^Pages: +(\d+)/m)?.[1]);
      expect(pages, locale).toBeGreaterThan(2);
      const { words, pages: sizes } = await wordsOf(kit.file);
      for (let page = 2; page <= pages; page++) {
        const text = plain(await pageText(kit.file, page), locale);
        expect(indexIn(text, notice, locale), `${locale}: page ${page}`).toBeGreaterThanOrEqual(0);
        // Below the text area, above the page number.
        const height = sizes[page - 1]?.height ?? 0;
        const foot = words.filter((w) => w.page === page - 1 && w.yMin > height - 72);
        expect(foot.length, `${locale}: page ${page}`).toBeGreaterThan(3);
      }
    }
  });

  it("#14: the metadata carries the UTC instant (Info /Embargo) and the Subject begins with the notice", async () => {
    for (const locale of LOCALES) {
      const kit = embargoed[locale];
      const { stdout } = await run("pdfinfo", ["-custom", "-enc", "UTF-8", kit.file]);
      expect(stdout, locale).toMatch(new RegExp(`^Embargo: +${EMBARGO_UTC}$`, "m"));
      const subject = stdout.match(/^Subject: +(.*)$/m)?.[1] ?? "";
      // First, however the language marks it off ("【禁发至 …】" in Chinese).
      expect(
        squeeze(subject).indexOf(squeeze(kit.document.embargo?.text ?? "?")),
        subject,
      ).toBeLessThan(2);
      expect(
        squeeze(subject).indexOf(squeeze(kit.document.embargo?.text ?? "?")),
        subject,
      ).toBeGreaterThanOrEqual(0);
      expect(squeeze(subject)).toContain(squeeze(kit.document.summary));
      // The instant is in every metadata the PDF has: the Info dictionary and the XMP packet
      // (#16), whose description begins with the notice too.
      const json = JSON.parse(
        (await run("qpdf", ["--json=2", "--json-key=qpdf", kit.file], { maxBuffer: 1 << 26 }))
          .stdout,
      );
      const trailer = json.qpdf[1].trailer.value;
      const info = json.qpdf[1][`obj:${trailer["/Info"]}`].value;
      expect(info["/Embargo"]).toBe(`u:${EMBARGO_UTC}`);
      const xmp = (await run("pdfinfo", ["-meta", kit.file])).stdout;
      expect(xmp, `${locale}: the XMP packet`).toContain(
        `<pdfx:Embargo>${EMBARGO_UTC}</pdfx:Embargo>`,
      );
      const description = (/<dc:description>.*?x-default">([^<]*)</s.exec(xmp)?.[1] ?? "").replace(
        /&#(\d+);/g,
        (_, n) => String.fromCharCode(Number(n)),
      );
      expect(squeeze(description).startsWith(squeeze(subject)), locale).toBe(true);
    }
  });

  it("#14: an embargoed press kit links to no address of the public site, but keeps other sites and the press contact", async () => {
    for (const locale of LOCALES) {
      const kit = embargoed[locale];
      const d = kit.document;
      const site = new URL(d.page.url).origin;
      const annotations = await annotationsOf(kit.bytes);
      const uris = annotations.flatMap((a) => (a.uri ? [a.uri] : []));
      expect(
        uris.filter((u) => u.startsWith(site)),
        locale,
      ).toEqual([]);
      expect(uris, locale).toContain(d.company.pressContact.mailto);
      expect(
        uris.some((u) => !u.startsWith("mailto:")),
        `${locale}: links to other sites`,
      ).toBe(true);
      const text = await allText(kit.file);
      expect(text.includes(new URL(site).host), `${locale}: ${site} printed`).toBe(false);
      // No QR code: no grid of small dark squares on the cover.
      const squares = (await rectsOf(kit.bytes)).filter(
        (r) => r.page === 0 && r.width < 4 && Math.abs(r.height - r.width) < 0.01,
      );
      expect(squares.length, `${locale}: QR modules`).toBeLessThan(10);
    }
  });

  it("#14: under embargo a link to one of the site's own files keeps its words, without a link or a note", async () => {
    const dir = await contentWith(richContentDir, embargoLine);
    dirs.push(dir);
    const kit = await kitOf("embargoed-rich-en", await documentIn(dir, "en", true), dir);
    const site = new URL(kit.document.page.url).origin;
    const uris = (await annotationsOf(kit.bytes)).flatMap((a) => (a.uri ? [a.uri] : []));
    expect(uris.filter((u) => u.startsWith(site))).toEqual([]);
    // Other sites stay linked: the standard in the footnote.
    expect(uris).toContain("https://www.iso.org/standard/73933.html");
    const text = squeeze(await allText(kit.file));
    expect(text).toContain(squeeze("The full story is in our investor deck."));
    expect(text).not.toContain(new URL(site).host);
    // Published, the same words link to the file and are numbered.
    const published = await kitOf("published-rich-en", await documentIn(dir, "en", false), dir);
    const linked = (await annotationsOf(published.bytes)).flatMap((a) => (a.uri ? [a.uri] : []));
    expect(linked.some((u) => u.startsWith(site) && u.includes("deck.pdf"))).toBe(true);
    expect(squeeze(await allText(published.file))).toMatch(/ourinvestordeck\[\d+\]/);
  });

  it("#14: a crowded embargoed cover stays one page, with the notice first and the updates after it", async () => {
    const d = embargoed.en.document;
    const repeat = (text: string, length: number) => {
      let out = text;
      while (out.length < length) out = `${out} ${text}`;
      return out.slice(0, length).trim();
    };
    const crowded = {
      ...d,
      title: repeat(d.title, 500),
      summary: repeat(d.summary, 640),
      figures: [...d.figures, ...d.figures, ...d.figures],
    };
    const kit = await kitOf("crowded-embargoed-en", crowded, dirOf.en);
    await run("pdftoppm", [
      "-png",
      "-r",
      "60",
      "-f",
      "1",
      "-l",
      "2",
      kit.file,
      join(artifacts, kit.name),
    ]);
    const one = squeeze(await pageText(kit.file, 1));
    expect(one.indexOf(squeeze(d.embargo?.text ?? "?"))).toBe(0);
    expect(one).toContain(squeeze(d.company.pressContact.email));
    expect(squeeze(await pageText(kit.file, 2))).not.toContain(
      squeeze(d.company.pressContact.email),
    );
    // The whole title, then the updates, then the whole summary: after the cover.
    const all = squeeze(await allText(kit.file));
    const after = all.slice(all.indexOf(squeeze(d.company.pressContact.email)));
    const at = [
      crowded.title,
      d.updates[0]?.heading ?? "?",
      d.updates[1]?.heading ?? "?",
      crowded.summary,
    ].map((piece) => after.indexOf(squeeze(piece)));
    expect(
      at.every((i) => i > 0),
      at.join(", "),
    ).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    // Every word of page 1 inside the margins.
    const { words, pages } = await wordsOf(kit.file);
    for (const w of words.filter((x) => x.page === 0)) {
      expect(w.xMin, w.text).toBeGreaterThanOrEqual(63);
      expect(w.xMax, w.text).toBeLessThanOrEqual((pages[0]?.width ?? 0) - 63);
    }
  });

  it("#14: once the embargo has lifted, the press kit is byte-identical to one whose content never had it", async () => {
    for (const [from, locale] of [
      [sampleContentDir, "en"],
      [worldContentDir, "ar"],
    ] as const) {
      const withEmbargo = await contentWith(from, embargoLine);
      dirs.push(withEmbargo);
      const lifted = await documentIn(withEmbargo, locale, false);
      expect(lifted.embargo).toBeUndefined();
      const plain = await documentIn(from, locale, false);
      const a = await renderPressKit(lifted, { contentDir: withEmbargo });
      const b = await renderPressKit(plain, { contentDir: from });
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes)), locale).toBe(true);
    }
  });
});

describe("#14: updates", () => {
  it("#14: updates are printed under the title on page 1, newest first, each with its heading and text", async () => {
    for (const locale of LOCALES) {
      const kit = embargoed[locale];
      const d = kit.document;
      expect(d.updates.map((u) => u.kind)).toEqual(["update", "correction"]);
      const text = plain(await pageText(kit.file, 1), locale);
      const title = indexIn(text, d.title, locale);
      const summary = indexIn(text, d.summary, locale);
      const [newer, older] = d.updates;
      const [newerText, olderText] = updateTexts(locale);
      const at = [
        indexIn(text, newer?.heading ?? "?", locale),
        indexIn(text, newerText ?? "?", locale),
        indexIn(text, older?.heading ?? "?", locale),
        indexIn(text, olderText ?? "?", locale),
      ];
      if (locale !== "ar") {
        // Whole, but for the link's note number ("details[1]"): up to the link's text.
        at[1] = indexIn(text, (newerText ?? "").split(/[(（]/)[0] ?? "?", locale);
        at[3] = indexIn(text, (olderText ?? "").split("Greylock")[0] ?? "?", locale);
      }
      for (const i of at)
        expect(i, `${locale}: ${at.join(", ")} in ${text}`).toBeGreaterThan(title);
      expect(
        [...at].sort((x, y) => x - y),
        locale,
      ).toEqual(at);
      expect(at.at(-1), locale).toBeLessThan(summary);
    }
  });

  it("#14: an update's text keeps its bold, struck-through words and links with their notes", async () => {
    const kit = embargoed.en;
    const text = squeeze(await allText(kit.file));
    // The link's text, then its raised number; the address in the list of links at the end.
    expect(text).toMatch(/GreylockPartners\[\d+\]/);
    const uris = (await annotationsOf(kit.bytes)).filter((a) => a.page === 0).map((a) => a.uri);
    expect(uris).toContain("https://greylock.com/");
    expect(uris).toContain("https://www.docker.com/company/");
    // "$50 million" struck through: a thin rule across its words.
    const { words } = await wordsOf(kit.file);
    const struck = wordsFor(words, 0, "$50");
    expect(struck.length).toBe(1);
    const height = 841.89;
    const rules = (await rectsOf(kit.bytes)).filter(
      (r) =>
        r.page === 0 &&
        r.height < 1 &&
        Math.abs(r.x - (struck[0] as Word).xMin) < 2 &&
        height - r.y < (struck[0] as Word).yMax &&
        height - r.y > (struck[0] as Word).yMin,
    );
    expect(rules.length).toBe(1);
    // Bold: the corrected amount is set in the bold face.
    const { stdout } = await run("pdftotext", [
      "-f",
      "1",
      "-l",
      "1",
      "-bbox-layout",
      kit.file,
      "-",
    ]);
    expect(stdout).toContain("15");
    const fonts = (await run("pdffonts", ["-f", "1", "-l", "1", kit.file])).stdout;
    expect(fonts).toMatch(/Bold/);
  });

  it("#14: the PDF's modification date is the newest update's UTC instant, and the publication date without updates", async () => {
    for (const locale of LOCALES) {
      const { stdout } = await run("pdfinfo", ["-isodates", embargoed[locale].file]);
      expect(stdout, locale).toMatch(new RegExp(`^ModDate: +${NEWEST_UTC}$`, "m"));
      expect(stdout, locale).toMatch(/^CreationDate: +\d{4}-\d\d-\d\dT00:00:00Z$/m);
    }
    const plain = await kitOf(
      "published-en",
      await documentIn(sampleContentDir, "en", false),
      sampleContentDir,
    );
    const { stdout } = await run("pdfinfo", ["-isodates", plain.file]);
    expect(stdout).toMatch(/^ModDate: +2014-01-22T00:00:00Z$/m);
    expect(stdout).not.toMatch(/^Embargo/m);
  });

  it("#14: updates too long for the cover follow it, and the cover keeps its title, summary and figures", async () => {
    const long =
      " The company also wishes to clarify the terms of the round in more detail.".repeat(30);
    const dir = await contentWith(sampleContentDir, (locale) => updateLines(locale, long));
    dirs.push(dir);
    const kit = await kitOf("long-updates-en", await documentIn(dir, "en", false), dir);
    await run("pdftoppm", [
      "-png",
      "-r",
      "60",
      "-f",
      "1",
      "-l",
      "2",
      kit.file,
      join(artifacts, kit.name),
    ]);
    const d = kit.document;
    const one = squeeze(await pageText(kit.file, 1));
    const all = squeeze(await allText(kit.file));
    // The cover is whole: title, summary, the first headline figure and the press contact.
    for (const piece of [d.title, d.summary, d.headline?.text ?? "?", d.company.pressContact.email])
      expect(one).toContain(squeeze(piece));
    // Then the updates, newest first, as what the cover cut would be: before the fact sheet.
    const contact = all.indexOf(squeeze(d.company.pressContact.email));
    const first = all.indexOf(squeeze(d.updates[0]?.heading ?? "?"));
    const second = all.indexOf(squeeze(d.updates[1]?.heading ?? "?"));
    expect(first).toBeGreaterThan(contact);
    expect(second).toBeGreaterThan(first);
    expect(all.indexOf(squeeze(d.words.factSheet))).toBeGreaterThan(second);
    expect(all.slice(first)).toContain(squeeze(long.trim()).slice(0, 200));
  });
});
