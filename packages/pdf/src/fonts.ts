import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as fontkit from "fontkit";
import type { PDFContext, PDFDocument, PDFFont, PDFRef } from "pdf-lib";
import { parseFont, upstreamFontkit } from "./fontkit-adapter.js";

// The faces the press kit is set in, from registry packages (never a system path): Noto Sans
// for Latin, Greek and Cyrillic; a regional Noto Sans CJK face per language, because the same
// Han character has different forms in Japan, Korea, Taiwan, Hong Kong and mainland China
// (今, 直, 骨); Noto Sans Arabic for Arabic and Noto Sans Hebrew for Hebrew. Bytes are read
// once per process, so a warm process pays for them once; a document embeds (a subset of)
// only the faces it uses.

export type Style = "regular" | "bold" | "italic" | "boldItalic";
export type Face = "latin" | "arabic" | "hebrew" | "sc" | "tc" | "hk" | "jp" | "kr";

const pkg = "@expo-google-fonts";
const upright = (name: string, family: string) => ({
  regular: `${pkg}/${name}/400Regular/${family}_400Regular.ttf`,
  bold: `${pkg}/${name}/700Bold/${family}_700Bold.ttf`,
  // No italic in these scripts: emphasis keeps the upright face (see presskit.ts).
  italic: `${pkg}/${name}/400Regular/${family}_400Regular.ttf`,
  boldItalic: `${pkg}/${name}/700Bold/${family}_700Bold.ttf`,
});

const files: Record<Face, Record<Style, string>> = {
  latin: {
    regular: `${pkg}/noto-sans/400Regular/NotoSans_400Regular.ttf`,
    bold: `${pkg}/noto-sans/700Bold/NotoSans_700Bold.ttf`,
    italic: `${pkg}/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf`,
    boldItalic: `${pkg}/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf`,
  },
  arabic: upright("noto-sans-arabic", "NotoSansArabic"),
  hebrew: upright("noto-sans-hebrew", "NotoSansHebrew"),
  sc: upright("noto-sans-sc", "NotoSansSC"),
  tc: upright("noto-sans-tc", "NotoSansTC"),
  hk: upright("noto-sans-hk", "NotoSansHK"),
  jp: upright("noto-sans-jp", "NotoSansJP"),
  kr: upright("noto-sans-kr", "NotoSansKR"),
};

export const faces = Object.keys(files) as Face[];

const require = createRequire(import.meta.url);
const loaded = new Map<string, { bytes: Uint8Array; font: fontkit.Font }>();

function load(path: string) {
  let entry = loaded.get(path);
  if (!entry) {
    const bytes = readFileSync(require.resolve(path));
    entry = { bytes, font: parseFont(bytes) };
    loaded.set(path, entry);
  }
  return entry;
}

/** The parsed font of one face and style, parsed on first use. */
export function fontOf(face: Face, style: Style): fontkit.Font {
  const font = load(files[face][style]).font;
  if (face === "arabic" || face === "hebrew") primed(font);
  return font;
}

const primedFonts = new WeakSet<fontkit.Font>();

/**
 * Makes fontkit's glyph object of every character of a right-to-left face, lowest code point
 * first. fontkit keeps one object per glyph, with the characters of its first lookup, and
 * shapes Arabic by those characters: a press kit with ﻥ (U+FEE5, a presentation form the
 * face draws as it draws ن) made every ن drawn after it in the process, in any press kit,
 * shape as a letter that does not join. First made for the letter itself (U+0646 comes
 * before U+FEE5), each glyph stands for its letter in every process.
 */
function primed(font: fontkit.Font): void {
  if (primedFonts.has(font)) return;
  primedFonts.add(font);
  for (const code of [...font.characterSet].sort((a, b) => a - b)) font.glyphForCodePoint(code);
}

/**
 * OpenType features switched off when laying out a face. Noto Sans KR's contextual
 * alternates ('calt') widen a space between Hangul from 224 to 280 units, so a space measured
 * at the end of a word (224) is drawn wider inside the line (280) and the next fragment of
 * the line overlapped it. Measured and drawn alike, without it.
 */
export function featuresOf(face: Face): Record<string, boolean> | undefined {
  return face === "kr" ? { calt: false } : undefined;
}

/** Whether `face` has a glyph for `char`. */
export function faceHas(face: Face, style: Style, char: string): boolean {
  return fontOf(face, style).hasGlyphForCodePoint(char.codePointAt(0) ?? 0);
}

const cjkFaces = new Map<string, Face | undefined>();

