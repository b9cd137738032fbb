import { createHash } from "node:crypto";
import { type AnnouncementDocument, type Content, readPublishedAsset } from "@herald/model";
import { type CachedRecord, cacheKey } from "../build-cache.js";
import type { BuildTools } from "../pipeline.js";
import type { RenderJob } from "../render-jobs.js";

// The key of a translation's output is everything that goes into it: its document (which
// carries every shared fact it shows: the organization's name, the person, the site's words),
// the words labels.yaml gives, the bytes of every content file the document names, what
// Herald itself puts in (its code, fonts and packages: fingerprint.ts) and the options. A
// change to a shared input changes exactly the documents that show it, so exactly those are
// made again.

const digests = new WeakMap<Content, Map<string, Promise<string>>>();

/** The SHA-256 of a content file, read once per build. */
function digestOf(content: Content, asset: string): Promise<string> {
  const known = digests.get(content) ?? new Map<string, Promise<string>>();
  digests.set(content, known);
  let digest = known.get(asset);
  if (!digest) {
    // What an output would read of it: the file as checked again now (see readPublishedAsset).
    digest = readPublishedAsset(content.dir, asset).then((bytes) =>
      createHash("sha256").update(bytes).digest("hex"),
    );
    known.set(asset, digest);
  }
  return digest;
}

const publishedPaths = new WeakMap<Content, ReadonlyMap<string, string>>();

/**
 * The content's published files, each to the content's own string of its path: made once per
 * content, not once per document.
 */
function publishedOf(content: Content): ReadonlyMap<string, string> {
  const found = publishedPaths.get(content) ?? new Map(content.assets.map((a) => [a, a]));
  publishedPaths.set(content, found);
  return found;
}

const inputsOfDocuments = new WeakMap<Content, WeakMap<AnnouncementDocument, Promise<unknown[]>>>();

/**
 * The inputs of a translation's output from the content: its document (as the hash of its
 * JSON), the words labels.yaml gives and the files the document names. Worked out once per
 * build for each document, whichever outputs use it: under the content it came with, since
 * `herald dev` keeps a document that did not change while a file it names may have.
 */
export function documentInputs(
  content: Content,
  document: AnnouncementDocument,
): Promise<unknown[]> {
  const known = inputsOfDocuments.get(content) ?? new WeakMap();
  inputsOfDocuments.set(content, known);
  let inputs = known.get(document);
  if (!inputs) {
    inputs = inputsOf(content, document);
    known.set(document, inputs);
  }
  return inputs;
}

async function inputsOf(content: Content, document: AnnouncementDocument): Promise<unknown[]> {
  // Functions (the words' formatters) are Herald's code, in the fingerprint; what the
  // content gives them is in `content.words`.
  const json = JSON.stringify(document);
  const published = publishedOf(content);
  const named = new Set<string>();
  for (const [, path] of json.matchAll(/"(assets\/[^"\\]*)"/g)) {
    // The content's own string, not the match: V8 keeps a match as a slice of the whole
    // JSON, and the digests remember their paths all build long (a 5 MB announcement's
    // document is 65 MB of JSON, held to the end; issue 15).
    const own = path && published.get(path);
    if (own) named.add(own);
  }
  const files = await Promise.all(
    [...named].sort().map(async (path) => [path, await digestOf(content, path)]),
  );
  return [sha256(json), wordsOf(content), files];
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const wordsDigests = new WeakMap<Content, string>();

/** The hash of the words labels.yaml gives, once per content. */
function wordsOf(content: Content): string {
  const digest = wordsDigests.get(content) ?? sha256(JSON.stringify(content.words) ?? "");
  wordsDigests.set(content, digest);
  return digest;
}

/** What a step says to render one output the cache lacks: its inputs and its job. */
export interface CachedJob {
  /** Everything that goes into the output, for its key (see above). */
  inputs: unknown[];
  job: RenderJob;
}

/**
 * Each document's output of `kind` through the cache, handed to `use` as it comes, `use`'s
 * results in the documents' order. Every key is worked out first, and the outputs the cache
 * lacks are started before those it holds: the threads start, load their fonts and render
 * while this one copies the rest (an edited announcement late in the content no longer
 * waits for the last copy, then for a thread to start).
 */
export async function cachedOutputs<R>(
  tools: BuildTools,
  kind: "pdf" | "email",
  documents: readonly AnnouncementDocument[],
  jobOf: (document: AnnouncementDocument) => Promise<CachedJob>,
  use: (document: AnnouncementDocument, record: Rendered) => Promise<R>,
): Promise<R[]> {
  const lanes = lanesFor(tools.pool);
  const keys = await inOrder(documents, lanes, async (d) =>
    cacheKey(kind, ...(await jobOf(d)).inputs),
  );
  const held = await tools.cache.keys(kind);
  const misses = documents.flatMap((_, i) => (held.has(keys[i] as string) ? [] : [i]));
  const hits = documents.flatMap((_, i) => (held.has(keys[i] as string) ? [i] : []));
  const results: R[] = new Array(documents.length);
  const fromCache = new Set(hits);
  await inOrder([...misses, ...hits], lanes, async (i) => {
    const d = documents[i] as AnnouncementDocument;
    // A copy from the cache (read, checked, linked: this thread's work) lets the website's
    // pages go first: Pagefind waits for those, and starts at an edited one. The copies are
    // needed only at the end, and are made while this thread would wait for Pagefind.
    if (fromCache.has(i)) await new Promise((resolve) => setImmediate(resolve));
    const record = await cachedRender(
      tools,
      kind,
      keys[i] as string,
      async () => (await jobOf(d)).job,
    );
    results[i] = await use(d, record);
  });
  return results;
}

/** A job's files and warnings, with where the cache keeps each file (see `writeOutput`). */
export type Rendered = CachedRecord & { meta: { warnings: string[] } };

/**
 * The record of a job: from the cache when an entry has the key, else rendered on the pool
 * and kept.
 */
async function cachedRender(
  tools: BuildTools,
  kind: "pdf" | "email",
  key: string,
  job: () => Promise<RenderJob>,
): Promise<Rendered> {
  const found = await tools.cache.get(kind, key);
  if (found && isWarnings(found.meta)) return found as Rendered;
  const { files, warnings } = await tools.pool.run(await job());
  return (await tools.cache.put(kind, key, { meta: { warnings }, files })) as Rendered;
}

const isWarnings = (meta: unknown): meta is { warnings: string[] } =>
  typeof meta === "object" &&
  meta !== null &&
  Array.isArray((meta as { warnings?: unknown }).warnings) &&
  (meta as { warnings: unknown[] }).warnings.every((w) => typeof w === "string");

/**
 * How many outputs of a step are in flight at once: enough to keep every thread busy and, when
 * they come from the cache, the disk; few enough that finished files are written and let go
 * rather than piling up in memory.
 */
export const lanesFor = (pool: { size: number }) => Math.max(8, pool.size * 2);

/**
 * Runs `fn` on every item, `limit` at a time, and gives the results in the items' order:
 * enough in flight to keep every thread busy, few enough that finished files are written and
 * let go rather than piling up in memory.
 */
export async function inOrder<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
