import bidiModule from "bidi-js";
import LineBreaker from "linebreak";
import { type Face, faceFor, type Style } from "./fonts.js";

// The line breaker: Unicode line-breaking opportunities (UAX #14, which already keeps
// closing punctuation such as ，。、」 and small kana off the start of a line and opening
// punctuation off the end), Korean kept whole between spaces, per-character font fallback
// between the faces, a sensible split for a word or address too long for any line, and, once
// lines are broken in logical order, each line put in visual order (Unicode bidi, UAX #9).

export interface Run {
  text: string;
  style: Style;
  size: number;
  /** The text's language (BCP 47), where it is not the paragraph's: picks its face. */
  lang?: string;
  /** Emphasis dots (CJK emphasis), over or under each character. */
  dots?: "over" | "under";
  color?: [number, number, number];
  /** An external address (http, https, mailto) the text links to. */
  link?: string;
  /** An internal destination the text links to (footnotes). */
  target?: string;
  /** Raised and smaller (a footnote mark). */
  superscript?: boolean;
  /** Struck through (Markdown ~~text~~): the words stay, with a line through them. */
  strike?: boolean;
  /**
   * Kept whole on a line (a web or email address, a language's name), unless longer than a
   * line: then cut where addresses are (`splitLong`), never after a hyphen as words are.
   */
  whole?: boolean;
}

export interface Fragment extends Omit<Run, "text"> {
  /** What to draw, in visual order for the face's shaper (see `visualOrder`). */
  text: string;
  /** Right to left: the text as written (logical order, brackets unmirrored), for readers. */
  actual?: string;
  face: Face;
  width: number;
  /** Offset from the line's start. */
  x: number;
  /**
   * Where the fragment's text starts in the line as written, where the line is drawn in
   * another order (right to left): what reads the line in order (the structure) sorts by it.
   */
  read?: number;
  /**
   * A space ended the line after this fragment and was cut off (see `trimEnd`): drawn past
   * the line's end, where it shows nothing (draw-text.ts), or given in the text it stands for.
   */
  spaceAfter?: boolean;
}

export interface Line {
  fragments: Fragment[];
  width: number;
}

export type Measure = (text: string, face: Face, style: Style, size: number) => number;

/** What a paragraph's text is: its language and direction. */
export interface Paragraph {
  /** The language of runs that give none. */
  lang?: string;
  direction?: "ltr" | "rtl";
}

/** Characters no line may start with (closing punctuation, small kana, iteration marks). */
export const noLineStart = new Set([
  ..."，。、；：！？）」』》〉】〕〗〙〛｝］’”…‥・ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.;:!?)]}",
]);
/** Characters no line may end with (opening punctuation). */
export const noLineEnd = new Set([..."（「『《〈【〔〖〘〚｛［‘“([{"]);

const REPLACEMENT = "□";

/**
 * Bidi formatting characters (marks, embeddings, isolates): they steer the bidi algorithm
 * and are never drawn. The press kit isolates addresses and phone numbers with them (LRI …
 * PDI), so "+31 20 555 0100" keeps its order in Arabic text.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const HAS_BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const isBidiControl = (char: string) => HAS_BIDI_CONTROL.test(char);

/** Splits a run into pieces that one face can draw, reporting characters no face has. */
function pieces(
  run: Run,
  lang: string | undefined,
  onMissing: (char: string) => void,
  previous?: Face,
): Array<{ text: string; face: Face }> {
  const out: Array<{ text: string; face: Face }> = [];
  for (const char of run.text) {
    if (isBidiControl(char)) {
      // Kept with the text for the bidi algorithm; measured as nothing, dropped when drawn.
      const last = out[out.length - 1];
      if (last) last.text += char;
      else out.push({ text: char, face: previous ?? faceFor(" ", run.style, lang) ?? "latin" });
      continue;
    }
    let face = faceFor(char, run.style, lang, out.at(-1)?.face ?? previous);
    let text = char;
    if (face === undefined) {
      if (/\s/u.test(char) || /\p{Mn}|\p{Cf}|\uFE0F/u.test(char)) continue;
      onMissing(char);
      text = REPLACEMENT;
      face = faceFor(REPLACEMENT, run.style, lang) ?? "sc";
    }
    const last = out[out.length - 1];
    if (last && last.face === face) last.text += text;
    else out.push({ text, face });
  }
  return out;
}

interface Segment {
  fragments: Omit<Fragment, "x">[];
  /** Width without trailing spaces, which may hang past the margin. */
  width: number;
  trailing: number;
  required: boolean;
}

