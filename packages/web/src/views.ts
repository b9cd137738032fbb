import {
  type Announcement,
  type Content,
  findOrganization,
  findPerson,
  formatDate,
  formatMetric,
  formatMoney,
  labels,
  localize,
  type ManifestEntry,
  type Metric,
  type Organization,
  translationsOf,
} from "@herald/model";
import { type Html, html } from "./html.js";
import type { PageHead } from "./layout.js";
import { renderMarkdown } from "./markdown.js";
import {
  articlePath,
  homePath,
  href,
  languageName,
  pressKitPagePath,
  publicUrl,
  rootHref,
  stylesheetPath,
} from "./routes.js";

export interface View {
  head: PageHead;
  main: Html;
}

/** The PDF of a translation inside the site, once the PDF renderer has written it. */
const pdfOf = (entries: readonly ManifestEntry[], a: Announcement) =>
  entries.find((e) => e.id === a.id && e.locale === a.locale)?.pdf?.replace(/^site\//, "");

const personName = (content: Content, id: string, locale: string) =>
  localize(findPerson(content, id).name, locale, content.site);

function organization(content: Content, org: Organization, locale: string): Html {
  const name = localize(org.name, locale, content.site);
  return org.url ? html`<a href="${org.url}">${name}</a>` : html`${name}`;
}

function person(content: Content, id: string, locale: string): Html {
  const p = findPerson(content, id);
  const name = localize(p.name, locale, content.site);
  const role = p.role ? localize(p.role, locale, content.site) : undefined;
  const named = p.url ? html`<a href="${p.url}">${name}</a>` : html`${name}`;
  return role
    ? html`${named}<span class="role">${labels(locale).withNote("", role)}</span>`
    : named;
}

/** Joins pieces of HTML the way the locale joins a list: "A, B and C", "A、B和C". */
function list(items: readonly Html[], locale: string): Html {
  const parts = new Intl.ListFormat(locale, { type: "conjunction" }).formatToParts(
    items.map((_, i) => String(i)),
  );
  return html`${parts.map((p) => (p.type === "element" ? items[Number(p.value)] : p.value))}`;
}

/** Key figures as a table-chart: real table semantics, bars on a log scale for the eye. */
function figures(metrics: readonly Metric[], locale: string): Html {
  const words = labels(locale);
  const max = Math.max(...metrics.map((m) => m.value));
  // All figures zero: every bar is the stub (log10(1) / log10(1) would be 0 / 0).
  const width = (v: number) =>
    Math.max(2, max > 0 ? Math.round((100 * Math.log10(v + 1)) / Math.log10(max + 1)) : 0);
  return html`<section class="figures" aria-labelledby="figures-title">
<h2 id="figures-title">${words.metrics}</h2>
<table>
<caption class="sr-only">${words.metrics}</caption>
<tbody>
${metrics.map(
  (
    m,
  ) => html`<tr><th scope="row">${m.label}${m.note ? html`<br><span class="note">${m.note}</span>` : ""}</th><td><span class="value">${formatMetric(m, locale)}</span><span class="bar" style="width: ${width(m.value)}%" aria-hidden="true"></span></td></tr>
`,
)}</tbody>
</table>
<p class="scale">${words.logScale}</p>
</section>`;
}

function factSheet(content: Content, a: Announcement): Html {
  const f = a.funding;
  if (!f) return html``;
  const words = labels(a.locale);
  const orgs = (ids: readonly string[]) =>
    html`<ul>${ids.map((id) => html`<li>${organization(content, findOrganization(content, id), a.locale)}</li>`)}</ul>`;
  return html`<section class="facts" aria-labelledby="facts-title">
<h2 id="facts-title">${words.factSheet}</h2>
<dl>
<dt>${words.round}</dt><dd>${f.round}</dd>
<dt>${words.amount}</dt><dd>${formatMoney(f.amount, f.currency, a.locale)}</dd>
<dt>${f.lead.length === 1 ? words.leadInvestor : words.leadInvestors}</dt><dd>${orgs(f.lead)}</dd>
${f.participants.length ? html`<dt>${words.participants}</dt><dd>${orgs(f.participants)}</dd>\n` : ""}${f.boardMembers.length ? html`<dt>${words.boardMembers}</dt><dd><ul>${f.boardMembers.map((id) => html`<li>${person(content, id, a.locale)}</li>`)}</ul></dd>\n` : ""}</dl>
</section>`;
}

/** One announcement in one locale, with its fact sheet, figures, quotes and boilerplate. */
export function articleView(
  content: Content,
  a: Announcement,
  entries: readonly ManifestEntry[],
): View {
  const path = articlePath(a);
  const words = labels(a.locale);
  const link = (to: string) => href(path, to);
  const translations = translationsOf(content, a);
  const pdf = pdfOf(entries, a);
  const author = a.author ? findPerson(content, a.author) : undefined;
  const markdown = { locale: a.locale, assetHref: link };

  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: a.title,
    description: a.summary,
    datePublished: a.date,
    dateModified: a.date,
    inLanguage: a.locale,
    url: publicUrl(content, path),
    mainEntityOfPage: publicUrl(content, path),
    ...(author && {
      author: {
        "@type": "Person",
        name: localize(author.name, a.locale, content.site),
        ...(author.role && { jobTitle: localize(author.role, a.locale, content.site) }),
      },
    }),
    publisher: { "@type": "Organization", name: content.site.name, url: content.site.url },
    ...(a.funding && {
      about: {
        "@type": "Organization",
        name: content.site.name,
        funder: [...a.funding.lead, ...a.funding.participants].map((id) => {
          const org = findOrganization(content, id);
          return {
            "@type": "Organization",
            name: localize(org.name, a.locale, content.site),
            ...(org.url && { url: org.url }),
          };
        }),
      },
    }),
    ...(translations.length > 1 && {
      workTranslation: translations
        .filter((t) => t.locale !== a.locale)
        .map((t) => ({
          "@type": "NewsArticle",
          inLanguage: t.locale,
          url: publicUrl(content, articlePath(t)),
        })),
    }),
  };

  const main = html`<article>
<h1>${a.title}</h1>
<p class="meta"><time datetime="${a.date}">${formatDate(a.date, a.locale)}</time>${author ? html` · ${words.by} ${person(content, author.id, a.locale)}` : ""}</p>
<p class="summary">${a.summary}</p>
<ul class="actions">
${pdf ? html`<li><a class="button" href="${link(pdf)}" type="application/pdf">${words.downloadPdf}</a></li>\n` : ""}${translations
  .filter((t) => t.locale !== a.locale)
  .map(
    (t) =>
      html`<li><a href="${link(articlePath(t))}" hreflang="${t.locale}" lang="${t.locale}">${labels(t.locale).labelled(languageName(t.locale), t.title)}</a></li>\n`,
  )}</ul>
${factSheet(content, a)}
${a.metrics.length ? figures(a.metrics, a.locale) : ""}
<div class="body">
${renderMarkdown(a.body, markdown)}
</div>
${
  a.quotes.length
    ? html`<section aria-labelledby="quotes-title"><h2 id="quotes-title">${words.quotes}</h2>
${a.quotes.map((q) => html`<figure class="quote"><blockquote><p>${q.text}</p></blockquote><figcaption>${words.quoteBy(personName(content, q.person, a.locale))}</figcaption></figure>\n`)}</section>`
    : ""
}
${
  a.useOfFunds.length
    ? html`<section aria-labelledby="funds-title"><h2 id="funds-title">${words.useOfFunds}</h2>
<ol>${a.useOfFunds.map((u) => html`<li><strong>${u.title}</strong>${u.summary ? words.labelled("", u.summary) : ""}</li>`)}</ol></section>`
    : ""
}
${
  a.hires.length
    ? html`<section aria-labelledby="hires-title"><h2 id="hires-title">${words.hires}</h2>
<ul>${a.hires.map((h) => html`<li>${person(content, h.person, a.locale)}${words.labelled("", h.role)}${h.previously ? html`<span class="role">${words.withNote("", h.previously)}</span>` : ""}</li>`)}</ul></section>`
    : ""
}
${
  a.ecosystem.length
    ? html`<section aria-labelledby="ecosystem-title"><h2 id="ecosystem-title">${words.ecosystem}</h2>
${a.ecosystem.map(
  (g) =>
    html`<h3>${g.label}</h3><p>${list(
      g.organizations.map((id) => organization(content, findOrganization(content, id), a.locale)),
      a.locale,
    )}</p>\n`,
)}</section>`
    : ""
}
${a.source || a.translatorNote ? html`<aside class="note">${a.source ? html`<p>${words.labelled(words.source, "")}<a href="${a.source.url}"${a.source.locale && a.source.locale !== a.locale ? html` hreflang="${a.source.locale}"` : ""}>${a.source.title ? html`<cite${a.source.locale && a.source.locale !== a.locale ? html` lang="${a.source.locale}"` : ""}>${a.source.title}</cite>` : a.source.url}</a></p>` : ""}${a.translatorNote ? html`<p>${words.labelled(words.translatorNote, a.translatorNote)}</p>` : ""}</aside>` : ""}
<section aria-labelledby="about-title">
<h2 id="about-title">${words.about} ${content.site.name}</h2>
${aboutOf(content, a.locale, link)}
</section>
</article>`;

  return {
    head: {
      path,
      locale: a.locale,
      title: a.title,
      description: a.summary,
      alternates: Object.fromEntries(translations.map((t) => [t.locale, articlePath(t)])),
      ogType: "article",
      jsonLd,
      section: "news",
    },
    main,
  };
}

