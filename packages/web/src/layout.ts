import { type Content, labels } from "@herald/model";
import { attr, type Html, html, trusted } from "./html.js";
import {
  feedPath,
  homePath,
  href,
  languageName,
  pressKitPagePath,
  publicUrl,
  stylesheetPath,
} from "./routes.js";

export interface PageHead {
  /** This page's path in the site, like `en/news/x/index.html`. */
  path: string;
  locale: string;
  title: string;
  description: string;
  /** The same page in other languages: locale → path. Includes this page's own locale. */
  alternates: Record<string, string>;
  ogType?: "website" | "article";
  /** Structured data, serialized into a JSON-LD script. */
  jsonLd?: object;
  /** Where the "newsroom" and "press kit" navigation marks the current page. */
  section?: "news" | "press-kit";
  /** Write links from the site root instead of relative ones (for the 404 page). */
  link?: (to: string) => string;
}

/** JSON for a <script> element: `<` is escaped so no value can close the element. */
const scriptJson = (data: object) => JSON.stringify(data).replace(/</g, "\\u003c");

/** The page shell: head with every discovery tag, header, navigation, footer. */
export function layout(content: Content, head: PageHead, main: Html): string {
  const { site } = content;
  const words = labels(head.locale);
  const link = head.link ?? ((to: string) => href(head.path, to));
  const url = publicUrl(content, head.path);
  const others = Object.entries(head.alternates).filter(([l]) => l !== head.locale);
  const xDefault = head.alternates[site.defaultLocale];
  const siteTitle = head.title === site.name ? site.name : `${head.title} · ${site.name}`;
  const current = (section: PageHead["section"]) =>
    attr("aria-current", head.section === section ? "page" : undefined);

  return html`<!doctype html>
<html lang="${head.locale}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${siteTitle}</title>
<meta name="description" content="${head.description}">
<link rel="canonical" href="${url}">
${Object.entries(head.alternates).map(
  ([locale, path]) =>
    html`<link rel="alternate" hreflang="${locale}" href="${publicUrl(content, path)}">
`,
)}${xDefault ? html`<link rel="alternate" hreflang="x-default" href="${publicUrl(content, xDefault)}">\n` : ""}<link rel="alternate" type="application/atom+xml" title="${words.feed}" href="${link(feedPath(head.locale))}">
<link rel="stylesheet" href="${link(stylesheetPath)}">
<meta property="og:type" content="${head.ogType ?? "website"}">
<meta property="og:site_name" content="${site.name}">
<meta property="og:title" content="${head.title}">
<meta property="og:description" content="${head.description}">
<meta property="og:url" content="${url}">
<meta property="og:locale" content="${head.locale.replace("-", "_")}">
${others.map(([locale]) => html`<meta property="og:locale:alternate" content="${locale.replace("-", "_")}">\n`)}<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="${head.title}">
<meta name="twitter:description" content="${head.description}">
${head.jsonLd ? html`<script type="application/ld+json">${trusted(scriptJson(head.jsonLd))}</script>\n` : ""}</head>
<body>
<a class="skip" href="#main">${words.skipToContent}</a>
<header class="site">
<div class="wrap">
<a class="brand" href="${link(homePath(head.locale))}">${site.name}</a>
<nav aria-label="${site.name}">
<ul>
<li><a href="${link(homePath(head.locale))}"${current("news")}>${words.newsroom}</a></li>
<li><a href="${link(pressKitPagePath(head.locale))}"${current("press-kit")}>${words.pressKit}</a></li>
${others.map(
  ([locale, path]) =>
    html`<li><a href="${link(path)}" hreflang="${locale}" lang="${locale}">${languageName(locale)}</a></li>\n`,
)}</ul>
</nav>
</div>
</header>
<main id="main" class="wrap">
${main}
</main>
<footer class="site">
<div class="wrap">
<p>${site.name} · ${words.labelled(words.pressContact, site.pressContact.name)}, <a href="mailto:${site.pressContact.email}">${site.pressContact.email}</a>${site.pressContact.phone ? `, ${site.pressContact.phone}` : ""}</p>
<p><a href="${link(feedPath(head.locale))}">${words.feed}</a></p>
</div>
</footer>
</body>
</html>
`.value;
}
