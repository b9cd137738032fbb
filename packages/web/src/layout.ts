import { type Address, type Company, type Content, detailSeparator } from "@herald/model";
import { attr, type Html, html, trusted } from "./html.js";
import { brandMark, iconLinks, pageTitle, socialImageTags } from "./identity.js";
import {
  feedAddress,
  homeAddress,
  link as linkFrom,
  pressKitPageAddress,
  rootLink,
  stylesheetAddress,
} from "./routes.js";

/** The same page in one language. */
export interface Alternate {
  locale: string;
  /** The language's name for itself, from the model. */
  language: string;
  direction: "ltr" | "rtl";
  page: Address;
}

export interface PageHead {
  /** This page's address. */
  page: Address;
  locale: string;
  /** The direction of the page's language (the `html` element's `dir`). */
  direction: "ltr" | "rtl";
  /** The company in the page's language: the words around the page and the press contact. */
  company: Company;
  /** The page's own title, without the company's name (the layout adds it, once). */
  title: string;
  description: string;
  /** The same page in every language it exists in, this one included. */
  alternates: readonly Alternate[];
  ogType?: "website" | "article";
  /** The picture a shared link to the page shows (og:image); else the site's card. */
  image?: { address: Address; alt: string };
  /** Structured data, serialized into a JSON-LD script. */
  jsonLd?: object;
  /** Where the "newsroom" and "press kit" navigation marks the current page. */
  section?: "news" | "press-kit";
  /** Write links from the site root instead of relative ones (for the 404 page). */
  fromRoot?: boolean;
  /** The previous and next page of a paginated list (the newsroom), as rel="prev"/"next". */
  sequence?: { prev?: Address; next?: Address };
  /** Search engines must not index the page (an announcement under embargo). */
  noindex?: boolean;
  /**
   * The embargoed preview (issue 14): the page has no public address yet, and the site around
   * it is not in the preview. No canonical, hreflang, og:url or social image (public addresses
   * that do not exist yet), no links to the newsroom, press kit or feed (not in the preview).
   */
  preview?: boolean;
}

/** JSON for a <script> element: `<` is escaped so no value can close the element. */
const scriptJson = (data: object) => JSON.stringify(data).replace(/</g, "\\u003c");

/**
 * The head's links to the page's public addresses and the site's: canonical, prev/next,
 * hreflang alternates and the feed.
 */
function publicHead(content: Content, head: PageHead, link: (to: Address) => string): Html {
  const xDefault = head.alternates.find((a) => a.locale === content.site.defaultLocale);
  const feed = feedAddress(content, head.locale);
  return html`<link rel="canonical" href="${head.page.url}">
${head.sequence?.prev ? html`<link rel="prev" href="${head.sequence.prev.url}">\n` : ""}${head.sequence?.next ? html`<link rel="next" href="${head.sequence.next.url}">\n` : ""}${head.alternates.map(
  (a) => html`<link rel="alternate" hreflang="${a.locale}" href="${a.page.url}">
`,
)}${xDefault ? html`<link rel="alternate" hreflang="x-default" href="${xDefault.page.url}">\n` : ""}<link rel="alternate" type="application/atom+xml" title="${head.company.words.feed}" href="${link(feed)}">
`;
}

/** The page shell: head with every discovery tag, header, navigation, footer. */
export function layout(content: Content, head: PageHead, main: Html): string {
  const { company } = head;
  const { words, pressContact } = company;
  const from = head.page.path ?? "";
  const link = (to: Address) => (head.fromRoot ? rootLink(to) : linkFrom(from, to));
  const others = head.alternates.filter((a) => a.locale !== head.locale);
  const { title, ownTitle } = pageTitle(head.title, company.name);
  const current = (section: PageHead["section"]) =>
    attr("aria-current", head.section === section ? "page" : undefined);
  const feed = feedAddress(content, head.locale);
  const home = homeAddress(content, head.locale);
  const ogLocale = (locale: string) => locale.replace("-", "_");

  return html`<!doctype html>
<html lang="${head.locale}" dir="${head.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${head.noindex ? html`<meta name="robots" content="noindex">\n` : ""}<meta name="description" content="${head.description}">
${head.preview ? "" : publicHead(content, head, link)}<link rel="stylesheet" href="${link(stylesheetAddress(content))}">
${iconLinks(company, link)}<meta property="og:type" content="${head.ogType ?? "website"}">
<meta property="og:site_name" content="${company.name}">
<meta property="og:title" content="${ownTitle}">
<meta property="og:description" content="${head.description}">
${head.preview ? "" : html`<meta property="og:url" content="${head.page.url}">\n`}<meta property="og:locale" content="${ogLocale(head.locale)}">
${others.map((a) => html`<meta property="og:locale:alternate" content="${ogLocale(a.locale)}">\n`)}<meta name="twitter:title" content="${ownTitle}">
<meta name="twitter:description" content="${head.description}">
${head.preview ? "" : socialImageTags(content, head.locale, company, head.image)}${head.jsonLd ? html`<script type="application/ld+json">${trusted(scriptJson(head.jsonLd))}</script>\n` : ""}</head>
<body>
<a class="skip" href="#main">${words.skipToContent}</a>
<header class="site">
<div class="wrap">
${
  head.preview
    ? html`<span class="brand">${brandMark(content, company, link)}</span>`
    : html`<a class="brand" href="${link(home)}">${brandMark(content, company, link)}</a>`
}
${
  // The preview has none of the site's sections, and with one language nothing to navigate to.
  head.preview && !others.length
    ? ""
    : html`<nav aria-label="${company.name}">
${
  head.preview
    ? ""
    : html`<ul>
<li><a href="${link(home)}"${current("news")}>${words.newsroom}</a></li>
<li><a href="${link(pressKitPageAddress(content, head.locale))}"${current("press-kit")}>${words.pressKit}</a></li>
</ul>
`
}${
  // The same page in the other languages, each named in itself: a list of its own, so a
  // screen reader says what these links are for, in the page's language.
  others.length
    ? html`<ul aria-label="${words.chooseLanguage}">
${others.map(
  (a) =>
    html`<li><a href="${link(a.page)}" hreflang="${a.locale}" lang="${a.locale}" dir="${a.direction}">${a.language}</a></li>\n`,
)}</ul>
`
    : ""
}</nav>
`
}</div>
</header>
<main id="main" class="wrap">
${main}
</main>
<footer class="site">
<div class="wrap">
<p><span dir="auto">${company.name}</span> · ${words.labelled(words.pressContact, pressContact.name)}${detailSeparator(words)}<a href="${pressContact.mailto}">${pressContact.email}</a>${pressContact.phone ? html`${detailSeparator(words)}<span class="tel" dir="ltr">${pressContact.phone}</span>` : ""}</p>
${head.preview ? "" : html`<p><a href="${link(feed)}">${words.feed}</a></p>\n`}</div>
</footer>
</body>
</html>
`.value;
}
