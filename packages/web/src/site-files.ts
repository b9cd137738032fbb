import { mkdirSync, writeFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";

// How the site's files are written: by a writer the caller may give (a build links the files
// it kept), into folders each made once.

/** Writes a finished file of the site whose folder is made (see renderSite's `writeFile`). */
export type SiteWriter = (file: string, data: string | Uint8Array) => Promise<void>;

/**
 * The writer a site is written with when the caller gives none. Synchronous, as Eleventy's own
 * writes are: a site is thousands of small files, and each of Node's asynchronous calls
 * (open, write, close, each on another thread and back) costs more than the write itself.
 */
export const writeSiteFile: SiteWriter = async (file, data) => writeFileSync(file, data);

/** Makes a folder (and those above it) once, however many files go into it. */
export function foldersMadeOnce(): (folder: string) => void {
  const made = new Set<string>();
  return (folder) => {
    if (made.has(folder)) return;
    mkdirSync(folder, { recursive: true });
    made.add(folder);
  };
}

/** Throws unless `file` is inside `folder`: what a tool names is never written elsewhere. */
export function insideOrThrow(folder: string, file: string, tool: string): void {
  const path = relative(folder, file);
  if (path.startsWith("..") || isAbsolute(path))
    throw new Error(`${tool} would write ${file}, outside ${folder}.`);
}
