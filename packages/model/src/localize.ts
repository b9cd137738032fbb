import { languageOf as language } from "./language.js";
import type { LocalizedText, Site } from "./schema.js";

/** The key of a localized map that best serves `locale`: itself, its language, then the default. */
export function nearestKey(
  text: Record<string, string>,
  locale: string,
  site: Pick<Site, "defaultLocale">,
): string | undefined {
  const keys = Object.keys(text);
  return (
    keys.find((k) => k === locale) ??
    keys.find((k) => language(k) !== undefined && language(k) === language(locale)) ??
    keys.find((k) => k === site.defaultLocale) ??
    keys[0]
  );
}

/** The text of a localized value in `locale`, falling back to its language, then the default. */
export function localize(
  text: LocalizedText,
  locale: string,
  site: Pick<Site, "defaultLocale">,
): string {
  if (typeof text === "string") return text;
  const key = nearestKey(text, locale, site);
  return key === undefined ? "" : (text[key] ?? "");
}

/**
 * Like `localize`, and the locale the text was written in: the key it came from, or
 * `language` (a name's stated language) when the text is one for every language.
 */
export function localizeWithLanguage(
  text: LocalizedText,
  locale: string,
  site: Pick<Site, "defaultLocale">,
  language?: string,
): { text: string; language?: string } {
  if (typeof text === "string") return { text, ...(language && { language }) };
  const key = nearestKey(text, locale, site);
  return key === undefined ? { text: "" } : { text: text[key] ?? "", language: key };
}

/**
 * Of the locales an announcement exists in, the one to show a reader who asked for `wanted`
 * (a recipient's locale, say): the same locale, else the same language, else the site default.
 */
export function nearestLocale(
  available: readonly string[],
  wanted: string | undefined,
  site: Pick<Site, "defaultLocale">,
): string | undefined {
  const map = Object.fromEntries(available.map((locale) => [locale, locale]));
  return nearestKey(map, wanted ?? site.defaultLocale, site);
}
