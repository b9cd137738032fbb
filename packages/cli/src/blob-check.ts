import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { isRealFolder, readRegularFile, SETTLED_MS } from "@herald/model";

// A warm build takes most of its outputs from the cache, and each must be checked before it
// is published: its file read and hashed against its name (at 2,000 translations, 6,000 files
// and 290 MB: more than a second of the main thread, issue 15). So the cache's files are
// checked on another thread while this one reads the content, which takes longer. The build
// then takes a file so checked as it is, after one look that it is still the file that was
// checked (the same inode, size and modification time): a file written since is read and
// hashed again, as before.

/** A cache file found whole: what it was when checked (a later write changes `mtimeNs`). */
export interface CheckedFile {
  size: number;
  ino: string;
  mtimeNs: string;
}

/** The cache files found whole, by SHA-256 (their names). */
export type CheckedFiles = ReadonlyMap<string, CheckedFile>;

/** What the file at `path` is now, to compare with what it was when checked. */
export function fileStamp(path: string): CheckedFile | undefined {
  const info = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  if (!info?.isFile()) return undefined;
  return { size: Number(info.size), ino: String(info.ino), mtimeNs: String(info.mtimeNs) };
}

/**
 * Reads and hashes every file in `folder` (the cache's blobs: `<2 hex>/<SHA-256>`, in real
 * folders), on this thread; those whose bytes match their names, with their stamps.
 */
export function checkFilesHere(folder: string): Map<string, CheckedFile> {
  const found = new Map<string, CheckedFile>();
  if (!isRealFolder(folder)) return found;
  for (const shard of readdirSync(folder)) {
    if (!/^[0-9a-f]{2}$/.test(shard) || !isRealFolder(join(folder, shard))) continue;
    for (const name of readdirSync(join(folder, shard))) {
      if (!/^[0-9a-f]{64}$/.test(name) || !name.startsWith(shard)) continue;
      const file = join(folder, shard, name);
      // Stamped before it is read: a write after this changes the stamp, one before it the
      // bytes read. File times are coarse (a few milliseconds): a file written just now
      // could be written again under the same stamp, and is left to be read when used.
      const stamp = fileStamp(file);
      if (!stamp || Date.now() - Number(BigInt(stamp.mtimeNs) / 1_000_000n) < SETTLED_MS) continue;
      const bytes = readRegularFile(file, stamp.size);
      if (bytes && createHash("sha256").update(bytes).digest("hex") === name)
        found.set(name, stamp);
    }
  }
  return found;
}

/** The worker's script, beside this module in the built CLI (not there when run from source). */
const builtWorker = new URL("./blob-worker.js", import.meta.url);

/**
 * Checks the files in `folder` on a thread of its own (here, where the CLI is not built).
 * Never fails: a thread that cannot check them gives none checked, and each is read when
 * used. The thread does not keep the process alive.
 */
export function checkFiles(folder: string, script = builtWorker): Promise<CheckedFiles> {
  if (!existsSync(fileURLToPath(script))) {
    try {
      return Promise.resolve(checkFilesHere(folder));
    } catch {
      return Promise.resolve(new Map());
    }
  }
  return new Promise((resolve) => {
    const worker = new Worker(script, { workerData: folder });
    worker.unref();
    worker.once("message", (found: Map<string, CheckedFile>) => resolve(found));
    worker.once("error", () => resolve(new Map()));
    worker.once("exit", () => resolve(new Map()));
  });
}
