import { deflateSync } from "node:zlib";
import { crc32 } from "./image-info.js";

// Small, real image files made in code, so tests need no binary fixtures and can make any
// size or any kind of damage they need.

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk with its length and checksum. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/**
 * A solid-colour RGB PNG. `idat` replaces the compressed pixels (to make a PNG whose structure
 * is sound but whose pixels no decoder can read).
 */
export function testPng(width: number, height: number, options: { idat?: Uint8Array } = {}) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  let idat = options.idat;
  if (!idat) {
    const row = Buffer.alloc(width * 3 + 1);
    for (let x = 0; x < width; x++) row.set([20, 90, 200], 1 + x * 3);
    idat = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  }
  return Buffer.concat([
    pngSignature,
    pngChunk("IHDR", header),
    pngChunk("IDAT", idat),
    pngChunk("IEND", new Uint8Array()),
  ]);
}

/** Only the signature and header of a PNG that claims `width` × `height` pixels. */
export function pngHeaderClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  // A tiny deflate stream: the header is what matters; a decoder would allocate from it.
  return Buffer.concat([
    pngSignature,
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.alloc(1024))),
    pngChunk("IEND", new Uint8Array()),
  ]);
}

const segment = (marker: number, data: number[]) => [
  0xff,
  marker,
  (data.length + 2) >> 8,
  (data.length + 2) & 0xff,
  ...data,
];

/**
 * A mid-grey baseline JPEG: one quantization table, one-code Huffman tables, and every 8×8
 * block coded as "no change, end of block" (two bits), so any size is a few bytes.
 */
export function testJpeg(width: number, height: number): Buffer {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = "00".repeat(blocks);
  const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, "1");
  const scan: number[] = [];
  for (let i = 0; i < padded.length; i += 8) {
    const byte = Number.parseInt(padded.slice(i, i + 8), 2);
    scan.push(byte);
    if (byte === 0xff) scan.push(0); // byte stuffing
  }
  const counts = (n: number) => [n, ...new Array(15).fill(0)];
  return Buffer.from([
    0xff,
    0xd8,
    ...segment(0xdb, [0, ...new Array(64).fill(1)]),
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, ...counts(1), 0]),
    ...segment(0xc4, [0x10, ...counts(1), 0]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...scan,
    0xff,
    0xd9,
  ]);
}

/** A 1×1 GIF (the classic transparent pixel), with its size patched in. */
export function testGif(width = 1, height = 1): Buffer {
  const gif = Buffer.from(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b",
    "hex",
  );
  gif.writeUInt16LE(width, 6);
  gif.writeUInt16LE(height, 8);
  return gif;
}

/** A small SVG that is safe to publish. */
export const cleanSvg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20" viewBox="0 0 40 20">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#1f6feb"/></linearGradient></defs>
  <style>rect { fill: url(#g); }</style>
  <!-- a comment with <script> in it is only a comment -->
  <rect width="40" height="20" style="stroke: url('#g')"/>
  <use xlink:href="#g"/>
  <a href="https://www.example.com/"><text x="2" y="14">Logo</text></a>
</svg>
`;
