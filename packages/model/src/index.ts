export {
  ContentChangedError,
  type FileInfo,
  type ImageSize,
  readPublishedAsset,
} from "./assets.js";
export { placeholdersIn, UNSUBSCRIBE_PLACEHOLDERS } from "./check-newsletter.js";
export { isUtf16 } from "./decode-text.js";
export { catalogue, type Diagnostic, formatDiagnostic } from "./diagnostics.js";
export {
  type AnnouncementDocument,
  announcementDocument,
  type BrandAsset,
  type Company,
  type CompanyFact,
  companyOf,
  type EmbargoNotice,
  type FactRow,
  type FactValue,
  type FileDetails,
  type HeadlineFigure,
  type KeyFigure,
  LOGO_PNG_HEIGHT,
  type OrganizationRef,
  type PersonRef,
  type Picture,
  type QuoteBlock,
  type TeamMember,
  type Translation,
  type UpdateBlock,
} from "./document.js";
export { isUnderEmbargo, splitByEmbargo } from "./embargo.js";
export { escapeHtml } from "./escape.js";
export { BREAKABLE, CJK, figureUnit } from "./figure-unit.js";
export { fontStackFor, fontStacks, isGenericFamily } from "./font-stacks.js";
export { formatBytes } from "./format.js";
export {
  around,
  type ContentWords,
  detailSeparator,
  type Labels,
  lookupChain,
  missingWords,
  wordKeyList,
  wordsFor,
} from "./labels.js";
export {
  directionOf,
  directionOfText,
  languageName,
  languageOf,
  writtenAlike,
} from "./language.js";
export { type Announcement, type Content, type LoadResult, loadContent } from "./load.js";
export { nearestLocale } from "./localize.js";
export { type Manifest, type ManifestEntry, manifestSchema } from "./manifest.js";
export { textOf, walk } from "./markdown.js";
export { type Moment, momentOf, utcText } from "./moment.js";
export {
  memoryParseCache,
  type ParseCache,
  parseCacheVersion,
  SETTLED_MS,
} from "./parse-cache.js";
export type { Figure, Footnote, Prose } from "./prose.js";
export {
  isRealFolder,
  makeRealFolders,
  readRegularFile,
  writeFileBeside,
} from "./regular-file.js";
export { sampleContentDir } from "./sample.js";
export {
  type EcosystemGroup,
  type FrontMatter,
  type Funding,
  type FundUse,
  type Hire,
  idSchema,
  type LocalizedText,
  type Metric,
  type Organization,
  type Person,
  type Quote,
  type Site,
  type Source,
  type Update,
} from "./schema.js";
export { onStopNow, stopNow, writingThread } from "./stop-now.js";
export {
  type Address,
  brandFiles,
  EMBARGOED_FOLDER,
  fileSlug,
  normalUrl,
  SITE_FOLDER,
  type SiteAddress,
  siteAddress,
  siteFile,
  siteUrl,
  socialImagePath,
} from "./urls.js";
export { type Messages, type WordKey, wordKeys } from "./words/keys.js";
export { labelsTemplate } from "./words/template.js";
