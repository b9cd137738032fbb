import type { Io } from "./io.js";

export interface Progress {
  /** Marks one more step done, naming what it was. */
  tick(label: string): void;
  /** Clears the line; call once at the end. */
  done(): void;
}

/** Redraws at most this often: a build makes thousands of files in seconds. */
const REDRAW_MS = 100;

/**
 * A one-line counter with a bar, the count done of the total and the rate, on an interactive
 * terminal; silent in CI or when stderr is piped, where a log of carriage returns helps nobody.
 * `clock` is for tests.
 */
export function createProgress(
  io: Io,
  total?: number,
  clock: () => number = () => performance.now(),
): Progress {
  const interactive = io.stderr.isTTY === true && !io.env.CI;
  if (!interactive || total === 0) return { tick() {}, done() {} };
  let count = 0;
  const start = clock();
  let drawn = -Infinity;
  const width = 20;
  return {
    tick(label) {
      count += 1;
      const now = clock();
      const last = total !== undefined && count >= total;
      if (now - drawn < REDRAW_MS && !last) return;
      drawn = now;
      const seconds = (now - start) / 1000;
      const rate = seconds > 0.5 ? ` · ${(count / seconds).toFixed(1)}/s` : "";
      if (total === undefined) {
        // A stream of unknown length: a counter.
        io.stderr.write(`\r\x1b[2K${count} ${label}${rate}`);
        return;
      }
      const filled = Math.round((Math.min(count, total) / total) * width);
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      io.stderr.write(`\r\x1b[2K${bar} ${count}/${total} ${label}${rate}`);
    },
    done() {
      io.stderr.write("\r\x1b[2K");
    },
  };
}
