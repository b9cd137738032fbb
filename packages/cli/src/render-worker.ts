import { deserialize } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { type JobContent, type RenderJob, runJob } from "./render-jobs.js";

// A worker thread of the build's pool (render-pool.ts): it gets the build's content once, then
// renders one job at a time and posts back its files (moved, not copied) or its error.

const parts = deserialize(workerData.parts as Uint8Array) as JobContent[];

parentPort?.on("message", async ({ id, job }: { id: number; job: RenderJob }) => {
  try {
    const { files, warnings } = await runJob(parts, job);
    // Each file in a buffer of its own, so moving it moves nothing else.
    const own = files.map((f) =>
      f.byteOffset === 0 && f.byteLength === f.buffer.byteLength ? f : f.slice(),
    );
    parentPort?.postMessage(
      { id, result: { files: own, warnings } },
      own.map((f) => f.buffer as ArrayBuffer),
    );
  } catch (error) {
    parentPort?.postMessage({ id, error: serializeError(error) });
  }
});

function serializeError(error: unknown) {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: "Error", message: String(error) };
}
