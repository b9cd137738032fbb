import type { Site } from "./schema.js";

// Where each output of an announcement lives: its public address, its path inside the site,
// and the file the build writes. Every output and `herald verify` take them from here (through
// the announcement document), so they always agree.

/** The folder of OUT that holds the website; everything in it is published. */
export const SITE_FOLDER = "site";
/**
 * Where a build puts the outputs of announcements still under embargo, relative to OUT: the
 * same layout as OUT itself (site/, email/), never published.
 */
export const EMBARGOED_FOLDER = "embargoed";

/** Path of an announcement's page inside the site, like `zh-CN/news/docker-series-b/`. */
export const announcementPath = (a: { id: string; locale: string }) => `${a.locale}/news/${a.id}/`;

/** Path of an announcement's press kit inside the site, next to its page. */
export const pressKitPath = (a: { id: string; locale: string }) =>
  `${a.locale}/news/${a.id}/${a.id}.${a.locale}.pdf`;

/** Path of an announcement's social image (og:image, 1200×630 PNG), next to its page. */
export const socialImagePath = (a: { id: string; locale: string }) =>
  `${a.locale}/news/${a.id}/social.png`;

/**
 * The files the site makes from the company's logo (or its initial, without one), at the
 * site's root where browsers look for them. `logo` is a PNG of the logo for the email, which
 * many mail clients cannot show as SVG.
 */
export const brandFiles = {
  favicon: "favicon.ico",
  icon: "icon.png",
  appleTouchIcon: "apple-touch-icon.png",
  logo: "logo.png",
} as const;

/** Path of the ZIP with a language's whole press kit, on its press-kit page. */
export const pressKitZipPath = (company: string, locale: string) =>
  `${locale}/press-kit/${fileSlug(company)}-press-kit-${locale}.zip`;

/** A name safe in a file name and an address, from any script: "Docker, Inc." → "docker-inc". */
export function fileSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "company";
}

/** The absolute public address of a path inside the site. */
export function siteUrl(site: Pick<Site, "url">, path = ""): string {
  return new URL(path, site.url.endsWith("/") ? site.url : `${site.url}/`).href;
}

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
  /** What the link adds to a published file's path: its ?query and #fragment (a PDF's page). */
  suffix?: string;
}

/** The address of something the build publishes: it has a path in the site and a built file. */
export interface SiteAddress extends Address {
  path: string;
  file: string;
}

/** The address of a path inside the site (a page folder, a file, an asset). */
export function siteAddress(site: Pick<Site, "url">, path: string, suffix = ""): SiteAddress {
  const encoded = path
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
  // Through URL, so a query or fragment is encoded the way every browser and checker reads it.
  const url = siteUrl(site, encoded + suffix);
  const kept = url.slice(siteUrl(site, encoded).length);
  return { url, path, file: siteFile(path), ...(kept && { suffix: kept }) };
}

/**
 * An address as every output writes it and every reader compares it: in the WHATWG form (host
 * in lower case and punycode, path, query and fragment percent-encoded). Anything else
 * (mailto:) as written.
 */
export function normalUrl(url: string): string {
  if (!/^https?:/i.test(url)) return url;
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}
