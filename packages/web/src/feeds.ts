import type { AnnouncementDocument, Company, Content } from "@herald/model";
import { html } from "./html.js";
import { feedAddress, homeAddress, pressKitPageAddress, sitemapAddress } from "./routes.js";

// Machine-readable files: Atom feeds, the sitemap and robots.txt, from the same documents as
// the pages. The same escaping as HTML (numeric character references) is valid XML.

/** One Atom feed per locale with that locale's announcements. Dates come from the content. */
export function atomFeed(
  content: Content,
  company: Company,
  locale: string,
  documents: readonly AnnouncementDocument[],
): string {
  const items = documents.filter((d) => d.locale === locale);
  const updated =
    items
      .map((d) => d.date.iso)
      .sort()
      .at(-1) ?? "1970-01-01";
  const self = feedAddress(content, locale).url;
  return html`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
<title>${company.name} · ${company.words.newsroom}</title>
<id>${self}</id>
<link rel="self" type="application/atom+xml" href="${self}"/>
<link rel="alternate" type="text/html" href="${homeAddress(content, locale).url}"/>
<updated>${updated}T00:00:00Z</updated>
<author><name>${company.name}</name></author>
${items.map(
  (d) => html`<entry>
<title>${d.title}</title>
<id>${d.page.url}</id>
<link rel="alternate" type="text/html" href="${d.page.url}"/>
<published>${d.date.iso}T00:00:00Z</published>
<updated>${d.date.iso}T00:00:00Z</updated>
<summary>${d.summary}</summary>
</entry>
`,
)}</feed>
`.value;
}

/** Every page with its translations as hreflang alternates. */
export function sitemap(content: Content, documents: readonly AnnouncementDocument[]): string {
  const { locales } = content.site;
  const seen = new Set<string>();
  const groups: Array<Array<{ locale: string; url: string }>> = [
    ...[homeAddress, pressKitPageAddress].map((address) =>
      locales.map((locale) => ({ locale, url: address(content, locale).url })),
    ),
    // One group per announcement: its translations, as its first document lists them.
    ...documents.flatMap((d) => {
      if (seen.has(d.id)) return [];
      seen.add(d.id);
      return [d.translations.map((t) => ({ locale: t.locale, url: t.page.url }))];
    }),
  ];
  return html`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${groups.flatMap((group) =>
  group.map(
    (page) => html`<url>
<loc>${page.url}</loc>
${group.map((t) => html`<xhtml:link rel="alternate" hreflang="${t.locale}" href="${t.url}"/>\n`)}</url>
`,
  ),
)}</urlset>
`.value;
}

export const robots = (content: Content) =>
  `User-agent: *\nAllow: /\nSitemap: ${sitemapAddress(content).url}\n`;
