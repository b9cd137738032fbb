import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkImage, sniff } from "./image-info.js";
import { pngChunk, pngHeaderClaiming, testGif, testJpeg, testPng } from "./test-images.js";

describe("#9: image checks read the header and structure, never the pixels", () => {
  it("#9: accepts a valid PNG, JPEG and GIF with their sizes", () => {
    expect(checkImage(testPng(40, 20), "png")).toEqual({
      ok: true,
      info: { format: "png", width: 40, height: 20 },
    });
    expect(checkImage(testJpeg(33, 17), "jpeg")).toEqual({
      ok: true,
      info: { format: "jpeg", width: 33, height: 17 },
    });
    expect(checkImage(testGif(3, 2), "gif")).toEqual({
      ok: true,
      info: { format: "gif", width: 3, height: 2 },
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
