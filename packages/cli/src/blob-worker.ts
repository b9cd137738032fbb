import { parentPort, workerData } from "node:worker_threads";
import { checkFilesHere } from "./blob-check.js";

// The thread that checks the cache's files while the build reads the content (blob-check.ts).

parentPort?.postMessage(checkFilesHere(workerData as string));
