import {
  type Address,
  type AnnouncementDocument,
  around,
  type Company,
  type Content,
  directionOf,
  type FactRow,
  type FactValue,
  type KeyFigure,
  languageName,
  type OrganizationRef,
  type PersonRef,
} from "@herald/model";
import { attr, type Html, html } from "./html.js";
import type { Alternate, PageHead } from "./layout.js";
import { renderProse } from "./markdown.js";
import {
  homeAddress,
  href,
  link,
  notFoundAddress,
  pressKitPageAddress,
  rootAddress,
  rootLink,
  stylesheetAddress,
} from "./routes.js";

// The pages of the site. Each lays out what the model resolved (an announcement document, or
// the company in one language) and decides nothing about the content itself.

export interface View {
  head: PageHead;
  main: Html;
}

type Direction = AnnouncementDocument["direction"];

/**
 * The attributes of text in `lang` on a page written in `direction`: its language, and its
 * direction where that is not the page's (an Arabic name in a German page), so that it is
 * read, set in its own faces and kept in its own order.
 */
const languageAttributes = (lang: string | undefined, direction: Direction): Html => {
  if (!lang) return html``;
  const own = directionOf(lang);
  return html`${attr("lang", lang)}${attr("dir", own !== direction ? own : undefined)}`;
};

/** A name, linked to its site when it has one, marked with its language when not the page's. */
const named = (
  ref:
    | { name: string; url?: string; lang?: string }
    | { text: string; url?: string; lang?: string },
  direction: Direction,
): Html => {
  const name = "name" in ref ? ref.name : ref.text;
  const marks = languageAttributes(ref.lang, direction);
  if (ref.url) return html`<a href="${ref.url}"${marks}>${name}</a>`;
  return ref.lang ? html`<span${marks}>${name}</span>` : html`${name}`;
};

/** `text` with the first `name` in it marked with the name's language (a quotation's credit). */
function withName(
  text: string,
  name: string,
  lang: string | undefined,
  direction: Direction,
): Html {
  const at = lang ? text.indexOf(name) : -1;
  if (at < 0) return html`${text}`;
  return html`${text.slice(0, at)}${named({ name, lang }, direction)}${text.slice(at + name.length)}`;
}

/**
 * Markup with a remark, as the locale's words place it: "Mara Jensen (Partner, Northwind
 * Capital)", the remark set apart; "Partner: Mara Jensen" where the words put it first.
 */
function withNote(markup: Html, note: string | undefined, d: AnnouncementDocument): Html {
  if (!note) return markup;
  const [before, after] = around((text) => d.words.withNote(text, note));
  const part = (text: string) => (text ? html`<span class="role">${text}</span>` : html``);
  return html`${part(before)}${markup}${part(after)}`;
}

/** A person with their role and organization: "Mara Jensen (Partner, Northwind Capital)". */
const person = (p: PersonRef, d: AnnouncementDocument): Html =>
  withNote(named(p, d.direction), p.detail, d);

/** A person named the way every output credits them ("Name, Role, Organization"), the name linked. */
function credited(p: PersonRef, d: AnnouncementDocument): Html {
  if (!p.detail) return named(p, d.direction);
  const [before, after] = around((name) => d.words.credit(name, p.detail));
  return html`${before}${named(p, d.direction)}${after}`;
}

/** "By Name, Role", the name linked. */
function byline(p: PersonRef, d: AnnouncementDocument): Html {
  const [before, after] = around((name) => d.words.byline(name));
  return html`${before}${credited(p, d)}${after}`;
}

const factValue = (v: FactValue, d: AnnouncementDocument): Html =>
  withNote(named(v, d.direction), v.note, d);

/** The language of each translation, as alternates of a page. */
const alternatesOf = (d: AnnouncementDocument): Alternate[] =>
  d.translations.map((t) => ({
    locale: t.locale,
    language: t.language,
    direction: t.direction,
    page: t.page,
  }));

/** The same site page in every locale of the site. */
const localeAlternates = (content: Content, address: (locale: string) => Address): Alternate[] =>
  content.site.locales.map((locale) => ({
    locale,
    language: languageName(locale),
    direction: directionOf(locale),
    page: address(locale),
  }));

