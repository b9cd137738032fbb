import {
  beginText,
  endText,
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
import { type DocumentFonts, fontOf } from "./fonts.js";
import type { Fragment } from "./text.js";

// Drawing one fragment of a line. Left-to-right text that is not Arabic goes through pdf-lib's
// drawText, which places each glyph by its advance. What that cannot do is done here with the
// PDF operators directly (measured with poppler 22, see test/languages.e2e.test.ts):
//
// - Arabic: Noto Sans Arabic draws a letter as a dotless skeleton plus its dots, marks that
//   fontkit's shaper places with offsets (GPOS) pdf-lib ignores, so a word-final letter's dots
//   landed beside it. Each glyph is placed at its own offset here.
// - Extraction: one skeleton glyph stands for several letters (ب ت ث ن ي in initial form), so
//   a font's ToUnicode map, one text per glyph, gives some letters back wrong. Each glyph of
//   right-to-left text is wrapped in a marked-content span whose /ActualText is the letters it
//   stands for (ISO 32000 §14.9.4), which readers extract instead of the glyph's ToUnicode.
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
    page.drawText(fragment.text, { x, y, size: fragment.size, font, color });
    return;
  }
  const parsed = fontOf(fragment.face, fragment.style);
  const run = parsed.layout(fragment.text);
  // pdf-lib's encoding of the same layout: the subset's glyph ids, four hex digits each.
  const ids = font.encodeText(fragment.text).toString().slice(1, -1).match(/.{4}/g) ?? [];
  const scale = fragment.size / parsed.unitsPerEm;
  const glyphs = run.glyphs.map((glyph, i) => {
    const position = run.positions[i];
    return {
      id: ids[i] ?? "0000",
      x: (position?.xOffset ?? 0) * scale,
      y: (position?.yOffset ?? 0) * scale,
      // Arabic is measured with its kerning (see fontMeasure), which moves a reh closer.
      advance:
        (fragment.face === "arabic" ? (position?.xAdvance ?? 0) : glyph.advanceWidth) * scale,
      // How many characters the glyph stands for: a ligature several, a mark fontkit split
      // off a letter (its dots) none.
      count: glyph.codePoints.length,
      text: "",
    };
  });
  let pen = x;
  for (const glyph of glyphs) {
    glyph.x += pen;
    glyph.y += y;
    // Advance by the glyph's width, as the line breaker measured it.
    pen += glyph.advance;
  }
  const ops = [
    pushGraphicsState(),
    setFillingRgbColor(color.red, color.green, color.blue),
    beginText(),
    setFontAndSize(fontKey(page, font), fragment.size),
  ];
  const shapes: typeof glyphs = [];
  const show = (glyph: (typeof glyphs)[number]) =>
    ops.push(setTextMatrix(1, 0, 0, 1, glyph.x, glyph.y), showText(PDFHexString.of(glyph.id)));
  if (!rtl) {
    glyphs.forEach(show);
  } else {
    // The glyphs are in visual order, as poppler reads them (it orders a right-to-left word's
    // characters itself): give each the characters it stands for.
    const visual = [...(fragment.actual ?? "")].reverse();
    const total = glyphs.reduce((sum, g) => sum + g.count, 0);
    if (total === visual.length) {
      let next = 0;
      for (const glyph of glyphs) {
        glyph.text = visual
          .slice(next, next + glyph.count)
          .reverse()
          .join("");
        next += glyph.count;
      }
      // A mark (dots fontkit split off a letter, a vowel sign) is drawn as a shape, not as
      // text: poppler measures a span from its first glyph to its last, and ends a word where
      // a glyph overlaps the one before, so a mark in or beside its letter's span would cut
      // the word. Its characters go into its letter's span. In visual order a mark comes
      // just before its letter.
      let marks: typeof glyphs = [];
      for (const glyph of glyphs) {
        if (glyph.advance === 0) {
          marks.push(glyph);
          continue;
        }
        // The span's characters in visual order too: poppler spreads them over the glyph left
        // to right and reverses the right-to-left word as a whole (measured: a vowel sign
        // given after its letter came out before it).
        const written = [glyph, ...[...marks].reverse()].map((g) => g.text).join("");
        ops.push(beginSpan(page, [...written].reverse().join("")));
        show(glyph);
        ops.push(endSpan());
        shapes.push(...marks);
        marks = [];
      }
      shapes.push(...marks);
    } else {
      // Glyphs and characters do not pair up: one span for the whole fragment.
      ops.push(beginSpan(page, [...(fragment.actual ?? "")].reverse().join("")));
      glyphs.forEach(show);
      ops.push(endSpan());
    }
  }
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
  for (const mark of shapes) {
    const glyph = run.glyphs[glyphs.indexOf(mark)];
    if (!glyph) continue;
    // Font units, y up; drawSvgPath flips y (SVG's y runs down), so flip it first.
    const path = glyph.path.scale(1, -1).toSVG();
    if (path) page.drawSvgPath(path, { x: mark.x, y: mark.y, scale, color, borderWidth: 0 });
  }
}
