import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  announcementDocument,
  companyOf,
  loadContent,
  SITE_FOLDER,
  sampleContentDir,
} from "@herald/model";
import { changedFiles, filesIn } from "@herald/model/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildSite, placePdfs } from "../test/build.js";
import { pressKitPageAddress } from "./routes.js";
import { renderSite } from "./site.js";

// Issue 15: a build lays out the site while its threads make the press kits. The pages are
// written before the PDFs are there; the ZIPs, which hold them, and the press-kit pages, which
// give their sizes, wait for them; the site is the same as one built after them.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "herald-site-pdfs-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("the site while its press kits are made", () => {
  it("#15: writes the other pages first, then the ZIPs and press-kit pages, as a site built after the PDFs", async () => {
    const loaded = await loadContent(sampleContentDir);
    if (!loaded.ok) throw new Error("the sample does not load");
    const { content } = loaded;
    const documents = content.announcements.map((a) => announcementDocument(content, a));
    const inSite = (file: string | undefined) =>
      join(site, (file ?? "").slice(SITE_FOLDER.length + 1));
    const site = join(dir, "while");
    let made = () => {};
    const pdfs = new Promise<void>((resolve) => {
      made = resolve;
    });
    const building = renderSite(content, documents, site, { pdfs });
    // Every announcement's page is written while the PDFs are still being made.
    const written = () => documents.every((d) => existsSync(inSite(d.page.file)));
    for (let i = 0; i < 400 && !written(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(written()).toBe(true);
    for (const locale of content.site.locales) {
      expect(existsSync(inSite(companyOf(content, locale).pressKitZip.file))).toBe(false);
      expect(existsSync(inSite(pressKitPageAddress(content, locale).file))).toBe(false);
    }
    await placePdfs(documents, site);
    made();
    await building;
    const after = join(dir, "after");
    await buildSite(content, after);
    const [a, b] = [await filesIn(site), await filesIn(after)];
    expect([...a.keys()]).toEqual([...b.keys()]);
    expect(changedFiles(a, b)).toEqual([]);
  });
});
