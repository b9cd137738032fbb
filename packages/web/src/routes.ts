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

/**
 * A link from the page at `from` to the site path `to` (both paths inside the site, folders
 * ending in "/"), relative, each segment encoded: file names may hold spaces or any script.
 */
export function href(from: string, to: string): string {
  const isFolder = to === "" || to.endsWith("/");
  const relative = posix
    .relative(folderOf(from) || ".", isFolder ? to.replace(/\/$/, "") || "." : to)
    .split("/")
    .map((segment) => (segment === ".." || segment === "" ? segment : encodeURIComponent(segment)))
    .join("/");
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
