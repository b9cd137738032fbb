import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/**
 * A maker of new folders in the OS temp folder, each named `prefix` and random letters, all
 * removed once the file's tests are done (the tests' temp-folder guard fails a run that leaves
 * one). Called at a test file's top level.
 */
export function tempFolders(prefix: string): () => Promise<string> {
  const made: string[] = [];
  afterAll(async () => {
    for (const folder of made) await rm(folder, { recursive: true, force: true });
  });
  return async () => {
    const folder = await mkdtemp(join(tmpdir(), prefix));
    made.push(folder);
    return folder;
  };
}
