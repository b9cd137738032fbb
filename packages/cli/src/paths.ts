import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";

/** Whether `path` is `folder` or inside it (compare real paths when links may be involved). */
export function isInside(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r === "" || (r !== ".." && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

/**
 * Makes `path` and the folders above it that are missing, one at a time from the nearest one
 * that exists. (Node's `mkdir(…, { recursive: true })` spins forever where a file system
 * refuses the first folder with ENOENT, as /proc does.)
 */
export async function makeFolders(path: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(path);
  while (!existsSync(at) && dirname(at) !== at) {
    missing.unshift(at);
    at = dirname(at);
  }
  for (const folder of missing) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  }
}
