import { linkSync, mkdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import {
  type AnnouncementDocument,
  announcementDocument,
  type Content,
  EMBARGOED_FOLDER,
  type Manifest,
  type ManifestEntry,
  splitByEmbargo,
  walk,
} from "@herald/model";
import type { Nodes } from "mdast";
import type { CheckedFiles } from "./blob-check.js";
import { BuildCache, type CacheStats } from "./build-cache.js";
import type { Io } from "./io.js";
import { replaceDirectory } from "./output-folder.js";
import { KIND as PARSED, type ParsedFiles } from "./parsed-files.js";
import { createProgress, type Progress } from "./progress.js";
import { jobPartOf } from "./render-jobs.js";
import { createPool, jobsFor, type RenderPool } from "./render-pool.js";
import { newsletters } from "./renderers/newsletters.js";
import { pressKits } from "./renderers/press-kits.js";
import { CARD, website } from "./renderers/website.js";

// The build: content → one announcement document per translation → every output, written into
// a fresh folder that replaces OUT whole, with OUT/manifest.json listing what each output made.
// `herald build` and `herald dev` both run it.

/** What every renderer gets besides the documents. */
export interface BuildContext {
  /** Tells the user about something worth fixing that did not stop the build. */
  warn: (message: string) => void;
  paper: "a4" | "letter";
}

/** What a renderer gets from the build it is part of: the pool, the cache, the progress. */
export interface BuildTools extends BuildContext {
  /** Renders press kits and newsletters on the build's threads. */
  pool: RenderPool;
  /** What earlier builds made, by the hash of its inputs (does nothing with --no-cache). */
  cache: BuildCache;
  /** Counts each output made. */
  progress: Progress;
  /**
   * Settles once the step named has made its files: a renderer that reads them only late in
   * its own work starts at once (no `after`) and waits for them there.
   */
  made: (step: string) => Promise<void>;
}

/** How a build runs, not what it makes: the output is the same whatever these are. */
export interface BuildOptions {
  /** The output folder as the user named it, for messages. */
  shown?: string;
  /** The moment embargoes are judged at. */
  now?: Date;
  /** Threads that render press kits and newsletters (default: one per core, fewer for few). */
  jobs?: number;
  /** Reuse and keep outputs in the cache beside OUT (default: yes). */
  cache?: boolean;
  /** The outputs to make (all of them unless a test says otherwise). */
  steps?: readonly Renderer[];
  /** What the load parsed, kept in the cache for the next build. */
  parsed?: ParsedFiles;
  /** The cache's files, checked on another thread while the content was read (blob-check). */
  checked?: Promise<CheckedFiles>;
}

/** What a renderer lays out: the content (for site-wide pages) and every translation's document. */
export interface BuildInput {
  content: Content;
  /** One per translation, in the content's order. */
  documents: readonly AnnouncementDocument[];
  /**
   * The announcements still under embargo, made apart into OUT/embargoed: previews of their own
   * outputs and nothing site-wide (their documents carry the notice).
   */
  embargoed?: boolean;
  /** Which part of the build this is, for the jobs that render it on other threads. */
  part: number;
}

/** A renderer's part of one manifest entry: the files it made for one translation. */
export type ManifestPart = Pick<ManifestEntry, "id" | "locale"> &
  Partial<Pick<ManifestEntry, "page" | "pdf" | "email">>;

/** One output of the build. Adding an output is adding one of these to `renderers`. */
export interface Renderer {
  name: string;
  /** Writes its files under `outDir` and says which it made for each translation. */
  render(input: BuildInput, outDir: string, tools: BuildTools): Promise<ManifestPart[]>;
  /** How many outputs it makes for `documents` translations, for the progress bar. */
  count?(documents: number): number;
  /**
   * The outputs it reads (by name) and so starts after; the others are made at the same time,
   * on the build's threads and this one.
   */
  after?: readonly string[];
}

/**
 * Every output, in the order their warnings are told. The press kits come first: the website
 * puts their PDFs into each language's press-kit ZIP and gives their sizes on the press-kit
 * page (it lays out every other page meanwhile), and an embargoed newsletter's sample carries
 * its press kit.
 */
export const renderers: readonly Renderer[] = [pressKits, website, newsletters];

/**
 * Writes a file, creating its folder; the content is written exactly as given. With `kept`,
 * the cache's file of the same bytes (checked), the file is a link to it instead: no byte
 * written again. Where links cannot be made (another file system, one without them), the
 * bytes are written: `bytes`, or what it gives (the cache's file, read only then).
 */
export async function writeOutput(
  path: string,
  bytes: string | Uint8Array | (() => Uint8Array),
  kept?: string,
): Promise<void> {
  // Synchronous: one call, not a hand-over to another thread and back (a warm build makes
  // thousands of links).
  if (kept && linked(kept, path)) return;
  const data = typeof bytes === "function" ? bytes() : bytes;
  try {
    // Most files go into a folder made for an earlier one: one call, not two.
    await writeFile(path, data);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
  }
}

/** Links `path` to `kept`, making its folder if missing; false where no link can be made. */
function linked(kept: string, path: string): boolean {
  for (const attempt of [1, 2]) {
    try {
      linkSync(kept, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt === 2) return false;
      try {
        mkdirSync(dirname(path), { recursive: true });
      } catch {
        return false;
      }
    }
  }
  return false;
}

/** The document of every translation, in the content's order. */
export const documentsOf = (
  content: Content,
  options?: Parameters<typeof announcementDocument>[2],
): AnnouncementDocument[] =>
  content.announcements.map((a) => announcementDocument(content, a, options));

/** The build's two parts at `now`: what is published, and what is still under embargo. */
export function buildParts(content: Content, now: Date): BuildInput[] {
  const { published, embargoed } = splitByEmbargo(content, now);
  return [
    { content: published, documents: documentsOf(published), part: 0 },
    ...(embargoed.announcements.length
      ? [
          {
            content: embargoed,
            documents: documentsOf(embargoed, { embargoed: true }),
            embargoed: true,
            part: 1,
          },
        ]
      : []),
  ];
}

/**
 * Renders every output of `content` into `out`, swapped in whole; returns the manifest and
 * what the cache saved. What is under embargo at `now` is left out of everything public and
 * made into OUT/embargoed.
 */
export async function buildOutputs(
  content: Content,
  out: string,
  context: BuildContext,
  io: Io,
  options: BuildOptions = {},
): Promise<Manifest & { cache: CacheStats }> {
  const { shown = out, now = new Date(), steps = renderers } = options;
  const parts = buildParts(content, now);
  for (const warning of linksAhead(parts)) context.warn(warning);
  const entries: ManifestEntry[] = parts.flatMap(({ documents }) =>
    documents.map((d) => ({
      id: d.id,
      locale: d.locale,
      title: d.title,
      url: d.page.url,
      ...(d.embargo && { embargo: d.embargo.utc }),
    })),
  );
  const key = (e: { id: string; locale: string }) => `${e.id}\u0000${e.locale}`;
  const byKey = new Map(entries.map((e) => [key(e), e]));
  const total = steps.reduce(
    (sum, step) => sum + parts.reduce((n, p) => n + (step.count?.(p.documents.length) ?? 1), 0),
    0,
  );
  const progress = createProgress(io, total);
  const pool = createPool(
    parts.map((p) => jobPartOf(p.content)),
    options.jobs ?? jobsFor(total),
  );
  let stats: CacheStats = { hits: 0, misses: 0, repaired: 0 };
  try {
    await replaceDirectory(
      out,
      async (dir) => {
        // Opened once the output folder is locked and writable: a build that cannot start
        // leaves no cache behind and says nothing of it.
        const cache = await BuildCache.open(out, options.cache ?? true);
        if (options.checked) cache.useChecked(options.checked);
        if (cache.notice) context.warn(cache.notice);
        stats = cache.stats;
        const tools: BuildTools = {
          ...context,
          pool,
          cache,
          progress,
          made: (name) => {
            const step = steps.find((s) => s.name === name);
            return step ? start(step) : Promise.resolve();
          },
        };
        // Each step starts once those it reads are made, so the newsletters render on the
        // threads while this one lays out the website. What a step warns of is told when it and
        // every step before it are done: in the same order, whichever finished first.
        const told = new Map<Renderer, string[]>();
        const running = new Map<Renderer, Promise<void>>();
        const start = (step: Renderer): Promise<void> => {
          const known = running.get(step);
          if (known) return known;
          const warnings: string[] = [];
          const work = (async () => {
            // With no threads, steps that run at once only share this one, and their peaks of
            // memory add up (a 5 MB announcement): one after the other.
            const before =
              pool.size > 1
                ? steps.filter((s) => step.after?.includes(s.name))
                : steps.slice(0, steps.indexOf(step));
            await Promise.all(before.filter((s) => s !== step).map(start));
            const own = { ...tools, warn: (message: string) => warnings.push(message) };
            for (const part of parts) {
              const root = part.embargoed ? EMBARGOED_FOLDER : "";
              for (const { id, locale, ...files } of await step.render(
                part,
                join(dir, root),
                own,
              )) {
                const entry = byKey.get(key({ id, locale }));
                if (entry) Object.assign(entry, underRoot(root, files));
              }
              if (!step.count) progress.tick(step.name);
            }
          })();
          told.set(step, warnings);
          running.set(step, work);
          return work;
        };
        const made = steps.map(start);
        try {
          for (const [i, step] of steps.entries()) {
            await made[i];
            for (const warning of told.get(step) ?? []) context.warn(warning);
          }
        } catch (error) {
          // Nothing may still be writing into the folder when the build gives up on it.
          await Promise.allSettled(made);
          throw error;
        }
        await writeOutput(
          join(dir, "manifest.json"),
          `${JSON.stringify(manifest(entries), null, 2)}\n`,
        );
        // Once every output is made, and while the output folder's lock is held (no other
        // build of it can be using the cache): what this build did not use, no build needs.
        await options.parsed?.save(cache);
        await cache.prune(CACHED_KINDS);
      },
      shown,
      context.warn,
    );
  } finally {
    progress.done();
    await pool.close();
  }
  return { ...manifest(entries), cache: stats };
}

/** The kinds of entries the renderers keep in the cache (the search index keeps its own). */
export const CACHED_KINDS = ["pdf", "email", CARD, PARSED] as const;

/**
 * Links from what is published to what is still under embargo: they lead nowhere until it
 * lifts, and give its address away.
 */
function linksAhead(parts: readonly BuildInput[]): string[] {
  const [published, embargoed] = parts;
  if (!published || !embargoed) return [];
  const secret = embargoed.documents.flatMap((d) => [
    { url: d.page.url, d },
    { url: d.pdf.url, d },
  ]);
  const warnings = new Set<string>();
  for (const d of published.documents) {
    const blocks = [...d.body.blocks, ...d.body.notes.flatMap((n) => n.blocks)];
    for (const block of blocks)
      walk(block as Nodes, (node) => {
        const url = node.type === "link" ? node.data?.href?.url : undefined;
        const to = url && secret.find((s) => url.startsWith(s.url));
        if (to)
          warnings.add(
            `${d.file} links to ${url}, which is under embargo until ${to.d.embargo?.utc}: the link leads nowhere until then, and gives the address away. Remove it until the embargo lifts.`,
          );
      });
  }
  return [...warnings];
}

/** A renderer's files, relative to OUT: those of embargoed announcements are under embargoed/. */
function underRoot(root: string, files: Omit<ManifestPart, "id" | "locale">) {
  if (!root) return files;
  const at = (file: string) => posix.join(root, file);
  return {
    ...(files.page && { page: at(files.page) }),
    ...(files.pdf && { pdf: at(files.pdf) }),
    ...(files.email && {
      email: { html: at(files.email.html), text: at(files.email.text), eml: at(files.email.eml) },
    }),
  };
}

/** The manifest, its keys in the documented order whatever order the renderers filled them in. */
const manifest = (entries: readonly ManifestEntry[]): Manifest => ({
  announcements: entries.map(({ id, locale, title, url, embargo, page, pdf, email }) => ({
    id,
    locale,
    title,
    url,
    ...(embargo && { embargo }),
    ...(page && { page }),
    ...(pdf && { pdf }),
    ...(email && { email }),
  })),
});
