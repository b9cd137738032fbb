import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Content,
  companyOf,
  LOGO_PNG_HEIGHT,
  loadContent,
  sampleContentDir,
} from "@herald/model";
import {
  loadLanguagesContent,
  writeLanguagesContent,
  writeSyntheticContent,
} from "@herald/model/testing";
import { Resvg } from "@resvg/resvg-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BRAND_COLOR, brandFiles, icoFile, initialOf, pngSize } from "./icons.js";

/** The RGBA pixels of a PNG, decoded by resvg (the PNG drawn at its own size). */
export function pixelsOf(png: Uint8Array): { width: number; height: number; rgba: Buffer } {
  const { width, height } = pngSize(png);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" xlink:href="data:image/png;base64,${Buffer.from(png).toString("base64")}"/></svg>`;
  const rendered = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  return { width, height, rgba: Buffer.from(rendered.pixels) };
}

/** The images inside an ICO file, read from its directory as a browser reads it. */
function icoEntries(ico: Uint8Array) {
  const b = Buffer.from(ico);
  expect([b.readUInt16LE(0), b.readUInt16LE(2)]).toEqual([0, 1]);
  return Array.from({ length: b.readUInt16LE(4) }, (_, i) => {
    const at = 6 + 16 * i;
    const size = b.readUInt32LE(at + 8);
    const offset = b.readUInt32LE(at + 12);
    const png = b.subarray(offset, offset + size);
    return {
      width: b.readUInt8(at) || 256,
      height: b.readUInt8(at + 1) || 256,
      bpp: b.readUInt16LE(at + 6),
      signature: png.subarray(0, 8).toString("hex"),
      pngSize: pngSize(png),
    };
  });
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function syntheticWithName(name: string): Promise<Content> {
  const dir = await mkdtemp(join(tmpdir(), "herald-monogram-"));
  dirs.push(dir);
  await writeSyntheticContent(dir, 1);
  const site = await readFile(join(dir, "site.yaml"), "utf8");
  await writeFile(join(dir, "site.yaml"), site.replace(/^name: .*$/m, `name: ${name}`));
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded.content;
}

const filesOf = async (content: Content) =>
  brandFiles(content, companyOf(content, content.site.defaultLocale));

describe("the brand files", () => {
  let sample: Content;
  beforeAll(async () => {
    const loaded = await loadContent(sampleContentDir);
    if (!loaded.ok) throw new Error("the sample does not load");
    sample = loaded.content;
  });

  it("#13: favicon.ico is an ICO of 16, 32 and 48 px PNG images", async () => {
    const files = await filesOf(sample);
    const entries = icoEntries(files.get("favicon.ico") as Uint8Array);
    expect(entries).toEqual(
      [16, 32, 48].map((size) => ({
        width: size,
        height: size,
        bpp: 32,
        signature: "89504e470d0a1a0a",
        pngSize: { width: size, height: size },
      })),
    );
  });

  it("#13: icon.png is 192 px, the touch icon 180 px and opaque, logo.png 160 px high", async () => {
    const files = await filesOf(sample);
    const company = companyOf(sample, "en");
    expect(pngSize(files.get("icon.png") as Uint8Array)).toEqual({ width: 192, height: 192 });
    const touch = pixelsOf(files.get("apple-touch-icon.png") as Uint8Array);
    expect([touch.width, touch.height]).toEqual([180, 180]);
    const alphas = new Set([...touch.rgba].filter((_, i) => i % 4 === 3));
    expect([...alphas]).toEqual([255]);
    expect(pngSize(files.get("logo.png") as Uint8Array)).toEqual({
      width: company.brand.png.width,
      height: LOGO_PNG_HEIGHT,
    });
    // The logo is drawn: the sample's blue is in the icon, which is not blank.
    const icon = pixelsOf(files.get("icon.png") as Uint8Array);
    const centre = (96 * 192 + 20) * 4;
    expect([...icon.rgba.subarray(centre, centre + 4)]).toEqual([0x0b, 0x6f, 0xb8, 255]);
  });

  it("#13: a PNG logo makes the icons too", async () => {
    const dir = await writeLanguagesContent();
    dirs.push(dir);
    const content = await loadLanguagesContent(dir);
    const files = await filesOf(content);
    expect(icoEntries(files.get("favicon.ico") as Uint8Array)).toHaveLength(3);
    const icon = pixelsOf(files.get("icon.png") as Uint8Array);
    expect(icon.rgba.some((v, i) => i % 4 === 3 && v > 0)).toBe(true);
  });

  it("#13: an SVG logo whose name is <text> draws its letters (in Noto Sans), not an empty box", async () => {
    const content = await syntheticWithName("Acme");
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="120" viewBox="0 0 640 120">' +
      '<rect width="640" height="120" fill="#0b5cad"/>' +
      '<text x="24" y="88" font-family="sans-serif" font-size="80" fill="#ffffff">ACME INC</text></svg>';
    await writeFile(join(content.dir, "assets-logo.svg"), svg);
    const withLogo = {
      ...content,
      site: { ...content.site, logo: "assets-logo.svg" },
      files: {
        ...content.files,
        "assets-logo.svg": { format: "svg", bytes: svg.length, size: { width: 640, height: 120 } },
      },
    } as Content;
    const files = await brandFiles(withLogo, companyOf(withLogo, withLogo.site.defaultLocale));
    const logo = pixelsOf(files.get("logo.png") as Uint8Array);
    // White letters on the blue: a good share of the pixels are light.
    let light = 0;
    for (let i = 0; i < logo.rgba.length; i += 4) {
      if ((logo.rgba[i] as number) > 200 && (logo.rgba[i + 2] as number) > 200) light++;
    }
    expect(light / (logo.width * logo.height)).toBeGreaterThan(0.05);
  });

  it("#13: without a logo, the icons are a monogram of the company's initial", async () => {
    const example = await filesOf(await syntheticWithName("Example Corp"));
    const zeta = await filesOf(await syntheticWithName("Zeta Corp"));
    const han = await filesOf(await syntheticWithName("北风科技"));
    const otherHan = await filesOf(await syntheticWithName("南风科技"));
    for (const files of [example, han]) {
      const icon = pixelsOf(files.get("icon.png") as Uint8Array);
      // The brand colour's square, and a white letter on it.
      const at = (x: number, y: number) => [
        ...icon.rgba.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 3),
      ];
      expect(
        at(20, 96)
          .map((v) => v.toString(16).padStart(2, "0"))
          .join(""),
      ).toBe(BRAND_COLOR.slice(1));
      expect(
        icon.rgba.some((_, i) => i % 4 === 0 && icon.rgba.readUInt32BE(i) === 0xffffffff),
      ).toBe(true);
      expect(pngSize(files.get("apple-touch-icon.png") as Uint8Array)).toEqual({
        width: 180,
        height: 180,
      });
      expect(pngSize(files.get("logo.png") as Uint8Array)).toEqual({ width: 160, height: 160 });
    }
    // Another letter draws another icon: the letter is drawn, not a box for a missing glyph
    // (which looks the same for every character).
    expect(
      Buffer.compare(example.get("icon.png") as Uint8Array, zeta.get("icon.png") as Uint8Array),
    ).not.toBe(0);
    expect(
      Buffer.compare(han.get("icon.png") as Uint8Array, otherHan.get("icon.png") as Uint8Array),
    ).not.toBe(0);
  });

  it("#13: the initial is the name's first letter or digit, in any script", () => {
    expect(initialOf("Docker, Inc.", "en")).toBe("D");
    expect(initialOf("(acme) robotics", "en")).toBe("A");
    expect(initialOf("3M", "en")).toBe("3");
    expect(initialOf("北风科技", "zh-CN")).toBe("北");
    expect(initialOf("شركة نور", "ar")).toBe("ش");
    expect(initialOf("ёлка", "ru")).toBe("Ё");
    expect(initialOf("istanbul", "tr")).toBe("İ");
  });

  it("#13: an ICO entry of 256 px is written as 0, as the format says", () => {
    const png = Buffer.alloc(24);
    png.writeUInt32BE(256, 16);
    png.writeUInt32BE(256, 20);
    const ico = Buffer.from(icoFile([png]));
    expect([ico.readUInt8(6), ico.readUInt8(7), ico.readUInt32LE(6 + 12)]).toEqual([0, 0, 22]);
  });
});
