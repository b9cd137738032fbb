import { CONTROL, hex } from "./decode-text.js";
import { type Diagnostic, diagnose } from "./diagnostics.js";
import type { YamlSource } from "./yaml-source.js";

// The file's text is checked for control characters when it is decoded; YAML escapes
// ("\u0000", "\e") make them only in the data. Those are found here, at their field.

/** A control-character diagnostic for every string in the data that has one. */
export function controlCharactersIn(source: YamlSource): Diagnostic[] {
  const problems: Diagnostic[] = [];
  // Aliases make the data a graph: each object is looked at once, so an alias bomb is cheap.
  const seen = new Set<object>();
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: source.data, path: [] }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { value, path } = entry;
    if (typeof value === "string") {
      const match = CONTROL.exec(value);
      if (match) {
        problems.push(
          diagnose("control-character", source.at(path), {
            code: `U+${hex(match[0].charCodeAt(0), 4)}`,
          }),
        );
      }
    } else if (value !== null && typeof value === "object" && !seen.has(value)) {
      seen.add(value);
      const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
      for (const [key, item] of entries) stack.push({ value: item, path: [...path, key] });
    }
  }
  return problems.reverse();
}
