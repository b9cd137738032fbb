import { en } from "./en.js";
import type { Messages } from "./keys.js";
import { zhHans } from "./zh-Hans.js";
import { zhHant } from "./zh-Hant.js";

/**
 * Herald's own words, by language tag as `lookupChain` (labels.ts) tries them: a language,
 * or a language and script where one language is written in two (zh-Hans, zh-Hant).
 */
export const dictionaries: Record<string, Messages> = {
  en,
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
};
