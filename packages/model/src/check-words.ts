import { parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { type Diagnostic, diagnose, type Place } from "./diagnostics.js";
import { type ContentWords, missingWords } from "./labels.js";
import { languageName } from "./language.js";
import { slotsOf, type WordKey, wordKeys } from "./words/keys.js";
import type { YamlSource } from "./yaml-source.js";

// Checks the messages of labels.yaml (the schema has already checked locales and keys), and
// that every locale of the site has all its words from Herald or the content.

type Element = ReturnType<typeof parse>[number];

/** Every argument name a parsed message uses, plural and select branches included. */
function argumentsOf(elements: readonly Element[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    if ("value" in element && typeof element.value === "string" && element.type !== TYPE.tag)
      into.add(element.value);
    if ("options" in element) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
    if ("children" in element) argumentsOf(element.children, into);
  }
  return into;
}

/**
 * What the parser accepts but Herald cannot print as meant: number, date and time formats
 * (the values are text, or a count that plural rules read), a plural on a text, a plural
 * form the language does not have (a typo such as "onee" would silently never be chosen),
 * and a brace left in the text.
 */
function misuses(elements: readonly Element[], locale: string, message: string): string[] {
  let forms: string[] = ["zero", "one", "two", "few", "many", "other"];
  try {
    forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  } catch {
    // Not a locale Intl knows (the locale check reports it): any CLDR form.
  }
  const found: string[] = [];
  const walk = (list: readonly Element[]) => {
    for (const e of list) {
      if (e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) {
        found.push(
          `{${e.value}, …} formats a value Herald already gives as text: write {${e.value}}`,
        );
      } else if (e.type === TYPE.plural) {
        if (e.value !== "count")
          found.push(`only {count} chooses words by a number, not {${e.value}}`);
        for (const form of Object.keys(e.options)) {
          if (!forms.includes(form) && !/^=\d+$/.test(form))
            found.push(
              `"${form}" is not a plural form in this language: use ${forms.join(", ")} (or =0, =1…)`,
            );
        }
      } else if (e.type === TYPE.literal && /[{}]/.test(e.value) && !/'[{}]/.test(message)) {
        found.push("a { or } stands alone in the text: remove it, or put it in apostrophes ('{')");
      }
      if ("options" in e) for (const option of Object.values(e.options)) walk(option.value);
    }
  };
  walk(elements);
  // "L'{company}": in these messages an apostrophe before a brace starts quoted text, so the
  // slot would print as written.
  if (/\p{L}'[{}]/u.test(message))
    found.push(
      "an apostrophe right before { starts quoted text, so the value would not be filled in: use the typographic apostrophe ’ (L’{company}) or write it twice ('')",
    );
  return found;
}

// The parser names its errors in capitals: say them in words.
const problems: Record<string, string> = {
  EXPECT_ARGUMENT_CLOSING_BRACE: "a { is not closed by }",
  EMPTY_ARGUMENT: "there is nothing between { and }",
  MALFORMED_ARGUMENT: "what is between { and } is not a value's name",
  EXPECT_ARGUMENT_TYPE: "a comma inside {…} must be followed by plural or select",
  INVALID_ARGUMENT_TYPE: "only plural and select may follow a comma inside {…}",
  MISSING_OTHER_CLAUSE: "a plural or select needs an other {…} choice",
  UNMATCHED_CLOSING_BRACE: "a } has no { before it",
  EXPECT_SELECT_ARGUMENT_OPTIONS: "a select needs its choices, like other {…}",
  EXPECT_PLURAL_ARGUMENT_OPTIONS: "a plural needs its choices, like one {…} other {…}",
  EXPECT_PLURAL_ARGUMENT_SELECTOR_FRAGMENT: "each plural choice needs its words in {…}",
  EXPECT_SELECT_ARGUMENT_SELECTOR_FRAGMENT: "each select choice needs its words in {…}",
  EXPECT_PLURAL_ARGUMENT_SELECTOR: "a plural choice needs a form, like one or other",
  EXPECT_SELECT_ARGUMENT_SELECTOR: "a select choice needs a name before its {…}",
  DUPLICATE_PLURAL_ARGUMENT_SELECTOR: "a plural form is given twice",
  DUPLICATE_SELECT_ARGUMENT_SELECTOR: "a select choice is given twice",
  UNCLOSED_QUOTE_IN_ARGUMENT_STYLE: "an apostrophe opens quoted text that is not closed",
};

/** The problems of the messages in labels.yaml. */
export function checkWordMessages(words: ContentWords, source: YamlSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [locale, messages] of Object.entries(words)) {
    for (const [key, message] of Object.entries(messages)) {
      if (typeof message !== "string" || !(key in wordKeys)) continue;
      const place = source.at([locale, key]);
      const slots = slotsOf(key as WordKey);
      let used: Set<string>;
      try {
        const parsed = parse(message, { ignoreTag: true });
        const wrong = misuses(parsed, locale, message);
        if (wrong.length) {
          for (const problem of wrong)
            diagnostics.push(diagnose("bad-words-message", place, { problem }));
          continue;
        }
        used = argumentsOf(parsed);
      } catch (error) {
        const code = error instanceof Error ? error.message : String(error);
        const problem = problems[code] ?? code.toLowerCase().replaceAll("_", " ");
        diagnostics.push(diagnose("bad-words-message", place, { problem }));
        continue;
      }
      const unknown = [...used].filter((slot) => !slots.includes(slot));
      for (const slot of unknown) {
        diagnostics.push(diagnose("unknown-words-slot", place, { slot, slots }));
      }
      // A count may be left out ("Lead investors" for any number); a name may not.
      const unused = slots.filter((s) => s !== "count" && !used.has(s));
      // A misspelt slot is already an error; its missing twin would say the same again.
      if (unused.length && unknown.length === 0) {
        diagnostics.push(diagnose("unused-words-slot", place, { slots: unused }, "warning"));
      }
    }
  }
  return diagnostics;
}

/** An error for each locale that would print a word Herald and the content both lack. */
export function checkLocalesHaveWords(
  locales: readonly string[],
  words: ContentWords,
  placeOf: (index: number) => Place,
): Diagnostic[] {
  return locales.flatMap((locale, i) => {
    const missing = missingWords(locale, words);
    if (missing.length === 0) return [];
    const all = missing.length === Object.keys(wordKeys).length;
    return [
      diagnose("missing-words", placeOf(i), {
        locale,
        language: languageName(locale),
        missing,
        all,
      }),
    ];
  });
}
