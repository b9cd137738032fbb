import { describe, expect, it } from "vitest";
import { fitWithEllipsis } from "./running-header.js";

// Issue 13: the running header cut with "…", between graphemes, never inside one.

/** One unit of width per code point: a cut inside a grapheme would be visible as a count. */
const byCodePoint = (text: string) => [...text].length;
const graphemes = (text: string) => [
  ...new Intl.Segmenter("en", { granularity: "grapheme" }).segment(text),
];

describe("fitWithEllipsis", () => {
  it("#13: leaves a text that fits whole, with no …", () => {
    expect(fitWithEllipsis("Acme · Series A", 40, byCodePoint)).toBe("Acme · Series A");
  });

  it("#13: cuts a long title with … within the width, at a space's end", () => {
    const cut = fitWithEllipsis("Acme · Acme raises €4 million for robots", 20, byCodePoint);
    expect(cut.endsWith("…")).toBe(true);
    expect(byCodePoint(cut)).toBeLessThanOrEqual(20);
    // No space or separator left dangling before the "…".
    expect(cut).not.toMatch(/[\s·]…$/u);
    expect("Acme · Acme raises €4 million for robots".startsWith(cut.slice(0, -1))).toBe(true);
  });

  it("#13: never cuts inside a surrogate pair, a combining sequence or an emoji sequence", () => {
    // 𠀋 is a surrogate pair, é is e + U+0301, 👩🏽‍🚀 is five code points and one grapheme.
    const text = "Caf\u0065\u0301 𠀋𠀋 👩🏽‍🚀👩🏽‍🚀 de\u0301ja\u0300 vu 𠀋👩🏽‍🚀e\u0301";
    const boundaries = new Set(
      graphemes(text).map((g) => text.slice(0, g.index + g.segment.length)),
    );
    for (let width = 2; width < byCodePoint(text); width++) {
      const cut = fitWithEllipsis(text, width, byCodePoint);
      const shown = cut.slice(0, -1);
      expect(cut.endsWith("…"), `${width}`).toBe(true);
      expect(byCodePoint(cut), `${width}: ${cut}`).toBeLessThanOrEqual(width);
      // What is shown ends where a grapheme ends (or is empty).
      expect(
        shown === "" || [...boundaries].some((b) => b.trimEnd() === shown),
        `${width}: ${cut}`,
      ).toBe(true);
    }
  });

  it("#13: cuts Chinese and Arabic titles by their own graphemes", () => {
    const zh = "Docker, Inc. · Docker 获得 B 轮 1500 万美元融资，用于建设分布式应用平台";
    const cut = fitWithEllipsis(zh, 24, byCodePoint, "zh-CN");
    expect(cut.endsWith("…")).toBe(true);
    expect(zh.startsWith(cut.slice(0, -1))).toBe(true);
    // Arabic with its vowel marks: a mark stays with its letter.
    const ar = "أكمي روبوتيكس تجمعُ أربعةَ ملايينِ يورو لتوسيعِ مصانعِها";
    for (let width = 4; width < byCodePoint(ar); width++) {
      const shown = fitWithEllipsis(ar, width, byCodePoint, "ar").slice(0, -1);
      expect(shown === ar.slice(0, shown.length)).toBe(true);
      expect(/\p{M}/u.test(ar[shown.length] ?? "")).toBe(false);
    }
  });
});
