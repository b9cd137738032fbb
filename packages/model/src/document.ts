import type { ImageSize } from "./assets.js";
import { figureUnit } from "./figure-unit.js";
import { formatBytes, formatDate, formatMetric, formatMoney, listParts, quoted } from "./format.js";
import { formatNames } from "./image-info.js";
import { type Labels, wordsFor } from "./labels.js";
import { directionOf, isCjk, languageName, writtenAlike } from "./language.js";
import type { Announcement, Content } from "./load.js";
import { localize, localizeWithLanguage } from "./localize.js";
import { findOrganization, findPerson, translationsOf } from "./lookup.js";
import { parseMarkdown } from "./markdown.js";
import { formatMoment, momentOf, utcText } from "./moment.js";
import { type Prose, type ProseContext, resolveProse } from "./prose.js";
import type { LocalizedText } from "./schema.js";
import {
  announcementPath,
  brandFiles,
  emailFiles,
  pressKitPath,
  pressKitZipPath,
  type SiteAddress,
  siteAddress,
  socialImagePath,
} from "./urls.js";

// The announcement document: one announcement in one language with every fact resolved,
// formatted and addressed. The web page, the press kit, both parts of the email and
// `herald verify` all lay out (or check) this one document, so they say the same things in the
// same words. See "Architecture" in the README.

/** An organization as the outputs name it. */
export interface OrganizationRef {
  name: string;
  /** The name's language, where it is not written as the document is (see `writtenAlike`). */
  lang?: string;
  /** Its website. */
  url?: string;
}

/** A person as the outputs name them. */
export interface PersonRef {
  name: string;
  /** The name's language, where it is not written as the document is. */
  lang?: string;
  /** Their web page. */
  url?: string;
  role?: string;
  organization?: OrganizationRef;
  /** Role and organization as one phrase: "Partner, Greylock Partners"; empty without both. */
  detail: string;
  /** Name with role and organization: "Jerry Chen, Partner, Greylock Partners". */
  credit: string;
}

/** One value of a fact row: an investor, an amount, a board member. */
export interface FactValue {
  text: string;
  /** The value's language, where it is not written as the document is (a name). */
  lang?: string;
  /** Where the value links to (an organization's or a person's site). */
  url?: string;
  /** A short phrase said after the value: a board member's role and organization. */
  note?: string;
}

/** One row of the fact sheet. */
export interface FactRow {
  /** Which fact it is, for styling and checks. */
  key: "round" | "amount" | "lead" | "participants" | "boardMembers";
  /** The row's label in the document's language: "Lead investors". */
  label: string;
  values: FactValue[];
}

/** A key figure. */
export interface KeyFigure {
  label: string;
  /** The figure as a reader reads it: "over 300", "超过 300". */
  text: string;
  /** Where in `text` the number and what qualifies it are, which no line may split. */
  unit?: [start: number, end: number];
  note?: string;
  /** The raw value. */
  value: number;
}

/** The one figure that sums an announcement up in a list or on its social image. */
export interface HeadlineFigure {
  /** "$15M", "超过 300 位贡献者". */
  text: string;
  /** Where in `text` the number and what qualifies it are, which no line may split. */
  unit?: [start: number, end: number];
  /** What it is: "Amount", or the key figure's label. */
  label: string;
}

/** An image of the content folder as the outputs show it. */
export interface Picture {
  src: SiteAddress;
  /** The file in the content folder, for outputs that embed the image's bytes (the PDF). */
  asset: string;
  size?: ImageSize;
}

/** A published file as a reader sees it described before downloading it. */
export interface FileDetails {
  /** "PNG", "SVG", "PDF". */
  format: string;
  bytes: number;
  size?: ImageSize;
  /** Format, pixel size (for a raster image) and file size: "PNG, 1200 × 630 px, 48 kB". */
  text: string;
}

/** One of the company's facts on the press-kit page: founded, headquarters, ... */
export interface CompanyFact {
  key:
    | "legalName"
    | "founded"
    | "founders"
    | "headquarters"
    | "employees"
    | "industry"
    | "website"
    | "stockSymbol"
    | "social"
    | "other";
  label: string;
  values: FactValue[];
}

/** A leader the press-kit page presents. */
export interface TeamMember {
  person: PersonRef;
  /** The photo, described as the press kit's other files are (format, pixel size, file size). */
  photo?: Picture & { details: FileDetails };
  bio?: string;
}