/** The pieces of text between two line-break opportunities (UAX #14), measured. */
function segmentsOf(
  runs: readonly Run[],
  measure: Measure,
  onMissing: (char: string) => void,
  paragraph: Paragraph = {},
): Segment[] {
  const text = runs.map((r) => r.text).join("");
  const starts: number[] = [];
  let offset = 0;
  for (const run of runs) {
    starts.push(offset);
    offset += run.text.length;
  }

  // The run holding offset `at` (the last that starts at or before it): a binary search, so
  // a paragraph of thousands of runs (links, notes) is not searched whole at every break.
  const runAt = (at: number) => {
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((starts[mid] as number) <= at) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  };

  // Spaces, digits and punctuation take the face of the text before them, across slices.
  let previous: Face | undefined;
  // Slice [from, to) of the whole text into measured fragments, run by run.
  const slice = (from: number, to: number): Omit<Fragment, "x">[] => {
    const out: Omit<Fragment, "x">[] = [];
    // From the run holding `from` (empty runs before it hold nothing of the slice).
    for (let i = Math.max(0, runAt(from)); i < runs.length; i++) {
      const run = runs[i] as Run;
      const start = starts[i] ?? 0;
      if (start >= to) break;
      const a = Math.max(from, start);
      const b = Math.min(to, start + run.text.length);
      if (a >= b) continue;
      const part = { ...run, text: run.text.slice(a - start, b - start) };
      for (const p of pieces(part, run.lang ?? paragraph.lang, onMissing, previous)) {
        previous = p.face;
        const size = run.superscript ? run.size * 0.65 : run.size;
        out.push({
          ...run,
          size,
          text: p.text,
          face: p.face,
          width: measure(p.text, p.face, run.style, size),
        });
      }
    }
    return out;
  };

  const segment = (from: number, to: number, required: boolean): Segment => {
    const end = from + text.slice(from, to).replace(/\s+$/u, "").length;
    const body = slice(from, end);
    const space = slice(end, to);
    const sum = (fs: Omit<Fragment, "x">[]) => fs.reduce((total, f) => total + f.width, 0);
    return { fragments: [...body, ...space], width: sum(body), trailing: sum(space), required };
  };

  // Korean is broken at spaces, never inside a word (CSS word-break: keep-all): no break
  // between two letters or digits where either is Korean text.
  const korean = (at: number) => isKorean(runs[runAt(at)]?.lang ?? paragraph.lang);
  const keepAll = (at: number) =>
    /[\p{L}\p{N}\p{M}]/u.test(text[at - 1] ?? "") &&
    /[\p{L}\p{N}]/u.test(text[at] ?? "") &&
    (korean(at - 1) || korean(at));

  // Inside a run kept whole, no break of its own (see `Run.whole`).
  const inWhole = (at: number) => {
    const i = runAt(at - 1);
    const r = runs[i];
    return r?.whole === true && at < (starts[i] ?? 0) + r.text.length;
  };

  // Whether a raised run starts at `at`: the first run that starts there and is not empty.
  const raisedAt = (at: number) => {
    if (at <= 0) return false;
    for (let i = runAt(at); i >= 0 && starts[i] === at; i--) {
      const r = runs[i] as Run;
      if (r.superscript && r.text !== "") return true;
    }
    return false;
  };

  const segments: Segment[] = [];
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) {
    if (!b.required && b.position < text.length && keepAll(b.position)) continue;
    if (!b.required && b.position < text.length && inWhole(b.position)) continue;
    // A raised mark (a note's or a link's number) stays with the word it follows.
    if (!b.required && raisedAt(b.position)) continue;
    segments.push(segment(last, b.position, b.required));
    last = b.position;
  }
  return segments;
}

const koreanLangs = new Map<string, boolean>();
function isKorean(lang: string | undefined): boolean {
  if (!lang) return false;
  let korean = koreanLangs.get(lang);
  if (korean === undefined) {
    try {
      korean = new Intl.Locale(lang).language === "ko";
    } catch {
      korean = false;
    }
    koreanLangs.set(lang, korean);
  }
  return korean;
}

/** The widest piece of text no line break may split: the narrowest a column can be. */
export function minContentWidth(
  runs: readonly Run[],
  measure: Measure,
  paragraph: Paragraph = {},
): number {
  return segmentsOf(runs, withoutControls(measure), () => {}, paragraph).reduce(
    (max, seg) => Math.max(max, seg.width),
    0,
  );
}

