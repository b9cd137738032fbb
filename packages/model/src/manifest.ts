import { z } from "zod";

// The contract between `herald build` and everything that reads its output (verify, send,
// deploy scripts): OUT/manifest.json. Paths are relative to OUT; a renderer that does not
// exist yet leaves its keys out.

export const manifestEntrySchema = z.strictObject({
  id: z.string().describe("the announcement's id"),
  locale: z.string().describe("the locale of this translation"),
  title: z.string().describe("the headline"),
  url: z
    .string()
    .describe(
      "the absolute public address of the web page (under embargo: where it will be once published)",
    ),
  embargo: z
    .string()
    .optional()
    .describe(
      "under embargo at build time: the instant it lifts, ISO 8601 in UTC; its files are then under embargoed/ and nothing of it is in site/",
    ),
  page: z.string().optional().describe("the web page, relative to OUT"),
  pdf: z.string().optional().describe("the PDF press kit, relative to OUT"),
  email: z
    .strictObject({
      html: z.string().describe("the newsletter's HTML part, relative to OUT"),
      text: z.string().describe("the newsletter's plain-text part, relative to OUT"),
      eml: z.string().describe("a sample message, relative to OUT"),
    })
    .optional()
    .describe("the investor newsletter"),
});

export const manifestSchema = z.strictObject({
  announcements: z.array(manifestEntrySchema),
});

export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;
