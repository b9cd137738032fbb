// The running header: the company and the title on one line, cut with "…" where the title is
// longer than the line. Cut between graphemes (what a reader takes for one character: a
// letter with its accents, an emoji with its modifiers, a surrogate pair), never inside one.

/** What the reader sees as one character, each, in the order written. */
function graphemes(text: string, lang?: string): string[] {
  return [...new Intl.Segmenter(lang, { granularity: "grapheme" }).segment(text)].map(
    (s) => s.segment,
  );
}

/** Spaces and separators a cut should not leave before the "…" ("Docker ·…"). */
const dangling = /[\s\p{Z}·,;:、，；：\-–—(（「『"“‘]+$/u;

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
  if (widthOf(text) <= width) return text;
  const parts = graphemes(text, lang);
  const cut = (n: number) => `${parts.slice(0, n).join("").replace(dangling, "")}…`;
  // The widths only grow with n: the longest start that fits, by halving.
  let low = 0;
  let high = parts.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (widthOf(cut(mid)) <= width) low = mid;
    else high = mid - 1;
  }
  return cut(low);
}
