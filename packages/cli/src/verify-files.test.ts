import { deflateRawSync } from "node:zlib";
import { testPng } from "@herald/model/testing";
import { describe, expect, it } from "vitest";
import { crc32, readPng, readZip } from "./verify-files.js";

// Issue 13: herald verify reads a social image as an image viewer does and a press-kit ZIP as
// an unzip tool does: a file cut short or damaged is told, not taken for whole.

describe("readPng", () => {
  it("#13: gives the size of a whole PNG and tells one cut short, damaged or with bytes after its end", () => {
    const png = Buffer.from(testPng(12, 5));
    expect(readPng(png)).toEqual({ width: 12, height: 5 });
    expect(readPng(png.subarray(0, png.length - 4))).toEqual({
      problem: expect.stringMatching(/^is cut off/),
    });
    const damaged = Buffer.from(png);
    damaged[20] = (damaged[20] ?? 0) ^ 0xff; // inside IHDR: its checksum no longer fits
    expect(readPng(damaged)).toEqual({
      problem: "is damaged (the checksum of its IHDR chunk is wrong)",
    });
    expect(readPng(Buffer.concat([png, Buffer.from("x")]))).toEqual({
      problem: "has 1 bytes after its end",
    });
    expect(readPng(Buffer.from("GIF89a"))).toEqual({ problem: "is not a PNG" });
  });
});

/** A ZIP of one deflated file, as a zip tool writes it. */
function zipOf(name: string, content: Buffer, crc = crc32(content)): Buffer {
  const packed = deflateRawSync(content);
  const file = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(file.length, 28);
  const directoryAt = local.length + file.length + packed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(directoryAt, 16);
  return Buffer.concat([local, file, packed, central, file, end]);
}

describe("readZip", () => {
  it("#13: lists a ZIP's files with their checksums and tells a file that does not hold what its checksum says", () => {
    const pdf = Buffer.from("%PDF-1.7 a press kit");
    expect(readZip(zipOf("press-kits/a.en.pdf", pdf))).toEqual([
      { name: "press-kits/a.en.pdf", crc: crc32(pdf), size: pdf.length },
    ]);
    expect(readZip(zipOf("press-kits/a.en.pdf", pdf, 1234))).toEqual({
      problem: "is damaged (press-kits/a.en.pdf does not hold what its checksum says)",
    });
    expect(readZip(Buffer.from("not a zip"))).toEqual({
      problem: "is not a ZIP (no end of central directory)",
    });
  });
});
