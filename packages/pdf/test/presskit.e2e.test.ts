import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  type Announcement,
  type AnnouncementDocument,
  announcementDocument,
  type Content,
  loadContent,
  sampleContentDir,
  walk,
} from "@herald/model";
import { testGif, testJpeg, testPng } from "@herald/model/testing";
import type { Nodes, Root } from "mdast";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPressKit } from "../src/index.js";
import { noLineStart } from "../src/text.js";

const run = promisify(execFile);
const artifacts = fileURLToPath(new URL("../test-artifacts/", import.meta.url));

let content: Content;
let dir: string;
const files: Record<string, string> = {};
const kits: Record<string, Awaited<ReturnType<typeof renderPressKit>>> = {};

const byLocale = (locale: string) =>
  content.announcements.find((a) => a.locale === locale) as Announcement;

/** The press kit of announcement `a` of `c`, laid out from its announcement document. */
const kitOf = (
  c: Content,
  a: Announcement,
  options: { pageSize?: "a4" | "letter" } = {},
  change?: (document: AnnouncementDocument) => void,
) => {
  const document = announcementDocument(c, a);
  change?.(document);
  return renderPressKit(document, { contentDir: c.dir, ...options });
};

/** The temporary folders the tests made, removed after them. */
const temps: string[] = [];
afterAll(async () => {
  for (const temp of temps) await rm(temp, { recursive: true, force: true });
});

beforeAll(async () => {
  const loaded = await loadContent(sampleContentDir);
  if (!loaded.ok) throw new Error("sample content does not load");
  content = loaded.content;
  dir = await mkdtemp(join(tmpdir(), "herald-pdf-"));
  temps.push(dir);
  await mkdir(artifacts, { recursive: true });
  for (const a of content.announcements) {
    const kit = await kitOf(content, a);
    kits[a.locale] = kit;
    files[a.locale] = join(dir, `${a.locale}.pdf`);
    await writeFile(files[a.locale] as string, kit.bytes);
  }
});

/** The body's paragraphs as a reader sees them, footnote marks as the document numbers them. */
function paragraphs(a: Announcement): string[] {
  const text = (node: Nodes): string => {
    if (node.type === "text" || node.type === "inlineCode") return node.value;
    if (node.type === "footnoteReference") return String(node.data?.number);
    if (node.type === "image") return "";
    return "children" in node ? node.children.map((c) => text(c as Nodes)).join("") : "";
  };
  const out: string[] = [];
  walk(bodyOf(a), (node) => {
    if (node.type === "paragraph" || node.type === "heading") {
      const t = text(node).trim();
      if (t) out.push(t);
    }
  });
  return out;
}

/** The announcement's body as the press kit gets it: resolved by the model. */
const bodyOf = (a: Announcement): Root => ({
  type: "root",
  children: announcementDocument(content, a).body.blocks,
});

const squeeze = (s: string) => s.replace(/\s+/g, "");

