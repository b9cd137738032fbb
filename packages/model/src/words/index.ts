import { ar } from "./ar.js";
import { de } from "./de.js";
import { en } from "./en.js";
import { es } from "./es.js";
import { fr } from "./fr.js";
import { he } from "./he.js";
import { it } from "./it.js";
import { ja } from "./ja.js";
import type { Messages } from "./keys.js";
import { ko } from "./ko.js";
import { nl } from "./nl.js";
import { pt } from "./pt.js";
import { zhHans } from "./zh-Hans.js";
import { zhHant } from "./zh-Hant.js";

/**
 * Herald's own words, by language tag as `lookupChain` (labels.ts) tries them: a language,
 * or a language and script where one language is written in two (zh-Hans, zh-Hant).
 */
export const dictionaries: Record<string, Messages> = {
  ar,
  de,
  en,
  es,
  fr,
  he,
  it,
  ja,
  ko,
  nl,
  pt,
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
};
