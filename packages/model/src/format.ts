import { createRequire } from "node:module";
import type { Labels } from "./labels.js";
import { isCjk, languageOf } from "./language.js";
import { currencyDigits, type Metric } from "./schema.js";

// Locale-aware wording shared by every renderer, so the site, the press kit and the email
// say "1500 万美元" or "$15 million" in exactly the same way.

// Intl formatters are slow to build and cheap to use: one per locale and options, kept.
const cache = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

const numberFormat = (locale: string, options: Intl.NumberFormatOptions) =>
  cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));

/** Chinese, Japanese and Korean count large numbers in myriads (万, 億, 억), not thousands. */
const countsInMyriads = isCjk;

/** A round number with the locale's compact word: "15" + "million", "1500" + "万". */
function compactParts(value: number, locale: string, maximumFractionDigits = 2) {
  return cached(`cp|${locale}|${value}|${maximumFractionDigits}`, () =>
    splitCompact(value, locale, maximumFractionDigits),
  );
}

function splitCompact(value: number, locale: string, maximumFractionDigits: number) {
  const parts = numberFormat(locale, {
    notation: "compact",
    compactDisplay: "long",
    maximumFractionDigits,
  }).formatToParts(value);
  const digits = parts
    .filter((p) => p.type !== "compact" && p.type !== "literal")
    .map((p) => p.value)
    .join("");
  return { digits, word: parts.find((p) => p.type === "compact")?.value ?? "" };
}

// Chinese typesetting puts a space between Arabic digits and Han characters.
const digitGap = (locale: string) => (languageOf(locale) === "zh" ? " " : "");

/**
 * An amount of money as a reader says it: "$15M", "4 Mio. €", "1500 万美元", "400만 유로".
 * Round amounts are shortened with CLDR's compact currency pattern; others are written in
 * full ("$1,234,567").
 */
export function formatMoney(amount: number, currency: string, locale: string): string {
  // Whole amounts are said without decimals ("$950"); others with exactly the currency's own
  // number of them: "$0.50", "KWD 1,234.500", never "¥1,234.50".
  const decimals = currencyDigits(currency);
  const fraction = {
    minimumFractionDigits: Number.isInteger(amount) ? 0 : decimals,
    maximumFractionDigits: decimals,
  };
  const shortened = isShortenable(amount, locale);
  if (countsInMyriads(locale)) {
    // CLDR's compact currency pattern puts the symbol first ("€400万"); Chinese, Japanese and
    // Korean readers say the amount, then the currency's name: "400 万欧元", "400만 유로".
    // The currency's name as CLDR says it after a number ("円", not the display name "日本円").
    const name =
      numberFormat(locale, { style: "currency", currency, currencyDisplay: "name" })
        .formatToParts(amount)
        .find((p) => p.type === "currency")?.value ?? currency;
    const { digits, word } = compactParts(amount, locale);
    const full = numberFormat(locale, fraction).format(amount);
    const gap = digitGap(locale);
    // Korean spaces the currency's name from the number (띄어쓰기); Chinese and Japanese do not.
    const korean = languageOf(locale) === "ko";
    return shortened
      ? `${digits}${gap}${word}${korean ? " " : ""}${name}`
      : `${full}${korean ? " " : gap}${name}`;
  }
  return numberFormat(locale, {
    style: "currency",
    currency,
    ...(shortened
      ? { notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 2 }
      : fraction),
  }).format(amount);
}

/** True when the short form is exact: 15,300,000 → "15.3 million", but not 15,300,001. */
function isShortenable(amount: number, locale: string): boolean {
  // "$1.5 thousand" reads oddly; "5 万美元" does not.
  if (amount < (countsInMyriads(locale) ? 10_000 : 1_000_000)) return false;
  const short = compactParts(amount, locale);
  const precise = compactParts(amount, locale, 20);
  return short.word !== "" && short.digits === precise.digits && short.word === precise.word;
}

/** A calendar date ("2014-01-22") as "January 22, 2014" or "2014年1月22日". */
export function formatDate(isoDate: string, locale: string): string {
  return cached(
    `d|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }),
  ).format(new Date(`${isoDate}T00:00:00Z`));
}

/** A file's size as the locale writes it, in kB below a megabyte: "48 kB", "1.2 MB", "1,2 Mo". */
export function formatBytes(bytes: number, locale: string): string {
  const mega = bytes >= 1_000_000;
  // At least 0.1 kB: an empty or tiny file is not "0 kB".
  const value = mega ? bytes / 1_000_000 : Math.max(bytes / 1_000, 0.1);
  // One decimal below 10 ("1.2 MB", "4.5 kB"), none above ("48 kB").
  const digits = value >= 10 ? 0 : 1;
  const unit = mega ? "megabyte" : "kilobyte";
  return cached(
    `b|${locale}|${unit}|${digits}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: "unit",
        unit,
        unitDisplay: "short",
        maximumFractionDigits: digits,
      }),
  ).format(value);
}

