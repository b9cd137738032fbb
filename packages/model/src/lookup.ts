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
  return byId(content).get(announcement.id) ?? [];
}

// Indexes are built once per content object, so lookups in large sites stay constant-time.
const indexes = new WeakMap<object, Map<string, Announcement[]>>();
function byId(content: Pick<Content, "announcements">): Map<string, Announcement[]> {
  let index = indexes.get(content.announcements);
  if (!index) {
    index = new Map();
    for (const a of content.announcements) index.set(a.id, [...(index.get(a.id) ?? []), a]);
    indexes.set(content.announcements, index);
  }
  return index;
}
