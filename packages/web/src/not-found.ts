import { type Company, type Content, directionOf, languageName } from "@herald/model";
import { html } from "./html.js";
import { homeAddress, localeNotFoundAddress, notFoundAddress, rootLink } from "./routes.js";
import { localeAlternates, type View } from "./views.js";

// The 404 pages. A static host serves 404.html at the site's root for any missing address (some
// serve the nearest <folder>/404.html, so each language has its own too). Their links are
// written from the site root: the page is served at whatever address was asked for.

/** The 404 page in one language, leading to that language's newsroom. */
export function localeNotFoundView(content: Content, company: Company, locale: string): View {
  const { words } = company;
  const main = html`<h1>${words.notFound}</h1>
<p>${words.notFoundText}</p>
<p><a class="button" href="${rootLink(homeAddress(content, locale))}">${words.newsroom}</a></p>`;
  return {
    head: {
      page: localeNotFoundAddress(content, locale),
      locale,
      direction: directionOf(locale),
      company,
      title: words.notFound,
      description: words.notFoundText,
      alternates: localeAlternates(content, (l) => localeNotFoundAddress(content, l)),
      fromRoot: true,
    },
    main,
  };
}

/**
 * The site root's 404 page, in the default language, with every language's newsroom (named
 * in that language) and, below, the same message in each other language.
 */
export function notFoundView(content: Content, companies: ReadonlyMap<string, Company>): View {
  const locale = content.site.defaultLocale;
  const company = companies.get(locale) as Company;
  const { words } = company;
  const others = content.site.locales.filter((l) => l !== locale);
  const main = html`<h1>${words.notFound}</h1>
<p>${words.notFoundText}</p>
<ul class="languages">
${content.site.locales.map(
  (l) =>
    html`<li lang="${l}" dir="${directionOf(l)}"><a href="${rootLink(homeAddress(content, l))}" hreflang="${l}"><span class="language">${languageName(l)}</span> <span class="newsroom-name">${companies.get(l)?.words.newsroom}</span></a></li>\n`,
)}</ul>
${others.map((l) => {
  const w = companies.get(l)?.words;
  return w
    ? html`<section class="elsewhere" lang="${l}" dir="${directionOf(l)}"><h2>${w.notFound}</h2><p>${w.notFoundText}</p></section>\n`
    : "";
})}`;
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

export const notFoundCss = `
.elsewhere h2 { font-size: 1.1rem; margin: 2rem 0 0.25rem; }
.elsewhere p { margin: 0; color: var(--muted); }
main > .languages { margin: 1.5rem 0; }
`;
