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

// The parser names its errors in capitals: say them in words.
const problems: Record<string, string> = {
  EXPECT_ARGUMENT_CLOSING_BRACE: "a { is not closed by }",
  EMPTY_ARGUMENT: "there is nothing between { and }",
  MALFORMED_ARGUMENT: "what is between { and } is not a value's name",
  EXPECT_ARGUMENT_TYPE: "a comma inside {…} must be followed by plural or select",
  INVALID_ARGUMENT_TYPE: "only plural and select may follow a comma inside {…}",
  MISSING_OTHER_CLAUSE: "a plural or select needs an other {…} choice",
  UNMATCHED_CLOSING_BRACE: "a } has no { before it",
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
        used = argumentsOf(parse(message, { ignoreTag: true }));
      } catch (error) {
        const code = error instanceof Error ? error.message : String(error);
        diagnostics.push(
          diagnose("bad-words-message", place, { problem: problems[code] ?? code.toLowerCase() }),
        );
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
