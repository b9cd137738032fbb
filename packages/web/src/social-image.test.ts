import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  announcementDocument,
  type Content,
  companyOf,
  loadContent,
  sampleContentDir,
} from "@herald/model";
import { Resvg } from "@resvg/resvg-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announcementCard, type Card, cardDigest, digestOfCard } from "./card.js";
import { type Face, facesFor } from "./card-fonts.js";
import { type Mark, markOf, pngSize } from "./icons.js";
import {
  cachedCard,
  cacheKey,
  cardSvg,
  isWholeCard,
  renderCard,
  writeSocialImages,
} from "./social-image.js";
import { cacheEntry, pngOfEntry } from "./social-image-cache.js";

let content: Content;
let mark: Mark;
const dirs: string[] = [];

beforeAll(async () => {
  const loaded = await loadContent(sampleContentDir);
  if (!loaded.ok) throw new Error("the sample does not load");
  content = loaded.content;
  mark = await markOf(content);
});
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const sampleCard = (locale: string): Card => {
  const a = content.announcements.find((x) => x.locale === locale);
  if (!a) throw new Error(`no ${locale} announcement`);
  return announcementCard(announcementDocument(content, a));
};

const card = (locale: string, direction: "ltr" | "rtl", title: string): Card => ({
  locale,
  direction,
  company: "Docker, Inc.",
  kicker: "News",
  title,
  date: "2014",
});

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/** The same picture: the PNGs alike but for the digest of their words (a tEXt chunk). */
const samePicture = (a: Uint8Array, b: Uint8Array) => {
  const drawn = (png: Uint8Array) => {
    const buffer = Buffer.from(png);
    // The chunk after the signature and IHDR (33 bytes) is the digest's: skipped.
    return Buffer.concat([
      buffer.subarray(0, 33),
      buffer.subarray(33 + 12 + buffer.readUInt32BE(33)),
    ]);
  };
  return same(drawn(a), drawn(b));
};

describe("the social card", () => {
  it("#13: is a whole 1200×630 PNG, the same bytes for the same content", async () => {
    const first = await renderCard(sampleCard("zh-CN"), mark, true);
    const second = await renderCard(sampleCard("zh-CN"), mark, true);
    expect(pngSize(first)).toEqual({ width: 1200, height: 630 });
    expect(isWholeCard(first)).toBe(true);
    expect(same(first, second)).toBe(true);
    expect(same(first, await renderCard(sampleCard("en"), mark, true))).toBe(false);
  });

  // A character no face has is drawn as the same box whatever the character: two titles of
  // different characters then give the same picture. Drawn in their faces, they differ. The
  // check is shown to catch boxes by drawing without the script's face first.
  it.each([
    ["zh-CN", "ltr", "北风科技融资", "南海电子上市", "sc"],
    ["ja", "ltr", "資金調達完了", "新製品を発表", "jp"],
    ["ko", "ltr", "투자유치완료", "신제품출시함", "kr"],
    ["ar", "rtl", "تمويل جديد", "شركات كبرى", "arabic"],
    ["he", "rtl", "גיוס הון", "מוצר חדש", "hebrew"],
  ] as const)(
    "#13: a %s title is drawn in its own face, not as boxes",
    async (locale, dir, a, b, face) => {
      expect(facesFor(locale, a)).toContain(face);
      const latinOnly: Face[] = ["latin"];
      const boxesA = await renderCard(card(locale, dir, a), mark, true, latinOnly);
      const boxesB = await renderCard(card(locale, dir, b), mark, true, latinOnly);
      expect(samePicture(boxesA, boxesB)).toBe(true);
      const drawnA = await renderCard(card(locale, dir, a), mark, true);
      const drawnB = await renderCard(card(locale, dir, b), mark, true);
      expect(samePicture(drawnA, drawnB)).toBe(false);
      expect(samePicture(drawnA, boxesA)).toBe(false);
    },
  );

  it("#13: a title too long for three lines is cut, the card keeps its size", async () => {
    const long = await renderCard(card("en", "ltr", "Docker raises money ".repeat(30)), mark, true);
    expect(pngSize(long)).toEqual({ width: 1200, height: 630 });
  });
});

