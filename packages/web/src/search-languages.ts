import type { IndexFile, SiteIndex } from "./search.js";

// Pagefind keeps one index per language: its files are named by language, and a language's
// files are the same bytes whether it was indexed alone or with the others (measured on
// 2,000 pages in two languages: only pagefind-entry.json, which lists the languages,
// differs). So each language is indexed on its own, and the entry file is made from theirs:
// an edited page has its own language indexed again, not the whole newsroom (issue 15: at
// 1,000 pages a language, 1.7 s of Pagefind's work rather than 3.5 s). A build with a cache
// and one without index the same way, so they publish the same files.

/** The file that lists the languages, each language's entry naming the rest of its files. */
const ENTRY = "pagefind-entry.json";

/** An announcement's page and its language (its document's locale). */
export interface IndexedPage {
  path: string;
  language: string;
}

/**
 * One search index over `pages`, made of one index per language: `make` starts one for the
 * pages of one language (the key Pagefind files it under: the locale in lower case).
 */
export function indexByLanguage(
  pages: readonly IndexedPage[],
  make: (paths: readonly string[], language: string) => Promise<SiteIndex>,
): SiteIndex {
  const groups = new Map<string, string[]>();
  for (const { path, language } of pages) {
    const key = languageKey(language);
    const group = groups.get(key) ?? [];
    groups.set(key, group);
    group.push(path);
  }
  const indexes = new Map<string, Promise<SiteIndex>>();
  const languageOf = new Map<string, Promise<SiteIndex>>();
  for (const [language, paths] of [...groups].sort(([a], [b]) => compare(a, b))) {
    const index = make(paths, language);
    // Settled at once, so a failure to start is not unhandled while the pages are rendered.
    index.catch(() => {});
    indexes.set(language, index);
    for (const path of paths) languageOf.set(path, index);
  }
  const all = () => Promise.all(indexes.values());
  return {
    add(path, page) {
      // Any other page is not one to index (as by Pagefind: see startIndex).
      languageOf
        .get(path)
        ?.then((index) => index.add(path, page))
        .catch(() => {});
    },
    settled: async () => {
      await Promise.all((await all()).map((index) => index.settled()));
    },
    async files() {
      // One language after the other: each index's files are all in memory once asked for.
      const made: IndexFile[][] = [];
      for (const index of await all()) made.push([...(await index.files())]);
      return mergeIndexes(made);
    },
    close: async () => {
      const started = await Promise.allSettled(indexes.values());
      await Promise.all(
        started.map((s) => (s.status === "fulfilled" ? s.value.close() : undefined)),
      );
    },
  };
}

/** The language a locale's pages are indexed under: the locale in lower case, as Pagefind's. */
const languageKey = (locale: string) => locale.toLowerCase();

/** The languages `pages` are indexed under. */
export const languagesOf = (pages: readonly IndexedPage[]): Set<string> =>
  new Set(pages.map((p) => languageKey(p.language)));

/** Code-point order: the same on every machine, whatever its locale. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Pagefind's entry file: what Herald reads of it (the rest is kept as it is). */
interface Entry {
  version: string;
  languages: Record<string, unknown>;
  [other: string]: unknown;
}

/**
 * The files of the languages' indexes as one: each file once (the browser scripts are the
 * same in every one), and one entry file listing every language, in code-point order.
 */
export function mergeIndexes(indexes: ReadonlyArray<readonly IndexFile[]>): IndexFile[] {
  const files = new Map<string, IndexFile>();
  const entries: Entry[] = [];
  for (const index of indexes) {
    for (const file of index) {
      if (file.path === ENTRY) {
        entries.push(JSON.parse(Buffer.from(file.content).toString("utf8")) as Entry);
        continue;
      }
      const known = files.get(file.path);
      if (known && !Buffer.from(known.content).equals(file.content))
        throw new Error(`Pagefind made two different ${file.path} for two languages.`);
      files.set(file.path, file);
    }
  }
  const [first] = entries;
  if (!first) return [...files.values()];
  const { languages: _, ...settings } = first;
  const languages: Record<string, unknown> = {};
  for (const { languages: own, ...rest } of entries) {
    if (JSON.stringify(rest) !== JSON.stringify(settings))
      throw new Error("Pagefind's languages were indexed with different settings.");
    for (const [language, value] of Object.entries(own)) {
      if (language in languages) throw new Error(`Pagefind indexed ${language} twice.`);
      languages[language] = value;
    }
  }
  const sorted = Object.fromEntries(Object.entries(languages).sort(([a], [b]) => compare(a, b)));
  const entry = JSON.stringify({ ...first, languages: sorted });
  return [...files.values(), { path: ENTRY, content: Buffer.from(entry) }].sort((a, b) =>
    compare(a.path, b.path),
  );
}
