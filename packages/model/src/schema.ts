import { z } from "zod";

// The content format, defined once. Every public type is inferred from these schemas.
// Each field's description doubles as the "fix" hint a comms person reads when it is missing.
// Checks that need more than one file (references, locales, assets) live in `references.ts`.

/** Names the check that failed, so diagnostics can pick the right catalogue entry. */
export type CheckKind =
  | "bad-date"
  | "bad-currency"
  | "bad-url"
  | "unsafe-link"
  | "bad-locale"
  | "bad-id";

const check = (kind: CheckKind, message: string) => ({ message, params: { kind } });

export const idSchema = z
  .string()
  .refine(
    (id) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id),
    check("bad-id", "use lowercase letters, digits and single hyphens"),
  );

export const localeSchema = z.string().refine(
  (code) => {
    try {
      return Intl.getCanonicalLocales(code).length === 1;
    } catch {
      return false;
    }
  },
  check("bad-locale", "write a language code such as en, zh-CN or pt-BR"),
);

/** Either one text for every language, or a map from locale code to text. */
export const localizedTextSchema = z.union([
  z.string().trim().min(1),
  z.record(z.string(), z.string().trim().min(1)),
]);

export const webUrlSchema = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", ...check("bad-url", "not a complete web address") });
    return;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    ctx.addIssue({ code: "custom", ...check("unsafe-link", url.protocol) });
  }
});

const emailSchema = z.email();

const isoDateSchema = z.string().refine(
  (value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    // Month 13 is an invalid Date; February 30 rolls over into March: both are rejected.
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  },
  check("bad-date", "not a real date in the form YYYY-MM-DD"),
);

const currencies = new Set(Intl.supportedValuesOf("currency"));
const currencySchema = z
  .string()
  .refine((code) => currencies.has(code), check("bad-currency", "not an ISO 4217 code"));

/** A path inside the content folder's `assets/`, like `assets/logo.svg`. */
export const assetPathSchema = z.string().trim().min(1);

export const siteSchema = z.strictObject({
  name: z.string().trim().min(1).describe("the company name, as it appears on every output"),
  url: webUrlSchema.describe("the address the site is published at, like https://news.example.com"),
  defaultLocale: localeSchema.describe("the language shown first, one of `locales`"),
  locales: z
    .array(localeSchema)
    .min(1)
    .describe("every language the site is published in, like [zh-CN, en]"),
  about: localizedTextSchema.describe("the company boilerplate, in Markdown, for each language"),
  pressContact: z
    .strictObject({
      name: z.string().trim().min(1).describe("who journalists should ask for"),
      email: emailSchema.describe("the press contact's email address"),
      phone: z.string().trim().min(1).optional().describe("the press contact's phone number"),
    })
    .describe("who journalists contact, with `name` and `email`"),
  newsletter: z
    .strictObject({
      from: z
        .strictObject({
          name: z.string().trim().min(1).describe("the sender name investors see"),
          email: emailSchema.describe("the address the newsletter is sent from"),
        })
        .describe("the sender, with `name` and `email`"),
      replyTo: emailSchema.optional().describe("where replies to the newsletter go"),
      unsubscribe: z
        .strictObject({
          url: webUrlSchema
            .optional()
            .describe("a page that unsubscribes in one click; {email} stands for the recipient"),
          mailto: emailSchema.optional().describe("an address that takes unsubscribe requests"),
        })
        .optional()
        .describe("how recipients leave the list, with `url` and/or `mailto`"),
    })
    .describe("newsletter settings, with a `from` sender"),
  logo: assetPathSchema.optional().describe("the company logo, like assets/logo.svg"),
});

export const organizationSchema = z.strictObject({
  id: idSchema.describe("a short name other files use to refer to this organization"),
  name: localizedTextSchema.describe("the organization's name"),
  url: webUrlSchema.optional().describe("the organization's website"),
  logo: assetPathSchema.optional().describe("the organization's logo, like assets/greylock.svg"),
});
export const organizationsSchema = z.array(organizationSchema);

export const personSchema = z.strictObject({
  id: idSchema.describe("a short name other files use to refer to this person"),
  name: localizedTextSchema.describe("the person's name"),
  role: localizedTextSchema.optional().describe("the person's job title"),
  organization: idSchema.optional().describe("the id of the organization the person works for"),
  url: webUrlSchema.optional().describe("the person's web page"),
});
export const peopleSchema = z.array(personSchema);

