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
  popGraphicsState,
  pushGraphicsState,
  type RGB,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
  showText,
} from "pdf-lib";
import { type DocumentFonts, featuresOf, fontOf } from "./fonts.js";
import { type Fragment, rightToLeftForm } from "./text.js";

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

const beginSpan = (page: PDFPage, text: string) =>
  PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
    PDFName.of("Span"),
    // Hex-encoded UTF-16: any text is safe in the content stream.
    page.doc.context.obj({ ActualText: PDFHexString.fromText(text) }) as never,
  ]);
const endSpan = () => PDFOperator.of(PDFOperatorNames.EndMarkedContent);

/** Draws `fragment` with its left end at (x, y) on the baseline. */
export async function drawFragment(
  page: PDFPage,
  fonts: DocumentFonts,
  fragment: Fragment,
  x: number,
  y: number,
  color: RGB,
): Promise<void> {
  const font = await fonts.get(fragment.face, fragment.style);
  const rtl = fragment.actual !== undefined;
  if (fragment.face !== "arabic" && !rtl) {
    page.pushOperators(
      pushGraphicsState(),
      beginText(),
      setFillingRgbColor(color.red, color.green, color.blue),
      setFontAndSize(fontKey(page, font), fragment.size),
      setTextMatrix(1, 0, 0, 1, x, y),
      // Cleaned as drawText cleans it (a tab is four spaces); a fragment is one line.
      showText(font.encodeText(mergeLines(cleanText(fragment.text)))),
      endText(),
      popGraphicsState(),
    );
    return;
  }
  const parsed = fontOf(fragment.face, fragment.style);
  const features = featuresOf(fragment.face);
  const scale = fragment.size / parsed.unitsPerEm;
  const ops = [
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
      if (/^\s+$/u.test(token)) draw(token);
      else {
        ops.push(beginSpan(page, [...token].reverse().join("")));
        draw(rightToLeftForm(token));
        ops.push(endSpan());
      }
    }
  }
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
  for (const { glyph, x: mx, y: my } of shapes) {
    // Font units, y up; drawSvgPath flips y (SVG's y runs down), so flip it first.
    const path = glyph.path.scale(1, -1).toSVG();
    if (path) page.drawSvgPath(path, { x: mx, y: my, scale, color, borderWidth: 0 });
  }
}
