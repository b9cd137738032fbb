import { join } from "node:path";
import { SITE_FOLDER } from "@herald/model";
import { renderSite } from "@herald/web";
import type { Renderer } from "../pipeline.js";

/** The static website: every page, the feeds and the content's published files, in OUT/site. */
export const website: Renderer = {
  name: "website",
  async render({ content, documents, embargoed }, outDir, { cache }) {
    // Under embargo: the preview of each page alone (noindex, nothing site-wide), drawing no
    // social image, so nothing to cache.
    const cacheDir = cache.folder("social");
    await renderSite(
      content,
      documents,
      join(outDir, SITE_FOLDER),
      embargoed ? { embargoed } : cacheDir ? { cacheDir } : {},
    );
    return documents.map((d) => ({ id: d.id, locale: d.locale, page: d.page.file }));
  },
};
