import { readFileSync } from "node:fs";
import { assetFile, checkImage, sniff } from "@herald/model";

// Local images: PDF embeds PNG and JPEG as they are. Their size comes from the file header
// (checked by the model, and again here), so layout needs no decoder.

export interface LocalImage {
  kind: "png" | "jpg";
  bytes: Uint8Array;
  width: number;
  height: number;
}

/**
 * Reads a PNG or JPEG asset of the content folder; undefined for any other format, or a file
 * that is no longer there or no longer sound.
 */
export function readLocalImage(contentDir: string, asset: string): LocalImage | undefined {
  const path = assetFile(contentDir, asset);
  if (!path) return undefined;
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  // A copy with its own ArrayBuffer: small files come from Node's shared buffer pool, and
  // pdf-lib reads `bytes.buffer` from offset 0 ("SOI not found in JPEG").
  const bytes = new Uint8Array(file);
  const format = sniff(bytes);
  if (format !== "png" && format !== "jpeg") return undefined;
  const check = checkImage(bytes, format);
  if (!check.ok) return undefined;
  const { width, height } = check.info;
  return { kind: format === "png" ? "png" : "jpg", bytes, width, height };
}
