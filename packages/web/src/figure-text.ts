import { BREAKABLE, CJK } from "@herald/model";
import { type Html, html } from "./html.js";

// A figure as a tile or a newsroom entry shows it: the number and what qualifies it are one
// unit a line never splits (the document's `unit`, see packages/model/src/figure-unit.ts).

/** The figure with its number and qualifier (its `unit`) in one unbreakable span. */
export function figureText(text: string, unit: readonly [number, number] | undefined): Html {
  if (!unit) return html`${text}`;
  const [start, end] = unit;
  // A unit with no place to break ("400,000", "US$15M") needs no span.
  const inside = text.slice(start, end);
  if (!BREAKABLE.test(inside) && !CJK.test(inside) && start === 0 && end === text.length) {
    return html`${text}`;
  }
  // The no-break space before a word-long unit left out of the span becomes a space a line may
  // break at ("mehr als 300 / Mitwirkende" in a narrow tile).
  const rest = text.slice(end).replace(/^[\u00a0\u202f]/, " ");
  return html`${text.slice(0, start)}<span class="figure">${text.slice(start, end)}</span>${rest}`;
}

/**
 * About how many ems wide `text` is in a bold sans-serif, reckoned for a wide face (DejaVu
 * Sans Bold, Linux's usual one) so that it fits in narrower ones too: Han, kana and Hangul a
 * whole em, digits 0.7, letters 0.68 (capitals 0.76), spaces and punctuation less.
 */
export function emWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if (CJK.test(char) || /[\u3000-\u303f\uff00-\uffef]/.test(char)) width += 1;
    else if (/\s/.test(char)) width += 0.35;
    else if (/[.,'’:;!|٬٫]/.test(char)) width += 0.38;
    else if (/\p{Nd}/u.test(char)) width += 0.7;
    else if (/\p{Lu}/u.test(char)) width += 0.76;
    else width += 0.68;
  }
  return width;
}

/** The rule that keeps the unit whole. */
export const figureTextCss = `
.figure { white-space: nowrap; }
`;