describe("the social card's cache", () => {
  it("#13: a cached card is read back, the same bytes as drawn; a damaged entry is drawn again", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "herald-cards-"));
    dirs.push(cacheDir);
    const zh = sampleCard("zh-CN");
    const drawn = await renderCard(zh, mark, true);
    expect(same(await cachedCard(zh, mark, true, cacheDir), drawn)).toBe(true);
    const folder = join(cacheDir, "social-images");
    const [entry] = await readdir(folder);
    const file = join(folder, entry as string);
    expect(same(pngOfEntry(await readFile(file)), drawn)).toBe(true);
    expect(same(await cachedCard(zh, mark, true, cacheDir), drawn)).toBe(true);

    // Damaged entries: one byte changed, cut short, empty, not a PNG. Each is drawn again and
    // the entry written whole.
    const flipped = Buffer.from(drawn);
    const middle = Math.floor(flipped.length / 2);
    flipped.writeUInt8(flipped.readUInt8(middle) ^ 0xff, middle);
    for (const damaged of [
      flipped,
      drawn.subarray(0, drawn.length - 20),
      Buffer.alloc(0),
      Buffer.from("not a png"),
    ]) {
      await writeFile(file, damaged);
      expect(isWholeCard(damaged)).toBe(false);
      expect(same(await cachedCard(zh, mark, true, cacheDir), drawn)).toBe(true);
      expect(same(pngOfEntry(await readFile(file)), drawn)).toBe(true);
    }
  });

  it("#13: a folder under an entry's name, or a file where the cache's folder goes, is no crash", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "herald-cards-"));
    dirs.push(cacheDir);
    const zh = sampleCard("zh-CN");
    const drawn = await renderCard(zh, mark, true);
    await cachedCard(zh, mark, true, cacheDir);
    const folder = join(cacheDir, "social-images");
    const [entry] = await readdir(folder);
    const file = join(folder, entry as string);
    await rm(file);
    await mkdir(join(file, "inside"), { recursive: true });
    expect(same(await cachedCard(zh, mark, true, cacheDir), drawn)).toBe(true);
    expect(same(pngOfEntry(await readFile(file)), drawn)).toBe(true);
    // The cache's folder is a file: drawn all the same, the file left as it is.
    await rm(folder, { recursive: true });
    await writeFile(folder, "not a folder");
    expect(same(await cachedCard(zh, mark, true, cacheDir), drawn)).toBe(true);
    expect(await readFile(folder, "utf8")).toBe("not a folder");
  });

  it("#13: the cache key changes with the title and the logo", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "herald-cards-"));
    dirs.push(cacheDir);
    const en = sampleCard("en");
    await cachedCard(en, mark, true, cacheDir);
    await cachedCard({ ...en, title: `${en.title}!` }, mark, true, cacheDir);
    const square =
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';
    const otherLogo = {
      uri: `data:image/svg+xml;base64,${Buffer.from(square).toString("base64")}`,
      ratio: 1,
    };
    await cachedCard(en, otherLogo, true, cacheDir);
    await cachedCard(en, mark, true, cacheDir);
    expect(await readdir(join(cacheDir, "social-images"))).toHaveLength(3);
  });
});

