import { isAbsolute, relative, sep } from "node:path";

/** Whether `path` is `folder` or inside it (compare real paths when links may be involved). */
export function isInside(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r === "" || (r !== ".." && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}
