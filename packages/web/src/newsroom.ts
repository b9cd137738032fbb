import {
  type Address,
  type AnnouncementDocument,
  type Company,
  type Content,
  directionOf,
} from "@herald/model";
import { figureText } from "./figure-text.js";
import { attr, type Html, html } from "./html.js";
import { link, newsroomPageAddress, yearArchiveAddress } from "./routes.js";
import { searchRegion } from "./search.js";
import { localeAlternates, type View } from "./views.js";

// The newsroom: every announcement, newest first, NEWSROOM_PAGE_SIZE a page, each entry what a
// journalist scans for (date, title, summary, the figure that sums it up); and one page per
// year, so that an announcement stays a few clicks away however old it is.

/** The most announcements one page of the newsroom lists. */
export const NEWSROOM_PAGE_SIZE = 20;

/** Each announcement once, in this language where it has it, else in its first one. */
export function latestIn(
  documents: readonly AnnouncementDocument[],
  locale: string,
): AnnouncementDocument[] {
  const byId = new Map<string, AnnouncementDocument[]>();
  for (const d of documents) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
  return [...byId.values()].map(
    (translations) =>
      (translations.find((d) => d.locale === locale) ?? translations[0]) as AnnouncementDocument,
  );
}

/** `items` cut into pages of `size` (at least one page, empty when there is nothing). */
export function paginate<T>(items: readonly T[], size = NEWSROOM_PAGE_SIZE): T[][] {
  const pages: T[][] = [];
  for (let at = 0; at < items.length; at += size) pages.push(items.slice(at, at + size));
  return pages.length ? pages : [[]];
}

/** The years that have announcements, newest first. */
export const yearsOf = (documents: readonly AnnouncementDocument[]): string[] =>
  [...new Set(documents.map((d) => d.date.iso.slice(0, 4)))].sort().reverse();

/** What the newsroom of one language lists: each announcement once, and the years they span. */
export interface NewsList {
  /** Each announcement once, newest first, in this language where it has it. */
  items: AnnouncementDocument[];
  /** The years of `items`, newest first. */
  years: string[];
  /** Whether any announcement is in this language: only those are in its search index. */
  searchable: boolean;
}

/** The newsroom's list in `locale`, computed once for its pages, year archives and sitemap. */
export function newsList(documents: readonly AnnouncementDocument[], locale: string): NewsList {
  const items = latestIn(documents, locale);
  return {
    items,
    years: yearsOf(items),
    searchable: documents.some((d) => d.locale === locale),
  };
}

/**
 * An announcement under embargo in a list (`herald dev` shows them as if published): "Embargoed
 * until …", in the announcement's language, so nobody takes the preview for the news out.
 */
export const embargoMark = (embargo: { text: string }): Html =>
  html`<p class="embargo-mark">${embargo.text}</p>
`;

/** One entry of a list: date, title, summary and headline figure, in its own language. */
function entry(d: AnnouncementDocument, locale: string, page: string): Html {
  const other = d.locale !== locale;
  return html`<li class="entry"${other ? html` lang="${d.locale}" dir="${d.direction}"` : ""}>
<div class="entry-text">
${d.embargo ? embargoMark(d.embargo) : ""}<p class="meta"><time datetime="${d.date.iso}">${d.date.text}</time></p>
<h2><a href="${link(page, d.page)}"${attr("hreflang", other ? d.locale : undefined)}>${d.title}</a></h2>
<p class="entry-summary">${d.summary}</p>
</div>
${d.headline ? html`<dl class="headline"><dt>${d.headline.label}</dt><dd>${figureText(d.headline.text, d.headline.unit)}</dd></dl>\n` : ""}</li>
`;
}

/** The list, or where there is nothing to list yet, a sentence that says so. */
const entries = (
  items: readonly AnnouncementDocument[],
  company: Company,
  locale: string,
  page: string,
): Html =>
  items.length
    ? html`<ul class="news">
${items.map((d) => entry(d, locale, page))}</ul>`
    : html`<p class="empty-state">${company.words.noAnnouncements}</p>`;