/** Breaks runs of styled text into lines no wider than `maxWidth`. */
export function breakLines(
  runs: readonly Run[],
  maxWidth: number,
  measure: Measure,
  onMissing: (char: string) => void = () => {},
  paragraph: Paragraph = {},
): Line[] {
  if (runs.every((r) => r.text === "")) return [];
  measure = withoutControls(measure);
  const segments = segmentsOf(runs, measure, onMissing, paragraph);

  const lines: Line[] = [];
  let current: Omit<Fragment, "x">[] = [];
  let width = 0;
  let trailing = 0;
  const flush = () => {
    let x = 0;
    const fragments = merge(current).map((f) => {
      const placed = { ...f, x };
      x += f.width;
      return placed;
    });
    lines.push({ fragments, width });
    current = [];
    width = 0;
    trailing = 0;
  };

  for (const seg of segments) {
    if (current.length > 0 && width + trailing + seg.width > maxWidth) flush();
    if (current.length === 0 && seg.width > maxWidth) {
      // Too long for any line (an address, a long word): split where a reader expects it.
      for (const part of splitLong(seg, maxWidth, measure)) {
        if (current.length > 0) flush();
        current.push(...part.fragments);
        width = part.width;
        trailing = part.trailing;
      }
    } else {
      current.push(...seg.fragments);
      width += trailing + seg.width;
      trailing = seg.trailing;
    }
    if (seg.required) flush();
  }
  if (current.length > 0) flush();
  // Trailing spaces do not count towards a line's width.
  const direction = paragraph.direction ?? "ltr";
  return lines.map((line) => {
    const fragments = trimEnd(line.fragments, measure);
    const shown = visualOrder({ ...line, fragments }, direction, measure);
    // The fragment a cut-off space followed: the line's last in reading order, which right
    // to left is drawn first (leftmost).
    const last = direction === "rtl" ? 0 : shown.fragments.length - 1;
    const end = shown.fragments[last];
    if (end && fragments !== line.fragments) {
      shown.fragments[last] = { ...end, spaceAfter: true };
    }
    return shown;
  });
}

// bidi-js is CommonJS (module.exports = the factory) but its types declare an ES default
// export, which TypeScript's nodenext resolution reads as `module.exports.default`.
const bidiFactory = bidiModule as unknown as typeof bidiModule.default;
const bidi = bidiFactory();

/** Bidi formatting characters take no room. */
const withoutControls =
  (measure: Measure): Measure =>
  (text, ...rest) =>
    measure(HAS_BIDI_CONTROL.test(text) ? text.replace(BIDI_CONTROLS, "") : text, ...rest);
/** Scripts fontkit lays out right to left (it reverses their glyphs itself, see below). */
export const RTL_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
/** Characters that make a line need the bidi algorithm in a left-to-right paragraph. */
const STRONG_RTL =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\u200F\u202B\u202E\u2067]/u;

/**
 * What the face is handed for right-to-left text written `text` (logical order): brackets
 * mirrored; text in a right-to-left script as written, since fontkit shapes it and reverses
 * its glyphs itself; other text (spaces, punctuation, digits between Arabic words) reversed.
 */
export function rightToLeftForm(text: string): string {
  const mirrored = [...text].map((c) => bidi.getMirroredCharacter(c) ?? c);
  return RTL_SCRIPT.test(text) ? mirrored.join("") : mirrored.reverse().join("");
}

/**
 * One line in visual order (UAX #9): the bidi algorithm's levels for the line's text in the
 * paragraph's direction, then rule L2 (reverse every run at each odd level and above), then
 * the characters regrouped into fragments by style and level, placed left to right.
 * A right-to-left fragment in a right-to-left script is handed to the face as written
 * (logical order): fontkit shapes it (Arabic joining forms) and reverses its glyphs itself.
 * Any other right-to-left fragment (spaces, punctuation between Arabic words and Latin text)
 * is reversed here, mirroring brackets.
 */
