import { join, posix } from "node:path";
import {
  type AnnouncementDocument,
  type Company,
  type Content,
  detailSeparator,
  fileSlug,
  siteAddress,
  textOf,
} from "@herald/model";
import type { RootContent } from "mdast";
import { outputPath } from "./routes.js";
import type { MadeEntry, ZipEntry } from "./zip-file.js";
import { writeZips, type ZipJob } from "./zip-thread.js";

// The "download everything" ZIP of one language: its press-kit PDFs, the logo, the brand
// assets and the team's photos. Made only from files the site publishes (the content's
// published assets, already copied into the site, and the PDFs the press-kit step built there),
// one file at a time, streamed into the ZIP on disk, so a newsroom of hundreds of press kits
// never sits in memory at once.

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
  { thread = true }: { thread?: boolean } = {},
): Promise<Map<string, number>> {
  // The documents of each language, found in one pass (not one pass per language).
  const byLocale = new Map<string, AnnouncementDocument[]>();
  for (const d of documents) {
    const list = byLocale.get(d.locale);
    if (list) list.push(d);
    else byLocale.set(d.locale, [d]);
  }
  const jobs: ZipJob[] = content.site.locales.map((locale) => {
    const company = companies.get(locale) as Company;
    const text: MadeEntry = {
      name: companyTextName(company, locale),
      bytes: new TextEncoder().encode(companyText(company)),
    };
    const entries = [text, ...pressKitZipEntries(content, company, byLocale.get(locale) ?? [])];
    return { siteDir, entries, file: join(siteDir, outputPath(company.pressKitZip)) };
  });
  const made = await writeZips(jobs, sizes, { thread });
  return new Map(content.site.locales.map((locale, i) => [locale, made[i] as number]));
}
