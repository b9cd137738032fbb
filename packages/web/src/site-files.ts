import { mkdir } from "node:fs/promises";
import { isAbsolute, relative } from "node:path";

// How the site's files are written: by a writer the caller may give (a build links the files
// it kept), into folders each made once.

/** Writes a finished file of the site whose folder is made (see renderSite's `writeFile`). */
export type SiteWriter = (file: string, data: string | Uint8Array) => Promise<void>;

/** Makes a folder (and those above it) once, however many files go into it. */
export function foldersMadeOnce(): (folder: string) => Promise<unknown> {
  const made = new Map<string, Promise<unknown>>();
  return (folder) => {
    let making = made.get(folder);
    if (!making) {
      making = mkdir(folder, { recursive: true });
      made.set(folder, making);
    }
    return making;
  };
}

/** Throws unless `file` is inside `folder`: what a tool names is never written elsewhere. */
export function insideOrThrow(folder: string, file: string, tool: string): void {
  const path = relative(folder, file);
  if (path.startsWith("..") || isAbsolute(path))
    throw new Error(`${tool} would write ${file}, outside ${folder}.`);
}
