import type { Announcement, Content } from "./load.js";
import type { Organization, Person } from "./schema.js";

// After loadContent every reference is known to exist, so a miss here is a bug, not bad content.

/** The organization with `id`. */
export function findOrganization(
  content: Pick<Content, "organizations">,
  id: string,
): Organization {
  const found = content.organizations.find((o) => o.id === id);
  if (!found) throw new Error(`No organization "${id}": content was not loaded by loadContent`);
  return found;
}

/** The person with `id`. */
export function findPerson(content: Pick<Content, "people">, id: string): Person {
  const found = content.people.find((p) => p.id === id);
  if (!found) throw new Error(`No person "${id}": content was not loaded by loadContent`);
  return found;
}

/** Every translation of an announcement (itself included), in site locale order. */
export function translationsOf(
  content: Pick<Content, "announcements">,
  announcement: Pick<Announcement, "id">,
): Announcement[] {
  return content.announcements.filter((a) => a.id === announcement.id);
}
