import { z } from "zod";
import { parseMoment } from "./moment.js";
import { hasCredentials } from "./url-credentials.js";
import { type WordKey, wordKeys } from "./words/keys.js";

// The content format, defined once. Every public type is inferred from these schemas.
// Each field's description doubles as the "fix" hint a comms person reads when it is missing.
// Checks that need more than one file (references, locales, assets) live in `load.ts`.

/** Names the check that failed, so diagnostics can pick the right catalogue entry. */
export type CheckKind =
  | "bad-date"
  | "bad-moment"
  | "moment-without-offset"
  | "date-out-of-range"
  | "bad-currency"
  | "bad-url"
  | "bad-site-url"
  | "url-with-credentials"
  | "unsafe-link"
  | "bad-locale"
  | "locale-case"
  | "bad-id"
  | "too-many-decimals";

/** Extra facts a check passes on to its diagnostic. */
export interface CheckParams {
  kind: CheckKind;
  /** For too-many-decimals: how many the value may have, and of what. */
  digits?: number;
  what?: string;
}

const check = (kind: CheckKind, message: string, extra: Omit<CheckParams, "kind"> = {}) => ({
  message,
  params: { kind, ...extra } satisfies CheckParams,
});

/** Ids become parts of web addresses and file names; longer ones break file systems. */
export const MAX_ID_LENGTH = 64;
/** RFC 5646 (4.4.1): 35 characters hold every language tag in practical use. */
export const MAX_LOCALE_LENGTH = 35;
/** Publication years Herald accepts: anything else is a typo (0214, 20140) in a news date. */
export const YEARS = { from: 1900, to: 2100 } as const;
/** Figures and amounts above this are typos, and formatted they would fill a page. */
export const MAX_FIGURE = 1e15;
/** Decimals a metric's figure may have: what the outputs show without rounding. */
export const METRIC_DECIMALS = 3;

export const idSchema = z
  .string()
  .max(MAX_ID_LENGTH, { abort: true })
  .refine(
    (id) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id),
    check("bad-id", "use lowercase letters, digits and single hyphens"),
  );

export const localeSchema = z
  .string()
  .max(MAX_LOCALE_LENGTH, { abort: true })
  .refine(
    (code) => {
      try {
        // und, mul, zxx and mis are tags for "no particular language": not one to publish in
        // (und would even borrow English words, as Intl takes it for English).
        // (Node 20 gives no language at all for und.)
        const language: string | undefined = new Intl.Locale(code).language;
        return (
          Intl.getCanonicalLocales(code).length === 1 &&
          language !== undefined &&
          !["und", "mul", "zxx", "mis"].includes(language)
        );
      } catch {
        return false;
      }
    },
    { ...check("bad-locale", "write a language code such as en, zh-CN or pt-BR"), abort: true },
  )
  // One way of writing each: "ZH-tw" would name folders and pages apart from "zh-TW".
  .refine(
    (code) => Intl.getCanonicalLocales(code)[0] === code,
    check("locale-case", "write the language code in its standard form"),
  );

/** Either one text for every language, or a map from locale code to text. */
export const localizedTextSchema = z.union([
  z.string().trim().min(1),
  z.record(z.string(), z.string().trim().min(1)),
]);

/** Checks an absolute web address; returns it parsed when it is one, for further checks. */
function checkWebUrl(value: string, ctx: z.RefinementCtx<string>): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", ...check("bad-url", "not a complete web address") });
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    ctx.addIssue({ code: "custom", ...check("unsafe-link", url.protocol) });
    return undefined;
  }
  // A user name or password in a published address gives it away to every reader.
  if (hasCredentials(url)) {
    ctx.addIssue({ code: "custom", ...check("url-with-credentials", "user name or password") });
    return undefined;
  }
  return url;
}

export const webUrlSchema = z.string().superRefine((value, ctx) => {
  checkWebUrl(value, ctx);
});

