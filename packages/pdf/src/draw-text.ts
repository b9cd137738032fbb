import type * as fontkit from "fontkit";
import {
  beginText,
  cleanText,
  endText,
  mergeLines,
  type PDFFont,
  PDFHexString,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  type PDFString,
  popGraphicsState,
  pushGraphicsState,
  type RGB,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
  showText,
} from "pdf-lib";
import { type DocumentFonts, featuresOf, fontOf, glyphIdOf } from "./fonts.js";
import { rawObject, textString } from "./serialized.js";
import { type Fragment, RTL_SCRIPT, rightToLeftForm } from "./text.js";

// Drawing one fragment of a line, with the PDF operators directly. Left-to-right text that is
// not Arabic is written as pdf-lib's drawText writes it (one Tj, each glyph placed by its
// advance), but under the one name the page gives its font: drawText named the font anew for
// every call (and again to restore the font before), 190,000 names for a 5 MB body, each
// held in memory until saved and then written into the page's resources (issue 15).
// What drawText cannot do at all (measured with poppler 22, see test/languages.e2e.test.ts):
//
// - Arabic: Noto Sans Arabic draws a letter as a dotless skeleton plus its dots, marks that
//   fontkit's shaper places with offsets (GPOS) pdf-lib ignores, so a word-final letter's dots
//   landed beside it. Each glyph is placed at its own offset here.
// - Extraction: one skeleton glyph stands for several letters (ب ت ث ن ي in initial form), so
//   a font's ToUnicode map, one text per glyph, gives some letters back wrong (and fontkit
//   remembers a glyph's characters from its first use, so they cannot be trusted per glyph
//   either). Each right-to-left word is wrapped in a marked-content span whose /ActualText is
//   the word (ISO 32000 §14.9.4), which readers extract instead of the glyphs' ToUnicode.
// - Order: glyphs are written left to right, as they are seen. poppler (pdftotext, also with
//   -raw) reads a right-to-left word's characters in that order and reverses them itself;
//   written in logical order, each character moves left, and poppler breaks a word there.

const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

function fontKey(page: PDFPage, font: PDFFont): PDFName {
  let keys = fontKeys.get(page);
  if (!keys) {
    keys = new Map();
    fontKeys.set(page, keys);
  }
  let key = keys.get(font);
  if (!key) {
    key = page.node.newFontDictionary(font.name, font.ref);
    keys.set(font, key);
  }
  return key;
}

/**
 * Begins a marked-content sequence: `BMC` without properties, else `BDC` with them (names as
 * strings, numbers, or PDF objects such as hex-encoded UTF-16 text, safe for any text).
 */
export function beginMarked(
  tag: string,
  properties?: Record<string, string | number | PDFString | PDFHexString>,
): PDFOperator {
  if (!properties) return PDFOperator.of(PDFOperatorNames.BeginMarkedContent, [PDFName.of(tag)]);
  // Written as text, not as a dictionary of pdf-lib objects: a press kit opens one for every
  // run of an element's content, tens of thousands in a long one.
  const entries = Object.entries(properties).map(
    ([key, value]) =>
      `/${key} ${typeof value === "number" ? value : typeof value === "string" ? `/${value}` : value.toString()}`,
  );
  return PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
    PDFName.of(tag),
    rawObject(`<<${entries.join(" ")}>>`) as never,
  ]);
}

export const endMarked = () => PDFOperator.of(PDFOperatorNames.EndMarkedContent);

/**
 * How the pieces of a fragment that carry their own text (/ActualText) are marked. In a
 * structure element's content they cannot be spans nested in the sequence open around the
 * fragment: poppler (pdfinfo -struct-text) ends the element's text at the first nested span.
 * So the fragment closes that sequence (`suspend`) and marks each of its pieces as a sequence
 * of the element, with an MCID of its own and the piece's /ActualText (`begin`).
 */
export interface Marking {
  /** Opens the sequence around the fragment unless it is open: the fragment is drawn whole. */
  whole(): PDFOperator[];
  /** Closes the sequence open around the fragment, if any. */
  suspend(): PDFOperator[];
  /** Opens the sequence of one piece, with the text it stands for where given. */
  begin(actualText?: string): PDFOperator;
}

/** Pieces as spans inside the sequence open around them (an artifact, such as a page's header). */
const nested: Marking = {
  whole: () => [],
  suspend: () => [],
  begin: (actualText) =>
    beginMarked(
      "Span",
      actualText === undefined ? undefined : { ActualText: textString(actualText) },
    ),
};

