import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkImage, crc32, sniff } from "./image-info.js";
import { pngChunk, pngHeaderClaiming, testGif, testJpeg, testPng } from "./test-images.js";

describe("#9: image checks read the header and structure, never the pixels", () => {
  it("#9: accepts a valid PNG, JPEG and GIF with their sizes", () => {
    expect(checkImage(testPng(40, 20), "png")).toEqual({
      ok: true,
      info: { format: "png", width: 40, height: 20 },
    });
    const jpeg = testJpeg(33, 17);
    expect(checkImage(jpeg, "jpeg")).toEqual({
      ok: true,
      info: { format: "jpeg", width: 33, height: 17, end: jpeg.length },
    });
    const gif = testGif(3, 2);
    expect(checkImage(gif, "gif")).toEqual({
      ok: true,
      info: { format: "gif", width: 3, height: 2, end: gif.length },
    });
  });

  it("#9: a script hidden after the image's end is never part of the image", () => {
    const script = Buffer.from('<html><script>alert("polyglot")</script></html>');
    // PNG: nothing may follow IEND.
    expect(checkImage(Buffer.concat([testPng(4, 4), script]), "png")).toEqual({
      ok: false,
      problem: "broken",
      detail: `it has ${script.length} bytes after its end (IEND chunk)`,
    });
    // JPEG and GIF: cameras and old tools add trailers; the image ends where it says, and only
    // that much is published.
    const jpeg = testJpeg(8, 8);
    const jpegCheck = checkImage(Buffer.concat([jpeg, script]), "jpeg");
    expect(jpegCheck.ok && jpegCheck.info.end).toBe(jpeg.length);
    const gif = testGif(3, 2);
    const gifCheck = checkImage(Buffer.concat([gif, script]), "gif");
    expect(gifCheck.ok && gifCheck.info.end).toBe(gif.length);
    // A GIF header followed by anything but GIF blocks is no GIF.
    const fake = Buffer.concat([Buffer.from("GIF89a"), Buffer.from([1, 0, 1, 0, 0, 0, 0]), script]);
    expect(checkImage(fake, "gif")).toEqual({
      ok: false,
      problem: "broken",
      detail: "byte 13 should start a block, but does not",
    });
  });

  it("#9: a PNG header no PNG can have is refused (colour type 5, bit depth 3)", () => {
    const png = Buffer.from(testPng(4, 4));
    png[25] = 5; // colour type
    png.writeUInt32BE(crc32(png, 12, 29), 29);
    const check = checkImage(png, "png");
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem === "broken" && check.detail).toContain("colour type 5");
  });

  it("#9: a small PNG that would take hundreds of MB once decoded is refused from its header", () => {
    // 6,300×6,300 16-bit RGBA: 317 MB of pixels, in a file of a few hundred KB.
    const png = Buffer.from(pngHeaderClaiming(6300, 6300));
    png[24] = 16;
    png[25] = 6;
    png.writeUInt32BE(crc32(png, 12, 29), 29);
    expect(checkImage(png, "png")).toEqual({
      ok: false,
      problem: "too-large",
      width: 6300,
      height: 6300,
      decodedBytes: 6300 * 6300 * 8,
    });
  });

  it("#9: a truncated PNG is damaged, wherever it is cut", () => {
    const png = testPng(16, 16);
    for (let end = 8; end < png.length; end++) {
      const check = checkImage(png.subarray(0, end), "png");
      expect(check.ok, `cut at ${end}`).toBe(false);
    }
  });

  it("#9: a PNG with a wrong checksum or without IEND is damaged", () => {
    const png = Buffer.from(testPng(4, 4));
    png[40] = (png[40] ?? 0) ^ 0xff; // inside IDAT
    expect(checkImage(png, "png")).toMatchObject({ ok: false, problem: "broken" });
    const noEnd = testPng(4, 4).subarray(0, testPng(4, 4).length - 12);
    expect(checkImage(noEnd, "png")).toEqual({
      ok: false,
      problem: "broken",
      detail: "it has no end (IEND chunk): the file is cut short",
    });
  });

  it("#9: a truncated JPEG is damaged, wherever it is cut", () => {
    const jpeg = testJpeg(16, 16);
    for (let end = 3; end < jpeg.length; end++) {
      expect(checkImage(jpeg.subarray(0, end), "jpeg").ok, `cut at ${end}`).toBe(false);
    }
  });

  it("#9: a header claiming 20000×20000 pixels is refused before anything else is read", () => {
    // Only signature and IHDR: the refusal comes from the header alone.
    const header = pngHeaderClaiming(20000, 20000).subarray(0, 33);
    expect(checkImage(header, "png")).toEqual({
      ok: false,
      problem: "too-large",
      width: 20000,
      height: 20000,
    });
    expect(checkImage(testJpeg(12000, 8), "jpeg")).toMatchObject({ problem: "too-large" });
    expect(checkImage(testGif(8000, 8000), "gif")).toMatchObject({ problem: "too-large" });
  });

  it("#13: an empty file is said to be empty, not text", () => {
    expect(sniff(new Uint8Array())).toEqual({ other: "nothing (the file is empty, 0 bytes)" });
  });

  it("#9: random bytes, text and HTML are told apart from images", () => {
    for (let i = 0; i < 50; i++) {
      const bytes = randomBytes(200);
      const sniffed = sniff(bytes);
      if (typeof sniffed === "string") {
        // Random bytes that happen to start like an image still fail its structure check.
        expect(checkImage(bytes, sniffed as "png").ok).toBe(false);
      }
    }
    expect(sniff(Buffer.from("<!DOCTYPE html><html><body>hi</body></html>"))).toEqual({
      other: "HTML",
    });
    expect(sniff(Buffer.from("just some notes\n"))).toEqual({ other: "text" });
    expect(sniff(Buffer.from([0, 1, 2, 3, 0xfe]))).toEqual({
      other: "binary data of an unknown kind",
    });
    expect(
      sniff(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')),
    ).toBe("svg");
    expect(sniff(testPng(1, 1))).toBe("png");
    expect(sniff(testJpeg(1, 1))).toBe("jpeg");
  });

  it("#9: a PNG whose first chunk is not IHDR is damaged", () => {
    const png = Buffer.concat([testPng(1, 1).subarray(0, 8), pngChunk("tEXt", Buffer.from("a"))]);
    expect(checkImage(png, "png")).toMatchObject({ ok: false, problem: "broken" });
  });
});
