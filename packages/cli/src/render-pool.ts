import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ContentChangedError, writingThread } from "@herald/model";
import {
  type JobPart,
  partOf,
  portable,
  type RenderJob,
  type RenderResult,
  runJob,
} from "./render-jobs.js";

// The build's heavy outputs (press kits, newsletters) rendered on every core: `--jobs N`
// worker threads, each with its own fonts and renderers, fed one job at a time. The files are
// the same whatever N is: a job's output depends on its translation alone, and the build
// writes each where it belongs as it comes back.

/** Renders jobs; `size` of them at once. */
export interface RenderPool {
  readonly size: number;
  run(job: RenderJob): Promise<RenderResult>;
  close(): Promise<void>;
}

/** The number of jobs when none is asked for: one per core. */
export const defaultJobs = () => Math.max(1, availableParallelism());

/**
 * Fewer threads than cores when there is little to render: a thread costs its own start and
 * fonts (about a second), more than a few press kits take here. Asked for, --jobs is obeyed.
 */
export const jobsFor = (outputs: number) =>
  Math.max(1, Math.min(defaultJobs(), Math.floor(outputs / OUTPUTS_PER_THREAD)));
const OUTPUTS_PER_THREAD = 16;

/** The worker's script, beside this module in the built CLI (not there when run from source). */
const workerScript = new URL("./render-worker.js", import.meta.url);

/**
 * A pool of `jobs` threads for the build's parts. With one job, or where the worker script
 * is not built (tests run from source), the jobs run here, one at a time.
 */
export function createPool(parts: readonly JobPart[], jobs: number): RenderPool {
  if (jobs <= 1 || !existsSync(fileURLToPath(workerScript))) {
    return {
      size: 1,
      run: (job) => runJob(partOf(parts, job), job),
      close: async () => {},
    };
  }
  return new WorkerPool(parts, jobs);
}

interface Pending {
  job: RenderJob;
  resolve: (result: RenderResult) => void;
  reject: (error: Error) => void;
}

class WorkerPool implements RenderPool {
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending & { id: number }>();
  private nextId = 0;
  private failure?: Error;
  private closed = false;

  constructor(
    private readonly parts: readonly JobPart[],
    readonly size: number,
  ) {}

  /**
   * A thread starts when a job waits and every thread is busy, up to `size`: a build whose
   * outputs all come from the cache starts none, one that renders a single output starts one
   * (each loads its own fonts and renderers).
   */
  private grow(): void {
    if (this.workers.length >= this.size || this.idle.length || !this.queue.length) return;
    const worker = writingThread(new Worker(workerScript, { workerData: { parts: this.parts } }));
    worker.unref();
    worker.on("message", (message) => this.settle(worker, message));
    // A worker that dies takes its job with it: the build fails with the reason.
    worker.on("error", (error) => this.fail(worker, error));
    worker.on("exit", (code) => {
      if (code !== 0 && !this.closed)
        this.fail(worker, new Error(`A render thread stopped (exit ${code}).`));
    });
    this.workers.push(worker);
    this.idle.push(worker);
  }

  run(job: RenderJob): Promise<RenderResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    this.grow();
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop() as Worker;
      const pending = this.queue.shift() as Pending;
      const id = this.nextId++;
      this.running.set(worker, { ...pending, id });
      const { job } = pending;
      worker.postMessage({
        id,
        job: "document" in job ? { ...job, document: portable(job.document) } : job,
      });
    }
  }

  private settle(
    worker: Worker,
    message: {
      id: number;
      result?: RenderResult;
      error?: { name: string; message: string; stack?: string };
    },
  ): void {
    const pending = this.running.get(worker);
    if (!pending || pending.id !== message.id) return;
    this.running.delete(worker);
    this.idle.push(worker);
    if (message.result) pending.resolve(message.result);
    else pending.reject(revive(message.error));
    this.dispatch();
  }

  private fail(worker: Worker, error: Error): void {
    this.failure ??= error;
    const pending = this.running.get(worker);
    this.running.delete(worker);
    pending?.reject(error);
    for (const waiting of this.queue.splice(0)) waiting.reject(error);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A worker's error as the build would have thrown it in this thread. */
function revive(error: { name: string; message: string; stack?: string } | undefined): Error {
  const revived =
    error?.name === "ContentChangedError"
      ? new ContentChangedError(error.message)
      : new Error(error?.message ?? "A render thread failed.");
  if (error?.stack) revived.stack = error.stack;
  return revived;
}
