import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type AnnouncementDocument,
  announcementDocument,
  type Content,
  companyOf,
  EMBARGOED_FOLDER,
  isUnderEmbargo,
  type Manifest,
  type ManifestEntry,
  manifestSchema,
  siteFile,
  siteUrl,
  splitByEmbargo,
} from "@herald/model";
import { decodeHTML } from "entities";
import { HeraldError } from "./errors.js";
import { checkUnpublished } from "./verify-embargo.js";
import { type ReadBack, type Output as ReadOutput, readOutputs } from "./verify-read.js";
import {
  checkNewsroom,
  checkPressKitPage,
  checkSiteCards,
  checkSocialImage,
  type Report,
  type SiteOutput,
  SitePages,
} from "./verify-site.js";
import { marksOf, OutputText, piecesOf, short } from "./verify-text.js";

// Checks every output against the announcement document the outputs were built from: the same
// facts in the same words, in their places; every link there and leading somewhere.

/** Each announcement's outputs, and the site's own pages that show it (#13). */
export type Output = ReadOutput | SiteOutput;
export type Check = "facts" | "text" | "quotes" | "footnotes" | "links" | "translations";
const OUTPUTS: Output[] = [
  "web",
  "pdf",
  "email html",
  "email text",
  "newsroom",
  "social image",
  "press-kit page",
];
const CHECKS: Check[] = ["facts", "text", "quotes", "footnotes", "links", "translations"];

export interface Finding {
  output: Output;
  check: Check;
  /** The announcement and locale, like docker-series-b/en. */
  where: string;
  problem: string;
}

export interface VerifyResult {
  findings: Finding[];
  warnings: string[];
  /** Every (output, check) pair that was checked at least once. */
  checked: Set<string>;
}

const names: Record<AnnouncementDocument["facts"][number]["key"], string> = {
  round: "round",
  amount: "amount",
  lead: "lead investor",
  participants: "participant",
  boardMembers: "board member",
};

/** What the running header's text is compared without. */
const furniture =
  /(?:[\s\p{Cf}\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}□]|\ufe0f|\u20e3)+/gu;

/**
 * The press kit's text without its running header and page numbers: pdftotext reads them
 * after each page's last line, so a paragraph that goes on over a page break would not read
 * as one. The header is the company and title (its start, cut with "…"); a page
 * number is the document's page pattern with any digits; under embargo, the notice repeated
 * at each later page's foot.
 */
function withoutPageFurniture(text: string, d: AnnouncementDocument): string {
  // Spaces, invisible controls (direction marks and isolates a name may carry, joiners) and
  // pictographs do not count: the PDF draws an emoji as □ or not at all.
  const squeezed = (s: string) => s.replace(furniture, "");
  const digits = /\p{Nd}+/gu;
  const pageLine = squeezed(d.words.page(1, 2).replace(digits, "#"));
  const header = squeezed(`${d.company.name} · ${d.title}`);
  // Under embargo every page after the cover repeats the notice above its number.
  const notice = d.embargo && squeezed(d.embargo.text);
  let pages = 0;
  return text
    .split("\n")
    .filter((line) => {
      const plain = squeezed(line);
      if (plain === "") return true;
      if (plain.replace(digits, "#") === pageLine) return false;
      // The first is the cover's notice, which the text must show.
      if (plain === notice && pages++ > 0) return false;
      // A long title is cut with "…" (at the end; read right to left, it may come first).
      const shown = plain.replace(/^…|…$/, "");
      return !(shown.length >= 8 && header.startsWith(shown));
    })
    .join("\n");
}

/** The built file of an announcement's output, relative to OUT, for messages. */
function fileOf(output: ReadOutput, d: AnnouncementDocument): string {
  if (output === "web") return d.page.file;
  if (output === "pdf") return d.pdf.file;
  return output === "email html" ? d.email.html : d.email.text;
}

/** What a reader finds after a label in an output's text (nothing, if the label is not there). */
const rawText = (text: string) => ({
  after(label: string) {
    const flat = text.replace(/\s+/g, " ");
    const at = flat.indexOf(label);
    if (at < 0) return `no "${label}"`;
    return (
      flat
        .slice(at + label.length)
        .replace(/^[\s:：]+/, "")
        .slice(0, 60) || "nothing"
    );
  },
});

