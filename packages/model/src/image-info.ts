// Reads what a file is from its bytes, and checks an image's structure and size without
// decoding a single pixel: a decoder trusts the header and allocates width × height × 4 bytes
// (a 20000×20000 PNG took 3.3 GB), and a truncated file crashed the renderers. Checking the
// chunks and markers is cheap and catches what an editor or a download cut short.

/** The most pixels per side, and in all, that Herald accepts in an image. */
/**
 * The largest image Herald takes: per side, in all, and once decoded (a small PNG of zeros can
 * declare 6,300×6,300 16-bit pixels, 300 MB that the press kit would hold in memory).
 */
export const IMAGE_LIMITS = {
  side: 10_000,
  pixels: 40_000_000,
  decodedBytes: 120_000_000,
} as const;

export type ImageFormat = "png" | "jpeg" | "gif" | "webp" | "avif";
export type FileFormat = ImageFormat | "svg" | "pdf" | "zip";

/** What people call each format, for messages. */
export const formatNames: Record<FileFormat, string> = {
  png: "PNG",
  jpeg: "JPEG",
  gif: "GIF",
  webp: "WebP",
  avif: "AVIF",
  svg: "SVG",
  pdf: "PDF",
  zip: "ZIP",
};

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
  /**
   * Where the image ends. Bytes after it (a JPEG camera trailer, or a script a polyglot file
   * hides there) are never published.
   */
  end?: number;
}

export type ImageCheck =
  | { ok: true; info: ImageInfo }
  | { ok: false; problem: "broken"; detail: string }
  | { ok: false; problem: "too-large"; width: number; height: number; decodedBytes?: number };

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1", start, end);

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  signature.every((b, i) => bytes[at + i] === b);

/** What the bytes are, whatever the file's name says: a format, or a description for messages. */
export function sniff(bytes: Uint8Array): FileFormat | { other: string } {
  // An empty file is no text: a download cut off, or a placeholder never filled.
  if (bytes.length === 0) return { other: "nothing (the file is empty, 0 bytes)" };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  const head = ascii(bytes, 0, Math.min(bytes.length, 1024));
  if (/^GIF8[79]a/.test(head)) return "gif";
  if (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP") return "webp";
  if (head.slice(4, 8) === "ftyp" && /avif|avis/.test(head.slice(8, 8 + readU32(bytes, 0))))
    return "avif";
  if (head.startsWith("%PDF-")) return "pdf";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]))
    return "zip";
  const text = textOrUndefined(bytes);
  if (text === undefined) return { other: "binary data of an unknown kind" };
  // Markup: skip the XML declaration, comments and a doctype to the first element.
  const start = text
    .replace(/^\uFEFF/, "")
    .replace(/^(\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!doctype[^>[]*(\[[\s\S]*?\])?\s*>)*/i, "")
    .slice(0, 200)
    .toLowerCase();
  if (/^<svg[\s>]/.test(start)) return "svg";
  if (/^<!doctype html|^<(html|head|body|script|iframe|div|p|a|meta|title)[\s>]/.test(start))
    return { other: "HTML" };
  return { other: "text" };
}

/** The bytes as UTF-8 text, or undefined when they are not text (invalid UTF-8, or NUL). */
export function textOrUndefined(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.includes("\u0000") ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Checks the structure and size of a raster image whose bytes sniff as `format`. */
export function checkImage(bytes: Uint8Array, format: ImageFormat): ImageCheck {
  try {
    switch (format) {
      case "png":
        return checkPng(bytes);
      case "jpeg":
        return checkJpeg(bytes);
      case "gif":
        return checkGif(bytes);
      case "webp": {
        const check = checkWebp(bytes);
        return check.ok
          ? { ok: true, info: { ...check.info, end: readU32LE(bytes, 4) + 8 } }
          : check;
      }
      case "avif":
        return checkAvif(bytes);
    }
  } catch (error) {
    // Reading past the end is what a truncated header looks like.
    if (error instanceof RangeError) return broken("it ends in the middle of its header");
    throw error;
  }
}

const broken = (detail: string): ImageCheck => ({ ok: false, problem: "broken", detail });

function sized(format: ImageFormat, width: number, height: number): ImageCheck {
  if (width < 1 || height < 1) return broken(`its header gives a size of ${width}×${height}`);
  if (
    width > IMAGE_LIMITS.side ||
    height > IMAGE_LIMITS.side ||
    width * height > IMAGE_LIMITS.pixels
  ) {
    return { ok: false, problem: "too-large", width, height };
  }
  return { ok: true, info: { format, width, height } };
}

function readU32(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) throw new RangeError("past the end");
  return (
    ((bytes[at] as number) * 0x1000000 +
      (((bytes[at + 1] as number) << 16) |
        ((bytes[at + 2] as number) << 8) |
        (bytes[at + 3] as number))) >>>
    0
  );
}