describe("the social card's cache (#15)", () => {
  const entryOf = async (cacheDir: string) => {
    const folder = join(cacheDir, "social-images");
    const names = await readdir(folder);
    expect(names).toHaveLength(1);
    return join(folder, names[0] as string);
  };

  it("#15: an entry whose bytes do not match its key is drawn again and repaired, never trusted", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "herald-cards-"));
    dirs.push(cacheDir);
    const zh = sampleCard("zh-CN");
    const en = sampleCard("en");
    const drawn = await cachedCard(zh, mark, true, cacheDir);
    const file = await entryOf(cacheDir);
    const other = await renderCard(en, mark, true);
    const foreign = [
      // Another card's whole PNG, bare: what an older Herald or another tool could leave.
      other,
      // Another card's PNG in a well-made entry of its own key, copied under this key.
      cacheEntry(cacheKey(en, mark, true), other),
      // This key's header over another card's picture (its hash made to match).
      cacheEntry(cacheKey(zh, mark, true), other),
      // The right header and picture, cut short: a build killed while writing.
      cacheEntry(cacheKey(zh, mark, true), drawn).subarray(0, 5000),
      // The right header, the hash of other bytes.
      Buffer.concat([
        cacheEntry(cacheKey(zh, mark, true), drawn).subarray(0, -1),
        Buffer.from([0]),
      ]),
      Buffer.from("garbage ".repeat(100)),
      Buffer.alloc(0),
    ];
    for (const bytes of foreign) {
      await writeFile(file, bytes);
      expect(same(await cachedCard(zh, mark, true, cacheDir), drawn)).toBe(true);
      expect(same(await readFile(file), cacheEntry(cacheKey(zh, mark, true), drawn))).toBe(true);
    }
  });

  it("#15: a whole entry of its key is what the cache answers with (nothing drawn)", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "herald-cards-"));
    dirs.push(cacheDir);
    const zh = sampleCard("zh-CN");
    await cachedCard(zh, mark, true, cacheDir);
    const file = await entryOf(cacheDir);
    // The same words drawn with another mark: the same digest, other pixels. Put in this key's
    // entry, it is what comes back, so the picture is the cache's, not drawn again.
    const square =
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';
    const otherMark = {
      uri: `data:image/svg+xml;base64,${Buffer.from(square).toString("base64")}`,
      ratio: 1,
    };
    const elsewhere = await renderCard(zh, otherMark, true);
    await writeFile(file, cacheEntry(cacheKey(zh, mark, true), elsewhere));
    expect(same(await cachedCard(zh, mark, true, cacheDir), elsewhere)).toBe(true);
  });

  it("#15: entries are written whole under their name (temp file and rename), no temp file left", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "herald-cards-"));
    dirs.push(cacheDir);
    const folder = join(cacheDir, "social-images");
    await mkdir(folder, { recursive: true });
    // What a build killed while writing leaves: a temp file beside where the entry goes.
    const key = cacheKey(sampleCard("en"), mark, true);
    await writeFile(join(folder, `${key}.png.4242-7.tmp`), "half a card");
    const companies = new Map(content.site.locales.map((l) => [l, companyOf(content, l)]));
    const documents = content.announcements.map((a) => announcementDocument(content, a));
    const site = await mkdtemp(join(tmpdir(), "herald-cards-site-"));
    dirs.push(site);
    await writeSocialImages(content, companies, documents, site, { cacheDir });
    const names = await readdir(folder);
    expect(names.filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect(names).toHaveLength(4);
    for (const name of names) {
      const bytes = await readFile(join(folder, name));
      expect(isWholeCard(pngOfEntry(bytes))).toBe(true);
    }
  });
});

describe("the site's cards", () => {
  it("#13: the cache keeps this build's cards only, and nothing else of it is touched", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "herald-cards-"));
    dirs.push(cacheDir);
    const folder = join(cacheDir, "social-images");
    await mkdir(folder, { recursive: true });
    const stale = `${"a".repeat(64)}.png`;
    await writeFile(join(folder, stale), "an old card");
    await writeFile(join(folder, "notes.txt"), "mine");
    const companies = new Map(content.site.locales.map((l) => [l, companyOf(content, l)]));
    const documents = content.announcements.map((a) => announcementDocument(content, a));
    const site = await mkdtemp(join(tmpdir(), "herald-cards-site-"));
    dirs.push(site);
    const written = await writeSocialImages(content, companies, documents, site, { cacheDir });
    // A card per announcement and language, and the site's card per language.
    expect(written).toEqual([
      "en/news/docker-series-b/social.png",
      "en/social.png",
      "zh-CN/news/docker-series-b/social.png",
      "zh-CN/social.png",
    ]);
    const names = (await readdir(folder)).sort();
    expect(names).toHaveLength(5);
    expect(names).toContain("notes.txt");
    expect(names).not.toContain(stale);
  });
});

describe("the social card's right-to-left text", () => {
  it("#13: an Arabic figure with no-break spaces is ordered as with spaces (satori drops them)", async () => {
    const figure = (text: string): Card => ({
      ...card("ar", "rtl", "تمويل جديد"),
      headline: { text, label: "قيمة التمويل" },
    });
    const nbsp = await renderCard(figure("\u200f4\u00a0مليون\u00a0€"), mark, true);
    const spaces = await renderCard(figure("\u200f4 مليون €"), mark, true);
    expect(samePicture(nbsp, spaces)).toBe(true);
  });
});

