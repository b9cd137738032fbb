import { CONTROL, hex } from "./decode-text.js";
import { type Diagnostic, diagnose } from "./diagnostics.js";
import type { YamlSource } from "./yaml-source.js";

// The file's text is checked for control characters when it is decoded; YAML escapes
// ("\u0000", "\e") make them only in the data. Those are found here, at their field.

/**
 * Emoji: the press kit embeds no colour emoji face (none is deterministic to draw and small
 * enough to embed), so it prints □ where one stands. The site and the email show them.
 * Emoji components (variation selectors, joiners, skin tones, keycaps) are part of one.
 */
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/** The emoji warning for one emoji found at `place`, and `more` lines after it that have some. */
const emojiWarning = (place: Parameters<typeof diagnose>[1], emoji: string, more = 0) =>
  diagnose(
    "emoji-in-print",
    place,
    { emoji, code: `U+${hex(emoji.codePointAt(0) ?? 0, 4)}`, more },
    "warning",
  );

/** A warning for the first emoji of every string in the data that has one. */
export function emojiIn(source: YamlSource): Diagnostic[] {
  return stringsOf(source).flatMap(({ value, path }) => {
    const match = EMOJI.exec(value);
    return match ? [emojiWarning(source.at(path), match[0])] : [];
  });
}

/**
 * One warning for the first emoji of a Markdown body (`lines` from line 1), counting the other
 * lines that have one: a body full of emoji is one warning, not one a line.
 */
export function emojiInLines(
  file: string,
  lines: readonly string[],
  fromLine: number,
): Diagnostic[] {
  let first: { line: number; column: number; emoji: string } | undefined;
  let more = 0;
  for (let i = fromLine - 1; i < lines.length; i++) {
    const match = EMOJI.exec(lines[i] as string);
    if (!match) continue;
    if (first) more++;
    else {
      const column = [...(lines[i] as string).slice(0, match.index)].length + 1;
      first = { line: i + 1, column, emoji: match[0] };
    }
  }
  return first
    ? [emojiWarning({ file, line: first.line, column: first.column, field: "" }, first.emoji, more)]
    : [];
}

/** Every string in the data with its path. */
function stringsOf(source: YamlSource): Array<{ value: string; path: PropertyKey[] }> {
  const strings: Array<{ value: string; path: PropertyKey[] }> = [];
  // Aliases make the data a graph: each object is looked at once, so an alias bomb is cheap.
  const seen = new Set<object>();
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: source.data, path: [] }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { value, path } = entry;
    if (typeof value === "string") strings.push({ value, path });
    else if (value !== null && typeof value === "object" && !seen.has(value)) {
      seen.add(value);
      const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
      for (const [key, item] of entries) stack.push({ value: item, path: [...path, key] });
    }
  }
  return strings.reverse();
}

/** A control-character diagnostic for every string in the data that has one. */
export function controlCharactersIn(source: YamlSource): Diagnostic[] {
  return stringsOf(source).flatMap(({ value, path }) => {
    const match = CONTROL.exec(value);
    return match
      ? [
          diagnose("control-character", source.at(path), {
            code: `U+${hex(match[0].charCodeAt(0), 4)}`,
          }),
        ]
      : [];
  });
}