/** The site's own address: every page's address is built on it, so it is a plain base. */
const siteUrlSchema = z.string().superRefine((value, ctx) => {
  const url = checkWebUrl(value, ctx);
  if (url && (url.search || url.hash || /[?#]/.test(value))) {
    ctx.addIssue({ code: "custom", ...check("bad-site-url", "query or fragment") });
  }
});

const emailSchema = z.email();

const isoDateSchema = z.string().superRefine((value, ctx) => {
  // Month 13 is an invalid Date; February 30 rolls over into March: both are rejected.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || !date.toISOString().startsWith(value)) {
    ctx.addIssue({
      code: "custom",
      ...check("bad-date", "not a real date in the form YYYY-MM-DD"),
    });
    return;
  }
  const year = date.getUTCFullYear();
  if (year < YEARS.from || year > YEARS.to) {
    ctx.addIssue({ code: "custom", ...check("date-out-of-range", "year out of range") });
  }
});

/** A date and time with its UTC offset (moment.ts): when an embargo lifts, when an update was made. */
const momentSchema = z.string().superRefine((value, ctx) => {
  const moment = parseMoment(value);
  if ("problem" in moment) {
    ctx.addIssue({
      code: "custom",
      ...(moment.problem === "no-offset"
        ? check("moment-without-offset", "a time without its offset from UTC")
        : check("bad-moment", "not a real date and time")),
    });
    return;
  }
  // The year as written: 2100-12-31T23:59-12:00 is in 2100 where the team is.
  const year = Number(moment.date.slice(0, 4));
  if (year < YEARS.from || year > YEARS.to) {
    ctx.addIssue({ code: "custom", ...check("date-out-of-range", "year out of range") });
  }
});

export const updateSchema = z.strictObject({
  date: momentSchema.describe(
    "when the announcement was updated, with the offset from UTC, like 2026-12-02T10:00:00+01:00",
  ),
  text: z.string().trim().min(1).describe("what changed, in a sentence or two of Markdown"),
  kind: z
    .enum(["update", "correction"])
    .default("update")
    .describe("correction (something was wrong) or update (something new), shown as its label"),
});

const currencies = new Set(Intl.supportedValuesOf("currency"));
const currencySchema = z
  .string()
  .refine((code) => currencies.has(code), check("bad-currency", "not an ISO 4217 code"));

const digitsByCurrency = new Map<string, number>();
/** How many decimals amounts in `currency` have: JPY 0, USD 2, KWD 3 (from Intl). */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** How many decimals a number is written with: 19.99 → 2, 1e-7 → 7, 15000000 → 0. */
export function decimalsOf(value: number): number {
  if (Number.isInteger(value)) return 0;
  const [mantissa = "", exponent = "0"] = String(value).split("e");
  const fraction = mantissa.split(".")[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/** A path inside the content folder's `assets/`, like `assets/logo.svg`. */
export const assetPathSchema = z.string().trim().min(1);

export const siteSchema = z.strictObject({
  name: z.string().trim().min(1).describe("the company name, as it appears on every output"),
  url: siteUrlSchema.describe(
    "the address the site is published at, like https://news.example.com",
  ),
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
            .describe(
              "the one-click unsubscribe address (RFC 8058); {email}, {token} and {locale} stand for the recipient's address, its signed token and the email's language",
            ),
          mailto: emailSchema.optional().describe("an address that takes unsubscribe requests"),
        })
        .optional()
        .describe("how recipients leave the list, with `url` and/or `mailto`"),
      postalAddress: localizedTextSchema
        .optional()
        .describe(
          "the sender's postal address, which the law asks commercial mail to show (CAN-SPAM and most national rules); one text, or one per language",
        ),
    })
    .describe("newsletter settings, with a `from` sender"),
  logo: assetPathSchema.optional().describe("the company logo, like assets/logo.svg"),
  company: z
    .strictObject({
      legalName: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe("the registered name, when it differs from `name` (Docker, Inc.)"),
      founded: z
        // Companies are older than announcements: Siemens 1847, Stora 1288.
        .union([z.number().int().min(1000).max(YEARS.to), z.iso.date()])
        .optional()
        .describe("the year (2010) or date (2010-03-01) the company was founded"),
      founders: z.array(idSchema).optional().describe("the ids of the founders in people.yaml"),
      headquarters: localizedTextSchema
        .optional()
        .describe("the city and country of the head office"),
      employees: localizedTextSchema
        .optional()
        .describe('how many people work there, as you want it said ("about 50")'),
      industry: localizedTextSchema.optional().describe("what the company does, in a few words"),
      website: webUrlSchema.optional().describe("the company's main website"),
      stockSymbol: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe("the exchange and ticker of a listed company (NASDAQ: DOCK)"),
      facts: z
        .array(
          z.strictObject({
            label: localizedTextSchema.describe("what the fact is (Customers)"),
            value: localizedTextSchema.describe("the fact (over 10,000)"),
          }),
        )
        .optional()
        .describe("any other facts for the press-kit page, each with `label` and `value`"),
      social: z
        .array(
          z.strictObject({
            label: z.string().trim().min(1).describe("the network's name (LinkedIn)"),
            url: webUrlSchema.describe("the company's page there"),
          }),
        )
        .optional()
        .describe("the company's pages on social networks, each with `label` and `url`"),
      team: z
        .array(idSchema)
        .optional()
        .describe("the ids in people.yaml of the leaders the press-kit page presents"),
    })
    .optional()
    .describe("facts about the company for the press-kit page (founded, headquarters, ...)"),
  brandAssets: z
    .array(
      z.strictObject({
        file: assetPathSchema.describe("the file, like assets/brand/logo-dark.png"),
        title: localizedTextSchema.describe("what it is (Logo for dark backgrounds)"),
        usage: localizedTextSchema
          .optional()
          .describe("how it may be used (keep clear space; do not recolour)"),
      }),
    )
    .optional()
    .describe("files for journalists on the press-kit page, each with `file`, `title` and `usage`"),
});

