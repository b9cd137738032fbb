import type { AnnouncementDocument, Content } from "@herald/model";
import { japaneseContentDir, worldContentDir } from "@herald/model/testing";
import { compileEmail, type EmailParts } from "../src/render.js";
import { documentOf, load, loadSample, reader } from "./content.js";

// Every email Herald builds from the sample and the language fixtures of issue 11 (the sample
// in zh-CN and en, the world fixture's five locales, the Japanese-only site): what the checks
// of issue 12 (contrast, caniemail, SpamAssassin) run over.

export interface BuiltEmail {
  /** "sample zh-CN", "world ar", ... */
  name: string;
  content: Content;
  document: AnnouncementDocument;
  parts: EmailParts;
}

export async function builtEmails(): Promise<BuiltEmail[]> {
  const sets: Array<[string, Content]> = [
    ["sample", await loadSample()],
    ["world", await load(worldContentDir)],
    ["world-ja", await load(japaneseContentDir)],
  ];
  return sets.flatMap(([set, content]) =>
    content.site.locales.map((locale) => {
      const document = documentOf(content, locale);
      const parts = compileEmail(content.site, document).personalize(reader);
      return { name: `${set} ${locale}`, content, document, parts };
    }),
  );
}
