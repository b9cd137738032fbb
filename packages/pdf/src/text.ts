import LineBreaker from "linebreak";
import { type Script, type Style, scriptFor } from "./fonts.js";

// The line breaker: Unicode line-breaking opportunities (UAX #14, which already keeps
// closing punctuation such as ，。、」 off the start of a line and opening punctuation off the
// end), per-character font fallback between the Latin and CJK faces, and a sensible split
// for a word or address too long for any line.

export interface Run {
  text: string;
  style: Style;
  size: number;
  color?: [number, number, number];
  /** An external address (http, https, mailto) the text links to. */
  link?: string;
  /** An internal destination the text links to (footnotes). */
  target?: string;
  /** Raised and smaller (a footnote mark). */
  superscript?: boolean;
  /** Struck through (Markdown ~~text~~): the words stay, with a line through them. */
  strike?: boolean;
}

export interface Fragment extends Omit<Run, "text"> {
  text: string;
  script: Script;
  width: number;
  /** Offset from the line's start. */
  x: number;
}

export interface Line {
  fragments: Fragment[];
  width: number;
}

export type Measure = (text: string, script: Script, style: Style, size: number) => number;

/** Characters no line may start with (closing punctuation, small kana, iteration marks). */
export const noLineStart = new Set([
  ..."，。、；：！？）」』》〉】〕〗〙〛｝］’”…‥・ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.;:!?)]}",
]);
/** Characters no line may end with (opening punctuation). */
export const noLineEnd = new Set([..."（「『《〈【〔〖〘〚｛［‘“([{"]);

const REPLACEMENT = "□";

/** Splits a run into pieces that one face can draw, reporting characters no face has. */
function pieces(
  run: Run,
  onMissing: (char: string) => void,
): Array<{ text: string; script: Script }> {
  const out: Array<{ text: string; script: Script }> = [];
  for (const char of run.text) {
    let script = scriptFor(char, run.style);
    let text = char;
    if (script === undefined) {
      if (/\s/u.test(char) || /\p{Mn}|\p{Cf}|\uFE0F/u.test(char)) continue;
      onMissing(char);
      text = REPLACEMENT;
      script = "cjk";
    }
    const last = out[out.length - 1];
    if (last && last.script === script) last.text += text;
    else out.push({ text, script });
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
): Segment[] {
  const text = runs.map((r) => r.text).join("");
  const starts: number[] = [];
  let offset = 0;
  for (const run of runs) {
    starts.push(offset);
    offset += run.text.length;
  }

  // Slice [from, to) of the whole text into measured fragments, run by run.
  const slice = (from: number, to: number): Omit<Fragment, "x">[] => {
    const out: Omit<Fragment, "x">[] = [];
    runs.forEach((run, i) => {
      const start = starts[i] ?? 0;
      const a = Math.max(from, start);
      const b = Math.min(to, start + run.text.length);
      if (a >= b) return;
      const part = { ...run, text: run.text.slice(a - start, b - start) };
      for (const p of pieces(part, onMissing)) {
        const size = run.superscript ? run.size * 0.65 : run.size;
        out.push({
          ...run,
          size,
          text: p.text,
          script: p.script,
          width: measure(p.text, p.script, run.style, size),
        });
      }
    });
    return out;
  };

  const segment = (from: number, to: number, required: boolean): Segment => {
    const end = from + text.slice(from, to).replace(/\s+$/u, "").length;
    const body = slice(from, end);
    const space = slice(end, to);
    const sum = (fs: Omit<Fragment, "x">[]) => fs.reduce((total, f) => total + f.width, 0);
    return { fragments: [...body, ...space], width: sum(body), trailing: sum(space), required };
  };

  const segments: Segment[] = [];
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) {
    segments.push(segment(last, b.position, b.required));
    last = b.position;
  }
  return segments;
}

/** The widest piece of text no line break may split: the narrowest a column can be. */
export function minContentWidth(runs: readonly Run[], measure: Measure): number {
  return segmentsOf(runs, measure, () => {}).reduce((max, seg) => Math.max(max, seg.width), 0);
}

/** Breaks runs of styled text into lines no wider than `maxWidth`. */
export function breakLines(
  runs: readonly Run[],
  maxWidth: number,
  measure: Measure,
  onMissing: (char: string) => void = () => {},
): Line[] {
  if (runs.every((r) => r.text === "")) return [];
  const segments = segmentsOf(runs, measure, onMissing);

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
  return lines.map((line) => ({ ...line, fragments: trimEnd(line.fragments, measure) }));
}

/** Drops a line's trailing spaces, and their width (a strike or link must not run past). */
function trimEnd(fragments: Fragment[], measure: Measure): Fragment[] {
  const out = [...fragments];
  // Spaces in two faces (a bold word's space, then a regular one) end in two fragments.
  for (let last = out.at(-1); last && /\s$/u.test(last.text); last = out.at(-1)) {
    const text = last.text.replace(/\s+$/u, "");
    if (text === "") out.pop();
    else {
      out[out.length - 1] = {
        ...last,
        text,
        width: measure(text, last.script, last.style, last.size),
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
      prev.script === f.script &&
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

/** Cuts an over-long segment into line-sized parts, preferring to cut after / - . ? & = _. */
function splitLong(seg: Segment, maxWidth: number, measure: Measure): Segment[] {
  const chars = seg.fragments.flatMap((f) =>
    [...f.text].map((c) => ({ ...f, text: c, width: measure(c, f.script, f.style, f.size) })),
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
        if (/[/\-.?&=_]/.test(chars[k - 1]?.text ?? "")) {
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
