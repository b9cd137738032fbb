import type { Site } from "./schema.js";

// Where each output of an announcement lives. The website, the press kit's QR code and the
// newsletter's "view in browser" link all use these, so they always agree.

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
