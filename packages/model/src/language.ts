// Facts about a locale's language and script that every output needs, decided once here.

const cache = new Map<string, { language?: string; cjk: boolean; rtl: boolean; name: string }>();

function facts(locale: string) {
  let found = cache.get(locale);
  if (!found) {
    let language: string | undefined;
    let rtl = false;
    let name = locale;
    try {
      const parsed = new Intl.Locale(locale);
      language = parsed.language;
      // Node 20 has the `textInfo` getter; newer engines replace it with getTextInfo().
      const info = parsed as unknown as {
        textInfo?: { direction?: string };
        getTextInfo?: () => { direction?: string };
      };
      rtl = (info.getTextInfo?.() ?? info.textInfo)?.direction === "rtl";
      name = new Intl.DisplayNames([locale], { type: "language" }).of(locale) ?? locale;
    } catch {
      // Not a locale Intl knows: no language, left to right, named by its code.
    }
    found = { language, cjk: ["zh", "ja", "ko"].includes(language ?? ""), rtl, name };
    cache.set(locale, found);
  }
  return found;
}

/** The language subtag of a locale ("zh" for "zh-CN"), or undefined when it is not one. */
export const languageOf = (locale: string): string | undefined => facts(locale).language;

/** Chinese, Japanese and Korean: set in CJK faces, counted in myriads, no spaces between words. */
export const isCjk = (locale: string): boolean => facts(locale).cjk;

/** The direction text of the locale runs in. */
export const directionOf = (locale: string): "ltr" | "rtl" => (facts(locale).rtl ? "rtl" : "ltr");

/**
 * The direction of a piece of text by its first strong letter, as HTML's dir="auto" decides
 * it: "Docker, Inc." is left to right even on an Arabic page, so its final stop stays last.
 * Text without a strong letter (digits, punctuation) takes `fallback`.
 */
export function directionOfText(text: string, fallback: "ltr" | "rtl" = "ltr"): "ltr" | "rtl" {
  const letter = text.match(/\p{L}/u)?.[0];
  if (!letter) return fallback;
  return RIGHT_TO_LEFT_SCRIPT.test(letter) ? "rtl" : "ltr";
}

const RIGHT_TO_LEFT_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;

/**
 * Whether text in `a` is written as in `b`: same language and script (zh-CN and zh-SG yes;
 * zh-CN and zh-TW no, ja and zh no). Where it is not, outputs mark the text with its own
 * language, so it is read, hyphenated and set in the right regional font.
 */
export const writtenAlike = (a: string, b: string): boolean => writingOf(a) === writingOf(b);

const writings = new Map<string, string>();

/** A tag's language and script ("zh-Hans"), worked out once per tag: every document asks. */
function writingOf(tag: string): string {
  let found = writings.get(tag);
  if (found === undefined) {
    try {
      const l = new Intl.Locale(tag).maximize();
      found = `${l.language}-${l.script}`;
    } catch {
      found = tag.toLowerCase();
    }
    writings.set(tag, found);
  }
  return found;
}

/** The language's own name for itself: "English", "中文（中国）". */
export const languageName = (locale: string): string => facts(locale).name;
