import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import type { Root } from "mdast";
import type { Assets } from "./assets.js";
import { checkMarkdown } from "./check-markdown.js";
import { controlCharactersIn, emojiIn, emojiInLines } from "./control-characters.js";
import { decodeText } from "./decode-text.js";
import { type Diagnostic, diagnose, fieldLabel, type Place } from "./diagnostics.js";
import { parseMarkdown, splitFrontMatter } from "./markdown.js";
import { type FrontMatter, frontMatterSchema } from "./schema.js";
import { validate } from "./validate.js";
import { parseYaml, type YamlSource } from "./yaml-source.js";

// The per-file parse cache (issue 15): what reading one announcement costs on its own (front
// matter YAML, zod, Markdown to a tree) depends only on the file's bytes, its path and the
// model's code, so it is kept under a hash of those three and reused while the file does not
// change. What depends on other files (references, translations agreeing, assets) is checked
// again on every load, over every file. Entries are plain JSON, so a cache may live on disk.

/**
 * Where loadContent keeps what it parsed. Values are JSON (a disk cache may store them as
 * text); an entry that is missing, from another version or damaged is parsed again, never
 * trusted. loadContent never changes a value it got, beyond marking which asset a link or
 * image refers to (always the same mark for the same content).
 */
export interface ParseCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** A ParseCache in memory, for one process (`herald dev`): every entry, never evicted. */
export function memoryParseCache(): ParseCache & { readonly size: number } {
  const entries = new Map<string, unknown>();
  return {
    get: (key) => entries.get(key),
    set: (key, value) => void entries.set(key, value),
    get size() {
      return entries.size;
    },
  };
}

/** What one announcement file says on its own: everything loadContent needs that is not cross-file. */
export interface ParsedAnnouncement {
  /** The key the entry was made for: an entry found under another key is not this file's. */
  key: string;
  /** The file's own problems (encoding, front matter, YAML syntax, fields), in loadContent's order. */
  diagnostics: Diagnostic[];
  /** Whether the front matter's YAML was read (no syntax error): only then is `data` set. */
  read: boolean;
  /** The front matter as YAML gives it (the cross-file checks read it even when fields are wrong). */
  data?: unknown;
  /** The front matter, validated; absent when a field is wrong. */
  front?: FrontMatter;
  body?: Root;
  /**
   * The body's own problems (checkMarkdown), when the body refers to no file of the content:
   * they depend on nothing else. A body that refers to files is checked on every load.
   */
  markdown?: Diagnostic[];
}

let version: string | undefined;

/**
 * The model's version, for cache keys: a hash of the model's own code (this folder, as built)
 * and of the YAML position parser's version. Any change to how a file is parsed changes it.
 */
export function parseCacheVersion(): string {
  if (version) return version;
  const hash = createHash("sha256");
  const folder = dirname(fileURLToPath(import.meta.url));
  const files = (readdirSync(folder, { recursive: true }) as string[])
    .filter((f) => /\.(js|ts|json)$/.test(f) && !/\.test\.ts$/.test(f))
    .sort();
  for (const file of files)
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(folder, file)));
  const require = createRequire(import.meta.url);
  hash.update((require("yaml/package.json") as { version: string }).version);
  version = hash.digest("hex").slice(0, 16);
  return version;
}

/** A file's stamp when it was read, and the key of what it said. */
interface Stamped {
  stamp: string;
  key: string;
  /** Whether the file was old enough when read that a later write must change its stamp. */
  settled: boolean;
}

/**
 * How long after its last change a file's stamp is trusted: file times are coarse (a few
 * milliseconds), so two writes close together can leave one stamp; one this much later cannot.
 */
export const SETTLED_MS = 1000;

// What each cache's files were when last read, in this process: a file whose stamp has not
// changed since is not read again (its entry is found by the key its bytes had).
const stamps = new WeakMap<ParseCache, Map<string, Stamped>>();

/** The stamps of the files a cache's entries were made from (by path). */
export function stampsOf(cache: ParseCache): Map<string, Stamped> {
  let known = stamps.get(cache);
  if (!known) {
    known = new Map();
    stamps.set(cache, known);
  }
  return known;
}

