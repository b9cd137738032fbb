import { join } from "node:path";
import { SITE_FOLDER } from "@herald/model";
import { renderSite } from "@herald/web";
import { CACHE_FOLDER } from "../output-folder.js";
import type { Renderer } from "../pipeline.js";

/** The static website: every page, the feeds and the content's published files, in OUT/site. */
export const website: Renderer = {
  name: "website",
  async render({ content, documents, embargoed }, outDir) {
    // Under embargo: the preview of each page alone (noindex, nothing site-wide), drawing no
    // social image, so nothing to cache.
    await renderSite(
      content,
      documents,
      join(outDir, SITE_FOLDER),
      embargoed ? { embargoed } : { cacheDir: join(outDir, CACHE_FOLDER) },
    );
    return documents.map((d) => ({ id: d.id, locale: d.locale, page: d.page.file }));
  },
};
