import { posix } from "node:path";
import {
  type AnnouncementDocument,
  type Content,
  EMBARGOED_FOLDER,
  type ManifestEntry,
  SITE_FOLDER,
  splitByEmbargo,
} from "@herald/model";
import { sitePages } from "@herald/web";
import { DocumentCache, sameButCompany } from "./dev-documents.js";

// herald dev's fast path (issue 15): after an edit, the pages of the site that change are
// rendered in memory, straight from the model, in two steps: first the articles whose document
// changed (what the edited file shows), then every other page (lists, feeds, sitemap), each
// compared with what is served. Pages that show what only the full build makes (the press-kit
// page gives the PDFs' and ZIPs' sizes) are left to it. Each page is rendered by the same
// function the build's site renderer writes it with, so the bytes are the same.

/** Pages that changed, by their path in OUT: the new text, or null for a page that is gone. */
export type PageChanges = Map<string, string | null>;

/** What is served now at a path of OUT (an earlier change, or the built file), if anything. */
export type Served = (path: string) => string | undefined;

interface Part {
  /** Where the part's site is in OUT: "site/" or "embargoed/site/". */
  root: string;
  content: Content;
  documents: AnnouncementDocument[];
  embargoed: boolean;
}

/** The sizes of built files (PDFs, ZIPs) the site's pages may ask for: none yet, and told when asked. */
class UnknownSizes extends Map<string, number> {
  asked = false;
  override get(key: string) {
    this.asked = true;
    return super.get(key);
  }
  override has(key: string) {
    this.asked = true;
    return super.has(key);
  }
}

/** Lets waiting requests (a browser reloading the first pages) be answered between pages. */
const breath = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FastSite {
  private readonly caches = { published: new DocumentCache(), embargoed: new DocumentCache() };
  /** The documents of what is served, by the path of their article in OUT. */
  private articles = new Map<string, AnnouncementDocument>();
  /** Every page of what is served, by path in OUT. */
  private pages = new Set<string>();
  /** Pages that asked for built files' sizes: not rendered again, the full build writes them. */
  private readonly sized = new Set<string>();

  /** The build's parts at `now` (as buildParts makes them), with documents made again only where needed. */
  parts(content: Content, now: Date): Part[] {
    const { published, embargoed } = splitByEmbargo(content, now);
    const parts: Part[] = [
      {
        root: `${SITE_FOLDER}/`,
        content: published,
        documents: this.caches.published.documents(published),
        embargoed: false,
      },
    ];
    if (embargoed.announcements.length) {
      parts.push({
        root: `${EMBARGOED_FOLDER}/${SITE_FOLDER}/`,
        content: embargoed,
        documents: this.caches.embargoed.documents(embargoed, { embargoed: true }),
        embargoed: true,
      });
    } else this.caches.embargoed.documents(embargoed, { embargoed: true });
    return parts;
  }

  /** Takes `content` as what is served now (a full build of it was just written). */
  served(content: Content, now: Date): void {
    const parts = this.parts(content, now);
    this.articles = articlesOf(parts);
    this.pages = new Set(
      parts.flatMap((part) => [...pagesOf(part).keys()].map((path) => part.root + path)),
    );
  }

  /**
   * The first step: the article of every document that changed since what is served (and
   * null for the articles that are gone). Cheap: only those articles are rendered.
   */
  changedArticles(parts: readonly Part[], served: Served): PageChanges {
    const changes: PageChanges = new Map();
    const now = articlesOf(parts);
    for (const part of parts) {
      // A document that only took a newer total raised shows the same article (no article
      // shows the total: the press-kit page does, and it waits for the full build).
      const changed = part.documents.filter((d) => {
        const before = this.articles.get(articlePath(part, d));
        return !before || !sameButCompany(before, d);
      });
      if (!changed.length) continue;
      const pages = pagesOf({ ...part, documents: changed });
      for (const d of changed) {
        const path = articlePath(part, d);
        const render = pages.get(path.slice(part.root.length));
        if (!render) continue;
        const text = render();
        if (served(path) !== text) changes.set(path, text);
      }
    }
    for (const path of this.articles.keys()) if (!now.has(path)) changes.set(path, null);
    this.articles = now;
    return changes;
  }

  /**
   * The second step: every other page of the site, rendered and compared with what is served,
   * giving way to waiting requests now and then. Pages that ask for built files' sizes wait
   * for the full build.
   */
  async otherPages(parts: readonly Part[], served: Served): Promise<PageChanges> {
    const changes: PageChanges = new Map();
    const all = new Set<string>();
    const articles = articlesOf(parts);
    for (const part of parts) {
      const sizes = new UnknownSizes();
      const pages = pagesOf(part, sizes);
      // A page that asked for sizes while the map was made cannot be told apart: all wait.
      const early = sizes.asked;
      let since = performance.now();
      for (const [file, render] of pages) {
        const path = part.root + file;
        all.add(path);
        if (articles.has(path) || early || this.sized.has(path)) continue;
        sizes.asked = false;
        const text = render();
        if (sizes.asked) this.sized.add(path);
        else if (served(path) !== text) changes.set(path, text);
        if (performance.now() - since > 20) {
          await breath();
          since = performance.now();
        }
      }
    }
    for (const path of this.pages) if (!all.has(path)) changes.set(path, null);
    this.pages = all;
    return changes;
  }
}

/**
 * The manifest's entries as the full build will write them for these parts (what the preview
 * index lists): the same files, where each renderer puts them (pipeline.ts, renderers/).
 */
export function entriesOf(parts: readonly Part[]): ManifestEntry[] {
  return parts.flatMap((part) => {
    const at = (file: string) => (part.embargoed ? posix.join(EMBARGOED_FOLDER, file) : file);
    return part.documents.map((d) => ({
      id: d.id,
      locale: d.locale,
      title: d.title,
      url: d.page.url,
      ...(d.embargo && { embargo: d.embargo.utc }),
      page: at(d.page.file),
      pdf: at(d.pdf.file),
      email: { html: at(d.email.html), text: at(d.email.text), eml: at(d.email.eml) },
    }));
  });
}

/** The path in OUT of a document's article. */
const articlePath = (part: Part, d: AnnouncementDocument) =>
  part.root + d.page.file.slice(SITE_FOLDER.length + 1);

const articlesOf = (parts: readonly Part[]) =>
  new Map(parts.flatMap((part) => part.documents.map((d) => [articlePath(part, d), d] as const)));

const pagesOf = (part: Part, sizes: Map<string, number> = new Map()) =>
  sitePages(part.content, part.documents, sizes, undefined, { embargoed: part.embargoed });
