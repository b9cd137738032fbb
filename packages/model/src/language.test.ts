import { describe, expect, it } from "vitest";
import { directionOfText } from "./language.js";

describe("the direction of a piece of text", () => {
  it("#13: is its first letter's, as dir=auto decides: a Latin name on an Arabic page is ltr", () => {
    expect(directionOfText("Docker, Inc.", "rtl")).toBe("ltr");
    expect(directionOfText("«شركة دوكر»")).toBe("rtl");
    expect(directionOfText("123 מוצר")).toBe("rtl");
    expect(directionOfText("2014 · 3", "rtl")).toBe("rtl");
    expect(directionOfText("", "ltr")).toBe("ltr");
  });
});
