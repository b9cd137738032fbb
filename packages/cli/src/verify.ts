import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { promisify } from "node:util";
import {
  type Announcement,
  type Content,
  findOrganization,
  findPerson,
  formatMoney,
  localize,
  type Manifest,
  manifestSchema,
  siteUrl,
  textOf,
} from "@herald/model";
import type { Nodes } from "mdast";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from "pdf-lib";
import { HeraldError } from "./errors.js";

// Reads the built outputs back the way their readers do (the page's text, the PDF's text as
// pdftotext extracts it, both parts of the email) and checks they say what the model says.

const run = promisify(execFile);

export type Output = "web" | "pdf" | "email html" | "email text";
export type Check = "facts" | "quotes" | "footnotes" | "links" | "translations";

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

const decode = (html: string) =>
  html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

/** Whitespace is layout, not content: outputs wrap and space text differently. */
const squeeze = (text: string) => text.replace(/\s+/g, "");

/** The facts every output must carry: label → text. */
function facts(content: Content, a: Announcement): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const f = a.funding;
  if (f) {
    out.push(["round", f.round], ["amount", formatMoney(f.amount, f.currency, a.locale)]);
    for (const id of f.lead)
      out.push([
        "lead investor",
        localize(findOrganization(content, id).name, a.locale, content.site),
      ]);
    for (const id of f.participants)
      out.push([
        "participant",
        localize(findOrganization(content, id).name, a.locale, content.site),
      ]);
    for (const id of f.boardMembers)
      out.push(["board member", localize(findPerson(content, id).name, a.locale, content.site)]);
  }
  return out;
}

/**
 * The runs of a block's text that every output shows as written. Each output shows an image
 * its own way (an alt attribute, "Image: Chart", a caption) and the plain text puts a
 * reference number after a link (`the docs [31]`), so the text is cut at images and after
 * links, and each run is looked for on its own.
 */
function runsOf(block: Nodes): string[] {
  const runs: string[] = [];
  let run = "";
  const visit = (node: Nodes) => {
    if (node.type === "image" || node.type === "imageReference") {
      runs.push(run);
      run = "";
    } else if ("children" in node) {
      for (const child of node.children) visit(child as Nodes);
      if (node.type === "link" || node.type === "linkReference") {
        runs.push(run);
        run = "";
      }
    } else run += textOf(node);
  };
  visit(block);
  runs.push(run);
  return runs.filter((r) => r.trim() !== "");
}

/**
 * Each block of each footnote (outputs may mark a quote or put a back-link between them): its
 * text as a reader sees it, and the runs that must each be in every output.
 */
function footnotes(a: Announcement): Array<{ text: string; runs: string[] }> {
  return a.body.children
    .flatMap((n) => (n.type === "footnoteDefinition" ? n.children : []))
    .map((block) => {
      const runs = runsOf(block as Nodes);
      return { text: runs.join(" ").replace(/\s+/g, " ").trim(), runs };
    })
    .filter((note) => note.runs.length > 0);
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decode(m[1] ?? ""));
}

