import { existsSync, readdirSync, rmdirSync, rmSync, unlinkSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";

// Removing the previous output folder ends every build: thousands of files (each a link to the
// build cache's copy) at 2,000 translations. Node's recursive rm looks up each entry (lstat)
// and hands every call to another thread and back: 0.7 s there, against 0.44 s for these
// single synchronous calls by the type each listing gives (issue 15). A folder at a time, so
// `herald dev`'s server, which runs builds beside it, still answers between folders.

/**
 * Removes the folder `dir` and everything in it. A link is removed, never followed (a
 * listing's types are the entries' own). Whatever cannot be removed so is left to Node's rm,
 * whose error says why.
 */
export async function removeTree(dir: string): Promise<void> {
  try {
    await removeFolder(dir);
  } catch {
    // Node's rm removes what is left, or throws with the reason (a file made immutable, say).
  }
  await rm(dir, { recursive: true, force: true });
}

async function removeFolder(dir: string): Promise<void> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await removeFolder(path);
    else unlinkSync(path);
  }
  rmdirSync(dir);
  await new Promise(setImmediate);
}

/** Something to wait on synchronously (a signal's cleanup cannot await). */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Removes the folder `dir` before returning, while work of this process may still be writing
 * into it: for a signal's cleanup, which runs once and is followed by the process's exit.
 * No JavaScript of this thread runs while this does, but writes already handed to libuv's
 * threads go on, and so does a thread's call already under way when it was stopped (see
 * stopNow): they can refill a folder being removed (ENOTEMPTY), or make it again
 * after it is gone (a write that failed for want of its folder makes it). Removed again until
 * it has stayed gone for a moment, for a few seconds at most.
 */
export function removeTreeNow(dir: string): void {
  const until = Date.now() + 5000;
  let gone = 0;
  while (gone < 5) {
    Atomics.wait(pause, 0, 0, 20);
    if (!existsSync(dir)) {
      gone++;
      continue;
    }
    gone = 0;
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOTEMPTY" || Date.now() > until) throw error;
    }
  }
}
