import { mkdir } from "node:fs/promises";

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
