export { contentType } from "./content-type.js";
export { renderSite } from "./site.js";
