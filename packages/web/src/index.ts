export { contentType } from "./content-type.js";
export { articlePath, homePath } from "./routes.js";
export { renderSite, type SiteOptions, sitePages } from "./site.js";
