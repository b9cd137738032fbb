import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type AnnouncementDocument,
  announcementDocument,
  loadContent,
  sampleContentDir,
  textOf,
  walk,
} from "@herald/model";
import { worldContentDir } from "@herald/model/testing";
import type { Nodes } from "mdast";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPressKit } from "../src/index.js";
import { documentsOf, writeLanguagesContent } from "./fixtures/languages.js";
import { LONG_LABEL, LONG_URL, writePressKitContent } from "./fixtures/press-kit.js";
import {
  annotationsOf,
  fillOf,
  linesOf,
  rectsOf,
  run,
  squeeze,
  type Word,
  wordsOf,
} from "./read-back.js";

// Issue 13: the press kit as a designed document. Page one shows what a journalist needs
// first (logo, title, date, summary, headline figures as stat tiles, press contact, QR code
// and address); no page but the last ends half empty; the running header ends with "…"
// where it cuts the title; notes print no back-arrows; list markers line up; and every
// inline link's address is printed as a numbered note.

const artifacts = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const out = join(tmpdir(), `herald-pdf-13-${process.pid}`);
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

let count = 0;
async function kitOf(
  name: string,
  document: AnnouncementDocument,
  contentDir: string,
): Promise<Kit> {
  const kit = await renderPressKit(document, { contentDir });
  count += 1;
  const file = join(out, `${name}-${count}.pdf`);
  await writeFile(file, kit.bytes);
  return { name, file, bytes: kit.bytes, warnings: kit.warnings, document };
}

async function documentOf(dir: string, locale: string): Promise<AnnouncementDocument> {
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  const a = loaded.content.announcements.find((x) => x.locale === locale);
  if (!a) throw new Error(`no ${locale} announcement in ${dir}`);
  return announcementDocument(loaded.content, a);
}

let pressDir: string;
let languagesDir: string;
const kits: Record<"en" | "zh-CN" | "rich", Kit> = {} as never;

beforeAll(async () => {
  await mkdir(out, { recursive: true });
  pressDir = await writePressKitContent();
  languagesDir = await writeLanguagesContent();
  dirs.push(pressDir, languagesDir);
  kits.en = await kitOf("sample-en", await documentOf(sampleContentDir, "en"), sampleContentDir);
  kits["zh-CN"] = await kitOf(
    "sample-zh-CN",
    await documentOf(sampleContentDir, "zh-CN"),
    sampleContentDir,
  );
  kits.rich = await kitOf("rich-en", await documentOf(pressDir, "en"), pressDir);
});

const all = () => [kits.en, kits["zh-CN"], kits.rich];

const pageText = async (file: string, page: number) =>
  (await run("pdftotext", ["-f", String(page), "-l", String(page), "-enc", "UTF-8", file, "-"]))
    .stdout;

/** What the cover must show as text: every piece of the head, tiles and contact panel. */
function coverPieces(d: AnnouncementDocument): string[] {
  const c = d.company.pressContact;
  return [
    d.company.name,
    d.title,
    d.date.text,
    d.summary,
    ...(d.headline ? [d.headline.text, d.headline.label] : []),
    ...d.figures.flatMap((f) => [f.text, f.label, ...(f.note ? [f.note] : [])]),
    c.name,
    c.email,
    ...(c.phone ? [c.phone] : []),
    ...(d.company.postalAddress ?? []),
    d.page.url,
  ];
}

