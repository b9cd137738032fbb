import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { announcementDocument, loadContent, sampleContentDir } from "@herald/model";
import { richContentDir, testPng } from "@herald/model/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { renderPressKit } from "../src/index.js";
import { forgetPreparedImages } from "../src/prepared-images.js";

// Issue #15: each thread prepares an image once (decoded, deflated; an SVG drawn to pixels) and
// writes it into every press kit that shows it. A press kit must come out byte for byte the
// same whether its images were prepared for it or found prepared, and the images must be told
// apart by their bytes, never by their names.

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => forgetPreparedImages());

async function copyOf(dir: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), "herald-pdf-prepared-"));
  dirs.push(copy);
  await cp(dir, copy, { recursive: true });
  return copy;
}

async function kitOf(dir: string, locale: string) {
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  const a = loaded.content.announcements.find((x) => x.locale === locale);
  if (!a) throw new Error(`no ${locale} announcement`);
  return renderPressKit(announcementDocument(loaded.content, a), { contentDir: dir });
}

/** poppler's list of a PDF's images: page, size, colour and whether it has a mask. */
async function imagesOf(bytes: Uint8Array): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "herald-pdf-prepared-list-"));
  dirs.push(dir);
  const file = join(dir, "kit.pdf");
  await writeFile(file, bytes);
  const { stdout } = await run("pdfimages", ["-list", file]);
  return stdout
    .split("\n")
    .slice(2)
    .filter(Boolean)
    .map((line) => line.trim().split(/\s+/).slice(2, 7).join(" "));
}

describe("images prepared once per thread", () => {
  it("a press kit is byte-identical whether its PNGs were prepared for it or found prepared", async () => {
    const cold = await kitOf(richContentDir, "en");
    // The Chinese press kit shares the logo and the figure: the English one is made again
    // with every image found prepared.
    await kitOf(richContentDir, "zh-CN");
    const warm = await kitOf(richContentDir, "en");
    expect(Buffer.from(warm.bytes).equals(Buffer.from(cold.bytes))).toBe(true);
    expect(warm.warnings).toEqual(cold.warnings);
    // The logo and the figure are there, each with its alpha mask.
    expect((await imagesOf(warm.bytes)).length).toBeGreaterThanOrEqual(2);
  });

  it("an SVG drawn once gives the same press kit as an SVG drawn for it", async () => {
    const cold = await kitOf(sampleContentDir, "zh-CN");
    await kitOf(sampleContentDir, "en");
    const warm = await kitOf(sampleContentDir, "zh-CN");
    expect(Buffer.from(warm.bytes).equals(Buffer.from(cold.bytes))).toBe(true);
    expect(await imagesOf(warm.bytes)).toEqual(await imagesOf(cold.bytes));
    expect((await imagesOf(warm.bytes)).length).toBeGreaterThan(0);
  });

  it("two content folders with a different picture under the same name each show their own", async () => {
    const red = await copyOf(richContentDir);
    const blue = await copyOf(richContentDir);
    await writeFile(join(red, "assets/assembly-line.png"), testPng(40, 30));
    await writeFile(join(blue, "assets/assembly-line.png"), testPng(64, 16));
    const redKit = await kitOf(red, "en");
    const blueKit = await kitOf(blue, "en");
    expect((await imagesOf(redKit.bytes)).join("\n")).toContain("40 30 rgb");
    expect((await imagesOf(blueKit.bytes)).join("\n")).toContain("64 16 rgb");
    expect((await imagesOf(blueKit.bytes)).join("\n")).not.toContain("40 30 rgb");
  });

  it("a picture that cannot be shown is reported in every press kit that shows it, not only the first", async () => {
    const dir = await copyOf(richContentDir);
    // Sound in structure (the loader accepts it), pixels no decoder can read.
    await writeFile(
      join(dir, "assets/assembly-line.png"),
      testPng(8, 8, { idat: Buffer.from("not zlib") }),
    );
    for (const locale of ["en", "zh-CN", "en"]) {
      const kit = await kitOf(dir, locale);
      expect(kit.warnings.join("\n")).toMatch(
        /assets\/assembly-line\.png: the press kit cannot show/,
      );
    }
  });
});