/** A file for journalists: a logo variant, a product shot, brand guidelines. */
export interface BrandAsset {
  title: string;
  usage?: string;
  file: Picture & { details: FileDetails };
}

/** A quote and who said it. */
export interface QuoteBlock {
  /** The quotation in the locale's quotation marks (see `quoted`). */
  text: string;
  by: PersonRef;
  /** The attribution line: "— Jerry Chen, Partner, Greylock Partners". */
  credit: string;
}

/** The company the newsroom belongs to, as every output presents it. */
export interface Company {
  /** The words the outputs print around the company's pages, in this language. */
  words: Labels;
  name: string;
  /** "About Docker, Inc." */
  aboutHeading: string;
  about: Prose;
  pressContact: {
    name: string;
    email: string;
    /** The `mailto:` address. */
    mailto: string;
    phone?: string;
  };
  /** The sender's postal address, in lines (the newsletter's footer shows it). */
  postalAddress?: string[];
  /** The company's own logo, when site.yaml sets one. */
  logo?: Picture & { name: string; details: FileDetails };
  /**
   * The files the site makes from the logo, or from the company's initial without one
   * (`brandFiles`): the icons, and `png`, the logo as a PNG for mail clients that show no
   * SVG, `LOGO_PNG_HEIGHT` pixels high and as wide as the logo's shape makes it.
   */
  brand: {
    favicon: SiteAddress;
    icon: SiteAddress;
    appleTouchIcon: SiteAddress;
    png: { src: SiteAddress; width: number; height: number };
  };
  /** The company facts site.yaml gives (its `company` block), in a fixed order. */
  facts: CompanyFact[];
  /** The leaders site.yaml names (`company.team`), with photos and bios. */
  team: TeamMember[];
  brandAssets: BrandAsset[];
  /** The money raised in the funding announcements, per currency; absent without any. */
  raised?: {
    /** Largest first: "$55M and €10M" reads as the amounts are. */
    amounts: Array<{ currency: string; amount: number; text: string }>;
    /** The amounts as the language lists them. */
    text: string;
    /** "from 3 funding announcements". */
    note: string;
  };
  /** The ZIP with this language's whole press kit. */
  pressKitZip: SiteAddress;
  /** The company's logo, then each organization's that has one. */
  logos: Array<{
    name: string;
    src: SiteAddress;
    /** The file in the content folder, for outputs that embed the image's bytes (the PDF). */
    asset: string;
    size?: ImageSize;
  }>;
}

/** A translation of the announcement (the document's own included). */
export interface Translation {
  locale: string;
  /** The language's name for itself: "English", "中文（中国）". */
  language: string;
  direction: "ltr" | "rtl";
  title: string;
  /** How a link to it reads, in its own language: "English: Docker raises…". */
  label: string;
  /** True for the document's own language. */
  current: boolean;
  page: SiteAddress;
  pdf: SiteAddress;
}

/** A correction or update added after publication, as every output shows it. */
export interface UpdateBlock {
  kind: "update" | "correction";
  /** "Correction". */
  label: string;
  /** The moment as the content writes it (ISO 8601 with its offset), its UTC instant, and its day. */
  date: { iso: string; utc: string; text: string };
  /** "Correction, December 2, 2026". */
  heading: string;
  text: Prose;
}

/** The embargo of an announcement that may not be published yet. */
export interface EmbargoNotice {
  /** The instant it lifts, ISO 8601 in UTC: 2026-12-01T08:00:00Z. */
  utc: string;
  /** The moment as the content writes it, with its offset. */
  written: string;
  /** When it lifts, as a reader reads it: "December 1, 2026 at 9:00 AM GMT+1 (8:00 AM UTC)". */
  when: string;
  /** "Embargoed until December 1, 2026 at 9:00 AM GMT+1 (8:00 AM UTC)". */
  text: string;
  /** "Not for publication, broadcast or posting before this time." */
  note: string;
}

