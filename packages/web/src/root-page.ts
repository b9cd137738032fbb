import { type Company, type Content, directionOf, languageName } from "@herald/model";
import { html } from "./html.js";
import { brandMark, iconLinks, socialImageTags } from "./identity.js";
import {
  homeAddress,
  languageScriptAddress,
  link,
  rootAddress,
  stylesheetAddress,
} from "./routes.js";

// `/`: the site's languages, each named in itself, a link to each newsroom. Where a script may
// run, it takes a reader who arrives from elsewhere to the language their browser asks for
// first (a journalist following a link to the site wants the news, not a menu); a reader who
// came from a page of the site, or whose languages the site does not have, stays on the
// choice, the best match marked. Without a script nothing moves: no refresh that takes the
// choice away, and crawlers find every language here.

/** The root page: a choice of languages, with the picker script. */
export function rootPage(content: Content, companies: ReadonlyMap<string, Company>): string {
  const { site } = content;
  const from = rootAddress(content).path ?? "";
  const target = homeAddress(content, site.defaultLocale);
  const company = companies.get(site.defaultLocale) as Company;
  const to = (address: Parameters<typeof link>[1]) => link(from, address);
  return html`<!doctype html>
<html lang="${site.defaultLocale}" dir="${directionOf(site.defaultLocale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${site.name}</title>
<link rel="canonical" href="${target.url}">
<meta name="description" content="${company.words.labelled(site.name, company.words.newsroom)}">
<meta property="og:type" content="website">
<meta property="og:title" content="${site.name}">
<meta property="og:url" content="${rootAddress(content).url}">
${socialImageTags(content, site.defaultLocale, company, undefined)}${iconLinks(company, to)}${site.locales.map((l) => html`<link rel="alternate" hreflang="${l}" href="${homeAddress(content, l).url}">\n`)}<link rel="stylesheet" href="${link(from, stylesheetAddress(content))}">
<script src="${link(from, languageScriptAddress(content))}" defer></script>
</head>
<body>
<main class="wrap root">
<h1 class="brand">${brandMark(content, company, to)}</h1>
<ul class="languages" id="languages">
${site.locales.map((l) => {
  const home = homeAddress(content, l);
  return html`<li lang="${l}" dir="${directionOf(l)}"><a href="${link(from, home)}" hreflang="${l}"><span class="language">${languageName(l)}</span> <span class="newsroom-name">${companies.get(l)?.words.newsroom}</span></a></li>\n`;
})}</ul>
</main>
</body>
</html>
`.value;
}

/**
 * The locale of `locales` a reader whose browser prefers `preferred` (in order) reads best:
 * for each preferred language in turn, the same tag, else the same language in the same
 * script (zh-TW reads zh-Hant, not zh-CN), else the same language. Undefined when none is.
 * Written to run in the browser as it is (language.js) and tested here.
 */
export function bestLocale(
  preferred: readonly string[],
  locales: readonly string[],
): string | undefined {
  const parts = (tag: string) => {
    try {
      const full = new Intl.Locale(tag).maximize();
      return { language: full.language, script: full.script };
    } catch {
      return { language: tag.toLowerCase().split("-")[0], script: undefined };
    }
  };
  for (const wanted of preferred) {
    const exact = locales.find((l) => l.toLowerCase() === wanted.toLowerCase());
    if (exact) return exact;
    const w = parts(wanted);
    const sameScript = locales.find((l) => {
      const p = parts(l);
      return p.language === w.language && p.script === w.script;
    });
    if (sameScript) return sameScript;
    const sameLanguage = locales.find((l) => parts(l).language === w.language);
    if (sameLanguage) return sameLanguage;
  }
  return undefined;
}

/** language.js: picks the language on the root page (see above). */
export const languageScript = `// Herald: the root page's language choice, by the browser's languages.
"use strict";
(function () {
  var bestLocale = ${bestLocale.toString()};
  var links = Array.prototype.slice.call(document.querySelectorAll("#languages a[hreflang]"));
  var locales = links.map(function (a) { return a.hreflang; });
  var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  var best = bestLocale(preferred.filter(Boolean), locales);
  var chosen = links[locales.indexOf(best)];
  if (!chosen) return;
  var home = new URL(".", document.baseURI).href;
  var fromSite = document.referrer && document.referrer.indexOf(home) === 0;
  if (!fromSite) {
    location.replace(chosen.href);
    return;
  }
  chosen.parentNode.classList.add("suggested");
})();
`;

export const rootCss = `
.root h1 { margin-bottom: 1.5rem; }
.languages { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem;
  grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); }
.languages a { display: flex; flex-direction: column; gap: 0.15rem; padding: 0.9rem 1.1rem;
  border: 1px solid var(--line); border-radius: 8px; text-decoration: none; background: var(--card); }
.languages a:hover { border-color: var(--accent); }
.languages .language { font-size: 1.2rem; font-weight: 700; color: var(--fg); }
.languages .newsroom-name { color: var(--accent); }
.languages .suggested a { border: 2px solid var(--accent); }
`;