/** Draws `fragment` with its left end at (x, y) on the baseline. */
export async function drawFragment(
  page: PDFPage,
  fonts: DocumentFonts,
  fragment: Fragment,
  x: number,
  y: number,
  color: RGB,
  marking: Marking = nested,
): Promise<void> {
  const font = await fonts.get(fragment.face, fragment.style);
  const rtl = fragment.actual !== undefined;
  const parsed = fontOf(fragment.face, fragment.style);
  const features = featuresOf(fragment.face);
  const texts = fonts.textsOf(font);
  if (fragment.face !== "arabic" && !rtl) {
    // Cleaned as drawText cleans it (a tab is four spaces); a fragment is one line.
    // The space cut off a line's end is drawn past it, for readers that join the lines (right
    // to left, it is in the structure's text: see Flow).
    const text = mergeLines(cleanText(fragment.text)) + (fragment.spaceAfter ? " " : "");
    const pieces = extractable(text, font.encodeText(text), parsed, features, texts);
    const [only] = pieces;
    const whole = pieces.length === 1 && only?.actual === undefined;
    page.pushOperators(
      ...(whole ? marking.whole() : marking.suspend()),
      pushGraphicsState(),
      beginText(),
      setFillingRgbColor(color.red, color.green, color.blue),
      setFontAndSize(fontKey(page, font), fragment.size),
      setTextMatrix(1, 0, 0, 1, x, y),
      ...(whole && only
        ? [showText(only.glyphs)]
        : pieces.flatMap((piece) => [
            marking.begin(piece.actual),
            showText(piece.glyphs),
            endMarked(),
          ])),
      endText(),
      popGraphicsState(),
    );
    return;
  }
  const scale = fragment.size / parsed.unitsPerEm;
  const ops = [
    ...(rtl ? marking.suspend() : marking.whole()),
    pushGraphicsState(),
    setFillingRgbColor(color.red, color.green, color.blue),
    beginText(),
    setFontAndSize(fontKey(page, font), fragment.size),
  ];
  const shapes: Array<{ glyph: fontkit.Glyph; x: number; y: number }> = [];
  let pen = x;
  /** Draws `text` as the face lays it out, from the pen on; marks become shapes. */
  const draw = (text: string) => {
    const run = parsed.layout(text, features);
    // pdf-lib's encoding of the same layout: the subset's glyph ids, four hex digits each.
    const ids = font.encodeText(text).toString().slice(1, -1).match(/.{4}/g) ?? [];
    // What the glyphs stand for, for the font's ToUnicode map: the words' /ActualText is
    // what readers take, but the map must still say something, the same in every process.
    // In a right-to-left script fontkit gives the glyphs in the order they are seen, each
    // letter one glyph that advances (its joining form, or the skeleton Noto Sans Arabic
    // shares between ب ت ث ن ي), its dots and vowel signs marks that do not (drawn as
    // shapes): letter by letter, the first letter a glyph is drawn for in the document names
    // it. Where they do not pair up (lam-alef is one glyph for two letters), only a glyph
    // the face's map gives a letter of the word is named; the rest the face's map names
    // (fonts.ts, `characterOf`).
    if (RTL_SCRIPT.test(text)) {
      const seen = [...run.glyphs].reverse().filter((g) => !rtl || g.advanceWidth > 0);
      const letters = [...text].filter((c) => !/\p{M}/u.test(c));
      const byGlyph =
        seen.length === letters.length
          ? undefined
          : new Map(letters.map((char) => [glyphIdOf(parsed, char), char]));
      seen.forEach((glyph, i) => {
        const char = byGlyph ? byGlyph.get(glyph.id) : letters[i];
        if (char !== undefined && !texts.has(glyph.id)) texts.set(glyph.id, char);
      });
    } else {
      glyphTexts(text, run.glyphs, parsed).forEach((t, i) => {
        const id = run.glyphs[i]?.id;
        if (id !== undefined && t !== undefined && !texts.has(id)) texts.set(id, t);
      });
    }
    run.glyphs.forEach((glyph, i) => {
      const position = run.positions[i];
      const gx = pen + (position?.xOffset ?? 0) * scale;
      const gy = y + (position?.yOffset ?? 0) * scale;
      // Arabic is measured with its kerning (see fontMeasure), which moves a reh closer.
      const advance =
        (fragment.face === "arabic" ? (position?.xAdvance ?? 0) : glyph.advanceWidth) * scale;
      if (rtl && glyph.advanceWidth === 0) shapes.push({ glyph, x: gx, y: gy });
      else ops.push(setTextMatrix(1, 0, 0, 1, gx, gy), showText(PDFHexString.of(ids[i] ?? "0000")));
      pen += advance;
    });
  };
  if (!rtl) draw(fragment.text);
  else {
    // Word by word, as seen (left to right): each word in a span whose /ActualText is the
    // word as written, given in visual order too, since poppler spreads a span's characters
    // over it left to right and reverses a right-to-left word itself (measured: given as
    // written, every word came out backwards). A space stays a plain glyph: poppler finds
    // the gap between words by it. A mark (the dots fontkit splits off a letter, a vowel
    // sign) is drawn as a shape, not as text: poppler measures a span from its first glyph
    // to its last, and ends a word where a glyph overlaps the one before.
    const tokens = (fragment.actual ?? "").split(/(\s+)/u).filter((t) => t !== "");
    for (const token of tokens.reverse()) {
      const space = /^\s+$/u.test(token);
      ops.push(marking.begin(space ? undefined : [...token].reverse().join("")));
      draw(space ? token : rightToLeftForm(token));
      ops.push(endMarked());
    }
  }
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
  if (!shapes.length) return;
  // The marks are drawn as shapes: their text is their word's /ActualText.
  if (rtl) page.pushOperators(beginMarked("Artifact"));
  for (const { glyph, x: mx, y: my } of shapes) {
    // Font units, y up; drawSvgPath flips y (SVG's y runs down), so flip it first.
    const path = glyph.path.scale(1, -1).toSVG();
    if (path) page.drawSvgPath(path, { x: mx, y: my, scale, color, borderWidth: 0 });
  }
  if (rtl) page.pushOperators(endMarked());
}

