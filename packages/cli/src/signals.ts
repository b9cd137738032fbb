// Ctrl-C (SIGINT), SIGTERM and SIGHUP end a command, but first it undoes what it left half
// done: a temporary build folder, a lock. Cleanups run synchronously, since the process exits
// right after them.

import { stopNow } from "@herald/model";

const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type Signal = keyof typeof codes;

/** The signals that stop a command. */
export const SIGNALS = Object.keys(codes) as Signal[];

const cleanups = new Set<{ cleanup: () => void; said?: (signal: Signal) => string }>();

const handlers = Object.fromEntries(
  SIGNALS.map((signal) => [
    signal,
    () => {
      // The innermost work says what stopped and what it left, once its cleanup is done.
      const said = [...cleanups].reverse().find((c) => c.said)?.said;
      stopNow();
      for (const { cleanup } of [...cleanups].reverse()) {
        try {
          cleanup();
        } catch {
          // The process is stopping: what cannot be undone now is cleaned up next time.
        }
      }
      if (said) process.stderr.write(`${said(signal)}\n`);
      cleanups.clear();
      // A command that listens itself (herald dev's supervisor) stops its own way.
      const others = process.listeners(signal).filter((l) => l !== handlers[signal]);
      if (others.length === 0) process.exit(codes[signal]);
    },
  ]),
) as Record<Signal, () => void>;

/**
 * Runs `cleanup` if the process is told to stop while `work` runs, prints what `said` says
 * about it, then exits with the signal's conventional code (130 for Ctrl-C).
 */
export async function cleanUpOnSignal<T>(
  cleanup: () => void,
  work: () => Promise<T>,
  said?: (signal: Signal) => string,
): Promise<T> {
  if (cleanups.size === 0) {
    for (const signal of SIGNALS) process.on(signal, handlers[signal]);
  }
  const entry = { cleanup, ...(said && { said }) };
  cleanups.add(entry);
  try {
    return await work();
  } finally {
    cleanups.delete(entry);
    if (cleanups.size === 0) {
      for (const signal of SIGNALS) process.off(signal, handlers[signal]);
    }
  }
}
