import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  type AnnouncementDocument,
  announcementDocument,
  ContentChangedError,
  loadContent,
  sampleContentDir,
} from "@herald/model";
import { richContentDir } from "@herald/model/testing";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { renderPressKit } from "../src/index.js";
import { rectsOf } from "./read-back.js";

// Issue #10: the press kit lays out the announcement document of the rich test content (every
// kind of node the model resolves), read back with poppler and pdf-lib.

const run = promisify(execFile);
const rich = richContentDir;
const dirs: string[] = [];
/** Where the press kits of the unchanged fixture are written. */
const out = await mkdtemp(join(tmpdir(), "herald-pdf-rich-out-"));
dirs.push(out);
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A copy of the rich content, with files edited: path → (text → new text). */
async function richCopy(edits: Record<string, (text: string) => string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "herald-pdf-rich-"));
  dirs.push(dir);
  await cp(rich, dir, { recursive: true });
  for (const [path, edit] of Object.entries(edits)) {
    await writeFile(join(dir, path), edit(await readFile(join(dir, path), "utf8")));
  }
  return dir;
}

/** The announcement document of one locale of the content in `dir`. */
async function documentOf(dir: string, locale: string) {
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  const a = loaded.content.announcements.find((x) => x.locale === locale);
  if (!a) throw new Error(`no ${locale} announcement`);
  return { content: loaded.content, document: announcementDocument(loaded.content, a) };
}

let written = 0;

interface Kit {
  file: string;
  bytes: Uint8Array;
  warnings: string[];
  document: AnnouncementDocument;
}

/** Renders the press kit of `locale` (after `change`, if given) and writes it to a file. */
async function kitOf(
  dir: string,
  locale: string,
  change?: (document: AnnouncementDocument) => void,
): Promise<Kit> {
  const { content, document } = await documentOf(dir, locale);
  change?.(document);
  const kit = await renderPressKit(document, { contentDir: content.dir });
  written += 1;
  const file = join(out, `kit-${locale}-${written}.pdf`);
  await writeFile(file, kit.bytes);
  return { file, bytes: kit.bytes, warnings: kit.warnings, document };
}

interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/**
 * Every line of every page, with its words and their boxes: poppler's lines, joined where they
 * sit side by side (table cells, a label and its value, a raised footnote mark).
 */
async function linesOf(file: string): Promise<Word[][]> {
  const { stdout } = await run("pdftotext", ["-enc", "UTF-8", "-bbox-layout", file, "-"]);
  const found: Word[][] = [];
  const pages = stdout.split(/<page /).slice(1);
  pages.forEach((page, index) => {
    for (const line of page.split(/<line /).slice(1)) {
      const words = [
        ...line.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ].map((m) => ({
        page: index,
        text: (m[5] ?? "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"),
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
      }));
      if (words.length) found.push(words);
    }
  });
  const box = (line: Word[]) => ({
    page: (line[0] as Word).page,
    yMin: Math.min(...line.map((w) => w.yMin)),
    yMax: Math.max(...line.map((w) => w.yMax)),
  });
  const rows: Word[][] = [];
  for (const line of found) {
    const b = box(line);
    const row = rows.find((r) => {
      const o = box(r);
      const overlap = Math.min(o.yMax, b.yMax) - Math.max(o.yMin, b.yMin);
      return o.page === b.page && overlap > 0.5 * Math.min(o.yMax - o.yMin, b.yMax - b.yMin);
    });
    if (row) row.push(...line);
    else rows.push([...line]);
  }
  for (const row of rows) row.sort((a, b) => a.xMin - b.xMin);
  return rows.sort((a, b) => box(a).page - box(b).page || box(a).yMin - box(b).yMin);
}

const lineText = (line: Word[]) => line.map((w) => w.text).join(" ");

/** The line whose text includes `text`. */
function lineWith(lines: Word[][], text: string): Word[] {
  const line = lines.find((l) => lineText(l).includes(text));
  if (!line) throw new Error(`no line with "${text}" in:\n${lines.map(lineText).join("\n")}`);
  return line;
}

