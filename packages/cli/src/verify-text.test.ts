import { describe, expect, it } from "vitest";
import { OutputText } from "./verify-text.js";

describe("OutputText", () => {
  it("#11: finds text with any ASCII punctuation in a PDF that drew some characters as □", () => {
    // In a u-flag pattern "\-" is a syntax error: this crashed herald verify on a hyphen.
    const punctuation = "a-b/c.d*e+f?g(h)i[j]k{l}m|n^o$p\\q";
    const pdf = new OutputText(`x □ ${punctuation} y`, true);
    expect(pdf.has(punctuation)).toBe(true);
    expect(pdf.has("water-free")).toBe(false);
    expect(new OutputText("□ water□free", true).has("water-free")).toBe(true);
  });
});