/** What every output of one document must show, worked out once for all four. */
function expectedOf(d: AnnouncementDocument) {
  const updates = d.updates.flatMap((u) => u.text.blocks);
  return {
    /** Links, local images and struck text of the body, its notes and the updates. */
    marks: marksOf([...updates, ...d.body.blocks, ...d.body.notes.flatMap((n) => n.blocks)]),
    captions: marksOf(d.body.blocks).captions,
    /**
     * The embargo notice, each update (its label, then its text) and each block of the body
     * and of the About text, as pieces in order.
     */
    texts: [
      ...(d.embargo ? [[d.embargo.text]] : []),
      ...d.updates.flatMap((u) => [[u.label], ...piecesOf(u.text.blocks)]),
      ...piecesOf(d.body.blocks),
      ...piecesOf(d.company.about.blocks),
    ],
    /** Each note of the body and of the About text, as blocks of pieces. */
    notes: [...d.body.notes, ...d.company.about.notes].map((n) => piecesOf(n.blocks)),
  };
}
type Expected = ReturnType<typeof expectedOf>;

/** The facts of one output: what `report` is told is missing or out of place. */
function checkFacts(
  d: AnnouncementDocument,
  captions: readonly string[],
  read: OutputText,
  raw: { after: (label: string) => string },
  /** `inFile`: the problem names a place of the output's file, which the message names first. */
  report: (problem: string, inFile?: boolean) => void,
) {
  for (const [name, value] of [
    ["title", d.title],
    ["date", d.date.text],
    ["summary", d.summary],
    ["press contact", d.company.pressContact.name],
    ["press contact", d.company.pressContact.email],
    ["press contact's phone", d.company.pressContact.phone ?? ""],
    ...captions.map((c) => ["caption", c]),
  ] as const) {
    if (!read.has(value)) report(`the ${name} "${short(value)}" is missing`);
  }
  // A note, and what the locale's words put around it ("(", "): "…, or any words of a
  // labels.yaml): what may stand beside the value it is said of.
  const literals = d.words.withNote("\u0000", "\u0000").split("\u0000");
  const noted = (note: string | undefined) => (note ? [note, ...literals] : []);
  // Each row as a reader reads it: the label, then its values, nothing else between.
  for (const row of d.facts) {
    const pieces = [row.label, ...row.values.map((v) => v.text)];
    const own = [[], ...row.values.map((v) => [v.url ?? "", ...noted(v.note)])];
    // Between two pieces may stand what belongs to either: a value's address or note follows
    // it ("Name (note)") or, as the locale's words put it, comes first ("note: Name"). A
    // right-to-left press kit sets an address beside its value, which pdftotext may read
    // before it: there, any value's address or note may stand anywhere in the row.
    const extras =
      d.direction === "rtl"
        ? own.map(() => own.flat())
        : own.map((mine, i) => [...mine, ...(own[i + 1] ?? [])]);
    if (!read.row(pieces, extras)) {
      const missing = row.values.find((v) => !read.has(v.text));
      report(
        missing
          ? `the ${names[row.key]} "${short(missing.text)}" is missing`
          : `the row "${short(`${row.label}: ${row.values.map((v) => v.text).join(", ")}`)}" is not as the content says`,
      );
    }
    // A note is said next to its value, on whichever side the locale's words put it.
    for (const v of row.values) {
      const beside = [noted(v.note)];
      if (v.note && !read.row([v.text, v.note], beside) && !read.row([v.note, v.text], beside))
        report(`the ${names[row.key]} "${short(v.text)}" is not named with "${short(v.note)}"`);
    }
  }
  for (const f of d.figures) {
    // A row ("Downloads: 400,000 (note)") or a stat tile (the number, its label under it, its
    // note under that; #13): the note with its own figure, not with another tile.
    const extras = [noted(f.note), noted(f.note), noted(f.note)];
    const shown = [
      [f.label, f.text],
      [f.text, f.label],
    ].some((pair) =>
      f.note
        ? // Before, after or (as "label: note: figure" words put it) between the two.
          read.row([...pair, f.note], extras) ||
          read.row([f.note, ...pair], extras) ||
          read.row([pair[0] ?? "", f.note, pair[1] ?? ""], extras)
        : read.row(pair, extras),
    );
    if (!shown) {
      const expected = f.note
        ? d.words.withNote(`${f.label}: ${f.text}`, f.note)
        : `${f.label}: ${f.text}`;
      report(
        `key figures: expected "${short(expected)}", found "${short(raw.after(f.label))}"`,
        true,
      );
    }
  }
}

