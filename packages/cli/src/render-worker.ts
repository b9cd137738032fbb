import { parentPort, workerData } from "node:worker_threads";
import {
  type JobPart,
  partOf,
  type portable,
  type RenderJob,
  revive,
  runJob,
} from "./render-jobs.js";

// A worker thread of the build's pool (render-pool.ts): it gets what the build's parts share
// once, then renders one job at a time and posts back its files (moved, not copied) or its
// error.

const parts = workerData.parts as JobPart[];

type Message = {
  id: number;
  job:
    | Extract<RenderJob, { kind: "card" }>
    | (RenderJob & { document: ReturnType<typeof portable> });
};

parentPort?.on("message", async ({ id, job }: Message) => {
  try {
    const part = partOf(parts, job as RenderJob);
    const { files, warnings } = await runJob(
      part,
      "document" in job ? ({ ...job, document: revive(job.document, part) } as RenderJob) : job,
    );
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
