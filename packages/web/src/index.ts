export { renderSite, type SiteOptions, sitePages } from "./site.js";
export { articlePath, homePath } from "./routes.js";