/**
 * Checks the build in `out` against the documents of the content: every translation, or only
 * those of one announcement (and locale) in `only`.
 */
export async function verify(
  content: Content,
  out: string,
  only?: { id?: string; locale?: string },
  /** The moment embargoes are judged at: a build must have left out what is under one then. */
  now = new Date(),
): Promise<VerifyResult> {
  const manifestFile = join(out, "manifest.json");
  if (!existsSync(manifestFile)) {
    throw new HeraldError(
      `There is no build in ${out} (no manifest.json).\n  Fix: run herald build first, or pass the build folder with --out.`,
    );
  }
  // A file that cannot be read is told as such by the CLI; one that is not a manifest, here.
  const text = await readFile(manifestFile, "utf8");
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(text));
  } catch {
    throw new HeraldError(
      `${manifestFile} is not the manifest of a Herald build (it is damaged or was written by something else).\n  Fix: run herald build again.`,
    );
  }
  const result: VerifyResult = { findings: [], warnings: [], checked: new Set() };
  const found = (output: Output, check: Check, where: string, problem?: string) => {
    result.checked.add(`${output}|${check}`);
    if (problem) result.findings.push({ output, check, where, problem });
  };
  const base = siteUrl(content.site);
  // The unsubscribe page is the site's server's business, not a file of the build: every
  // address up to its first placeholder ({email}, {token}, {locale}, as written or encoded).
  const unsubscribe = content.site.newsletter.unsubscribe?.url?.split(/\{|%7B/i)[0];
  const isUnsubscribe = (url: string) => unsubscribe !== undefined && url.startsWith(unsubscribe);
  /**
   * An address checked as a reader would follow it: into the build (`root`: OUT, or
   * OUT/embargoed for what is under embargo), or out to the web.
   */
  const checkAddress = (output: Output, where: string, url: string, root = out) => {
    if (url.startsWith(base) && !isUnsubscribe(url)) {
      let path: string;
      try {
        path = decodeURIComponent(url.slice(base.length).replace(/[?#].*$/, ""));
      } catch {
        return found(output, "links", where, `${url} is not a well-formed address`);
      }
      if (!existsSync(join(root, siteFile(path))))
        found(output, "links", where, `${url} points to a page the build does not have`);
      return;
    }
    try {
      const parsed = new URL(url);
      if (!["http:", "https:", "mailto:"].includes(parsed.protocol))
        found(output, "links", where, `${url} is not an http(s) or mailto link`);
    } catch {
      found(output, "links", where, `${url} is not a well-formed address`);
    }
  };

  const checkOutput = (
    output: ReadOutput,
    read: ReadBack,
    d: AnnouncementDocument,
    expected: Expected,
    where: string,
    root: string,
  ) => {
    for (const url of read.links) {
      if (d.embargo && output !== "web" && url.startsWith(base) && !isUnsubscribe(url))
        found(
          output,
          "links",
          where,
          `${url} is on the site, which has nothing of it before the embargo lifts`,
        );
      else checkAddress(output, where, url, root);
    }
    const { marks } = expected;
    // The links every output must carry: the body's (local files at their public address),
    // the local images shown (the PDF embeds them), and the way to the page and the PDF.
    const wanted = [
      ...marks.links,
      ...(output === "pdf" ? [] : marks.images),
      ...(output === "web" ? [d.pdf.url] : []),
      ...(output.startsWith("email") ? [d.page.url, d.pdf.url] : []),
    ].filter(
      // Under embargo the press kit and the email link to no address of the site: nothing is
      // there yet (the preview page links to its own copies).
      (url) => !(d.embargo && output !== "web" && url.startsWith(base)),
    );
    const have = new Set(read.links);
    for (const url of new Set(wanted)) {
      if (!have.has(url)) found(output, "links", where, `no link to ${url}`);
    }
    found(output, "links", where);

    const text = new OutputText(
      output === "pdf" ? withoutPageFurniture(read.text, d) : read.text,
      output === "pdf",
      output === "pdf" && d.direction === "rtl",
    );
    const file = fileOf(output, d);
    checkFacts(d, expected.captions, text, rawText(read.text), (problem, inFile) =>
      found(output, "facts", where, inFile ? `${file}: ${problem}` : problem),
    );
    found(output, "facts", where);
    if (output === "pdf") {
      for (const t of d.translations) {
        if (!t.current && !text.has(t.language))
          found(
            output,
            "translations",
            where,
            `the ${t.locale} translation (${t.language}) is not named`,
          );
      }
      found(output, "translations", where);
    }
    for (const pieces of expected.texts) {
      if (!text.inOrder(pieces))
        found(output, "text", where, `the text "${short(pieces.join(" "))}" is missing or changed`);
    }
    // Struck text must read as struck, where the output's text can tell (not the PDF's).
    if (read.struck) {
      const marked = read.struck.map((s) => s.replace(/\s+/g, ""));
      for (const struck of marks.struck) {
        if (!marked.includes(struck.replace(/\s+/g, "")))
          found(output, "text", where, `"${short(struck)}" is not struck through`);
      }
    }
    found(output, "text", where);
    for (const q of d.quotes) {
      if (!text.has(q.text))
        found(output, "quotes", where, `the quote "${short(q.text)}" is missing`);
      else if (!text.inOrder([q.text, q.credit]))
        found(output, "quotes", where, `the credit "${short(q.credit)}" is missing`);
    }
    found(output, "quotes", where);
    for (const note of expected.notes) {
      if (!note.every((pieces) => text.inOrder(pieces)))
        found(
          output,
          "footnotes",
          where,
          `the footnote "${short(note.flat().join(" "))}" is missing`,
        );
    }
    found(output, "footnotes", where);
  };

  const checked = content.announcements.filter(
    (a) =>
      (only?.id === undefined || a.id === only.id) &&
      (only?.locale === undefined || a.locale === only.locale),
  );
  // Each announcement is checked in the part of the build it belongs to now: published (the
  // site shows it) or under embargo (OUT/embargoed, and no trace of it in the site).
  const { published, embargoed } = splitByEmbargo(content, now);
  const pages = new SitePages(out);
  const documents: AnnouncementDocument[] = [];
  /** What is under embargo, checked against the site's files together after the loop. */
  const unpublished: Array<{ d: AnnouncementDocument; report: Report }> = [];
  for (const a of checked) {
    const under = isUnderEmbargo(a, now);
    const d = under
      ? announcementDocument(embargoed, a, { embargoed: true })
      : announcementDocument(published, a);
    const where = `${d.id}/${d.locale}`;
    const entry = manifest.announcements.find((e) => e.id === d.id && e.locale === d.locale);
    if (!entry) {
      for (const output of OUTPUTS) found(output, "facts", where, "missing from the build");
      continue;
    }
    if (under !== (entry.embargo !== undefined)) {
      found(
        "web",
        "facts",
        where,
        under
          ? `under embargo until ${d.embargo?.utc}, but the build published it; run herald build again at once`
          : `built under embargo until ${entry.embargo}, ${a.embargo ? "which has lifted" : "which the content no longer sets"}; run herald build again to publish it`,
      );
      continue;
    }
    const root = under ? join(out, EMBARGOED_FOLDER) : out;
    const outputs = await readOutputs(root, withinRoot(entry), d, (output, problem, check) =>
      found(output, check, where, problem),
    );
    const page = outputs.get("web")?.html;
    if (page !== undefined && !under) {
      for (const problem of translationProblems(d, page))
        found("web", "translations", where, problem);
      found("web", "translations", where);
    }
    const expected = expectedOf(d);
    for (const [output, read] of outputs) checkOutput(output, read, d, expected, where, root);
    const report = (output: SiteOutput, check: Check, problem?: string) =>
      found(output, check, where, problem);
    if (under) {
      unpublished.push({ d, report });
      continue;
    }
    await checkNewsroom(published, pages, d, report);
    await checkSocialImage(out, pages, d, report);
    documents.push(d);
  }
  await checkUnpublished(out, unpublished);
  // A file only what is under embargo shows stays out of the site until it is published.
  const shown = new Set(published.assets);
  for (const asset of content.assets.filter((file) => !shown.has(file))) {
    if (existsSync(join(out, siteFile(asset))))
      found(
        "newsroom",
        "facts",
        asset,
        `${siteFile(asset)} is published, though only an announcement under embargo shows it; run herald build again`,
      );
  }
  // The press-kit page of each language checked: its facts are the site's, and its ZIP holds
  // every press kit of the language.
  const locales = only ? new Set(documents.map((d) => d.locale)) : content.site.locales;
  for (const locale of locales) {
    const company = companyOf(published, locale);
    const all = published.announcements
      .filter((a) => a.locale === locale)
      .map((a) => announcementDocument(published, a));
    const report = (output: SiteOutput, check: Check, problem?: string) =>
      found(output, check, locale, problem);
    await checkPressKitPage(out, pages, company, all, report);
    await checkSiteCards(published, out, pages, locale, report);
  }
  for (const id of new Set(content.announcements.map((a) => a.id))) {
    const have = content.announcements.filter((a) => a.id === id).map((a) => a.locale);
    const missing = content.site.locales.filter((l) => !have.includes(l));
    if (missing.length) result.warnings.push(`${id} has no ${missing.join(", ")} translation.`);
  }
  return result;
}

/** A manifest entry's files relative to OUT/embargoed, for one under embargo (as if it were OUT). */
const withinRoot = (entry: ManifestEntry): ManifestEntry => {
  if (entry.embargo === undefined) return entry;
  const inside = (file: string) => file.replace(new RegExp(`^${EMBARGOED_FOLDER}/`), "");
  return {
    ...entry,
    ...(entry.page && { page: inside(entry.page) }),
    ...(entry.pdf && { pdf: inside(entry.pdf) }),
    ...(entry.email && {
      email: {
        html: inside(entry.email.html),
        text: inside(entry.email.text),
        eml: inside(entry.email.eml),
      },
    }),
  };
};

/** Whether the page's hreflang alternates and "other languages" links name every translation. */
function translationProblems(d: AnnouncementDocument, html: string): string[] {
  const problems: string[] = [];
  const problem = (text: string) => problems.push(text);
  const translations = d.translations.map((t) => t.locale).sort();
  const alternates = [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)"/g)]
    .map((m) => m[1] ?? "")
    .filter((l) => l !== "x-default")
    .sort();
  if (alternates.join() !== translations.join())
    problem(
      `hreflang lists ${alternates.join(", ")}, but the translations are ${translations.join(", ")}`,
    );
  // The page's own language links: each other translation, by its own label, to its page.
  const links = [
    ...html.matchAll(/<a href="([^"]*)" hreflang="([^"]+)" lang="[^"]+"[^>]*>([^<]*)<\/a>/g),
  ];
  for (const t of d.translations) {
    if (t.current) continue;
    const to = links.filter(
      (m) => m[2] === t.locale && new URL(decodeHTML(m[1] ?? ""), d.page.url).href === t.page.url,
    );
    if (to.length === 0) problem(`no link to the ${t.locale} translation (${t.page.url})`);
    else if (!to.some((m) => decodeHTML(m[3] ?? "").trim() === t.label))
      problem(`no link to the ${t.locale} translation reads "${short(t.label)}"`);
  }
  return problems;
}

/** The table a person reads: output × check, ok or FAIL with the number of problems. */
export function verifyTable(result: VerifyResult): string {
  const cell = (output: Output, check: Check) => {
    if (!result.checked.has(`${output}|${check}`)) return "-";
    const n = result.findings.filter((f) => f.output === output && f.check === check).length;
    return n === 0 ? "ok" : `FAIL ${n}`;
  };
  const rows = [["", ...CHECKS], ...OUTPUTS.map((o) => [o, ...CHECKS.map((c) => cell(o, c))])];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
