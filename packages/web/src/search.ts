import { dirname, join } from "node:path";
import { type AnnouncementDocument, type Company, type Content, onStopNow } from "@herald/model";
import * as pagefind from "pagefind";
import { type Html, html } from "./html.js";
import { link, SEARCH_FOLDER, searchScriptAddress } from "./routes.js";
import { foldersMadeOnce, insideOrThrow, type SiteWriter, writeSiteFile } from "./site-files.js";

// Search on a static host, offline in the browser: Pagefind indexes the built site (one index
// per language, from each page's <html lang>; Chinese and Japanese are segmented by its
// extended binary) and the newsroom's own small script (search.js) asks that index and shows
// the results inside the search region. Only announcements are indexed, so every result is one.

/**
 * What is left out of the parts of an announcement that are indexed (its summary and body,
 * marked data-pagefind-body in the article view): the footnote markers' numbers, the notes'
 * heading and their ways back, which would only be noise in an excerpt.
 */
const NOT_INDEXED = [
  "a[href^='#fn-']",
  "section.footnotes > h2",
  "section.footnotes > h3",
  "a.back",
];

/** How many pages are sent to Pagefind ahead of its answers. */
const IN_FLIGHT = 8;

/** Pagefind's own search interfaces: the newsroom has its own, in the page's language. */
const UNUSED = /^pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$/;

/**
 * An announcement's view marked for the index. Its summary and body are the text Pagefind
 * indexes (the article view marks them; pages without the mark are not indexed); the title,
 * date and byline are not, so a search finds what an announcement says, not what every
 * announcement's heading says. The title and date are the result's metadata.
 */
export function searchable<V extends { main: Html }>(view: V, d: AnnouncementDocument): V {
  return {
    ...view,
    main: html`<div data-pagefind-meta="iso:${d.date.iso}">
<p hidden data-pagefind-ignore data-pagefind-meta="title">${d.title}</p>
<p hidden data-pagefind-ignore data-pagefind-meta="date">${d.date.text}</p>
${view.main}
</div>`,
  };
}

/**
 * The words of a result count for the script, in the page's language: exact texts for 0 and
 * 1, and one text per plural category of the language (`{count}` where the number goes), so
 * that the browser picks with Intl.PluralRules and formats the number itself.
 */
export function resultWords(company: Company, locale: string): Record<string, string> {
  // The same for every newsroom page of a language: made once (it asks a thousand numbers).
  const known = resultWordsOf.get(company)?.get(locale);
  if (known) return known;
  const words: Record<string, string> = {
    "0": company.words.searchResults(0),
    "1": company.words.searchResults(1),
  };
  const rules = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(locale);
  for (let n = 2; n < 1000; n++) {
    const category = rules.select(n);
    if (words[category] !== undefined) continue;
    const text = company.words.searchResults(n);
    const shown = number.format(n);
    words[category] = text.includes(shown) ? text.replace(shown, "{count}") : text;
  }
  const byLocale = resultWordsOf.get(company) ?? new Map<string, Record<string, string>>();
  resultWordsOf.set(company, byLocale.set(locale, words));
  return words;
}
const resultWordsOf = new WeakMap<Company, Map<string, Record<string, string>>>();

/**
 * The search region of a newsroom page. Without JavaScript the form stays hidden and the
 * region says that search needs it; the script shows the form and hides that note.
 */
export function searchRegion(
  content: Content,
  company: Company,
  locale: string,
  page: string,
): Html {
  const { words } = company;
  return html`<search class="search" aria-label="${words.searchLabel}" data-results="${JSON.stringify(resultWords(company, locale))}">
<form class="search-form" hidden>
<label for="search-input">${words.search}</label>
<div class="search-row"><input id="search-input" name="q" type="search" autocomplete="off" spellcheck="false"><button type="submit">${words.search}</button></div>
</form>
<p class="search-off note">${words.searchNeedsScript}</p>
<p class="search-status" role="status" aria-live="polite" aria-atomic="true"></p>
<ol class="search-results" hidden></ol>
</search>
<script type="module" src="${link(page, searchScriptAddress(content))}"></script>`;
}

