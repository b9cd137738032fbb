import { figureUnit, wordsFor } from "@herald/model";
import { describe, expect, it } from "vitest";
import { emWidth, figureText } from "./figure-text.js";

/** The figure's HTML with the unit the model finds in it. */
const shown = (text: string, locale: string) =>
  figureText(text, figureUnit(text, wordsFor(locale))).value;

describe("#6: a figure on the page", () => {
  it("#6: marks the unit up as one span, the rest as text that may wrap", () => {
    expect(shown("over 300 contributors", "en")).toBe(
      '<span class="figure">over 300</span> contributors',
    );
    // A word-long unit may wrap after all, though the words join it with a no-break space.
    expect(shown("mehr als 300\u00a0Mitwirkende", "de")).toBe(
      '<span class="figure">mehr als 300</span> Mitwirkende',
    );
    expect(shown("rund 40\u00a0km", "de")).toBe('<span class="figure">rund 40\u00a0km</span>');
    expect(shown("400,000", "en")).toBe("400,000");
    expect(shown("<b>many</b>", "en")).toBe("&#60;b&#62;many&#60;/b&#62;");
    expect(shown("over <300>", "en")).toBe('<span class="figure">over &#60;300&#62;</span>');
  });

  it("#6: measures Han a whole em and Latin letters less", () => {
    expect(emWidth("超过300位")).toBeCloseTo(2 + 2.1 + 1);
    expect(emWidth("over 5,000")).toBeCloseTo(4 * 0.68 + 0.35 + 0.7 + 0.38 + 2.1);
  });
});
