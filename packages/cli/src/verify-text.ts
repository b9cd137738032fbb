import type { Prose } from "@herald/model";
import { walk } from "@herald/model";
import type { Nodes } from "mdast";

// Finding the document's words in an output's text. Whitespace is layout, not content (outputs
// wrap and space text differently), so it is ignored. In a PDF, a character no embedded font
// has is drawn as □ (the build warned about it), so □ there stands for any one character.

// Format characters are invisible: bidi controls (LRM, RLM, ALM, embeddings, isolates; a
// right-to-left email's text part begins its lines with RLM and isolates phone numbers, issue
// 11), joiners, soft hyphens, a BOM. An output may add or drop them without changing a word.
export const squeeze = (text: string) => text.replace(/[\s\p{Cf}]+/gu, "");
/** Letters and digits only (no vowel marks, which pdftotext may put before their letter). */
const lettersOnly = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, "");

/** Emoji and their joiners: the PDF draws none of them, as one □ or as nothing. */
const pictograph = /\p{Extended_Pictographic}|[\u{1f000}-\u{1faff}]|\ufe0f|\u200d/u;

/** Between two pieces of one row: only punctuation, symbols and list marks (": ", " · ", "- "). */
const separators = /^[\p{P}\p{S}]*$/u;

/** How far apart two pieces of one block may be: room for a link's address or an image's label. */
const GAP = 400;

export class OutputText {
  private readonly text: string;
  private readonly patterns = new Map<string, RegExp>();
  private readonly squeeze: (text: string) => string;

  /**
   * `drawnWithBoxes`: the output is a PDF, where □ stands for a character it cannot draw.
   * `lettersOnly`: compare letters and digits only, for a right-to-left press kit, whose
   * punctuation pdftotext cannot put back where it was written (see verify-read.ts).
   */
  constructor(
    text: string,
    private readonly drawnWithBoxes = false,
    lettersOnly_ = false,
  ) {
    this.squeeze = lettersOnly_ ? lettersOnly : squeeze;
    this.text = this.squeeze(text);
  }

  /** Where `piece` is, at or after `from`. */
  find(piece: string, from = 0): { at: number; end: number } | undefined {
    const needle = this.squeeze(piece);
    if (!this.drawnWithBoxes || !this.text.includes("□")) {
      const at = this.text.indexOf(needle, from);
      return at < 0 ? undefined : { at, end: at + needle.length };
    }
    const pattern = this.pattern(needle);
    pattern.lastIndex = from;
    const match = pattern.exec(this.text);
    return match ? { at: match.index, end: match.index + match[0].length } : undefined;
  }

  has(piece: string): boolean {
    return this.find(piece) !== undefined;
  }

  /**
   * Whether `pieces` are all there, in order and close together, so a short piece ("here.") is
   * found in its own sentence, not anywhere in the output. Tries each place the first fits.
   */
  inOrder(pieces: readonly string[]): boolean {
    return this.chain(pieces, (between) => between.length <= GAP);
  }

  /**
   * Whether `pieces` follow each other with nothing between them but punctuation and what
   * `extras[i]` allows after piece i (an investor's web address, a board member's role): a
   * fact sheet row, where "€4 million" must follow "Amount", not be found in the title.
   */
  row(pieces: readonly string[], extras: ReadonlyArray<readonly string[]> = []): boolean {
    return this.chain(pieces, (between, i) => {
      let rest = between;
      for (const extra of extras[i] ?? []) {
        const squeezed = this.squeeze(extra);
        if (squeezed) rest = rest.split(squeezed).join("");
      }
      // A plain-text link's reference number ("Benchmark [3]") is a mark, not a word.
      return separators.test(rest.replace(/□|\[\d+\]/g, ""));
    });
  }

  private chain(
    pieces: readonly string[],
    fits: (between: string, index: number) => boolean,
  ): boolean {
    const [first, ...rest] = pieces.filter((p) => this.squeeze(p) !== "");
    if (first === undefined) return true;
    for (let found = this.find(first); found; found = this.find(first, found.at + 1)) {
      let end = found.end;
      const ok = rest.every((piece, i) => {
        const next = this.find(piece, end);
        if (!next || !fits(this.text.slice(end, next.at), i)) return false;
        end = next.end;
        return true;
      });
      if (ok) return true;
    }
    return false;
  }

  /** `needle` with each character matching itself or □, emoji any number of □. */
  private pattern(needle: string): RegExp {
    let pattern = this.patterns.get(needle);
    if (!pattern) {
      const source = [...needle]
        .map((c) => {
          if (pictograph.test(c)) return "□*";
          // Only syntax characters are escaped: with the u flag, "\-" is an error.
          const either = `(?:${c.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")}|□)`;
          // A combining mark (Thai vowels and tones) shares its base's box, or has its own.
          return /\p{M}/u.test(c) ? `${either}?` : either;
        })
        .join("");
      pattern = new RegExp(source, "gu");
      this.patterns.set(needle, pattern);
    }
    return pattern;
  }
}

/**
 * Each block of resolved Markdown as the pieces of text every output shows as written, in
 * order. Cut at every element: each output marks emphasis, links, struck text or a table's
 * cells its own way (`~~old~~`, `the docs [3]`, `2023 | 400`), but never changes the words.
 */
export function piecesOf(blocks: Prose["blocks"]): string[][] {
  return blocks
    .map((block) => {
      const pieces: string[] = [];
      walk(block as Nodes, (node) => {
        if (node.type === "text" || node.type === "inlineCode" || node.type === "code") {
          if (node.value.trim()) pieces.push(node.value.replace(/\s+/g, " ").trim());
        }
      });
      return pieces;
    })
    .filter((pieces) => pieces.length > 0);
}

/** Everything the blocks point to or mark, for the checks of links, captions and struck text. */
export function marksOf(blocks: Prose["blocks"]) {
  const links: string[] = [];
  const images: string[] = [];
  const captions: string[] = [];
  const struck: string[] = [];
  for (const block of blocks) {
    walk(block as Nodes, (node) => {
      if (node.type === "link" && node.data?.href) links.push(node.data.href.url);
      if (node.type === "image" && node.data?.src && !node.data.remote)
        images.push(node.data.src.url);
      if (node.type === "figure" && node.caption) captions.push(node.caption);
      if (node.type === "delete")
        struck.push(
          piecesOf([node as never])
            .flat()
            .join(" "),
        );
    });
  }
  return { links, images, captions, struck };
}

/** The start of a text for a message: about 40 characters, cut between words where it can. */
export function short(text: string): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  if (chars.length <= 40) return chars.join("");
  const start = chars.slice(0, 40).join("");
  const space = start.lastIndexOf(" ");
  return `${(chars[40] === " " || space < 28 ? start : start.slice(0, space)).trimEnd()}…`;
}
