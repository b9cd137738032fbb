import type { AnnouncementDocument } from "@herald/model";

/** The date, and who wrote the announcement, as the page says it: both parts print this line. */
export const dateLine = (document: AnnouncementDocument): string =>
  document.author
    ? `${document.date.text} · ${document.words.byline(document.author.credit)}`
    : document.date.text;
