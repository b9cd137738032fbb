import { IntlMessageFormat } from "intl-messageformat";
import { directionOf, directionOfText, languageOf } from "./language.js";
import { dictionaries } from "./words/index.js";
import { type Messages, slotsOf, type WordKey, type Words, wordKeys } from "./words/keys.js";

// The words the outputs print around the content, chosen for a locale: the content's own
// (labels.yaml) before Herald's, and in each the locale's own before its language's. A locale left with
// any word missing is a content error (see `missingWords`), never English in disguise.

/** Words a content folder gives in labels.yaml: locale → key → ICU message. */
export type ContentWords = Record<string, Partial<Messages>>;

export const wordKeyList = Object.keys(wordKeys) as WordKey[];

/** The tags to look words up under, most specific first: zh-TW → zh-TW, zh-Hant, zh. */
export function lookupChain(locale: string): string[] {
  const chain = [locale];
  try {
    const l = new Intl.Locale(locale).maximize();
    chain.push(`${l.language}-${l.script}`, `${l.language}-${l.region}`, l.language);
  } catch {
    // Not a tag Intl knows: only its exact words can apply.
  }
  return [...new Set(chain)];
}

/** The message for `key` in `locale`, from the content first, then Herald, or undefined. */
function messageFor(key: WordKey, locale: string, content: ContentWords | undefined) {
  const chain = lookupChain(locale);
  // The content's words win over Herald's at any step: `zh:` in labels.yaml changes zh-CN
  // too, though Herald has zh-Hans words.
  for (const words of [content, dictionaries]) {
    for (const tag of chain) {
      const found = words?.[tag]?.[key];
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The keys `locale` has no words for, from Herald or the content. */
export function missingWords(locale: string, content?: ContentWords): WordKey[] {
  return wordKeyList.filter((key) => messageFor(key, locale, content) === undefined);
}

// Chinese puts a space between Han characters and Latin text or digits ("超过 300 位",
// "Greylock 合伙人", "Docker Inc. 首席执行官") but none between Han characters ("40 万次") or
// next to full-width punctuation. Messages are written without spaces; the space is added
// where a slot's value meets the text around it, which the markers below delimit.
const hanEnd = /\p{Script=Han}$/u;
const hanStart = /^\p{Script=Han}/u;
// Han, CJK and full-width punctuation, and the dashes, quotation marks and ellipsis Chinese
// shares with Latin text ("——", "“", "…"): no space next to these.
const tightEnd = /[\p{Script=Han}\u2010-\u2027\u3000-\u303f\uff00-\uffef\s]$/u;
const tightStart = /^[\p{Script=Han}\u2010-\u2027\u3000-\u303f\uff00-\uffef\s]/u;
const OPEN = String.fromCharCode(1);
const CLOSE = String.fromCharCode(2);
const markers = new RegExp(`[${OPEN}${CLOSE}]`, "u");

function spaceLatinFromHan(text: string): string {
  let out = "";
  for (const part of text.split(markers)) {
    if (part === "") continue;
    const gap =
      out !== "" &&
      ((hanEnd.test(out) && !tightStart.test(part)) ||
        (!tightEnd.test(out) && hanStart.test(part)));
    out += gap ? ` ${part}` : part;
  }
  return out;
}

/** A web or email address, which a slot takes as it is. */
const ADDRESS = /^(?:[a-z][a-z0-9+.-]*:\S+|[^\s@]+@[^\s@]+)$/i;

function compile(message: string, locale: string, key: WordKey) {
  const slots = slotsOf(key);
  const format = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
  const spaced = languageOf(locale) === "zh";
  const direction = directionOf(locale);
  if (slots.length === 0) return String(format.format());
  return (...values: Array<string | number>) => {
    const named = Object.fromEntries(
      slots.map((slot, i) => {
        const given = values[i] ?? "";
        // A name written the other way than the sentence ("… في Docker, Inc." in Arabic) is
        // isolated in its own direction (FSI … PDI, invisible), so its final stop stays last.
        // Not an address (https://…, mailto:, name@host): outputs link it, and a mark glued
        // to its end would be read as part of it.
        const value =
          typeof given === "string" &&
          given &&
          !ADDRESS.test(given) &&
          directionOfText(given, direction) !== direction
            ? `\u2068${given}\u2069`
            : given;
        // Numbers stay numbers (plural rules choose by them); text is marked for spacing.
        return [slot, typeof value === "number" || !spaced ? value : `${OPEN}${value}${CLOSE}`];
      }),
    );
    const text = String(format.format(named));
    return spaced ? spaceLatinFromHan(text) : text;
  };
}

const made = new WeakMap<object, Map<string, Words>>();
const heraldOnly = {};

/**
 * The words for `locale`. Call only for locales the loader accepted (every word present);
 * a word still missing falls back to English rather than printing nothing.
 */
export function wordsFor(locale: string, content?: ContentWords): Words {
  const owner = content ?? heraldOnly;
  let known = made.get(owner);
  if (!known) {
    known = new Map();
    made.set(owner, known);
  }
  let words = known.get(locale);
  if (!words) {
    words = Object.fromEntries(
      wordKeyList.map((key) => {
        const message = messageFor(key, locale, content);
        return message === undefined
          ? [key, compile(dictionaries.en?.[key] ?? key, "en", key)]
          : [key, compile(message, locale, key)];
      }),
    ) as Words;
    known.set(locale, words);
  }
  return words;
}

export type { Words as Labels } from "./words/keys.js";

/**
 * The words a pattern puts before and after its slot, so an output can put markup there (a
 * link on a name): `around((name) => words.credit(name, detail))` is ["", ", Partner, Acme"].
 */
export function around(pattern: (slot: string) => string): [before: string, after: string] {
  const [before = "", after = ""] = pattern("\u0000").split("\u0000");
  return [before, after];
}

/** What the locale puts between two details on one line: ", ", "，", "、", "، ". */
export function detailSeparator(words: Words): string {
  return words.alongside("\u0000", "\u0000").split("\u0000")[1] ?? ", ";
}
