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
 * every translation. The press kits are the PDF renderer's, built before the site (which zips
 * them): a web-only build first puts a placeholder at each document's PDF file, so that the
 * site's links to them can be followed and each language's ZIP holds them. Builds of one
 * content that share `cacheDir` draw its social images once.
 */
export async function buildSite(
  content: Content,
  dir: string,
  cacheDir?: string,
  options: {
    /** The documents to lay out (issue 14: some under embargo), else each published. */
    documents?: AnnouncementDocument[];
    /** The embargoed preview. */
    embargoed?: boolean;
  } = {},
): Promise<AnnouncementDocument[]> {
  const documents =
    options.documents ?? content.announcements.map((a) => announcementDocument(content, a));
  await placePdfs(documents, dir);
  await renderSite(content, documents, dir, {
    ...(cacheDir && { cacheDir }),
    ...(options.embargoed && { embargoed: true }),
  });
  return documents;
}

/** A placeholder at each document's PDF file in the site folder `dir` (see buildSite). */
export async function placePdfs(
  documents: readonly AnnouncementDocument[],
  dir: string,
): Promise<void> {
  for (const d of documents) {
    const file = join(dir, (d.pdf.file ?? "").slice(SITE_FOLDER.length + 1));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `%PDF-1.7\n% placeholder for the press kit ${d.id}.${d.locale}\n`);
  }
}
