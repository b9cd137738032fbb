import { join } from "node:path";
import { SITE_FOLDER } from "@herald/model";
import { type CardJob, type CardStore, fileCardStore, renderSite } from "@herald/web";
import type { Renderer } from "../pipeline.js";

/** The kind of the social images' entries in the build cache. */
export const CARD = "card";

/** The static website: every page, the feeds and the content's published files, in OUT/site. */
export const website: Renderer = {
  name: "website",
  // No `after`: it reads the press kits only for the ZIPs and the press-kit pages (`made`).
  async render({ content, documents, embargoed }, outDir, { cache, pool, made }) {
    // Under embargo: the preview of each page alone (noindex, nothing site-wide), drawing no
    // social image and making no search index, so nothing to cache. (The folder is named for
    // the social images, which it held first; it holds the last search index.)
    const cacheDir = cache.folder("social");
    // The social images are entries of the build's cache, their PNGs kept once, in its blobs,
    // which the site's files link to (a folder of their own kept each twice).
    const cards: CardStore = {
      get: async (key) => (await cache.get(CARD, key, false))?.files[0],
      put: async (key, png) => {
        await cache.put(CARD, key, { meta: null, files: [png] });
      },
      keys: () => cache.keys(CARD),
      // Pruned with the build's other entries (see CACHED_KINDS).
      prune: async () => {},
    };
    // The cards kept as files of their own by builds before (emptied, as a build prunes).
    if (cacheDir && !embargoed) await fileCardStore(cacheDir).prune(new Set());
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
            ...(cacheDir && { cacheDir, cards }),
            drawCard,
            writeFile: (file, data) => cache.place(file, data),
            pdfs: made("press kits"),
            threads: pool.size > 1,
          },
    );
    return documents.map((d) => ({ id: d.id, locale: d.locale, page: d.page.file }));
  },
};