describe("#13: the cover", () => {
  it("#13: page 1 has the logo, title, date, summary, headline figures, press contact, QR code and address", async () => {
    for (const kit of all()) {
      const text = squeeze(await pageText(kit.file, 1));
      for (const piece of coverPieces(kit.document)) {
        expect(text, `${kit.name}: "${piece}" on page 1`).toContain(squeeze(piece));
      }
      // The logo, an SVG drawn to PNG at print resolution: at least 600 px high.
      const { stdout } = await run("pdfimages", ["-list", "-f", "1", "-l", "1", kit.file]);
      const images = stdout
        .trim()
        .split("\n")
        .slice(2)
        .map((row) => row.trim().split(/\s+/))
        .map((cols) => ({ width: Number(cols[3]), height: Number(cols[4]) }));
      expect(images.length, `${kit.name}: images on page 1`).toBeGreaterThanOrEqual(1);
      expect(Math.max(...images.map((i) => i.height))).toBeGreaterThanOrEqual(600);
      expect(kit.warnings.join("\n")).not.toContain("logo");
    }
  });

  it("#13: the QR code on page 1 encodes the web page's address, and links to it", async () => {
    for (const kit of all()) {
      const url = kit.document.page.url;
      // The square one: the address printed beside it links there too.
      const link = (await annotationsOf(kit.bytes)).find(
        ({ page, uri, rect: [x1, y1, x2, y2] }) =>
          page === 0 && uri === url && Math.abs(x2 - x1 - (y2 - y1)) < 0.5,
      );
      expect(link, `${kit.name}: a square link to ${url} on page 1`).toBeDefined();
      const [x1, y1, x2, y2] = link?.rect ?? [0, 0, 0, 0];
      expect(Math.abs(x2 - x1 - (y2 - y1))).toBeLessThan(0.5);
      // The dark modules drawn in the linked square are those of the QR code of the address.
      const rects = (await rectsOf(kit.bytes)).filter(
        (r) => r.page === 0 && r.x >= x1 - 0.01 && r.x + r.width <= x2 + 0.01 && r.y >= y1 - 0.01,
      );
      const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
      const n = qr.modules.size;
      const cell = (x2 - x1) / n;
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const cx = x1 + (c + 0.5) * cell;
          const cy = y2 - (r + 0.5) * cell;
          const dark = rects.some(
            (q) => cx > q.x && cx < q.x + q.width && cy > q.y && cy < q.y + q.height,
          );
          expect(dark, `${kit.name}: module ${r},${c}`).toBe(qr.modules.get(r, c) === 1);
        }
      }
    }
  });

  it("#13: no page but the last ends less than 60% full", async () => {
    for (const kit of all()) {
      const fills = await fillOf(kit.file, kit.bytes);
      expect(fills.length, kit.name).toBeGreaterThan(1);
      fills.slice(0, -1).forEach((fill, page) => {
        expect(
          fill,
          `${kit.name}: page ${page + 1} of ${fills.length} (${fills.map((f) => f.toFixed(2))})`,
        ).toBeGreaterThanOrEqual(0.6);
      });
    }
  });
});

/**
 * The press kit's text as pdftotext reads it, without the running header (cropped off every
 * page but the first) and without the direction controls it writes around right-to-left
 * lines, squeezed (see `squeeze`).
 */
async function bodyText(kit: Kit): Promise<string> {
  const rest = await run("pdftotext", [
    ...["-f", "2", "-y", "50", "-W", "1000", "-H", "1000", "-enc", "UTF-8", kit.file, "-"],
  ]);
  return flat(`${await pageText(kit.file, 1)}${rest.stdout}`);
}

/** Text without white space and direction controls, to find a phrase however it was read. */
const flat = (text: string) => squeeze(text).replace(/[\u200e\u200f\u202a-\u202e]/gu, "");

const occurrences = (text: string, piece: string) => text.split(flat(piece)).length - 1;

const tagOf = (i: number) => `Tile-${String.fromCharCode(65 + i)}`;

/**
 * `d` with as much on its cover as content allows: a title of 500 characters, a summary of
 * more than 600, twelve headline figures, a long company name and a long press contact.
 */
function crowded(d: AnnouncementDocument, words: string): AnnouncementDocument {
  const space = d.direction === "rtl" || !d.cjk ? " " : "";
  const repeat = (text: string, length: number) => {
    let out = text;
    while ([...out].length < length) out = `${out}${space}${text}`;
    return [...out].slice(0, length).join("").trim();
  };
  const figures = Array.from({ length: 12 }, (_, i) => {
    const own = d.figures.length ? d.figures : [{ text: "1,200", label: "Robots", value: 1200 }];
    const f = own[i % own.length] as AnnouncementDocument["figures"][number];
    // A tag that names each figure: "Tile-A Robots shipped".
    return { ...f, label: `${tagOf(i)} ${f.label}` };
  });
  return {
    ...d,
    title: repeat(`${d.title}${space}${words}`, 500),
    summary: repeat(d.summary, 640),
    figures,
    company: {
      ...d.company,
      name: repeat(d.company.name, 90),
      aboutHeading: d.company.aboutHeading.replace(d.company.name, repeat(d.company.name, 90)),
      pressContact: {
        ...d.company.pressContact,
        name: repeat(d.company.pressContact.name, 80),
      },
      postalAddress: [
        ...(d.company.postalAddress ?? []),
        repeat("Building 4, Floor 12, Innovation Park North Campus", 120),
      ],
    },
  };
}

