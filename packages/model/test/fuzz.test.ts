import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Nodes } from "mdast";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Content,
  catalogue,
  formatDiagnostic,
  loadContent,
  sampleContentDir,
} from "../src/index.js";
import { FUZZED_FILES, mutatedFiles } from "../src/mutate.js";
import { HANG_BOUND_MS } from "./hang-bound.js";

// Issue #9: no content, however broken, crashes the loader or hangs it. Mutations of the
// sample's real files (seeded, so every run sees the same ones) must each end in success or in
// located catalogue diagnostics, quickly. 1,500 cases take about 25 s on two busy cores; for a
// longer hunt: HERALD_FUZZ_SEED=n HERALD_FUZZ_CASES=n pnpm vitest run test/fuzz.test.ts.

const CASES = Number(process.env.HERALD_FUZZ_CASES ?? 1500);
const SEED = Number(process.env.HERALD_FUZZ_SEED ?? 9);
const PER_LOAD_MS = HANG_BOUND_MS;

let dir: string;
const originals: Record<string, Uint8Array> = {};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "herald-fuzz-"));
  await cp(sampleContentDir, dir, { recursive: true });
  // One announcement is enough to fuzz, and halves the time of every load.
  await rm(join(dir, "announcements/docker-series-b.zh-CN.md"));
  for (const file of FUZZED_FILES) originals[file] = await readFile(join(dir, file));
  // The first load compiles the loader's code: warm it up, so the bound measures the input.
  await loadContent(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The deepest path from the root of a tree, counted without recursion. */
function depthOf(tree: Nodes): number {
  let deepest = 0;
  const stack: Array<[Nodes, number]> = [[tree, 1]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [node, depth] = entry;
    deepest = Math.max(deepest, depth);
    if ("children" in node) for (const child of node.children) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** What is wrong with one load's outcome, if anything. */
function problemsOf(result: Awaited<ReturnType<typeof loadContent>>): string[] {
  const problems: string[] = [];
  for (const d of result.diagnostics) {
    const where = `${d.file}:${d.line}:${d.column} ${d.code}`;
    if (!(d.code in catalogue)) problems.push(`unknown code: ${where}`);
    if (!d.file || d.file.startsWith("/")) problems.push(`no relative file: ${where}`);
    if (!Number.isInteger(d.line) || d.line < 1) problems.push(`bad line: ${where}`);
    if (!Number.isInteger(d.column) || d.column < 1) problems.push(`bad column: ${where}`);
    if (!d.message || !d.fix) problems.push(`no message or fix: ${where}`);
    if (formatDiagnostic(d).length > 2000) problems.push(`report too long: ${where}`);
  }
  if (result.ok) problems.push(...boundsOf(result.content));
  else if (!result.diagnostics.some((d) => d.severity === "error")) {
    problems.push("rejected without an error");
  }
  return problems;
}

/** Accepted content must stay within what the renderers can lay out. */
function boundsOf(content: Content): string[] {
  const trees = [...content.announcements.map((a) => a.body), ...Object.values(content.about)];
  // Root, 8 lists or quotes with their items, a paragraph, 8 inline marks, text.
  return trees
    .map(depthOf)
    .filter((depth) => depth > 40)
    .map((d) => `tree ${d} levels deep`);
}

describe("the loader under fuzzing", () => {
  it(`#9: ends every one of ${CASES} mutated content folders in success or located diagnostics`, async () => {
    const failures: string[] = [];
    let slowest = 0;
    let accepted = 0;
    for (const { file, bytes, index } of mutatedFiles(originals, SEED, CASES)) {
      await writeFile(join(dir, file), bytes);
      const started = performance.now();
      try {
        const result = await loadContent(dir);
        const elapsed = performance.now() - started;
        slowest = Math.max(slowest, elapsed);
        if (elapsed > PER_LOAD_MS) failures.push(`#${index} ${file}: took ${elapsed | 0} ms`);
        if (result.ok) accepted++;
        for (const problem of problemsOf(result)) failures.push(`#${index} ${file}: ${problem}`);
      } catch (error) {
        failures.push(`#${index} ${file}: threw ${(error as Error).stack}`);
      }
      await writeFile(join(dir, file), originals[file] as Uint8Array);
    }
    expect(failures.slice(0, 20)).toEqual([]);
    // The mutations must exercise both outcomes, or the test proves little.
    expect(accepted).toBeGreaterThan(CASES / 20);
    expect(accepted).toBeLessThan(CASES);
    expect(slowest).toBeLessThan(PER_LOAD_MS);
  }, 300_000);
});
