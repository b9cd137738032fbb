import type { Io } from "./io.js";

export interface Progress {
  /** Marks one more step done, naming what it was. */
  tick(label: string): void;
  /** Clears the line; call once at the end. */
  done(): void;
}

/**
 * A one-line counter with a bar on an interactive terminal; silent in CI or when stderr is
 * piped, where a log of carriage returns helps nobody.
 */
export function createProgress(io: Io, total?: number): Progress {
  const interactive = io.stderr.isTTY === true && !io.env.CI;
  if (!interactive || total === 0) return { tick() {}, done() {} };
  let count = 0;
  const width = 20;
  return {
    tick(label) {
      count += 1;
      if (total === undefined) {
        // A stream of unknown length: a counter, redrawn at most every 50 steps.
        if (count % 50 === 1) io.stderr.write(`\r\x1b[2K${count} ${label}`);
        return;
      }
      const filled = Math.round((count / total) * width);
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      io.stderr.write(`\r\x1b[2K${bar} ${count}/${total} ${label}`);
    },
    done() {
      io.stderr.write("\r\x1b[2K");
    },
  };
}
