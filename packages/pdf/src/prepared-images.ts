import { createHash } from "node:crypto";
import { PDFContext, type PDFDocument, PDFImage, type PDFRef, PngEmbedder } from "pdf-lib";
import { assertPngPixels } from "./images.js";
import { svgShape, svgToPng } from "./svg.js";

// A build lays out hundreds of press kits that show the same logo and the same charts, and
// pdf-lib decodes a PNG and deflates its pixels again for every document that embeds it (an
// SVG is first drawn to pixels by resvg): on a newsroom of thousands that was a fifth of the
// press kits' time, and most of what the garbage collector had to clear. What is embedded
// depends on the image's bytes alone (and, for an SVG, the size it is drawn at), so each
// thread prepares it once and writes it into every document as the very objects pdf-lib
// would have written: the same dictionaries, in the same order, with the same deflated bytes.

/** An image's pixels as pdf-lib embeds a PNG: deflated colour, and deflated alpha if any. */
interface Prepared {
  width: number;
  height: number;
  bitsPerComponent: number;
  rgb: Uint8Array;
  alpha?: Uint8Array;
}

/** Prepared images kept per thread: enough for a newsroom's logos and charts, not its photos. */
const KEEP_BYTES = 64 * 1024 * 1024;
const prepared = new Map<string, Promise<Prepared>>();
const sizes = new Map<string, number>();
let kept = 0;

const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The prepared image for `key`, made by `make` unless this thread already has it. */
function remembered(key: string, make: () => Promise<Prepared>): Promise<Prepared> {
  const known = prepared.get(key);
  if (known) {
    // Most recently used last: the oldest go first when there is no room.
    prepared.delete(key);
    prepared.set(key, known);
    return known;
  }
  const made = make();
  prepared.set(key, made);
  made.then(
    (image) => {
      const size = image.rgb.byteLength + (image.alpha?.byteLength ?? 0);
      if (size > KEEP_BYTES / 4) return forget(key);
      sizes.set(key, size);
      kept += size;
      for (const oldest of prepared.keys()) {
        if (kept <= KEEP_BYTES) break;
        forget(oldest);
      }
    },
    // A failure is not kept: the next document tries again and says why itself.
    () => forget(key),
  );
  return made;
}

function forget(key: string): void {
  prepared.delete(key);
  kept -= sizes.get(key) ?? 0;
  sizes.delete(key);
}

/** Decodes a PNG and deflates its channels exactly as pdf-lib's PngEmbedder does. */
async function preparePng(bytes: Uint8Array): Promise<Prepared> {
  assertPngPixels(bytes);
  const { image } = (await PngEmbedder.for(bytes)) as unknown as { image: DecodedPng };
  // The deflate pdf-lib's embedder calls (PDFContext.flateStream), on a context of its own.
  const scratch = PDFContext.create();
  const deflated = (channel: Uint8Array) => scratch.flateStream(channel).getContents();
  return {
    width: image.width,
    height: image.height,
    bitsPerComponent: image.bitsPerComponent,
    rgb: deflated(image.rgbChannel),
    ...(image.alphaChannel && { alpha: deflated(image.alphaChannel) }),
  };
}

/** What pdf-lib's PNG decoder gives its embedder (not in its published types). */
interface DecodedPng {
  width: number;
  height: number;
  bitsPerComponent: number;
  rgbChannel: Uint8Array;
  alphaChannel?: Uint8Array;
}

/**
 * A PngEmbedder (pdf-lib checks for one) that writes a prepared image into a document as
 * PngEmbedder.embedIntoContext would.
 */
function preparedEmbedder(image: Prepared): PngEmbedder {
  const { width, height, bitsPerComponent, rgb, alpha } = image;
  const colorSpace = "DeviceRGB";
  async function embedIntoContext(context: PDFContext, ref?: PDFRef): Promise<PDFRef> {
    const SMask = alpha
      ? context.register(
          context.stream(alpha, {
            Type: "XObject",
            Subtype: "Image",
            Height: height,
            Width: width,
            BitsPerComponent: bitsPerComponent,
            ColorSpace: "DeviceGray",
            Decode: [0, 1],
            Filter: "FlateDecode",
          }),
        )
      : undefined;
    const xObject = context.stream(rgb, {
      Type: "XObject",
      Subtype: "Image",
      BitsPerComponent: bitsPerComponent,
      Width: width,
      Height: height,
      ColorSpace: colorSpace,
      SMask,
      Filter: "FlateDecode",
    });
    if (!ref) return context.register(xObject);
    context.assign(ref, xObject);
    return ref;
  }
  // Its constructor is private: the prototype, with the fields it would set.
  return Object.assign(Object.create(PngEmbedder.prototype), {
    width,
    height,
    bitsPerComponent,
    colorSpace,
    embedIntoContext,
  });
}

/** Adds a prepared image to a document as PDFDocument.embedPng adds a PNG. */
function embedPrepared(doc: PDFDocument, image: Prepared): PDFImage {
  const ref = doc.context.nextRef();
  const pdfImage = PDFImage.of(ref, doc, preparedEmbedder(image));
  // pdf-lib embeds the images it holds when the document is saved (a private list).
  (doc as unknown as { images: PDFImage[] }).images.push(pdfImage);
  return pdfImage;
}

/** Embeds a PNG's bytes, prepared once per thread. Throws where pdf-lib cannot read it. */
export async function embedPng(doc: PDFDocument, bytes: Uint8Array): Promise<PDFImage> {
  return embedPrepared(doc, await remembered(`png ${digest(bytes)}`, () => preparePng(bytes)));
}

/** Embeds an SVG drawn to pixels for its size on the page, prepared once per thread. */
export async function embedSvg(
  doc: PDFDocument,
  bytes: Uint8Array,
  drawn: { width: number; height: number },
): Promise<PDFImage> {
  const key = `svg ${digest(bytes)} ${drawn.width} ${drawn.height}`;
  return embedPrepared(
    doc,
    await remembered(key, () => preparePng(svgToPng(bytes, drawn.height, drawn.width))),
  );
}

const shapes = new Map<string, ReturnType<typeof svgShape>>();

/** An SVG's own size (svg.ts), read once per thread for the same bytes. */
export function svgShapeOf(bytes: Uint8Array): ReturnType<typeof svgShape> {
  const key = digest(bytes);
  if (!shapes.has(key)) {
    if (shapes.size >= 256) shapes.clear();
    shapes.set(key, svgShape(bytes));
  }
  return shapes.get(key);
}

/** Lets go of every prepared image (tests start from none). */
export function forgetPreparedImages(): void {
  for (const key of [...prepared.keys()]) forget(key);
  shapes.clear();
}