function visualOrder(line: Line, direction: "ltr" | "rtl", measure: Measure): Line {
  if (direction === "ltr" && !line.fragments.some((f) => STRONG_RTL.test(f.text))) {
    if (!line.fragments.some((f) => HAS_BIDI_CONTROL.test(f.text))) return line;
    const fragments = line.fragments
      .map((f) => ({ ...f, text: f.text.replace(BIDI_CONTROLS, "") }))
      .filter((f) => f.text !== "");
    return { ...line, fragments };
  }
  const units = line.fragments.flatMap((f, i) => [...f.text].map((char) => ({ char, from: i })));
  const text = units.map((u) => u.char).join("");
  const { levels } = bidi.getEmbeddingLevels(text, direction);
  let offset = 0;
  const placed = units.map((u, index) => {
    const level = levels[offset] ?? 0;
    offset += u.char.length;
    return { ...u, level, index };
  });
  // L2: from the highest level down to the lowest odd level, reverse runs at that level or more.
  const order = [...placed];
  const max = Math.max(...order.map((u) => u.level));
  const lowestOdd = Math.min(...order.map((u) => u.level | 1));
  for (let level = max; level >= lowestOdd; level--) {
    for (let i = 0; i < order.length; i++) {
      if ((order[i]?.level ?? 0) < level) continue;
      let end = i;
      while (end + 1 < order.length && (order[end + 1]?.level ?? 0) >= level) end++;
      order.splice(i, end - i + 1, ...order.slice(i, end + 1).reverse());
      i = end;
    }
  }
  const fragments: Fragment[] = [];
  let x = 0;
  for (let i = 0; i < order.length; ) {
    const first = order[i] as (typeof order)[number];
    let end = i;
    while (
      end + 1 < order.length &&
      order[end + 1]?.from === first.from &&
      order[end + 1]?.level === first.level
    )
      end++;
    const group = order.slice(i, end + 1);
    const visual = group.map((u) => u.char).filter((c) => !isBidiControl(c));
    if (visual.length === 0) {
      i = end + 1;
      continue;
    }
    const source = line.fragments[first.from] as Fragment;
    let drawn = visual.join("");
    let actual: string | undefined;
    if (first.level % 2 === 1) {
      actual = [...visual].reverse().join("");
      drawn = rightToLeftForm(actual);
    }
    const width = measure(drawn, source.face, source.style, source.size);
    fragments.push({
      ...source,
      text: drawn,
      ...(actual !== undefined && { actual }),
      x,
      width,
      read: Math.min(...group.map((u) => u.index)),
    });
    x += width;
    i = end + 1;
  }
  return { fragments, width: x };
}

/**
 * Drops a line's trailing spaces, and their width (a strike or link must not run past); the
 * same fragments where there are none. The line's last fragment then keeps a note of them
 * (`spaceAfter`): a reader that takes a paragraph's text from its structure (a screen reader,
 * pdfinfo -struct-text) joins the lines as drawn, and "Series B" at a line's end ran into
 * the next line's "funding".
 */
function trimEnd(fragments: Fragment[], measure: Measure): Fragment[] {
  if (!/\s$/u.test(fragments.at(-1)?.text ?? "")) return fragments;
  const out = [...fragments];
  // Spaces in two faces (a bold word's space, then a regular one) end in two fragments.
  for (let last = out.at(-1); last && /\s$/u.test(last.text); last = out.at(-1)) {
    const text = last.text.replace(/\s+$/u, "");
    if (text === "") out.pop();
    else {
      out[out.length - 1] = {
        ...last,
        text,
        width: measure(text, last.face, last.style, last.size),
      };
      break;
    }
  }
  return out;
}

/** Joins neighbours that look the same, so a line draws in as few pieces as possible. */
function merge(fragments: Omit<Fragment, "x">[]): Omit<Fragment, "x">[] {
  const out: Omit<Fragment, "x">[] = [];
  for (const f of fragments) {
    const prev = out[out.length - 1];
    if (
      prev &&
      prev.face === f.face &&
      prev.dots === f.dots &&
      prev.style === f.style &&
      prev.size === f.size &&
      prev.link === f.link &&
      prev.target === f.target &&
      prev.superscript === f.superscript &&
      prev.strike === f.strike &&
      String(prev.color) === String(f.color)
    ) {
      out[out.length - 1] = { ...prev, text: prev.text + f.text, width: prev.width + f.width };
    } else out.push({ ...f });
  }
  return out;
}

/** Cuts an over-long segment into line-sized parts, preferring to cut after / . ? & = _ or before -. */
function splitLong(seg: Segment, maxWidth: number, measure: Measure): Segment[] {
  const chars = seg.fragments.flatMap((f) =>
    [...f.text].map((c) => ({ ...f, text: c, width: measure(c, f.face, f.style, f.size) })),
  );
  const parts: Segment[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start;
    let w = 0;
    while (end < chars.length && w + (chars[end]?.width ?? 0) <= maxWidth) {
      w += chars[end]?.width ?? 0;
      end++;
    }
    if (end === start) end = start + 1;
    if (end < chars.length) {
      for (let k = end; k > start + Math.floor((end - start) / 2); k--) {
        // Before a hyphen, never after it: a line ending in "-" reads as a word hyphenated
        // there, and copying (pdftotext too) joins the lines without it.
        if (/[/.?&=_]/.test(chars[k - 1]?.text ?? "") || chars[k]?.text === "-") {
          end = k;
          break;
        }
      }
    }
    const part = chars.slice(start, end);
    parts.push({
      fragments: merge(part),
      width: part.reduce((s, c) => s + c.width, 0),
      trailing: 0,
      required: false,
    });
    start = end;
  }
  const lastPart = parts[parts.length - 1];
  if (lastPart) lastPart.trailing = seg.trailing;
  return parts;
}
