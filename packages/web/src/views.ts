import {
  type Address,
  type AnnouncementDocument,
  around,
  type Company,
  type Content,
  directionOf,
  directionOfText,
  type EmbargoNotice,
  type FactRow,
  type FactValue,
  languageName,
  type OrganizationRef,
  type PersonRef,
} from "@herald/model";
import { attr, type Html, html } from "./html.js";
import type { Alternate, PageHead } from "./layout.js";
import { renderProse } from "./markdown.js";
import { link } from "./routes.js";
import { statTiles } from "./stat-tiles.js";

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
export const named = (
  ref:
    | { name: string; url?: string; lang?: string }
    | { text: string; url?: string; lang?: string },
  direction: Direction,
): Html => {
  const name = "name" in ref ? ref.name : ref.text;
  // A name written the other way than the page ("Docker, Inc." on an Arabic page) is set
  // apart in its own direction, so its final stop stays last (dir isolates it).
  const own = directionOfText(name, direction);
  const marks = ref.lang
    ? languageAttributes(ref.lang, direction)
    : attr("dir", own !== direction ? own : undefined);
  if (ref.url) return html`<a href="${ref.url}"${marks}>${name}</a>`;
  return ref.lang || own !== direction ? html`<span${marks}>${name}</span>` : html`${name}`;
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
export const localeAlternates = (
  content: Content,
  address: (locale: string) => Address,
): Alternate[] =>
  content.site.locales.map((locale) => ({
    locale,
    language: languageName(locale),
    direction: directionOf(locale),
    page: address(locale),
  }));

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

/**
 * `text` with its part `when` marked as the time `datetime`. Where the words leave that part
 * out (a labels.yaml may reword them), the text as it is, or, with `whole`, all of it marked.
 */
function timed(text: string, when: string, datetime: string, whole = false): Html {
  const at = text.indexOf(when);
  if (at < 0) return whole ? html`<time datetime="${datetime}">${text}</time>` : html`${text}`;
  return html`${text.slice(0, at)}<time datetime="${datetime}">${when}</time>${text.slice(at + when.length)}`;
}

/**
 * The embargo notice, first in the article: what the embargo is and what it asks, the moment
 * marked as a time (the content's, with its offset).
 */
function embargoNotice(embargo: EmbargoNotice): Html {
  return html`<div class="embargo" role="note">
<p class="embargo-until">${timed(embargo.text, embargo.when, embargo.written)}</p>
<p>${embargo.note}</p>
</div>
`;
}

/**
 * The corrections and updates, newest first, under the title: each a region named by its
 * heading ("Correction, March 6, 2025", the day marked as the moment the content gives), its
 * text laid out as the body is.
 */
function updatesBox(d: AnnouncementDocument, page: string): Html {
  if (!d.updates.length) return html``;
  return html`<div class="updates">
${d.updates.map((u, i) => {
  const id = `update-${i + 1}`;
  // Words that reword the heading without its date make the whole heading the time.
  const heading = timed(u.heading, u.date.text, u.date.iso, true);
  // What changed is found by the newsroom's search; "Correction, <date>" would be noise.
  return html`<section class="update kind-${u.kind}" aria-labelledby="${id}" data-pagefind-body>
<h2 id="${id}" data-pagefind-ignore>${heading}</h2>
${renderProse(u.text, { page, words: d.words, notesId: `${id}-footnote-label`, notesLevel: 3, direction: d.direction })}
</section>
`;
})}</div>
`;
}

/** What articleView leaves out of the embargoed preview: the public addresses (see PageHead). */
export interface ArticleOptions {
  preview?: boolean;
}

/** One announcement in one language: the document, laid out. */
export function articleView(
  d: AnnouncementDocument,
  site: { name: string; url: string },
  { preview = false }: ArticleOptions = {},
): View {
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
    dateModified: d.modified,
    inLanguage: d.locale,
    ...(!preview && { url: d.page.url, mainEntityOfPage: d.page.url }),
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
    ...(!preview && { image: [d.socialImage.url] }),
    publisher: {
      "@type": "Organization",
      name: site.name,
      ...(!preview && {
        url: site.url,
        logo: { "@type": "ImageObject", url: d.company.brand.png.src.url },
      }),
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
    ...(others.length &&
      !preview && {
        workTranslation: others.map((t) => ({
          "@type": "NewsArticle",
          inLanguage: t.locale,
          url: t.page.url,
        })),
      }),
  };

  const main = html`<article dir="${d.direction}">
${d.embargo ? embargoNotice(d.embargo) : ""}<h1>${d.title}</h1>
<p class="meta"><time datetime="${d.date.iso}">${d.date.text}</time>${d.author ? html` · ${byline(d.author, d)}` : ""}</p>
${updatesBox(d, page)}<p class="summary" data-pagefind-body>${d.summary}</p>
<ul class="actions">
<li><a class="button" href="${to(d.pdf)}" type="application/pdf">${words.downloadPdf}</a></li>
${others.map(
  (t) =>
    html`<li><a href="${to(t.page)}" hreflang="${t.locale}" lang="${t.locale}" dir="${t.direction}">${t.label}</a></li>\n`,
)}</ul>
${factSheet(d)}
${statTiles(d)}
<div class="body" data-pagefind-body>
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
${d.source || d.translatorNote ? html`<aside class="note">${d.source ? source(d.source, d, preview) : ""}${d.translatorNote ? html`<p>${words.labelled(words.translatorNote, d.translatorNote)}</p>` : ""}</aside>` : ""}
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
      // The preview's pages are never for search engines, whatever the document says.
      ...((d.embargo || preview) && { noindex: true }),
      ...(preview && { preview: true }),
    },
    main,
  };
}

function source(
  s: NonNullable<AnnouncementDocument["source"]>,
  d: AnnouncementDocument,
  preview: boolean,
): Html {
  const other = s.locale && s.locale !== d.locale ? s.locale : undefined;
  // In the embargoed preview the original is another translation under the same embargo: its
  // public address does not exist yet, its preview page does.
  const translation = preview ? d.translations.find((t) => t.page.url === s.url) : undefined;
  const href = translation ? link(d.page.path ?? "", translation.page) : s.url;
  // Without a title the link shows its address: in the preview, the translation's title instead.
  const title = s.title ?? translation?.title;
  return html`<p>${d.words.labelled(d.words.source, "")}<a href="${href}"${attr("hreflang", other)}>${title ? html`<cite${languageAttributes(other, d.direction)}>${title}</cite>` : s.url}</a></p>`;
}

/** A phone number in its label ("Phone: {number}"), kept left to right as one unit. */
export function telephone([before, after]: [string, string], phone: string): Html {
  return html`${before}<span class="tel" dir="ltr">${phone}</span>${after}`;
}

/** The company's About text (its notes numbered on from the page's), as a section. */
export function about(company: Company, page: string, direction: Direction): Html {
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
