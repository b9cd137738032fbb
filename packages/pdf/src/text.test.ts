import { describe, expect, it } from "vitest";
import type { Face } from "./fonts.js";
import { breakLines, noLineEnd, noLineStart, type Run } from "./text.js";

// A fixed-width measure keeps the expectations readable: every Latin character is 1 wide,
// every character of another face 2, at size 1.
const measure = (text: string, face: Face) => [...text].length * (face === "latin" ? 1 : 2);
const run = (text: string): Run => ({ text, style: "regular", size: 1 });
const lines = (text: string, width: number, missing: string[] = []) =>
  breakLines([run(text)], width, measure, (c) => missing.push(c)).map((l) =>
    l.fragments.map((f) => f.text).join(""),
  );

describe("breakLines", () => {
  it("never splits a Latin word and lets spaces hang", () => {
    expect(lines("The quick brown fox jumps over the lazy dog", 15)).toEqual([
      "The quick brown",
      "fox jumps over",
      "the lazy dog",
    ]);
  });

  it("breaks CJK text between characters but never before closing punctuation", () => {
    const text = "我们高兴地宣布，完成了融资。该轮融资由领投，我们跟投。“引号”里的话（括号）";
    for (const width of [8, 10, 12, 14, 16, 18, 20, 22, 26]) {
      const result = lines(text, width);
      expect(result.join("")).toBe(text);
      for (const line of result.slice(1)) expect(noLineStart.has([...line][0] ?? "")).toBe(false);
      for (const line of result.slice(0, -1))
        expect(noLineEnd.has([...line].at(-1) ?? "")).toBe(false);
    }
  });

  it("mixes scripts in one line with the right face for each character", () => {
    const [line] = breakLines([run("Docker 获得 B 轮融资")], 100, measure);
    // Spaces stay in the face of the word before them.
    expect(line?.fragments.map((f) => [f.text, f.face])).toEqual([
      ["Docker ", "latin"],
      ["获得 ", "sc"],
      ["B ", "latin"],
      ["轮融资", "sc"],
    ]);
    expect(line?.width).toBe(7 + 6 + 2 + 6);
  });

  it("reports characters no face has, and shows a visible box instead of dropping them", () => {
    const missing: string[] = [];
    expect(lines("Launch 🚀 day", 40, missing)).toEqual(["Launch □ day"]);
    expect(missing).toEqual(["🚀"]);
  });

  it("splits an address too long for the line after a slash, not mid-segment at random", () => {
    const url = "https://www.example.com/a/very/long/path/to/a/page.html";
    const result = lines(`See ${url} now`, 20);
    expect(result.join("").replace(/\s/g, "")).toBe(`See${url}now`);
    for (const line of result) expect(measure(line, "latin")).toBeLessThanOrEqual(20);
    expect(result.slice(1, -1).every((l) => /[/.]$/.test(l))).toBe(true);
  });

  it("keeps links and styles on their own fragments", () => {
    const [line] = breakLines(
      [
        run("Read "),
        { text: "the post", style: "bold", size: 1, link: "https://e.example" },
        run("."),
      ],
      100,
      measure,
    );
    expect(line?.fragments.map((f) => [f.text, f.style, f.link ?? ""])).toEqual([
      ["Read ", "regular", ""],
      ["the post", "bold", "https://e.example"],
      [".", "regular", ""],
    ]);
  });
});

describe("breakLines: trailing spaces", () => {
  it("#10: a line's last fragment is as wide as its text, without the space cut off its end", () => {
    const result = breakLines([run("aaaa bbbb cccc")], 8, measure);
    expect(result.map((l) => l.fragments.map((f) => [f.text, f.width]))).toEqual([
      [["aaaa", 4]],
      [["bbbb", 4]],
      [["cccc", 4]],
    ]);
    expect(result.map((l) => l.width)).toEqual([4, 4, 4]);
  });

  it("#10: spaces of two faces at a line's end are all cut off, not just the last face's", () => {
    const result = breakLines(
      [
        { text: "aaaa ", style: "bold", size: 1 },
        { text: " bbbb", style: "regular", size: 1 },
      ],
      8,
      measure,
    );
    expect(result.map((l) => l.fragments.map((f) => [f.text, f.style, f.width]))).toEqual([
      [["aaaa", "bold", 4]],
      [["bbbb", "regular", 4]],
    ]);
  });
});
