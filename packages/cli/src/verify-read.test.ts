import { describe, expect, it } from "vitest";
import { leftToRightOrder } from "./verify-read.js";

// Issue 13: pdftotext reads a right-to-left name in a left-to-right press kit in the order its
// words stand on the page, each in an embedding (U+202B … U+202C).
describe("leftToRightOrder", () => {
  it("#13: puts the words of an Arabic or Hebrew name in an English line back in reading order, without the controls", () => {
    expect(leftToRightOrder("\u202bدوكر\u202c \u202bشركة\u202c · Docker raises $15 million")).toBe(
      "شركة دوكر · Docker raises $15 million",
    );
    expect(
      leftToRightOrder("\u202bבע״מ\u202c \u202bרובוטיקס\u202c \u202bלומורה\u202c · Title"),
    ).toBe("לומורה רובוטיקס בע״מ · Title");
  });

  it("#13: a number between two right-to-left words stays in their run; isolates and marks go", () => {
    expect(leftToRightOrder("Hello \u202bب\u202c 2 \u202bأ\u202c world")).toBe("Hello أ 2 ب world");
    expect(leftToRightOrder("\u2068Docker\u2069 \u200eInc.\u200f")).toBe("Docker Inc.");
    // A Latin word ends the run: only the right-to-left words on each side turn round.
    expect(leftToRightOrder("\u202bب\u202c \u202bأ\u202c Docker \u202bد\u202c \u202bج\u202c")).toBe(
      "أ ب Docker ج د",
    );
  });
});
