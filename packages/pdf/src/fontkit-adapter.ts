import { EventEmitter } from "node:events";
import * as fontkit from "fontkit";
import type { PDFDocument } from "pdf-lib";

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];

// pdf-lib's own fontkit fork writes broken subsets of CJK fonts (the page looks right only
// where a CJK system font stands in: https://github.com/Hopding/pdf-lib/issues/1279).
// Upstream fontkit 2 subsets correctly, but replaced `subset.encodeStream()` (which pdf-lib
// calls) with a synchronous `encode()`; this shim gives pdf-lib the stream it expects.
type Subset = { encode(): Uint8Array; encodeStream?: () => EventEmitter };

// Parsing a 10 MB CJK face is most of the cost of a press kit: each face is parsed once per
// process and shared by every document (subsets are made per document, so this is safe).
const parsed = new WeakMap<Uint8Array, fontkit.Font>();

/** The parsed font for these bytes, parsed once. */
export function parseFont(data: Uint8Array): fontkit.Font {
  let font = parsed.get(data);
  if (!font) {
    font = fontkit.create(
      Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    ) as fontkit.Font;
    cacheLayout(font);
    parsed.set(data, font);
  }
  return font;
}

/**
 * Shaping the same words again is the next largest cost (pdf-lib shapes every string it draws
 * or measures): remember recent results. Shaping is deterministic, so this changes no byte.
 */
function cacheLayout(font: fontkit.Font): void {
  const layout = font.layout.bind(font);
  const cache = new Map<string, fontkit.GlyphRun>();
  let characters = 0;
  font.layout = ((text: string, features?: unknown) => {
    const key = features === undefined ? text : `${text}\u0000${JSON.stringify(features)}`;
    let result = cache.get(key);
    if (!result) {
      if (characters + text.length > LAYOUT_CACHE_CHARACTERS) {
        cache.clear();
        characters = 0;
      }
      result = layout(text, features as never);
      cache.set(key, result);
      characters += text.length;
    }
    return result;
  }) as typeof font.layout;
}

/**
 * How much text a face's cache of shaped runs holds before it starts over. A run costs about
 * 100 bytes a character (a position object per glyph): bounded by entries alone, the lines of
 * a 5 MB body (each drawn once) filled it with 70 MB per face (issue 15).
 */
export const LAYOUT_CACHE_CHARACTERS = 200_000;

export const upstreamFontkit: Fontkit = {
  create(data: Uint8Array) {
    const font = parseFont(data) as unknown as {
      createSubset(): Subset;
    };
    if ((font as { patched?: boolean }).patched) return font as never;
    (font as { patched?: boolean }).patched = true;
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      subset.encodeStream = () => {
        const stream = new EventEmitter();
        queueMicrotask(() => {
          stream.emit("data", subset.encode());
          stream.emit("end");
        });
        return stream;
      };
      return subset;
    };
    return font as never;
  },
} as Fontkit;