/**
 * The CJK face of a language: JP for Japanese, KR for Korean, TC for Traditional Chinese
 * (HK where Hong Kong's or Macau's forms differ), SC for Simplified Chinese; undefined for
 * other languages.
 */
export function cjkFaceOf(lang: string | undefined): Face | undefined {
  if (!lang) return undefined;
  if (cjkFaces.has(lang)) return cjkFaces.get(lang);
  let face: Face | undefined;
  try {
    const locale = new Intl.Locale(lang).maximize();
    if (locale.language === "ja") face = "jp";
    else if (locale.language === "ko") face = "kr";
    else if (locale.language === "zh" || locale.language === "yue") {
      if (locale.script === "Hant") face = ["HK", "MO"].includes(locale.region ?? "") ? "hk" : "tc";
      else face = "sc";
    }
  } catch {
    face = undefined;
  }
  cjkFaces.set(lang, face);
  return face;
}

const primaryFaces = new Map<string | undefined, Face>();

/** The face a language's own text is set in (its spaces, digits and punctuation). */
export function primaryFaceOf(lang: string | undefined): Face {
  let face = primaryFaces.get(lang);
  if (face) return face;
  face = cjkFaceOf(lang) ?? "latin";
  try {
    const script = lang ? new Intl.Locale(lang).maximize().script : undefined;
    if (script === "Arab") face = "arabic";
    else if (script === "Hebr") face = "hebrew";
  } catch {
    // Not a locale: Latin.
  }
  primaryFaces.set(lang, face);
  return face;
}

const HAN_LIKE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
const LATIN_LIKE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const ARABIC = /\p{Script=Arabic}/u;
const HEBREW = /\p{Script=Hebrew}/u;

/**
 * The face that draws `char` in text of language `lang`, or undefined when no face has it
 * (emoji). Letters take their script's face: Latin, Greek and Cyrillic Noto Sans (one Latin
 * design in every document, with true italics; the CJK faces' Latin is another design), Han,
 * kana and Hangul the CJK face of the text's language (SC where the language has none),
 * Arabic Noto Sans Arabic, Hebrew Noto Sans Hebrew. Spaces, digits and punctuation stay in the face of the letter
 * before them (`previous`), else the language's own face. Whatever is chosen, a face that
 * lacks the glyph gives way to one that has it.
 */
export function faceFor(
  char: string,
  style: Style,
  lang: string | undefined,
  previous?: Face,
): Face | undefined {
  const primary = primaryFaceOf(lang);
  const cjk = cjkFaceOf(lang) ?? "sc";
  let wanted: Face;
  if (LATIN_LIKE.test(char)) wanted = "latin";
  else if (HAN_LIKE.test(char)) wanted = cjk;
  else if (ARABIC.test(char)) wanted = "arabic";
  else if (HEBREW.test(char)) wanted = "hebrew";
  else wanted = previous ?? primary;
  if (faceHas(wanted, style, char)) return wanted;
  for (const face of [primary, "latin", cjk, ...faces] as Face[]) {
    if (faceHas(face, style, char)) return face;
  }
  return undefined;
}

/** What pdf-lib's subsetting embedder of a font holds (private in its types). */
interface SubsetEmbedder {
  glyphCache: { access(): fontkit.Glyph[] };
  glyphId(glyph: fontkit.Glyph): number;
  embedUnicodeCmap(context: PDFContext): PDFRef;
}

/** The faces of one document, embedded (and subset) only when first used. */
export class DocumentFonts {
  private readonly embedded = new Map<string, PDFFont>();
  private readonly texts = new Map<PDFFont, Map<number, string>>();

  constructor(
    private readonly doc: PDFDocument,
    /** Distinguishes this document's subsets: it seeds the six-letter subset tags. */
    private readonly key: string,
  ) {
    doc.registerFontkit(upstreamFontkit);
  }

  async get(face: Face, style: Style): Promise<PDFFont> {
    const path = files[face][style];
    let font = this.embedded.get(path);
    if (!font) {
      const { bytes, font: parsed } = load(path);
      // ISO 32000 §9.6.4: a subset font's name starts with six capital letters and "+".
      // Derived from the document and face, so the same content builds the same bytes.
      const digest = createHash("sha256").update(`${this.key}\u0000${path}`).digest();
      const tag = [...digest.subarray(0, 6)]
        .map((b) => String.fromCharCode(65 + (b % 26)))
        .join("");
      font = await this.doc.embedFont(bytes, {
        subset: true,
        customName: `${tag}+${parsed.postscriptName}`,
        ...(featuresOf(face) && { features: featuresOf(face) }),
      });
      this.embedded.set(path, font);
      this.texts.set(font, ownToUnicode(font, parsed));
    }
    return font;
  }

