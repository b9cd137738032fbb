import { type Diagnostic, diagnose } from "./diagnostics.js";

// Content files must be UTF-8. A file saved as Latin-1 or UTF-16 would otherwise decode
// into replacement characters (U+FFFD) that end up, unnoticed, in every output.

export type DecodedText = { text: string; problem?: undefined } | { problem: Diagnostic };

/**
 * Files larger than this are not content a person wrote: a long press release is 30 KB, and
 * 8 MB of Markdown is several books (a prospectus, a long report with its notes). Every step
 * from parsing to the outputs is linear in the text (issue 15: a 5 MB body builds in about five
 * times the time of 1 MB), so the limit only keeps out what is not an announcement.
 * Lists in YAML may be longer: 4 MB holds tens of thousands of organizations or people.
 */
export const maxFileBytes = (file: string) =>
  /\.ya?ml$/i.test(file) ? 4 * 1024 * 1024 : 8 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The offset of the first byte that is not part of well-formed UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      // No overlong forms (E0 80..9F) and no surrogates (ED A0..BF).
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    const second = bytes[i + 1];
    if (second === undefined || second < min || second > max) return i;
    for (let k = 2; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Line and column (1-based, column in characters) of a byte offset in well-formed UTF-8. */
function placeOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Every byte before the offset is valid UTF-8; count the characters that start on this line.
  let column = 1;
  for (let i = lineStart; i < offset; i++) {
    if (((bytes[i] as number) & 0xc0) !== 0x80) column++;
  }
  // A UTF-8 byte order mark is not a character anyone sees.
  if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && offset >= 3) {
    column--;
  }
  return { line, column };
}

/**
 * Whether bytes are UTF-16 text (Excel's "Unicode text", Notepad's "Unicode"): a byte order
 * mark, or a start whose every other byte is zero.
 */
export function isUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    return true;
  }
  const sample = bytes.subarray(0, Math.min(bytes.length, 64) & ~1);
  if (sample.length < 4) return false;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZero++;
    if (sample[i + 1] === 0) oddZero++;
  }
  const pairs = sample.length / 2;
  return evenZero === pairs || oddZero === pairs;
}

// Control characters other than tab, line feed and carriage return are invisible in an editor
// and either vanish or show as boxes in the outputs (NUL becomes U+FFFD in Markdown).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Where the first control character is, or undefined. */
function findControl(text: string): { line: number; column: number; code: number } | undefined {
  const match = CONTROL.exec(text);
  if (!match) return undefined;
  const before = text.slice(0, match.index);
  const lineStart = before.lastIndexOf("\n") + 1;
  return {
    line: before.split("\n").length,
    column: [...before.slice(lineStart)].length + 1,
    code: match[0].charCodeAt(0),
  };
}

export const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, "0");

/**
 * Decodes a content file's bytes as UTF-8 (a byte order mark is dropped). Anything else (an
 * invalid byte, UTF-16, a control character) is a located diagnostic. The size was checked
 * before reading (content-files.ts).
 */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  const at = (line: number, column: number) => ({ file, line, column, field: "" });
  if (isUtf16(bytes)) {
    return { problem: diagnose("utf-16", at(1, 1), {}) };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const { line, column } = placeOfByte(bytes, bad);
    return {
      problem: diagnose("not-utf8", at(line, column), { byte: `0x${hex(bytes[bad] ?? 0, 2)}` }),
    };
  }
  const text = utf8.decode(bytes);
  const control = findControl(text);
  if (control) {
    return {
      problem: diagnose("control-character", at(control.line, control.column), {
        code: `U+${hex(control.code, 4)}`,
      }),
    };
  }
  return { text };
}
