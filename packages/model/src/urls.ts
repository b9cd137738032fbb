import type { Site } from "./schema.js";

// Where each output of an announcement lives: its public address, its path inside the site,
// and the file the build writes. Every output and `herald verify` take them from here (through
// the announcement document), so they always agree.

/** The folder of OUT that holds the website; everything in it is published. */
export const SITE_FOLDER = "site";

/** Path of an announcement's page inside the site, like `zh-CN/news/docker-series-b/`. */
export const announcementPath = (a: { id: string; locale: string }) => `${a.locale}/news/${a.id}/`;

/** Path of an announcement's press kit inside the site, next to its page. */
export const pressKitPath = (a: { id: string; locale: string }) =>
  `${a.locale}/news/${a.id}/${a.id}.${a.locale}.pdf`;

/** The absolute public address of a path inside the site. */
export function siteUrl(site: Pick<Site, "url">, path = ""): string {
  return new URL(path, site.url.endsWith("/") ? site.url : `${site.url}/`).href;
}

/** The absolute public address of an announcement's page. */
export const announcementUrl = (site: Pick<Site, "url">, a: { id: string; locale: string }) =>
  siteUrl(site, announcementPath(a));

/** The built file, relative to OUT, of a file at `path` inside the site. */
export const siteFile = (path: string) =>
  `${SITE_FOLDER}/${path.endsWith("/") || path === "" ? `${path}index.html` : path}`;

/** The files, relative to OUT, of an announcement's newsletter. */
export const emailFiles = (a: { id: string; locale: string }) => {
  const base = `email/${a.id}.${a.locale}`;
  return { html: `${base}.html`, text: `${base}.txt`, eml: `${base}.eml` };
};

/**
 * A place something links to. For a file the build publishes, also where it is inside the
 * site (for relative links from a page) and the file the build writes (for checks).
 */
export interface Address {
  /** The absolute address, as a mail client or a PDF viewer needs it. */
  url: string;
  /** The path inside the site, without any #fragment; only for what the build publishes. */
  path?: string;
  /** The built file, relative to OUT; only for what the build publishes. */
  file?: string;
  /** A #fragment kept from the link (a PDF's page, say), with its "#". */
  fragment?: string;
}

/** The address of something the build publishes: it has a path in the site and a built file. */
export interface SiteAddress extends Address {
  path: string;
  file: string;
}

/** The address of a path inside the site (a page folder, a file, an asset). */
export function siteAddress(site: Pick<Site, "url">, path: string, fragment = ""): SiteAddress {
  const encoded = path
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
  return {
    url: siteUrl(site, encoded) + fragment,
    path,
    file: siteFile(path),
    ...(fragment && { fragment }),
  };
}
