import { describe, expect, it } from "vitest";
import { LAYOUT_CACHE_CHARACTERS } from "./fontkit-adapter.js";
import { fontOf } from "./fonts.js";

// The shaped runs a face keeps: the same text is shaped once while the cache has room, and
// the cache starts over once it holds LAYOUT_CACHE_CHARACTERS of text, whatever the number of
// texts (issue 15: long lines of a big body, each shaped once, filled it with 70 MB a face).

const advances = (run: { glyphs: { id: number; advanceWidth: number }[] }) =>
  run.glyphs.map((g) => [g.id, g.advanceWidth]);

describe("a face's cache of shaped runs", () => {
  it("#15: gives the same run for the same text while it has room, and starts over when full", () => {
    const font = fontOf("latin", "italic");
    const text = "Shaped once, drawn and measured many times";
    const first = font.layout(text);
    expect(font.layout(text)).toBe(first);
    // Long lines, each shaped once: fewer than a hundred of them fill the cache.
    const line = (i: number) => `${i} ${"the quick brown fox jumps over the lazy dog ".repeat(60)}`;
    const lines = Math.ceil(LAYOUT_CACHE_CHARACTERS / line(0).length) + 1;
    expect(lines).toBeLessThan(100);
    for (let i = 0; i < lines; i++) font.layout(line(i));
    const again = font.layout(text);
    expect(again).not.toBe(first);
    // Shaping again gives the same glyphs and advances: nothing drawn changes.
    expect(advances(again)).toEqual(advances(first));
  });
});
