import { loadOrReport } from "../content.js";
import { type Io, println } from "../io.js";
import { count } from "../words.js";

export async function check(io: Io, options: { content?: string }): Promise<number> {
  const { content, warnings } = await loadOrReport(io, options.content, { sending: true });
  const ids = new Set(content.announcements.map((a) => a.id));
  const parts = [
    `${count(ids.size, "announcement")} in ${count(content.announcements.length, "file")}`,
    count(content.organizations.length, "organization"),
    count(content.people.length, "person", "people"),
  ];
  if (warnings) parts.push(count(warnings, "warning"));
  println(io.stdout, `Content is valid: ${parts.join(", ")}.`);
  return 0;
}
