import { closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import { crc32 } from "node:zlib";
import { type AsyncFlateStreamHandler, Zip, ZipDeflate, type ZipInputFile } from "fflate";

// Writing one ZIP, the same bytes for the same files, from files of the site read one at a
// time and streamed into the ZIP on disk. Nothing here but Node and fflate: the worker thread
// that zips a build's press kits (zip-worker.ts) loads this module alone.

/** One file of the ZIP: its name inside it and the file of the site it is read from. */
export interface ZipEntry {
  name: string;
  /** Path inside the site folder. */
  path: string;
}

/** A file of the ZIP made for it, not read from the site: the company's fact sheet. */
export interface MadeEntry {
  name: string;
  bytes: Uint8Array;
}

/**
 * Every entry's date and time. A ZIP stores local wall-clock fields (no time zone) and fflate
 * fills them from a Date's local fields, so a Date built from local fields writes the same
 * bytes in every time zone. 1 January 2000, noon: clear of 1980 (the format's epoch, which
 * some tools show as "no date") and of any daylight-saving change.
 */
const FIXED_TIME = () => new Date(2000, 0, 1, 12, 0, 0);

/**
 * Compressed already: stored as they are, which is quicker and no larger. A press-kit PDF's
 * streams are compressed by the PDF renderer: deflating it again saved about 2% of its bytes
 * and cost most of the site step's time for a large newsroom (issue 15).
 */
const STORED = new Set([
  ".pdf",
  ".png",
  ".jpg",
  ".jpeg",
  ".gif",
  ".webp",
  ".avif",
  ".zip",
  ".woff2",
]);

/** Bytes read from a file at a time: a press kit is mostly one read. */
const CHUNK = 256 * 1024;

/** Deflate level for everything else; fixed, since another level makes other bytes. */
const LEVEL = 6;

/** A file of the site the ZIP could not read: named, with what the build should have done. */
const notInSite = (path: string, cause: unknown) =>
  new Error(
    `${path} is not in the site folder, so the press-kit ZIP cannot hold it (the PDFs are built before the website).`,
    { cause },
  );

/**
 * A stored entry (fflate's ZipPassThrough, the same bytes) whose CRC-32 is Node's own, in
 * native code: fflate's, in JavaScript, was most of the CPU time of zipping a newsroom's
 * hundred megabytes of PDFs (issue 15).
 */
export class StoredEntry implements ZipInputFile {
  crc = 0;
  size = 0;
  compression = 0;
  mtime = FIXED_TIME();
  ondata?: AsyncFlateStreamHandler;

  constructor(readonly filename: string) {}

  push(chunk: Uint8Array<ArrayBuffer>, final = false): void {
    if (!this.ondata) throw new Error(`${this.filename} was pushed before it was added to a ZIP.`);
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    this.ondata(null, chunk, final);
  }
}

/** A failure of the ZIP itself (not of reading a file), passed through pushFile as it is. */
class ZipFailure extends Error {}

/**
 * Hands the site's file `path` to `push`, CHUNK bytes at a time (as a read stream cuts it), the
 * last chunk marked final; returns its size. Read synchronously: the files were just written
 * (the PDFs) or copied, and a newsroom zips thousands, where each of Node's asynchronous
 * calls costs a hand-over to another thread and back, more than reading a press kit.
 */
function pushFile(
  siteDir: string,
  path: string,
  push: (chunk: Uint8Array<ArrayBuffer>, final: boolean) => void,
): number {
  let fd: number;
  try {
    fd = openSync(join(siteDir, path), "r");
  } catch (error) {
    throw notInSite(path, error);
  }
  try {
    const expected = fstatSync(fd).size;
    let size = 0;
    let previous: Uint8Array<ArrayBuffer> | undefined;
    for (;;) {
      // No bigger than what is left (a press kit is a fraction of a chunk), one byte at the end
      // to see that it is the end.
      const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, expected - size)));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (!read) break;
      if (previous) push(previous, false);
      previous = chunk.subarray(0, read);
      size += read;
    }
    push(previous ?? new Uint8Array(), true);
    return size;
  } catch (error) {
    throw error instanceof ZipFailure ? error.cause : notInSite(path, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the ZIP of `entries` (read from `siteDir`) to `file`, the same bytes for the same
 * files: a fixed date on every entry, entries in the order given, a fixed compression level.
 * Returns its size in bytes; `sizes`, when given, gets each file's size by its path in the
 * site (read as it is zipped: no second look at the file).
 */
export async function writeZip(
  siteDir: string,
  entries: readonly (ZipEntry | MadeEntry)[],
  file: string,
  sizes?: Map<string, number>,
): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  let failure: Error | undefined;
  let ended = false;
  try {
    const zip = new Zip((error, chunk, final) => {
      if (error) failure ??= error;
      else writeSync(fd, chunk);
      if (final) ended = true;
    });
    for (const entry of entries) {
      if ("bytes" in entry) {
        const member = new ZipDeflate(entry.name, { level: LEVEL });
        member.mtime = FIXED_TIME();
        zip.add(member);
        member.push(entry.bytes, true);
        if (failure) throw failure;
        continue;
      }
      // The pages being rendered meanwhile go on between files.
      await new Promise(setImmediate);
      const stored = STORED.has(posix.extname(entry.name).toLowerCase());
      const member = stored
        ? new StoredEntry(entry.name)
        : new ZipDeflate(entry.name, { level: LEVEL });
      member.mtime = FIXED_TIME();
      zip.add(member);
      // A file the build should have made first is named rather than failing deep in a read.
      const size = pushFile(siteDir, entry.path, (chunk, final) => {
        member.push(chunk, final);
        if (failure) throw new ZipFailure(failure.message, { cause: failure });
      });
      sizes?.set(entry.path, size);
    }
    zip.end();
    if (failure) throw failure;
    if (!ended) throw new Error(`The ZIP ${file} did not end.`);
  } catch (error) {
    closeSync(fd);
    await rm(file, { force: true });
    throw error;
  }
  closeSync(fd);
  return (await stat(file)).size;
}
