export {
  ASSET_FILE_LIMIT,
  ContentChangedError,
  type ImageSize,
  publishable,
  readPublishedAsset,
} from "./assets.js";
export { assetFile } from "./content-files.js";
export { isUtf16 } from "./decode-text.js";
export {
  catalogue,
  type Diagnostic,
  type DiagnosticCode,
  formatDiagnostic,
  type Severity,
} from "./diagnostics.js";
export {
  type AnnouncementDocument,
  announcementDocument,
  type Company,
  companyOf,
  type FactRow,
  type FactValue,
  type KeyFigure,
  type OrganizationRef,
  type PersonRef,
  type QuoteBlock,
  type Translation,
} from "./document.js";
export { escapeHtml } from "./escape.js";
export { formatDate, formatList, formatMetric, formatMoney, formatNumber } from "./format.js";
export {
  checkImage,
  IMAGE_LIMITS,
  type ImageCheck,
  type ImageFormat,
  type ImageInfo,
  sniff,
} from "./image-info.js";
export { hasLabels, type Labels, labels } from "./labels.js";
export { directionOf, isCjk, languageName, languageOf } from "./language.js";
export { type Announcement, type Content, type LoadResult, loadContent } from "./load.js";
export { localize, nearestLocale } from "./localize.js";
export { findOrganization, findPerson, translationsOf } from "./lookup.js";
export {
  type Manifest,
  type ManifestEntry,
  manifestEntrySchema,
  manifestSchema,
} from "./manifest.js";
export { parseMarkdown, textOf, walk } from "./markdown.js";
export { type Figure, type Footnote, type Prose, resolveProse } from "./prose.js";
export { sampleContentDir } from "./sample.js";
export * from "./schema.js";
export {
  type Address,
  announcementPath,
  announcementUrl,
  emailFiles,
  pressKitPath,
  SITE_FOLDER,
  type SiteAddress,
  siteAddress,
  siteFile,
  siteUrl,
} from "./urls.js";
