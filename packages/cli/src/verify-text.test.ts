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

  it("#11: the invisible direction marks that begin a right-to-left text part's lines do not come between a row's pieces", () => {
    // The Arabic email's text part begins each line with U+200F and isolates a phone number
    // with U+2066 … U+2069 (packages/email/src/text.ts).
    const text = new OutputText(
      "\u200fالمستثمرون المشاركون:\n\u200f  - Contoso Ventures\n\u200f  - صندوق نور\n\u200fالهاتف: \u2066+31 20 555 0100\u2069\n",
    );
    expect(text.row(["المستثمرون المشاركون", "Contoso Ventures", "صندوق نور"])).toBe(true);
    expect(text.has("+31 20 555 0100")).toBe(true);
  });

  it("#13: other invisible format characters (a soft hyphen, a word joiner, a zero-width joiner) do not count either", () => {
    const text = new OutputText("Docker\u00ad\u2060 raises \u200d$15\u00a0million");
    expect(text.has("Docker raises $15 million")).toBe(true);
    expect(text.has("Docker raises $16 million")).toBe(false);
  });
});