/** Key figures as a table-chart: real table semantics, bars on a log scale for the eye. */
function figures(d: AnnouncementDocument): Html {
  const { words } = d;
  // A figure of zero (or all of them zero) still gets a stub of a bar.
  const width = (f: KeyFigure) => Math.max(2, Math.round(100 * f.share));
  return html`<section class="figures" aria-labelledby="figures-title">
<h2 id="figures-title">${words.metrics}</h2>
<table>
<caption class="sr-only">${words.metrics}</caption>
<tbody>
${d.figures.map(
  (f) =>
    html`<tr><th scope="row">${f.label}${f.note ? html`<br><span class="note">${f.note}</span>` : ""}</th><td><span class="value">${f.text}</span><span class="bar" style="width: ${width(f)}%" aria-hidden="true"></span></td></tr>
`,
)}</tbody>
</table>
</section>`;
}

function factSheet(d: AnnouncementDocument): Html {
  if (!d.facts.length) return html``;
  // The round and the amount are one value each; investors and board members are lists,
  // even of one.
  const values = (row: FactRow) =>
    row.key === "round" || row.key === "amount"
      ? html`${row.values.map((v) => factValue(v, d))}`
      : html`<ul>${row.values.map((v) => html`<li>${factValue(v, d)}</li>`)}</ul>`;
  return html`<section class="facts" aria-labelledby="facts-title">
<h2 id="facts-title">${d.words.factSheet}</h2>
<dl>
${d.facts.map((row) => html`<dt>${row.label}</dt><dd>${values(row)}</dd>\n`)}</dl>
</section>`;
}

const organizations = (orgs: readonly OrganizationRef[], direction: Direction) =>
  html`<ul class="inline">${orgs.map((o) => html`<li>${named(o, direction)}</li>`)}</ul>`;

/** One announcement in one language: the document, laid out. */
export function articleView(d: AnnouncementDocument, site: { name: string; url: string }): View {
  const { words } = d;
  const page = d.page.path ?? "";
  const to = (address: Address) => link(page, address);
  const others = d.translations.filter((t) => !t.current);
  const funders = d.facts.filter((row) => row.key === "lead" || row.key === "participants");

  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: d.title,
    description: d.summary,
    datePublished: d.date.iso,
    dateModified: d.date.iso,
    inLanguage: d.locale,
    url: d.page.url,
    mainEntityOfPage: d.page.url,
    ...(d.author && {
      author: {
        "@type": "Person",
        name: d.author.name,
        ...(d.author.url && { url: d.author.url }),
        ...(d.author.role && { jobTitle: d.author.role }),
        ...(d.author.organization && {
          worksFor: { "@type": "Organization", ...d.author.organization },
        }),
      },
    }),
    // The social card and the logo's PNG: what search engines show beside the article.
    image: [d.socialImage.url],
    publisher: {
      "@type": "Organization",
      name: site.name,
      url: site.url,
      logo: { "@type": "ImageObject", url: d.company.brand.png.src.url },
    },
    ...(funders.length && {
      about: {
        "@type": "Organization",
        name: d.company.name,
        funder: funders.flatMap((row) =>
          row.values.map((v) => ({
            "@type": "Organization",
            name: v.text,
            ...(v.url && { url: v.url }),
          })),
        ),
      },
    }),
    ...(others.length && {
      workTranslation: others.map((t) => ({
        "@type": "NewsArticle",
        inLanguage: t.locale,
        url: t.page.url,
      })),
    }),
  };

  const main = html`<article dir="${d.direction}">
<h1>${d.title}</h1>
<p class="meta"><time datetime="${d.date.iso}">${d.date.text}</time>${d.author ? html` · ${byline(d.author, d)}` : ""}</p>
<p class="summary">${d.summary}</p>
<ul class="actions">
<li><a class="button" href="${to(d.pdf)}" type="application/pdf">${words.downloadPdf}</a></li>
${others.map(
  (t) =>
    html`<li><a href="${to(t.page)}" hreflang="${t.locale}" lang="${t.locale}" dir="${t.direction}">${t.label}</a></li>\n`,
)}</ul>
${factSheet(d)}
${d.figures.length ? figures(d) : ""}
<div class="body">
${renderProse(d.body, { page, words, notesId: "footnote-label", notesLevel: 2, direction: d.direction })}
</div>
${
  d.quotes.length
    ? html`<section aria-labelledby="quotes-title"><h2 id="quotes-title">${words.quotes}</h2>