describe("#9: the cover stays one page, whatever its content", () => {
  const cases: Kit[] = [];
  beforeAll(async () => {
    const world = await documentOf(worldContentDir, "ar");
    const zh = (await documentsOf(languagesDir))["zh-CN"];
    cases.push(
      await kitOf(
        "crowded-en",
        crowded(await documentOf(pressDir, "en"), "with robots for every small factory"),
        pressDir,
      ),
      await kitOf("crowded-zh-CN", crowded(zh, "为欧洲每一家小型工厂带来协作机器人"), languagesDir),
      await kitOf("crowded-ar", crowded(world, "لكل مصنع صغير في أوروبا"), worldContentDir),
    );
    await mkdir(artifacts, { recursive: true });
    for (const kit of cases) {
      await run("pdftoppm", [
        "-png",
        "-r",
        "50",
        "-f",
        "1",
        "-l",
        "2",
        kit.file,
        join(artifacts, `issue9-${kit.name}`),
      ]);
    }
  });

  it("#9: page 1 ends with the press contact panel: the contact, the address and the web page's address", async () => {
    for (const kit of cases) {
      const d = kit.document;
      const c = d.company.pressContact;
      const first = flat(await pageText(kit.file, 1));
      for (const piece of [c.email, ...(c.phone ? [c.phone] : []), d.page.url]) {
        expect(first, `${kit.name}: "${piece}" on page 1`).toContain(flat(piece));
      }
      // The postal address, each line or its start where it is cut.
      for (const line of d.company.postalAddress ?? []) {
        expect(first, `${kit.name}: "${line}" on page 1`).toContain(flat(line).slice(0, 20));
      }
      // The QR code, on page 1, links to the page.
      const qr = (await annotationsOf(kit.bytes)).find((a) => a.uri === d.page.url);
      expect(qr?.page, kit.name).toBe(0);
      // Nothing of the cover went on to page 2: the panel's address is not there.
      const second = flat(await pageText(kit.file, 2));
      expect(second, kit.name).not.toContain(flat(c.email));
      // Every word of page 1 is inside the paper and no two overlap.
      const { words, pages } = await wordsOf(kit.file);
      const cover = words.filter((w) => w.page === 0);
      for (const w of cover) {
        expect(w.xMin, `${kit.name}: "${w.text}"`).toBeGreaterThanOrEqual(63);
        expect(w.xMax, `${kit.name}: "${w.text}"`).toBeLessThanOrEqual((pages[0]?.width ?? 0) - 63);
        // Above the bottom margin, but for the page number below it.
        const height = pages[0]?.height ?? 0;
        if (w.yMin < height - 50) {
          expect(w.yMax, `${kit.name}: "${w.text}"`).toBeLessThanOrEqual(height - 70);
        }
      }
      expect(overlapping(cover), kit.name).toBeUndefined();
    }
  });

  it("#9: a 500-character title is set smaller and cut with … on the cover; the whole title starts the announcement on page 2", async () => {
    for (const kit of cases) {
      const d = kit.document;
      const first = flat(await pageText(kit.file, 1));
      // Its start on the cover, then "…" (read right to left, pdftotext may put it first).
      const start = flat(d.title).slice(0, 24);
      expect(first, kit.name).toContain(
        d.direction === "rtl" ? flat(d.title.split(" ")[0] as string) : start,
      );
      expect(first, kit.name).toContain("…");
      // Not the whole of it on the cover.
      expect(first, kit.name).not.toContain(flat(d.title));
      // The whole title, once, in the text (the running header aside).
      expect(occurrences(await bodyText(kit), d.title), kit.name).toBe(1);
      // The document's title (pdfinfo) and its outline's first entry are the whole title.
      const { stdout: info } = await run("pdfinfo", ["-enc", "UTF-8", kit.file]);
      expect(info, kit.name).toContain(`Title:           ${d.title}`);
      // The cover's title is still large: at least 15 points high.
      const { words } = await wordsOf(kit.file);
      const tallest = Math.max(...words.filter((w) => w.page === 0).map((w) => w.yMax - w.yMin));
      expect(tallest, kit.name).toBeGreaterThanOrEqual(15);
    }
  });

  it("#9: a long summary and company name are cut on the cover and given whole after it; headline figures that do not fit follow as tiles", async () => {
    for (const kit of cases) {
      const d = kit.document;
      const text = await bodyText(kit);
      const first = flat(await pageText(kit.file, 1));
      if (d.direction !== "rtl") {
        expect(first, kit.name).toContain(flat(d.summary).slice(0, 40));
        expect(occurrences(text, d.summary), kit.name).toBe(1);
        expect(text, kit.name).toContain(flat(d.company.name));
        expect(text, kit.name).toContain(flat(d.company.pressContact.name));
      }
      // Every figure is in the press kit (its tag and the first word of its label, on the
      // first line of its tile), the first ones on the cover.
      const tagged = (i: number) =>
        flat(`${tagOf(i)} ${(d.figures[i]?.label ?? "").split(" ")[1] ?? ""}`);
      d.figures.forEach((f, i) => {
        expect(text, `${kit.name}: ${f.label}`).toContain(tagged(i));
      });
      expect(first, kit.name).toContain(tagged(0));
    }
  });
});

