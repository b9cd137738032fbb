import { mkdtempSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import Eleventy from "@11ty/eleventy";
import {
  type AnnouncementDocument,
  type Company,
  type Content,
  companyOf,
  makeRealFolders,
  readPublishedAsset,
  siteAddress,
} from "@herald/model";
import { eachAtMost } from "./at-most.js";
import { fixEleventyWorkingDir } from "./eleventy-cwd-fix.js";
import { writeBrandFiles } from "./icons.js";
import { layout } from "./layout.js";
import { addNewsroomPages } from "./newsroom-site.js";
import { noticeCss } from "./notices.js";
import { type BuiltSizes, pressKitView } from "./press-kit.js";
import { writePressKitZips } from "./press-kit-zip.js";
import { outputPath, pressKitPageAddress, robotsAddress, stylesheetAddress } from "./routes.js";
import { searchable, startIndex, writeIndexFiles } from "./search.js";
import { cachedIndex, pruneIndexes } from "./search-cache.js";
import { indexByLanguage, languagesOf } from "./search-languages.js";
import { foldersMadeOnce, insideOrThrow, type SiteWriter, writeSiteFile } from "./site-files.js";
import { type CardStore, type DrawCard, writeSocialImages } from "./social-image.js";
import { css } from "./style.js";
import { articleView, type View } from "./views.js";

/**
 * Every file of the site: where it goes in the site folder and a function that renders it.
 * `documents` are the announcement documents of every translation, in the content's order;
 * `sizes` the sizes of the files built before the pages (PDFs, ZIPs), which pages describe.
 * `embargoed`: the embargoed preview (see renderSite), only the articles and their stylesheet.
 */
export function sitePages(
  content: Content,
  documents: readonly AnnouncementDocument[],
  sizes: BuiltSizes = new Map(),
  companies: ReadonlyMap<string, Company> = companiesOf(content),
  { embargoed = false }: { embargoed?: boolean } = {},
): Map<string, () => string> {
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
  // The notices' rules only where a page shows one: a site without keeps its stylesheet as it was.
  const notices = documents.some((d) => d.embargo || d.updates.length);
  add(stylesheetAddress(content), () => (notices ? css + noticeCss : css));
  if (embargoed) {
    for (const d of documents) {
      add(
        d.page,
        page(() => articleView(d, content.site, { preview: true })),
      );
    }
    add(robotsAddress(content), () => "User-agent: *\nDisallow: /\n");
    return pages;
  }
  addNewsroomPages(content, documents, companies, add, page);
  for (const locale of content.site.locales) {
    const company = companyIn(locale);
    add(
      pressKitPageAddress(content, locale),
      page(() => pressKitView(content, company, locale, documents, sizes)),
    );
  }
  for (const d of documents) {
    add(
      d.page,
      page(() => searchable(articleView(d, content.site), d)),
    );
  }
  return pages;
}

const companiesOf = (content: Content) =>
  new Map<string, Company>(
    content.site.locales.map((locale) => [locale, companyOf(content, locale)]),
  );

/**
 * Renders the site into `outDir` (OUT/site) with Eleventy: one virtual template paginated over
 * every page, data straight from the model (Eleventy reads no content files itself). Each
 * announcement page is written where its document says; the content's published files
 * (images, linked documents) are copied beside them. The press-kit PDFs must be in `outDir`
 * by the time `options.pdfs` settles (already, without it): each language's ZIP holds them,
 * and the press-kit page gives their sizes.
 *
 * `embargoed` (issue 14): the preview of announcements under embargo, into OUT/embargoed/site.
 * Only what their pages need is written (the stylesheet, each document's article, the
 * content's published files, the icons and logo) and a robots.txt that disallows everything:
 * no newsroom, press-kit page, ZIP, feed, sitemap, search index or social image, which would
 * make the news public or point to public addresses that do not exist yet.
 */
export async function renderSite(
  content: Content,
  documents: readonly AnnouncementDocument[],
  outDir: string,
  options: {
    /**
     * A folder to keep the search index and social images in between builds (outside outDir:
     * never published).
     */
    cacheDir?: string;
    /** Where to keep social images instead of `cacheDir` (a build keeps them in its own cache). */
    cards?: CardStore;
    /** Render the embargoed preview (see above): `documents` are all under embargo. */
    embargoed?: boolean;
    /**
     * Draws a social card the cache does not hold (default: `drawCard`, in this thread). A
     * caller can hand the job to a pool of worker threads: the job is plain data and the
     * function pure, so any thread draws the same bytes. Called a few cards at a time.
     */
    drawCard?: DrawCard;
    /**
     * Writes a finished file of the site (the pages, social images and published files) whose
     * folder is made (default: `writeSiteFile`). A build hands in one that links
     * the copy it kept of the same bytes, rather than writing them again.
     */
    writeFile?: SiteWriter;
    /**
     * Settles once the press-kit PDFs are in `outDir` (default: they are there already). Only
     * the ZIPs, and the press-kit pages that give their sizes, wait for it: a build lays out
     * every other page while its threads make the PDFs.
     */
    pdfs?: Promise<unknown>;
    /**
     * Whether the ZIPs may be written on a thread of their own (default: yes). A build told to
     * use one thread (--jobs 1) keeps to it.
     */
    threads?: boolean;
  } = {},
): Promise<void> {
  const embargoed = options.embargoed ?? false;
  const write = options.writeFile ?? writeSiteFile;
  // Each folder made once: most hold many files (an announcement's page, card and images).
  const folders = foldersMadeOnce();
  // Only what the loader published (checked types, no links outside), each read and checked
  // again now, and written from the bytes checked: the folder may have changed since.
  await eachAtMost(content.assets, FILES_AT_ONCE, async (asset) => {
    const bytes = await readPublishedAsset(content.dir, asset);
    const file = join(outDir, outputPath(siteAddress(content.site, asset)));
    folders(dirname(file));
    await write(file, bytes);
  });
  // The ZIPs are made from those copies and the PDFs, before the pages that give their sizes
  // (the ZIPs' and, read as they are zipped, each PDF's: the press-kit pages). Zipping is
  // mostly waiting for the disk: every other page is rendered meanwhile, the press-kit pages
  // last, once the ZIPs are done.
  const companies = companiesOf(content);
  const sizes = new Map<string, number>();
  const zipped = embargoed
    ? undefined
    : (async () => {
        await options.pdfs;
        const zips = await writePressKitZips(content, companies, documents, outDir, sizes, {
          thread: options.threads ?? true,
        });
        for (const [locale, bytes] of zips) {
          sizes.set(outputPath((companies.get(locale) as Company).pressKitZip), bytes);
        }
      })();
  // Handled at once, so a failure is not unhandled while the other pages are rendered (it is
  // thrown below); once done, the press-kit pages need not wait in a run of their own.
  let zipsDone = false;
  zipped?.then(
    () => {
      zipsDone = true;
    },
    () => {},
  );
  const pages = sitePages(content, documents, sizes, companies, { embargoed });
  const sized = new Set(
    embargoed
      ? []
      : content.site.locales.map((locale) => outputPath(pressKitPageAddress(content, locale))),
  );
  // Pagefind starts while the pages are rendered, and indexes each as it comes, unless the
  // pages are the last build's (see search-cache): each language on its own, so an edit
  // indexes again only its language (see search-languages). With no announcement there is
  // nothing to search (and no search box): Pagefind, finding no page marked for it, would
  // index every page instead.
  const indexed = documents.map((d) => ({ path: outputPath(d.page), language: d.locale }));
  const { cacheDir } = options;
  // A real folder of the cache's (a link there is removed): what is kept, and pruned, stays
  // in the cache.
  const searchCache =
    cacheDir && makeRealFolders(cacheDir, SEARCH_CACHE) ? join(cacheDir, SEARCH_CACHE) : undefined;
  const search =
    embargoed || !documents.length
      ? undefined
      : Promise.resolve(
          indexByLanguage(indexed, async (paths, language) =>
            searchCache
              ? cachedIndex(
                  paths,
                  join(searchCache, language),
                  (path) => (pages.get(path) as () => string)(),
                  language,
                )
              : startIndex(paths),
          ),
        );
  // Settled at once, so a failure to start is not unhandled while the pages are rendered.
  search?.catch(() => {});
  const rendered = (path: string, page: string) => {
    search?.then((index) => index.add(path, page)).catch(() => {});
  };
  // The images made from the company's logo and each document (icons, logo PNG, social
  // cards), which are no pages: made while the pages are rendered (from the cache, a card is
  // mostly waiting for the disk; drawn, it may be another thread's work).
  const images = (async () => {
    await writeBrandFiles(content, companies.get(content.site.defaultLocale) as Company, outDir);
    if (embargoed) return;
    await writeSocialImages(content, companies, documents, outDir, {
      ...(options.cacheDir && { cacheDir: options.cacheDir }),
      ...(options.cards && { cards: options.cards }),
      ...(options.drawCard && { drawCard: options.drawCard }),
      writeFile: write,
    });
  })();
  images.catch(() => {});
  try {
    fixEleventyWorkingDir();
    // Eleventy wants an input folder; an empty one keeps it from reading anything else. A
    // process stopped by a signal exits without running the `finally` below: it goes then.
    // Made synchronously, in the same turn as its removal is arranged: made by another thread
    // while a signal's cleanup held this one (herald dev's Ctrl-C), it was left behind.
    const input = mkdtempSync(join(tmpdir(), "herald-web-"));
    const removeInput = () => rmSync(input, { recursive: true, force: true });
    process.once("exit", removeInput);
    try {
      // A run of Eleventy holds every page it made (its data and text) until it is done: the
      // pages go through it PAGES_AT_ONCE at a time, so the memory a build takes does not
      // grow with the newsroom.
      // In the order of their paths, the order Pagefind is given them in (see startIndex):
      // it indexes each as soon as it is rendered.
      const keys = [...pages.keys()].sort();
      const paths = [
        ...keys.filter((path) => !sized.has(path)),
        ...keys.filter((path) => sized.has(path)),
      ];
      const run = async (batch: readonly string[]) => {
        if (!batch.length) return;
        await eleventyWrite(input, outDir, batch, pages, rendered, write, folders);
        await (await search?.catch(() => undefined))?.settled();
      };
      for (let at = 0; at < paths.length; at += PAGES_AT_ONCE) {
        const batch = paths.slice(at, at + PAGES_AT_ONCE);
        if (batch.some((path) => sized.has(path)) && !zipsDone) {
          // The ZIPs still being made (or their PDFs): the other pages do not wait for them.
          await run(batch.filter((path) => !sized.has(path)));
          await zipped;
          await run(batch.filter((path) => sized.has(path)));
        } else {
          await run(batch);
        }
      }
    } finally {
      process.off("exit", removeInput);
      await rm(input, { recursive: true, force: true });
    }
    // The ZIPs are done before anything is thrown: nothing is left writing after a failure.
    await zipped;
    // Last, once Pagefind has every page: it builds the index in its own process, and its
    // files are written here, while the images are finished.
    const written = search?.then(async (index) => {
      await writeIndexFiles(outDir, await index.files(), write);
      if (searchCache) pruneIndexes(searchCache, languagesOf(indexed));
    });
    // Both settle before either's failure is thrown: nothing is left writing after a failure.
    const [indexing, drawing] = await Promise.allSettled([written, images]);
    if (drawing.status === "rejected") throw drawing.reason;
    if (indexing.status === "rejected") throw indexing.reason;
  } finally {
    // Nothing is left writing after a failure.
    await images.catch(() => {});
    await zipped?.catch(() => {});
    await (await search?.catch(() => undefined))?.close();
  }
}

/**
 * Eleventy renders `paths` of `pages`, from the empty folder `input`; each page is handed to
 * `rendered`, and written into `outDir` by `write`.
 */
async function eleventyWrite(
  input: string,
  outDir: string,
  paths: readonly string[],
  pages: ReadonlyMap<string, () => string>,
  rendered: (path: string, page: string) => void,
  write: SiteWriter,
  folders: (folder: string) => void,
): Promise<void> {
  const eleventy = new Eleventy(input, outDir, {
    quietMode: true,
    config: (config: EleventyConfig) => {
      config.addGlobalData("heraldPages", paths);
      config.addTemplate("herald-pages.11ty.js", {
        data: {
          pagination: { data: "heraldPages", size: 1, alias: "heraldPath" },
          permalink: (data: { heraldPath: string }) => data.heraldPath,
          eleventyExcludeFromCollections: true,
        },
        render: (data: { heraldPath: string }) => {
          const page = (pages.get(data.heraldPath) as () => string)();
          rendered(data.heraldPath, page);
          return page;
        },
      });
    },
  });
  eleventy.disableLogger();
  // Written here rather than by Eleventy: through `write` (a build links the files it kept).
  const made = await eleventy.toJSON();
  for (const { outputPath, content } of made) {
    if (!outputPath) continue;
    const file = resolve(outputPath);
    // Eleventy gives paths from the working folder: each must land in the site folder.
    insideOrThrow(outDir, file, "Eleventy");
    folders(dirname(file));
    await write(file, content);
  }
}

/** The cache's folder for the search index (see search-cache). */
const SEARCH_CACHE = "search-index";

/** The most pages one run of Eleventy makes (see renderSite). */
const PAGES_AT_ONCE = 500;

/** At most this many files are read or written at once. */
const FILES_AT_ONCE = 8;

interface EleventyConfig {
  addGlobalData(name: string, value: unknown): void;
  addTemplate(path: string, content: unknown, data?: unknown): void;
}
