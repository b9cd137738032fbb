import { randomUUID } from "node:crypto";
import { link, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { SendError } from "./errors.js";

// A short lock across processes: a lock file created with O_EXCL (two processes can never
// both create it) that holds its owner's pid. The owner keeps it for one read-and-append, so
// others wait rather than fail; a lock whose process is gone (a crash, kill -9) is stale and
// taken over, so a kill never leaves the file locked for good.

interface Owner {
  pid: number;
  host: string;
  since: string;
  /** Tells this holder's lock from a later one of the same pid. */
  token: string;
}

/** Whether a process with this pid runs on this machine. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** The lock file's text, or undefined when there is none. */
async function readLock(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

const parseOwner = (text: string): Owner | undefined => {
  try {
    const owner = JSON.parse(text) as Owner;
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : undefined;
  } catch {
    return undefined;
  }
};

/** A lock file without an owner is being written; after this long it never will be. */
const UNWRITTEN_MS = 5_000;

async function isStale(path: string, text: string): Promise<boolean> {
  const owner = parseOwner(text);
  if (owner) return owner.host === hostname() && !alive(owner.pid);
  try {
    return Date.now() - (await stat(path)).mtimeMs > UNWRITTEN_MS;
  } catch {
    return false;
  }
}

/** Moves a stale lock aside, and back if what moved was a fresh lock written in between. */
async function takeOver(path: string, stale: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  if ((await readLock(aside)) !== stale) {
    // link fails when yet another lock appeared meanwhile: that one holds.
    await link(aside, path).catch(() => {});
  }
  await unlink(aside).catch(() => {});
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` holding the lock file `path`; waits up to `timeout` ms for another holder.
 * `what` names what is locked, for the messages ("the suppression list x.csv").
 */
export async function withFileLock<T>(
  path: string,
  what: string,
  work: () => Promise<T>,
  timeout = 30_000,
): Promise<T> {
  const me: Owner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token: randomUUID(),
  };
  const end = Date.now() + timeout;
  let wait = 2;
  for (;;) {
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(`${JSON.stringify(me)}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST")
        throw new SendError(
          `Could not create the lock file ${path} for ${what} (${(error as NodeJS.ErrnoException).code}).\n  Fix: make its folder writable for the user who runs Herald.`,
          { cause: error },
        );
    }
    const text = await readLock(path);
    if (text === undefined) continue;
    if (await isStale(path, text)) {
      await takeOver(path, text);
      continue;
    }
    if (Date.now() > end) {
      const owner = parseOwner(text);
      throw new SendError(
        `Another process${owner ? ` (pid ${owner.pid}${owner.host === hostname() ? "" : ` on ${owner.host}`}, since ${owner.since})` : ""} has held ${what} for more than ${timeout >= 2000 ? `${Math.round(timeout / 1000)} seconds` : `${timeout} ms`}, so nothing was written.\n  Fix: run the command again; if no Herald process is running, delete the lock file ${path}.`,
      );
    }
    // Holders keep the lock for one append: a short wait, a little random so waiters spread.
    await pause(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 50);
  }
  try {
    return await work();
  } finally {
    const text = await readLock(path).catch(() => undefined);
    if (text !== undefined && parseOwner(text)?.token === me.token)
      await unlink(path).catch(() => {});
  }
}