function readU16(bytes: Uint8Array, at: number): number {
  if (at + 2 > bytes.length) throw new RangeError("past the end");
  return ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
}

function readU16LE(bytes: Uint8Array, at: number): number {
  if (at + 2 > bytes.length) throw new RangeError("past the end");
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

const readU24LE = (bytes: Uint8Array, at: number) => {
  if (at + 3 > bytes.length) throw new RangeError("past the end");
  return (
    (bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16)
  );
};

let crcTable: Uint32Array | undefined;

/** CRC-32 as PNG and ZIP use it. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = ~0;
  for (let i = start; i < end; i++) {
    c = (crcTable[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return ~c >>> 0;
}

// PNG: signature, IHDR first, every chunk whole with a matching checksum, IDAT, IEND.
function checkPng(bytes: Uint8Array): ImageCheck {
  if (bytes.length < 33 || ascii(bytes, 12, 16) !== "IHDR" || readU32(bytes, 8) !== 13) {
    return broken("its header (IHDR) is missing or cut short");
  }
  // The size first: an absurd one is refused before anything else is read.
  const width = readU32(bytes, 16);
  const height = readU32(bytes, 20);
  const size = sized("png", width, height);
  if (!size.ok) return size;
  const [depth = 0, colour = 0, compression, filter, interlace = 0] = bytes.subarray(24, 29);
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colour];
  const depths = colour === 0 ? [1, 2, 4, 8, 16] : colour === 3 ? [1, 2, 4, 8] : [8, 16];
  if (!channels || !depths.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1) {
    return broken(
      `its header (IHDR) describes no possible PNG (bit depth ${depth}, colour type ${colour}, compression ${compression}, filter ${filter}, interlace ${interlace})`,
    );
  }
  const decodedBytes = Math.ceil((width * height * channels * depth) / 8);
  if (decodedBytes > IMAGE_LIMITS.decodedBytes) {
    return { ok: false, problem: "too-large", width, height, decodedBytes };
  }
  let at = 8;
  let idat = false;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) return broken(`it ends in the middle of a chunk (byte ${at})`);
    const length = readU32(bytes, at);
    const type = ascii(bytes, at + 4, at + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return broken(`byte ${at} should start a chunk, but does not`);
    const end = at + 8 + length;
    if (length > 0x7fffffff || end + 4 > bytes.length) {
      return broken(`it ends in the middle of its ${type} chunk (the file is cut short)`);
    }
    if (crc32(bytes, at + 4, end) !== readU32(bytes, end)) {
      return broken(`the checksum of its ${type} chunk (byte ${at}) is wrong`);
    }
    if (type === "IDAT") idat = true;
    if (type === "IEND") {
      if (!idat) return broken("it has no image data (IDAT chunk)");
      if (end + 4 !== bytes.length) {
        return broken(`it has ${bytes.length - end - 4} bytes after its end (IEND chunk)`);
      }
      return size;
    }
    at = end + 4;
  }
  return broken("it has no end (IEND chunk): the file is cut short");
}

// JPEG: SOI, segments each whole, a frame header (SOF) with the size before the first scan
// (SOS), entropy-coded data, and EOI at the end.
function checkJpeg(bytes: Uint8Array): ImageCheck {
  let at = 2;
  let size: ImageCheck | undefined;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return broken(`byte ${at} should start a marker, but does not`);
    while (bytes[at] === 0xff) at++; // fill bytes
    const marker = bytes[at];
    if (marker === undefined) break;
    at++;
    if (marker === 0xd9) {
      if (!size?.ok) return broken("it has no frame header (SOF) with its size");
      return { ok: true, info: { ...size.info, end: at } };
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    const length = readU16(bytes, at);
    if (length < 2 || at + length > bytes.length) {
      return broken(`it ends in the middle of a segment (byte ${at}): the file is cut short`);
    }
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      const components = bytes[at + 7] ?? 0;
      if (length < 8 + 3 * components || components < 1 || components > 4) {
        return broken("its frame header (SOF) is malformed");
      }
      size = sized("jpeg", readU16(bytes, at + 5), readU16(bytes, at + 3));
      if (!size.ok) return size;
    }
    at += length;
    if (marker === 0xda) {
      if (!size) return broken("its image data comes before its frame header (SOF)");
      // Entropy-coded data runs to the next marker that is not a stuffed byte or a restart.
      while (at < bytes.length) {
        if (bytes[at] === 0xff) {
          const next = bytes[at + 1];
          if (next === undefined) break;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        at++;
      }
    }
  }
  return broken("it has no end marker (EOI): the file is cut short");
}

// GIF: header and logical screen size, then every block (extensions and images, each a run of
// sub-blocks) up to the trailer. A file that simply stops after its last block is accepted (old
// tools leave the trailer out, and browsers show such files); anything that is not a block is not.
function checkGif(bytes: Uint8Array): ImageCheck {
  if (bytes.length < 14) return broken("it ends in the middle of its header");
  const size = sized("gif", readU16LE(bytes, 6), readU16LE(bytes, 8));
  if (!size.ok) return size;
  const table = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  const subBlocks = (from: number) => {
    let at = from;
    while (at < bytes.length && bytes[at] !== 0) at += 1 + (bytes[at] as number);
    return at + 1;
  };
  let at = 13 + table(bytes[10] ?? 0);
  while (at < bytes.length) {
    const block = bytes[at];
    if (block === 0x3b) return { ok: true, info: { ...size.info, end: at + 1 } };
    if (block === 0x21) at = subBlocks(at + 2);
    else if (block === 0x2c) at = subBlocks(at + 10 + table(bytes[at + 9] ?? 0) + 1);
    else return broken(`byte ${at} should start a block, but does not`);
  }
  if (at > bytes.length) return broken("it ends in the middle of a block: the file is cut short");
  return size;
}

// WebP: a RIFF container as long as it says, and the first chunk's picture size.
function checkWebp(bytes: Uint8Array): ImageCheck {
  const riff = readU32LE(bytes, 4);
  if (riff + 8 > bytes.length) return broken("it is shorter than its header says: cut short");
  const chunk = ascii(bytes, 12, 16);
  if (chunk === "VP8 ") {
    if (!startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return broken("its VP8 header is malformed");
    return sized("webp", readU16LE(bytes, 26) & 0x3fff, readU16LE(bytes, 28) & 0x3fff);
  }
  if (chunk === "VP8L") {
    if (bytes[20] !== 0x2f) return broken("its VP8L header is malformed");
    const bits = readU32LE(bytes, 21);
    return sized("webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X") {
    return sized("webp", readU24LE(bytes, 24) + 1, readU24LE(bytes, 27) + 1);
  }
  return broken(`its first chunk (${JSON.stringify(chunk)}) is not an image`);
}

function readU32LE(bytes: Uint8Array, at: number): number {
  return (readU16LE(bytes, at) + readU16LE(bytes, at + 2) * 0x10000) >>> 0;
}

// AVIF: an ISO box file whose image spatial extents (ispe) give the size.
function checkAvif(bytes: Uint8Array): ImageCheck {
  const ispe = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf("ispe");
  if (ispe < 0 || ispe + 16 > bytes.length) return broken("it has no image size (ispe box)");
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf("mdat") < 0) {
    return broken("it has no image data (mdat box)");
  }
  return sized("avif", readU32(bytes, ispe + 8), readU32(bytes, ispe + 12));
}
