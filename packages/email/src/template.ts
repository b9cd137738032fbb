import { randomBytes } from "node:crypto";

// One compiled template per announcement and locale, personalized per recipient by filling two
// slots (greeting, unsubscribe link), so a list of thousands costs one render, not thousands.
// The template is cut into literal parts and slots once; filling never searches text, so
// nothing in the content or in a name can take a slot's place.

export type Slot = "greeting" | "unsubscribe";
/** Literal text, and slots as objects so no text can be mistaken for one. */
export type Template = Array<string | { slot: Slot }>;

/**
 * Renders with placeholder markers, then cuts the result at them. The markers carry a random
 * nonce drawn for this render, so content written beforehand cannot hold them; the count
 * check guards the impossible case anyway.
 */
export function templateOf(
  render: (marks: Record<Slot, string>) => string,
  counts: Record<Slot, number>,
): Template {
  const nonce = randomBytes(12).toString("hex");
  const marks = { greeting: `herald${nonce}greeting`, unsubscribe: `herald${nonce}unsubscribe` };
  const text = render(marks);
  const parts: Template = [];
  const pattern = new RegExp(`herald${nonce}(greeting|unsubscribe)`, "g");
  let last = 0;
  const seen = { greeting: 0, unsubscribe: 0 };
  for (const m of text.matchAll(pattern)) {
    parts.push(text.slice(last, m.index));
    parts.push({ slot: m[1] as Slot });
    seen[m[1] as Slot]++;
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  if (seen.greeting !== counts.greeting || seen.unsubscribe !== counts.unsubscribe)
    throw new Error(
      `the email template has ${JSON.stringify(seen)} slots, not ${JSON.stringify(counts)}`,
    );
  return parts;
}

export const fill = (template: Template, values: Record<Slot, string>): string =>
  template.map((p) => (typeof p === "string" ? p : values[p.slot])).join("");
