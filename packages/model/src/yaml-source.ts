import { createRequire } from "node:module";
import { CORE_SCHEMA, load } from "js-yaml";
import type { Document, LineCounter, Node } from "yaml";
import { characterColumns } from "./columns.js";
import { type Diagnostic, diagnose, fieldLabel, type Place } from "./diagnostics.js";

// The position-aware parser loads only when something must be pointed at: content without a
// mistake never needs it, and loading it was a fifth of herald check's start.
const require = createRequire(import.meta.url);
let yamlModule: typeof import("yaml") | undefined;
const yaml = () => {
  yamlModule ??= require("yaml") as typeof import("yaml");
  return yamlModule;
};
const isMap = (node: unknown) => yaml().isMap(node);
const isPair = (node: unknown) => yaml().isPair(node);
const isScalar = (node: unknown) => yaml().isScalar(node);
const isSeq = (node: unknown) => yaml().isSeq(node);

/** YAML text parsed with enough position information to point at any field in it. */
export interface YamlSource {
  file: string;
  data: unknown;
  /** Syntax errors; when there are any, `data` is not to be trusted. */
  errors: Diagnostic[];
  /** The place of the value at `path`, or of its nearest existing parent. */
  at(path: readonly PropertyKey[]): Place;
  /** The place of the key `key` inside the mapping at `path`. */
  atKey(path: readonly PropertyKey[], key: string): Place;
}

/** Brackets nested deeper than content ever needs (the format's deepest value is 4 levels). */
const MAX_BRACKETS = 200;
const DEEP_NESTING = `Lists or groups of fields ([ ], { }) are nested more than ${MAX_BRACKETS} levels deep`;

/** The offset of the first bracket nested deeper than MAX_BRACKETS, or -1. */
function tooDeeplyNested(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_BRACKETS) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return -1;
}

/** A source whose only content is one syntax error at `offset`. */
function unreadableYaml(
  text: string,
  file: string,
  firstLine: number,
  offset: number,
  detail: string,
): YamlSource {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  const line = before.split("\n").length + firstLine - 1;
  const column = [...before.slice(lineStart)].length + 1;
  const place = { file, line, column, field: "" };
  return {
    file,
    data: undefined,
    errors: [diagnose("yaml-syntax", place, { detail })],
    at: (path) => ({ ...place, field: fieldLabel(path) }),
    atKey: (path, key) => ({ ...place, field: fieldLabel([...path, key]) }),
  };
}

/** A mapping key as the data has it: `? [a, b]` is the key "a,b", as js-yaml makes it. */
function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  try {
    return String((key as Node | null)?.toJSON());
  } catch {
    return undefined;
  }
}

/**
 * Parses YAML that starts at `firstLine` of `file` (front matter starts on line 2).
 * Columns are counted in code points, as editors show them.
 */
export function parseYaml(text: string, file: string, firstLine = 1): YamlSource {
  const deep = tooDeeplyNested(text);
  if (deep >= 0) {
    // Both parsers recurse per level: thousands of levels overflow the stack, slowly.
    return unreadableYaml(text, file, firstLine, deep, DEEP_NESTING);
  }
  // Fast path: js-yaml reads the data about five times faster. The slower, position-aware
  // parse runs only when something must be pointed at (a syntax error or a bad field).
  let fast: { data: unknown } | undefined;
  try {
    fast = { data: load(text, { schema: CORE_SCHEMA }) };
  } catch {
    fast = undefined;
  }
  let parsed: { doc: Document.Parsed; lineCounter: LineCounter } | undefined;
  const full = () => {
    if (!parsed) {
      const { LineCounter, parseDocument } = yaml();
      const lineCounter = new LineCounter();
      const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
      parsed = { doc, lineCounter };
    }
    return parsed;
  };

  const columnOf = characterColumns(text);
  const place = (offset: number | undefined, path: readonly PropertyKey[]): Place => {
    if (offset === undefined) return { file, line: firstLine, column: 1, field: fieldLabel(path) };
    const { lineCounter } = full();
    const { line } = lineCounter.linePos(offset);
    const lineStart = lineCounter.lineStarts[line - 1] ?? 0;
    const column = columnOf(lineStart, offset);
    return { file, line: line + firstLine - 1, column, field: fieldLabel(path) };
  };

  // Walks as far down `path` as the document goes.
  const walk = (path: readonly PropertyKey[]) => {
    let node = full().doc.contents as Node | null;
    let keyNode: Node | null = null;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === segment);
        if (!pair) break;
        keyNode = pair.key as Node;
        node = (pair.value as Node | null) ?? keyNode;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment];
        if (!item || isPair(item)) break;
        keyNode = null;
        node = item as Node;
      } else break;
    }
    return { node, keyNode };
  };

  const syntaxError = (message: string, line = 1, column = 1) =>
    diagnose(
      "yaml-syntax",
      { file, line: line + firstLine - 1, column, field: "" },
      {
        detail: (/call stack/i.test(message)
          ? "The lists or groups of fields are nested too deeply to read"
          : (message.split("\n")[0] ?? message)
        )
          .replace(/ at line \d+, column \d+:?$/, "")
          .replace(/\.$/, ""),
      },
    );
  // Only the first error: later ones are usually the same mistake seen again.
  const errors = (fast ? [] : full().doc.errors.slice(0, 1)).map((error) => {
    const [start] = error.linePos ?? [];
    // A tab in the indentation is the usual cause, but the parser says "Unexpected scalar".
    const lines = text.split("\n").slice(0, start?.line ?? 1);
    const tabbed = lines.findIndex((line) => /^ *\t/.test(line));
    if (tabbed >= 0) {
      const column = (lines[tabbed] ?? "").indexOf("\t") + 1;
      return syntaxError("The line is indented with a tab; YAML needs spaces", tabbed + 1, column);
    }
    return syntaxError(error.message, start?.line, start?.col);
  });
  let data = fast?.data;
  if (!fast && errors.length === 0) {
    // The two parsers disagree (an alias to an anchor never set is only found when the data
    // is built): build it here and point at what fails.
    try {
      data = full().doc.toJS();
    } catch (error) {
      const alias = /alias[^:]*: (.*)$/.exec((error as Error).message)?.[1];
      const offset = alias === undefined ? -1 : text.indexOf(`*${alias}`);
      const { line, column } = offset >= 0 ? place(offset, []) : { line: firstLine, column: 1 };
      errors.push(syntaxError((error as Error).message, line - firstLine + 1, column));
    }
  }

  return {
    file,
    data,
    errors,
    at(path) {
      const { node, keyNode } = walk(path);
      // An empty value (`title:`) has no range of its own; point at its key.
      const target = node?.range && node.range[0] !== node.range[1] ? node : (keyNode ?? node);
      return place(target?.range?.[0], path);
    },
    atKey(path, key) {
      const { node } = walk(path);
      const pair = isMap(node) ? node.items.find((p) => keyText(p.key) === key) : undefined;
      const target = (pair?.key as Node | undefined) ?? node;
      return place(target?.range?.[0], [...path, key]);
    },
  };
}
