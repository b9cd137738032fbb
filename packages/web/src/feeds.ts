import type { AnnouncementDocument, Company, Content } from "@herald/model";
import { html } from "./html.js";
import {
  feedAddress,
  homeAddress,
  newsroomPageAddress,
  pressKitPageAddress,
  sitemapAddress,
  sitemapPartAddress,
  yearArchiveAddress,
} from "./routes.js";

// Machine-readable files: Atom feeds, the sitemap and robots.txt, from the same documents as
// the pages. The same escaping as HTML (numeric character references) is valid XML.

/**
 * When the announcement last changed, in RFC 3339 as Atom wants it: the newest update's instant
 * in UTC (its moment may leave out the seconds, which RFC 3339 requires), else the day it was
 * published, at midnight UTC.
 */
export const modifiedInstant = (d: AnnouncementDocument): string =>
  d.updates[0]?.date.utc ?? `${d.date.iso}T00:00:00Z`;

/** How many entries a feed holds: the newest; older announcements are on the site. */
export const FEED_ENTRIES = 50;

/**
 * One Atom feed per locale with that locale's newest FEED_ENTRIES announcements (the
 * documents come newest first). Dates come from the content.
 */
export function atomFeed(
  content: Content,
  company: Company,
  locale: string,
  documents: readonly AnnouncementDocument[],
): string {
  const items = documents.filter((d) => d.locale === locale).slice(0, FEED_ENTRIES);
  // The newest entry's; each of the same form (…THH:MM:SSZ), so they sort as text.
  const updated = items.map(modifiedInstant).sort().at(-1) ?? "1970-01-01T00:00:00Z";
  const self = feedAddress(content, locale).url;
  return html`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
<title>${company.name} · ${company.words.newsroom}</title>
<id>${self}</id>
<link rel="self" type="application/atom+xml" href="${self}"/>
<link rel="alternate" type="text/html" href="${homeAddress(content, locale).url}"/>
<updated>${updated}</updated>
<author><name>${company.name}</name></author>
${items.map(
  (d) => html`<entry>
<title>${d.title}</title>
<id>${d.page.url}</id>
<link rel="alternate" type="text/html" href="${d.page.url}"/>
<published>${d.date.iso}T00:00:00Z</published>
<updated>${modifiedInstant(d)}</updated>
<summary>${d.summary}</summary>
</entry>
`,
)}</feed>
`.value;
}

/**
 * The most addresses one sitemap file holds before the sitemap is split (the protocol allows
 * 50,000; a margin keeps each part clear of it).
 */
export const SITEMAP_ADDRESSES = 45_000;
/** The most bytes one sitemap file holds (the protocol allows 50 MB uncompressed). */
export const SITEMAP_BYTES = 45 * 1024 * 1024;

/** The newsroom's list pages in one locale: its numbered pages and its year archives. */
export interface ListPages {
  pages: number;
  years: readonly string[];
}

/**
 * The sitemap's files: `sitemap.xml` alone while every address fits in one file, else
 * `sitemap-1.xml`, `sitemap-2.xml`, … of at most `limits.addresses` addresses and
 * `limits.bytes` bytes each, and `sitemap.xml` the <sitemapindex> of them (robots.txt names
 * sitemap.xml either way). Every page is listed with its translations as hreflang alternates.
 */
export function sitemapFiles(
  content: Content,
  documents: readonly AnnouncementDocument[],
  lists: ReadonlyMap<string, ListPages> = new Map(),
  limits: { addresses: number; bytes: number } = {
    addresses: SITEMAP_ADDRESSES,
    bytes: SITEMAP_BYTES,
  },
): Array<{ address: ReturnType<typeof sitemapAddress>; xml: string }> {
  const { locales } = content.site;
  const seen = new Set<string>();
  /** The same page in every locale that has it. */
  const everywhere = (address: (locale: string) => { url: string }, has = (_: string) => true) =>
    locales.filter(has).map((locale) => ({ locale, url: address(locale).url }));
  const pages = Math.max(1, ...[...lists.values()].map((l) => l.pages));
  const years = [...new Set([...lists.values()].flatMap((l) => l.years))].sort().reverse();
  // An updated page says when it last changed (W3C Datetime: the content's moment as written).
  const modified = new Map(
    documents.filter((d) => d.updates.length).map((d) => [d.page.url, d.modified]),
  );
  const groups: Array<Array<{ locale: string; url: string }>> = [
    ...[homeAddress, pressKitPageAddress].map((address) =>
      everywhere((locale) => address(content, locale)),
    ),
    ...Array.from({ length: pages - 1 }, (_, i) =>
      everywhere(
        (locale) => newsroomPageAddress(content, locale, i + 2),
        (locale) => (lists.get(locale)?.pages ?? 1) >= i + 2,
      ),
    ),
    ...years.map((year) =>
      everywhere(
        (locale) => yearArchiveAddress(content, locale, year),
        (locale) => lists.get(locale)?.years.includes(year) ?? false,
      ),
    ),
    // One group per announcement: its translations, as its first document lists them.
    ...documents.flatMap((d) => {
      if (seen.has(d.id)) return [];
      seen.add(d.id);
      return [d.translations.map((t) => ({ locale: t.locale, url: t.page.url }))];
    }),
  ];
  const entries = groups.flatMap((group) =>
    group.map(
      (page) =>
        html`<url>
<loc>${page.url}</loc>
${modified.has(page.url) ? html`<lastmod>${modified.get(page.url)}</lastmod>\n` : ""}${group.map((t) => html`<xhtml:link rel="alternate" hreflang="${t.locale}" href="${t.url}"/>\n`)}</url>
`.value,
    ),
  );
  const urlset = (part: readonly string[]) => `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${part.join("")}</urlset>
`;
  const frame = Buffer.byteLength(urlset([]));
  const parts: string[][] = [[]];
  let bytes = frame;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry);
    const part = parts.at(-1) as string[];
    if (part.length && (part.length >= limits.addresses || bytes + size > limits.bytes)) {
      parts.push([entry]);
      bytes = frame + size;
    } else {
      part.push(entry);
      bytes += size;
    }
  }
  if (parts.length === 1) return [{ address: sitemapAddress(content), xml: urlset(entries) }];
  const files = parts.map((part, i) => ({
    address: sitemapPartAddress(content, i + 1),
    xml: urlset(part),
  }));
  const index = html`<?xml version="1.0" encoding="utf-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${files.map((f) => html`<sitemap><loc>${f.address.url}</loc></sitemap>\n`)}</sitemapindex>
`.value;
  return [{ address: sitemapAddress(content), xml: index }, ...files];
}

export const robots = (content: Content) =>
  `User-agent: *\nAllow: /\nSitemap: ${sitemapAddress(content).url}\n`;
