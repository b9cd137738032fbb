import {
  type Announcement,
  type AnnouncementDocument,
  announcementDocument,
  type Content,
  loadContent,
  sampleContentDir,
} from "@herald/model";
import { richContentDir } from "@herald/model/testing";
import { compileEmail, type EmailParts } from "../src/render.js";

// Content for the newsletter's tests: the rich fixture of issue 10 (every kind of node the
// document resolves) and the sample, loaded for real.

export { richContentDir, sampleContentDir };

export async function load(dir: string): Promise<Content> {
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  return loaded.content;
}

export const loadRich = () => load(richContentDir);
export const loadSample = () => load(sampleContentDir);

/** The document of the announcement in `locale` (the first one when there are several). */
export function documentOf(content: Content, locale: string): AnnouncementDocument {
  const a = content.announcements.find((x: Announcement) => x.locale === locale);
  if (!a) throw new Error(`no ${locale} announcement`);
  return announcementDocument(content, a);
}

export const reader = { email: "reader@example.com", name: "Reader" };

/** Both parts of the newsletter in `locale`, for `reader`. */
export const emailOf = (content: Content, locale: string): EmailParts =>
  compileEmail(content.site, documentOf(content, locale)).personalize(reader);