describe("#10: each thing is printed once", () => {
  it("#10: the title, summary, date and press contact are printed once (the running header aside)", async () => {
    for (const kit of all()) {
      const d = kit.document;
      const text = await bodyText(kit);
      const c = d.company.pressContact;
      for (const piece of [
        d.title,
        d.summary,
        d.date.text,
        c.name,
        ...(c.phone ? [c.phone] : []),
      ]) {
        expect(occurrences(text, piece), `${kit.name}: "${piece}"`).toBe(1);
      }
    }
  });
});

/** The words of one page inside another's box: do any two of them overlap? */
function overlapping(words: readonly Word[]): [Word, Word] | undefined {
  for (const [i, a] of words.entries()) {
    for (const b of words.slice(i + 1)) {
      const x = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const y = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      // Boxes are the faces' (Arabic's reach far above and below): words overlap if half a line does.
      if (x > 0.5 && y > 0.5 * Math.min(a.yMax - a.yMin, b.yMax - b.yMin)) return [a, b];
    }
  }
  return undefined;
}

describe("#13: key figures as stat tiles", () => {
  it("#13: each figure is set large, its label and note below it, and no bar is drawn", async () => {
    for (const kit of all()) {
      const { words } = await wordsOf(kit.file);
      const cover = words.filter((w) => w.page === 0);
      for (const f of kit.document.figures) {
        // The figure's first word, the largest on the page that is.
        // The figure: words on one line that read as its text, the largest that do.
        const from = (w: Word) =>
          squeeze(
            cover
              .filter((v) => Math.abs(v.yMin - w.yMin) < 1 && v.xMin >= w.xMin)
              .sort((x, y) => x.xMin - y.xMin)
              .map((v) => v.text)
              .join(""),
          );
        const figure = cover
          .filter((w) => from(w).startsWith(squeeze(f.text)))
          .sort((a, b) => b.yMax - b.yMin - (a.yMax - a.yMin))[0];
        expect(figure, `${kit.name}: ${f.text}`).toBeDefined();
        const first = f.label.split(/\s+/)[0] as string;
        // The nearest word below the figure that starts where it starts: the label.
        const label = cover
          .filter(
            (w) =>
              w.text.startsWith(first.slice(0, 2)) &&
              w.yMin >= (figure as Word).yMax - 1 &&
              Math.abs(w.xMin - (figure as Word).xMin) < 2,
          )
          .sort((a, b) => a.yMin - b.yMin)[0];
        expect(label, `${kit.name}: the label of ${f.text} below it`).toBeDefined();
        const height = (w: Word) => w.yMax - w.yMin;
        expect(height(figure as Word)).toBeGreaterThan(1.6 * height(label as Word));
      }
      // The bars were 7 to 8 points high: no rectangle of that height remains.
      const bars = (await rectsOf(kit.bytes)).filter(
        (r) =>
          r.height > 4 &&
          r.height < 12 &&
          r.width > 12 &&
          r.x >= 63 &&
          r.x + r.width <= 595.28 - 63,
      );
      expect(bars, kit.name).toEqual([]);
    }
  });

  it("#13: long labels, and labels in Chinese, Japanese and Arabic, wrap inside their tiles", async () => {
    const documents = await documentsOf(languagesDir);
    const cases: Kit[] = [kits.rich];
    for (const locale of ["zh-CN", "ja", "ar"] as const) {
      const d = documents[locale];
      d.figures = d.figures.map((f) => ({
        ...f,
        label: Array(5)
          .fill(f.label)
          .join(locale === "ar" ? " " : ""),
        note: f.note ?? d.summary,
      }));
      cases.push(await kitOf(`tiles-${locale}`, d, languagesDir));
    }
    // Their covers, to look at.
    await mkdir(artifacts, { recursive: true });
    for (const kit of cases.slice(1)) {
      await run("pdftoppm", [
        "-png",
        "-r",
        "70",
        "-f",
        "1",
        "-l",
        "1",
        kit.file,
        join(artifacts, `issue13-${kit.name}`),
      ]);
    }
    for (const kit of cases) {
      const { words, pages } = await wordsOf(kit.file);
      const cover = words.filter((w) => w.page === 0);
      const width = pages[0]?.width ?? 0;
      for (const w of cover) {
        expect(w.xMin, `${kit.name}: "${w.text}"`).toBeGreaterThanOrEqual(63);
        expect(w.xMax, `${kit.name}: "${w.text}"`).toBeLessThanOrEqual(width - 63);
      }
      expect(overlapping(cover), kit.name).toBeUndefined();
    }
    expect(squeeze(await pageText(kits.rich.file, 1))).toContain(squeeze(LONG_LABEL));
  });
});

