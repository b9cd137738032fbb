import { isUnderEmbargo } from "@herald/model";
import { loadOrReport } from "../content.js";
import { liftsWhen, nowOption } from "../embargo.js";
import { type Io, println } from "../io.js";
import { count } from "../words.js";

export async function check(io: Io, options: { content?: string; now?: string }): Promise<number> {
  const now = nowOption(options.now);
  const { content, warnings } = await loadOrReport(io, options.content, { sending: true });
  const ids = new Set(content.announcements.map((a) => a.id));
  const parts = [
    `${count(ids.size, "announcement")} in ${count(content.announcements.length, "file")}`,
    count(content.organizations.length, "organization"),
    count(content.people.length, "person", "people"),
  ];
  if (warnings) parts.push(count(warnings, "warning"));
  println(io.stdout, `Content is valid: ${parts.join(", ")}.`);
  // What a build now leaves out, and when the first build that publishes it can run.
  const seen = new Set<string>();
  for (const a of content.announcements) {
    if (!isUnderEmbargo(a, now) || seen.has(a.id)) continue;
    seen.add(a.id);
    println(io.stdout, `Under embargo: ${a.id} ${liftsWhen(a, now)}.`);
  }
  if (seen.size)
    println(
      io.stdout,
      `A build now leaves ${seen.size === 1 ? "it" : "them"} out of the site and makes ${seen.size === 1 ? "its" : "their"} outputs in OUT/embargoed; run herald build at or after the embargo to publish (see "Embargo" in the README).`,
    );
  return 0;
}