export const fundingSchema = z.strictObject({
  round: z.string().trim().min(1).describe("the round's name, like Series B"),
  amount: z.number().positive().describe("the amount raised, as a plain number like 15000000"),
  currency: currencySchema.describe("the ISO 4217 currency code, like USD or EUR"),
  lead: z.array(idSchema).min(1).describe("the ids of the lead investors"),
  participants: z
    .array(idSchema)
    .default([])
    .describe("the ids of the other investors in the round"),
  boardMembers: z
    .array(idSchema)
    .default([])
    .describe("the ids of the people joining the board with this round"),
});

export const metricSchema = z.strictObject({
  label: z.string().trim().min(1).describe("what is counted, like Downloads"),
  value: z.number().describe("the figure, as a plain number like 400000"),
  unit: z.string().trim().min(1).optional().describe("the unit after the figure, like cities"),
  qualifier: z
    .enum(["over", "about"])
    .optional()
    .describe("whether the figure is a lower bound (over) or rounded (about)"),
  note: z.string().trim().min(1).optional().describe("a short note on the figure"),
});

export const quoteSchema = z.strictObject({
  person: idSchema.describe("the id of the person quoted"),
  text: z.string().trim().min(1).describe("the words quoted, without quotation marks"),
});

export const ecosystemGroupSchema = z.strictObject({
  label: z.string().trim().min(1).describe("what the group is, like Platforms that ship it"),
  organizations: z.array(idSchema).min(1).describe("the ids of the organizations in the group"),
});

export const fundUseSchema = z.strictObject({
  title: z.string().trim().min(1).describe("what the money goes to, in a few words"),
  summary: z.string().trim().min(1).optional().describe("one sentence on how"),
});

export const hireSchema = z.strictObject({
  person: idSchema.describe("the id of the person hired"),
  role: z.string().trim().min(1).describe("what the person was hired to do"),
  previously: z.string().trim().min(1).optional().describe("the person's previous position"),
});

export const sourceSchema = z.strictObject({
  url: webUrlSchema.describe("the address of the original publication"),
  title: z.string().trim().min(1).optional().describe("the original publication's title"),
  locale: localeSchema.optional().describe("the language of the original"),
});

export const frontMatterSchema = z.strictObject({
  id: idSchema.describe("a short name shared by every translation, used in web addresses"),
  locale: localeSchema.describe("the language of this file, one of the locales in site.yaml"),
  title: z.string().trim().min(1).describe("the headline"),
  date: isoDateSchema.describe("the publication date, like 2014-01-22"),
  summary: z.string().trim().min(1).describe("one or two sentences shown under the headline"),
  author: idSchema.optional().describe("the id of the person who signs the announcement"),
  funding: fundingSchema.optional().describe("the funding round this announcement is about"),
  metrics: z.array(metricSchema).default([]).describe("figures worth a chart"),
  quotes: z.array(quoteSchema).default([]).describe("quotes with the person who said them"),
  ecosystem: z
    .array(ecosystemGroupSchema)
    .default([])
    .describe("groups of organizations the announcement names"),
  useOfFunds: z.array(fundUseSchema).default([]).describe("what the money will be spent on"),
  hires: z.array(hireSchema).default([]).describe("people who joined the company"),
  source: sourceSchema.optional().describe("the original this text was translated from"),
  translatorNote: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe("a note from the translator about this translation"),
});

export type Site = z.infer<typeof siteSchema>;
export type Organization = z.infer<typeof organizationSchema>;
export type Person = z.infer<typeof personSchema>;
export type Funding = z.infer<typeof fundingSchema>;
export type Metric = z.infer<typeof metricSchema>;
export type Quote = z.infer<typeof quoteSchema>;
export type EcosystemGroup = z.infer<typeof ecosystemGroupSchema>;
export type FundUse = z.infer<typeof fundUseSchema>;
export type Hire = z.infer<typeof hireSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type FrontMatter = z.infer<typeof frontMatterSchema>;
export type LocalizedText = z.infer<typeof localizedTextSchema>;
