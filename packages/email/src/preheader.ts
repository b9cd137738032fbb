import type { AnnouncementDocument } from "@herald/model";

/**
 * The hidden text inbox lists show after the subject: the summary, after the embargo notice
 * when there is one, so the embargo is read before anything else even in the list.
 */
export const preheaderOf = (document: AnnouncementDocument): string =>
  document.embargo
    ? `${document.embargo.text} · ${document.embargo.note} ${document.summary}`
    : document.summary;
