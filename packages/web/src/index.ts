export { announcementCard, cardDigest, digestOfCard } from "./card.js";
export { contentType } from "./content-type.js";
export { renderSite, sitePages } from "./site.js";
export type { SiteWriter } from "./site-files.js";
export { type CardJob, type CardStore, type DrawCard, fileCardStore } from "./social-image.js";
