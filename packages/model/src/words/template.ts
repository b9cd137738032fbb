import { createRequire } from "node:module";

// The YAML writer loads only for `herald labels`, which alone writes YAML.
const require = createRequire(import.meta.url);

import { lookupChain, wordKeyList } from "../labels.js";
import { languageName } from "../language.js";
import { dictionaries } from "./index.js";
import { wordKeys } from "./keys.js";

/**
 * A labels.yaml to start from for `locale`: every key with what it is for and its English
 * words. Herald's own words fill the values where it has them (to change any); otherwise the
 * values are empty, so `herald check` points at each one still to translate rather than
 * publishing English.
 */
export function labelsTemplate(locale: string): string {
  const own = lookupChain(locale)
    .map((tag) => dictionaries[tag])
    .find((d) => d !== undefined);
  const { stringify } = require("yaml") as typeof import("yaml");
  const scalar = (text: string) => stringify(text, { lineWidth: 0 }).trimEnd();
  const lines = [
    `# Interface words for ${locale} (${languageName(locale)}), for labels.yaml in the content folder.`,
    "# Each value is an ICU message: {name} is where a value goes, and",
    "# {count, plural, one {…} other {…}} chooses words by a number. Keep the braces as they are.",
    own
      ? "# These are Herald's words: keep the keys you want to change, delete the others."
      : "# Herald has no words for this language: fill in every value.",
    `${scalar(locale)}:`,
  ];
  for (const key of wordKeyList) {
    lines.push(`  # ${wordKeys[key].note}`);
    if (!own) lines.push(`  # en: ${dictionaries.en?.[key] ?? ""}`);
    lines.push(`  ${key}: ${scalar(own?.[key] ?? "")}`);
  }
  return `${lines.join("\n")}\n`;
}
