import { existsSync, lstatSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { HeraldError } from "./errors.js";
import type { Io } from "./io.js";
import { isInside } from "./paths.js";

// Files the sending commands keep beside the output folder (journal, suppression list) or
// take as options: checked once, by their real paths, so a symlink never leads to a second
// copy of a file that must be one.

/** Where a file option points, checked: an existing file, or (for output) a writable place. */
export function fileOption(io: Io, name: string, value: string, mode: "read" | "write"): string {
  const path = resolve(io.cwd, value);
  const folder = dirname(path);
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(path);
  } catch {}
  if (stat?.isDirectory())
    throw new HeraldError(
      `--${name}: ${value} is a folder, not a${name === "recipients" ? " CSV" : ""} file.`,
    );
  if (!stat && mode === "read")
    throw new HeraldError(
      `--${name}: there is no file at ${value}.${name === "suppressions" ? "\n  Fix: pass the suppression list (a CSV file with the columns email,reason,date), or leave --suppressions out to use suppressions.csv beside the output folder." : ""}`,
    );
  if (!stat && !existsSync(folder))
    throw new HeraldError(
      `--${name}: the folder ${relative(io.cwd, folder) || "."} does not exist.\n  Fix: create it, or pass a file in an existing folder.`,
    );
  return path;
}

/**
 * The real path of `path`, which need not exist: a symlink (to the file or any folder above
 * it) is followed, so one file has one name, one lock and one default journal.
 */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const parent = dirname(path);
    if (parent === path) return path;
    // A symlink whose target does not exist would be written through: refuse it.
    let link = false;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch {}
    if (link)
      throw new HeraldError(
        `${path} is a symlink to a file that does not exist.\n  Fix: pass the file itself, or a new file name.`,
      );
    return join(realPath(parent), basename(path));
  }
}

/** The file name of the suppression list, beside OUT unless --suppressions says otherwise. */
export const SUPPRESSIONS_FILE = "suppressions.csv";

/**
 * The suppression list's real path: --suppressions, or `suppressions.csv` beside OUT. Never
 * inside OUT (a build replaces it, and the list with it: everyone who left would be mailed
 * again) nor inside the content folder (whose files are published, not private lists).
 */
export function suppressionsPath(
  io: Io,
  options: { suppressions?: string; out?: string },
  contentDir: string,
  /** "read" for a send: a --suppressions file that does not exist is a typo, not an empty list. */
  mode: "read" | "write" = "write",
): string {
  const out = realPath(resolve(io.cwd, options.out ?? "out"));
  const path = options.suppressions
    ? realPath(fileOption(io, "suppressions", options.suppressions, mode))
    : join(dirname(out), SUPPRESSIONS_FILE);
  const name = options.suppressions ? "--suppressions" : "--out";
  const shown = options.suppressions ?? `the suppression list ${path} (beside the output folder)`;
  if (isInside(path, out))
    throw new HeraldError(
      `${name}: ${shown} is inside the output folder ${options.out ?? "out"}, which herald build replaces whole: the list would be lost, and everyone on it mailed again.\n  Fix: keep the suppression list outside the output folder, e.g. leave --suppressions out (the default is beside it).`,
    );
  if (isInside(path, contentDir))
    throw new HeraldError(
      `${name}: ${shown} is inside the content folder, whose files are published; a list of who left is private.\n  Fix: keep the suppression list outside the content folder.`,
    );
  return path;
}
