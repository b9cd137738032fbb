import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import type { AnnouncementDocument } from "@herald/model";

// What a social card says, and the digest its PNG carries of it. Kept apart from the drawing
// (satori, resvg, fonts) so `herald verify` can check a card without loading any of that.

/** What a card shows: an announcement's, or the site's (for pages that are not one). */
export interface Card {
  locale: string;
  direction: "ltr" | "rtl";
  /** Over the title: the company's name. */
  company: string;
  /** Opposite the company: what kind of page ("Newsroom"). */
  kicker: string;
  title: string;
  /** Under the title, in the brand colour (the site's card: "Newsroom"). */
  subtitle?: string;
  /** Where the title's date would be: the site's address, on the site's card. */
  date?: string;
  headline?: { text: string; label: string };
}

/** The card of one announcement in one language. */
export const announcementCard = (d: AnnouncementDocument): Card => ({
  locale: d.locale,
  direction: d.direction,
  company: d.company.name,
  kicker: d.words.newsroom,
  title: d.title,
  date: d.date.text,
  ...(d.headline && { headline: { text: d.headline.text, label: d.headline.label } }),
});

/**
 * What a card says (its words, language and direction), as a digest. The PNG carries it in a
 * tEXt chunk, so `herald verify` can tell a card drawn for other words (another page's or
 * language's) without drawing it again.
 */
export const cardDigest = (card: Card): string =>
  createHash("sha256").update(JSON.stringify(card)).digest("hex");

const DIGEST_KEYWORD = "herald-card";

/** `png` with a tEXt chunk holding `digest`, right after its header (IHDR). */
export function withDigest(png: Uint8Array, digest: string): Uint8Array {
  const data = Buffer.from(`${DIGEST_KEYWORD}\0${digest}`, "latin1");
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write("tEXt", 4, "latin1");
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  // The signature (8 bytes) and IHDR (25 bytes) come first in every PNG.
  return Buffer.concat([b.subarray(0, 33), chunk, b.subarray(33)]);
}

/** The digest a card's PNG carries, or undefined for a PNG without one. */
export function digestOfCard(png: Uint8Array): string | undefined {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  while (at + 12 <= b.length) {
    const length = b.readUInt32BE(at);
    const type = b.toString("latin1", at + 4, at + 8);
    if (type === "tEXt") {
      const [keyword, text] = b.toString("latin1", at + 8, at + 8 + length).split("\0");
      if (keyword === DIGEST_KEYWORD) return text;
    }
    if (type === "IDAT" || type === "IEND") return undefined;
    at += 12 + length;
  }
  return undefined;
}
