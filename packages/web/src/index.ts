export { contentType } from "./content-type.js";
export { renderSite } from "./site.js";
export { announcementCard, cardDigest, digestOfCard } from "./social-image.js";