/** Checks the build in `out` against the content. */
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
  /** A link to the published site, as the file in the build it will be served from. */
  const siteFile = (url: string) => {
    const path = decodeURIComponent(url.slice(base.length).replace(/[?#].*$/, ""));
    return join(out, "site", path === "" || path.endsWith("/") ? `${path}index.html` : path);
  };
  // The unsubscribe page is the site's server's business, not a file of the build.
  const unsubscribe = content.site.newsletter.unsubscribe?.url?.split("{email}")[0];
  const checkExternal = (output: Output, where: string, url: string) => {
    if (url.startsWith(base) && !(unsubscribe && url.startsWith(unsubscribe))) {
      if (!existsSync(siteFile(url)))
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

  for (const a of content.announcements) {
    const where = `${a.id}/${a.locale}`;
    const entry = manifest.announcements.find((e) => e.id === a.id && e.locale === a.locale);
    if (!entry) {
      for (const output of ["web", "pdf", "email html", "email text"] as const)
        found(output, "facts", where, "missing from the build");
      continue;
    }
    const texts = new Map<Output, string>();
    if (entry.page) {
      const html = await readFile(join(out, entry.page), "utf8");
      texts.set("web", decode(html.replace(/<head>[\s\S]*?<\/head>/i, "")));
      for (const href of hrefs(html)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
          checkExternal("web", where, href);
          continue;
        }
        let path = href.replace(/[?#].*$/, "");
        if (path === "") continue; // an anchor on the same page
        try {
          path = decodeURIComponent(path); // a file name with a space is linked as %20
        } catch {
          found("web", "links", where, `${href} is not a well-formed address`);
          continue;
        }
        const target = posix.join(
          posix.dirname(entry.page),
          path,
          path.endsWith("/") ? "index.html" : "",
        );
        if (!existsSync(join(out, target)))
          found("web", "links", where, `${href} does not exist in the site`);
      }
      found("web", "links", where);
      // hreflang alternates and "other languages" links name exactly the translations that exist.
      const translations = content.announcements
        .filter((t) => t.id === a.id)
        .map((t) => t.locale)
        .sort();
      const alternates = [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)"/g)]
        .map((m) => m[1] ?? "")
        .filter((l) => l !== "x-default")
        .sort();
      found(
        "web",
        "translations",
        where,
        alternates.join() === translations.join()
          ? undefined
          : `hreflang lists ${alternates.join(", ")}, but the translations are ${translations.join(", ")}`,
      );
      // The page's own "other languages" links, one per other translation.
      const others = [
        ...html.matchAll(/<a href="[^"]*" hreflang="([^"]+)" lang="[^"]+"[^>]*>/g),
      ].map((m) => m[1] ?? "");
      for (const locale of translations.filter((l) => l !== a.locale)) {
        if (!others.includes(locale))
          found("web", "translations", where, `no link to the ${locale} translation`);
      }
    }
    if (entry.pdf) {
      try {
        const { stdout } = await run("pdftotext", ["-enc", "UTF-8", join(out, entry.pdf), "-"], {
          maxBuffer: 64 * 1024 * 1024,
        });
        texts.set("pdf", stdout);
        // Every clickable address in the PDF, from its link annotations.
        const doc = await PDFDocument.load(await readFile(join(out, entry.pdf)), {
          updateMetadata: false,
        });
        for (const page of doc.getPages()) {
          const annots = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
          for (let i = 0; i < (annots?.size() ?? 0); i++) {
            const uri = annots
              ?.lookup(i, PDFDict)
              .lookupMaybe(PDFName.of("A"), PDFDict)
              ?.lookupMaybe(PDFName.of("URI"), PDFString);
            if (uri) checkExternal("pdf", where, uri.decodeText());
          }
        }
        found("pdf", "links", where);
      } catch (error) {
        throw new HeraldError(
          `Could not read ${entry.pdf} with pdftotext (${(error as Error).message.split("\n")[0]}).\n  Fix: install poppler-utils, or check that the file is a PDF.`,
        );
      }
    }
    if (entry.email) {
      const html = await readFile(join(out, entry.email.html), "utf8");
      texts.set("email html", decode(html));
      texts.set("email text", await readFile(join(out, entry.email.text), "utf8"));
      for (const href of hrefs(html)) {
        if (href.startsWith("#")) {
          if (!html.includes(`id="${href.slice(1)}"`))
            found("email html", "links", where, `${href} points to no place in the email`);
        } else checkExternal("email html", where, href);
      }
      found("email html", "links", where);
      const text = texts.get("email text") ?? "";
      for (const m of text.matchAll(/^\[\d+\] (\S+)$/gm))
        checkExternal("email text", where, m[1] ?? "");
      found("email text", "links", where);
    }
    for (const [output, text] of texts) {
      const haystack = squeeze(text);
      for (const [label, value] of facts(content, a)) {
        found(
          output,
          "facts",
          where,
          haystack.includes(squeeze(value)) ? undefined : `the ${label} "${value}" is missing`,
        );
      }
      found(output, "facts", where);
      for (const q of a.quotes) {
        found(
          output,
          "quotes",
          where,
          haystack.includes(squeeze(q.text))
            ? undefined
            : `the quote "${q.text.slice(0, 40)}…" is missing`,
        );
      }
      found(output, "quotes", where);
      for (const note of footnotes(a)) {
        found(
          output,
          "footnotes",
          where,
          note.runs.every((run) => haystack.includes(squeeze(run)))
            ? undefined
            : `the footnote "${note.text.slice(0, 40)}…" is missing`,
        );
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

/** The table a person reads: output × check, ✓ or ✗ with the number of problems. */
export function verifyTable(result: VerifyResult): string {
  const outputs: Output[] = ["web", "pdf", "email html", "email text"];
  const checks: Check[] = ["facts", "quotes", "footnotes", "links", "translations"];
  const cell = (output: Output, check: Check) => {
    if (!result.checked.has(`${output}|${check}`)) return "-";
    const n = result.findings.filter((f) => f.output === output && f.check === check).length;
    return n === 0 ? "ok" : `FAIL ${n}`;
  };
  const rows = [["", ...checks], ...outputs.map((o) => [o, ...checks.map((c) => cell(o, c))])];
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
