import type { AnnouncementDocument, Content } from "@herald/model";
import { japaneseContentDir, worldContentDir } from "@herald/model/testing";
import { compileEmail, type EmailParts } from "../src/render.js";
import {
  documentOf,
  embargoedCopies,
  embargoedDocumentOf,
  load,
  loadSample,
  reader,
} from "./content.js";

// Every email Herald builds from the sample and the language fixtures of issue 11 (the sample
// in zh-CN and en, the world fixture's five locales, the Japanese-only site): what the checks
// of issue 12 (contrast, caniemail, SpamAssassin) run over; and, since issue 14, the embargoed
// email with updates.

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
  const built = sets.flatMap(([set, content]) =>
    content.site.locales.map((locale) => {
      const document = documentOf(content, locale);
      const parts = compileEmail(content.site, document).personalize(reader);
      return { name: `${set} ${locale}`, content, document, parts };
    }),
  );
  // Issue 14: the embargoed email, with two updates (a correction), in English, Chinese and
  // Arabic: the notice and the updates boxes go through every check too.
  const { sample, world } = await embargoedCopies();
  const embargoed = (
    [
      [sample, "en"],
      [sample, "zh-CN"],
      [world, "ar"],
    ] as const
  ).map(([content, locale]) => {
    const document = embargoedDocumentOf(content, locale);
    const parts = compileEmail(content.site, document).personalize(reader);
    const set = content === sample ? "sample" : "world";
    return { name: `embargoed-${set} ${locale}`, content, document, parts };
  });
  return [...built, ...embargoed];
}

/** A one-page PDF, as small as one is, for the press kit an embargoed message carries. */
export const pressKitPdf = new TextEncoder().encode(
  [
    "%PDF-1.4",
    "1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj",
    "2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj",
    "3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj",
    "trailer <</Root 1 0 R>>",
    "%%EOF",
    "",
  ].join("\n"),
);