/** One announcement in one language, resolved for every output. */
export interface AnnouncementDocument {
  id: string;
  locale: string;
  direction: "ltr" | "rtl";
  /** Chinese, Japanese or Korean: set in CJK faces, on a looser line rhythm. */
  cjk: boolean;
  /** The source file, relative to the content folder, for warnings. */
  file: string;
  /** The words the outputs print around the content, in the document's language. */
  words: Labels;
  title: string;
  date: { iso: string; text: string };
  /**
   * Present while the announcement is under embargo: its outputs say so at the top and link to
   * no public address (there is none yet).
   */
  embargo?: EmbargoNotice;
  /** Corrections and updates, newest first. */
  updates: UpdateBlock[];
  /** When it last changed: the newest update's moment (ISO 8601, with its offset), or the date. */
  modified: string;
  summary: string;
  /** The figure that sums it up: the amount raised, or else the first key figure. */
  headline?: HeadlineFigure;
  author?: PersonRef;
  /** The round's name, when the announcement is about one. */
  round?: string;
  facts: FactRow[];
  figures: KeyFigure[];
  body: Prose;
  quotes: QuoteBlock[];
  useOfFunds: Array<{ title: string; summary?: string }>;
  hires: Array<{ person: PersonRef; role: string; previously?: string }>;
  ecosystem: Array<{
    label: string;
    organizations: OrganizationRef[];
    /** The organizations as the language lists them ("A, B and C"), to link each name. */
    list: Array<{ text: string; organization?: OrganizationRef }>;
  }>;
  source?: { url: string; title?: string; locale?: string };
  translatorNote?: string;
  company: Company;
  /** Where this translation's outputs are. */
  page: SiteAddress;
  pdf: SiteAddress;
  /** Its social image (1200×630 PNG), for og:image. */
  socialImage: SiteAddress;
  /** The newsletter's files, relative to OUT. */
  email: { html: string; text: string; eml: string };
  /** Every translation, in the site's locale order, this one included. */
  translations: Translation[];
}

type Resolver = ReturnType<typeof resolver>;

/** Looks people and organizations up once, in one language. */
function resolver(content: Content, locale: string) {
  const { site } = content;
  const words = wordsFor(locale, content.words);
  const text = (value: Parameters<typeof localize>[0]) => localize(value, locale, site);
  /** A name, with its language where that is not the document's. */
  const named = (value: LocalizedText, language?: string) => {
    const found = localizeWithLanguage(value, locale, site, language);
    return {
      name: found.text,
      ...(found.language && !writtenAlike(found.language, locale) && { lang: found.language }),
    };
  };
  const organization = (id: string): OrganizationRef => {
    const org = findOrganization(content, id);
    return { ...named(org.name, org.language), ...(org.url && { url: org.url }) };
  };
  const person = (id: string): PersonRef => {
    const p = findPerson(content, id);
    const { name, lang } = named(p.name, p.language);
    const role = p.role ? text(p.role) : undefined;
    const org = p.organization ? organization(p.organization) : undefined;
    // A role that already names the organization ("Partner, Greylock") is said as written.
    const said = role && org && role.toLowerCase().includes(org.name.toLowerCase());
    const detail = said || !org ? (role ?? "") : role ? words.roleAt(role, org.name) : org.name;
    return {
      name,
      ...(lang && { lang }),
      ...(p.url && { url: p.url }),
      ...(role && { role }),
      ...(org && { organization: org }),
      detail,
      credit: detail ? words.credit(name, detail) : name,
    };
  };
  return { words, text, organization, person };
}

// The company is the same for every announcement in a locale (but for where its notes start
// counting): made once per content, locale and first note number.
const companies = new WeakMap<Content, Map<string, Company>>();

/** The company's boilerplate, press contact and logos in `locale`. */
export function companyOf(content: Content, locale: string, firstNote = 1): Company {
  let known = companies.get(content);
  if (!known) {
    known = new Map();
    companies.set(content, known);
  }
  const key = `${locale}\u0000${firstNote}`;
  let company = known.get(key);
  if (!company) {
    company = makeCompany(content, locale, firstNote);
    known.set(key, company);
  }
  return company;
}

/** A published file of the content folder, described for a reader in `locale`. */
function fileDetails(content: Content, asset: string, locale: string, words: Labels): FileDetails {
  const info = content.files[asset];
  const size = content.imageSizes[asset];
  const format = info ? formatNames[info.format] : (asset.split(".").pop()?.toUpperCase() ?? "");
  const bytes = info?.bytes ?? 0;
  const parts = [
    format,
    ...(size ? [words.pixels(String(size.width), String(size.height))] : []),
    formatBytes(bytes, locale),
  ];
  return {
    format,
    bytes,
    ...(size && { size }),
    text: parts.reduce((text, part) => words.alongside(text, part)),
  };
}

