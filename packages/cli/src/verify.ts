import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { promisify } from "node:util";
import {
  type AnnouncementDocument,
  type Content,
  type Manifest,
  type ManifestEntry,
  manifestSchema,
  type Prose,
  SITE_FOLDER,
  siteFile,
  siteUrl,
  walk,
} from "@herald/model";
import { decodeHTML } from "entities";
import type { Nodes } from "mdast";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from "pdf-lib";
import { HeraldError } from "./errors.js";
import { documentsOf } from "./pipeline.js";

// Reads the built outputs back the way their readers do (the page's text, the PDF's text as
// pdftotext extracts it, both parts of the email) and checks each against the announcement
// document the outputs were built from: the same facts in the same words, every link there
// and leading somewhere.

const run = promisify(execFile);

export type Output = "web" | "pdf" | "email html" | "email text";
export type Check = "facts" | "text" | "quotes" | "footnotes" | "links" | "translations";
const OUTPUTS: Output[] = ["web", "pdf", "email html", "email text"];
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

/** An output as its reader gets it: its text, and every address it links to. */
interface ReadBack {
  text: string;
  /** Absolute addresses (a page's relative links resolved against the page's address). */
  links: string[];
  /** The HTML itself, for a page. */
  html?: string;
}

const decode = (html: string) =>
  decodeHTML(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]+>/g, " "));

/** Whitespace is layout, not content: outputs wrap and space text differently. */
const squeeze = (text: string) => text.replace(/\s+/g, "");

/**
 * Text as the PDF can show it: a character no embedded font has (an emoji) is drawn as □,
 * which the build already warned about, so neither counts.
 */
const drawable = (text: string) =>
  squeeze(text).replace(
    /\u25a1|\p{Extended_Pictographic}|[\u{10000}-\u{10ffff}]|\ufe0f|\u200d/gu,
    "",
  );

const hrefs = (html: string) =>
  [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decodeHTML(m[1] ?? ""));

/**
 * Each block of resolved Markdown as the pieces of text every output shows as written, in
 * order. Cut at every element: each output marks emphasis, links, struck text or a table's
 * cells its own way (`~~old~~`, `the docs [3]`, `2023 | 400`), but never changes the words.
 */
function piecesOf(blocks: Prose["blocks"]): string[][] {
  return blocks
    .map((block) => {
      const pieces: string[] = [];
      walk(block as Nodes, (node) => {
        if (node.type === "text" || node.type === "inlineCode" || node.type === "code") {
          if (node.value.trim()) pieces.push(node.value.replace(/\s+/g, " ").trim());
        }
      });
      return pieces;
    })
    .filter((pieces) => pieces.length > 0);
}

/** How far apart two pieces of one block may be found: room for a link's address or a label. */
const GAP = 400;

/**
 * Whether `pieces` are all in `haystack`, in order and close together, so a short piece ("here.")
 * is found in its own sentence and not anywhere in the output. Tries each place the first fits.
 */
function inOrder(
  haystack: string,
  pieces: readonly string[],
  normal: (text: string) => string,
): boolean {
  const [first = "", ...rest] = pieces.map(normal);
  for (let at = haystack.indexOf(first); at >= 0; at = haystack.indexOf(first, at + 1)) {
    let end = at + first.length;
    const fits = rest.every((piece) => {
      const next = haystack.indexOf(piece, end);
      if (next < 0 || next - end > GAP) return false;
      end = next + piece.length;
      return true;
    });
    if (fits) return true;
  }
  return false;
}

/** Every address the resolved Markdown links to (and the local images it shows). */
function linksOf(blocks: Prose["blocks"]): { links: string[]; images: string[] } {
  const links: string[] = [];
  const images: string[] = [];
  for (const block of blocks) {
    walk(block as Nodes, (node) => {
      if (node.type === "link" && node.data?.href) links.push(node.data.href.url);
      if (node.type === "image" && node.data?.src && !node.data.remote)
        images.push(node.data.src.url);
    });
  }
  return { links, images };
}

/** What every output must say, with a name for each fact when it is missing. */
function factsOf(d: AnnouncementDocument): Array<[string, string]> {
  const names: Record<AnnouncementDocument["facts"][number]["key"], string> = {
    round: "round",
    amount: "amount",
    lead: "lead investor",
    participants: "participant",
    boardMembers: "board member",
  };
  return [
    ["title", d.title],
    ["date", d.date.text],
    ["summary", d.summary],
    ...d.facts.flatMap(
      (row): Array<[string, string]> => [
        ["label", row.label],
        ...row.values.flatMap(
          (v): Array<[string, string]> => [
            [names[row.key], v.text],
            ...(v.note ? [[`${names[row.key]}'s role`, v.note] as [string, string]] : []),
          ],
        ),
      ],
    ),
    ...d.figures.flatMap(
      (f): Array<[string, string]> => [
        ["figure", f.label],
        ["figure", f.text],
        ...(f.note ? [["figure note", f.note] as [string, string]] : []),
      ],
    ),
    ...captionsOf(d.body.blocks).map((c): [string, string] => ["caption", c]),
    ["press contact", d.company.pressContact.name],
    ["press contact", d.company.pressContact.email],
  ];
}