/** The links to each year's page, the current one marked. */
function archiveNav(
  content: Content,
  company: Company,
  locale: string,
  years: readonly string[],
  page: string,
  current?: string,
): Html {
  if (!years.length) return html``;
  return html`<nav class="archive" aria-labelledby="archive-title">
<h2 id="archive-title">${company.words.archive}</h2>
<ul>${years.map(
    (year) =>
      html`<li><a href="${link(page, yearArchiveAddress(content, locale, year))}"${attr("aria-current", year === current ? "page" : undefined)}>${year}</a></li>`,
  )}</ul>
</nav>`;
}

/**
 * The page numbers a pagination shows: the first, the last and two on each side of the
 * current one (0-based), `undefined` where a run of them is left out.
 */
export function pageWindow(count: number, current: number, around = 2): Array<number | undefined> {
  const shown: Array<number | undefined> = [];
  for (let i = 0; i < count; i++) {
    if (i === 0 || i === count - 1 || Math.abs(i - current) <= around) shown.push(i);
    else if (shown.at(-1) !== undefined) shown.push(undefined);
  }
  return shown;
}

/** Numbered page links with newer/older, the current page marked (only with two pages or more). */
function pagination(
  company: Company,
  addresses: readonly Address[],
  index: number,
  page: string,
): Html {
  if (addresses.length < 2) return html``;
  const { words } = company;
  const prev = addresses[index - 1];
  const next = addresses[index + 1];
  const number = (i: number) => {
    const address = addresses[i] as Address;
    return html`<li><a href="${link(page, address)}"${attr("aria-current", i === index ? "page" : undefined)}${attr("aria-label", words.pageOf(i + 1, addresses.length))}>${i + 1}</a></li>\n`;
  };
  return html`<nav class="pages" aria-label="${words.pagination}">
<ul>
${prev ? html`<li class="step"><a href="${link(page, prev)}" rel="prev">${words.newer}</a></li>\n` : ""}${pageWindow(addresses.length, index).map((i) => (i === undefined ? html`<li class="gap" aria-hidden="true">…</li>\n` : number(i)))}${next ? html`<li class="step"><a href="${link(page, next)}" rel="next">${words.older}</a></li>\n` : ""}</ul>
</nav>`;
}

/**
 * Every page of the newsroom in one language: the first at `<locale>/`, the next at
 * `<locale>/page/2/`, …; announcements that only exist in another language are listed in it.
 */
export function newsroomViews(
  content: Content,
  company: Company,
  locale: string,
  { items, years, searchable }: NewsList,
): View[] {
  const { words } = company;
  const pages = paginate(items);
  const addresses = pages.map((_, i) => newsroomPageAddress(content, locale, i + 1));
  return pages.map((list, index) => {
    const address = addresses[index] as Address;
    const page = address.path ?? "";
    const number = index + 1;
    // The first page is the newsroom itself; the others say which page of how many they are.
    const of = number > 1 ? words.pageOf(number, pages.length) : undefined;
    const main = html`<div class="newsroom">
<h1>${words.newsroom}</h1>
${of ? html`<p class="meta page-of">${of}</p>\n` : ""}${
  // A search box over an empty index would only ever say "No results".
  searchable ? searchRegion(content, company, locale, page) : ""
}
${entries(list, company, locale, page)}
${pagination(company, addresses, index, page)}
${archiveNav(content, company, locale, years, page)}
</div>`;
    return {
      head: {
        page: address,
        locale,
        direction: directionOf(locale),
        company,
        title: of ? `${words.newsroom} · ${of}` : words.newsroom,
        description: list[0]?.summary ?? company.name,
        alternates: localeAlternates(content, (l) => newsroomPageAddress(content, l, number)),
        section: "news",
        sequence: {
          ...(addresses[index - 1] && { prev: addresses[index - 1] }),
          ...(addresses[index + 1] && { next: addresses[index + 1] }),
        },
      },
      main,
    };
  });
}

