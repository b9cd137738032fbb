import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Eleventy from "@11ty/eleventy";
import {
  type AnnouncementDocument,
  type Company,
  type Content,
  companyOf,
  readPublishedAsset,
  siteAddress,
} from "@herald/model";
import { fixEleventyWorkingDir } from "./eleventy-cwd-fix.js";
import { atomFeed, robots, sitemap } from "./feeds.js";
import { writeBrandFiles } from "./icons.js";
import { layout } from "./layout.js";
import {
  feedAddress,
  homeAddress,
  notFoundAddress,
  outputPath,
  pressKitPageAddress,
  robotsAddress,
  rootAddress,
  sitemapAddress,
  stylesheetAddress,
} from "./routes.js";
import { writeSocialImages } from "./social-image.js";
import { css } from "./style.js";
import { articleView, homeView, notFoundView, pressKitView, rootPage, type View } from "./views.js";

/**
 * Every file of the site: where it goes in the site folder and a function that renders it.
 * `documents` are the announcement documents of every translation, in the content's order.
 */
export function sitePages(
  content: Content,
  documents: readonly AnnouncementDocument[],
): Map<string, () => string> {
  const companies = new Map<string, Company>(
    content.site.locales.map((locale) => [locale, companyOf(content, locale)]),
  );
  const companyIn = (locale: string) => companies.get(locale) as Company;
  const page = (view: () => View) => () => {
    const { head, main } = view();
    return layout(content, head, main);
  };
  const pages = new Map<string, () => string>();
  const add = (address: Parameters<typeof outputPath>[0], render: () => string) => {
    const file = outputPath(address);
    // Two things at one place would silently overwrite each other.
    if (pages.has(file)) throw new Error(`Two pages of the site would be written to ${file}.`);
    pages.set(file, render);
  };
  add(rootAddress(content), () => rootPage(content, companies));
  add(
    notFoundAddress(content),
    page(() => notFoundView(content, companies)),
  );
  add(stylesheetAddress(content), () => css);
  add(sitemapAddress(content), () => sitemap(content, documents));
  add(robotsAddress(content), () => robots(content));
  for (const locale of content.site.locales) {
    const company = companyIn(locale);
    add(
      homeAddress(content, locale),
      page(() => homeView(content, company, locale, documents)),
    );
    add(
      pressKitPageAddress(content, locale),
      page(() => pressKitView(content, company, locale, documents)),
    );
    add(feedAddress(content, locale), () => atomFeed(content, company, locale, documents));
  }
  for (const d of documents) {
    add(
      d.page,
      page(() => articleView(d, content.site)),
    );
  }
  return pages;
}

/**
 * Renders the site into `outDir` (OUT/site) with Eleventy: one virtual template paginated over
 * every page, data straight from the model (Eleventy reads no content files itself). Each
 * announcement page is written where its document says; the content's published files
 * (images, linked documents) are copied beside them.
 */
export async function renderSite(
  content: Content,
  documents: readonly AnnouncementDocument[],
  outDir: string,
  options: {
    /** A folder to keep social images in between builds (outside outDir: never published). */
    cacheDir?: string;
  } = {},
): Promise<void> {
  const pages = sitePages(content, documents);
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
    const file = join(outDir, outputPath(siteAddress(content.site, asset)));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
  // The images made from the company's logo and each document: icons, logo PNG, social cards.
  const companies = new Map(content.site.locales.map((l) => [l, companyOf(content, l)]));
  await writeBrandFiles(content, companyOf(content, content.site.defaultLocale), outDir);
  await writeSocialImages(content, companies, documents, outDir, options.cacheDir);
}

interface EleventyConfig {
  addGlobalData(name: string, value: unknown): void;
  addTemplate(path: string, content: unknown, data?: unknown): void;
}