function captionsOf(blocks: Prose["blocks"]): string[] {
  const captions: string[] = [];
  for (const block of blocks) {
    walk(block as Nodes, (node) => {
      if (node.type === "figure" && node.caption) captions.push(node.caption);
    });
  }
  return captions;
}

const short = (text: string) => {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  return chars.length > 40 ? `${chars.slice(0, 40).join("").trimEnd()}…` : chars.join("");
};

/** Checks the build in `out` against the documents of the content. */
export async function verify(content: Content, out: string): Promise<VerifyResult> {
  const manifestFile = join(out, "manifest.json");
  if (!existsSync(manifestFile)) {
    throw new HeraldError(
      `There is no build in ${out} (no manifest.json).\n  Fix: run herald build first, or pass the build folder with --out.`,
    );
  }
  const manifest: Manifest = manifestSchema.parse(JSON.parse(await readFile(manifestFile, "utf8")));
  const result: VerifyResult = { findings: [], warnings: [], checked: new Set() };
  const found = (output: Output, check: Check, where: string, problem?: string) => {
    result.checked.add(`${output}|${check}`);
    if (problem) result.findings.push({ output, check, where, problem });
  };
  const base = siteUrl(content.site);
  // The unsubscribe page is the site's server's business, not a file of the build.
  const unsubscribe = content.site.newsletter.unsubscribe?.url?.split("{email}")[0];
  /** An address checked as a reader would follow it: into the build, or out to the web. */
  const checkAddress = (output: Output, where: string, url: string) => {
    if (url.startsWith(base) && !(unsubscribe && url.startsWith(unsubscribe))) {
      let path: string;
      try {
        path = decodeURIComponent(url.slice(base.length).replace(/[?#].*$/, ""));
      } catch {
        return found(output, "links", where, `${url} is not a well-formed address`);
      }
      if (!existsSync(join(out, siteFile(path))))
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

  for (const d of documentsOf(content)) {
    const where = `${d.id}/${d.locale}`;
    const entry = manifest.announcements.find((e) => e.id === d.id && e.locale === d.locale);
    if (!entry) {
      for (const output of OUTPUTS) found(output, "facts", where, "missing from the build");
      continue;
    }
    const outputs = await readOutputs(out, entry, d, (output, problem) =>
      found(output, "links", where, problem),
    );
    const page = outputs.get("web")?.html;
    if (page !== undefined) {
      for (const problem of translationProblems(d, page))
        found("web", "translations", where, problem);
      found("web", "translations", where);
    }

    const body = linksOf([...d.body.blocks, ...d.body.notes.flatMap((n) => n.blocks)]);
    for (const [output, read] of outputs) {
      for (const url of read.links) checkAddress(output, where, url);
      // The links every output must carry: the body's (local files at their public address),
      // the local images shown (the PDF embeds them), and the way to the page and the PDF.
      const wanted = [
        ...body.links,
        ...(output === "pdf" ? [] : body.images),
        ...(output === "web" ? [d.pdf.url] : []),
        ...(output.startsWith("email") ? [d.page.url, d.pdf.url] : []),
      ];
      const have = new Set(read.links);
      for (const url of new Set(wanted)) {
        if (!have.has(url)) found(output, "links", where, `no link to ${url}`);
      }
      found(output, "links", where);

      const normal = output === "pdf" ? drawable : squeeze;
      const haystack = normal(read.text);
      const has = (text: string) => haystack.includes(normal(text));
      for (const [name, value] of factsOf(d)) {
        if (!has(value)) found(output, "facts", where, `the ${name} "${short(value)}" is missing`);
      }
      found(output, "facts", where);
      for (const pieces of piecesOf(d.body.blocks)) {
        if (!inOrder(haystack, pieces, normal))
          found(
            output,
            "text",
            where,
            `the text "${short(pieces.join(" "))}" is missing or changed`,
          );
      }
      found(output, "text", where);
      for (const q of d.quotes) {
        if (!has(q.text)) found(output, "quotes", where, `the quote "${short(q.text)}" is missing`);
        else if (!has(q.credit))
          found(output, "quotes", where, `the credit "${short(q.credit)}" is missing`);
      }
      found(output, "quotes", where);
      for (const note of d.body.notes) {
        if (!piecesOf(note.blocks).every((pieces) => inOrder(haystack, pieces, normal))) {
          const text = piecesOf(note.blocks).flat().join(" ");
          found(output, "footnotes", where, `the footnote "${short(text)}" is missing`);
        }
      }
      found(output, "footnotes", where);
    }
  }
  for (const id of new Set(content.announcements.map((a) => a.id))) {
    const have = content.announcements.filter((a) => a.id === id).map((a) => a.locale);
    const missing = content.site.locales.filter((l) => !have.includes(l));
    if (missing.length) result.warnings.push(`${id} has no ${missing.join(", ")} translation.`);
  }
  return result;
}

/** Reads each output of one translation that the manifest lists. */
async function readOutputs(
  out: string,
  entry: ManifestEntry,
  d: AnnouncementDocument,
  problem: (output: Output, problem: string) => void,
): Promise<Map<Output, ReadBack>> {
  const outputs = new Map<Output, ReadBack>();
  if (entry.page) {
    const html = await readFile(join(out, entry.page), "utf8");
    const links: string[] = [];
    for (const href of hrefs(html)) {
      if (href.startsWith("#") || href === "") continue; // a place on the same page
      // The page's relative links, as the browser follows them from the page's address.
      let resolved: URL;
      try {
        resolved = new URL(href, d.page.url);
      } catch {
        problem("web", `${href} is not a well-formed address`);
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) links.push(href);
      else if (!relativeExists(out, entry.page, href))
        problem("web", `${href} does not exist in the site`);
      else links.push(resolved.href);
    }
    outputs.set("web", {
      text: decode(html.replace(/<head>[\s\S]*?<\/head>/i, "")),
      links,
      html,
    });
  }
  if (entry.pdf) outputs.set("pdf", await readPdf(join(out, entry.pdf), entry.pdf));
  if (entry.email) {
    const html = await readFile(join(out, entry.email.html), "utf8");
    const links = hrefs(html).filter((href) => {
      if (!href.startsWith("#")) return true;
      if (!html.includes(`id="${href.slice(1)}"`))
        problem("email html", `${href} points to no place in the email`);
      return false;
    });
    outputs.set("email html", { text: decode(html), links });
    const text = await readFile(join(out, entry.email.text), "utf8");
    outputs.set("email text", { text, links: addressesIn(text) });
  }
  return outputs;
}

/**
 * The addresses a plain-text reader can follow: each reference line (`[3] https://…`) and any
 * address written in the text ("View in your browser: https://…").
 */
function addressesIn(text: string): string[] {
  const refs = [...text.matchAll(/^\[\d+\] (\S+)$/gm)].map((m) => m[1] ?? "");
  const inline = [...text.matchAll(/(?:https?:\/\/|mailto:)[^\s<>]+/g)].map((m) =>
    m[0].replace(/[.,;:!?)\]。，；：！？）]+$/u, ""),
  );
  return [...new Set([...refs, ...inline])];
}

/** Whether a page's relative link leads to a file of the build. */
function relativeExists(out: string, page: string, href: string): boolean {
  let path = href.replace(/[?#].*$/, "");
  try {
    path = decodeURIComponent(path); // a file name with a space is linked as %20
  } catch {
    return false;
  }
  const target = posix.join(posix.dirname(page), path, path.endsWith("/") ? "index.html" : "");
  return target.startsWith(`${SITE_FOLDER}/`) && existsSync(join(out, target));
}

/** The PDF's text as pdftotext extracts it, and the addresses of its link annotations. */
async function readPdf(file: string, shown: string): Promise<ReadBack> {
  try {
    // In the order the text is written (-raw), as a screen reader and a copy read it; by
    // position, a label that wraps beside its value would be read interleaved with it.
    const { stdout } = await run("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
    const links: string[] = [];
    for (const page of doc.getPages()) {
      const annots = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
      for (let i = 0; i < (annots?.size() ?? 0); i++) {
        const uri = annots
          ?.lookup(i, PDFDict)
          .lookupMaybe(PDFName.of("A"), PDFDict)
          ?.lookupMaybe(PDFName.of("URI"), PDFString);
        if (uri) links.push(uri.decodeText());
      }
    }
    return { text: stdout, links };
  } catch (error) {
    throw new HeraldError(
      `Could not read ${shown} with pdftotext (${(error as Error).message.split("\n")[0]}).\n  Fix: install poppler-utils, or check that the file is a PDF.`,
    );
  }
}

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
  const others = [...html.matchAll(/<a href="[^"]*" hreflang="([^"]+)" lang="[^"]+"[^>]*>/g)].map(
    (m) => m[1] ?? "",
  );
  for (const t of d.translations) {
    if (!t.current && !others.includes(t.locale)) problem(`no link to the ${t.locale} translation`);
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
