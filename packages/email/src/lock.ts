import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { SendError } from "./errors.js";

// One send per journal at a time: a lock file beside the journal, created with O_EXCL so two
// processes can never both create it, holding the owner's pid. A lock whose process is gone
// (crash, kill -9, reboot) is taken over.

interface Owner {
  pid: number;
  since: string;
  host?: string;
}

export interface Lock {
  path: string;
  /** The owner of a stale lock this one replaced. */
  tookOver?: Owner;
  /** Removes the lock file; safe to call more than once (also from a signal handler). */
  release(): void;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

const readOwner = (path: string): Owner | undefined => {
  try {
    const owner = JSON.parse(readFileSync(path, "utf8")) as Owner;
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : undefined;
  } catch {
    return undefined;
  }
};

/** Takes the lock of `journal`, or throws a SendError naming the process that holds it. */
export function lockJournal(journal: string): Lock {
  const path = `${journal}.lock`;
  const me: Owner = { pid: process.pid, since: new Date().toISOString(), host: hostname() };
  let tookOver: Owner | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(path, "wx");
      try {
        writeSync(fd, `${JSON.stringify(me)}\n`);
      } finally {
        closeSync(fd);
      }
      let released = false;
      return {
        path,
        tookOver,
        release() {
          if (released) return;
          released = true;
          try {
            if (readOwner(path)?.pid === me.pid) unlinkSync(path);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST")
        throw new SendError(
          `Could not create the lock file ${path} (${code}).\n  Fix: make its folder writable, or pass --journal in a folder you can write to.`,
          { cause: error },
        );
    }
    const owner = readOwner(path);
    // A lock being written right now has no owner yet: give its writer a moment.
    if (!owner) {
      const waited = Date.now() + 200;
      while (Date.now() < waited && !readOwner(path))
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      if (readOwner(path)) {
        attempt--;
        continue;
      }
    }
    const sameHost = !owner?.host || owner.host === hostname();
    if (owner && (alive(owner.pid) || !sameHost)) {
      throw new SendError(
        `Another herald send (pid ${owner.pid}${sameHost ? "" : ` on ${owner.host}`}, since ${owner.since}) is using the journal ${journal}, so this one sent nothing.\n  Fix: wait for it to finish (running the same command then sends only to whoever it missed); if no such send is running, delete the lock file ${path}.`,
      );
    }
    // Stale: move it aside under a name of our own, and check that what moved is the stale
    // lock we read, not a fresh one another process wrote in between.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    const moved = readOwner(aside);
    if (owner && moved && moved.pid !== owner.pid) {
      // We moved someone's live lock: put it back (link fails if a new one appeared).
      try {
        linkSync(aside, path);
      } catch {}
    } else tookOver = owner ?? { pid: 0, since: "unknown" };
    try {
      unlinkSync(aside);
    } catch {}
  }
  throw new SendError(
    `Could not take the lock ${path}: other processes keep changing it.\n  Fix: make sure only one herald send uses the journal ${journal}.`,
  );
}
