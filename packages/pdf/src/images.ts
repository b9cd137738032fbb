import { inflateSync } from "node:zlib";

// PNG pixels, checked before pdf-lib decodes them.

// Adam7: where each of the seven passes starts in x and y, and its steps.
const adam7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

const channels: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Throws unless a PNG's pixel data inflates to exactly what its header promises. pdf-lib's
 * decoder never returns on a stream that is not zlib (it loops), so the pixels are tried
 * here first with Node's zlib, bounded by the size the header gives.
 */
export function assertPngPixels(bytes: Uint8Array): void {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const bitsPerPixel = (data[24] ?? 8) * (channels[data[25] ?? 0] ?? 4);
  const rows = (w: number, h: number) =>
    w > 0 && h > 0 ? h * (1 + Math.ceil((w * bitsPerPixel) / 8)) : 0;
  const expected =
    data[28] === 1
      ? adam7.reduce(
          (sum, [x0, y0, dx, dy]) =>
            sum + rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)),
          0,
        )
      : rows(width, height);
  const idat: Buffer[] = [];
  for (let at = 8; at + 12 <= data.length; ) {
    const length = data.readUInt32BE(at);
    if (data.toString("latin1", at + 4, at + 8) === "IDAT") {
      idat.push(data.subarray(at + 8, at + 8 + length));
    }
    at += 12 + length;
  }
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch {
    throw new Error("its pixel data is damaged");
  }
  if (pixels.length !== expected) throw new Error("its pixel data is cut short");
}
