import { resolve } from "node:path";
import type { ParseCache } from "@herald/model";
import { BuildCache, cacheKey } from "./build-cache.js";

// What `herald build` keeps of the announcement files it parsed (the model's parse cache:
// front matter, fields, Markdown tree, each file's own problems, by the hash of its path and
// bytes), as one sealed entry of the build cache: the next build parses only the files that
// changed. The cross-file checks still run over every file.

/** The parse cache of one content folder built into one output folder. */
export class ParsedFiles implements ParseCache {
  private readonly used = new Map<string, unknown>();
  private changed = false;

  private constructor(
    private readonly key: string,
    private readonly known: ReadonlyMap<string, unknown>,
  ) {}

  /** What the last build of `contentDir` into `out` kept (nothing with --no-cache). */
  static async open(out: string, contentDir: string): Promise<ParsedFiles> {
    const key = cacheKey("parsed", resolve(contentDir));
    const record = await (await BuildCache.existing(out))?.get(KIND, key);
    const entries = Array.isArray(record?.meta) ? (record.meta as [string, unknown][]) : [];
    return new ParsedFiles(key, new Map(entries.filter((e) => typeof e?.[0] === "string")));
  }

  get(key: string): unknown {
    const value = this.known.get(key);
    if (value !== undefined) this.used.set(key, value);
    return value;
  }

  set(key: string, value: unknown): void {
    this.used.set(key, value);
    this.changed = true;
  }

  /** Keeps what this load used (and only that), when it differs from what was kept. */
  async save(cache: BuildCache): Promise<void> {
    if (!this.changed && this.used.size === this.known.size) {
      cache.keep(KIND, this.key);
      return;
    }
    await cache.put(KIND, this.key, { meta: [...this.used], files: [] });
  }
}

/** The kind of the entry in the build cache. */
export const KIND = "parsed";
