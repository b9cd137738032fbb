import type { Root } from "mdast";
import type { Announcement, Content } from "./load.js";
import { walk } from "./markdown.js";
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
  const announcements = content.announcements.filter((a) => !under.includes(a));
  // A file only an announcement under embargo shows (a chart of its figures) would give it
  // away: it is published with the announcement, not before.
  const kept = new Set(
    [...announcements.map((a) => a.body), ...Object.values(content.about)].flatMap(assetsIn),
  );
  for (const file of siteFiles(content)) kept.add(file);
  const secret = new Set(under.flatMap((a) => assetsIn(a.body)).filter((file) => !kept.has(file)));
  return {
    published: {
      ...content,
      announcements,
      assets: content.assets.filter((file) => !secret.has(file)),
    },
    embargoed: { ...content, announcements: under },
  };
}

/** The content's files a Markdown tree shows or links to (the loader marks them). */
function assetsIn(tree: Root): string[] {
  const found: string[] = [];
  walk(tree, (node) => {
    const asset = (node.data as { asset?: unknown } | undefined)?.asset;
    if (typeof asset === "string") found.push(asset);
  });
  return found;
}

/** The files the site shows whatever is published: logos, photos, brand assets. */
const siteFiles = (content: Content): string[] =>
  [
    content.site.logo,
    ...(content.site.brandAssets ?? []).map((b) => b.file),
    ...content.organizations.map((o) => o.logo),
    ...content.people.map((p) => p.photo),
  ].filter((file): file is string => typeof file === "string");