describe("#13: the running header", () => {
  const headerOf = async (kit: Kit) => {
    const { words } = await wordsOf(kit.file);
    return words.filter((w) => w.page === 1 && w.yMax < 50);
  };

  it("#13: a title that fits is printed whole, with no …", async () => {
    const header = await headerOf(kits.en);
    const d = kits.en.document;
    expect(header.map((w) => w.text).join(" ")).toBe(`${d.company.name} · ${d.title}`);
  });

  it("#13: a long English or Chinese title is cut with … at the margin, after whole characters", async () => {
    const en = await documentOf(pressDir, "en");
    en.title =
      "Acme Robotics raises €4 million to bring collaborative robots that work safely beside people to every small factory in Europe";
    const zh = (await documentsOf(languagesDir))["zh-CN"];
    zh.title = `${zh.title}，用于把与人并肩安全工作的协作机器人带到欧洲每一家小型工厂和车间`;
    for (const [name, d, dir] of [
      ["header-en", en, pressDir],
      ["header-zh-CN", zh, languagesDir],
    ] as const) {
      const kit = await kitOf(name, d, dir);
      const header = await headerOf(kit);
      const text = header.map((w) => w.text).join(" ");
      expect(text.endsWith("…"), `${name}: ${text}`).toBe(true);
      const full = squeeze(`${d.company.name} · ${d.title}`);
      const shown = squeeze(text.slice(0, -1));
      expect(full.startsWith(shown), `${name}: ${text}`).toBe(true);
      expect(shown.length).toBeLessThan(full.length);
      expect(shown.length).toBeGreaterThan(full.length / 3);
      const right = Math.max(...header.map((w) => w.xMax));
      expect(right).toBeLessThanOrEqual(595.28 - 64 + 0.5);
      // The next page's header is the same.
      const { words } = await wordsOf(kit.file);
      const third = words.filter((w) => w.page === 2 && w.yMax < 50).map((w) => w.text);
      expect(third.join(" ")).toBe(text);
    }
  });

  it("#13: a long Arabic title is cut with … inside the margins", async () => {
    const ar = (await documentsOf(languagesDir)).ar;
    ar.title = `${ar.title} ${ar.summary} ${ar.summary}`;
    const kit = await kitOf("header-ar", ar, languagesDir);
    const header = await headerOf(kit);
    expect(header.some((w) => w.text.includes("…"))).toBe(true);
    expect(Math.min(...header.map((w) => w.xMin))).toBeGreaterThanOrEqual(64 - 0.5);
    expect(Math.max(...header.map((w) => w.xMax))).toBeLessThanOrEqual(595.28 - 64 + 0.5);
  });
});

