import { createHash } from "node:crypto";
import { existsSync, linkSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { lstat, mkdir, readdir, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isRealFolder, makeRealFolders, readRegularFile, writeFileBeside } from "@herald/model";
import { type CheckedFiles, fileStamp } from "./blob-check.js";

// What a build keeps between builds so the next one makes again only what changed: rendered
// press kits, newsletters and social images, each under the hash of everything that goes into
// it. It lives beside the output folder (OUT → .OUT.herald-cache), never inside it: nothing in
// it is published, and a build does not copy it.
//
// An entry is a small file named by its key: the hash of what follows, a JSON record and the
// SHA-256 and size of each file the output has. The files themselves are kept once each, by
// their SHA-256, under blobs/, and a build links them into OUT rather than writing them again
// (the same disk blocks: a warm build writes a few megabytes, not hundreds). An entry whose
// bytes do not match (a build killed mid-write, a disk error, a hand edit, a file from
// elsewhere), or whose files are missing or changed (a file of OUT edited in place changes the
// cache's too), is never trusted: the output is made again, and the entry and its files
// written anew.

/** The file that marks a folder as Herald's cache: a folder without one is never used. */
export const CACHE_MARKER = ".herald-cache";
const MARKER_TEXT = `${JSON.stringify({ herald: "cache", format: 2 })}\n`;
const MAGIC = "herald-cache 2 ";
/** Where the files of every entry are kept, each under its SHA-256. */
const BLOBS = "blobs";
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

/** A record from the cache: with, for each file, the cache's copy to link into OUT. */
export interface CachedRecord extends CacheRecord {
  /** The cache's file of each of `files` (none where the cache could not keep it). */
  kept: Array<string | undefined>;
}

/** A file of an entry as the entry names it. */
interface FileRef {
  sha256: string;
  size: number;
}

const seal = (key: string, ...payload: Uint8Array[]) => {
  const hash = createHash("sha256").update(key);
  for (const part of payload) hash.update(part);
  return hash.digest("hex");
};

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Packs an entry: the JSON, then each file's SHA-256 and size. In parts, written one after
 * the other: the JSON of a long announcement's parse is tens of MB, not copied twice more.
 */
function pack(key: string, meta: unknown, files: readonly FileRef[]): Buffer[] {
  const json = Buffer.from(JSON.stringify(meta));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  const refs = Buffer.alloc(4 + files.length * 36);
  let at = refs.writeUInt32BE(files.length);
  for (const f of files) {
    at += Buffer.from(f.sha256, "hex").copy(refs, at);
    at = refs.writeUInt32BE(f.size, at);
  }
  return [Buffer.from(`${MAGIC}${seal(key, length, json, refs)}\n`), length, json, refs];
}

/** Unpacks the entry of `key`, or undefined if it is not whole, Herald's and that key's. */
function unpack(key: string, bytes: Buffer): { meta: unknown; files: FileRef[] } | undefined {
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
    const files: FileRef[] = [];
    for (let i = 0; i < count; i++) files.push({ sha256: take(32).toString("hex"), size: next() });
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
  /** The files of those entries, by SHA-256: what `prune` keeps of blobs/. */
  private readonly usedBlobs = new Set<string>();
  /** The cache's folders this build made or found to be real folders (not links). */
  private readonly checked = new Set<string>();
  /** The cache's files another thread read and hashed (see blob-check), once it has. */
  private checkedFiles: CheckedFiles | undefined;

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
      if (lstatSync(dir).isSymbolicLink()) {
        return new BuildCache(
          undefined,
          `${dir} is a link, and Herald keeps its cache only in a folder of its own beside the output folder (a link could lead anywhere), so this build makes everything and keeps nothing there. Remove the link to let builds reuse their work.`,
        );
      }
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

  /**
   * A folder of the cache for an output that keeps its own files (the site's search index),
   * made a real folder (a link there is removed): none when it cannot be one.
   */
  folder(kind: string): string | undefined {
    return this.dir && makeRealFolders(this.dir, kind) ? join(this.dir, kind) : undefined;
  }

  private path(kind: string, key: string): string {
    return join(this.dir as string, kind, key.slice(0, 2), key);
  }

  private use(kind: string, key: string): void {
    const keys = this.used.get(kind) ?? new Set<string>();
    this.used.set(kind, keys);
    keys.add(key);
  }

  /**
   * Takes the files `checked` found whole, once it has, as checked (see blob-check). Until
   * then, each file is read and hashed when used, as without.
   */
  useChecked(checked: Promise<CheckedFiles>): void {
    checked.then((files) => {
      this.checkedFiles = files;
    });
  }

  /** The folder of the cache's files (for `checkFiles`). */
  static filesFolder(out: string): string {
    return join(cacheFolderOf(out), BLOBS);
  }

  /**
   * Marks the entry under `key` as used by this build, unread: pruning keeps it. For entries
   * without files only (the parsed announcements): unread, its files are not known to keep.
   */
  keep(kind: string, key: string): void {
    if (this.dir) this.use(kind, key);
  }

  /**
   * The keys of `kind` that have an entry, from one listing of each folder: what a build
   * expects to find (an entry may still turn out damaged when read: `get` decides).
   */
  async keys(kind: string): Promise<Set<string>> {
    const found = new Set<string>();
    if (!this.dir || !(await realFolders(this.dir, kind))) return found;
    const root = join(this.dir, kind);
    for (const shard of await readdir(root).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of await readdir(join(root, shard)).catch(() => [] as string[]))
        if (/^[0-9a-f]{64}$/.test(name)) found.add(name);
    }
    return found;
  }

  /**
   * The record under `key`, or undefined (never a damaged one, nor one whose files changed).
   * `counted`: whether it counts in `stats` (what the build reports: press kits and newsletters).
   */
  async get(kind: string, key: string, counted = true): Promise<CachedRecord | undefined> {
    if (!this.dir) return undefined;
    this.use(kind, key);
    const stats = counted ? this.stats : { hits: 0, misses: 0, repaired: 0 };
    // A regular file only: a link, a folder or a pipe in an entry's place is not one.
    const bytes = this.inRealFolders(kind, key.slice(0, 2))
      ? readRegularFile(this.path(kind, key))
      : undefined;
    if (!bytes) {
      stats.misses += 1;
      return undefined;
    }
    const entry = unpack(key, bytes);
    // A file checked by the other thread, and unchanged since, is not read now: only if its
    // bytes are asked for (OUT cannot link to it).
    const files = entry?.files.map((f) => (this.stillChecked(f) ? null : this.readBlob(f)));
    if (!entry || !files || files.some((f) => f === undefined)) {
      stats.repaired += 1;
      return undefined;
    }
    stats.hits += 1;
    for (const f of entry.files) this.usedBlobs.add(f.sha256);
    const read = (f: FileRef, i: number) => {
      files[i] ??= this.readBlob(f);
      if (!files[i])
        throw new Error(
          `A file of Herald's cache (${this.blobPath(f.sha256)}) changed while this build used it. Build again: the build makes it anew.`,
        );
      return files[i];
    };
    return {
      meta: entry.meta,
      get files() {
        return (entry as { files: FileRef[] }).files.map(read);
      },
      kept: entry.files.map((f) => this.blobPath(f.sha256)),
    };
  }

  /** Whether the file of `ref` was found whole by the other thread, and is unchanged since. */
  private stillChecked(ref: FileRef): boolean {
    const known = this.checkedFiles?.get(ref.sha256);
    if (known?.size !== ref.size || !this.inRealFolders(BLOBS, ref.sha256.slice(0, 2)))
      return false;
    const now = fileStamp(this.blobPath(ref.sha256));
    return now?.ino === known.ino && now.mtimeNs === known.mtimeNs && now.size === known.size;
  }

  /** The cache's file of `ref`, read, when it is a regular file and still what it was. */
  private readBlob(ref: FileRef): Uint8Array | undefined {
    if (!this.inRealFolders(BLOBS, ref.sha256.slice(0, 2))) return undefined;
    const bytes = readRegularFile(this.blobPath(ref.sha256), ref.size);
    return bytes && sha256(bytes) === ref.sha256 ? bytes : undefined;
  }

  /**
   * Whether `folders` of the cache, in turn, are real folders (not links): what is read
   * through a link is not the cache's, and OUT would be linked to a file outside it.
   */
  private inRealFolders(...folders: string[]): boolean {
    const dir = this.dir as string;
    const folder = join(dir, ...folders);
    if (this.checked.has(folder)) return true;
    let at = dir;
    for (const name of folders) {
      at = join(at, name);
      if (!isRealFolder(at)) return false;
    }
    this.checked.add(folder);
    return true;
  }

  private blobPath(hash: string): string {
    return join(this.dir as string, BLOBS, hash.slice(0, 2), hash);
  }

  /**
   * Keeps `record` under `key`: each file, then the entry, written beside its place and
   * renamed, so a build killed midway leaves the old entry or none, never half of one (nor
   * an entry whose files are not there yet). A cache that cannot be written costs speed
   * only: the build goes on. Says where the cache keeps each file (undefined where it does
   * not), for the build to link into OUT.
   */
  async put(kind: string, key: string, record: CacheRecord): Promise<CachedRecord> {
    const kept: Array<string | undefined> = record.files.map(() => undefined);
    if (!this.dir) return { ...record, kept };
    this.use(kind, key);
    const refs = record.files.map((f) => ({ sha256: sha256(f), size: f.length }));
    try {
      for (const [i, ref] of refs.entries()) {
        await this.writeSealed([BLOBS, ref.sha256.slice(0, 2)], ref.sha256, record.files[i]);
        this.usedBlobs.add(ref.sha256);
        kept[i] = this.blobPath(ref.sha256);
      }
      await this.writeSealed([kind, key.slice(0, 2)], key, pack(key, record.meta, refs));
    } catch {
      // Kept as far as it went: an entry is only written once all its files are.
    }
    return { ...record, kept };
  }

  /**
   * Writes `data` to `file` (a file of the new OUT) as a link to the cache's copy of the same
   * bytes, made if missing, so that the next build that makes them writes nothing: for the
   * outputs no entry stands for (the site's pages and images). A copy is used only when its
   * bytes are the ones asked for; where no link can be made, the bytes are written.
   */
  async place(file: string, data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    if (!this.dir) return writeFile(file, bytes);
    const hash = sha256(bytes);
    const kept = this.blobPath(hash);
    // A copy the other thread found whole, unchanged since, holds these bytes (both hash
    // alike, as an entry's files are trusted): not read again. Any other is compared.
    const same =
      this.stillChecked({ sha256: hash, size: bytes.length }) ||
      (this.inRealFolders(BLOBS, hash.slice(0, 2)) &&
        readRegularFile(kept, bytes.length)?.equals(bytes));
    try {
      if (!same) await this.writeSealed([BLOBS, hash.slice(0, 2)], hash, bytes);
      this.usedBlobs.add(hash);
      linkSync(kept, file);
    } catch {
      await writeFile(file, bytes);
    }
  }

  /**
   * Writes `bytes` as `name` in the cache's folder `folders`: beside, then renamed.
   * Synchronous, as the reads are (see readRegularFile): a cold build writes thousands.
   */
  private async writeSealed(
    folders: readonly string[],
    name: string,
    bytes: Uint8Array | readonly Uint8Array[] | undefined,
  ): Promise<void> {
    const dir = this.dir as string;
    const folder = join(dir, ...folders);
    // Only into real folders of the cache, made one by one: a link there could lead
    // anywhere, and a folder made through it would be made outside the cache.
    if (!this.checked.has(folder)) {
      if (!makeRealFolders(dir, ...folders)) throw new Error("not the cache's folder");
      this.checked.add(folder);
    }
    writeFileBeside(join(folder, name), bytes ?? new Uint8Array());
  }

  /**
   * After a build that succeeded: removes the entries of `kinds` it did not use, so the cache
   * holds one build's worth and no more. Only entries (and leftovers of killed writes) go.
   */
  async prune(kinds: readonly string[]): Promise<void> {
    if (!this.dir) return;
    for (const kind of kinds) await this.pruneFolder(kind, this.used.get(kind) ?? new Set());
    // The files of the entries pruned, unless a kept entry has them too.
    await this.pruneFolder(BLOBS, this.usedBlobs);
  }

  /** Removes from the cache's folder `kind` the entries not in `used`, and leftover temp files. */
  private async pruneFolder(kind: string, used: ReadonlySet<string>): Promise<void> {
    const dir = this.dir as string;
    if (!(await realFolders(dir, kind))) return;
    const root = join(dir, kind);
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
