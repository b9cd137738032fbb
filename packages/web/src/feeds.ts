import { type Content, labels, translationsOf } from "@herald/model";
import { html } from "./html.js";
import { articlePath, feedPath, homePath, pressKitPagePath, publicUrl } from "./routes.js";

// Machine-readable files: Atom feeds, the sitemap and robots.txt. The same escaping as HTML
// (numeric character references) is valid XML.

/** One Atom feed per locale with that locale's announcements. Dates come from the content. */
export function atomFeed(content: Content, locale: string): string {
  const items = content.announcements.filter((a) => a.locale === locale);
  const updated = items[0]?.date ?? "1970-01-01";
  const self = publicUrl(content, feedPath(locale));
  return html`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
<title>${content.site.name} · ${labels(locale).newsroom}</title>
<id>${self}</id>
<link rel="self" type="application/atom+xml" href="${self}"/>
<link rel="alternate" type="text/html" href="${publicUrl(content, homePath(locale))}"/>
<updated>${updated}T00:00:00Z</updated>
<author><name>${content.site.name}</name></author>
${items.map(
  (a) => html`<entry>
<title>${a.title}</title>
<id>${publicUrl(content, articlePath(a))}</id>
<link rel="alternate" type="text/html" href="${publicUrl(content, articlePath(a))}"/>
<published>${a.date}T00:00:00Z</published>
<updated>${a.date}T00:00:00Z</updated>
<summary>${a.summary}</summary>
</entry>
`,
)}</feed>
`.value;
}

/** Every page with its translations as hreflang alternates. */
export function sitemap(content: Content): string {
  const groups: Array<Record<string, string>> = [
    ...[homePath, pressKitPagePath].map((path) =>
      Object.fromEntries(content.site.locales.map((l) => [l, path(l)])),
    ),
    ...[...new Set(content.announcements.map((a) => a.id))].map((id) => {
      const first = content.announcements.find((a) => a.id === id);
      return Object.fromEntries(
        (first ? translationsOf(content, first) : []).map((t) => [t.locale, articlePath(t)]),
      );
    }),
  ];
  return html`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${groups.flatMap((group) =>
  Object.values(group).map(
    (path) => html`<url>
<loc>${publicUrl(content, path)}</loc>
${Object.entries(group).map(([l, p]) => html`<xhtml:link rel="alternate" hreflang="${l}" href="${publicUrl(content, p)}"/>\n`)}</url>
`,
  ),
)}</urlset>
`.value;
}

export const robots = (content: Content) =>
  `User-agent: *\nAllow: /\nSitemap: ${publicUrl(content, "sitemap.xml")}\n`;