/**
 * What each glyph of a laid-out text stands for, by the font's own character map: a glyph
 * the map gives for the next character is that character; any other (a ligature such as
 * "ffi", a composed é) stands for the characters up to the next one the next glyph draws as
 * itself. Undefined where that cannot be told (a character drawn as several glyphs).
 */
export function glyphTexts(
  text: string,
  glyphs: readonly fontkit.Glyph[],
  font: fontkit.Font,
): Array<string | undefined> {
  const chars = [...text];
  const mapped = (char: string | undefined) => (char === undefined ? -1 : glyphIdOf(font, char));
  const out: Array<string | undefined> = [];
  let p = 0;
  for (let i = 0; i < glyphs.length; i++) {
    const id = glyphs[i]?.id;
    if (mapped(chars[p]) === id) {
      out.push(chars[p]);
      p++;
      continue;
    }
    const next = glyphs[i + 1]?.id;
    let q = p + 1;
    if (next === undefined) q = chars.length;
    else while (q < chars.length && mapped(chars[q]) !== next) q++;
    if (q > chars.length || (next !== undefined && q === chars.length)) {
      out.push(undefined);
      continue;
    }
    out.push(chars.slice(p, q).join(""));
    p = q;
  }
  // Characters left over (drawn by no glyph of their own): the text cannot be told apart.
  if (p < chars.length) return glyphs.map(() => undefined);
  return out;
}

/**
 * `text` (already laid out, and encoded as `encoded`) in pieces that extract to what they
 * stand for here. Each glyph's text goes into the font's ToUnicode map (`texts`) on its first
 * use in the document; a glyph drawn for other text later (金 after ⾦, which Noto Sans SC
 * draws alike; "fi" after ﬁ) is a piece of its own whose /ActualText says what it is (ISO
 * 32000-1 §14.9.4). Where the glyphs cannot be told apart, one piece has the whole text.
 */
function extractable(
  text: string,
  encoded: PDFHexString,
  parsed: fontkit.Font,
  features: Record<string, boolean> | undefined,
  texts: Map<number, string>,
): Array<{ glyphs: PDFHexString; actual?: string }> {
  const { glyphs } = parsed.layout(text, features);
  const meant = glyphTexts(text, glyphs, parsed);
  const hex = encoded.toString().slice(1, -1);
  // The font's ToUnicode map gives these glyphs what it can (fonts.ts, `ownToUnicode`).
  if (meant.some((t) => t === undefined)) return [{ glyphs: encoded, actual: text }];
  const pieces: Array<{ glyphs: PDFHexString; actual?: string }> = [];
  let plain = "";
  meant.forEach((t, i) => {
    const id = (glyphs[i] as fontkit.Glyph).id;
    const code = hex.slice(i * 4, i * 4 + 4);
    const known = texts.get(id);
    if (known === undefined) texts.set(id, t as string);
    if (known === undefined || known === t) {
      plain += code;
      return;
    }
    if (plain) pieces.push({ glyphs: PDFHexString.of(plain) });
    plain = "";
    pieces.push({ glyphs: PDFHexString.of(code), actual: t as string });
  });
  if (plain || pieces.length === 0) pieces.push({ glyphs: PDFHexString.of(plain) });
  return pieces;
}