const aboutOf = (content: Content, locale: string, link: (to: string) => string) => {
  const tree = content.about[locale];
  return tree ? renderMarkdown(tree, { locale, assetHref: link }) : html``;
};

const localeAlternates = (content: Content, path: (locale: string) => string) =>
  Object.fromEntries(content.site.locales.map((l) => [l, path(l)]));

/** The newsroom: every announcement, newest first, in this locale where it exists. */
export function homeView(content: Content, locale: string): View {
  const path = homePath(locale);
  const words = labels(locale);
  const ids = [...new Set(content.announcements.map((a) => a.id))];
  const items = ids.map((id) => {
    const translations = translationsOf(content, { id });
    return (translations.find((t) => t.locale === locale) ?? translations[0]) as Announcement;
  });
  const main = html`<h1>${words.newsroom}</h1>
<ul class="news">
${items.map((a) => {
  const other = a.locale !== locale ? a.locale : undefined;
  return html`<li${other ? html` lang="${other}"` : ""}>
<p class="meta"><time datetime="${a.date}">${formatDate(a.date, locale)}</time></p>
<h2><a href="${href(path, articlePath(a))}"${other ? html` hreflang="${other}"` : ""}>${a.title}</a></h2>
<p>${a.summary}</p>
</li>
`;
})}</ul>`;
  return {
    head: {
      path,
      locale,
      title: `${words.newsroom} · ${content.site.name}`,
      description: items[0]?.summary ?? content.site.name,
      alternates: localeAlternates(content, homePath),
      section: "news",
    },
    main,
  };
}

