import { posix } from "node:path";
import { type Address, type Content, SITE_FOLDER, siteAddress } from "@herald/model";

// The site's own pages (newsroom, press-kit page, feeds, stylesheet), addressed by the model
// like every page it knows of; and links between addresses. Links between pages are written
// relative, so the site works under any base path.

export const homeAddress = (content: Content, locale: string) =>
  siteAddress(content.site, `${locale}/`);
export const pressKitPageAddress = (content: Content, locale: string) =>
  siteAddress(content.site, `${locale}/press-kit/`);
export const feedAddress = (content: Content, locale: string) =>
  siteAddress(content.site, `${locale}/feed.xml`);
/** Outside assets/, so no content file can collide with it. */
export const stylesheetAddress = (content: Content) => siteAddress(content.site, "site.css");
export const rootAddress = (content: Content) => siteAddress(content.site, "");
export const notFoundAddress = (content: Content) => siteAddress(content.site, "404.html");
export const sitemapAddress = (content: Content) => siteAddress(content.site, "sitemap.xml");
/** One part of a sitemap too large for one file: sitemap-1.xml, … (sitemap.xml is then their index). */
export const sitemapPartAddress = (content: Content, part: number) =>
  siteAddress(content.site, `sitemap-${part}.xml`);
/** Page `page` of the newsroom's list: the newsroom itself for the first. */
export const newsroomPageAddress = (content: Content, locale: string, page: number) =>
  page <= 1 ? homeAddress(content, locale) : siteAddress(content.site, `${locale}/page/${page}/`);
/** One year's announcements: `en/2014/` (a year of four digits cannot be news/ or press-kit/). */
export const yearArchiveAddress = (content: Content, locale: string, year: string) =>
  siteAddress(content.site, `${locale}/${year}/`);
/** The 404 page in one language (hosts that look for the nearest 404.html serve it). */
export const localeNotFoundAddress = (content: Content, locale: string) =>
  siteAddress(content.site, `${locale}/404.html`);
/** The newsroom's search script and the root page's language picker: outside assets/ too. */
export const searchScriptAddress = (content: Content) => siteAddress(content.site, "search.js");
export const languageScriptAddress = (content: Content) => siteAddress(content.site, "language.js");
/** The folder Pagefind's index and its browser script are written to. */
export const SEARCH_FOLDER = "pagefind";
export const pagefindScriptAddress = (content: Content) =>
  siteAddress(content.site, `${SEARCH_FOLDER}/pagefind.js`);
export const robotsAddress = (content: Content) => siteAddress(content.site, "robots.txt");

/** Where in the site folder an address's file is written: `en/news/x/index.html`. */
export function outputPath(address: Address): string {
  const prefix = `${SITE_FOLDER}/`;
  if (!address.file?.startsWith(prefix)) {
    throw new Error(`${address.url} is not a file of the site (${address.file ?? "no file"})`);
  }
  return address.file.slice(prefix.length);
}

/** The folder a site path is in: the path itself for a folder ("en/" or the root ""). */
const folderOf = (path: string) =>
  path === "" || path.endsWith("/") ? path.replace(/\/$/, "") : posix.dirname(path);

/** A site path's segments ("" for the root: none), or undefined for one not plainly written. */
function segmentsOf(path: string): string[] | undefined {
  if (path === "" || path === ".") return [];
  const segments = path.split("/");
  return segments.some((s) => s === "" || s === "." || s === "..") ? undefined : segments;
}

/**
 * A link from the page at `from` to the site path `to` (both paths inside the site, folders
 * ending in "/"), relative, each segment encoded: file names may hold spaces or any script.
 * Every page makes dozens of links (issue 15): the common case, plain paths, is worked out
 * segment by segment, the rest by `posix.relative`, whose normalizing cost a tenth of the
 * site step.
 */
export function href(from: string, to: string): string {
  const isFolder = to === "" || to.endsWith("/");
  const source = folderOf(from) || ".";
  const target = isFolder ? to.replace(/\/$/, "") || "." : to;
  const up = segmentsOf(source);
  const down = segmentsOf(target);
  let relative: string;
  if (up && down) {
    let common = 0;
    while (common < up.length && common < down.length && up[common] === down[common]) common++;
    const parts = up.slice(common).map(() => "..");
    for (const segment of down.slice(common)) parts.push(encodeURIComponent(segment));
    relative = parts.join("/");
  } else {
    relative = posix
      .relative(source, target)
      .split("/")
      .map((segment) =>
        segment === ".." || segment === "" ? segment : encodeURIComponent(segment),
      )
      .join("/");
  }
  if (!isFolder) return relative;
  return relative === "" ? "./" : `${relative}/`;
}

/**
 * A link from the page at `from` to an address: relative for what the site publishes (with
 * its ?query and #fragment), the public address for anything else.
 */
export const link = (from: string, to: Address): string =>
  to.path === undefined ? to.url : href(from, to.path) + (to.suffix ?? "");

/** A link that works from any address (the 404 page is served at whatever was asked for). */
export const rootLink = (to: Address): string => {
  const url = new URL(to.url);
  return url.pathname + url.hash;
};