export const organizationSchema = z.strictObject({
  id: idSchema.describe("a short name other files use to refer to this organization"),
  name: localizedTextSchema.describe("the organization's name"),
  language: localeSchema
    .optional()
    .describe(
      "the language the name is written in, when it is one text for all (zh-CN for 红杉中国)",
    ),
  url: webUrlSchema.optional().describe("the organization's website"),
  logo: assetPathSchema.optional().describe("the organization's logo, like assets/greylock.svg"),
});
export const organizationsSchema = z.array(organizationSchema);

export const personSchema = z.strictObject({
  id: idSchema.describe("a short name other files use to refer to this person"),
  name: localizedTextSchema.describe("the person's name"),
  language: localeSchema
    .optional()
    .describe("the language the name is written in, when it is one text for all (ja for 山田太郎)"),
  role: localizedTextSchema.optional().describe("the person's job title"),
  organization: idSchema.optional().describe("the id of the organization the person works for"),
  url: webUrlSchema.optional().describe("the person's web page"),
  photo: assetPathSchema.optional().describe("a portrait, like assets/people/ben-golub.jpg"),
  bio: localizedTextSchema.optional().describe("a short biography, in Markdown-free text"),
});
export const peopleSchema = z.array(personSchema);

export const fundingSchema = z
  .strictObject({
    round: z.string().trim().min(1).describe("the round's name, like Series B"),
    amount: z
      .number()
      .positive()
      .max(MAX_FIGURE)
      .describe("the amount raised, as a plain number like 15000000"),
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
  })
  .superRefine((funding, ctx) => {
    // "$0.001" cannot be written in dollars; "¥15.5" not in yen.
    if (!currencies.has(funding.currency)) return;
    const digits = currencyDigits(funding.currency);
    if (decimalsOf(funding.amount) > digits) {
      ctx.addIssue({
        code: "custom",
        path: ["amount"],
        input: funding.amount,
        ...check("too-many-decimals", "too many decimals", {
          digits,
          what: `${funding.currency} amounts`,
        }),
      });
    }
  });

export const metricSchema = z.strictObject({
  label: z.string().trim().min(1).describe("what is counted, like Downloads"),
  value: z
    .number()
    .min(0)
    .max(MAX_FIGURE)
    .refine(
      (value) => decimalsOf(value) <= METRIC_DECIMALS,
      check("too-many-decimals", "too many decimals", {
        digits: METRIC_DECIMALS,
        what: "figures",
      }),
    )
    .describe("the figure, as a plain number like 400000"),
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
  embargo: momentSchema
    .optional()
    .describe(
      "when the news may be published, with the offset from UTC, like 2026-12-01T09:00:00+01:00",
    ),
  updates: z
    .array(updateSchema)
    .default([])
    .describe("corrections and updates made after publication, each with its date and text"),
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
export type Update = z.infer<typeof updateSchema>;
export type FrontMatter = z.infer<typeof frontMatterSchema>;
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/**
 * labels.yaml: interface words by locale, each key one of Herald's (see words/keys.ts), each
 * value an ICU message. The messages themselves are checked in check-words.ts.
 */
export const contentWordsSchema = z.record(
  localeSchema,
  z.strictObject(
    Object.fromEntries(
      Object.entries(wordKeys).map(([key, spec]) => [
        key,
        z.string().trim().min(1).optional().describe(spec.note),
      ]),
    ) as Record<WordKey, z.ZodOptional<z.ZodString>>,
  ),
);
