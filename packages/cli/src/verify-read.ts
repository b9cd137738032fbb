import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { promisify } from "node:util";
import {
  type AnnouncementDocument,
  type ManifestEntry,
  normalUrl,
  SITE_FOLDER,
} from "@herald/model";
import { decodeHTML } from "entities";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from "pdf-lib";
import { HeraldError } from "./errors.js";

// Reading the built outputs back the way their readers get them: the page's text and links,
// the PDF's text (in the order it is written) and link annotations, both parts of the email.

const run = promisify(execFile);

export type Output = "web" | "pdf" | "email html" | "email text";

/** An output as its reader gets it. */
export interface ReadBack {
  text: string;
  /**
   * Every address it links to, absolute and in the form the document writes (`normalUrl`), so
   * `HTTPS://X.COM/ü` and `https://x.com/%C3%BC` agree; relative links resolved.
   */
  links: string[];
  /** The text it marks as struck through (<del>, ~~…~~), where it can be told. */
  struck?: string[];
  /** The HTML itself, for a page. */
  html?: string;
}

const decode = (html: string) =>
  decodeHTML(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]+>/g, " "));

const hrefs = (html: string) =>
  [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decodeHTML(m[1] ?? ""));

const deleted = (html: string) =>
  [...html.matchAll(/<del\b[^>]*>([\s\S]*?)<\/del>/g)].map((m) => decode(m[1] ?? ""));

/**
 * Reads each output of one translation that the manifest lists. A file that is not there, or
 * not readable, is a problem of that output, not the end of the check.
 */
export async function readOutputs(
  out: string,
  entry: ManifestEntry,
  d: AnnouncementDocument,
  /** A problem with a file of the output ("facts": it is not there to check) or a link. */
  problem: (output: Output, problem: string, check: "facts" | "links") => void,
): Promise<Map<Output, ReadBack>> {
  const outputs = new Map<Output, ReadBack>();
  const read = async (output: Output, file: string) => {
    try {
      return await readFile(join(out, file), "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problem(
        output,
        `${file} ${code === "ENOENT" ? "is missing" : `cannot be read (${code})`}; run herald build again`,
        "facts",
      );
      return undefined;
    }
  };
  const page = entry.page ? await read("web", entry.page) : undefined;
  if (entry.page && page !== undefined) {
    const links: string[] = [];
    for (const href of hrefs(page)) {
      if (href.startsWith("#") || href === "") continue; // a place on the same page
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) links.push(normalUrl(href));
      else if (!relativeExists(out, entry.page, href))
        problem("web", `${href} does not exist in the site`, "links");
      // The page's relative links, as the browser follows them from the page's address.
      else links.push(new URL(href, d.page.url).href);
    }
    const text = decode(page.replace(/<head>[\s\S]*?<\/head>/i, ""));
    outputs.set("web", { text, links, struck: deleted(page), html: page });
  }
  if (entry.pdf) {
    if (existsSync(join(out, entry.pdf)))
      outputs.set("pdf", await readPdf(join(out, entry.pdf), entry.pdf, d.direction));
    else problem("pdf", `${entry.pdf} is missing; run herald build again`, "facts");
  }
  if (entry.email) {
    const html = await read("email html", entry.email.html);
    if (html !== undefined) {
      const links = hrefs(html).filter((href) => {
        if (!href.startsWith("#")) return true;
        if (!html.includes(`id="${href.slice(1)}"`))
          problem("email html", `${href} points to no place in the email`, "links");
        return false;
      });
      outputs.set("email html", {
        text: decode(html),
        links: links.map(normalUrl),
        struck: deleted(html),
      });
    }
    const text = await read("email text", entry.email.text);
    if (text !== undefined) {
      const struck = [...text.matchAll(/~~(.+?)~~/g)].map((m) => m[1] ?? "");
      outputs.set("email text", { text, links: addressesIn(text).map(normalUrl), struck });
    }
  }
  return outputs;
}

/**
 * The addresses a plain-text reader can follow: each reference line (`[3] https://…`), any
 * address written in the text ("View in your browser: https://…"), and each email address
 * (a mailto: link reads as the address itself).
 */
