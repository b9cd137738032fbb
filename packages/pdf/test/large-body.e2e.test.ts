import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { announcementDocument, loadContent } from "@herald/model";
import { writeLargeBodyContent } from "@herald/model/testing";
import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { renderPressKit } from "../src/index.js";

// Issue 15: a long body (here 120 KB, about 70 pages) is drawn page by page, each page's
// drawing encoded as soon as it is done. Read back with qpdf and poppler: every page holds
// its own text and frame, and the file is whole.

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("#15: a press kit of a long body", () => {
  it("#15: every page has its own text, running header and number; qpdf finds no fault", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-pdf-large-"));
    dirs.push(dir);
    await writeLargeBodyContent(dir, 120_000, "en");
    const loaded = await loadContent(dir);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const { content } = loaded;
    const document = announcementDocument(content, content.announcements[0] as never);
    const kit = await renderPressKit(document, { contentDir: dir });
    expect(kit.pages).toBeGreaterThan(40);
    const file = join(dir, "kit.pdf");
    await writeFile(file, kit.bytes);
    await run("qpdf", ["--check", file]);
    const { stdout } = await run("pdftotext", ["-layout", file, "-"], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const pages = stdout.split("\f").filter((page) => page.trim() !== "");
    expect(pages).toHaveLength(kit.pages);
    pages.forEach((page, i) => {
      // "12/179" or "12 / 179", as poppler spaces the page number.
      expect(page, `page ${i + 1}`).toMatch(new RegExp(`(^|\\s)${i + 1} ?/ ?${kit.pages}(\\s|$)`));
      // After the cover, the running header names the company on every page.
      if (i > 0) expect(page, `page ${i + 1}`).toContain("Example Corp");
    });
    // Sections from the start, the middle and the end of the body, in order.
    const text = pages.join("\n");
    const at = (heading: string) => text.indexOf(heading);
    expect(at("1. The faster support revenue")).toBeGreaterThan(0);
    expect(at("30. ")).toBeGreaterThan(at("1. The faster support revenue"));
    expect(at("The end.")).toBeGreaterThan(at("30. "));

    // Each page names each font it uses once in its resources. pdf-lib's drawText named the
    // font anew for every piece of text (and again to restore the one before): 190,000 names
    // at a 5 MB body, each held in memory until saved and written into the file.
    const pdf = await PDFDocument.load(kit.bytes);
    for (const [i, page] of pdf.getPages().entries()) {
      const fonts = page.node.Resources()?.lookupMaybe(PDFName.of("Font"), PDFDict);
      const refs = fonts ? [...fonts.entries()].map(([, ref]) => String(ref)) : [];
      expect(refs.length, `page ${i + 1}`).toBe(new Set(refs).size);
    }
  });
});
