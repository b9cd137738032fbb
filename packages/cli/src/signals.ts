// Ctrl-C (SIGINT), SIGTERM and SIGHUP end a command, but first it undoes what it left half
// done: a temporary build folder, a lock. Cleanups run synchronously, since the process exits
// right after them.

const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type Signal = keyof typeof codes;

const cleanups = new Set<{ cleanup: () => void; said?: (signal: Signal) => string }>();

const handlers = Object.fromEntries(
  (Object.keys(codes) as Signal[]).map((signal) => [
    signal,
    () => {
      // The innermost work says what stopped and what it left, once its cleanup is done.
      const said = [...cleanups].reverse().find((c) => c.said)?.said;
      for (const { cleanup } of [...cleanups].reverse()) {
        try {
          cleanup();
        } catch {
          // The process is stopping: what cannot be undone now is cleaned up next time.
        }
      }
      // A command that stops itself says what it did with its own words (herald dev's build
      // folder is its own temporary one, not the user's).
      if (said && stoppingThemselves === 0) process.stderr.write(`${said(signal)}\n`);
      cleanups.clear();
      // herald dev stops the server its own way (its listener may have fired already and gone,
      // so listeners are not what tells); otherwise stop here.
      const others = process.listeners(signal).filter((l) => l !== handlers[signal]);
      if (others.length === 0 && stoppingThemselves === 0) process.exit(codes[signal]);
    },
  ]),
) as Record<Signal, () => void>;

/** Commands running that stop themselves on a signal (see `stopsItselfOnSignal`). */
let stoppingThemselves = 0;

/**
 * Runs `work`, a command that listens for the signals itself and stops on its own (herald
 * dev): a signal still runs every cleanup, but does not end the process under it.
 */
export async function stopsItselfOnSignal<T>(work: () => Promise<T>): Promise<T> {
  stoppingThemselves++;
  try {
    return await work();
  } finally {
    stoppingThemselves--;
  }
}

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
    for (const signal of Object.keys(codes) as Signal[]) process.on(signal, handlers[signal]);
  }
  const entry = { cleanup, ...(said && { said }) };
  cleanups.add(entry);
  try {
    return await work();
  } finally {
    cleanups.delete(entry);
    if (cleanups.size === 0) {
      for (const signal of Object.keys(codes) as Signal[]) process.off(signal, handlers[signal]);
    }
  }
}
