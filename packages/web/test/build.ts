import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  type AnnouncementDocument,
  announcementDocument,
  type Content,
  SITE_FOLDER,
} from "@herald/model";
import { renderSite } from "../src/index.js";

/**
 * Builds the site into `dir` (OUT/site) the way `herald build` does, from the documents of
 * every translation. The press kits are the PDF renderer's: a web-only build puts a
 * placeholder at each document's PDF file, so that the site's links to them can be followed.
 */
export async function buildSite(content: Content, dir: string): Promise<AnnouncementDocument[]> {
  const documents = content.announcements.map((a) => announcementDocument(content, a));
  await renderSite(content, documents, dir);
  for (const d of documents) {
    const file = join(dir, (d.pdf.file ?? "").slice(SITE_FOLDER.length + 1));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, "%PDF-1.7\n% placeholder for the press kit\n");
  }
  return documents;
}
