import { resolve } from "node:path";
import { loadOrReport } from "../content.js";
import { type Io, println } from "../io.js";
import { verify, verifyTable } from "../verify.js";
import { count } from "../words.js";

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
