import { join } from "node:path";
import { SITE_FOLDER } from "@herald/model";
import { type CardJob, renderSite } from "@herald/web";
import type { Renderer } from "../pipeline.js";

/** The static website: every page, the feeds and the content's published files, in OUT/site. */
export const website: Renderer = {
  name: "website",
  after: ["press kits"],
  async render({ content, documents, embargoed }, outDir, { cache, pool }) {
    // Under embargo: the preview of each page alone (noindex, nothing site-wide), drawing no
    // social image and making no search index, so nothing to cache. (The folder is named for
    // the social images, which it held first; it holds the last search index too.)
    const cacheDir = cache.folder("social");
    // The social images the cache lacks are drawn on the build's threads.
    const drawCard = async (card: CardJob) =>
      (await pool.run({ kind: "card", card })).files[0] as Uint8Array;
    await renderSite(
      content,
      documents,
      join(outDir, SITE_FOLDER),
      embargoed
        ? { embargoed }
        : {
            ...(cacheDir && { cacheDir }),
            drawCard,
            writeFile: (file, data) => cache.place(file, data),
          },
    );
    return documents.map((d) => ({ id: d.id, locale: d.locale, page: d.page.file }));
  },
};
