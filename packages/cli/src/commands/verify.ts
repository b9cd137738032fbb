import { resolve } from "node:path";
import { loadOrReport } from "../content.js";
import { type Io, println } from "../io.js";
import { verify, verifyTable } from "../verify.js";
import { count } from "../words.js";

export const verifyUsage = `herald verify [--content DIR] [--out DIR]

Reads the built outputs back (the web pages, the PDF text, both parts of the emails) and
checks that every fact, quote and footnote is in each, that every link resolves (internal
links to files of the build, external ones well-formed) and that the translations agree.
Checks the site's own pages too: the newsroom's entries (date, headline figure), the social
images (whole 1200x630 PNGs, and the og:image tags), the press-kit page (total raised,
company facts, team) and its ZIP.
Prints a table of output x check; exit code 1 on any disagreement.`;

export async function verifyCommand(
  io: Io,
  options: { content?: string; out?: string },
): Promise<number> {
  const { content } = await loadOrReport(io, options.content);
  const result = await verify(content, resolve(io.cwd, options.out ?? "out"));
  println(io.stdout, verifyTable(result));
  for (const w of result.warnings) println(io.stderr, `warning: ${w}`);
  for (const f of result.findings)
    println(io.stderr, `${f.output} · ${f.check} · ${f.where}: ${f.problem}`);
  println(
    io.stdout,
    result.findings.length
      ? `\n${count(result.findings.length, "disagreement")} between the outputs and the content.`
      : "\nEvery output says what the content says.",
  );
  return result.findings.length ? 1 : 0;
}