/**
 * The newsroom's search script (search.js, at the site's root): loads Pagefind's browser
 * script from beside it, searches as the reader types, and lists each result's title, date
 * and excerpt, every text set as text (only Pagefind's <mark> around the words found is kept).
 */
export const searchScript = `// Herald newsroom search: Pagefind's index, searched in the browser.
const root = new URL("./", import.meta.url);
const region = document.querySelector("search.search");
if (region) {
  const form = region.querySelector(".search-form");
  const input = region.querySelector("input");
  const status = region.querySelector(".search-status");
  const list = region.querySelector(".search-results");
  const off = region.querySelector(".search-off");
  const words = JSON.parse(region.dataset.results || "{}");
  const lang = document.documentElement.lang;
  const rules = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  const said = (count) =>
    (words[String(count)] ?? words[rules.select(count)] ?? words.other ?? String(count)).replace(
      "{count}",
      numbers.format(count),
    );
  let engine;
  const load = () => {
    engine ??= import(new URL("${SEARCH_FOLDER}/pagefind.js", root).href).then(async (pf) => {
      await pf.options({ excerptLength: 24 });
      await pf.init();
      return pf;
    });
    return engine;
  };
  // Pagefind escapes < and > in the text it quotes and marks the words found with <mark>:
  // split on the marks, and set everything else as text.
  const excerpt = (text) => {
    const p = document.createElement("p");
    p.className = "excerpt";
    // A Chinese or Japanese word is marked a segment at a time ("<mark>试</mark><mark>点</mark>"):
    // one mark for the word found.
    text.replace(/<\\/mark><mark>/g, "").split(/(<mark>.*?<\\/mark>)/).forEach((part) => {
      const marked = part.match(/^<mark>(.*)<\\/mark>$/);
      const plain = (marked ? marked[1] : part).replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (marked) {
        const mark = document.createElement("mark");
        mark.textContent = plain;
        p.append(mark);
      } else p.append(plain);
    });
    return p;
  };
  const item = (data) => {
    const li = document.createElement("li");
    const title = document.createElement("p");
    title.className = "result-title";
    const a = document.createElement("a");
    a.href = new URL(data.url.replace(/^\\//, ""), root).href;
    a.textContent = data.meta.title || data.url;
    title.append(a);
    li.append(title);
    if (data.meta.date) {
      const meta = document.createElement("p");
      meta.className = "meta";
      const time = document.createElement("time");
      if (data.meta.iso) time.dateTime = data.meta.iso;
      time.textContent = data.meta.date;
      meta.append(time);
      li.append(meta);
    }
    li.append(excerpt(data.excerpt || ""));
    return li;
  };
  // Results come 20 at a time: the next 20 when the end of the list comes into view (or a
  // keyboard reaches it), so a search that finds hundreds loads what is read.
  const sentinel = document.createElement("div");
  list.after(sentinel);
  let pending = [];
  let asked = 0;
  let busy = false;
  const inView = () => sentinel.getBoundingClientRect().top < window.innerHeight;
  const more = async () => {
    if (busy || !pending.length) return;
    busy = true;
    const ask = asked;
    const results = await Promise.all(pending.splice(0, 20).map((r) => r.data()));
    busy = false;
    if (ask !== asked) return;
    list.append(...results.map(item));
    if (inView()) more();
  };
  new IntersectionObserver((seen) => {
    if (seen.some((e) => e.isIntersecting)) more();
  }).observe(sentinel);
  // Pagefind cuts a Chinese or Japanese query into words and finds pages that have each word
  // anywhere, or a longer word starting with it ("试点" finds every page with "测试" and
  // "标点"): a page is kept only where its text has each such term of the query as typed.
  const cjk = /[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]/u;
  // Spaces and the quotation marks of a phrase search are not part of the words.
  const squeeze = (text) => text.replace(/[\\s"“”「」]+/g, "").toLowerCase();
  const exact = async (query, results, ask) => {
    const terms = query.split(/\\s+/).filter((t) => cjk.test(t)).map(squeeze);
    if (!terms.length) return results;
    const all = await Promise.all(results.map((r) => r.data()));
    if (ask !== asked) return [];
    return all
      .filter((data) => terms.every((t) => squeeze(data.content || "").includes(t)))
      .map((data) => ({ data: async () => data }));
  };
  const run = async () => {
    const query = input.value.trim();
    const ask = ++asked;
    if (!query) {
      pending = [];
      list.replaceChildren();
      list.hidden = true;
      status.textContent = "";
      return;
    }
    const pf = await load();
    const found = await pf.debouncedSearch(query, {}, 200);
    if (found === null || ask !== asked) return;
    const kept = await exact(query, found.results, ask);
    if (ask !== asked) return;
    pending = kept.slice(20);
    const results = await Promise.all(kept.slice(0, 20).map((r) => r.data()));
    if (ask !== asked) return;
    list.replaceChildren(...results.map(item));
    list.hidden = results.length === 0;
    status.textContent = said(kept.length);
    if (inView()) more();
  };
  form.hidden = false;
  off.hidden = true;
  input.addEventListener("input", run);
  input.addEventListener("focus", () => load().catch(() => {}), { once: true });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  load().catch(() => {
    // No index (a page opened from disk, a host that does not serve it): say search is off.
    form.hidden = true;
    off.hidden = false;
  });
}
`;