/** The page height of A4, to turn poppler's top-down boxes into PDF coordinates. */
const A4_HEIGHT = 841.89;

/** The thin rules drawn through the middle of a line of text (strike lines). */
async function strikesThrough(kit: Kit, line: Word[]): Promise<Rect[]> {
  const first = line[0] as Word;
  const top = A4_HEIGHT - first.yMin;
  const bottom = A4_HEIGHT - first.yMax;
  return (await rectsOf(kit.bytes)).filter(
    (r) =>
      r.page === first.page &&
      r.height < 1.2 &&
      r.y > bottom + (top - bottom) * 0.3 &&
      r.y < bottom + (top - bottom) * 0.75,
  );
}

/** Asserts that a strike line runs through exactly `words` (of one line), from end to end. */
async function expectStruck(kit: Kit, words: Word[]): Promise<void> {
  const first = words[0] as Word;
  const last = words[words.length - 1] as Word;
  const strikes = await strikesThrough(kit, words);
  expect(
    strikes.some((r) => Math.abs(r.x - first.xMin) < 1 && Math.abs(r.x + r.width - last.xMax) < 1),
    `a strike from ${first.xMin} to ${last.xMax} among ${JSON.stringify(strikes)}`,
  ).toBe(true);
}

/** Every URI a link annotation of the PDF opens. */
async function urisOf(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const uris: string[] = [];
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const action = annots?.lookup(i, PDFDict).lookupMaybe(PDFName.of("A"), PDFDict);
      const uri = action?.lookupMaybe(PDFName.of("URI"), PDFString);
      if (uri) uris.push(uri.decodeText());
    }
  }
  return uris;
}

const textOf = async (file: string) =>
  (await run("pdftotext", ["-enc", "UTF-8", file, "-"])).stdout;

