import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type Company, type Content, readPublishedAsset } from "@herald/model";
import { Resvg } from "@resvg/resvg-js";
import satori from "satori";
import { type Face, faceOfChar, familyName, fontFile, satoriFonts } from "./card-fonts.js";
import { outputPath } from "./routes.js";

// The company's mark as the files browsers, phones and mail clients look for at the site's
// root: favicon.ico, a PNG icon, the Apple touch icon, and the logo as a PNG (for the email;
// many mail clients show no SVG). Made from the logo in site.yaml, or, without one (or with
// one in a format the renderer cannot read), from a monogram of the company's initial.

/** The brand colour of the site (its accent), for the monogram and the social card's band. */
export const BRAND_COLOR = "#0b5cad";

/** The PNG icon's size: a multiple of 48, as Google Search asks of favicons, and the size
 * Android's home screen uses; the touch icon covers iOS, favicon.ico the browser tabs. */
export const ICON_SIZE = 192;
export const APPLE_TOUCH_ICON_SIZE = 180;
export const FAVICON_SIZES = [16, 32, 48] as const;

/** An image the renderer can draw: the logo's bytes as a data: URI and its shape. */
export interface Mark {
  /** A data: URI of the image. */
  uri: string;
  /** Width over height, when known. */
  ratio?: number;
  /** The logo's bytes, for cache keys; undefined for the monogram. */
  bytes?: Uint8Array;
}

const mimeTypes: Record<string, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
  svg: "image/svg+xml",
};

const dataUri = (mime: string, bytes: Uint8Array) =>
  `data:${mime};base64,${Buffer.from(bytes).toString("base64")}`;

/** The logo of site.yaml, read from the content folder, or undefined without a drawable one. */
export async function readLogo(content: Content): Promise<Mark | undefined> {
  const asset = content.site.logo;
  const format = asset ? content.files[asset]?.format : undefined;
  const mime = format ? mimeTypes[format] : undefined;
  if (!asset || !mime) return undefined;
  const bytes = await readPublishedAsset(content.dir, asset);
  const size = content.files[asset]?.size ?? content.imageSizes[asset];
  const ratio = size && size.width / size.height;
  // An SVG is drawn to a PNG here, with the faces it may set its text in: nested in another
  // SVG as an image (the icons, the social cards) resvg would draw it without fonts, and a
  // wordmark of <text> would come out as an empty box. 640 px on its longer side is sharper
  // than any picture made from it needs.
  const uri =
    format === "svg"
      ? dataUri("image/png", svgToPng(Buffer.from(bytes).toString("utf8"), MARK_PIXELS))
      : dataUri(mime, bytes);
  return { uri, bytes, ...(ratio && { ratio }) };
}

/** The longer side, in pixels, an SVG logo is drawn at for the pictures made from it. */
const MARK_PIXELS = 640;

/** The company's initial: its name's first letter or digit, as a capital where there are capitals. */
export function initialOf(name: string, locale: string): string {
  // Asked for on every page (the header's mark): a segmenter is costly to make, so once.
  const key = `${locale}\0${name}`;
  let initial = initials.get(key);
  if (initial === undefined) {
    initial = "·";
    const segments = new Intl.Segmenter(locale, { granularity: "grapheme" }).segment(name);
    for (const { segment } of segments) {
      if (/[\p{L}\p{N}]/u.test(segment)) {
        initial = segment.toLocaleUpperCase(locale);
        break;
      }
    }
    initials.set(key, initial);
  }
  return initial;
}
const initials = new Map<string, string>();

/**
 * The monogram: the initial in white on a square of the brand colour, as SVG (its letter
 * drawn as paths, so it needs no font where it is shown). `rounded` rounds the corners
 * (not for the touch icon: iOS rounds it itself).
 */
export async function monogramSvg(content: Content, size: number, rounded = true): Promise<string> {
  const locale = content.site.defaultLocale;
  const initial = initialOf(content.site.name, locale);
  const face: Face = faceOfChar(initial, locale);
  return satori(
    {
      type: "div",
      props: {
        style: {
          width: size,
          height: size,
          display: "flex",
          alignItems: "center",
          justifyContent: "center",
          background: BRAND_COLOR,
          borderRadius: rounded ? Math.round(size * 0.22) : 0,
          color: "#ffffff",
          fontFamily: familyName(face),
          fontWeight: 700,
          fontSize: Math.round(size * (face === "latin" ? 0.62 : 0.56)),
          lineHeight: 1,
        },
        lang: locale,
        children: initial,
      },
    },
    { width: size, height: size, fonts: satoriFonts([face]) },
  );
}