${d.quotes.map((q) => html`<figure class="quote"><blockquote><p>${q.text}</p></blockquote><figcaption>${withName(q.credit, q.by.name, q.by.lang, d.direction)}</figcaption></figure>\n`)}</section>`
    : ""
}
${
  d.useOfFunds.length
    ? html`<section aria-labelledby="funds-title"><h2 id="funds-title">${words.useOfFunds}</h2>
<ol>${d.useOfFunds.map((u) => html`<li><strong>${u.title}</strong>${u.summary ? words.labelled("", u.summary) : ""}</li>`)}</ol></section>`
    : ""
}
${
  d.hires.length
    ? html`<section aria-labelledby="hires-title"><h2 id="hires-title">${words.hires(d.hires.length)}</h2>
<ul>${d.hires.map((h) => html`<li>${withNote(html`${person(h.person, d)}${words.labelled("", h.role)}`, h.previously, d)}</li>`)}</ul></section>`
    : ""
}
${
  d.ecosystem.length
    ? html`<section aria-labelledby="ecosystem-title"><h2 id="ecosystem-title">${words.ecosystem}</h2>
${d.ecosystem.map((g) => html`<h3>${g.label}</h3>${organizations(g.organizations, d.direction)}\n`)}</section>`
    : ""
}
${d.source || d.translatorNote ? html`<aside class="note">${d.source ? source(d.source, d) : ""}${d.translatorNote ? html`<p>${words.labelled(words.translatorNote, d.translatorNote)}</p>` : ""}</aside>` : ""}
${about(d.company, page, d.direction)}
</article>`;

  return {
    head: {
      page: d.page,
      locale: d.locale,
      direction: d.direction,
      company: d.company,
      title: d.title,
      description: d.summary,
      alternates: alternatesOf(d),
      ogType: "article",
      image: { address: d.socialImage, alt: words.labelled(d.company.name, d.title) },
      jsonLd,
      section: "news",
    },
    main,
  };
}

function source(s: NonNullable<AnnouncementDocument["source"]>, d: AnnouncementDocument): Html {
  const other = s.locale && s.locale !== d.locale ? s.locale : undefined;
  return html`<p>${d.words.labelled(d.words.source, "")}<a href="${s.url}"${attr("hreflang", other)}>${s.title ? html`<cite${languageAttributes(other, d.direction)}>${s.title}</cite>` : s.url}</a></p>`;
}

/** A phone number in its label ("Phone: {number}"), kept left to right as one unit. */
function telephone([before, after]: [string, string], phone: string): Html {
  return html`${before}<span class="tel" dir="ltr">${phone}</span>${after}`;
}

/** The company's About text (its notes numbered on from the page's), as a section. */
function about(company: Company, page: string, direction: Direction): Html {
  return html`<section aria-labelledby="about-title">
<h2 id="about-title">${company.aboutHeading}</h2>
${renderProse(company.about, {
  page,
  words: company.words,
  notesId: "about-footnote-label",
  notesLevel: 3,
  direction,
})}
</section>`;
}

/** The newsroom: every announcement, newest first, in this language where it exists. */
export function homeView(
  content: Content,
  company: Company,
  locale: string,
  documents: readonly AnnouncementDocument[],
): View {
  const address = homeAddress(content, locale);
  const page = address.path ?? "";
  const { words } = company;
  const items = latestIn(documents, locale);
  const main = html`<h1>${words.newsroom}</h1>
<ul class="news">
${items.map((d) => {
  const other = d.locale !== locale;
  return html`<li${other ? html` lang="${d.locale}" dir="${d.direction}"` : ""}>
<p class="meta"><time datetime="${d.date.iso}">${d.date.text}</time></p>
<h2><a href="${link(page, d.page)}"${other ? html` hreflang="${d.locale}"` : ""}>${d.title}</a></h2>
<p>${d.summary}</p>
</li>
`;
})}</ul>`;
  return {
    head: {
      page: address,
      locale,
      direction: directionOf(locale),
      company,
      title: words.newsroom,
      description: items[0]?.summary ?? company.name,
      alternates: localeAlternates(content, (l) => homeAddress(content, l)),
      section: "news",
    },
    main,
  };
}

/** Each announcement once, in this language where it has it, else in its first one. */
export function latestIn(
  documents: readonly AnnouncementDocument[],
  locale: string,
): AnnouncementDocument[] {
  const byId = new Map<string, AnnouncementDocument[]>();
  for (const d of documents) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
  return [...byId.values()].map(
    (translations) =>
      (translations.find((d) => d.locale === locale) ?? translations[0]) as AnnouncementDocument,
  );
}

