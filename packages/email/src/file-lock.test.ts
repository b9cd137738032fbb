import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SendError } from "./errors.js";
import { withFileLock } from "./file-lock.js";

// Real lock files, and a real process that is gone, for the stale case.

const dir = mkdtempSync(join(tmpdir(), "herald-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const lockPath = () => join(dir, `list-${++n}.csv.lock`);

/** The pid of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid as number;
}

describe("withFileLock", () => {
  it("#12: holds the lock file while the work runs and removes it after, also when the work fails", async () => {
    const path = lockPath();
    const seen = await withFileLock(path, "the list", async () => existsSync(path));
    expect(seen).toBe(true);
    expect(existsSync(path)).toBe(false);
    await expect(
      withFileLock(path, "the list", async () => {
        throw new Error("work failed");
      }),
    ).rejects.toThrow("work failed");
    expect(existsSync(path)).toBe(false);
  });

  it("#12: a lock left by a process that is gone is taken over", async () => {
    const path = lockPath();
    const pid = await deadPid();
    writeFileSync(
      path,
      JSON.stringify({ pid, host: hostname(), since: "2020-01-01T00:00:00Z", token: "x" }),
    );
    expect(await withFileLock(path, "the list", async () => "done", 2_000)).toBe("done");
    expect(existsSync(path)).toBe(false);
  });

  it("#12: a lock held by a running process is waited for, then named with its pid", async () => {
    const path = lockPath();
    writeFileSync(
      path,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        since: "2026-01-01T00:00:00Z",
        token: "other",
      }),
    );
    let ran = false;
    const started = Date.now();
    const error = await withFileLock(
      path,
      "the suppression list x.csv",
      async () => {
        ran = true;
      },
      300,
    ).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(SendError);
    expect((error as SendError).message).toBe(
      `Another process (pid ${process.pid}, since 2026-01-01T00:00:00Z) has held the suppression list x.csv for more than 300 ms, so nothing was written.\n  Fix: run the command again; if no Herald process is running, delete the lock file ${path}.`,
    );
    // Not ours: left in place.
    expect(existsSync(path)).toBe(true);
  });

  it("#12: waiters take turns: work under the lock never overlaps", async () => {
    const path = lockPath();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(path, "the list", async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });
});
