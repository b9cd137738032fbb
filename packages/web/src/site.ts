import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Eleventy from "@11ty/eleventy";
import { type Content, type ManifestEntry, readPublishedAsset } from "@herald/model";
import { fixEleventyWorkingDir } from "./eleventy-cwd-fix.js";
import { atomFeed, robots, sitemap } from "./feeds.js";
import { layout } from "./layout.js";
import { articlePath, feedPath, homePath, pressKitPagePath, stylesheetPath } from "./routes.js";
import { css } from "./style.js";
import { articleView, homeView, notFoundView, pressKitView, rootPage, type View } from "./views.js";

export interface SiteOptions {
  /** The manifest entries so far: the site links to the PDFs they name. */
  entries?: readonly ManifestEntry[];
}

/** Every file of the site: its path and a function that renders it. */
export function sitePages(content: Content, options: SiteOptions = {}): Map<string, () => string> {
  const entries = options.entries ?? [];
  const page = (view: () => View) => () => {
    const { head, main } = view();
    return layout(content, head, main);
  };
  const pages = new Map<string, () => string>();
  pages.set("index.html", () => rootPage(content));
  pages.set(
    "404.html",
    page(() => notFoundView(content)),
  );
  pages.set(stylesheetPath, () => css);
  pages.set("sitemap.xml", () => sitemap(content));
  pages.set("robots.txt", () => robots(content));
  for (const locale of content.site.locales) {
    pages.set(
      homePath(locale),
      page(() => homeView(content, locale)),
    );
    pages.set(
      pressKitPagePath(locale),
      page(() => pressKitView(content, locale, entries)),
    );
    pages.set(feedPath(locale), () => atomFeed(content, locale));
  }
  for (const a of content.announcements) {
    pages.set(
      articlePath(a),
      page(() => articleView(content, a, entries)),
    );
  }
  return pages;
}

/**
 * Renders the site into `outDir` with Eleventy: one virtual template paginated over every
 * page, data straight from the model (Eleventy reads no content files itself). Copies the
 * content's assets. Returns the path of each announcement's page, relative to `outDir`.
 */
export async function renderSite(
  content: Content,
  outDir: string,
  options: SiteOptions = {},
): Promise<Map<string, string>> {
  const pages = sitePages(content, options);
  fixEleventyWorkingDir();
  // Eleventy wants an input folder; an empty one keeps it from reading anything else.
  const input = await mkdtemp(join(tmpdir(), "herald-web-"));
  try {
    const eleventy = new Eleventy(input, outDir, {
      quietMode: true,
      config: (config: EleventyConfig) => {
        config.addGlobalData("heraldPages", [...pages.keys()]);
        config.addTemplate("herald-pages.11ty.js", {
          data: {
            pagination: { data: "heraldPages", size: 1, alias: "heraldPath" },
            permalink: (data: { heraldPath: string }) => data.heraldPath,
            eleventyExcludeFromCollections: true,
          },
          render: (data: { heraldPath: string }) => (pages.get(data.heraldPath) as () => string)(),
        });
      },
    });
    eleventy.disableLogger();
    await eleventy.write();
  } finally {
    await rm(input, { recursive: true, force: true });
  }
  // Only what the loader published (checked types, no links outside), each read and checked
  // again now, and written from the bytes checked: the folder may have changed since.
  for (const asset of content.assets) {
    const bytes = await readPublishedAsset(content.dir, asset);
    await mkdir(dirname(join(outDir, asset)), { recursive: true });
    await writeFile(join(outDir, asset), bytes);
  }
  return new Map(content.announcements.map((a) => [`${a.id}/${a.locale}`, articlePath(a)]));
}

interface EleventyConfig {
  addGlobalData(name: string, value: unknown): void;
  addTemplate(path: string, content: unknown, data?: unknown): void;
}
