import type { Announcement, Content } from "./load.js";
import { momentOf } from "./moment.js";

// An announcement under embargo may not be published before its moment: a build leaves it out
// of everything public and makes its outputs apart (OUT/embargoed), and the next build at or
// after the moment publishes it like any other.

/** Whether `a` is still under its embargo at `now`. */
export const isUnderEmbargo = (a: Pick<Announcement, "embargo">, now: Date): boolean =>
  a.embargo !== undefined && momentOf(a.embargo).instant.getTime() > now.getTime();

/**
 * The content as it may be published at `now`, and the content of what is still under embargo
 * (with the same site, people and files). The translations of one announcement share their
 * embargo (the loader checks), so each announcement lands whole on one side.
 */
export function splitByEmbargo(
  content: Content,
  now: Date,
): { published: Content; embargoed: Content } {
  const under = content.announcements.filter((a) => isUnderEmbargo(a, now));
  if (!under.length) return { published: content, embargoed: { ...content, announcements: [] } };
  return {
    published: {
      ...content,
      announcements: content.announcements.filter((a) => !under.includes(a)),
    },
    embargoed: { ...content, announcements: under },
  };
}
