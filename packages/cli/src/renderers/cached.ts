import { createHash } from "node:crypto";
import { type AnnouncementDocument, type Content, readPublishedAsset } from "@herald/model";
import { type CacheRecord, cacheKey } from "../build-cache.js";
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

const publishedSets = new WeakMap<Content, ReadonlySet<string>>();

/** The content's published files as a set, made once per content, not once per document. */
function publishedOf(content: Content): ReadonlySet<string> {
  const found = publishedSets.get(content) ?? new Set(content.assets);
  publishedSets.set(content, found);
  return found;
}

/** The inputs of a translation's output from the content: its document and the files it names. */
export async function documentInputs(
  content: Content,
  document: AnnouncementDocument,
): Promise<unknown[]> {
  // Functions (the words' formatters) are Herald's code, in the fingerprint; what the
  // content gives them is in `content.words`.
  const json = JSON.stringify(document);
  const published = publishedOf(content);
  const named = new Set<string>();
  for (const [, path] of json.matchAll(/"(assets\/[^"\\]*)"/g)) {
    if (path && published.has(path)) named.add(path);
  }
  const files = await Promise.all(
    [...named].sort().map(async (path) => [path, await digestOf(content, path)]),
  );
  return [json, content.words, files];
}

/**
 * The record of a job: from the cache when an entry has the key, else rendered on the pool
 * and kept. Its inputs are given as a function, so that nothing holds them (a document's
 * JSON) while the job renders.
 */
export async function cachedRender(
  tools: BuildTools,
  kind: "pdf" | "email",
  inputs: () => Promise<unknown[]>,
  job: RenderJob,
): Promise<CacheRecord & { meta: { warnings: string[] } }> {
  const key = cacheKey(kind, ...(await inputs()));
  const found = await tools.cache.get(kind, key);
  if (found && isWarnings(found.meta))
    return found as CacheRecord & { meta: { warnings: string[] } };
  const { files, warnings } = await tools.pool.run(job);
  const record = { meta: { warnings }, files };
  await tools.cache.put(kind, key, record);
  return record;
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
