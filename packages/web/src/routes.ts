import { posix } from "node:path";
import { announcementPath, type Content, siteUrl } from "@herald/model";

// Every page's place in the site. Paths are relative to the site root and end in a file name;
// links between pages are written relative, so the site works under any base path.

export const homePath = (locale: string) => `${locale}/index.html`;
export const pressKitPagePath = (locale: string) => `${locale}/press-kit/index.html`;
export const feedPath = (locale: string) => `${locale}/feed.xml`;
export const articlePath = (a: { id: string; locale: string }) =>
  `${announcementPath(a)}index.html`;
/** Outside assets/, so no content file can collide with it. */
export const stylesheetPath = "site.css";

/** The public address of a page: its folder for index.html, the file otherwise. */
export const publicUrl = (content: Pick<Content, "site">, path: string) =>
  siteUrl(content.site, path.replace(/(^|\/)index\.html$/, "$1"));

/** A link from the page at `from` to the file at `to`, both relative to the site root. */
export function href(from: string, to: string): string {
  const isFolder = /(^|\/)index\.html$/.test(to);
  // Asset names may hold spaces or any script: each segment goes into the link encoded.
  const relative = posix
    .relative(posix.dirname(from), isFolder ? posix.dirname(to) : to)
    .split("/")
    .map((segment) => (segment === ".." ? segment : encodeURIComponent(segment)))
    .join("/");
  if (!isFolder) return relative;
  return relative === "" ? "./" : `${relative}/`;
}

/** A link that works from any address (the 404 page is served at whatever was asked for). */
export const rootHref = (content: Pick<Content, "site">, to: string) =>
  new URL(publicUrl(content, to)).pathname;

/** The language's own name for itself: "English", "中文（中国）". */
export function languageName(locale: string): string {
  let name = languageNames.get(locale);
  if (name === undefined) {
    name = new Intl.DisplayNames([locale], { type: "language" }).of(locale) ?? locale;
    languageNames.set(locale, name);
  }
  return name;
}
const languageNames = new Map<string, string>();