/** The company's mark: the logo, or the monogram of its initial. */
export async function markOf(content: Content): Promise<Mark> {
  const logo = await readLogo(content);
  if (logo) return logo;
  return { uri: dataUri("image/svg+xml", Buffer.from(await monogramSvg(content, 512))), ratio: 1 };
}

/**
 * An SVG of `width`×`height` with the mark fitted inside, `inset` of the smaller side left
 * clear around it, on `background` (transparent without one).
 */
export function framedSvg(
  mark: Mark,
  width: number,
  height: number,
  { background, inset = 0 }: { background?: string; inset?: number } = {},
): string {
  const pad = Math.round(Math.min(width, height) * inset);
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${
    background ? `<rect width="${width}" height="${height}" fill="${background}"/>` : ""
  }<image x="${pad}" y="${pad}" width="${width - 2 * pad}" height="${height - 2 * pad}" preserveAspectRatio="xMidYMid meet" xlink:href="${mark.uri}"/></svg>`;
}

/**
 * An SVG drawn as a PNG of its own size, or `longest` pixels on its longer side. No system
 * font is loaded (a logo's text is set in Noto Sans), so the same SVG gives the same bytes
 * on every machine.
 */
export function svgToPng(svg: string, longest?: number): Uint8Array {
  const font = {
    loadSystemFonts: false,
    fontFiles: [fontFile("latin", 400).path, fontFile("latin", 700).path],
    defaultFontFamily: familyName("latin"),
    sansSerifFamily: familyName("latin"),
  };
  const resvg = new Resvg(svg, { font, fitTo: { mode: "original" } });
  if (!longest) return resvg.render().asPng();
  const { width, height } = resvg;
  const fitTo =
    width >= height
      ? { mode: "width" as const, value: longest }
      : { mode: "height" as const, value: longest };
  return new Resvg(svg, { font, fitTo }).render().asPng();
}

/** The width and height of a PNG, from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** An ICO file holding PNG images (Windows Vista and every browser since read them). */
export function icoFile(pngs: readonly Uint8Array[]): Uint8Array {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach((png, i) => {
    const { width, height } = pngSize(png);
    const at = 6 + 16 * i;
    header.writeUInt8(width >= 256 ? 0 : width, at); // 0 means 256
    header.writeUInt8(height >= 256 ? 0 : height, at + 1);
    header.writeUInt8(0, at + 2); // no palette
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs]);
}

/** Every brand file of the site, by its path inside the site folder. */
export async function brandFiles(
  content: Content,
  company: Company,
): Promise<Map<string, Uint8Array>> {
  const logo = await readLogo(content);
  const mark = logo ?? (await markOf(content));
  const { brand } = company;
  const files = new Map<string, Uint8Array>();
  files.set(
    outputPath(brand.favicon),
    icoFile(FAVICON_SIZES.map((size) => svgToPng(framedSvg(mark, size, size)))),
  );
  files.set(outputPath(brand.icon), svgToPng(framedSvg(mark, ICON_SIZE, ICON_SIZE)));
  // iOS fills transparency with black: the touch icon is opaque, the mark clear of the
  // corners iOS rounds. The monogram fills it edge to edge, in its own colour.
  const touch = logo
    ? framedSvg(logo, APPLE_TOUCH_ICON_SIZE, APPLE_TOUCH_ICON_SIZE, {
        background: "#ffffff",
        inset: 0.12,
      })
    : await monogramSvg(content, APPLE_TOUCH_ICON_SIZE, false);
  files.set(outputPath(brand.appleTouchIcon), svgToPng(touch));
  files.set(
    outputPath(brand.png.src),
    svgToPng(framedSvg(mark, brand.png.width, brand.png.height)),
  );
  return files;
}

/** Writes the icons and the logo PNG at the root of the site folder `outDir`. */
export async function writeBrandFiles(content: Content, company: Company, outDir: string) {
  for (const [path, bytes] of await brandFiles(content, company)) {
    const file = join(outDir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
}
