import type { Worker } from "node:worker_threads";

// What a build runs beside its main thread, stopped at once when a signal ends the process.
// A signal's cleanup removes a temporary build in its own turn, while no JavaScript of the
// main thread runs; a thread's still does, and herald dev's Ctrl-C found the render threads
// and the ZIP thread writing into the folder being removed (ENOTEMPTY), and the search
// indexer, left to answer a process that was gone, printing a panic to the terminal.

const stops = new Set<() => void>();

/** Runs `stop` if `stopNow` is called before the returned function is. */
export function onStopNow(stop: () => void): () => void {
  stops.add(stop);
  return () => stops.delete(stop);
}

/** Stops all that `onStopNow` was given, synchronously: for a signal's cleanup. */
export function stopNow(): void {
  for (const stop of [...stops]) {
    try {
      stop();
    } catch {
      // The process is ending: what cannot be stopped ends with it.
    }
  }
  stops.clear();
}

/**
 * A thread that writes into a build's folders: `stopNow` stops its JavaScript at once, so it
 * starts no new write (a call already in the system, a write or a compression, ends first).
 */
export function writingThread(worker: Worker): Worker {
  worker.once(
    "exit",
    onStopNow(() => void worker.terminate()),
  );
  return worker;
}
