import { randomInt } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

/**
 * The bytes of `path` if it is a regular file (of `size` bytes, when given), else undefined:
 * a link is not followed, and a folder or a pipe is not read (nor waited on). For the files
 * Herald keeps for itself between builds (its caches), which anything may have replaced.
 * Read synchronously: the files are small or just written (in memory), and a warm build reads
 * thousands, where each of Node's asynchronous calls costs a hand-over to another thread and
 * back (50 µs on a 2-core machine, more than the read).
 */
export function readRegularFile(path: string, size?: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || (size !== undefined && info.size !== size)) return undefined;
    const bytes = Buffer.allocUnsafe(info.size);
    let at = 0;
    while (at < bytes.length) {
      const read = readSync(fd, bytes, at, bytes.length - at, at);
      if (read === 0) return undefined;
      at += read;
    }
    return bytes;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to `file` through a temporary file beside it, renamed over it: a process
 * killed midway leaves the old file or none, never half of one. The temporary file is named
 * for this process and write (`<file>.<pid>-<digits>.tmp`), so two writes never share one;
 * on failure it is removed and the error thrown. Given parts, they are written one after the
 * other, never joined in memory first (a cache entry of a 5 MB announcement is 33 MB).
 */
export function writeFileBeside(
  file: string,
  data: string | Uint8Array | readonly Uint8Array[],
): void {
  const temp = `${file}.${process.pid}-${randomInt(2 ** 47)}.tmp`;
  try {
    if (Array.isArray(data)) writeParts(temp, data);
    else writeFileSync(temp, data as string | Uint8Array);
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Never made, or left for the cache's pruning.
    }
    throw error;
  }
}

function writeParts(file: string, parts: readonly Uint8Array[]): void {
  const fd = openSync(file, "w");
  try {
    for (const part of parts) {
      for (let at = 0; at < part.length; ) at += writeSync(fd, part, at);
    }
  } finally {
    closeSync(fd);
  }
}

/** Whether `path` is a folder itself, not a link to one (nor anything else). */
export function isRealFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Makes each of `names` under `root` in turn a real folder, and says whether they all are: a
 * link in a folder's place is removed (the link, never what it leads to) and a folder made
 * there; anything else in the way (a file, a pipe) is left as it is. For the folders of
 * Herald's caches, where anything may have been put: a link followed would let a build write,
 * and prune, outside its cache. `root` is trusted.
 */
export function makeRealFolders(root: string, ...names: string[]): boolean {
  let at = root;
  for (const name of names) {
    at = join(at, name);
    if (isRealFolder(at)) continue;
    try {
      if (lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink()) unlinkSync(at);
      mkdirSync(at);
    } catch {
      return false;
    }
  }
  return true;
}