/** Boilerplate, press contact, logos and every press kit in this language. */
export function pressKitView(
  content: Content,
  company: Company,
  locale: string,
  documents: readonly AnnouncementDocument[],
): View {
  const address = pressKitPageAddress(content, locale);
  const page = address.path ?? "";
  const { words, pressContact } = company;
  const kits = documents.filter((d) => d.locale === locale);
  const main = html`<h1>${words.pressKit}</h1>
${about(company, page, directionOf(locale))}
<section aria-labelledby="contact-title">
<h2 id="contact-title">${words.pressContact}</h2>
<p>${pressContact.name}<br>${words.labelled(words.email, "")}<a href="${pressContact.mailto}">${pressContact.email}</a>${
    pressContact.phone
      ? html`<br>${telephone(
          around((n) => words.labelled(words.phone, n)),
          pressContact.phone,
        )}`
      : ""
  }</p>
</section>
${
  company.logos.length
    ? html`<section aria-labelledby="logos-title"><h2 id="logos-title">${words.logos}</h2>
<ul class="grid">${company.logos.map((l) => html`<li><a href="${link(page, l.src)}"><img src="${link(page, l.src)}" alt="${words.logo(l.name)}"${l.size ? html` width="${l.size.width}" height="${l.size.height}"` : ""}></a></li>`)}</ul></section>`
    : ""
}
<section aria-labelledby="kits-title">
<h2 id="kits-title">${words.allNews}</h2>
<ul>
${kits.map(
  (d) =>
    html`<li><time datetime="${d.date.iso}">${d.date.text}</time>${words.labelled("", "")}<a href="${link(page, d.page)}">${d.title}</a> · <a href="${link(page, d.pdf)}" type="application/pdf">${words.downloadPdf}</a></li>\n`,
)}</ul>
</section>`;
  return {
    head: {
      page: address,
      locale,
      direction: directionOf(locale),
      company,
      title: words.pressKit,
      description: words.labelled(words.pressKit, company.name),
      alternates: localeAlternates(content, (l) => pressKitPageAddress(content, l)),
      section: "press-kit",
    },
    main,
  };
}

/** The 404 page: links from the site root, since it is served at any missing address. */
export function notFoundView(content: Content, companies: ReadonlyMap<string, Company>): View {
  const locale = content.site.defaultLocale;
  const company = companies.get(locale) as Company;
  const { words } = company;
  const main = html`<h1>${words.notFound}</h1>
<p>${words.notFoundText}</p>
<ul>${content.site.locales.map((l) => html`<li><a href="${rootLink(homeAddress(content, l))}" hreflang="${l}" lang="${l}" dir="${directionOf(l)}">${companies.get(l)?.words.newsroom} (${languageName(l)})</a></li>`)}</ul>`;
  return {
    head: {
      page: notFoundAddress(content),
      locale,
      direction: directionOf(locale),
      company,
      title: words.notFound,
      description: words.notFoundText,
      alternates: [],
      fromRoot: true,
    },
    main,
  };
}

/** `/`: no JavaScript needed; a refresh to the default language and a link to each. */
export function rootPage(content: Content, companies: ReadonlyMap<string, Company>): string {
  const { site } = content;
  const root = rootAddress(content);
  const from = root.path ?? "";
  const target = homeAddress(content, site.defaultLocale);
  return html`<!doctype html>
<html lang="${site.defaultLocale}" dir="${directionOf(site.defaultLocale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${site.name}</title>
<meta http-equiv="refresh" content="0; url=${link(from, target)}">
<link rel="canonical" href="${target.url}">
${site.locales.map((l) => html`<link rel="alternate" hreflang="${l}" href="${homeAddress(content, l).url}">\n`)}<link rel="stylesheet" href="${link(from, stylesheetAddress(content))}">
</head>
<body>
<main class="wrap">
<h1>${site.name}</h1>
<ul>
${site.locales.map((l) => html`<li><a href="${href(from, homeAddress(content, l).path ?? "")}" hreflang="${l}" lang="${l}" dir="${directionOf(l)}">${companies.get(l)?.words.newsroom} · ${languageName(l)}</a></li>\n`)}</ul>
</main>
</body>
</html>
`.value;
}