/** The search index of a site being built (see `startIndex`). */
export interface SiteIndex {
  /**
   * Gives Pagefind a page of the site as it is rendered (`path`: where it goes in the site
   * folder). Pagefind indexes it in its own process (the other core) while this one renders
   * the next pages.
   */
  add(path: string, page: string): void;
  /**
   * Resolves once Pagefind has indexed every page given so far: the site waits for it between
   * runs of Eleventy, so that pages do not pile up in memory while Pagefind is behind (the
   * threads drawing images and emails take both cores).
   */
  settled(): Promise<void>;
  /**
   * Once every page was added: the index and Pagefind's browser script, each file where it
   * goes in the search folder (written by `writeIndexFiles`).
   */
  files(): Promise<readonly IndexFile[]>;
  /** Stops Pagefind (after `files`, or when the build failed). */
  close(): Promise<void>;
}

/** One of Pagefind's files: where it goes in the search folder, and its bytes. */
export interface IndexFile {
  path: string;
  content: Uint8Array;
}

/** What marks a page for the index (see `searchable`): Pagefind indexes only such pages. */
const MARKED = "data-pagefind-body";

/** How Herald has Pagefind index a site: a change makes a new index (see search-cache). */
export const searchSettings = { marked: MARKED, excludeSelectors: NOT_INDEXED };

/** Writes Pagefind's `files` into `outDir/pagefind/` through `write`; returns them. */
export async function writeIndexFiles(
  outDir: string,
  files: readonly IndexFile[],
  write: SiteWriter = writeSiteFile,
): Promise<readonly IndexFile[]> {
  const folder = join(outDir, SEARCH_FOLDER);
  const folders = foldersMadeOnce();
  for (const { path, content } of files) {
    const file = join(folder, path);
    insideOrThrow(folder, file, "Pagefind");
    folders(dirname(file));
    await write(file, content);
  }
  return files;
}

/**
 * Starts Pagefind (its own binary from the npm package: no network) to index the pages
 * `paths` (the announcements' pages: no other page is marked for it), before they are
 * rendered, so that it indexes each as it comes; other pages given to it are passed over.
 * The index depends
 * on the order Pagefind is given the pages: they are given in the order of their paths,
 * whatever order they are rendered in (the same index for the same pages, on any machine
 * and file system; Pagefind reading the folder itself followed the order the file system
 * listed it in).
 */