function addressesIn(text: string): string[] {
  const refs = [...text.matchAll(/^\[\d+\] (\S+)$/gm)].map((m) => m[1] ?? "");
  const inline = [...text.matchAll(/(?:https?:\/\/|mailto:)[^\s<>]+/g)].map((m) =>
    m[0].replace(/[.,;:!?)\]。，；：！？）]+$/u, ""),
  );
  const mailboxes = [
    ...text.matchAll(/[^\s<>()[\]"'，。：；]+@[^\s<>()[\]"'，。：；]+\.[a-z]{2,}/giu),
  ].map((m) => `mailto:${m[0]}`);
  return [...new Set([...refs, ...inline, ...mailboxes])];
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

const bidiControls = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const rightToLeft = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;
const leftToRight = /[\p{L}\p{N}]/u;

/**
 * A left-to-right line as pdftotext -raw gives it, in reading order. pdftotext lists the
 * words as they stand on the page, each right-to-left word in its own embedding (U+202B …
 * U+202C): a right-to-left name ("شركة دوكر") in an English line reads with its words
 * reversed. Reading order is each run of right-to-left words (with the numbers between them,
 * which the bidi algorithm keeps in the run) reversed back; the controls go.
 */
export function leftToRightOrder(line: string): string {
  const words = line.replace(bidiControls, "").split(" ");
  const rtl = (word: string | undefined) => word !== undefined && rightToLeft.test(word);
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    if (!rtl(words[i])) {
      out.push(words[i] ?? "");
      i++;
      continue;
    }
    let end = i + 1;
    // A run goes on over numbers and punctuation, as long as a right-to-left word follows.
    for (let j = end; j < words.length; j++) {
      if (rtl(words[j])) end = j + 1;
      else if (leftToRight.test((words[j] ?? "").replace(/\p{N}/gu, ""))) break;
    }
    out.push(...words.slice(i, end).reverse());
    i = end;
  }
  return out.join(" ");
}

/**
 * A right-to-left line as pdftotext -raw gives it, in reading order. pdftotext gets each word
 * right but lists a line's words as they stand on the page, left to right: reading order is
 * the reverse, but for runs of left-to-right words (a Latin name, a number), which keep
 * theirs. Punctuation at the edge of a run cannot be put back (verify compares letters).
 */
function readingOrder(line: string): string {
  // A word of mixed scripts ("2025و", and 2025) stands on the page as its runs do.
  const runs = line
    .replace(bidiControls, "")
    .split(/\s+/)
    .flatMap(
      (word) =>
        word.match(
          /[\p{Script=Arabic}\p{Script=Hebrew}\p{M}]+|[^\p{Script=Arabic}\p{Script=Hebrew}\p{M}]+/gu,
        ) ?? [],
    );
  const groups: string[][] = [];
  let ltrRun: string[] | undefined;
  for (const run of runs) {
    const ltr = !rightToLeft.test(run) && leftToRight.test(run);
    if (ltr && ltrRun) ltrRun.push(run);
    else {
      ltrRun = ltr ? [run] : undefined;
      groups.push(ltrRun ?? [run]);
    }
  }
  return groups
    .reverse()
    .map((g) => g.join(" "))
    .join(" ");
}

/** The PDF's text as pdftotext extracts it, and the addresses of its link annotations. */
async function readPdf(
  file: string,
  shown: string,
  direction: AnnouncementDocument["direction"],
): Promise<ReadBack> {
  let text: string;
  try {
    // In the order the text is written (-raw), as a screen reader and a copy read it; by
    // position, a label that wraps beside its value would be read interleaved with it.
    ({ stdout: text } = await run("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], {
      maxBuffer: 64 * 1024 * 1024,
    }));
    text = text
      .split("\n")
      .map(direction === "rtl" ? readingOrder : leftToRightOrder)
      .join("\n");
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    throw new HeraldError(
      e.code === "ENOENT"
        ? "herald verify reads press kits with pdftotext, which is not installed.\n  Fix: install poppler-utils (apt install poppler-utils)."
        : `${shown} is not a PDF pdftotext can read (${(e.stderr || e.message).split("\n")[0]}).\n  Fix: run herald build again.`,
    );
  }
  const links: string[] = [];
  try {
    const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
    for (const page of doc.getPages()) {
      const annots = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
      for (let i = 0; i < (annots?.size() ?? 0); i++) {
        const uri = annots
          ?.lookup(i, PDFDict)
          .lookupMaybe(PDFName.of("A"), PDFDict)
          ?.lookupMaybe(PDFName.of("URI"), PDFString);
        if (uri) links.push(normalUrl(uri.decodeText()));
      }
    }
  } catch (error) {
    throw new HeraldError(
      `${shown} is not a PDF Herald can read (${(error as Error).message.split("\n")[0]}).\n  Fix: run herald build again.`,
    );
  }
  return { text, links };
}
