import { type BigIntStats, readlinkSync, realpathSync, type Stats, statSync } from "node:fs";
import { lstat, readdir, readFile, readlink, realpath, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { maxFileBytes } from "./decode-text.js";
import { type Diagnostic, diagnose, type Place } from "./diagnostics.js";

// Every file Herald reads from a content folder goes through here, so one place decides what
// may be read: nothing outside the content folder (whatever symlink or path leads there),
// nothing hidden, nothing that is not a regular file (a FIFO would hang the read).
//
// Symlinks that stay inside the content folder are followed: teams link one logo into several
// places, and the target is content they wrote anyway. Every link is resolved with realpath and
// its target checked, so a link can never widen what is read. Hidden targets (.git, .env) are
// refused like outside ones: a link is no way round "hidden files are never published".

/** A problem found with a file, told at the file or at a place that refers to it. */
export type Problem = (place: Place) => Diagnostic;

export type Located =
  | { kind: "file"; real: string; size: number; stamp: string }
  | { kind: "folder"; real: string; link: boolean }
  | { kind: "missing" }
  | { kind: "problem"; problem: Problem; severity: "error" | "warning" };

export interface Listing {
  /** Regular files, with their path relative to the content folder (forward slashes). */
  files: Array<{ path: string; real: string; size: number; stamp: string }>;
  /** Files and folders that cannot be read or followed, with what is wrong. */
  problems: Array<{ path: string; problem: Problem; severity: "error" | "warning" }>;
  /** Hidden files and folders, skipped without a word. */
  hidden: string[];
}

/** The place of a whole file, for problems that belong to no line. */
export const fileStart = (file: string): Place => ({ file, line: 1, column: 1, field: "" });

const toPosix = (path: string) => path.split(sep).join("/");

/** Whether the real path `inner` is `outer` or lies inside it. */
function encloses(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

const isHidden = (path: string) => path.split(/[\\/]/).some((part) => part.startsWith("."));

/**
 * What a file's metadata says of it: device, inode, size, and the times its content and its
 * metadata last changed, in nanoseconds. Any write changes it (see `stampAge` for how soon).
 */
const stampOf = (stats: BigIntStats) =>
  `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;

/** How long ago, in milliseconds, the file of `stamp` last changed (its content or metadata). */
export function stampAge(stamp: string, now = Date.now()): number {
  const [, , , mtime = "0", ctime = "0"] = stamp.split(":");
  const latest = BigInt(mtime) > BigInt(ctime) ? BigInt(mtime) : BigInt(ctime);
  return now - Number(latest / 1_000_000n);
}

/** Herald's words for what is not a regular file. */
function kindOf(stats: Stats | BigIntStats): string {
  if (stats.isFIFO()) return "named pipe (FIFO)";
  if (stats.isSocket()) return "socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "device";
  return "special file";
}

const reason = (error: NodeJS.ErrnoException) =>
  error.code === "EACCES" || error.code === "EPERM"
    ? "permission denied"
    : (error.code ?? error.message);

/** A content folder, opened once: its real location is what every path is checked against. */
export class ContentFolder {
  private constructor(
    /** As given: messages and paths relative to it. */
    readonly dir: string,
    /** The real path of the folder itself (it may be a symlink; that is the user's choice). */
    readonly root: string,
  ) {}

  static async open(dir: string): Promise<ContentFolder> {
    return new ContentFolder(dir, await realpath(dir).catch(() => dir));
  }

  /** Whether an absolute real path lies inside the content folder. */
  contains(real: string): boolean {
    return encloses(this.root, real);
  }

  /**
   * A link to a folder that contains the link itself (`a -> .`, `assets/root -> ..`, the
   * content folder or any folder above the link) is a circle: followed once, it would list
   * every file of the content folder as if it were in the listed one (drafts/ published
   * under assets/root/). `parent` is the real folder the link sits in.
   */
  private circle(path: string, real: string, parent: string): Problem | undefined {
    if (!encloses(real, parent)) return undefined;
    return (place) => diagnose("link-loop", place, { file: path, target: this.target(path) });
  }

  private target(path: string): string {
    try {
      return readlinkSync(join(this.dir, path));
    } catch {
      return "?";
    }
  }

  /**
   * Where `path` (relative to the content folder, forward slashes) really is, and whether it may
   * be read. Follows symlinks only to places inside the content folder; never reads content.
   */
  async locate(path: string): Promise<Located> {
    const abs = join(this.dir, path);
    let own: Stats;
    try {
      own = await lstat(abs);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === "ENOENT" || e.code === "ENOTDIR") return { kind: "missing" };
      return this.unreadable(path, e);
    }
    let real: string;
    try {
      real = await realpath(abs);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      const target = await readlink(abs).catch(() => "?");
      if (e.code === "ENOENT") {
        return {
          kind: "problem",
          severity: "warning",
          problem: (place) => diagnose("broken-link", place, { file: path, target }),
        };
      }
      if (e.code === "ELOOP") {
        return {
          kind: "problem",
          severity: "warning",
          problem: (place) => diagnose("link-loop", place, { file: path, target }),
        };
      }
      return this.unreadable(path, e);
    }
    const target = own.isSymbolicLink() ? await readlink(abs).catch(() => real) : real;
    if (!this.contains(real)) {
      return {
        kind: "problem",
        severity: "error",
        problem: (place) =>
          diagnose("link-outside-content", place, { file: path, target, hidden: false }),
      };
    }
    if (isHidden(relative(this.root, real))) {
      return {
        kind: "problem",
        severity: "error",
        problem: (place) =>
          diagnose("link-outside-content", place, { file: path, target, hidden: true }),
      };
    }
    let stats: BigIntStats;
    try {
      stats = await stat(real, { bigint: true });
    } catch (error) {
      return this.unreadable(path, error as NodeJS.ErrnoException);
    }
    if (stats.isDirectory()) return { kind: "folder", real, link: own.isSymbolicLink() };
    if (stats.isFile()) {
      return { kind: "file", real, size: Number(stats.size), stamp: stampOf(stats) };
    }
    const kind = kindOf(stats);
    return {
      kind: "problem",
      severity: "warning",
      problem: (place) => diagnose("not-a-regular-file", place, { file: path, kind }),
    };
  }

  private unreadable(path: string, error: NodeJS.ErrnoException): Located {
    const why = reason(error);
    return {
      kind: "problem",
      severity: "error",
      problem: (place) => diagnose("unreadable-file", place, { file: path, reason: why }),
    };
  }

  /**
   * Reads a text file of the content folder (YAML, Markdown) as bytes. Anything that may not
   * be read is a diagnostic at the file, and "refused".
   */
  async readText(path: string, diagnostics: Diagnostic[]): Promise<Buffer | "missing" | "refused"> {
    const found = await this.locate(path);
    if (found.kind === "missing") return "missing";
    if (found.kind === "problem") {
      // A file the content needs cannot be skipped: every problem with it is an error.
      diagnostics.push({ ...found.problem(fileStart(path)), severity: "error" });
      return "refused";
    }
    if (found.kind === "folder") {
      diagnostics.push(
        diagnose("not-a-regular-file", fileStart(path), { file: path, kind: "folder" }),
      );
      return "refused";
    }
    // Text files (YAML, Markdown) too large to be written by hand are never read.
    const limit = maxFileBytes(path);
    if (found.size > limit) {
      diagnostics.push(
        diagnose("file-too-large", fileStart(path), { file: path, size: found.size, limit }),
      );
      return "refused";
    }
    try {
      return await readFile(found.real);
    } catch (error) {
      const located = this.unreadable(path, error as NodeJS.ErrnoException);
      if (located.kind === "problem") diagnostics.push(located.problem(fileStart(path)));
      return "refused";
    }
  }

  /**
   * Every file under `folder` (relative to the content folder), recursively, in code point
   * order. Follows links that stay inside the content folder and do not lead back to a folder
   * being listed (`a -> .`); reports the others. A missing folder lists nothing.
   */
  async list(folder: string): Promise<Listing> {
    const listing: Listing = { files: [], problems: [], hidden: [] };
    const top = await this.locate(folder);
    if (top.kind === "missing") return listing;
    if (top.kind === "problem") {
      listing.problems.push({ path: folder, problem: top.problem, severity: "error" });
      return listing;
    }
    if (top.kind === "file") {
      listing.problems.push({
        path: folder,
        severity: "error",
        problem: (place) => diagnose("not-a-regular-file", place, { file: folder, kind: "file" }),
      });
      return listing;
    }
    if (top.link) {
      const parent = await realpath(dirname(join(this.dir, folder))).catch(() => this.root);
      const circle = this.circle(folder, top.real, parent);
      if (circle) {
        listing.problems.push({ path: folder, problem: circle, severity: "warning" });
        return listing;
      }
    }
    await this.walk(folder, top.real, new Map([[top.real, folder]]), listing);
    return listing;
  }

  // A linked folder is read only if no link has reached it before and it is not being read:
  // a link back up (`a -> .`) would never end, and links to one folder from many places would
  // multiply the work (two links per level, fifteen levels: 32,768 paths).
  private async walk(path: string, real: string, read: Map<string, string>, listing: Listing) {
    let names: string[];
    try {
      names = (await readdir(real)).sort();
    } catch (error) {
      const located = this.unreadable(path, error as NodeJS.ErrnoException);
      if (located.kind === "problem") listing.problems.push({ path, ...located });
      return;
    }
    // Each entry's own metadata first, all at once: an entry that is no link is where it is
    // listed (its real path is the folder's and its name), so only links need locate's
    // realpath and checks. A folder of thousands of announcements is listed in one round.
    const own = await Promise.all(
      names.map((name) =>
        name.startsWith(".")
          ? undefined
          : lstat(join(real, name), { bigint: true }).catch(
              (error: NodeJS.ErrnoException) => error,
            ),
      ),
    );
    for (const [i, name] of names.entries()) {
      const child = `${path}/${name}`;
      if (name.startsWith(".")) {
        listing.hidden.push(child);
        continue;
      }
      const stats = own[i];
      // Located by the name as written (through `path`), so links are judged where they are.
      const found: Located =
        stats === undefined || stats instanceof Error || stats.isSymbolicLink()
          ? await this.locate(child)
          : stats.isDirectory()
            ? { kind: "folder", real: join(real, name), link: false }
            : stats.isFile()
              ? {
                  kind: "file",
                  real: join(real, name),
                  size: Number(stats.size),
                  stamp: stampOf(stats),
                }
              : {
                  kind: "problem",
                  severity: "warning",
                  problem: (place) =>
                    diagnose("not-a-regular-file", place, { file: child, kind: kindOf(stats) }),
                };
      if (found.kind === "missing") continue; // removed while listing
      if (found.kind === "problem") listing.problems.push({ path: child, ...found });
      else if (found.kind === "file") {
        listing.files.push({
          path: toPosix(child),
          real: found.real,
          size: found.size,
          stamp: found.stamp,
        });
      } else {
        const first = read.get(found.real);
        if (found.link && first !== undefined) {
          const target = await readlink(join(this.dir, child)).catch(() => found.real);
          listing.problems.push({
            path: child,
            severity: "warning",
            problem: (place) => diagnose("link-loop", place, { file: child, target, first }),
          });
          continue;
        }
        const circle = found.link ? this.circle(child, found.real, real) : undefined;
        if (circle) {
          listing.problems.push({ path: child, problem: circle, severity: "warning" });
          continue;
        }
        read.set(found.real, child);
        await this.walk(child, found.real, read, listing);
      }
    }
  }
}

// Editor backups and leftovers that sit beside announcements: skipped without a word.
const backup = /(~|\.(bak|orig|rej|swp|swo|tmp))$|^#.*#$/i;

/**
 * The announcement files: Markdown files (.md or .markdown, in any case) in announcements/ and
 * its subfolders, as `announcements/...`. Other files get a warning, hidden files and editor
 * backups are skipped quietly.
 */
export async function listAnnouncements(
  folder: ContentFolder,
  diagnostics: Diagnostic[],
): Promise<string[]> {
  return (await listAnnouncementFiles(folder, diagnostics)).map((file) => file.path);
}

/** The announcement files (see listAnnouncements), with where each really is and its stamp. */
export async function listAnnouncementFiles(
  folder: ContentFolder,
  diagnostics: Diagnostic[],
): Promise<Listing["files"]> {
  const listing = await folder.list("announcements");
  for (const { path, problem, severity } of listing.problems) {
    diagnostics.push({ ...problem(fileStart(path)), severity });
  }
  const files: Listing["files"] = [];
  for (const file of listing.files) {
    const name = file.path.slice(file.path.lastIndexOf("/") + 1);
    if (/\.(md|markdown)$/i.test(name)) files.push(file);
    else if (!backup.test(name)) {
      diagnostics.push(
        diagnose("not-an-announcement", fileStart(file.path), { file: file.path }, "warning"),
      );
    }
  }
  return files;
}

/**
 * The real path of a published asset, checked again at the moment a renderer reads it (the
 * folder may have changed since it was loaded): inside the content folder, a regular file.
 * Undefined otherwise.
 */
export function assetFile(dir: string, asset: string): string | undefined {
  try {
    const root = realpathSync(dir);
    const real = realpathSync(join(dir, asset));
    const rel = relative(root, real);
    if (rel.startsWith("..") || isAbsolute(rel) || isHidden(rel)) return undefined;
    return statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}
