// Cutting a text with "…" where there is no room for all of it (the running header, the
// cover's title and summary). Cut between graphemes (what a reader takes for one character:
// a letter with its accents, an emoji with its modifiers, a surrogate pair), never inside one,
// and at a space where one is near.

/** What the reader sees as one character, each, in the order written. */
function graphemes(text: string, lang?: string): string[] {
  return [...new Intl.Segmenter(lang, { granularity: "grapheme" }).segment(text)].map(
    (s) => s.segment,
  );
}

/** Spaces and separators a cut should not leave before the "…" ("Docker ·…"). */
const dangling = /[\s\p{Z}·,;:、，；：\-–—(（「『"“‘]+$/u;

/** How far back (in graphemes) a cut goes to end at a space rather than inside a word. */
const WORD_REACH = 16;

/**
 * `text` whole when `fits` it, else its longest start of whole graphemes that fits with "…"
 * after it (ending at a space if one is within a few characters: a word is not cut).
 */
export function cutToFit(
  text: string,
  fits: (text: string) => boolean,
  lang?: string,
  words = false,
): string {
  if (fits(text)) return text;
  const parts = graphemes(text, lang);
  const cut = (n: number) => `${parts.slice(0, n).join("").replace(dangling, "")}…`;
  // The text only grows with n: the longest start that fits, by halving.
  let low = 0;
  let high = parts.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(cut(mid))) low = mid;
    else high = mid - 1;
  }
  if (words && /\S/u.test(parts[low] ?? "")) {
    for (let n = low; n > 0 && n > low - WORD_REACH; n--) {
      if (/\s/u.test(parts[n] ?? "")) return cut(n);
    }
  }
  return cut(low);
}