const listFormat = (locale: string) =>
  cached(`l|${locale}`, () => new Intl.ListFormat(locale, { type: "conjunction", style: "long" }));

/**
 * A list as the locale writes it ("A, B and C", "A、B和C"), in pieces: each item (with its
 * index) and the words between them, so an output can link each item.
 */
export function listParts(
  items: readonly string[],
  locale: string,
): Array<{ text: string; item?: number }> {
  // Formatted by index, so items that read alike are still told apart.
  const gap = digitGap(locale);
  return listFormat(locale)
    .formatToParts(items.map((_, i) => String(i)))
    .map((p, i, parts) => {
      if (p.type === "element")
        return { text: items[Number(p.value)] ?? "", item: Number(p.value) };
      // A word between items ("和") is spaced from a digit beside it, as numbers are from Han.
      const next = parts[i + 1];
      const before = next?.type === "element" ? (items[Number(next.value)] ?? "") : "";
      const joinsDigit = gap && /\p{Script=Han}$/u.test(p.value) && /^\p{Nd}/u.test(before);
      return { text: joinsDigit ? `${p.value}${gap}` : p.value };
    });
}

/** A plain number in the locale's digits and grouping; large CJK numbers in 万. */
export function formatNumber(value: number, locale: string): string {
  if (countsInMyriads(locale) && value >= 10_000 && value % 10_000 === 0) {
    const { digits, word } = compactParts(value, locale);
    return `${digits}${digitGap(locale)}${word}`;
  }
  return numberFormat(locale, {}).format(value);
}

/** A metric's figure with its qualifier and unit: "over 300 contributors", "超过 300 位贡献者". */
export function formatMetric(metric: Metric, locale: string, l: Labels): string {
  const number = formatNumber(metric.value, locale);
  // The qualifier goes around the counted figure, which is how languages that put it last
  // say it: "over 300 contributors", but "1,400대 이상", "1,400台以上".
  const figure = metric.unit ? l.withUnit(number, metric.unit) : number;
  return metric.qualifier === "over"
    ? l.over(figure)
    : metric.qualifier === "about"
      ? l.approximately(figure)
      : figure;
}

type Delimiters = {
  quotationStart: string;
  quotationEnd: string;
};

const require = createRequire(import.meta.url);

/** The locale's quotation marks, from CLDR (cldr-misc-modern), else English ones. */
function quotationMarks(locale: string): Delimiters {
  return cached(`q|${locale}`, () => {
    for (const tag of cldrTags(locale)) {
      try {
        const file = require(`cldr-misc-modern/main/${tag}/delimiters.json`) as {
          main: Record<string, { delimiters: Delimiters }>;
        };
        const found = Object.values(file.main)[0]?.delimiters;
        if (found) return found;
      } catch {
        // CLDR has no folder for this tag: try the next, less specific one.
      }
    }
    return { quotationStart: "\u201c", quotationEnd: "\u201d" };
  });
}

/** CLDR's folder names for a locale, most specific first: zh-TW → zh-Hant-TW, zh-Hant, zh. */
function cldrTags(locale: string): string[] {
  try {
    const l = new Intl.Locale(locale);
    const m = l.maximize();
    return [
      ...new Set([
        l.toString(),
        `${m.language}-${m.script}-${m.region}`,
        `${m.language}-${m.script}`,
        `${m.language}-${m.region}`,
        m.language,
      ]),
    ].filter((tag) => /^[A-Za-z0-9-]+$/.test(tag));
  } catch {
    return [];
  }
}

// Quotation marks an author may already have typed around a quotation.
const openingMark = /^["'\u00ab\u00bb\u201a-\u201f\u2039\u203a\u300c\u300e\u301d\uff02]/u;

/**
 * A quotation in the locale's marks: “…” in English, „…“ in German, «…» in French (with the
 * narrow spaces French typography puts inside, which CLDR does not give), 「…」 in Japanese.
 * Text that already starts with a quotation mark is left as the author wrote it.
 */
export function quoted(text: string, locale: string): string {
  if (openingMark.test(text)) return text;
  const { quotationStart, quotationEnd } = quotationMarks(locale);
  const inside = languageOf(locale) === "fr" && quotationStart === "\u00ab" ? "\u202f" : "";
  return `${quotationStart}${inside}${text}${inside}${quotationEnd}`;
}
