import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isRealFolder, makeRealFolders, readRegularFile, writeFileBeside } from "@herald/model";
import { type IndexFile, type SiteIndex, searchSettings, startIndex } from "./search.js";

// The search index of one language (see search-languages) of the last build, kept between builds:
// Pagefind takes longer to index a newsroom than Herald takes to render it (a second each thousand
// pages, on the other core), and gives the same files for the same pages, given in the same order.
// So while the pages match the last build's, one by one as they are rendered, Pagefind is not even
// started; at the first page that differs, it is started and given every page so far again (each
// rendered anew: rendering is pure), then each page as it comes. Nothing in the cache is trusted:
// the last build's pages are compared by hash, its files are read back and hashed before they are
// published, and any doubt (a missing or altered file, another version of Herald or Pagefind) makes
// the index again.

/** What the cache holds after a build: the pages it was made from and the files it made. */
interface Manifest {
  /** Herald's and Pagefind's versions and the settings: another key, another index. */
  key: string;
  /** Every page given (in the order of their paths) with the SHA-256 of its text. */
  pages: Array<[path: string, sha256: string]>;
  /** Pagefind's files: where each goes in its folder, and the SHA-256 of its bytes. */
  files: Array<[path: string, sha256: string, size: number]>;
}

const MANIFEST = "index.json";
const FILES = "files";
const ENTRY = "pagefind-entry.json";

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

const require = createRequire(import.meta.url);
let key: string | undefined;
/** The versions of Herald and Pagefind, and how Herald asks Pagefind to index: read once. */
function cacheKey(): string {
  if (key) return key;
  const version = (packageJson: string) => {
    try {
      return (JSON.parse(readFileSync(packageJson, "utf8")) as { version: string }).version;
    } catch {
      return "?";
    }
  };
  // Pagefind exports no package.json: found beside its entry point (lib/index.js).
  const pagefind = join(dirname(fileURLToPath(import.meta.resolve("pagefind"))), "..");
  key = sha256(
    JSON.stringify({
      format: 1,
      herald: version(require.resolve("../package.json")),
      pagefind: version(join(pagefind, "package.json")),
      settings: searchSettings,
    }),
  );
  return key;
}

/**
 * A path Pagefind gives its files: relative, in folders, of plain names. Anything else in a
 * manifest (`..`, an absolute path, nothing) would be written outside Pagefind's folder, or
 * over it.
 */
const isIndexPath = (path: unknown): path is string =>
  typeof path === "string" &&
  /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(path) &&
  path.split("/").every((part) => part !== "." && part !== "..");

/** Whether `files` is a list Herald could have kept: each path once, each a file of its hash. */
const isFileList = (files: unknown): files is Manifest["files"] =>
  Array.isArray(files) &&
  files.every(
    (f) =>
      Array.isArray(f) &&
      f.length === 3 &&
      isIndexPath(f[0]) &&
      typeof f[1] === "string" &&
      /^[0-9a-f]{64}$/.test(f[1]) &&
      Number.isSafeInteger(f[2]) &&
      f[2] >= 0,
  ) &&
  new Set(files.map((f) => (f as [string])[0])).size === files.length;

/** Whether the folders of the kept index are real folders (a link could lead anywhere). */
const realFolders = (folder: string) => isRealFolder(folder) && isRealFolder(join(folder, FILES));

/**
 * The last build's manifest, when it is one of this key and of exactly these pages, and its
 * files a list Herald could have written.
 */