describe("the rich content's press kit", () => {
  it("#10: draws a line through struck-through text, which stays readable", async () => {
    const kit = await kitOf(rich, "en");
    const line = lineWith(await linesOf(kit.file), "Certification under ISO 10218:2011");
    const at = line.findIndex((w) => w.text === "10218:2011");
    await expectStruck(kit, line.slice(at - 1, at + 1));
    // Nothing else on the line is struck.
    const strikes = await strikesThrough(kit, line);
    expect(strikes).toHaveLength(1);
    for (const word of [...line.slice(0, at - 1), ...line.slice(at + 1)]) {
      expect(strikes.some((r) => r.x + r.width > word.xMin + 0.5 && r.x < word.xMax - 0.5)).toBe(
        false,
      );
    }
  });

  it("#10: strikes through text in table cells and in notes too", async () => {
    const dir = await richCopy({
      "announcements/series-a.en.md": (text) =>
        `${text}\n| Part | Status |\n| --- | --- |\n| Gripper | ~~Prototype~~ Shipping |\n\n[^late]: Delivery was ~~late~~ on time.\n\nSee the note.[^late]\n`,
    });
    const kit = await kitOf(dir, "en");
    const lines = await linesOf(kit.file);
    const cell = lineWith(lines, "Prototype Shipping");
    await expectStruck(
      kit,
      cell.filter((w) => w.text === "Prototype"),
    );
    const note = lineWith(lines, "Delivery was late on time.");
    await expectStruck(
      kit,
      note.filter((w) => w.text === "late"),
    );
  });

  it("#10: joins soft line breaks into one line where it fits (English and Chinese)", async () => {
    const en = await linesOf((await kitOf(rich, "en")).file);
    expect(lineText(lineWith(en, "Acme Robotics builds robots"))).toContain(
      "builds robots that work safely",
    );
    expect(lineText(lineWith(en, "builds collaborative robots"))).toContain(
      "collaborative robots for small factories",
    );
    const zh = await linesOf((await kitOf(rich, "zh-CN")).file);
    expect(lineText(lineWith(zh, "制造能与人"))).toContain("制造能与人安全协作的机器人");
    expect(lineText(lineWith(zh, "为小型工厂制造"))).toContain("为小型工厂制造协作机器人");
  });

  it("#10: a line feed inside a text node is a space; only a hard break starts a line", async () => {
    const kit = await kitOf(rich, "en", (document) => {
      document.body.blocks.unshift({
        type: "paragraph",
        children: [
          { type: "text", value: "Alpha\nbeta" },
          { type: "break" },
          { type: "text", value: "gamma" },
        ],
      });
    });
    const lines = (await linesOf(kit.file)).map(lineText);
    expect(lines).toContain("Alpha beta");
    expect(lines).toContain("gamma");
  });

  it("#10: lays table columns out by their alignment", async () => {
    const kit = await kitOf(rich, "en");
    const lines = await linesOf(kit.file);
    const header = lineWith(lines, "Year Robots");
    const rows = [lineWith(lines, "2023 400"), lineWith(lines, "2024 1,200")];
    const right = [header, ...rows].map((l) => (l[l.length - 1] as Word).xMax);
    const left = [header, ...rows].map((l) => (l[0] as Word).xMin);
    // The right column ends at the table's right edge (its rules'), less the cell's padding.
    const row = rows[0]?.[0] as Word;
    const rule = (await rectsOf(kit.bytes)).find(
      (r) =>
        r.page === row.page &&
        r.height < 1 &&
        r.width > 50 &&
        A4_HEIGHT - r.y > row.yMax &&
        A4_HEIGHT - r.y < row.yMax + 10,
    ) as Rect;
    expect(rule).toBeDefined();
    for (const x of right) expect(x).toBeCloseTo(rule.x + rule.width - 4, 0);
    for (const x of left) expect(x).toBeCloseTo(rule.x + 4, 0);
    expect(rule.x).toBeCloseTo(64, 1);
  });

  it("#10: centres centred columns and gives the room to the column that needs it", async () => {
    const long =
      "A much longer description that needs most of the width of the table to stay on few lines";
    const dir = await richCopy({
      "announcements/series-a.en.md": (text) =>
        `${text}\n| Id | Grade | Notes |\n| --- | :---: | --- |\n| 1 | A | Short |\n| 2 | AAAAAA | ${long} |\n`,
    });
    const lines = await linesOf((await kitOf(dir, "en")).file);
    const a = lineWith(lines, "1 A Short")[1] as Word;
    const aaaaaa = lineWith(lines, "2 AAAAAA")[1] as Word;
    expect((a.xMin + a.xMax) / 2).toBeCloseTo((aaaaaa.xMin + aaaaaa.xMax) / 2, 0);
    // Equal columns would give the notes a third of the width: they start well left of that.
    const notes = lineWith(lines, "2 AAAAAA")[2] as Word;
    expect(notes.xMin).toBeLessThan(64 + (595.28 - 128) / 3);
  });

  it("#10: credits a quote with the person's role and organization", async () => {
    const en = await textOf((await kitOf(rich, "en")).file);
    expect(en).toContain("— Pieter van der Berg, Chief Technology Officer, Acme Robotics");
    const zh = await kitOf(rich, "zh-CN");
    expect(await textOf(zh.file)).toContain(zh.document.quotes[0]?.credit);
  });

  it("#10: names a board member with their role and organization", async () => {
    const lines = await linesOf((await kitOf(rich, "en")).file);
    expect(lineText(lineWith(lines, "Mara Jensen"))).toContain(
      "Mara Jensen (Partner, Northwind Capital)",
    );
  });

  it("#10: captions a figure with its title only, never with its alt text", async () => {
    const dir = await richCopy({
      "announcements/series-a.en.md": (text) =>
        text.replace(' "The assembly line in Eindhoven"', ""),
    });
    const kit = await kitOf(dir, "en");
    const text = await textOf(kit.file);
    expect(text).not.toContain("Robot arm on the assembly line");
    expect(text).not.toContain("The assembly line in Eindhoven");
    const captioned = await textOf((await kitOf(rich, "en")).file);
    expect(captioned).toContain("The assembly line in Eindhoven");
    expect(captioned).not.toContain("Robot arm on the assembly line");
  });

  it("#10: names a remote image by the document's label, with its caption and address", async () => {
    const dir = await richCopy({
      "announcements/series-a.en.md": (text) =>
        text
          .replace("![Press photo](https", "![](https")
          .replace(' "Photo by the press office"', ""),
    });
    const text = await textOf((await kitOf(dir, "en")).file);
    expect(text).toContain("Image: images.example.org");
    expect(text).toContain("https://images.example.org/press/photo.jpg");
    const captioned = await textOf((await kitOf(rich, "en")).file);
    expect(captioned).toContain("Image: Press photo");
    expect(captioned).toContain("Photo by the press office");
  });

  it("#10: links a local file at its public address, with its #fragment", async () => {
    const en = await urisOf((await kitOf(rich, "en")).bytes);
    expect(en).toContain("https://news.acme.example/assets/deck.pdf#page=2");
    // The About text's link, and the inline image's.
    expect(en).toContain("https://news.acme.example/assets/deck.pdf");
    expect(en).toContain("https://news.acme.example/assets/icon.png");
    expect(en.filter((u) => !/^(https:|mailto:)/.test(u))).toEqual([]);
    const zh = await urisOf((await kitOf(rich, "zh-CN")).bytes);
    expect(zh).toContain("https://news.acme.example/assets/deck.pdf");
  });

  it("#10: numbers a note of the About text after the body's, and prints it", async () => {
    const dir = await richCopy({
      "site.yaml": (text) =>
        text.replace(
          "See the [company deck](assets/deck.pdf).",
          "See the [company deck](assets/deck.pdf).[^eu]\n\n    [^eu]: Founded in the Netherlands.",
        ),
    });
    const kit = await kitOf(dir, "en");
    expect(kit.document.company.about.notes.map((n) => n.number)).toEqual([2]);
    const lines = (await linesOf(kit.file)).map(lineText);
    // #13: the link's number after its text, and no back-arrow after a note (its number links back).
    expect(lines.some((l) => /company deck\s?\[\d+\]\s?\.\s?2$/.test(l))).toBe(true);
    expect(lines).toContain("2. Founded in the Netherlands.");
    expect(
      lines.some((l) => /^1\. Certified under ISO 10218, see the standard\s?\[\d+\]\s?\.$/.test(l)),
    ).toBe(true);
  });

  it("#10: puts the author on the cover and in the metadata, and the round in the keywords", async () => {
    const kit = await kitOf(rich, "en");
    const { stdout } = await run("pdfinfo", [kit.file]);
    expect(stdout).toContain("Author:          Pieter van der Berg");
    expect(stdout).toContain("Keywords:        Acme Robotics, Press kit, Series A");
    const cover = (await linesOf(kit.file)).filter((l) => l[0]?.page === 0).map(lineText);
    expect(cover).toContain(
      "March 4, 2025 · By Pieter van der Berg, Chief Technology Officer, Acme Robotics",
    );
  });

  it("#10: embeds the figure and the logo from the content folder, with no warnings", async () => {
    const kit = await kitOf(rich, "en");
    expect(kit.warnings).toEqual([]);
    const { stdout } = await run("pdfimages", ["-list", kit.file]);
    expect(stdout.trim().split("\n").slice(2)).toHaveLength(2);
  });

  it("#10: repeats a long table's header row on the next page", async () => {
    const rows = Array.from({ length: 70 }, (_, i) => `| Part ${i + 1} | ${i * 10} |`).join("\n");
    const dir = await richCopy({
      "announcements/series-a.en.md": (text) =>
        `${text}\n| Part | Units |\n| --- | ---: |\n${rows}\n`,
    });
    const lines = await linesOf((await kitOf(dir, "en")).file);
    const headers = lines.filter((l) => lineText(l) === "Part Units");
    expect(headers.length).toBeGreaterThanOrEqual(2);
    expect(new Set(headers.map((l) => l[0]?.page)).size).toBe(headers.length);
    // Every row is there once.
    for (let i = 1; i <= 70; i++) {
      expect(lines.filter((l) => lineText(l) === `Part ${i} ${(i - 1) * 10}`)).toHaveLength(1);
    }
  });

  it("#10: keeps a fact's address whole on a line of its own rather than cut", async () => {
    const lines = (await linesOf((await kitOf(rich, "en")).file)).map(lineText);
    expect(lines.some((l) => l.endsWith("https://northwind.example/team/mara"))).toBe(true);
  });

  it("#10: has every section of the document: use of funds, hires, ecosystem, source", async () => {
    const { content, document } = await documentOf(sampleContentDir, "en");
    const kit = await renderPressKit(document, { contentDir: content.dir });
    const file = join(out, "sample-sections.pdf");
    await writeFile(file, kit.bytes);
    const text = (await textOf(file)).replace(/\s+/g, " ");
    const { words } = document;
    const expected = [
      words.useOfFunds,
      ...document.useOfFunds.flatMap((u) => [u.title, u.summary ?? ""]),
      words.hires(document.hires.length),
      ...document.hires.flatMap((h) => [h.person.name, h.role, h.previously ?? ""]),
      words.ecosystem,
      ...document.ecosystem.flatMap((g) => [g.label, ...g.organizations.map((o) => o.name)]),
      document.source?.title ?? "",
      document.translatorNote ?? "",
    ];
    for (const phrase of expected) expect(text, phrase).toContain(phrase.replace(/\s+/g, " "));
    const uris = await urisOf(kit.bytes);
    expect(uris).toContain(document.source?.url);
    for (const o of document.ecosystem.flatMap((g) => g.organizations)) {
      if (o.url) expect(uris).toContain(new URL(o.url).href);
    }
  });

  it("#10: names the other languages on the cover, linked to their press kits", async () => {
    const kit = await kitOf(rich, "en");
    const other = kit.document.translations.find((t) => !t.current);
    expect(other?.locale).toBe("zh-CN");
    const cover = (await linesOf(kit.file)).filter((l) => l[0]?.page === 0).map(lineText);
    expect(cover).toContain(`Other languages: ${other?.language}`);
    expect(await urisOf(kit.bytes)).toContain(other?.pdf.url);
  });

  it("#10: a line feed in a quote or summary written as a YAML block is a space too", async () => {
    const dir = await richCopy({
      "announcements/series-a.en.md": (text) =>
        text
          .replace(
            "text: Our robots now work beside people on every shift.",
            "text: |\n      Our robots now work\n      beside people on every shift.",
          )
          .replace(
            /^summary: .*$/m,
            "summary: |\n  Acme Robotics has closed\n  a €4 million Series A.",
          ),
    });
    const kit = await kitOf(dir, "en");
    expect(kit.document.quotes[0]?.text).toContain("\n");
    const lines = (await linesOf(kit.file)).map(lineText);
    expect(lines).toContain("“Our robots now work beside people on every shift.”");
    expect(lines).toContain("Acme Robotics has closed a €4 million Series A.");
  });

  it("#10: stops, naming the file, when an image changed after the content was loaded", async () => {
    const dir = await richCopy();
    const { content, document } = await documentOf(dir, "en");
    await writeFile(join(dir, "assets/assembly-line.png"), "<html>not a picture</html>");
    const kit = renderPressKit(document, { contentDir: content.dir });
    await expect(kit).rejects.toBeInstanceOf(ContentChangedError);
    await expect(kit).rejects.toThrow(
      /^assets\/assembly-line\.png changed while Herald was building/,
    );
  });
});
