import { around, type Labels } from "./labels.js";

// A figure as a tile or a list shows it ("over 300 contributors", "超过300位贡献者",
// "1,400대 이상", "أكثر من ٣٠٠ مستخدم"): the number and what qualifies it (the qualifier, a
// currency sign, a unit written onto it, a classifier, 万) are one unit a line never splits;
// the rest ("contributors") may wrap. The document gives each figure this unit, so that every
// output keeps the same words together.

/** Spaces a line may break at; no-break spaces (U+00A0, U+2007, U+202F) are left to the text. */
export const BREAKABLE = /[ \t\n\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]/;

/** A number in any script's digits, with its group and decimal separators. */
const NUMBER = /\p{Nd}(?:[\p{Nd},.\u00a0\u202f'’٬٫]*\p{Nd})?/u;

/** The large-number words a CJK figure may put after its digits, with a space: "1500 万". */
const MYRIAD = /^ [万萬亿億兆만억조]/;

/** Up to three characters after a space, ending the text or a word: a unit, a currency. */
const SHORT_AFTER = /^[ \u00a0\u202f][^\s\p{Nd}]{1,3}(?=\s|$)/u;
const SHORT_BEFORE = /(?<=^|\s)[^\s\p{Nd}]{1,3}[ \u00a0\u202f]$/u;

/** No-break spaces a figure's text may hold between its number and its unit. */
const NO_BREAK = /[\u00a0\u202f]/;
/** A word of four or more letters, to the next space or the end. */
const LONG_WORD = /^[^\s\p{Nd}]{4,}/u;

/** Han, kana and Hangul: set one after another with no space, breakable between any two. */
export const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Where the number of `text` and what belongs to it are: [start, end), or undefined for a
 * text with no number. `words` are the text's language's, whose qualifiers ("over {figure}",
 * "{figure} 이상") are kept with the number whichever side they stand on.
 */
export function figureUnit(text: string, words: Labels): [number, number] | undefined {
  const found = NUMBER.exec(text);
  if (!found) return undefined;
  let start = found.index;
  let end = start + found[0].length;
  // Written onto the number: a currency sign or code before it ("US$", "€"), a sign, a unit
  // or suffix after it ("%", "M", "万", "대"). In CJK text, where every character is a place
  // to break, only one character after it (a classifier: 300位, 1,400台).
  const attached = (char: string | undefined) => char !== undefined && !BREAKABLE.test(char);
  while (attached(text[start - 1]) && !CJK.test(text[start - 1] as string)) start--;
  // After 万 the unit may take two characters: "1500 万美元", "40 万次".
  const myriad = MYRIAD.test(text.slice(end));
  if (myriad) end += 2;
  let cjk = 0;
  while (attached(text[end])) {
    if (CJK.test(text[end] as string) && ++cjk > (myriad ? 2 : 1)) break;
    // A word-long unit after a no-break space ("300\u00a0Mitwirkende") may go to the next line
    // of a narrow tile; a short one ("15\u00a0€", "40\u00a0km") stays.
    if (NO_BREAK.test(text[end] as string) && LONG_WORD.test(text.slice(end + 1))) break;
    end++;
  }
  // A short unit or currency set apart by a space ("12.5 %", "40 km", "USD 15"), kept on.
  const after = SHORT_AFTER.exec(text.slice(end));
  if (after) end += after[0].length;
  const before = SHORT_BEFORE.exec(text.slice(0, start));
  if (before) start -= before[0].length;
  for (const qualifier of [words.over, words.approximately]) {
    const [before, after] = around(qualifier);
    if (before && text.startsWith(before) && before.length <= found.index) start = 0;
    if (after && text.endsWith(after) && text.length - after.length >= end) end = text.length;
  }
  return [start, end];
}