describe("#13: paper-only details", () => {
  it("#13: footnotes print no back-arrow; each note's number links back to its reference", async () => {
    for (const kit of all()) {
      const text = (await run("pdftotext", ["-enc", "UTF-8", kit.file, "-"])).stdout;
      expect(text).not.toMatch(/[↩↑]/u);
      const lines = linesOf((await wordsOf(kit.file)).words);
      const annotations = await annotationsOf(kit.bytes);
      const notes = [...kit.document.body.notes];
      expect(notes.length, kit.name).toBeGreaterThan(0);
      for (const note of notes) {
        // The note's number, at the start of its first line.
        const start = squeeze(textOf(note.blocks[0] as Nodes)).slice(0, 6);
        const number = lines.find((l) =>
          squeeze(l.map((w) => w.text).join("")).startsWith(`${note.number}.${start}`),
        )?.[0] as Word;
        expect(number, `${kit.name}: note ${note.number}`).toBeDefined();
        const height = 841.89;
        const x = (number.xMin + number.xMax) / 2;
        const y = height - (number.yMin + number.yMax) / 2;
        const back = annotations.find(
          (a) =>
            a.page === number.page &&
            a.destPage !== undefined &&
            a.rect[0] <= x &&
            a.rect[2] >= x &&
            a.rect[1] <= y &&
            a.rect[3] >= y,
        );
        expect(back, `${kit.name}: note ${note.number} links back`).toBeDefined();
        expect(back?.destPage).toBeLessThanOrEqual(number.page);
      }
    }
  });

  it("#13: nested bullets and numbers line up, also in a list of twelve", async () => {
    const lines = linesOf((await wordsOf(kits.rich.file)).words);
    const item = (second: string) => {
      const line = lines.find((l) => l[1]?.text === second && /^(•|\d+\.)$/.test(l[0]?.text ?? ""));
      expect(line, `a list item "${second}"`).toBeDefined();
      return { marker: (line as Word[])[0] as Word, text: (line as Word[])[1] as Word };
    };
    const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(0.5);
    const top = ["Safety", "Support", "Maintenance"].map(item);
    const nested = ["Collaborative", "Force"].map(item);
    for (const i of [...top, ...nested]) expect(i.marker.text).toBe("•");
    for (const i of top) {
      near(i.marker.xMin, (top[0] as typeof i).marker.xMin);
      near(i.text.xMin, (top[0] as typeof i).text.xMin);
    }
    // A nested list's bullets stand where its item's text starts.
    for (const i of nested) near(i.marker.xMin, (top[0] as (typeof top)[0]).text.xMin);
    const ordinals = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh"];
    const numbered = [...ordinals, "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth"].map(item);
    numbered.forEach((i, k) => {
      expect(i.marker.text).toBe(`${k + 1}.`);
      // Numbers end on one line (9. and 10. on their full stops); texts start on one.
      near(i.marker.xMax, (numbered[0] as typeof i).marker.xMax);
      near(i.text.xMin, (numbered[0] as typeof i).text.xMin);
    });
    const tenth = item("Tenth");
    for (const i of ["Tenth's"].flatMap((t) => lines.filter((l) => l[1]?.text === t))) {
      expect(i[0]?.text).toBe("•");
      near((i[0] as Word).xMin, tenth.text.xMin);
    }
  });

  it("#13: every inline link's address is printed as a numbered note, and stays a link", async () => {
    const kit = kits.rich;
    const d = kit.document;
    const text = squeeze((await run("pdftotext", ["-enc", "UTF-8", kit.file, "-"])).stdout);
    const list = text.slice(text.lastIndexOf(squeeze(d.words.links)));
    const uris = new Set((await annotationsOf(kit.bytes)).map((a) => a.uri));
    const links: Array<{ text: string; url: string }> = [];
    for (const block of [...d.body.blocks, ...d.body.notes.flatMap((n) => n.blocks)]) {
      walk(block as Nodes, (node) => {
        if (node.type === "link" && node.data?.href)
          links.push({ text: textOf(node), url: node.data.href.url });
      });
    }
    expect(links.length).toBeGreaterThanOrEqual(6);
    const numbers = new Map<string, string>();
    for (const link of links) {
      expect(uris, link.url).toContain(link.url);
      const escaped = squeeze(link.text).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const mark = text.match(new RegExp(`${escaped}\\[(\\d+)\\]`));
      if (link.text === link.url) {
        // An address written out needs no note.
        expect(text, link.url).toContain(squeeze(link.url));
        expect(mark, link.url).toBeNull();
        continue;
      }
      expect(mark, `"${link.text}" followed by its number`).not.toBeNull();
      const n = mark?.[1] as string;
      // An email address is listed as written, without "mailto:".
      const shown = squeeze(link.url.replace(/^mailto:/, ""));
      expect(list, `[${n}] ${link.url} in the list`).toContain(`[${n}]${shown}`);
      // One number per address, however often it is linked.
      if (numbers.has(link.url)) expect(n).toBe(numbers.get(link.url));
      numbers.set(link.url, n);
    }
    expect(numbers.get("mailto:press@acme.example")).toBeDefined();
    expect(numbers.get(LONG_URL)).toBeDefined();
    // Each number is listed once.
    const listed = [...list.matchAll(/\[(\d+)\]/g)].map((m) => m[1]);
    expect(new Set(listed).size).toBe(listed.length);
    // The long address breaks across lines in the list, never past the margin.
    const { words } = await wordsOf(kit.file);
    for (const w of words) expect(w.xMax, w.text).toBeLessThanOrEqual(595.28 - 64 + 0.5);
  });
});

