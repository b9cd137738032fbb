import type { AnnouncementDocument } from "@herald/model";

/**
 * The lines of the sender's postal address the footer shows under the company's name: the
 * address as written, less a first line that is only that name again (the addressee line of
 * a postal address), so the reader does not see it twice.
 */
export function postalLines(company: AnnouncementDocument["company"]): string[] {
  const lines = company.postalAddress ?? [];
  return lines[0] === company.name ? lines.slice(1) : lines;
}
