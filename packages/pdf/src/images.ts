import { readFileSync } from "node:fs";
import { join } from "node:path";

// Local images: PDF embeds PNG and JPEG as they are. Their size comes from the file header,
// so layout needs no decoder.

export interface LocalImage {
  kind: "png" | "jpg";
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** Reads a PNG or JPEG from the content folder; undefined for any other format. */
export function readLocalImage(contentDir: string, asset: string): LocalImage | undefined {
  const bytes = readFileSync(join(contentDir, asset));
  if (bytes.subarray(1, 4).toString("latin1") === "PNG") {
    return { kind: "png", bytes, width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    // Walk the JPEG markers to the frame header (SOF0–SOF15, not DHT/JPG/DAC).
    let i = 2;
    while (i + 9 < bytes.length && bytes[i] === 0xff) {
      const marker = bytes[i + 1] ?? 0;
      const length = bytes.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return {
          kind: "jpg",
          bytes,
          height: bytes.readUInt16BE(i + 5),
          width: bytes.readUInt16BE(i + 7),
        };
      }
      i += 2 + length;
    }
  }
  return undefined;
}
