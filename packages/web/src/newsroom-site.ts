import type { Address, AnnouncementDocument, Company, Content } from "@herald/model";
import { atomFeed, type ListPages, robots, sitemapFiles } from "./feeds.js";
import { newsList, newsroomCss, newsroomViews, paginate, yearArchiveViews } from "./newsroom.js";
import { localeNotFoundView, notFoundCss, notFoundView } from "./not-found.js";
import { languageScript, rootCss, rootPage } from "./root-page.js";
import {
  feedAddress,
  languageScriptAddress,
  notFoundAddress,
  robotsAddress,
  rootAddress,
  searchScriptAddress,
} from "./routes.js";
import { searchCss, searchScript } from "./search.js";
import type { View } from "./views.js";

// The newsroom's files of the site, for sitePages: the root page and its script, the 404 pages,
// the newsroom's numbered pages and year archives, the feeds, the sitemap (or its index and
// parts), robots.txt and the search script.

export function addNewsroomPages(
  content: Content,
  documents: readonly AnnouncementDocument[],
  companies: ReadonlyMap<string, Company>,
  add: (address: Address, render: () => string) => void,
  page: (view: () => View) => () => string,
): void {
  add(rootAddress(content), () => rootPage(content, companies));
  add(languageScriptAddress(content), () => languageScript);
  add(searchScriptAddress(content), () => searchScript);
  add(
    notFoundAddress(content),
    page(() => notFoundView(content, companies)),
  );
  const lists = new Map<string, ListPages>();
  for (const locale of content.site.locales) {
    const company = companies.get(locale) as Company;
    const list = newsList(documents, locale);
    for (const view of [
      ...newsroomViews(content, company, locale, list),
      ...yearArchiveViews(content, company, locale, list),
    ]) {
      add(
        view.head.page,
        page(() => view),
      );
    }
    add(
      localeNotFoundView(content, company, locale).head.page,
      page(() => localeNotFoundView(content, company, locale)),
    );
    add(feedAddress(content, locale), () => atomFeed(content, company, locale, documents));
    lists.set(locale, { pages: paginate(list.items).length, years: list.years });
  }
  for (const { address, xml } of sitemapFiles(content, documents, lists)) add(address, () => xml);
  add(robotsAddress(content), () => robots(content));
}

/** The styles of the newsroom's pages, appended to the site's stylesheet. */
export const newsroomStyles = `${newsroomCss}${searchCss}${rootCss}${notFoundCss}`;
