import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { HeraldError } from "./errors.js";

// An exclusive lock between Herald processes: a file created with O_EXCL that holds the
// owner's pid. A lock whose pid is gone (killed with SIGKILL, a crash, a reboot) is stale and
// taken over, so a kill never leaves a folder or a journal locked for good.

export interface Lock {
  readonly path: string;
  release(): void;
}

interface Owner {
  pid: number;
  since: string;
  command: string;
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

const readOwner = (path: string): Owner | undefined => {
  try {
    const owner = JSON.parse(readFileSync(path, "utf8")) as Partial<Owner>;
    return typeof owner.pid === "number" ? (owner as Owner) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Takes the lock at `path` for this process, or throws a HeraldError naming the process that
 * holds it. `what` says what is locked, for that message ("the output folder out/").
 */
export function acquireLock(path: string, what: string, command: string): Lock {
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 2) throw error;
      const owner = readOwner(path);
      if (owner && owner.pid !== process.pid && alive(owner.pid)) {
        throw new HeraldError(
          `${what} is in use by another Herald process (pid ${owner.pid}, ${owner.command} since ${owner.since}).\n  Fix: wait for it to finish, or stop it; if no such process is running, delete ${path}.`,
        );
      }
      // A lock without a live owner (or half-written by a process that died at once): take
      // it over. Unlinking and retrying O_EXCL keeps two takers from both winning.
      try {
        unlinkSync(path);
      } catch {
        // Another process took it over first: the next attempt sees its lock.
      }
      continue;
    }
    const owner: Owner = { pid: process.pid, since: new Date().toISOString(), command };
    writeSync(fd, `${JSON.stringify(owner)}\n`);
    closeSync(fd);
    let held = true;
    return {
      path,
      release() {
        if (!held) return;
        held = false;
        if (readOwner(path)?.pid === process.pid) unlinkSync(path);
      },
    };
  }
}
