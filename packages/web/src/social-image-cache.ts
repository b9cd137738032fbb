import { createHash } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { basename, dirname } from "node:path";
import { isRealFolder, makeRealFolders, readRegularFile, writeFileBeside } from "@herald/model";

// One entry of the social-image cache: a line that names the entry's key and the SHA-256 of
// the PNG, then the PNG. The file's name is the key too, but a name proves nothing (a file
// copied or written over under it): the entry is used only when its own line names the key
// asked for and the PNG's hash matches, so a foreign, cut-short or garbled entry is drawn
// again, never published. Written beside and renamed, so a build killed halfway leaves no half
// an entry under the key.

const MAGIC = "herald-social-image 1";
const HEADER_BYTES = MAGIC.length + 1 + 64 + 1 + 64 + 1;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The bytes of the entry of `png` under `key`. */
export function cacheEntry(key: string, png: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${MAGIC} ${key} ${sha256(png)}\n`, "latin1"), png]);
}

/** The PNG of an entry's bytes (what follows its line), whatever its line says. */
export const pngOfEntry = (entry: Uint8Array): Uint8Array => entry.subarray(HEADER_BYTES);

/** The PNG of the entry `bytes` when they are a whole entry of `key`, else undefined. */
export function entryPng(bytes: Uint8Array, key: string): Uint8Array | undefined {
  if (bytes.length <= HEADER_BYTES) return undefined;
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, HEADER_BYTES).toString("latin1");
  const [magic, version, named, hash] = header.slice(0, -1).split(" ");
  if (`${magic} ${version}` !== MAGIC || named !== key || header.at(-1) !== "\n") return undefined;
  const png = pngOfEntry(bytes);
  return sha256(png) === hash ? png : undefined;
}

/** The PNG cached in `file` under `key`, or undefined (missing, unreadable, not whole, not its key's). */
export async function readCacheEntry(file: string, key: string): Promise<Uint8Array | undefined> {
  // Read only from the cache's own folder: what a link there leads to is not an entry.
  const bytes = isRealFolder(dirname(file)) ? readRegularFile(file) : undefined;
  return bytes && entryPng(bytes, key);
}

/**
 * Writes `png` as the entry of `key` in `file`: to a temp file beside it (named for this
 * process and write, so two writes never share one), then renamed over it. The cache only
 * saves time: whatever stands in the way (a folder under the key, a file where the cache's
 * folder should be) is cleared, and an entry that cannot be written is done without.
 * Synchronous, as the reads are (see readRegularFile): a first build writes thousands.
 */
export async function writeCacheEntry(file: string, key: string, png: Uint8Array): Promise<void> {
  try {
    // The cache's folder is the caller's; the entries' folder in it only a real one (a link
    // there is removed): an entry written through a link would land outside the cache.
    const folder = dirname(file);
    mkdirSync(dirname(folder), { recursive: true });
    if (!makeRealFolders(dirname(folder), basename(folder))) return;
    const entry = cacheEntry(key, png);
    try {
      writeFileBeside(file, entry);
    } catch {
      rmSync(file, { recursive: true, force: true });
      writeFileBeside(file, entry);
    }
  } catch {
    // Done without: the next build draws the card again.
  }
}

/** Whether `name` is one the cache gives its files: an entry, or a temp file of one. */
export const isCacheFileName = (name: string) =>
  /^[0-9a-f]{64}\.png(\.\d+(-\d+)?\.tmp)?$/.test(name);
