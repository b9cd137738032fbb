import { shown } from "./shown.js";

// Per-row warnings of a recipients file, summarized: a list of 100,000 rows must not print
// 100,000 lines. The first few problems are shown with their lines, the rest counted; locale
// fallbacks are one line per locale, with a count and the first lines.

const SHOWN = 10;
const LINES = 5;
const GROUPS = 10;

const lines = (list: number[], total: number) =>
  `line${total === 1 ? "" : "s"} ${list.join(", ")}${total > list.length ? ", …" : ""}`;

export function summarizeWarnings(file: string) {
  const immediate: string[] = [];
  const more: number[] = [];
  let moreCount = 0;
  const fallbacks = new Map<
    string,
    { asked?: string; given: string; count: number; lines: number[] }
  >();
  return {
    skipped(line: number, message: string) {
      if (immediate.length < SHOWN) immediate.push(`${file}:${line}: ${message}`);
      else {
        moreCount++;
        if (more.length < LINES) more.push(line);
      }
    },
    fallback(asked: string | undefined, given: string, line: number) {
      const key = `${asked ?? ""}\u0000${given}`;
      const entry = fallbacks.get(key) ?? { asked, given, count: 0, lines: [] };
      entry.count++;
      if (entry.lines.length < LINES) entry.lines.push(line);
      fallbacks.set(key, entry);
    },
    /** The warnings to show, in the order found. */
    done(): string[] {
      const out = [...immediate];
      if (moreCount)
        out.push(
          `${file}: ${moreCount} more row${moreCount === 1 ? "" : "s"} skipped (${lines(more, moreCount)}).`,
        );
      // The most asked-for locales one line each; a long tail of distinct values in one line.
      const groups = [...fallbacks.values()].sort((a, b) => b.count - a.count);
      for (const f of groups.slice(0, GROUPS)) {
        const who = `${f.count} recipient${f.count === 1 ? "" : "s"}`;
        out.push(
          f.asked
            ? `${file}: ${who} asked for ${shown(f.asked)}, which has no translation; ${f.count === 1 ? "it gets" : "they get"} ${f.given} (${lines(f.lines, f.count)}).`
            : `${file}: ${who} gave no locale; ${f.count === 1 ? "it gets" : "they get"} ${f.given} (${lines(f.lines, f.count)}).`,
        );
      }
      const rest = groups.slice(GROUPS);
      if (rest.length) {
        const count = rest.reduce((n, f) => n + f.count, 0);
        const first = rest
          .flatMap((f) => f.lines)
          .sort((a, b) => a - b)
          .slice(0, LINES);
        out.push(
          `${file}: ${count} more recipient${count === 1 ? "" : "s"} asked for ${rest.length} other locale${rest.length === 1 ? "" : "s"} without a translation and get the nearest (${lines(first, count)}).`,
        );
      }
      return out;
    },
  };
}