/** Boilerplate, press contact, logos and every press kit. */
export function pressKitView(
  content: Content,
  locale: string,
  entries: readonly ManifestEntry[],
): View {
  const path = pressKitPagePath(locale);
  const words = labels(locale);
  const link = (to: string) => href(path, to);
  const { site } = content;
  const logos = [
    ...(site.logo ? [{ name: site.name, logo: site.logo }] : []),
    ...content.organizations
      .filter((o) => o.logo)
      .map((o) => ({ name: localize(o.name, locale, site), logo: o.logo as string })),
  ];
  const kits = content.announcements.filter((a) => a.locale === locale);
  const main = html`<h1>${words.pressKit}</h1>
<section aria-labelledby="about-title">
<h2 id="about-title">${words.about} ${site.name}</h2>
${aboutOf(content, locale, link)}
</section>
<section aria-labelledby="contact-title">
<h2 id="contact-title">${words.pressContact}</h2>
<p>${site.pressContact.name}<br>${words.labelled(words.email, "")}<a href="mailto:${site.pressContact.email}">${site.pressContact.email}</a>${site.pressContact.phone ? html`<br>${words.labelled(words.phone, site.pressContact.phone)}` : ""}</p>
</section>
${
  logos.length
    ? html`<section aria-labelledby="logos-title"><h2 id="logos-title">${words.logo}</h2>
<ul class="grid">${logos.map((l) => html`<li><a href="${link(l.logo)}"><img src="${link(l.logo)}" alt="${words.labelled(words.logo, l.name)}"></a></li>`)}</ul></section>`
    : ""
}
<section aria-labelledby="kits-title">
<h2 id="kits-title">${words.allNews}</h2>
<ul>
${kits.map((a) => {
  const pdf = pdfOf(entries, a);
  return html`<li><time datetime="${a.date}">${formatDate(a.date, locale)}</time>${words.labelled("", "")}<a href="${link(articlePath(a))}">${a.title}</a>${pdf ? html` · <a href="${link(pdf)}" type="application/pdf">${words.downloadPdf}</a>` : ""}</li>\n`;
})}</ul>
</section>`;
  return {
    head: {
      path,
      locale,
      title: `${words.pressKit} · ${site.name}`,
      description: words.labelled(words.pressKit, site.name),
      alternates: localeAlternates(content, pressKitPagePath),
      section: "press-kit",
    },
    main,
  };
}

/** The 404 page: links from the site root, since it is served at any missing address. */
export function notFoundView(content: Content): View {
  const locale = content.site.defaultLocale;
  const words = labels(locale);
  const link = (to: string) => rootHref(content, to);
  const main = html`<h1>${words.notFound}</h1>
<p>${words.notFoundText}</p>
<ul>${content.site.locales.map((l) => html`<li><a href="${link(homePath(l))}" hreflang="${l}" lang="${l}">${labels(l).newsroom} (${languageName(l)})</a></li>`)}</ul>`;
  return {
    head: {
      path: "404.html",
      locale,
      title: words.notFound,
      description: words.notFoundText,
      alternates: {},
      link,
    },
    main,
  };
}

/** `/`: no JavaScript needed; a refresh to the default language and a link to each. */
export function rootPage(content: Content): string {
  const { site } = content;
  const target = href("index.html", homePath(site.defaultLocale));
  return html`<!doctype html>
<html lang="${site.defaultLocale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${site.name}</title>
<meta http-equiv="refresh" content="0; url=${target}">
<link rel="canonical" href="${publicUrl(content, homePath(site.defaultLocale))}">
${site.locales.map((l) => html`<link rel="alternate" hreflang="${l}" href="${publicUrl(content, homePath(l))}">\n`)}<link rel="stylesheet" href="${stylesheetPath}">
</head>
<body>
<main class="wrap">
<h1>${site.name}</h1>
<ul>
${site.locales.map((l) => html`<li><a href="${href("index.html", homePath(l))}" hreflang="${l}" lang="${l}">${labels(l).newsroom} · ${languageName(l)}</a></li>\n`)}</ul>
</main>
</body>
</html>
`.value;
}
