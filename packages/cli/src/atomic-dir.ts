import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { HeraldError } from "./errors.js";

/**
 * Fills a fresh temporary folder beside `target` with `fill`, then swaps it in place of
 * `target` in one rename. If `fill` throws, the temporary folder is removed and `target`
 * stays exactly as it was.
 */
export async function replaceDirectory(
  target: string,
  fill: (dir: string) => Promise<void>,
  /** A file whose presence shows that an existing `target` is ours to replace. */
  marker: string,
): Promise<void> {
  if (existsSync(target)) {
    const entries = await readdir(target);
    if (entries.length > 0 && !entries.includes(marker)) {
      throw new HeraldError(
        `${target} already exists and is not a Herald output folder (it has no ${marker}), so Herald will not replace it.\n  Fix: choose another folder with --out, or empty this one.`,
      );
    }
  }
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const temp = await mkdtemp(join(parent, `.${basename(target)}.building-`));
  try {
    await fill(temp);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  // Two renames, not one: rename() cannot replace a non-empty folder. Between them the old
  // output is kept under another name, and it comes back if the second rename fails.
  const old = `${temp}.old`;
  const hadTarget = existsSync(target);
  if (hadTarget) await rename(target, old);
  try {
    await rename(temp, target);
  } catch (error) {
    if (hadTarget) await rename(old, target);
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  if (hadTarget) await rm(old, { recursive: true, force: true });
}
