import { fontStackFor, isGenericFamily } from "@herald/model";

// The email's font families: the model's stack for the language (the same as the page's),
// written inline, since mail clients read no :lang() rules and load no web fonts.

/**
 * The font-family value for text in `locale`: generic names bare, the others in single
 * quotes, which fit in a double-quoted style attribute (juice cannot read &quot; in one).
 */
export const fontFamilyFor = (locale: string): string =>
  fontStackFor(locale)
    .map((f) => (isGenericFamily(f) ? f : `'${f}'`))
    .join(", ");