  /**
   * The text each glyph of `font` stands for in this document, by glyph id, as the drawing
   * first used it (draw-text.ts adds to it, and marks a use that differs with /ActualText).
   */
  textsOf(font: PDFFont): Map<number, string> {
    return this.texts.get(font) ?? new Map();
  }
}

/**
 * Gives the font a ToUnicode map of the text each glyph stood for in this document. pdf-lib
 * writes the characters fontkit remembers for a glyph, which are those of the glyph's first
 * use in the process (fontkit keeps one glyph object per id): a document drawn after another
 * that wrote ⾦ (U+2FA6, a Kangxi radical) or ﬁ (U+FB01) extracted 金 and "fi" as those, and
 * its bytes depended on what the process had drawn before.
 */
function ownToUnicode(font: PDFFont, parsed: fontkit.Font): Map<number, string> {
  const texts = new Map<number, string>();
  const embedder = (font as unknown as { embedder: SubsetEmbedder }).embedder;
  embedder.embedUnicodeCmap = (context) => {
    const entries = embedder.glyphCache
      .access()
      .map((glyph): [number, string] => [
        embedder.glyphId(glyph),
        texts.get(glyph.id) ?? characterOf(parsed, glyph.id),
      ]);
    return context.register(context.flateStream(toUnicodeCMap(entries)));
  };
  return texts;
}

const characters = new WeakMap<fontkit.Font, Map<number, string>>();

/**
 * What a glyph the drawing could not tell the text of stands for, the same in every process:
 * the first character the face's own map gives it (an Arabic letter's joining form is in
 * Arabic Presentation Forms, which the face maps), else U+FFFD. Such a glyph is always
 * drawn inside a span whose /ActualText gives its text (draw-text.ts).
 */
function characterOf(font: fontkit.Font, id: number): string {
  let map = characters.get(font);
  if (!map) {
    map = new Map();
    for (const code of [...font.characterSet].sort((a, b) => b - a)) {
      const char = String.fromCodePoint(code);
      map.set(glyphIdOf(font, char), char);
    }
    characters.set(font, map);
  }
  return map.get(id) ?? "\uFFFD";
}

/**
 * The glyph the face's character map gives a character (its first code point), looked up once
 * per face, and without making fontkit's glyph object for it: fontkit keeps one per glyph,
 * with the characters of the first lookup, and shapes Arabic by those characters. A lookup of ﻥ (U+FEE5, a presentation form) before
 * ن (U+0646), which the face draws alike, made every ن after it shape as a letter that does
 * not join, and the press kit's lines broke elsewhere.
 */
export function glyphIdOf(font: fontkit.Font, char: string): number {
  let ids = cmaps.get(font);
  if (!ids) {
    ids = new Map();
    cmaps.set(font, ids);
  }
  const code = char.codePointAt(0) ?? 0;
  let id = ids.get(code);
  if (id === undefined) {
    const cmap = (font as unknown as { _cmapProcessor?: { lookup(code: number): number } })
      ._cmapProcessor;
    id = cmap ? cmap.lookup(code) : font.glyphForCodePoint(code).id;
    ids.set(code, id);
  }
  return id;
}

// Each face's character map as looked up so far: fontkit searches its tables every time.
const cmaps = new WeakMap<fontkit.Font, Map<number, number>>();

const hex4 = (n: number) => n.toString(16).padStart(4, "0");

/** A ToUnicode CMap (Adobe technical note 5411) of two-byte codes to UTF-16 text. */
export function toUnicodeCMap(entries: ReadonlyArray<[number, string]>): string {
  const lines = entries
    .filter(([, text]) => text !== "")
    .map(([code, text]) => {
      let utf16 = "";
      for (let i = 0; i < text.length; i++) utf16 += hex4(text.charCodeAt(i));
      return `<${hex4(code)}> <${utf16}>`;
    });
  // At most 100 mappings a block (the note's limit).
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i += 100) {
    const block = lines.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join("\n")}\nendbfchar`);
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <ffff>
endcodespacerange
${blocks.join("\n")}
endcmap
CMapName currentdict /CMap defineresource pop
end
end`;
}

/** The file of one face and style on disk (for resvg, which reads fonts by path). */
export function fontFile(face: Face, style: Style): string {
  return require.resolve(files[face][style]);
}
