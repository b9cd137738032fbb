import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import {
  type Content,
  formatDiagnostic,
  loadContent,
  type ParseCache,
  sampleContentDir,
} from "@herald/model";
import { HeraldError } from "./errors.js";
import { type Io, println } from "./io.js";
import { count } from "./words.js";

/** Where --content points, or the sample content. */
export const contentDirOf = (io: Io, option: string | undefined) =>
  option === undefined ? sampleContentDir : resolve(io.cwd, option);

/** Where --content points, checked to be a folder. */
export function existingContentDir(io: Io, option: string | undefined): string {
  const dir = contentDirOf(io, option);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new HeraldError(
      `There is no content folder at ${option ?? dir}.\n  Fix: pass the folder that holds site.yaml with --content, or leave --content out to use the sample content.`,
    );
  }
  return dir;
}

/**
 * Loads the content and prints its diagnostics (file paths as the user typed them).
 * Throws when there are errors, after printing them all.
 */
export async function loadOrReport(
  io: Io,
  option: string | undefined,
  /** Also the warnings for sending (herald check and herald send). */
  { sending = false, parsed }: { sending?: boolean; parsed?: ParseCache } = {},
): Promise<{ content: Content; warnings: number }> {
  const dir = existingContentDir(io, option);
  const shown = option ?? dir;
  const result = await loadContent(dir, parsed && { parsed });
  const said = [...result.diagnostics, ...(sending && result.ok ? result.content.sending : [])];
  for (const d of said) println(io.stderr, `${formatDiagnostic(d, shown)}\n`);
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    throw new HeraldError(
      `${count(errors, "problem")} in ${shown}. Nothing was built or sent; fix ${errors === 1 ? "it" : "them"} and run the command again.`,
    );
  }
  return { content: result.content, warnings: said.length };
}
