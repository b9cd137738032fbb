import { createHash, randomBytes } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { lstat, mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

// What a build keeps between builds so the next one makes again only what changed: rendered
// press kits, newsletters and social images, each under the hash of everything that goes into
// it. It lives beside the output folder (OUT → .OUT.herald-cache), never inside it: nothing in
// it is published, and a build does not copy it.
//
// An entry is a file named by its key that starts with the hash of what follows. An entry
// whose bytes do not match (a build killed mid-write, a disk error, a hand edit, a file from
// elsewhere) is never trusted: the output is made again and the entry rewritten.

/** The file that marks a folder as Herald's cache: a folder without one is never used. */
export const CACHE_MARKER = ".herald-cache";
const MARKER_TEXT = `${JSON.stringify({ herald: "cache", format: 1 })}\n`;
const MAGIC = "herald-cache 1 ";
/**
 * The first line of an entry: the magic, the SHA-256 of its key and payload in hex, a newline.
 * With the key in the hash, an entry copied or renamed to another key's place does not pass.
 */
const HEADER_LENGTH = MAGIC.length + 64 + 1;

/** Where the cache of an output folder lives: beside it, named after it. */
export const cacheFolderOf = (out: string) => join(dirname(out), `.${basename(out)}.herald-cache`);

/**
 * The key of an entry: the hash of its inputs, in a stable serialization. Each is hashed as it
 * comes (a string as it is), with its kind and length first so that two different lists never
 * read alike: a document's JSON is not written again inside one big string (issue 15: 35 MB
 * more for a 5 MB announcement).
 */
export function cacheKey(...inputs: unknown[]): string {
  const hash = createHash("sha256");
  for (const input of inputs) {
    const [kind, text] =
      typeof input === "string" ? ["s", input] : ["j", JSON.stringify(input) ?? "undefined"];
    hash.update(`${kind}${Buffer.byteLength(text)}:`).update(text);
  }
  return hash.digest("hex");
}

/** What one build did with the cache, for the summary line and the tests. */
export interface CacheStats {
  /** Outputs taken from the cache. */
  hits: number;
  /** Outputs made because no entry had their key. */
  misses: number;
  /** Entries found damaged or foreign: ignored, made again and rewritten. */
  repaired: number;
}

/** An entry's payload: a small JSON record and binary files. */
export interface CacheRecord {
  meta: unknown;
  files: Uint8Array[];
}

const seal = (key: string, payload: Uint8Array) =>
  createHash("sha256").update(key).update(payload).digest("hex");

/** Packs a record: the JSON, then each file, each preceded by its length. */
function pack(key: string, { meta, files }: CacheRecord): Buffer {
  const json = Buffer.from(JSON.stringify(meta));
  const parts: Buffer[] = [];
  const length = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  parts.push(length(json.length), json, length(files.length));
  for (const f of files)
    parts.push(length(f.length), Buffer.from(f.buffer, f.byteOffset, f.length));
  const payload = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(`${MAGIC}${seal(key, payload)}\n`), payload]);
}

