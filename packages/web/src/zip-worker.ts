import { parentPort, workerData } from "node:worker_threads";
import { writeZip } from "./zip-file.js";
import type { ZipJob, ZipMessage } from "./zip-thread.js";

// The thread that writes a build's press-kit ZIPs (zip-thread.ts): each job in turn, its
// result posted as it is done; at the first failure, its message, and nothing more.

const post = (message: ZipMessage) => parentPort?.postMessage(message);

for (const job of workerData as ZipJob[]) {
  const sizes = new Map<string, number>();
  try {
    const size = await writeZip(job.siteDir, job.entries, job.file, sizes);
    post({ size, sizes: [...sizes] });
  } catch (error) {
    post({ error: error instanceof Error ? error.message : String(error) });
    break;
  }
}
