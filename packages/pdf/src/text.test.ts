import { describe, expect, it } from "vitest";
import { fontMeasure } from "./flow.js";
import { type Face, faceFor, fontOf } from "./fonts.js";
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

  it("#13: cuts an address before a hyphen, never after it (where it reads as hyphenation)", () => {
    const url = "https://www.example.org/annual-report-with-a-very-long-file-name-that-cannot-fit";
    const result = breakLines([{ ...run(url), whole: true }], 18, measure).map((l) =>
      l.fragments.map((f) => f.text).join(""),
    );
    expect(result.join("")).toBe(url);
    expect(result.some((l) => l.startsWith("-"))).toBe(true);
    for (const line of result) expect(line.endsWith("-"), line).toBe(false);
  });

  it("#13: keeps a raised mark (a note's or a link's number) on the line of the word before it", () => {
    // "社区" and its mark "[22]" fill the line: the mark and the comma after it go with it.
    const result = breakLines(
      [run("不可思议的社区"), { ...run("[22]"), superscript: true }, run("，有超过")],
      15,
      measure,
    ).map((l) => l.fragments.map((f) => f.text).join(""));
    expect(result.join("")).toBe("不可思议的社区[22]，有超过");
    for (const line of result) expect(line.startsWith("[")).toBe(false);
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

describe("#11: text in other languages", () => {
  const breaks = (text: string, width: number, lang: string) =>
    breakLines([{ ...run(text), lang }], width, measure).map((l) =>
      l.fragments.map((f) => f.text).join(""),
    );

  it("#11: Korean lines break only at spaces, never inside a Hangul word (keep-all)", () => {
    const text =
      "우리는 현장의 목소리를 듣고 공정 하나하나를 확인하면서 작은 개선을 꾸준히 쌓아 왔습니다.";
    const words = new Set(text.split(" "));
    // The longest word is 5 syllables (10 wide): every width from there up.
    for (let width = 10; width <= 60; width++) {
      const result = breaks(text, width, "ko");
      expect(result.join(" ")).toBe(text);
      for (const line of result) for (const word of line.split(" ")) expect(words).toContain(word);
    }
  });

  it("#11: a Korean word longer than the line may still be split", () => {
    const result = breaks("가나다라마바사아자차카타파하", 10, "ko");
    expect(result.join("")).toBe("가나다라마바사아자차카타파하");
    expect(result.length).toBeGreaterThan(1);
  });

  it("#11: Chinese and Japanese still break between characters", () => {
    expect(breaks("我们的机器人如今在每个班次都与人并肩工作", 10, "zh-CN").length).toBeGreaterThan(
      1,
    );
    expect(breaks("ロボットは今すべてのシフトで働いています", 10, "ja").length).toBeGreaterThan(1);
  });

  it("#11: no Japanese or Traditional Chinese line starts with closing punctuation or small kana", () => {
    const texts = [
      "「現場の声」を聞き、ひとつひとつの工程を確かめながら、ちょっとした改善を積み重ねてきました。『これなら続けられる』（本当に）〔注〕という声があっという間に広がった。",
      "我們傾聽「現場的聲音」，逐一確認每道工序，一點一滴累積改進。『這樣就能持續下去』——這是我們最大的鼓勵（真的）。",
    ];
    for (const text of texts) {
      for (const width of [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22]) {
        const result = breaks(text, width, text.includes("ち") ? "ja" : "zh-TW");
        expect(result.join("")).toBe(text);
        for (const line of result.slice(1)) {
          expect(noLineStart.has([...line][0] ?? ""), `${width}: ${line}`).toBe(false);
        }
      }
    }
    for (const char of "」』、。）〕】ぁぃぅぇぉっゃゅょァィゥェォッャュョー") {
      expect(noLineStart.has(char)).toBe(true);
    }
  });
});

describe("#11: faces by the language of the text", () => {
  it("#11: the same Han characters take the face of their language's regional forms", () => {
    const face = (lang: string) => faceFor("今", "regular", lang);
    expect(face("ja")).toBe("jp");
    expect(face("ko")).toBe("kr");
    expect(face("zh-CN")).toBe("sc");
    expect(face("zh-Hans")).toBe("sc");
    expect(face("zh-TW")).toBe("tc");
    expect(face("zh-Hant")).toBe("tc");
    expect(face("zh-HK")).toBe("hk");
    expect(face("zh-MO")).toBe("hk");
    // Han in a language with no CJK face of its own: Simplified Chinese.
    expect(face("de")).toBe("sc");
    expect(faceFor("今", "regular", undefined)).toBe("sc");
  });

  it("#11: letters take their script's face, whatever the text's language", () => {
    expect(faceFor("A", "regular", "ja")).toBe("latin");
    expect(faceFor("Ж", "regular", "zh-CN")).toBe("latin");
    expect(faceFor("م", "regular", "de")).toBe("arabic");
    // Hangul in a Japanese run: the Japanese face has none, the Korean face draws it.
    expect(faceFor("한", "regular", "ja")).toBe("kr");
    // Kana in Chinese text: the Chinese face has them.
    expect(faceFor("の", "regular", "zh-CN")).toBe("sc");
  });

  it("#11: digits, spaces and punctuation stay in the face of the text around them", () => {
    expect(faceFor("4", "regular", "ar", "arabic")).toBe("arabic");
    expect(faceFor("4", "regular", "ja", "latin")).toBe("latin");
    expect(faceFor("、", "regular", "ja", "latin")).toBe("jp");
    expect(faceFor("4", "regular", "ja")).toBe("jp");
    expect(faceFor("4", "regular", "de")).toBe("latin");
  });

  it("#11: Japanese and Korean have no italic: emphasis keeps the upright face", () => {
    expect(fontOf("jp", "italic")).toBe(fontOf("jp", "regular"));
    expect(fontOf("kr", "boldItalic")).toBe(fontOf("kr", "bold"));
    expect(fontOf("latin", "italic")).not.toBe(fontOf("latin", "regular"));
  });
});

describe("#11: right to left (Unicode bidi, per line)", () => {
  const rtl = (text: string, width = 1000) =>
    breakLines([run(text)], width, measure, () => {}, { lang: "ar", direction: "rtl" });

  it("#11: an Arabic line reads right to left, with a Latin name and a number in their own order", () => {
    const [line] = rtl("تجمع Acme Robotics مبلغ 4 ملايين");
    // Left to right on the page: the last words first; the name and the number read forward.
    const shown = line?.fragments.map((f) => f.actual ?? f.text) ?? [];
    expect(shown).toEqual([" ملايين", "4", "مبلغ ", " ", "Acme Robotics", "تجمع "]);
    expect(line?.fragments.map((f) => f.x)).toEqual(
      line?.fragments.map((_, i, all) => all.slice(0, i).reduce((sum, f) => sum + f.width, 0)),
    );
  });

  it("#11: an Arabic fragment is handed to the shaper as written; other right-to-left text is reversed, brackets mirrored", () => {
    const [line] = rtl("نص (مثال)");
    const fragments = line?.fragments ?? [];
    // One Arabic-face run at the right-to-left level: fontkit shapes it and reverses it.
    expect(fragments.map((f) => f.actual)).toEqual(["نص (مثال)"]);
    expect(fragments.map((f) => f.text)).toEqual(["نص )مثال("]);
  });

  it("#11: lines are broken in logical order, then each put in visual order", () => {
    const text = "الكلمة الأولى ثم الثانية ثم الثالثة";
    const lines = rtl(text, 16);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((l) => l.fragments.map((f) => f.actual ?? f.text).join("")).join(" ")).toBe(
      text,
    );
  });

  it("#11: an isolated phone number keeps its order in Arabic text, and the isolates are not drawn", () => {
    const [line] = rtl("الهاتف: \u2066+31 20 555 0100\u2069");
    expect(line?.fragments.map((f) => f.text)).toEqual(["+31 20 555 0100", "الهاتف: "]);
    expect(line?.width).toBe(15 * 2 + 8 * 2);
  });

  it("#11: a left-to-right paragraph is untouched unless it has right-to-left text", () => {
    const [line] = breakLines([run("Docker raises")], 100, measure, () => {}, { lang: "en" });
    expect(line?.fragments.map((f) => [f.text, f.actual])).toEqual([["Docker raises", undefined]]);
    // An Arabic name in an English sentence is still put right to left.
    const [mixed] = breakLines([run("Led by شركة نور today")], 100, measure);
    expect(mixed?.fragments.map((f) => f.actual ?? f.text)).toEqual([
      "Led by ",
      "شركة نور",
      " ",
      "today",
    ]);
  });
});

describe("#11: measured as drawn", () => {
  it("#11: a Korean line is as wide as its words and spaces measured one by one", () => {
    // Noto Sans KR widens a space between Hangul through contextual alternates; the line
    // breaker measures words and spaces apart, so the face is laid out without them.
    const measure = fontMeasure();
    const whole = measure("로봇은 비로소 진짜가", "kr", "regular", 10);
    const parts = ["로봇은", " ", "비로소", " ", "진짜가"].reduce(
      (sum, part) => sum + measure(part, "kr", "regular", 10),
      0,
    );
    expect(whole).toBeCloseTo(parts, 6);
  });
});