/** The cache key of an announcement file: its path and bytes, under the model's version. */
export function announcementKey(file: string, bytes: Uint8Array): string {
  return createHash("sha256")
    .update(`announcement\0${parseCacheVersion()}\0${file}\0`)
    .update(bytes)
    .digest("hex");
}

/** Whether a value from the cache can be an entry made for `key` (anything else is parsed again). */
export function isParsedAnnouncement(value: unknown, key: string): value is ParsedAnnouncement {
  if (value === null || typeof value !== "object") return false;
  const entry = value as Partial<ParsedAnnouncement>;
  return (
    entry.key === key &&
    Array.isArray(entry.diagnostics) &&
    typeof entry.read === "boolean" &&
    (entry.body === undefined || (typeof entry.body === "object" && entry.body?.type === "root")) &&
    (entry.markdown === undefined || Array.isArray(entry.markdown))
  );
}

/** The text of an announcement, decoded, or undefined with the problem in `diagnostics`. */
export function announcementText(bytes: Uint8Array, file: string, diagnostics: Diagnostic[]) {
  const decoded = decodeText(bytes, file);
  if (decoded.problem) {
    diagnostics.push(decoded.problem);
    return undefined;
  }
  return decoded.text;
}

/** Parses one announcement file on its own (see ParsedAnnouncement), keeping its YAML source. */
export function parseAnnouncement(
  key: string,
  bytes: Uint8Array,
  file: string,
): { parsed: ParsedAnnouncement; source?: YamlSource } {
  const diagnostics: Diagnostic[] = [];
  const parsed: ParsedAnnouncement = { key, diagnostics, read: false };
  const text = announcementText(bytes, file, diagnostics);
  if (text === undefined) return { parsed };
  const split = splitFrontMatter(text);
  if (!split) {
    diagnostics.push(diagnose("missing-front-matter", { file, line: 1, column: 1, field: "" }, {}));
    return { parsed };
  }
  const source = parseYaml(split.yaml, file, 2);
  diagnostics.push(...source.errors, ...controlCharactersIn(source), ...emojiIn(source));
  diagnostics.push(
    ...emojiInLines(file, text.replace(/^\uFEFF/, "").split(/\r?\n/), split.bodyLine),
  );
  if (source.errors.length) return { parsed, source };
  const front = validate(frontMatterSchema, source);
  diagnostics.push(...front.diagnostics);
  const body = parseMarkdown(split.body, split.bodyLine);
  const markdown = ownMarkdownProblems(body, file, text);
  return {
    parsed: {
      ...parsed,
      read: true,
      data: source.data,
      ...(front.value && { front: front.value }),
      body,
      ...(markdown && { markdown }),
    },
    source,
  };
}

/**
 * checkMarkdown's problems of a body that refers to no file of the content folder (its result
 * then depends on the body alone), or undefined for a body that does. Run with assets that say
 * when they are asked anything.
 */
function ownMarkdownProblems(body: Root, file: string, text: string): Diagnostic[] | undefined {
  let asked = false;
  const ask = () => {
    asked = true;
    return undefined;
  };
  const assets = {
    has: () => ask() ?? false,
    use: ask,
    format: ask,
    get paths() {
      return ask() ?? [];
    },
  } as unknown as Assets;
  try {
    const problems = checkMarkdown(body, {
      file,
      baseDir: posix.dirname(file),
      assets,
      lines: text.replace(/^\uFEFF/, "").split(/\r?\n/),
    });
    return asked ? undefined : problems;
  } catch {
    // Assets asked something they cannot answer here: checked with the real ones on load.
    return undefined;
  }
}

/**
 * The YAML source of a cached announcement: its data as cached, and places found by parsing
 * the front matter again only when something must be pointed at (a cross-file problem).
 */
export function cachedSource(file: string, data: unknown, text: () => string): YamlSource {
  let parsed: YamlSource | undefined;
  const full = () => {
    if (!parsed) {
      const split = splitFrontMatter(text());
      parsed = split ? parseYaml(split.yaml, file, 2) : undefined;
    }
    return parsed;
  };
  const start = (path: readonly PropertyKey[]): Place => ({
    file,
    line: 2,
    column: 1,
    field: fieldLabel(path),
  });
  return {
    file,
    data,
    errors: [],
    at: (path) => full()?.at(path) ?? start(path),
    atKey: (path, key) => full()?.atKey(path, key) ?? start([...path, key]),
  };
}