/** An image of the content folder, addressed where the site publishes it. */
function picture(content: Content, asset: string): Picture {
  const size = content.imageSizes[asset];
  return { src: siteAddress(content.site, asset), asset, ...(size && { size }) };
}

/** The height in pixels of the logo's PNG (four times the 40 px the email shows it at). */
export const LOGO_PNG_HEIGHT = 160;

function brandOf(content: Content): Company["brand"] {
  const { site } = content;
  const drawn = site.logo ? content.files[site.logo]?.size : undefined;
  // Without a logo, or one of no known shape, the PNG is a square (the monogram's).
  const ratio = drawn ? drawn.width / drawn.height : 1;
  // Within 1:8 and 8:1, so a hairline or a sliver of a logo still gets a usable image.
  const width = Math.round(LOGO_PNG_HEIGHT * Math.min(8, Math.max(1 / 8, ratio)));
  return {
    favicon: siteAddress(site, brandFiles.favicon),
    icon: siteAddress(site, brandFiles.icon),
    appleTouchIcon: siteAddress(site, brandFiles.appleTouchIcon),
    png: { src: siteAddress(site, brandFiles.logo), width, height: LOGO_PNG_HEIGHT },
  };
}

/** The `company` block of site.yaml as rows of facts, in the order press kits give them. */
function companyFacts(content: Content, r: Resolver, locale: string): CompanyFact[] {
  const c = content.site.company;
  if (!c) return [];
  const { words, text } = r;
  const facts: CompanyFact[] = [];
  const add = (key: CompanyFact["key"], label: string, values: FactValue[]) => {
    if (values.length) facts.push({ key, label, values });
  };
  if (c.legalName) add("legalName", words.legalName, [{ text: c.legalName }]);
  if (c.founded !== undefined) {
    const founded =
      typeof c.founded === "number"
        ? new Intl.NumberFormat(locale, { useGrouping: false }).format(c.founded)
        : formatDate(c.founded, locale);
    add("founded", words.founded, [{ text: founded }]);
  }
  if (c.founders?.length) {
    add(
      "founders",
      words.founders(c.founders.length),
      c.founders.map((id) => {
        const p = r.person(id);
        return { text: p.name, ...(p.lang && { lang: p.lang }), ...(p.url && { url: p.url }) };
      }),
    );
  }
  if (c.headquarters) add("headquarters", words.headquarters, [{ text: text(c.headquarters) }]);
  if (c.employees) add("employees", words.employees, [{ text: text(c.employees) }]);
  if (c.industry) add("industry", words.industry, [{ text: text(c.industry) }]);
  if (c.website) {
    // Shown as people type it: "www.docker.com", linked to the address itself.
    const shown = c.website.replace(/^https?:\/\//, "").replace(/\/$/, "");
    add("website", words.website, [{ text: shown, url: c.website }]);
  }
  if (c.stockSymbol) add("stockSymbol", words.stockSymbol, [{ text: c.stockSymbol }]);
  for (const fact of c.facts ?? []) {
    add("other", text(fact.label), [{ text: text(fact.value) }]);
  }
  if (c.social?.length) {
    add(
      "social",
      words.social,
      c.social.map((s) => ({ text: s.label, url: s.url })),
    );
  }
  return facts;
}

/** The amounts raised in every funding announcement (each once, whatever its translations). */
function raisedIn(content: Content, locale: string, words: Labels): Company["raised"] {
  const seen = new Set<string>();
  const sums = new Map<string, number>();
  for (const a of content.announcements) {
    if (!a.funding || seen.has(a.id)) continue;
    seen.add(a.id);
    const { currency, amount } = a.funding;
    sums.set(currency, (sums.get(currency) ?? 0) + amount);
  }
  if (!seen.size) return undefined;
  const amounts = [...sums]
    .map(([currency, amount]) => {
      // Sums of decimal amounts drift in binary ("0.30000000000000004"): round to cents.
      const exact = Math.round(amount * 1e6) / 1e6;
      return { currency, amount: exact, text: formatMoney(exact, currency, locale) };
    })
    .sort((x, y) => y.amount - x.amount || x.currency.localeCompare(y.currency, "en"));
  return {
    amounts,
    text: listParts(
      amounts.map((a) => a.text),
      locale,
    )
      .map((p) => p.text)
      .join(""),
    note: words.totalRaisedNote(seen.size),
  };
}

function makeCompany(content: Content, locale: string, firstNote: number): Company {
  const { site } = content;
  const r = resolver(content, locale);
  const words = wordsFor(locale, content.words);
  const about = content.about[locale];
  const logos = [
    ...(site.logo ? [{ name: site.name, logo: site.logo }] : []),
    ...content.organizations.flatMap((o) =>
      o.logo ? [{ name: localize(o.name, locale, site), logo: o.logo }] : [],
    ),
  ];
  const contact = site.pressContact;
  const raised = raisedIn(content, locale, words);
  return {
    words,
    name: site.name,
    aboutHeading: words.about(site.name),
    about: about
      ? resolveProse(about, { site, words, imageSizes: content.imageSizes, firstNote })
      : { blocks: [], notes: [] },
    pressContact: {
      name: contact.name,
      email: contact.email,
      mailto: `mailto:${contact.email}`,
      ...(contact.phone && { phone: contact.phone }),
    },
    ...(site.newsletter.postalAddress && {
      postalAddress: localize(site.newsletter.postalAddress, locale, site)
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    }),
    ...(site.logo && {
      logo: {
        name: site.name,
        ...picture(content, site.logo),
        details: fileDetails(content, site.logo, locale, words),
      },
    }),
    brand: brandOf(content),
    facts: companyFacts(content, r, locale),
    team: (site.company?.team ?? []).map((id) => {
      const p = findPerson(content, id);
      return {
        person: r.person(id),
        ...(p.photo && {
          photo: {
            ...picture(content, p.photo),
            details: fileDetails(content, p.photo, locale, words),
          },
        }),
        ...(p.bio && { bio: r.text(p.bio) }),
      };
    }),
    brandAssets: (site.brandAssets ?? []).map((b) => ({
      title: r.text(b.title),
      ...(b.usage && { usage: r.text(b.usage) }),
      file: {
        ...picture(content, b.file),
        details: fileDetails(content, b.file, locale, words),
      },
    })),
    ...(raised && { raised }),
    pressKitZip: siteAddress(site, pressKitZipPath(site.name, locale)),
    logos: logos.map(({ name, logo }) => ({
      name,
      src: siteAddress(site, logo),
      asset: logo,
      ...(content.imageSizes[logo] && { size: content.imageSizes[logo] }),
    })),
  };
}

function factRows(a: Announcement, r: Resolver): FactRow[] {
  const f = a.funding;
  if (!f) return [];
  const { words } = r;
  const organizations = (ids: readonly string[]) =>
    ids.map((id) => {
      const org = r.organization(id);
      return {
        text: org.name,
        ...(org.lang && { lang: org.lang }),
        ...(org.url && { url: org.url }),
      };
    });
  const rows: FactRow[] = [
    { key: "round", label: words.round, values: [{ text: f.round }] },
    {
      key: "amount",
      label: words.amount,
      values: [{ text: formatMoney(f.amount, f.currency, a.locale) }],
    },
    {
      key: "lead",
      label: words.leadInvestors(f.lead.length),
      values: organizations(f.lead),
    },
  ];
  if (f.participants.length) {
    rows.push({
      key: "participants",
      label: words.participants(f.participants.length),
      values: organizations(f.participants),
    });
  }
  if (f.boardMembers.length) {
    rows.push({
      key: "boardMembers",
      label: words.boardMembers(f.boardMembers.length),
      values: f.boardMembers.map((id) => {
        const p = r.person(id);
        return {
          text: p.name,
          ...(p.lang && { lang: p.lang }),
          ...(p.url && { url: p.url }),
          ...(p.detail && { note: p.detail }),
        };
      }),
    });
  }
  return rows;
}

/** The amount raised, or else the first key figure. */
function headlineOf(
  a: Announcement,
  words: Labels,
  figures: readonly KeyFigure[],
): HeadlineFigure | undefined {
  if (a.funding) {
    return withUnit(
      { text: formatMoney(a.funding.amount, a.funding.currency, a.locale), label: words.amount },
      words,
    );
  }
  const first = figures[0];
  return first && withUnit({ text: first.text, label: first.label }, words);
}

function figuresOf(a: Announcement, words: Labels): KeyFigure[] {
  return a.metrics.map((m) =>
    withUnit(
      {
        label: m.label,
        text: formatMetric(m, a.locale, words),
        ...(m.note && { note: m.note }),
        value: m.value,
      },
      words,
    ),
  );
}

/** A figure with its unbreakable unit, where its text has a number. */
function withUnit<F extends { text: string }>(
  figure: F,
  words: Labels,
): F & { unit?: [number, number] } {
  const unit = figureUnit(figure.text, words);
  return unit ? { ...figure, unit } : figure;
}

/** The embargo notice of `a`, in its language. */
function embargoNotice(embargo: string, locale: string, words: Labels): EmbargoNotice {
  const when = formatMoment(embargo, locale, words);
  return {
    utc: utcText(momentOf(embargo).instant),
    written: embargo,
    when,
    text: words.embargoedUntil(when),
    note: words.embargoNote,
  };
}

/** The updates of `a`, newest first, each text resolved as the body is. */
function updatesOf(a: Announcement, words: Labels, context: ProseContext): UpdateBlock[] {
  return a.updates
    .map((u) => ({ u, moment: momentOf(u.date) }))
    .sort((x, y) => y.moment.instant.getTime() - x.moment.instant.getTime())
    .map(({ u, moment }) => {
      const label = u.kind === "correction" ? words.correction : words.update;
      const text = formatDate(moment.date, a.locale);
      return {
        kind: u.kind,
        label,
        date: { iso: u.date, utc: utcText(moment.instant), text },
        heading: words.updateOn(label, text),
        text: resolveProse(parseMarkdown(u.text), context),
      };
    });
}

/**
 * Resolves one announcement (one translation) into the document every output lays out.
 * `embargoed`: the announcement is still under its embargo where the document is used (see
 * `isUnderEmbargo`), so its outputs carry the notice.
 */
export function announcementDocument(
  content: Content,
  a: Announcement,
  { embargoed = false }: { embargoed?: boolean } = {},
): AnnouncementDocument {
  const { site } = content;
  const r = resolver(content, a.locale);
  const { words } = r;
  const context = { site, words, imageSizes: content.imageSizes };
  const body = resolveProse(a.body, context);
  const updates = updatesOf(a, words, context);
  const author = a.author ? r.person(a.author) : undefined;
  const figures = figuresOf(a, r.words);
  const headline = headlineOf(a, words, figures);
  return {
    id: a.id,
    locale: a.locale,
    direction: directionOf(a.locale),
    cjk: isCjk(a.locale),
    file: a.file,
    words,
    title: a.title,
    date: { iso: a.date, text: formatDate(a.date, a.locale) },
    ...(embargoed && a.embargo && { embargo: embargoNotice(a.embargo, a.locale, words) }),
    updates,
    modified: updates[0]?.date.iso ?? a.date,
    summary: a.summary,
    ...(headline && { headline }),
    ...(author && { author }),
    ...(a.funding && { round: a.funding.round }),
    facts: factRows(a, r),
    figures,
    body,
    quotes: a.quotes.map((q) => {
      const by = r.person(q.person);
      return { text: quoted(q.text, a.locale), by, credit: words.quoteBy(by.credit) };
    }),
    useOfFunds: a.useOfFunds.map((u) => ({
      title: u.title,
      ...(u.summary && { summary: u.summary }),
    })),
    hires: a.hires.map((h) => ({
      person: r.person(h.person),
      role: h.role,
      ...(h.previously && { previously: h.previously }),
    })),
    ecosystem: a.ecosystem.map((g) => {
      const organizations = g.organizations.map(r.organization);
      const list = listParts(
        organizations.map((o) => o.name),
        a.locale,
      ).map(({ text, item }) => ({
        text,
        ...(item !== undefined && { organization: organizations[item] }),
      }));
      return { label: g.label, organizations, list };
    }),
    ...(a.source && { source: a.source }),
    ...(a.translatorNote && { translatorNote: a.translatorNote }),
    // The boilerplate's notes go on from the body's, so both fit one page.
    company: companyOf(content, a.locale, body.notes.length + 1),
    page: siteAddress(site, announcementPath(a)),
    pdf: siteAddress(site, pressKitPath(a)),
    socialImage: siteAddress(site, socialImagePath(a)),
    email: emailFiles(a),
    translations: translationsOf(content, a).map((t) => ({
      locale: t.locale,
      language: languageName(t.locale),
      direction: directionOf(t.locale),
      title: t.title,
      label: wordsFor(t.locale, content.words).labelled(languageName(t.locale), t.title),
      current: t.locale === a.locale,
      page: siteAddress(site, announcementPath(t)),
      pdf: siteAddress(site, pressKitPath(t)),
    })),
  };
}