describe.each(["zh-CN", "en"])("the %s press kit, read back", (locale) => {
  it("has the title, language, dates and page size in its metadata", async () => {
    const a = byLocale(locale);
    const { stdout } = await run("pdfinfo", [files[locale] as string]);
    expect(stdout).toContain(`Title:           ${a.title}`);
    expect(stdout).toContain("Producer:        Herald");
    expect(stdout).toContain("CreationDate:    Wed Jan 22 00:00:00 2014 UTC");
    expect(stdout).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(Number(stdout.match(/Pages:\s+(\d+)/)?.[1])).toBe(kits[locale]?.pages);
    const doc = await PDFDocument.load(await readFile(files[locale] as string));
    expect(doc.catalog.lookup(PDFName.of("Lang"), PDFString).decodeText()).toBe(locale);
  });

  it("embeds and subsets every font, with the subset tag in its name", async () => {
    const { stdout } = await run("pdffonts", [files[locale] as string]);
    const rows = stdout.trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows)
      expect(row).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it("passes qpdf --check", async () => {
    const { stdout } = await run("qpdf", ["--check", files[locale] as string]);
    expect(stdout).toContain("No syntax or stream encoding errors found");
  });

  it("gives back every paragraph of the body, in order, as text", async () => {
    const { stdout } = await run("pdftotext", ["-enc", "UTF-8", files[locale] as string, "-"]);
    // Running headers and page numbers sit between the halves of a paragraph split by a page.
    const header = `${content.site.name} · ${byLocale(locale).title}`;
    const extracted = squeeze(
      stdout
        .split("\n")
        .filter((line) => line.replace(/^\f/, "") !== header && !/^\d+ ?\/ ?\d+$/.test(line))
        .join("\n")
        // #13: a link's text is followed by the number of its address in the list.
        .replace(/\[\d+\]/g, "")
        // pdftotext joins "open-" at a line's end to "source" without its hyphen.
        .replace(/-/g, ""),
    );
    let from = 0;
    const expected = paragraphs(byLocale(locale));
    expect(expected.length).toBeGreaterThan(30);
    for (const paragraph of expected) {
      const at = extracted.indexOf(squeeze(paragraph).replace(/-/g, ""), from);
      expect(at, `missing or out of order: ${paragraph}`).toBeGreaterThanOrEqual(0);
      from = at;
    }
  });

  it("starts no line with closing punctuation", async () => {
    const { stdout } = await run("pdftotext", ["-enc", "UTF-8", files[locale] as string, "-"]);
    const offending = stdout
      .split("\n")
      .filter((line) => noLineStart.has([...line.trim()][0] ?? ""));
    expect(offending).toEqual([]);
  });

  it("links every address of the text, the QR code's page and the footnotes both ways", async () => {
    const doc = await PDFDocument.load(await readFile(files[locale] as string));
    const uris = new Set<string>();
    let internal = 0;
    for (const page of doc.getPages()) {
      const annots = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
      for (let i = 0; i < (annots?.size() ?? 0); i++) {
        const annot = annots?.lookup(i, PDFDict);
        const action = annot?.lookupMaybe(PDFName.of("A"), PDFDict);
        const uri = action?.lookupMaybe(PDFName.of("URI"), PDFString);
        if (uri) uris.add(uri.decodeText());
        if (annot?.get(PDFName.of("Dest"))) internal++;
      }
    }
    const links: string[] = [];
    walk(bodyOf(byLocale(locale)), (n) => {
      if (n.type === "link") links.push(n.data?.href?.url ?? "");
    });
    for (const url of links) expect(uris.has(new URL(url).href), url).toBe(true);
    expect(uris.has(`https://newsroom.example.com/${locale}/news/docker-series-b/`)).toBe(true);
    // Two notes, each linked both ways, and (#13) each numbered link's mark to its address.
    const { stdout } = await run("pdftotext", ["-enc", "UTF-8", files[locale] as string, "-"]);
    const marks = stdout.match(/\S\[\d+\]/g) ?? [];
    expect(marks.length).toBeGreaterThan(10);
    expect(internal).toBe(4 + marks.length);
  });

  it("has an outline of every section", async () => {
    const doc = await PDFDocument.load(await readFile(files[locale] as string));
    const outlines = doc.catalog.lookup(PDFName.of("Outlines"), PDFDict);
    const titles: string[] = [];
    const visit = (item: PDFDict | undefined, depth: number) => {
      for (let node = item; node; node = node.lookupMaybe(PDFName.of("Next"), PDFDict)) {
        titles.push(
          `${"  ".repeat(depth)}${node.lookup(PDFName.of("Title"), PDFHexString).decodeText()}`,
        );
        visit(node.lookupMaybe(PDFName.of("First"), PDFDict), depth + 1);
      }
    };
    visit(outlines.lookupMaybe(PDFName.of("First"), PDFDict), 0);
    const headings: string[] = [];
    walk(byLocale(locale).body, (n) => {
      if (n.type === "heading")
        headings.push(n.children.map((c) => ("value" in c ? c.value : "")).join(""));
    });
    expect(titles.length).toBeGreaterThanOrEqual(headings.length + 6);
    for (const h of headings)
      expect(
        titles.some((t) => t.trim() === h),
        h,
      ).toBe(true);
  });

  it("has ink on every page when rendered with no system fonts at all", async () => {
    const fontDir = await mkdtemp(join(tmpdir(), "herald-nofonts-"));
    temps.push(fontDir);
    const config = join(fontDir, "fonts.conf");
    await writeFile(
      config,
      `<?xml version="1.0"?><fontconfig><dir>${fontDir}/empty</dir><cachedir>${fontDir}/cache</cachedir></fontconfig>`,
    );
    const prefix = join(fontDir, "page");
    await run("pdftoppm", ["-r", "40", "-gray", files[locale] as string, prefix], {
      env: { ...process.env, FONTCONFIG_FILE: config },
    });
    const pages = (await readdir(fontDir)).filter((f) => f.endsWith(".pgm")).sort();
    expect(pages).toHaveLength(kits[locale]?.pages ?? -1);
    for (const page of pages) {
      const pgm = await readFile(join(fontDir, page));
      // Binary PGM: three header lines, then one byte per pixel.
      let offset = 0;
      for (let lines = 0; lines < 3; offset++) if (pgm[offset] === 0x0a) lines++;
      let dark = 0;
      for (let i = offset; i < pgm.length; i++) if ((pgm[i] ?? 255) < 128) dark++;
      expect({ page, inked: dark > 500 }).toEqual({ page, inked: true });
    }
  });

  it("renders to PNG pages for a person to look at", async () => {
    // Pages of an earlier, longer press kit would be counted too.
    for (const png of await readdir(artifacts)) {
      if (png.startsWith(`presskit-${locale}-`)) await rm(join(artifacts, png));
    }
    await run("pdftoppm", [
      "-r",
      "70",
      "-png",
      files[locale] as string,
      join(artifacts, `presskit-${locale}`),
    ]);
    const pngs = (await readdir(artifacts)).filter((f) => f.startsWith(`presskit-${locale}`));
    expect(pngs).toHaveLength(kits[locale]?.pages ?? -1);
  });
});

/** The pixel size of every image in a PDF, as poppler lists them ("120x40"). */
async function imageSizes(pdf: string): Promise<string[]> {
  const { stdout } = await run("pdfimages", ["-list", pdf]);
  return stdout
    .trim()
    .split("\n")
    .slice(2)
    .map((row) => row.trim().split(/\s+/).slice(3, 5).join("x"));
}

describe("press kit options and edge cases", () => {
  it("embeds local PNG images and the logo, and names what it cannot embed", async () => {
    const copy = await mkdtemp(join(tmpdir(), "herald-pdf-images-"));
    temps.push(copy);
    await cp(sampleContentDir, copy, { recursive: true });
    await mkdir(join(copy, "assets"), { recursive: true });
    await writeFile(join(copy, "assets/logo.png"), testPng(120, 40));
    await writeFile(join(copy, "assets/chart.png"), testPng(400, 200));
    await writeFile(join(copy, "assets/old.gif"), testGif());
    await writeFile(
      join(copy, "site.yaml"),
      (await readFile(join(copy, "site.yaml"), "utf8")).replace(
        "logo: assets/logo.svg",
        "logo: assets/logo.png",
      ),
    );
    const file = join(copy, "announcements/docker-series-b.en.md");
    await writeFile(
      file,
      `${await readFile(file, "utf8")}\n![Funding chart](../assets/chart.png "Where the money goes")\n\n![Old chart](../assets/old.gif)\n`,
    );
    const loaded = await loadContent(copy);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const a = loaded.content.announcements.find((x) => x.locale === "en") as Announcement;
    const kit = await kitOf(loaded.content, a);
    expect(kit.warnings).toEqual([
      "announcements/docker-series-b.en.md: assets/old.gif cannot be embedded in the PDF (only PNG, JPEG and SVG can); the press kit names it instead. Save it as PNG, JPEG or SVG.",
    ]);
    const out = join(copy, "kit.pdf");
    await writeFile(out, kit.bytes);
    expect(await imageSizes(out)).toEqual(["120x40", "400x200"]);
    const text = (await run("pdftotext", ["-enc", "UTF-8", out, "-"])).stdout;
    expect(text).toContain("Where the money goes");
    expect(text).toContain("assets/old.gif");
  });

  it("#9: an image the loader accepts but pdf-lib cannot decode is a warning, not a crash", async () => {
    const copy = await mkdtemp(join(tmpdir(), "herald-pdf-images-"));
    temps.push(copy);
    await cp(sampleContentDir, copy, { recursive: true });
    await mkdir(join(copy, "assets"), { recursive: true });
    // Sound structure and checksums, but the pixels are not a deflate stream.
    await writeFile(join(copy, "assets/bad.png"), testPng(8, 8, { idat: Buffer.from("not zlib") }));
    // A small JPEG: Node reads it into its shared buffer pool, which pdf-lib used to misread.
    await writeFile(join(copy, "assets/photo.jpg"), testJpeg(64, 48));
    const file = join(copy, "announcements/docker-series-b.en.md");
    await writeFile(
      file,
      `${await readFile(file, "utf8")}\n![Bad](../assets/bad.png)\n\n![Photo](../assets/photo.jpg)\n`,
    );
    const loaded = await loadContent(copy);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const a = loaded.content.announcements.find((x) => x.locale === "en") as Announcement;
    const kit = await kitOf(loaded.content, a);
    expect(kit.warnings).toHaveLength(1);
    expect(kit.warnings[0]).toMatch(
      /^assets\/bad\.png: the press kit cannot show this image \(.+\); its place stays empty\. Export the image again as PNG or JPEG\.$/,
    );
    const out = join(copy, "kit.pdf");
    await writeFile(out, kit.bytes);
    // The sample's SVG logo (#13), drawn to PNG with its alpha mask, and the JPEG.
    expect(await imageSizes(out)).toEqual(["600x600", "600x600", "64x48"]);
    // poppler decodes the JPEG without complaint.
    const render = await run("pdftoppm", ["-r", "20", "-png", out, join(copy, "page")]);
    expect(render.stderr).toBe("");
  });

  it("builds byte-identical files from the same content", async () => {
    const a = byLocale("zh-CN");
    const again = await kitOf(content, a);
    expect(Buffer.from(again.bytes).equals(Buffer.from(kits["zh-CN"]?.bytes ?? []))).toBe(true);
  });

  it("prints on US Letter when asked", async () => {
    const kit = await kitOf(content, byLocale("en"), { pageSize: "letter" });
    const file = join(dir, "letter.pdf");
    await writeFile(file, kit.bytes);
    const { stdout } = await run("pdfinfo", [file]);
    expect(stdout).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
  });

  it("warns about a character no embedded font has, naming it and the file", async () => {
    const a = { ...byLocale("en"), title: "Launch day ᚠ" };
    const kit = await kitOf(content, a);
    expect(kit.warnings).toEqual([
      'announcements/docker-series-b.en.md: no embedded font can draw "ᚠ" (U+16A0), in this file or in the names and facts its press kit takes from site.yaml, people.yaml or organizations.yaml; the press kit shows □ in its place. Remove it or replace it with text.',
    ]);
  });

  it("#13: leaves emoji to the content check, which names the field they are in", async () => {
    const kit = await kitOf(content, { ...byLocale("en"), title: "Launch day 🚀" });
    expect(kit.warnings).toEqual([]);
  });

  it("has no warnings for the sample", () => {
    expect(kits["zh-CN"]?.warnings).toEqual([]);
    expect(kits.en?.warnings).toEqual([]);
  });
});