describe("#13: link marks right to left", () => {
  it("#13: a link's number in an Arabic footnote stays on its word's line, as pdftotext reads it", async () => {
    const d = await documentOf(worldContentDir, "ar");
    const kit = await kitOf("world-ar", d, worldContentDir);
    const lines = (await run("pdftotext", ["-enc", "UTF-8", kit.file, "-"])).stdout.split("\n");
    // A line that is nothing but a mark ("[1]", or "]1[" as read right to left), once the
    // direction controls pdftotext writes are taken away.
    const alone = (line: string) => {
      const bare = line.replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, "");
      return /[[\]]/.test(bare) && /^[[\].\d]+$/.test(bare);
    };
    expect(lines.filter(alone)).toEqual([]);
    // Each link of the notes: the line with the last word of its text has its number too.
    const links: string[] = [];
    for (const note of d.body.notes) {
      for (const b of note.blocks) {
        walk(b as Nodes, (node) => {
          if (node.type === "link") links.push(textOf(node));
        });
      }
    }
    expect(links.length).toBeGreaterThan(0);
    for (const text of links) {
      const last = text.split(/\s+/).at(-1) as string;
      const line = lines.findLast((l) => l.includes(last)) ?? "";
      expect(line, text).toMatch(/\[/);
      expect(line, text).toMatch(/\]/);
      expect(line, text).toMatch(/\d/);
    }
  });
});

describe("#13: rendering", () => {
  it("#13: two renders with an SVG logo are byte-identical, and pass qpdf --check", async () => {
    const d = await documentOf(pressDir, "en");
    const again = await renderPressKit(d, { contentDir: pressDir });
    expect(Buffer.from(again.bytes).equals(Buffer.from(kits.rich.bytes))).toBe(true);
    for (const kit of all()) {
      await expect(run("qpdf", ["--check", kit.file])).resolves.toBeDefined();
      expect(kit.warnings, kit.name).toEqual([]);
    }
  });

  it("#13: renders the sample's English and Chinese press kits and the rich one to PNG pages to look at", async () => {
    await mkdir(artifacts, { recursive: true });
    // Pages of an earlier, longer press kit would be looked at too.
    for (const png of await readdir(artifacts)) {
      if (/^issue13-(sample|rich)-/.test(png)) await rm(join(artifacts, png));
    }
    for (const kit of all()) {
      await run("pdftoppm", ["-png", "-r", "70", kit.file, join(artifacts, `issue13-${kit.name}`)]);
    }
    const { stdout } = await run("ls", [artifacts]);
    expect(stdout).toContain("issue13-rich-en-1.png");
    expect(stdout).toContain("issue13-sample-zh-CN-1.png");
  });
});

describe("#13: Latin names in an Arabic press kit", () => {
  it("#13: keep their final stop last (Docker, Inc.), on the cover and in the fact sheet", async () => {
    const d = await documentOf(worldContentDir, "ar");
    const named = {
      ...d,
      company: { ...d.company, name: "Docker, Inc." },
      // The lead investor: a name (the round's row is a kind of round, not a name).
      facts: d.facts.map((row) => ({
        ...row,
        values: row.values.map((v, i) =>
          row.key === "lead" && i === 0 ? { ...v, text: "Benchmark Capital, L.P." } : v,
        ),
      })),
    };
    const kit = await kitOf("world-ar-latin-names", named, worldContentDir);
    const { words } = await wordsOf(kit.file);
    const texts = words.map((w) => w.text);
    // Read left to right, as drawn: "Docker," then "Inc.", never ".Docker," and "Inc".
    expect(texts).toContain("Inc.");
    expect(texts).not.toContain(".Docker,");
    expect(texts).toContain("L.P.");
    expect(texts.some((t) => t.startsWith(".Benchmark") || t.startsWith(".L.P"))).toBe(false);
  });
});
