import { resolve } from "node:path";
import type { ParseCache } from "@herald/model";
import { BuildCache, cacheKey } from "./build-cache.js";

// What `herald build` keeps of the announcement files it parsed (the model's parse cache:
// front matter, fields, Markdown tree, each file's own problems, by the hash of its path and
// bytes), as sealed entries of the build cache: the next build parses only the files that
// changed. The cross-file checks still run over every file. The entries are spread over
// SHARDS entries by key: an edited file makes a build write one or two of them again, not
// everything every file said (at 2,000 files, 19 MB and 0.4 s, issue 15).

/** How many entries of the build cache the parsed files are spread over. */
const SHARDS = 64;

/** The shard of a key (a 32-bit FNV-1a of its text: keys are hashes already, or anything). */
function shardOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SHARDS;
}

/** The parse cache of one content folder built into one output folder. */
export class ParsedFiles implements ParseCache {
  /** What this load used, by shard. */
  private readonly used = Array.from({ length: SHARDS }, () => new Map<string, unknown>());
  /** The shards with an entry this load set anew. */
  private readonly changed = new Set<number>();

  private constructor(
    private readonly keys: readonly string[],
    /** What the last build kept, by shard. */
    private readonly known: ReadonlyArray<ReadonlyMap<string, unknown>>,
  ) {}

  /** What the last build of `contentDir` into `out` kept (nothing with --no-cache). */
  static async open(out: string, contentDir: string): Promise<ParsedFiles> {
    const folder = resolve(contentDir);
    const keys = Array.from({ length: SHARDS }, (_, shard) => cacheKey("parsed", folder, shard));
    const cache = await BuildCache.existing(out);
    const known = await Promise.all(
      keys.map(async (key, shard) => {
        const record = await cache?.get(KIND, key, false);
        const entries = Array.isArray(record?.meta) ? (record.meta as [string, unknown][]) : [];
        // Each entry in the shard of its key: another is not one this class wrote.
        return new Map(
          entries.filter((e) => typeof e?.[0] === "string" && shardOf(e[0]) === shard),
        );
      }),
    );
    return new ParsedFiles(keys, known);
  }

  get(key: string): unknown {
    const shard = shardOf(key);
    const value = this.known[shard]?.get(key);
    if (value !== undefined) this.used[shard]?.set(key, value);
    return value;
  }

  set(key: string, value: unknown): void {
    const shard = shardOf(key);
    this.used[shard]?.set(key, value);
    this.changed.add(shard);
  }

  /**
   * Keeps what this load used (and only that): each shard written again only when it differs
   * from what was kept; a shard with nothing in it is not kept.
   */
  async save(cache: BuildCache): Promise<void> {
    for (const [shard, used] of this.used.entries()) {
      const key = this.keys[shard] as string;
      if (!used.size) continue;
      if (!this.changed.has(shard) && used.size === this.known[shard]?.size) cache.keep(KIND, key);
      else await cache.put(KIND, key, { meta: [...used], files: [] });
    }
  }
}

/** The kind of the entries in the build cache. */
export const KIND = "parsed";
