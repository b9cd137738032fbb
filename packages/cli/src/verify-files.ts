import { crc32, inflateRawSync, inflateSync } from "node:zlib";

// Reading the binary files of a build as their readers do: a PNG as an image viewer (whole, its
// size), a ZIP as an unzip tool (its entries, each with the checksum of what it holds).

/** The CRC-32 PNG chunks and ZIP entries carry: zlib's (the web package's cards use it too). */
export { crc32 };

const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
/** Bytes per pixel of each PNG colour type, at 8 bits per sample. */
const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * A PNG's pixel size, once it is known to be whole: the signature, every chunk with its
 * checksum, the header first and the end last, and image data that inflates to every row.
 * Otherwise what is wrong with it, as a reader would be told.
 */
export function readPng(bytes: Buffer): { width: number; height: number } | { problem: string } {
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE))
    return { problem: "is not a PNG" };
  let at = 8;
  let header:
    | { width: number; height: number; depth: number; colour: number; interlace: number }
    | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) return { problem: `is cut off (at byte ${at})` };
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    if (at + 12 + length > bytes.length) return { problem: `is cut off (in its ${type} chunk)` };
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== bytes.readUInt32BE(at + 8 + length))
      return { problem: `is damaged (the checksum of its ${type} chunk is wrong)` };
    if (!header && type !== "IHDR") return { problem: "is damaged (it does not begin with IHDR)" };
    if (type === "IHDR")
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8] ?? 0,
        colour: body[9] ?? 0,
        interlace: body[12] ?? 0,
      };
    if (type === "IDAT") data.push(body);
    at += 12 + length;
    if (type === "IEND") {
      ended = true;
      break;
    }
  }
  if (!header) return { problem: "is damaged (no IHDR)" };
  if (!ended) return { problem: "is cut off (no IEND)" };
  if (at !== bytes.length) return { problem: `has ${bytes.length - at} bytes after its end` };
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(data));
  } catch {
    return { problem: "is damaged (its image data does not inflate)" };
  }
  const samples = SAMPLES[header.colour];
  // Interlaced images store seven passes; their size is not worth working out here.
  if (samples !== undefined && header.interlace === 0) {
    const row = 1 + Math.ceil((header.width * samples * header.depth) / 8);
    if (pixels.length !== row * header.height)
      return {
        problem: `is damaged (its image data holds ${pixels.length} bytes, not ${row * header.height})`,
      };
  }
  return { width: header.width, height: header.height };
}

export interface ZipEntryInfo {
  name: string;
  crc: number;
  size: number;
}

/**
 * The entries of a ZIP, from its central directory, each read back from its local header and
 * inflated to check it holds what the directory says; or what is wrong with the file.
 */
export function readZip(bytes: Buffer): ZipEntryInfo[] | { problem: string } {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > bytes.length)
    return { problem: "is not a ZIP (no end of central directory)" };
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries: ZipEntryInfo[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50)
      return { problem: "is damaged (its central directory is broken)" };
    const method = bytes.readUInt16LE(at + 10);
    const crc = bytes.readUInt32LE(at + 16);
    const packed = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extra + comment;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50)
      return { problem: `is damaged (${name} is not where its directory says)` };
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const stored = bytes.subarray(start, start + packed);
    let content: Buffer;
    try {
      content = method === 0 ? stored : inflateRawSync(stored);
    } catch {
      return { problem: `is damaged (${name} does not inflate)` };
    }
    if (content.length !== size || crc32(content) !== crc)
      return { problem: `is damaged (${name} does not hold what its checksum says)` };
    entries.push({ name, crc, size });
  }
  return entries;
}
