import { readFileSync } from "node:fs";
import { posix } from "node:path";
import type { Root } from "mdast";
import { Assets, type FileInfo, type ImageSize } from "./assets.js";
import { checkLogo } from "./check-logo.js";
import { checkMarkdown, resolveAsset } from "./check-markdown.js";
import { checkNewsletter } from "./check-newsletter.js";
import { checkLocalesHaveWords, checkWordMessages } from "./check-words.js";
import { ContentFolder, listAnnouncementFiles, stampAge } from "./content-files.js";
import { controlCharactersIn, emojiIn } from "./control-characters.js";
import { decodeText } from "./decode-text.js";
import {
  type Diagnostic,
  diagnose,
  didYouMean,
  type Place,
  sortDiagnostics,
} from "./diagnostics.js";
import { type ContentWords, lookupChain } from "./labels.js";
import { nearestKey } from "./localize.js";
import { parseMarkdown, walk } from "./markdown.js";
import { momentOf } from "./moment.js";
import {
  announcementKey,
  announcementText,
  cachedSource,
  isParsedAnnouncement,
  type ParseCache,
  type ParsedAnnouncement,
  parseAnnouncement,
  SETTLED_MS,
  stampsOf,
} from "./parse-cache.js";
import {
  contentWordsSchema,
  type FrontMatter,
  idSchema,
  type LocalizedText,
  localeSchema,
  type Organization,
  organizationsSchema,
  type Person,
  peopleSchema,
  type Site,
  siteSchema,
} from "./schema.js";
import { validate } from "./validate.js";
import { parseYaml, type YamlSource } from "./yaml-source.js";

/** One announcement in one locale: its front matter and its parsed body. */
export interface Announcement extends FrontMatter {
  /** The source file, relative to the content folder. */
  file: string;
  /** The body, parsed once; renderers walk this tree and never re-parse Markdown. */
  body: Root;
}

/** Validated, cross-referenced content: everything the renderers need. */
export interface Content {
  /** The content folder, absolute. */
  dir: string;
  site: Site;
  /** The company boilerplate, parsed, for every locale of the site. */
  about: Record<string, Root>;
  organizations: Organization[];
  people: Person[];
  /** Newest first; translations of one announcement next to each other, in site locale order. */
  announcements: Announcement[];
  /** Every file under assets/ that may be published (checked: see assets.ts), sorted. */
  assets: string[];
  /** The size in pixels of each published raster image (PNG, JPEG, GIF, WebP, AVIF). */
  imageSizes: Record<string, ImageSize>;
  /** The format (from its bytes) and size in bytes of each published file. */
  files: Record<string, FileInfo>;
  /** Interface words the content gives (labels.yaml), before Herald's own. */
  words: ContentWords;
  /**
   * Warnings for sending (no one-click unsubscribe address, no postal address): herald check
   * and herald send print them; a build, which sends nothing, does not.
   */
  sending: Diagnostic[];
}

