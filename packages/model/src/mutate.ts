import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Content, loadContent } from "./load.js";

// Deterministic mutations of content files, for fuzz tests of the loader and of the renderers
// (`@herald/model/testing`). The same seed always gives the same files.

/** A seeded pseudo-random generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const encoder = new TextEncoder();

// Snippets that have broken YAML or Markdown loaders somewhere: special numbers, anchors and
// aliases, tags, complex keys, tabs, control characters, nesting, unsafe links, huge values.
const snippets = [
  ".inf",
  "-.inf",
  ".nan",
  "1e400",
  "-0",
  "0x1F",
  "1_000",
  "9007199254740993",
  "123456789012345678901234567890",
  "~",
  "null",
  "true",
  "[]",
  "{}",
  "&a [1, 2]",
  "*a",
  "*undefined",
  "<<: *a",
  "!!binary aGVsbG8=",
  "!!js/function 'function(){}'",
  "!custom x",
  "? [a, b]\n: c",
  "? { a: 1 }\n: c",
  "1: one",
  "\t",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\u200b",
  "\u202e",
  "\ufeff",
  "\ufffd",
  "\u{1f680}",
  "e\u0301",
  "---",
  "...",
  "%YAML 1.2",
  '"unterminated',
  "'it''s'",
  "key: value: other",
  "- - - - - - - - - - - -",
  "> > > > > > > > > > > >",
  "[x][ref]\n\n[ref]: javascript:alert(1)",
  "<javascript:alert(1)>",
  "[a](https://user:pw@example.com/)",
  "![i](http://example.com/a.png)",
  "![i](../assets/missing.png)",
  "[^1]",
  "[^1]: note",
  "<b>bold</b>",
  "&#0;",
  "&#x110000;",
  "| a | b |\n| - | - |\n| 1 | 2 |",
  "```\ncode",
  "$$",
  "2014-02-29",
  "0000-01-01",
  "9999-12-31",
  "https://example.com/?q=1#f",
  "mailto:press@example.com",
];

function randomUnicode(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    const plane = random();
    const code =
      plane < 0.5
        ? 0x20 + Math.floor(random() * 0x5f)
        : plane < 0.8
          ? 0xa0 + Math.floor(random() * 0xd000)
          : plane < 0.95
            ? 0xe000 + Math.floor(random() * 0x2000)
            : 0x10000 + Math.floor(random() * 0x10000);
    out += String.fromCodePoint(code >= 0xd800 && code < 0xe000 ? 0x41 : code);
  }
  return out;
}

function nesting(random: () => number): string {
  const depth = 1 + Math.floor(random() * 120);
  const kind = Math.floor(random() * 6);
  switch (kind) {
    case 0:
      return `${"> ".repeat(depth)}deep`;
    case 1:
      return Array.from({ length: depth }, (_, i) => `${"  ".repeat(i)}- item`).join("\n");
    case 2:
      return `${"*".repeat(depth)}x${"*".repeat(depth)}`;
    case 3:
      return `${"[".repeat(depth)}x${"](https://example.com/)".repeat(depth)}`;
    case 4:
      return `${"#".repeat(depth)} heading`;
    default:
      return `${"  ".repeat(depth)}key: ${"[".repeat(depth)}${"]".repeat(depth)}`;
  }
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** One random change to a file: bytes, lines, truncation, snippets, nesting or Unicode. */
export function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const at = Math.floor(random() * (bytes.length + 1));
  const text = new TextDecoder().decode(bytes);
  const lines = text.split("\n");
  const line = Math.floor(random() * lines.length);
  const withLine = (replacement: string, replace: boolean) =>
    encoder.encode(
      [...lines.slice(0, line), replacement, ...lines.slice(replace ? line + 1 : line)].join("\n"),
    );
  switch (Math.floor(random() * 12)) {
    case 0: // random bytes anywhere
      return concat(
        bytes.subarray(0, at),
        Uint8Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 256)),
        bytes.subarray(at),
      );
    case 1: // flip bits of a few bytes
      return bytes.map((b, i) => (i >= at && i < at + 4 ? b ^ (1 << Math.floor(random() * 8)) : b));
    case 2: // truncated
      return bytes.subarray(0, at);
    case 3: // a snippet inserted in a line
      return concat(bytes.subarray(0, at), encoder.encode(pick(snippets)), bytes.subarray(at));
    case 4: // a snippet as a value of the line's key, or as a new line
      return withLine(
        lines[line]?.includes(":")
          ? `${lines[line]?.split(":")[0]}: ${pick(snippets)}`
          : pick(snippets),
        true,
      );
    case 5: // deep nesting
      return withLine(nesting(random), random() < 0.5);
    case 6: // random Unicode
      return concat(
        bytes.subarray(0, at),
        encoder.encode(randomUnicode(random, 1 + Math.floor(random() * 40))),
        bytes.subarray(at),
      );
    case 7: // a line repeated (duplicate keys, duplicate ids)
      return withLine(lines[line] ?? "", false);
    case 8: // a line removed
      return encoder.encode([...lines.slice(0, line), ...lines.slice(line + 1)].join("\n"));
    case 9: // indentation changed
      return withLine(`${pick(["", " ", "  ", "\t", "    "])}${(lines[line] ?? "").trim()}`, true);
    case 10: // a long value
      return withLine(
        `${(lines[line] ?? "x").split(":")[0]}: ${pick(["a", "-", "9", "字", "[x](https://e.com) "]).repeat(1 + Math.floor(random() * 5000))}`,
        true,
      );
    default: // the whole file replaced by noise
      return random() < 0.5
        ? Uint8Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256))
        : encoder.encode(randomUnicode(random, Math.floor(random() * 200)));
  }
}

/** `count` mutated versions of `files` (path → bytes): 1 to 3 changes to one file each. */
export function* mutatedFiles(
  files: Readonly<Record<string, Uint8Array>>,
  seed: number,
  count: number,
): Generator<{ file: string; bytes: Uint8Array; index: number }> {
  const random = seededRandom(seed);
  const names = Object.keys(files).sort();
  for (let index = 0; index < count; index++) {
    const file = names[index % names.length] as string;
    let bytes = files[file] as Uint8Array;
    const changes = 1 + Math.floor(random() * 3);
    for (let i = 0; i < changes; i++) bytes = mutate(bytes, random);
    yield { file, bytes, index };
  }
}

/** The sample's files a fuzz test mutates, relative to a content folder. */
export const FUZZED_FILES = [
  "site.yaml",
  "organizations.yaml",
  "people.yaml",
  "announcements/docker-series-b.en.md",
];

/**
 * Mutates the files of the content folder `dir` one at a time, in place, and yields the content
 * of every mutation the loader accepts (and that changed the file), so renderers can be fed
 * everything `herald check` lets through. Each file is put back before the next mutation.
 */
export async function* acceptedMutations(
  dir: string,
  seed: number,
  count: number,
): AsyncGenerator<{ content: Content; file: string; index: number }> {
  const originals: Record<string, Uint8Array> = {};
  for (const name of FUZZED_FILES) originals[name] = await readFile(join(dir, name));
  for (const { file, bytes, index } of mutatedFiles(originals, seed, count)) {
    const original = originals[file] as Uint8Array;
    if (Buffer.compare(Buffer.from(bytes), Buffer.from(original)) !== 0) {
      await writeFile(join(dir, file), bytes);
      const loaded = await loadContent(dir);
      await writeFile(join(dir, file), original);
      if (loaded.ok) yield { content: loaded.content, file, index };
    }
  }
}