/** Unpacks the entry of `key`, or undefined if it is not whole, Herald's and that key's. */
function unpack(key: string, bytes: Buffer): CacheRecord | undefined {
  if (bytes.length < HEADER_LENGTH) return undefined;
  const header = bytes.subarray(0, HEADER_LENGTH).toString("latin1");
  if (!header.startsWith(MAGIC) || !header.endsWith("\n")) return undefined;
  const payload = bytes.subarray(HEADER_LENGTH);
  if (header.slice(MAGIC.length, -1) !== seal(key, payload)) return undefined;
  try {
    let at = 0;
    const next = () => {
      const n = payload.readUInt32BE(at);
      at += 4;
      return n;
    };
    const take = (n: number) => {
      if (at + n > payload.length) throw new RangeError("short entry");
      const part = payload.subarray(at, at + n);
      at += n;
      return part;
    };
    const meta = JSON.parse(take(next()).toString("utf8"));
    const count = next();
    const files: Uint8Array[] = [];
    for (let i = 0; i < count; i++) files.push(new Uint8Array(take(next())));
    return at === payload.length ? { meta, files } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The cache of one output folder. `open` gives a cache that does nothing when caching is off
 * or the folder there is not Herald's (it is never written to or deleted then).
 */
export class BuildCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, repaired: 0 };
  /** Entries this build read or wrote, by kind: what `prune` keeps. */
  private readonly used = new Map<string, Set<string>>();

  private constructor(
    /** The folder, or undefined when the cache is off. */
    readonly dir: string | undefined,
    /** Why the cache is off, when the user should know. */
    readonly notice?: string,
  ) {}

  /** The cache beside `out`, made if missing; off with `enabled: false`. */
  static async open(out: string, enabled = true): Promise<BuildCache> {
    if (!enabled) return new BuildCache(undefined);
    const dir = cacheFolderOf(out);
    if (existsSync(dir)) {
      const ours =
        lstatSync(dir).isDirectory() &&
        (readdirSync(dir).length === 0 || isMarked(join(dir, CACHE_MARKER)));
      if (!ours) {
        return new BuildCache(
          undefined,
          `${dir} is not Herald's cache (it has no ${CACHE_MARKER}), so this build makes everything and keeps nothing there. Move it away to let builds reuse their work.`,
        );
      }
    }
    try {
      // Beside the output folder, whose parent exists: not `recursive`, which spins forever
      // on some file systems that refuse it (/proc).
      if (!existsSync(dir)) await mkdir(dir);
      await writeFile(join(dir, CACHE_MARKER), MARKER_TEXT);
    } catch (error) {
      return new BuildCache(
        undefined,
        `Herald cannot write its cache in ${dir} (${(error as NodeJS.ErrnoException).code ?? "refused"}), so this build makes everything and keeps nothing.`,
      );
    }
    return new BuildCache(dir);
  }

  /**
   * The cache beside `out` to read from, if there is one and it is Herald's; never made. (For
   * what is read before the build holds its output folder's lock.)
   */
  static async existing(out: string): Promise<BuildCache | undefined> {
    const dir = cacheFolderOf(out);
    const ours =
      existsSync(dir) && lstatSync(dir).isDirectory() && isMarked(join(dir, CACHE_MARKER));
    return ours ? new BuildCache(dir) : undefined;
  }

  /** A folder of the cache for an output that keeps its own entries (social images). */
  folder(kind: string): string | undefined {
    return this.dir && join(this.dir, kind);
  }

  private path(kind: string, key: string): string {
    return join(this.dir as string, kind, key.slice(0, 2), key);
  }

  private use(kind: string, key: string): void {
    const keys = this.used.get(kind) ?? new Set<string>();
    this.used.set(kind, keys);
    keys.add(key);
  }

  /** Marks the entry under `key` as used by this build, unread: pruning keeps it. */
  keep(kind: string, key: string): void {
    if (this.dir) this.use(kind, key);
  }

  /** The record under `key`, or undefined (never a damaged one). */
  async get(kind: string, key: string): Promise<CacheRecord | undefined> {
    if (!this.dir) return undefined;
    this.use(kind, key);
    let bytes: Buffer;
    try {
      // A regular file only: a link, a folder or a pipe in an entry's place is not one.
      if (!(await isFile(this.path(kind, key)))) throw new Error("not an entry");
      bytes = await readFile(this.path(kind, key));
    } catch {
      this.stats.misses += 1;
      return undefined;
    }
    const record = unpack(key, bytes);
    if (record) this.stats.hits += 1;
    else this.stats.repaired += 1;
    return record;
  }

  /**
   * Keeps `record` under `key`: written beside its place and renamed, so a build killed
   * midway leaves the old entry or none, never half of one. A cache that cannot be written
   * costs speed only: the build goes on.
   */
  async put(kind: string, key: string, record: CacheRecord): Promise<void> {
    if (!this.dir) return;
    this.use(kind, key);
    const file = this.path(kind, key);
    const temp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
    try {
      await mkdir(dirname(file), { recursive: true });
      // Only into real folders of the cache: a link there could lead anywhere.
      if (!(await realFolders(this.dir, kind, key.slice(0, 2)))) return;
      await writeFile(temp, pack(key, record));
      await rename(temp, file);
    } catch {
      await unlink(temp).catch(() => {});
    }
  }

  /**
   * After a build that succeeded: removes the entries of `kinds` it did not use, so the cache
   * holds one build's worth and no more. Only entries (and leftovers of killed writes) go.
   */
  async prune(kinds: readonly string[]): Promise<void> {
    if (!this.dir) return;
    for (const kind of kinds) {
      const used = this.used.get(kind) ?? new Set();
      if (!(await realFolders(this.dir, kind))) continue;
      const root = join(this.dir, kind);
      for (const shard of await readdir(root).catch(() => [] as string[])) {
        if (!/^[0-9a-f]{2}$/.test(shard) || !(await realFolders(root, shard))) continue;
        const folder = join(root, shard);
        for (const name of await readdir(folder).catch(() => [] as string[])) {
          const stale = /^[0-9a-f]{64}$/.test(name) ? !used.has(name) : /\.tmp$/.test(name);
          // Files only: anything else there is not an entry Herald wrote.
          if (stale && (await isFile(join(folder, name))))
            await unlink(join(folder, name)).catch(() => {});
        }
      }
    }
  }
}

/** Whether each of `names` under `dir`, in turn, is a folder and not a link to one. */
async function realFolders(dir: string, ...names: string[]): Promise<boolean> {
  let at = dir;
  for (const name of names) {
    at = join(at, name);
    const info = await lstat(at).catch(() => undefined);
    if (!info?.isDirectory()) return false;
  }
  return true;
}

const isFile = async (path: string) =>
  (await lstat(path).catch(() => undefined))?.isFile() ?? false;

function isMarked(file: string): boolean {
  try {
    return JSON.parse(readFileSync(file, "utf8")).herald === "cache";
  } catch {
    return false;
  }
}
