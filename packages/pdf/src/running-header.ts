import { cutToFit } from "./ellipsis.js";

// The running header: the company and the title on one line, cut with "…" where the title is
// longer than the line (see ellipsis.ts).

/**
 * `text` as it fits `width` (measured by `widthOf`): whole when it fits, else its longest
 * start of whole graphemes that fits with "…" after it.
 */
export function fitWithEllipsis(
  text: string,
  width: number,
  widthOf: (text: string) => number,
  lang?: string,
): string {
  return cutToFit(text, (t) => widthOf(t) <= width, lang);
}