/** One page per year with announcements, listing all of that year's (in this language where it can). */
export function yearArchiveViews(
  content: Content,
  company: Company,
  locale: string,
  { items, years }: NewsList,
): View[] {
  const { words } = company;
  return years.map((year) => {
    const address = yearArchiveAddress(content, locale, year);
    const page = address.path ?? "";
    const list = items.filter((d) => d.date.iso.startsWith(`${year}-`));
    const main = html`<div class="newsroom">
<h1>${words.yearArchive(year)}</h1>
${entries(list, company, locale, page)}
${archiveNav(content, company, locale, years, page, year)}
</div>`;
    return {
      head: {
        page: address,
        locale,
        direction: directionOf(locale),
        company,
        title: words.yearArchive(year),
        description: words.yearArchive(year),
        alternates: localeAlternates(content, (l) => yearArchiveAddress(content, l, year)),
        section: "news",
      },
      main,
    };
  });
}

export const newsroomCss = `
.page-of { margin-top: -0.25rem; }
/* Nothing to list yet: said in a calm box where the list will be. */
.empty-state { margin: 1.5rem 0; padding: 1.5rem 1.25rem; border: 1px dashed var(--line); border-radius: 8px;
  color: var(--muted); text-align: center; }
.news .entry { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0.25rem 1.5rem;
  align-items: start; }
.entry .meta { margin: 0; font-size: 0.92rem; letter-spacing: 0.01em; font-variant-numeric: tabular-nums; }
.entry h2 { margin: 0.15rem 0 0.35rem; font-size: 1.25rem; line-height: 1.35; }
.entry h2 a { color: var(--fg); text-decoration-color: var(--line); }
.entry h2 a:hover { color: var(--accent); text-decoration-color: currentColor; }
.entry-summary { color: var(--muted); }
.headline { margin: 0.2rem 0 0; padding: 0.5rem 0.85rem; min-width: 7.5rem; border-radius: 8px;
  background: var(--card); border: 1px solid var(--line); display: flex; flex-direction: column-reverse;
  text-align: end; }
/* A figure is short and one unit ("1500 万美元", "over 300"): never split over two lines. */
.headline dd { margin: 0; font-size: 1.35rem; font-weight: 700; line-height: 1.2;
  font-variant-numeric: tabular-nums; color: var(--fg); white-space: nowrap; }
.headline dt { color: var(--muted); font-size: 0.85rem; line-height: 1.3; }
@media (max-width: 32rem) {
  .news .entry { grid-template-columns: 1fr; }
  /* One line under the summary: "$15M Amount". */
  .headline { justify-self: start; text-align: start; flex-direction: row-reverse; align-items: baseline;
    gap: 0.5rem; padding: 0.3rem 0.75rem; min-width: 0; }
  .headline dd { font-size: 1.15rem; }
}
.pages ul, .archive ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap;
  gap: 0.5rem; }
.pages { margin: 2rem 0 0; }
.pages a, .archive a { display: inline-block; min-width: 2.75rem; padding: 0.45rem 0.7rem; text-align: center;
  border: 1px solid var(--line); border-radius: 6px; text-decoration: none; font-variant-numeric: tabular-nums; }
.pages a[aria-current="page"], .archive a[aria-current="page"] { background: var(--accent);
  border-color: var(--accent); color: var(--bg); font-weight: 700; }
.pages .step a { padding-inline: 1rem; }
.pages .gap { align-self: center; color: var(--muted); padding-inline: 0.25rem; }
.archive { margin: 2.5rem 0 0; }
.archive h2 { font-size: 1.1rem; margin: 0 0 0.75rem; }
`;
