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
import { HeraldError } from "./errors.js";

// One Herald process at a time on a journal or an output folder: a lock file created with
// O_EXCL, so two processes can never both create it, holding the owner's pid. A lock whose
// process is gone (a crash, kill -9, a reboot) is stale and taken over, so a kill never
// leaves anything locked for good.

interface Owner {
  pid: number;
  since: string;
  host?: string;
  command?: string;
}

export interface Lock {
  path: string;
  /** The owner of a stale lock this one replaced. */
  tookOver?: Owner;
  /** Removes the lock file; safe to call more than once (also from a signal handler). */
  release(): void;
}

/** Whether a process with this pid runs on this machine. */
export const alive = (pid: number) => {
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

/**
 * Takes the lock at `path` for `command`, or throws a HeraldError naming the process that
 * holds it. `what` names what is locked ("the journal x.journal"), `fix` what to do meanwhile.
 */
export function acquireLock(
  path: string,
  { what, command, fix }: { what: string; command: string; fix: string },
): Lock {
  const me: Owner = {
    pid: process.pid,
    since: new Date().toISOString(),
    host: hostname(),
    command,
  };
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
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
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
      throw new HeraldError(
        `Another ${owner.command ?? "Herald process"} (pid ${owner.pid}${sameHost ? "" : ` on ${owner.host}`}, since ${owner.since}) is using ${what}, so this one stopped before doing anything.\n  Fix: ${fix}; if no such process is running, delete the lock file ${path}.`,
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
  throw new HeraldError(
    `Could not take the lock ${path}: other processes keep changing it.\n  Fix: make sure only one Herald process at a time uses ${what}.`,
  );
}
