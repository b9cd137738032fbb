import { describe, expect, it } from "vitest";
import { decodeText, firstInvalidUtf8 } from "./decode-text.js";
import { seededRandom } from "./mutate.js";

const strict = new TextDecoder("utf-8", { fatal: true });
const isUtf8 = (bytes: Uint8Array) => {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe("firstInvalidUtf8", () => {
  it("#9: agrees with the platform's strict decoder on 20,000 random byte strings", () => {
    const random = seededRandom(9);
    // Mostly bytes that start or continue multi-byte sequences, where the mistakes hide.
    const byte = () => {
      const r = random();
      return r < 0.3 ? Math.floor(random() * 0x80) : 0x80 + Math.floor(random() * 0x80);
    };
    const disagreements: string[] = [];
    let invalid = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 12) }, byte);
      const bad = firstInvalidUtf8(bytes);
      if (bad >= 0) invalid++;
      // Everything before the first bad byte is text.
      if ((bad === -1) !== isUtf8(bytes) || (bad >= 0 && !isUtf8(bytes.subarray(0, bad)))) {
        disagreements.push(bytes.join(","));
      }
    }
    expect(disagreements).toEqual([]);
    expect(invalid).toBeGreaterThan(5_000);
    expect(invalid).toBeLessThan(19_000);
  });

  it("#9: rejects overlong forms, encoded surrogates, code points above U+10FFFF and cut sequences", () => {
    const cases: Array<[number[], number]> = [
      [[0xc0, 0xaf], 0],
      [[0xe0, 0x80, 0xaf], 0],
      [[0x41, 0xed, 0xa0, 0x80], 1],
      [[0xf4, 0x90, 0x80, 0x80], 0],
      [[0xf8, 0x88, 0x80, 0x80, 0x80], 0],
      [[0x41, 0x42, 0xe2, 0x82], 2],
      [[0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x8e, 0x89], -1],
    ];
    for (const [bytes, offset] of cases)
      expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });
});

describe("decodeText", () => {
  it("#9: drops a UTF-8 byte order mark and counts columns in characters after it", () => {
    const bom = [0xef, 0xbb, 0xbf];
    expect(decodeText(Uint8Array.from([...bom, 0x61]), "x.yaml")).toEqual({ text: "a" });
    const bad = decodeText(Uint8Array.from([...bom, 0xe4, 0xb8, 0xad, 0x61, 0xff]), "x.yaml");
    expect(bad.problem && [bad.problem.line, bad.problem.column]).toEqual([1, 3]);
  });
});
