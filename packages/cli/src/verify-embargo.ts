import { readdir, readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { gunzipSync } from "node:zlib";
import { type AnnouncementDocument, SITE_FOLDER } from "@herald/model";
import { decodeHTML } from "entities";
import { readZip } from "./verify-files.js";
import type { Report } from "./verify-site.js";

// An announcement under embargo leaves no trace in OUT/site: no file of its own, and no word of
// it in any page, feed, sitemap, search index or ZIP (#14). Checked on the files as published.

/**
 * What would give the announcement away: its address (as any page links to it, relative or
 * whole: news/<id>/) and its files' names, each whole (after a slash, a quote or a space:
 * "series-b.en.pdf" is not in "docker-series-b.en.pdf"). Its title is left out: a published
 * text may use the same words ("Series B").
 */
function tellTales(d: AnnouncementDocument): Array<{ name: string; pattern: RegExp }> {
  const page = d.page.path.split("/").filter(Boolean).slice(-2).join("/");
  // The social image is inside the page's folder (news/<id>/social.png): named by the first.
  const names = [`${page}/`, encodeURI(`${page}/`), posix.basename(d.pdf.path)];
  return [...new Set(names)].map((name) => ({
    name,
    pattern: new RegExp(`(^|[/"'\\s=(])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
  }));
}

/** The text of a site file, as a reader (or a crawler, or the search) would get it. */
async function readable(file: string): Promise<string> {
  const bytes = await readFile(file);
  if (file.endsWith(".zip")) {
    const entries = readZip(bytes);
    return "problem" in entries ? "" : entries.map((e) => e.name).join("\n");
  }
  // Pagefind's index and fragments are gzipped.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString("utf8");
    } catch {
      return "";
    }
  }
  const text = bytes.toString("utf8");
  return /\.(html|xml|json)$/.test(file) ? decodeHTML(text) : text;
}

/**
 * Every place in OUT/site that names one of `unpublished`, which are under embargo: none may.
 * The site's files are read once for all of them.
 */
export async function checkUnpublished(
  out: string,
  unpublished: ReadonlyArray<{ d: AnnouncementDocument; report: Report }>,
) {
  if (!unpublished.length) return;
  const site = join(out, SITE_FOLDER);
  const files = (await readdir(site, { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((f) => f.isFile())
    .map((f) => posix.relative(site, join(f.parentPath, f.name)));
  const checks = unpublished.map(({ d, report }) => ({ d, report, needles: tellTales(d) }));
  for (const file of files.sort()) {
    let text: string | undefined;
    for (const { d, report, needles } of checks) {
      if (file.startsWith(d.page.path) || file === d.pdf.path || file === d.socialImage.path) {
        report(
          "newsroom",
          "facts",
          `${SITE_FOLDER}/${file} is published, though it is under embargo until ${d.embargo?.utc}; run herald build again`,
        );
        continue;
      }
      text ??= await readable(join(site, file));
      const found = needles.find(({ pattern }) => pattern.test(text as string));
      if (found)
        report(
          "newsroom",
          "facts",
          `${SITE_FOLDER}/${file} names ${found.name}, which is under embargo until ${d.embargo?.utc}; run herald build again`,
        );
    }
  }
  for (const { report } of checks) report("newsroom", "facts");
}