export async function startIndex(paths: readonly string[]): Promise<SiteIndex> {
  const created = await pagefind.createIndex({ excludeSelectors: NOT_INDEXED });
  const index = created.index;
  if (!index) throw new Error(`Pagefind could not start: ${created.errors.join("; ")}`);
  // Pagefind's process outlives ours by a moment when a signal ends the build: an answer it
  // then writes to nobody ends it in a panic, printed under the user's prompt.
  const forget = onStopNow(() => void pagefind.close());
  const order = [...paths].sort();
  const indexed = new Set(order);
  let next = 0;
  // Rendered ahead of their turn: the marked ones' text, undefined for the others.
  const early = new Map<string, string | undefined>();
  // Pagefind takes its messages one at a time, in the order they are sent: a few pages are
  // sent ahead without waiting for each answer. The others wait here as text (a message
  // sent is encoded at twice the size or more, and would pile up while Pagefind is behind).
  const waiting: Array<{ sourcePath: string; content: string }> = [];
  let inFlight = 0;
  let failure: unknown;
  const caughtUp: Array<() => void> = [];
  const errors: string[] = [];
  const send = () => {
    while (inFlight < IN_FLIGHT && waiting.length) {
      inFlight += 1;
      index
        .addHTMLFile(waiting.shift() as { sourcePath: string; content: string })
        .then(
          (added) => errors.push(...added.errors),
          (error) => {
            failure ??= error;
          },
        )
        .finally(() => {
          inFlight -= 1;
          send();
          if (!inFlight && !waiting.length) for (const done of caughtUp.splice(0)) done();
        });
    }
  };
  const settled = () =>
    inFlight || waiting.length
      ? new Promise<void>((resolve) => caughtUp.push(resolve))
      : Promise.resolve();
  return {
    add(path, page) {
      if (!indexed.has(path)) return;
      early.set(path, page.includes(MARKED) ? page : undefined);
      while (next < order.length && early.has(order[next] as string)) {
        const sourcePath = order[next++] as string;
        const content = early.get(sourcePath);
        early.delete(sourcePath);
        if (content !== undefined) waiting.push({ sourcePath, content });
      }
      send();
    },
    settled,
    async files() {
      if (next < order.length) throw new Error(`Pagefind was not given ${order[next]}.`);
      await settled();
      if (failure) throw failure;
      if (errors.length) throw new Error(`Pagefind: ${errors.join("; ")}`);
      // Pagefind's files come back to be written by Herald, where a build links those it
      // kept (most of them: a fragment is named by its content, and most pages did not change).
      const made = await index.getFiles();
      if (made.errors.length) throw new Error(`Pagefind: ${made.errors.join("; ")}`);
      return made.files.filter((f) => !UNUSED.test(f.path));
    },
    close: async () => {
      forget();
      await index.deleteIndex();
    },
  };
}

export const searchCss = `
.search { display: block; margin: 1.25rem 0 1.5rem; padding: 1rem 1.25rem; background: var(--card);
  border: 1px solid var(--line); border-radius: 8px; }
.search label { display: block; font-weight: 600; margin-bottom: 0.35rem; }
.search-row { display: flex; gap: 0.5rem; }
.search input { flex: 1; min-width: 0; font: inherit; padding: 0.45rem 0.7rem; color: var(--fg);
  background: var(--bg); border: 1px solid var(--muted); border-radius: 6px; }
.search button { font: inherit; font-weight: 600; padding: 0.45rem 1rem; border-radius: 6px;
  border: 1px solid var(--accent); background: var(--accent); color: var(--bg); cursor: pointer; }
.search input:focus-visible, .search button:focus-visible { outline: 3px solid var(--accent);
  outline-offset: 2px; }
.search-off { margin: 0; }
.search-status { margin: 0; color: var(--muted); }
.search-status:not(:empty) { margin-top: 0.75rem; }
.search-results { list-style: none; margin: 0.5rem 0 0; padding: 0; }
.search-results li { padding: 0.75rem 0; border-top: 1px solid var(--line); }
.search-results p { margin: 0.15rem 0; }
.result-title { font-weight: 600; font-size: 1.1rem; }
.search-results .meta { font-size: 0.9rem; }
.excerpt mark { background: var(--accent-bg); color: var(--fg); font-weight: 700; padding: 0 0.1em;
  border-radius: 2px; }
`;
