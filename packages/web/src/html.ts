import { escapeHtml } from "@herald/model";

// A tiny HTML builder that escapes by default: every interpolated value is text unless it was
// itself made by `html` (or explicitly marked with `trusted`). Content never lands unescaped.

const SAFE = Symbol("safe-html");

export interface Html {
  readonly [SAFE]: true;
  readonly value: string;
}

const make = (value: string): Html => ({ [SAFE]: true, value });

const isHtml = (value: unknown): value is Html =>
  typeof value === "object" && value !== null && SAFE in value;

type Part = Html | string | number | false | null | undefined | readonly Part[];

/** Most texts have nothing to escape: those are kept as they are, without a replace. */
const SPECIAL = /[&<>"']/;
const escaped = (text: string) => (SPECIAL.test(text) ? escapeHtml(text) : text);

const render = (part: Part): string => {
  if (typeof part === "string") return escaped(part);
  if (part === false || part === null || part === undefined) return "";
  if (Array.isArray(part)) return part.map(render).join("");
  if (isHtml(part)) return part.value;
  return escaped(String(part));
};

/** Builds HTML from a template; interpolated strings are escaped, nested `html` is kept. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? "";
  parts.forEach((part, i) => {
    out += render(part) + (strings[i + 1] ?? "");
  });
  return make(out);
}

/** Marks markup produced by a serializer that escapes on its own (hast-util-to-html). */
export const trusted = (markup: string): Html => make(markup);

/** Optional attribute: ` name="value"` or nothing. */
export const attr = (name: string, value: string | undefined | false): Html =>
  value === undefined || value === false ? make("") : make(` ${name}="${escaped(value)}"`);
