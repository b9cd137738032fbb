import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { writingThread } from "@herald/model";
import { type MadeEntry, writeZip, type ZipEntry } from "./zip-file.js";

// A build's press-kit ZIPs hold every PDF of their language: a hundred megabytes or more for a
// large newsroom, read and written while the pages are rendered. Writing them is the site
// step's largest piece of work that is no page (issue 15), so they are written on a thread of
// their own, on the other core, one ZIP after another: the bytes are the same on any thread.

/** One ZIP to write: `entries` read from `siteDir`, into `file`. Plain data, for any thread. */
export interface ZipJob {
  siteDir: string;
  entries: readonly (ZipEntry | MadeEntry)[];
  file: string;
}

/** What the thread posts back: a ZIP's size and the size of each file it read; or a failure. */
export type ZipMessage = { size: number; sizes: [string, number][] } | { error: string };

/** The worker's script, beside this module in the built package (not there when run from source). */
const builtWorker = new URL("./zip-worker.js", import.meta.url);

/**
 * Writes each of `jobs` in turn, on a worker thread where the package is built (here
 * otherwise); returns each ZIP's size, in the jobs' order. `sizes` gets the size of each file
 * zipped, by its path in the site. The first failure ends the work, each ZIP written so far
 * is kept, and it is thrown with the message the thread gave. `thread`: false to write them
 * here (a build told to use one thread: --jobs 1); `script`: for tests of the built worker
 * from source.
 */
export async function writeZips(
  jobs: readonly ZipJob[],
  sizes?: Map<string, number>,
  { thread = true, script = builtWorker }: { thread?: boolean; script?: URL } = {},
): Promise<number[]> {
  if (!jobs.length) return [];
  if (!thread || !existsSync(fileURLToPath(script))) {
    const made: number[] = [];
    for (const job of jobs) made.push(await writeZip(job.siteDir, job.entries, job.file, sizes));
    return made;
  }
  const worker = writingThread(new Worker(script, { workerData: jobs }));
  try {
    return await new Promise<number[]>((resolve, reject) => {
      const made: number[] = [];
      worker.on("message", (message: ZipMessage) => {
        if ("error" in message) return reject(new Error(message.error));
        for (const [path, size] of message.sizes) sizes?.set(path, size);
        made.push(message.size);
        if (made.length === jobs.length) resolve(made);
      });
      worker.on("error", reject);
      worker.on("exit", (code) =>
        reject(new Error(`The thread writing the press-kit ZIPs stopped (exit code ${code}).`)),
      );
    });
  } finally {
    await worker.terminate();
  }
}