function readManifest(folder: string, order: readonly string[]): Manifest | undefined {
  try {
    if (!realFolders(folder)) return undefined;
    const bytes = readRegularFile(join(folder, MANIFEST));
    if (!bytes) return undefined;
    const manifest = JSON.parse(bytes.toString("utf8")) as Manifest;
    const same =
      manifest.key === cacheKey() &&
      Array.isArray(manifest.pages) &&
      isFileList(manifest.files) &&
      manifest.pages.length === order.length &&
      manifest.pages.every((p, i) => Array.isArray(p) && p[0] === order[i]);
    return same ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The kept files of `manifest`, each read back and hashed, and its entry file of `language`
 * alone when given; undefined if any is not as kept.
 */
function keptFiles(
  folder: string,
  manifest: Manifest,
  language: string | undefined,
): IndexFile[] | undefined {
  // Pagefind always makes its entry file: a list without it is not one Herald kept.
  if (!manifest.files.some((f) => Array.isArray(f) && f[0] === ENTRY)) return undefined;
  const files: IndexFile[] = [];
  for (const [path, hash, size] of manifest.files) {
    const content = readRegularFile(join(folder, FILES, hash), size);
    if (!content || sha256(content) !== hash) return undefined;
    files.push({ path, content });
  }
  // The entry file lists the languages: one language's index lists that one or none. Another's,
  // edited in, would be published twice (a failed build) or in its place.
  if (language !== undefined) {
    const entry = files.find((f) => f.path === ENTRY) as IndexFile;
    try {
      const { languages } = JSON.parse(Buffer.from(entry.content).toString("utf8"));
      if (typeof languages !== "object" || languages === null || Array.isArray(languages))
        return undefined;
      if (Object.keys(languages).some((other) => other !== language)) return undefined;
    } catch {
      return undefined;
    }
  }
  return files;
}

/**
 * Keeps `files` made from `pages` for the next build: each file under its hash, then the
 * manifest, each written beside and renamed (a build killed halfway leaves no half a file
 * under a name), then the files no manifest names any more are removed. The cache only saves
 * time: what cannot be written is done without.
 */
function keep(folder: string, pages: Manifest["pages"], files: readonly IndexFile[]): void {
  try {
    // The folder above is the caller's; below it, only real folders (a link there is
    // removed): what is written, and pruned, stays in the cache.
    mkdirSync(dirname(folder), { recursive: true });
    if (!makeRealFolders(dirname(folder), basename(folder), FILES)) return;
    const hashes = new Set<string>();
    const listed: Manifest["files"] = [];
    for (const { path, content } of files) {
      const hash = sha256(content);
      const file = join(folder, FILES, hash);
      // Most files are the last index's (a fragment is named by its page's content): those
      // already kept, compared byte for byte, are not written again.
      if (!hashes.has(hash) && !readRegularFile(file, content.length)?.equals(content))
        writeFileBeside(file, content);
      hashes.add(hash);
      listed.push([path, hash, content.length]);
    }
    const manifest: Manifest = { key: cacheKey(), pages, files: listed };
    writeFileBeside(join(folder, MANIFEST), JSON.stringify(manifest));
    for (const name of readdirSync(join(folder, FILES))) {
      if (/^[0-9a-f]{64}(\.\d+-[0-9a-f]+\.tmp)?$/.test(name) && !hashes.has(name)) {
        rmSync(join(folder, FILES, name), { force: true });
      }
    }
  } catch {
    // The next build makes the index again.
  }
}

/**
 * A search index of the pages `paths` (see startIndex) that uses the last build's index, kept
 * in `folder`, while the pages are the same (see above). `render` renders a page again, for
 * when Pagefind is started late and needs the pages it was not given.
 */
export function cachedIndex(
  paths: readonly string[],
  folder: string,
  render: (path: string) => string,
  /** The one language of the pages, as Pagefind files it (see search-languages), if one. */
  language?: string,
): SiteIndex {
  const order = [...paths].sort();
  const indexed = new Set(order);
  const manifest = readManifest(folder, order);
  const expected = new Map(manifest?.pages);
  // Each page given so far, with its hash: for the manifest, and to give Pagefind again.
  const given = new Map<string, string>();
  let live: Promise<SiteIndex> | undefined;
  const start = () => {
    if (live) return live;
    live = startIndex(paths);
    // Settled at once, so a failure to start is not unhandled while the pages are rendered.
    live.catch(() => {});
    for (const path of given.keys()) {
      const page = render(path);
      live.then((index) => index.add(path, page)).catch(() => {});
    }
    return live;
  };
  if (!manifest) start();
  return {
    add(path, page) {
      if (!indexed.has(path)) return;
      const hash = sha256(page);
      if (!live && expected.get(path) !== hash) start();
      given.set(path, hash);
      live?.then((index) => index.add(path, page)).catch(() => {});
    },
    settled: async () => {
      await (await live)?.settled();
    },
    async files() {
      const missing = order.find((path) => !given.has(path));
      if (missing) throw new Error(`Pagefind was not given ${missing}.`);
      const kept = live ? undefined : keptFiles(folder, manifest as Manifest, language);
      if (kept) return kept;
      const index = await start();
      const files = await index.files();
      keep(
        folder,
        order.map((path) => [path, given.get(path) as string]),
        files,
      );
      return files;
    },
    close: async () => {
      await (await live?.catch(() => undefined))?.close();
    },
  };
}

/** The name of a file Herald wrote beside its place and had not yet renamed (writeFileBeside's). */
const LEFTOVER = /^([0-9a-f]{64}|index\.json)\.\d+-\d+\.tmp$/;
/** The name of a file of a kept index: a file of Pagefind's under its hash, or the manifest. */
const KEPT = /^([0-9a-f]{64}|index\.json)$/;

/** Whether `name` is one a language's folder could have: a locale in lower case (see site.ts). */
function isLanguageName(name: string): boolean {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) return false;
  try {
    return Intl.getCanonicalLocales(name)[0]?.toLowerCase() === name;
  } catch {
    return false;
  }
}

const isRegularFile = (path: string) => lstatSync(path, { throwIfNoEntry: false })?.isFile();

/**
 * Removes from `folder`, when it is a real folder, the files a kept index has there (its
 * manifest and its files/): every one with `all`, else only the leftovers of killed writes;
 * then, with `all`, the folder if nothing else is left in it. Only regular files of the names
 * Herald gives them go: anything else there is not Herald's.
 */
function removeKept(folder: string, all: boolean, nested = false): void {
  if (!isRealFolder(folder)) return;
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (name === FILES && !nested) removeKept(path, all, true);
    else if ((LEFTOVER.test(name) || (all && KEPT.test(name))) && isRegularFile(path))
      rmSync(path, { force: true });
  }
  if (all) {
    try {
      rmdirSync(folder);
    } catch {
      // Something not Herald's is in it: left there.
    }
  }
}

/**
 * Removes from `root`, the cache's folder of the languages' indexes, what Herald kept there
 * that no language of `languages` uses (a language the newsroom no longer has, the layout from
 * before languages: index.json and files/), and the leftovers of writes a killed build did not
 * finish: the cache holds one build's worth. What Herald did not put there (a file of another
 * name, what a link leads to) is left. `root` is Herald's cache; a link there is left.
 */
export function pruneIndexes(root: string, languages: ReadonlySet<string>): void {
  try {
    if (!isRealFolder(root)) return;
    for (const name of readdirSync(root)) {
      const path = join(root, name);
      if (languages.has(name)) removeKept(path, false);
      else if (isLanguageName(name)) removeKept(path, true);
      else if ((name === MANIFEST || LEFTOVER.test(name)) && isRegularFile(path))
        rmSync(path, { force: true });
    }
  } catch {
    // The cache only saves time: what cannot be removed is removed by a later build.
  }
}