export type LoadResult =
  | { ok: true; content: Content; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** Whether two embargoes (or their absence) are one moment, whatever offset each is written in. */
const sameMoment = (a: string | undefined, b: string | undefined) =>
  a === undefined || b === undefined
    ? a === b
    : momentOf(a).instant.getTime() === momentOf(b).instant.getTime();

// What an update's text may hold: a few sentences, marked up inline.
const UPDATE_NODES = new Set([
  "root",
  "paragraph",
  "text",
  "emphasis",
  "strong",
  "delete",
  "link",
  "inlineCode",
  "break",
]);
const UPDATE_NODE_NAMES: Record<string, string> = {
  heading: "a heading",
  image: "an image",
  table: "a table",
  list: "a list",
  listItem: "a list",
  tableRow: "a table",
  tableCell: "a table",
  blockquote: "a quotation",
  code: "a code block",
  thematicBreak: "a rule",
  footnoteReference: "a footnote",
  footnoteDefinition: "a footnote",
};

/** Each update's Markdown: only inline marks and links, checked as the body is (no HTML, safe links). */
function checkUpdates(
  updates: unknown,
  source: YamlSource,
  file: string,
  assets: Assets,
): Diagnostic[] {
  if (!Array.isArray(updates)) return [];
  return updates.flatMap((update: unknown, i) => {
    const text = (update as { text?: unknown } | null)?.text;
    if (typeof text !== "string") return [];
    const fallback = source.at(["updates", i, "text"]);
    const tree = parseMarkdown(text);
    const found = new Set<string>();
    walk(tree, (node) => {
      if (!UPDATE_NODES.has(node.type) && node.type !== "html")
        found.add(UPDATE_NODE_NAMES[node.type] ?? node.type);
    });
    return [
      ...[...found].map((what) => diagnose("update-markdown", fallback, { what })),
      ...checkMarkdown(tree, { file, baseDir: posix.dirname(file), assets, fallback }),
    ];
  });
}

/**
 * A file's lines, split only when one is asked for (only a problem's column needs them): a
 * cached file without problems is not decoded and split again.
 */
function lazyLines(split: () => string[]): readonly string[] {
  let lines: string[] | undefined;
  return new Proxy([] as string[], {
    get(_, property) {
      lines ??= split();
      return Reflect.get(lines, property);
    },
  });
}

/** The start of a text, cut between characters (never inside an emoji's surrogate pair). */
const shortText = (text: string) => {
  const chars = [...text];
  return chars.length > 30 ? `${chars.slice(0, 30).join("")}…` : text;
};

// Where announcements refer to organizations and people; "*" stands for every list item.
const announcementReferences: Array<["organization" | "person", string[]]> = [
  ["person", ["author"]],
  ["organization", ["funding", "lead", "*"]],
  ["organization", ["funding", "participants", "*"]],
  ["person", ["funding", "boardMembers", "*"]],
  ["person", ["quotes", "*", "person"]],
  ["person", ["hires", "*", "person"]],
  ["organization", ["ecosystem", "*", "organizations", "*"]],
];

/** Every string in `data` at `pattern`, with its concrete path. */
function valuesAt(
  data: unknown,
  pattern: readonly string[],
  path: PropertyKey[] = [],
): Array<{ path: PropertyKey[]; value: string }> {
  const [head, ...rest] = pattern;
  if (head === undefined) return typeof data === "string" ? [{ path, value: data }] : [];
  if (head === "*") {
    return Array.isArray(data) ? data.flatMap((item, i) => valuesAt(item, rest, [...path, i])) : [];
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return [];
  return valuesAt((data as Record<string, unknown>)[head], rest, [...path, head]);
}

/**
 * Reads and validates a content folder. Collects every problem of every file, so one run
 * reports them all; returns the content only when there are no errors (warnings may remain).
 */
export async function loadContent(
  dir: string,
  options: {
    /** Where to keep and find what each announcement file says on its own (see ParseCache). */
    parsed?: ParseCache;
  } = {},
): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const sending: Diagnostic[] = [];
  // Every read goes through the folder: nothing outside it, nothing hidden (content-files.ts).
  const folder = await ContentFolder.open(dir);
  const assets = await Assets.index(folder);

  // Files that could not be read: references into them are not checked, rather than all
  // reported as unknown because of one bad byte or one syntax error.
  const unreadable = new Set<string>();
  const readYaml = async (name: string, required: boolean): Promise<YamlSource | undefined> => {
    const bytes = await folder.readText(name, diagnostics);
    if (bytes === "refused") {
      unreadable.add(name);
      return undefined;
    }
    if (bytes === "missing") {
      if (required) {
        diagnostics.push(
          diagnose("missing-file", { file: name, line: 1, column: 1, field: "" }, { what: name }),
        );
      }
      return undefined;
    }
    const decoded = decodeText(bytes, name);
    if (decoded.problem) {
      diagnostics.push(decoded.problem);
      unreadable.add(name);
      return undefined;
    }
    const source = parseYaml(decoded.text, name);
    diagnostics.push(...source.errors, ...controlCharactersIn(source), ...emojiIn(source));
    if (source.errors.length) unreadable.add(name);
    return source;
  };

  // site.yaml
  const siteSource = await readYaml("site.yaml", true);
  const siteResult =
    siteSource && !siteSource.errors.length ? validate(siteSchema, siteSource) : undefined;
  diagnostics.push(...(siteResult?.diagnostics ?? []));
  const site = siteResult?.value;
  const locales: string[] = site?.locales ?? [];

  // organizations.yaml and people.yaml: optional, a missing or empty file is an empty list.
  const listFile = async <S extends typeof organizationsSchema | typeof peopleSchema>(
    name: string,
    schema: S,
  ) => {
    const source = await readYaml(name, false);
    if (!source || source.errors.length) return { source, items: [] as S["_output"] };
    if (source.data == null) source.data = [];
    const result = validate(schema, source);
    diagnostics.push(...result.diagnostics);
    return { source, items: (result.value ?? []) as S["_output"] };
  };
  const orgs = await listFile("organizations.yaml", organizationsSchema);
  const people = await listFile("people.yaml", peopleSchema);

  const ids = (source: YamlSource | undefined, kind: string) => {
    const seen = new Map<string, number>();
    if (!source) return [];
    for (const { path, value: id } of valuesAt(source.data, ["*", "id"])) {
      const place = source.at(path);
      const first = seen.get(id);
      if (first === undefined) seen.set(id, place.line);
      else diagnostics.push(diagnose("duplicate-id", place, { kind, id, firstLine: first }));
    }
    return [...seen.keys()];
  };
  const orgIds = ids(orgs.source, "organization");
  const personIds = ids(people.source, "person");

  // As sets too: every announcement's references are looked up in them.
  const orgSet = new Set(orgIds);
  const personSet = new Set(personIds);
  const checkRef = (kind: "organization" | "person", id: string, place: () => Place) => {
    if ((kind === "organization" ? orgSet : personSet).has(id)) return;
    const known = kind === "organization" ? orgIds : personIds;
    const file = kind === "organization" ? "organizations.yaml" : "people.yaml";
    // An id that is not an id at all is reported as such, not also as unknown.
    if (!known.includes(id) && !unreadable.has(file) && idSchema.safeParse(id).success) {
      diagnostics.push(
        diagnose("unknown-reference", place(), {
          kind,
          id,
          file,
          suggestion: didYouMean(id, known),
        }),
      );
    }
  };

  const checkLocale = (locale: string, place: () => Place) => {
    if (locales.length > 0 && !locales.includes(locale)) {
      diagnostics.push(
        diagnose("unknown-locale", place(), {
          locale,
          locales,
          suggestion: didYouMean(locale, locales),
        }),
      );
    }
  };

  // Localized texts: every key is a site locale; a missing translation is only a warning.
  const checkLocalized = (
    text: LocalizedText | undefined,
    source: YamlSource,
    path: PropertyKey[],
  ) => {
    if (text === undefined || typeof text === "string") return;
    for (const key of Object.keys(text)) checkLocale(key, () => source.atKey(path, key));
    const first = Object.values(text)[0] ?? "";
    for (const locale of locales) {
      if (!(locale in text)) {
        diagnostics.push(
          diagnose(
            "missing-translation",
            source.at(path),
            { text: shortText(first), locale },
            "warning",
          ),
        );
      }
    }
  };

  /** A list shown on a page (the team, the brand assets) names each thing once. */
  const checkListedOnce = (
    values: readonly string[] | undefined,
    source: YamlSource,
    path: PropertyKey[],
    field?: string,
  ) => {
    const first = new Map<string, number>();
    values?.forEach((value, i) => {
      const at = (n: number) => source.at(field ? [...path, n, field] : [...path, n]);
      const seen = first.get(value);
      if (seen === undefined) first.set(value, i);
      else diagnostics.push(diagnose("listed-twice", at(i), { value, firstLine: at(seen).line }));
    });
  };

  const checkAssetField = (
    value: string | undefined,
    source: YamlSource,
    path: PropertyKey[],
    image = true,
  ) => {
    if (value === undefined) return;
    const found = resolveAsset(value, ".", assets, source.at(path), image);
    if ("problem" in found) diagnostics.push(found.problem);
  };

  const about: Record<string, Root> = {};
  if (site && siteSource) {
    checkLocale(site.defaultLocale, () => siteSource.at(["defaultLocale"]));
    site.locales.forEach((locale, i) => {
      // Case-insensitively: "zh-CN" and "zh-cn" would share one folder on macOS and Windows.
      const first = site.locales.findIndex((l) => l.toLowerCase() === locale.toLowerCase());
      if (first !== i) {
        diagnostics.push(
          diagnose("duplicate-id", siteSource.at(["locales", i]), {
            kind: "locale",
            id: locale,
            firstLine: siteSource.at(["locales", first]).line,
          }),
        );
      }
    });
    checkLocalized(site.about, siteSource, ["about"]);
    checkLocalized(site.newsletter.postalAddress, siteSource, ["newsletter", "postalAddress"]);
    const newsletter = checkNewsletter(site, siteSource);
    diagnostics.push(...newsletter.errors);
    sending.push(...newsletter.sending);
    checkAssetField(site.logo, siteSource, ["logo"]);
    const company = site.company;
    if (company) {
      for (const key of ["headquarters", "employees", "industry"] as const) {
        checkLocalized(company[key], siteSource, ["company", key]);
      }
      company.facts?.forEach((fact, i) => {
        checkLocalized(fact.label, siteSource, ["company", "facts", i, "label"]);
        checkLocalized(fact.value, siteSource, ["company", "facts", i, "value"]);
      });
      for (const key of ["founders", "team"] as const) {
        company[key]?.forEach((id, i) => {
          checkRef("person", id, () => siteSource.at(["company", key, i]));
        });
        checkListedOnce(company[key], siteSource, ["company", key]);
      }
    }
    checkListedOnce(
      site.brandAssets?.map((b) => b.file),
      siteSource,
      ["brandAssets"],
      "file",
    );
    site.brandAssets?.forEach((brand, i) => {
      checkAssetField(brand.file, siteSource, ["brandAssets", i, "file"], false);
      checkLocalized(brand.title, siteSource, ["brandAssets", i, "title"]);
      checkLocalized(brand.usage, siteSource, ["brandAssets", i, "usage"]);
    });
    // Parse each written text once; a locale without its own shares its nearest one's tree.
    const texts: Record<string, string> =
      typeof site.about === "string" ? { "": site.about } : site.about;
    const trees = new Map<string, Root>();
    for (const [key, markdown] of Object.entries(texts)) {
      const tree = parseMarkdown(markdown);
      const fallback = siteSource.at(key === "" ? ["about"] : ["about", key]);
      diagnostics.push(
        ...checkMarkdown(tree, { file: "site.yaml", baseDir: ".", assets, fallback }),
      );
      trees.set(key, tree);
    }
    for (const locale of site.locales) {
      const key = typeof site.about === "string" ? "" : nearestKey(site.about, locale, site);
      const tree = trees.get(key ?? "");
      if (tree) about[locale] = tree;
    }
  }
  orgs.items.forEach((org, i) => {
    if (!orgs.source) return;
    checkLocalized(org.name, orgs.source, [i, "name"]);
    checkAssetField(org.logo, orgs.source, [i, "logo"]);
  });
  if (people.source) {
    const source = people.source;
    for (const { path, value } of valuesAt(source.data, ["*", "organization"])) {
      checkRef("organization", value, () => source.at(path));
    }
  }
  people.items.forEach((person, i) => {
    if (!people.source) return;
    const source = people.source;
    checkLocalized(person.name, source, [i, "name"]);
    checkLocalized(person.role, source, [i, "role"]);
    checkLocalized(person.bio, source, [i, "bio"]);
    checkAssetField(person.photo, source, [i, "photo"]);
  });

  // labels.yaml: optional words that override or add to Herald's, by locale.
  const wordsSource = await readYaml("labels.yaml", false);
  // The one name Herald reads: words saved as labels.yml would be left out without a word.
  if (!wordsSource && !unreadable.has("labels.yaml")) {
    const other = await folder.readText("labels.yml", []);
    if (other instanceof Buffer) {
      diagnostics.push(
        diagnose(
          "misnamed-file",
          { file: "labels.yml", line: 1, column: 1, field: "" },
          { file: "labels.yml", name: "labels.yaml" },
          "warning",
        ),
      );
    }
  }
  let words: ContentWords = {};
  if (wordsSource && !wordsSource.errors.length && wordsSource.data != null) {
    const result = validate(contentWordsSchema, wordsSource);
    diagnostics.push(...result.diagnostics);
    const raw = wordsSource.data;
    // A key may be any tag a site locale's words are looked up under (labels.ts): en
    // for en-GB, zh-Hant for zh-TW; words under any other key would never be read.
    const tags = new Set(locales.flatMap(lookupChain));
    if (raw && typeof raw === "object" && !Array.isArray(raw)) {
      for (const locale of Object.keys(raw)) {
        // A key that is no language code at all is reported as such (validate), once.
        if (!tags.has(locale) && localeSchema.safeParse(locale).success)
          checkLocale(locale, () => wordsSource.atKey([], locale));
      }
    }
    if (result.value) {
      words = result.value;
      diagnostics.push(...checkWordMessages(words, wordsSource));
    }
  }
  // Without labels.yaml's words, a locale Herald does not speak would print no headings.
  if (site && siteSource && !unreadable.has("labels.yaml")) {
    diagnostics.push(
      ...checkLocalesHaveWords(site.locales, words, (i) => siteSource.at(["locales", i])),
    );
  }

  // announcements/**/*.md
  const announcements: Announcement[] = [];
  const seen = new Map<string, string>();
  // Each announcement's first embargo read, which its other translations must agree with.
  const embargoes = new Map<string, { file: string; embargo: string | undefined }>();
  // Thousands of files name the same few locales: each is judged once (Intl is slow at it).
  const localeChecked = new Map<string, boolean>();
  const isLocale = (locale: string) => {
    let valid = localeChecked.get(locale);
    if (valid === undefined) {
      valid = localeSchema.safeParse(locale).success;
      localeChecked.set(locale, valid);
    }
    return valid;
  };
  const listed = await listAnnouncementFiles(folder, diagnostics);
  const files = listed.map((f) => f.path);
  // A file whose stamp is what it was when the cache's entry was made is not read again.
  const stamps = options.parsed && stampsOf(options.parsed);
  const unchanged = (file: (typeof listed)[number]) => {
    const known = stamps?.get(file.path);
    if (!known?.settled || known.stamp !== file.stamp) return undefined;
    const entry = options.parsed?.get(known.key);
    return isParsedAnnouncement(entry, known.key) ? entry : undefined;
  };
  // Read every file at once: reading one by one leaves the CPU idle on I/O.
  const texts = await Promise.all(
    listed.map((file) => unchanged(file) ?? folder.readText(file.path, diagnostics)),
  );
  for (const [index, { path: file, real, stamp }] of listed.entries()) {
    const read = texts[index];
    if (read === "missing" || read === "refused" || read === undefined) continue;
    let text: string | undefined;
    // The text is needed only to point at a cross-file problem: read again then if need be.
    const textOf = () => {
      if (text === undefined) {
        let bytes: Uint8Array | undefined = read instanceof Buffer ? read : undefined;
        try {
          bytes ??= readFileSync(real);
        } catch {
          bytes = new Uint8Array();
        }
        text = announcementText(bytes, file, []) ?? "";
      }
      return text;
    };
    let parsed: ParsedAnnouncement;
    let source: YamlSource | undefined;
    if (read instanceof Buffer) {
      // The file's own part comes from the cache when its bytes were parsed before.
      const key = options.parsed ? announcementKey(file, read) : "";
      const cached = options.parsed?.get(key);
      if (cached !== undefined && isParsedAnnouncement(cached, key)) parsed = cached;
      else {
        ({ parsed, source } = parseAnnouncement(key, read, file));
        options.parsed?.set(key, parsed);
      }
      stamps?.set(file, { stamp, key, settled: stampAge(stamp) > SETTLED_MS });
    } else parsed = read as ParsedAnnouncement;
    if (parsed.read) source ??= cachedSource(file, parsed.data, textOf);
    diagnostics.push(...parsed.diagnostics);
    const body = parsed.body;
    if (!parsed.read || !source || !body) continue;
    diagnostics.push(
      ...(parsed.markdown ??
        checkMarkdown(body, {
          file,
          baseDir: posix.dirname(file),
          assets,
          lines: lazyLines(() =>
            textOf()
              .replace(/^\uFEFF/, "")
              .split(/\r?\n/),
          ),
        })),
    );
    const front = { value: parsed.front };
    // Cross-file checks read the raw data, so they run even when other fields are wrong.
    const raw = (source.data ?? {}) as Record<string, unknown>;
    if (typeof raw.locale === "string" && isLocale(raw.locale)) {
      const locale = raw.locale;
      checkLocale(locale, () => source.at(["locale"]));
      if (typeof raw.id === "string") {
        const key = `${raw.id}\u0000${locale}`;
        const other = seen.get(key);
        if (other) {
          diagnostics.push(
            diagnose("duplicate-announcement", source.at(["id"]), { id: raw.id, locale, other }),
          );
        } else seen.set(key, file);
      }
    }
    for (const [kind, pattern] of announcementReferences) {
      for (const { path, value } of valuesAt(raw, pattern)) {
        checkRef(kind, value, () => source.at(path));
      }
    }
    // Checked from the raw data too, so a wrong date beside it does not hide a text's problems.
    diagnostics.push(...checkUpdates(raw.updates, source, file, assets));
    if (front.value) {
      announcements.push({ ...front.value, file, body });
      const embargo = front.value.embargo;
      const first = embargoes.get(front.value.id);
      if (!first) embargoes.set(front.value.id, { file, embargo });
      else if (!sameMoment(first.embargo, embargo))
        diagnostics.push(
          diagnose("embargo-disagrees", source.at(embargo ? ["embargo"] : ["id"]), {
            id: front.value.id,
            other: first.file,
            otherEmbargo: first.embargo ? `embargo: ${first.embargo}` : "no embargo",
          }),
        );
    }
  }
  // An announcements folder that could not be read has its own error; "none yet" would mislead.
  const unreadableFolder = diagnostics.some(
    (d) => d.file === "announcements" && d.severity === "error",
  );
  if (files.length === 0 && site && !unreadableFolder) {
    diagnostics.push(
      diagnose(
        "no-announcements",
        { file: "announcements", line: 1, column: 1, field: "" },
        {},
        "warning",
      ),
    );
  }

  const published = assets.finish();
  diagnostics.push(...published.diagnostics);
  // The logo's shape is known once its file is read: warn of icons it would make unreadable.
  if (site?.logo && siteSource) {
    diagnostics.push(...checkLogo(site.logo, published.files[site.logo], siteSource.at(["logo"])));
  }
  const sorted = sortDiagnostics(diagnostics);
  if (!site || sorted.some((d) => d.severity === "error")) {
    return { ok: false, diagnostics: sorted };
  }
  const order = (locale: string) => locales.indexOf(locale);
  announcements.sort(
    (a, b) =>
      b.date.localeCompare(a.date) ||
      a.id.localeCompare(b.id, "en") ||
      order(a.locale) - order(b.locale),
  );
  return {
    ok: true,
    diagnostics: sorted,
    content: {
      dir,
      site: site,
      about,
      organizations: orgs.items,
      people: people.items,
      announcements,
      assets: published.published,
      imageSizes: published.sizes,
      files: published.files,
      words,
      sending,
    },
  };
}
