import { closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import { crc32 } from "node:zlib";
import {
  type AnnouncementDocument,
  type Company,
  type Content,
  detailSeparator,
  fileSlug,
  siteAddress,
  textOf,
} from "@herald/model";
import { type AsyncFlateStreamHandler, Zip, ZipDeflate, type ZipInputFile } from "fflate";
import type { RootContent } from "mdast";
import { outputPath } from "./routes.js";

// The "download everything" ZIP of one language: its press-kit PDFs, the logo, the brand
// assets and the team's photos. Made only from files the site publishes (the content's
// published assets, already copied into the site, and the PDFs the press-kit step built there),
// one file at a time, streamed into the ZIP on disk, so a newsroom of hundreds of press kits
// never sits in memory at once.

/** One file of the ZIP: its name inside it and the file of the site it is read from. */
export interface ZipEntry {
  name: string;
  /** Path inside the site folder. */
  path: string;
}

/** A file of the ZIP made for it, not read from the site: the company's fact sheet. */
export interface MadeEntry {
  name: string;
  bytes: Uint8Array;
}

/** A block of the About text as plain lines: list items each on a line of its own. */
function plain(block: RootContent): string {
  if (block.type === "list") {
    return block.children.map((item) => `- ${textOf(item).replace(/\s*\n\s*/g, " ")}`).join("\n");
  }
  return textOf(block).trim();
}

/**
 * The company in plain text, in the ZIP's language, for a journalist to paste from: its name,
 * the About text (the boilerplate), the facts at a glance, the total raised and the press
 * contact. Made only from the model's company, so it reads as the press-kit page does.
 */
export function companyText(company: Company): string {
  const { words, pressContact } = company;
  const section = (heading: string, lines: readonly string[]) =>
    lines.length ? [heading, "=".repeat(Math.max(3, [...heading].length)), ...lines, ""] : [];
  const separator = detailSeparator(words);
  const about = company.about.blocks.map(plain).filter(Boolean);
  const notes = company.about.notes.map((n) => `[${n.number}] ${n.blocks.map(plain).join(" ")}`);
  const facts = company.facts.map((f) =>
    words.labelled(
      f.label,
      f.values
        .map(
          (v) =>
            `${v.text}${v.note ? ` (${v.note})` : ""}${v.url && v.url !== v.text ? ` <${v.url}>` : ""}`,
        )
        .join(separator),
    ),
  );
  const raised = company.raised
    ? [words.labelled(words.totalRaised, words.withNote(company.raised.text, company.raised.note))]
    : [];
  const contact = [
    pressContact.name,
    words.labelled(words.email, pressContact.email),
    ...(pressContact.phone ? [words.labelled(words.phone, pressContact.phone)] : []),
  ];
  const lines = [
    company.name,
    "",
    ...section(company.aboutHeading, [
      ...about.flatMap((p, i) => (i ? ["", p] : [p])),
      ...(notes.length ? ["", ...notes] : []),
    ]),
    ...section(words.atAGlance, [...facts, ...raised]),
    ...section(words.pressContact, contact),
  ];
  // One newline at the end, none doubled: the same text (and bytes) for the same company.
  return `${lines.join("\n").trimEnd()}\n`;
}

/** The fact sheet's name in the ZIP of `locale`: "about-docker-inc-en.txt". */
export const companyTextName = (company: Company, locale: string) =>
  `about-${fileSlug(company.name)}-${locale}.txt`;

/**
 * Every entry's date and time. A ZIP stores local wall-clock fields (no time zone) and fflate
 * fills them from a Date's local fields, so a Date built from local fields writes the same
 * bytes in every time zone. 1 January 2000, noon: clear of 1980 (the format's epoch, which
 * some tools show as "no date") and of any daylight-saving change.
 */
const FIXED_TIME = () => new Date(2000, 0, 1, 12, 0, 0);

/**
 * Compressed already: stored as they are, which is quicker and no larger. A press-kit PDF's
 * streams are compressed by the PDF renderer: deflating it again saved about 2% of its bytes
 * and cost most of the site step's time for a large newsroom (issue 15).
 */
const STORED = new Set([
  ".pdf",
  ".png",
  ".jpg",
  ".jpeg",
  ".gif",
  ".webp",
  ".avif",
  ".zip",
  ".woff2",
]);

/** Bytes read from a file at a time: a press kit is mostly one read. */
const CHUNK = 256 * 1024;

/** Deflate level for everything else; fixed, since another level makes other bytes. */
const LEVEL = 6;

/** `name` made unique among `taken` by a number before its extension: "logo-2.svg". */
function unique(name: string, taken: Set<string>): string {
  const ext = posix.extname(name);
  const base = name.slice(0, name.length - ext.length);
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base}-${n}${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * What the ZIP of `locale` holds, sorted by name: `press-kits/` (each announcement's PDF in
 * this language), `brand/` (the logo and the brand assets, each file once) and `team/` (a
 * photo per person, named for them).
 */
export function pressKitZipEntries(
  content: Content,
  company: Company,
  documents: readonly AnnouncementDocument[],
): ZipEntry[] {
  const taken = new Set<string>();
  const entries: ZipEntry[] = [];
  const site = (asset: string) => outputPath(siteAddress(content.site, asset));
  for (const d of documents) {
    const path = outputPath(d.pdf);
    entries.push({ name: unique(`press-kits/${posix.basename(path)}`, taken), path });
  }
  const brand = new Set<string>();
  for (const asset of [
    ...(company.logo ? [company.logo.asset] : []),
    ...company.brandAssets.map((b) => b.file.asset),
  ]) {
    if (brand.has(asset)) continue;
    brand.add(asset);
    entries.push({ name: unique(`brand/${posix.basename(asset)}`, taken), path: site(asset) });
  }
  for (const member of company.team) {
    if (!member.photo) continue;
    const ext = posix.extname(member.photo.asset).toLowerCase();
    entries.push({
      name: unique(`team/${fileSlug(member.person.name)}${ext}`, taken),
      path: site(member.photo.asset),
    });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A file of the site the ZIP could not read: named, with what the build should have done. */
const notInSite = (path: string, cause: unknown) =>
  new Error(
    `${path} is not in the site folder, so the press-kit ZIP cannot hold it (the PDFs are built before the website).`,
    { cause },
  );

/**
 * A stored entry (fflate's ZipPassThrough, the same bytes) whose CRC-32 is Node's own, in
 * native code: fflate's, in JavaScript, was most of the CPU time of zipping a newsroom's
 * hundred megabytes of PDFs (issue 15).
 */
export class StoredEntry implements ZipInputFile {
  crc = 0;
  size = 0;
  compression = 0;
  mtime = FIXED_TIME();
  ondata?: AsyncFlateStreamHandler;

  constructor(readonly filename: string) {}

  push(chunk: Uint8Array<ArrayBuffer>, final = false): void {
    if (!this.ondata) throw new Error(`${this.filename} was pushed before it was added to a ZIP.`);
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    this.ondata(null, chunk, final);
  }
}

/** A failure of the ZIP itself (not of reading a file), passed through pushFile as it is. */
class ZipFailure extends Error {}

/**
 * Hands the site's file `path` to `push`, CHUNK bytes at a time (as a read stream cuts it), the
 * last chunk marked final; returns its size. Read synchronously: the files were just written
 * (the PDFs) or copied, and a newsroom zips thousands, where each of Node's asynchronous
 * calls costs a hand-over to another thread and back, more than reading a press kit.
 */
function pushFile(
  siteDir: string,
  path: string,
  push: (chunk: Uint8Array<ArrayBuffer>, final: boolean) => void,
): number {
  let fd: number;
  try {
    fd = openSync(join(siteDir, path), "r");
  } catch (error) {
    throw notInSite(path, error);
  }
  try {
    const expected = fstatSync(fd).size;
    let size = 0;
    let previous: Uint8Array<ArrayBuffer> | undefined;
    for (;;) {
      // No bigger than what is left (a press kit is a fraction of a chunk), one byte at the end
      // to see that it is the end.
      const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, expected - size)));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (!read) break;
      if (previous) push(previous, false);
      previous = chunk.subarray(0, read);
      size += read;
    }
    push(previous ?? new Uint8Array(), true);
    return size;
  } catch (error) {
    throw error instanceof ZipFailure ? error.cause : notInSite(path, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the ZIP of `entries` (read from `siteDir`) to `file`, the same bytes for the same
 * files: a fixed date on every entry, entries in the order given, a fixed compression level.
 * Returns its size in bytes; `sizes`, when given, gets each file's size by its path in the
 * site (read as it is zipped: no second look at the file).
 */
export async function writeZip(
  siteDir: string,
  entries: readonly (ZipEntry | MadeEntry)[],
  file: string,
  sizes?: Map<string, number>,
): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  let failure: Error | undefined;
  let ended = false;
  try {
    const zip = new Zip((error, chunk, final) => {
      if (error) failure ??= error;
      else writeSync(fd, chunk);
      if (final) ended = true;
    });
    for (const entry of entries) {
      if ("bytes" in entry) {
        const member = new ZipDeflate(entry.name, { level: LEVEL });
        member.mtime = FIXED_TIME();
        zip.add(member);
        member.push(entry.bytes, true);
        if (failure) throw failure;
        continue;
      }
      // The pages being rendered meanwhile go on between files.
      await new Promise(setImmediate);
      const stored = STORED.has(posix.extname(entry.name).toLowerCase());
      const member = stored
        ? new StoredEntry(entry.name)
        : new ZipDeflate(entry.name, { level: LEVEL });
      member.mtime = FIXED_TIME();
      zip.add(member);
      // A file the build should have made first is named rather than failing deep in a read.
      const size = pushFile(siteDir, entry.path, (chunk, final) => {
        member.push(chunk, final);
        if (failure) throw new ZipFailure(failure.message, { cause: failure });
      });
      sizes?.set(entry.path, size);
    }
    zip.end();
    if (failure) throw failure;
    if (!ended) throw new Error(`The ZIP ${file} did not end.`);
  } catch (error) {
    closeSync(fd);
    await rm(file, { force: true });
    throw error;
  }
  closeSync(fd);
  return (await stat(file)).size;
}

/**
 * Writes each language's ZIP into the site folder (`siteDir`, OUT/site), after the published
 * assets and the PDFs are there. Returns each ZIP's size by locale, for the press-kit page;
 * `sizes`, when given, gets the size of each file zipped, by its path in the site.
 */
export async function writePressKitZips(
  content: Content,
  companies: ReadonlyMap<string, Company>,
  documents: readonly AnnouncementDocument[],
  siteDir: string,
  sizes?: Map<string, number>,
): Promise<Map<string, number>> {
  const zips = new Map<string, number>();
  // The documents of each language, found in one pass (not one pass per language).
  const byLocale = new Map<string, AnnouncementDocument[]>();
  for (const d of documents) {
    const list = byLocale.get(d.locale);
    if (list) list.push(d);
    else byLocale.set(d.locale, [d]);
  }
  for (const locale of content.site.locales) {
    const company = companies.get(locale) as Company;
    const text: MadeEntry = {
      name: companyTextName(company, locale),
      bytes: new TextEncoder().encode(companyText(company)),
    };
    const entries = [text, ...pressKitZipEntries(content, company, byLocale.get(locale) ?? [])];
    const file = join(siteDir, outputPath(company.pressKitZip));
    zips.set(locale, await writeZip(siteDir, entries, file, sizes));
  }
  return zips;
}