type Box = { left: number; right: number; top: number; bottom: number; size: number };

/**
 * The separate dark shapes (4-connected) in rows `top`..`bottom` of a card, each with its
 * box and pixel count: a letter's body and each of its dots are one each.
 */
async function shapesIn(card: Card, top: number, bottom: number): Promise<Box[]> {
  const { width, pixels } = new Resvg(await cardSvg(card, mark, true)).render();
  const dark = (x: number, y: number) => (pixels[(y * width + x) * 4 + 1] as number) < 128;
  const seen = new Uint8Array(width * (bottom - top));
  const shapes: Box[] = [];
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < width; x++) {
      if (seen[(y - top) * width + x] || !dark(x, y)) continue;
      const box = { left: x, right: x, top: y, bottom: y, size: 0 };
      const stack = [[x, y]];
      seen[(y - top) * width + x] = 1;
      while (stack.length) {
        const [px, py] = stack.pop() as [number, number];
        box.size++;
        box.left = Math.min(box.left, px);
        box.right = Math.max(box.right, px);
        box.top = Math.min(box.top, py);
        box.bottom = Math.max(box.bottom, py);
        for (const [nx, ny] of [
          [px + 1, py],
          [px - 1, py],
          [px, py + 1],
          [px, py - 1],
        ] as const) {
          if (nx < 0 || nx >= width || ny < top || ny >= bottom) continue;
          const at = (ny - top) * width + nx;
          if (!seen[at] && dark(nx, ny)) {
            seen[at] = 1;
            stack.push([nx, ny]);
          }
        }
      }
      shapes.push(box);
    }
  }
  return shapes;
}

describe("the social card's Arabic", () => {
  // The title sits below the mark (16 + 44 + 64 + 40 px) and takes at most three lines.
  const titleRows = [150, 450] as const;
  const titleOnly = (title: string): Card => ({
    locale: "ar",
    direction: "rtl",
    company: "",
    kicker: "",
    title,
    date: "",
  });

  it.each([
    // في: one joined body, feh's dot, yeh's two dots.
    ["في", 4],
    // الشمسية: alef; lam-sheen-meem-seen-yeh-teh marbuta joined; 3 + 2 + 2 dots.
    ["الشمسية", 9],
    // مليون: meem-lam-yeh-waw joined, nun alone; yeh's two dots and nun's one.
    ["مليون", 5],
    ["في تنظيف", 12],
    ["تنظيف في", 12],
    ["بي", 4],
    ["ي", 3],
  ] as const)("#13: %s keeps every dot of its letters (%i shapes)", async (title, shapes) => {
    expect(await shapesIn(titleOnly(title), ...titleRows)).toHaveLength(shapes);
  });
});

describe("the social card's names", () => {
  it("#13: a Latin company name on an Arabic card keeps its final stop last", async () => {
    const arabic: Card = { ...card("ar", "rtl", "تمويل جديد"), company: "Docker, Inc." };
    // The name sits beside the mark (x ≥ 1064), on the right half; its leftmost shape is its
    // first letter, not the stop moved to the front (".Docker, Inc"), and it keeps its gap
    // to the mark.
    const shapes = await shapesIn(arabic, 60, 124);
    const name = shapes
      .filter((s) => s.left > 600 && s.right < 1064)
      .sort((a, b) => a.left - b.left);
    const [first, last] = [name[0], name.at(-1)];
    if (!first || !last) throw new Error("no name drawn");
    expect(first.right - first.left).toBeGreaterThan(12);
    expect(last.right - last.left).toBeLessThan(8);
    expect(last.right).toBeLessThan(1064 - 12);
  });
});

describe("the social card's digest", () => {
  it("#13: the PNG carries the digest of what it says, so another page's card is told apart", async () => {
    const zh = sampleCard("zh-CN");
    const png = await renderCard(zh, mark, true);
    expect(isWholeCard(png)).toBe(true);
    expect(digestOfCard(png)).toBe(cardDigest(zh));
    expect(cardDigest(sampleCard("en"))).not.toBe(cardDigest(zh));
    expect(digestOfCard(new Uint8Array(40))).toBeUndefined();
  });
});
