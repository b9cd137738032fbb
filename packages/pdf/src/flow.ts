import type * as fontkit from "fontkit";
import { type Face, featuresOf, fontOf, type Style } from "./fonts.js";
import { type Content, Element, type ElementAttributes, Tags } from "./tags.js";
import {
  breakLines,
  type Fragment,
  type Line,
  type Measure,
  type Paragraph,
  type Run,
} from "./text.js";

// The page layout: blocks of text and graphics flow down the page and on to the next, with
// headings kept with what follows, no widow or orphan lines, and spacing on one rhythm.

export type Color = [number, number, number];

/**
 * What the layout draws. Text and images carry the structure element's content they belong
 * to (`mark`, see tags.ts); everything else, and text placed as an artifact, is an artifact.
 */
export type Op =
  | { kind: "text"; x: number; y: number; fragment: Fragment; mark?: Content }
  | { kind: "rect"; x: number; y: number; width: number; height: number; color: Color }
  /** An emphasis dot (CJK emphasis), centred on (x, y). */
  | { kind: "dot"; x: number; y: number; radius: number; color: Color }
  | {
      kind: "line";
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      color: Color;
      thickness: number;
    }
  | { kind: "qr"; x: number; y: number; size: number; modules: boolean[][] }
  | {
      kind: "image";
      x: number;
      y: number;
      width: number;
      height: number;
      asset: string;
      mark?: Content;
    };

export interface LinkArea {
  page: number;
  rect: [number, number, number, number];
  url?: string;
  target?: string;
  /** The Link element the area's annotation belongs to. */
  element?: Element;
  /** The text a reader sees in the area, for the annotation's description. */
  text: string;
}

export interface Anchor {
  page: number;
  y: number;
}

export interface OutlineEntry {
  title: string;
  level: number;
  anchor: Anchor;
}

export interface PageBox {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const A4: PageBox = {
  width: 595.28,
  height: 841.89,
  margin: { top: 72, right: 64, bottom: 72, left: 64 },
};
export const LETTER: PageBox = {
  width: 612,
  height: 792,
  margin: { top: 72, right: 68, bottom: 72, left: 68 },
};

/** The space between a list's number and its text. */
export const MARKER_GAP = 5;

/**
 * How far a raised mark (a note's or a link's number) is raised, in its own (smaller) size.
 * Less than half: readers such as poppler start a line at its leftmost word and take in only
 * words whose baseline is within half that word's size. Right to left, a link's mark ends its
 * word on the left, so it can be a line's leftmost word: raised by more than half its size,
 * the words of its own line were out of its reach and the mark was read as a line of its own.
 */
export const RAISE = 0.45;

/** The strikeout stroke's top above the baseline, and its thickness, in em. */
const STRIKE = { position: 0.322, thickness: 0.05 };

// Widths in em, per face and text, shared by every document in the process.
const widths = new Map<string, number>();

/** Measures text with the same glyph advances pdf-lib writes into the PDF (no kerning). */
export function fontMeasure(faceOf: (face: Face, style: Style) => fontkit.Font = fontOf): Measure {
  return (text, face, style, size) => {
    const key = `${face}|${style}|${text}`;
    let units = widths.get(key);
    if (units === undefined) {
      const font = faceOf(face, style);
      const run = font.layout(text, featuresOf(face));
      // Arabic is drawn glyph by glyph with its kerning (draw-text.ts); the rest as pdf-lib
      // draws it, by advance widths alone.
      units =
        (face === "arabic"
          ? run.positions.reduce((sum, p) => sum + p.xAdvance, 0)
          : run.glyphs.reduce((sum, g) => sum + g.advanceWidth, 0)) / font.unitsPerEm;
      if (widths.size > 100_000) widths.clear();
      widths.set(key, units);
    }
    return units * size;
  };
}

export interface TextBlockOptions {
  indent?: number;
  /** Room kept free at the line's end (text inside a box). */
  indentEnd?: number;
  /** Space above, in rhythm units (half a body line). */
  before?: number;
  after?: number;
  lineHeight?: number;
  keepTogether?: boolean;
  /** Draw a bar left of the text (blockquotes). */
  bar?: Color;
  /** Text placed in the indent of the first line (list markers). */
  marker?: Run;
  /** Where in the indent the marker starts: the enclosing block's indent (nested lists). */
  markerIndent?: number;
  /**
   * "end": the marker ends a gap before the text (numbers, so that 9. and 10. line up on
   * their full stops); else it starts at `markerIndent` (bullets).
   */
  markerAlign?: "start" | "end";
  /** Record this block's start for the outline. */
  outline?: { title: string; level: number };
  /** Named places inside the block's text (footnote references), by run target key. */
  anchorName?: string;
  /**
   * The structure element the block's text is (tags.ts): "P" by default where the element
   * open is a section or a group, else none (the text belongs to the element open: a cell,
   * a list item's body).
   */
  tag?: string;
  /** The attributes of the block's element. */
  attributes?: ElementAttributes;
  /** The marker is a label (Lbl), before the block's element (a list item's number or bullet). */
  label?: boolean;
  /** The block's element stays open after its text, for more blocks inside it (an item's body). */
  keepOpen?: boolean;
}

/** Where a fragment goes in the structure: its element's content, and its link's element. */
interface Placed {
  mark?: Content;
  link?: Element;
}

export class Flow {
  readonly pages: Op[][] = [];
  readonly links: LinkArea[] = [];
  readonly anchors = new Map<string, Anchor>();
  readonly outline: OutlineEntry[] = [];
  /** The structure tree, in reading order, as the layout places content. */
  readonly tags = new Tags();
  private y = 0;
  /** Set when the page has content, so that space above a block is dropped at a page top. */
  private fresh = true;

  constructor(
    readonly box: PageBox,
    readonly measure: Measure,
    /** The body line height: the unit of the vertical rhythm. */
    readonly rhythm: number,
    private readonly onMissing: (char: string) => void,
    /** The document's language and direction: runs without a language are in it. */
    readonly paragraph: Paragraph = {},
  ) {
    this.newPage();
  }

  /** Right to left: every line and box is laid out mirrored (see `mirrorPage`). */
  get rtl(): boolean {
    return this.paragraph.direction === "rtl";
  }

  get width(): number {
    return this.box.width - this.box.margin.left - this.box.margin.right;
  }

  get page(): number {
    return this.pages.length - 1;
  }

  private get bottom(): number {
    return this.box.margin.bottom;
  }

  newPage(): void {
    this.pages.push([]);
    this.y = this.box.height - this.box.margin.top;
    this.fresh = true;
  }

  /** Space left on this page, in points. */
  get room(): number {
    return this.y - this.bottom;
  }

  private space(units: number): void {
    if (!this.fresh) this.y -= (units * this.rhythm) / 2;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (!this.fresh && height > this.room) this.newPage();
  }

  op(op: Op): void {
    if ((op.kind === "text" || op.kind === "image") && !op.mark) {
      const mark = this.tags.content();
      if (mark) op.mark = mark;
    }
    (this.pages[this.page] as Op[]).push(op);
  }

  /** Draws `op` under everything on this page so far (a tint behind text already placed). */
  underlay(op: Op): void {
    (this.pages[this.page] as Op[]).unshift(op);
  }

  anchor(name: string, y = this.y): void {
    if (!this.anchors.has(name)) this.anchors.set(name, { page: this.page, y });
  }

  lines(runs: readonly Run[], width: number): Line[] {
    return breakLines(runs, width, this.measure, this.onMissing, this.paragraph);
  }

  /** The height the first `count` lines of a text block take, for keep-with-next. */
  heightOf(
    runs: readonly Run[],
    options: TextBlockOptions = {},
    count = Number.POSITIVE_INFINITY,
  ): number {
    const lineHeight = options.lineHeight ?? this.rhythm;
    const width = this.width - (options.indent ?? 0) - (options.indentEnd ?? 0);
    const n = Math.min(count, this.lines(runs, width).length);
    return ((options.before ?? 0) * this.rhythm) / 2 + n * lineHeight;
  }

  /**
   * Places a paragraph-like block, splitting it across pages without widows or orphans.
   * `keepWithNext`: the height of what must follow it on the same page (`heightOf` the next
   * block's first lines); the block's own space after it is added here.
   */
  text(runs: readonly Run[], options: TextBlockOptions = {}, keepWithNext = 0): void {
    const indent = options.indent ?? 0;
    const lineHeight = options.lineHeight ?? this.rhythm;
    const lines = this.lines(runs, this.width - indent - (options.indentEnd ?? 0));
    if (lines.length === 0) return;
    this.space(options.before ?? 0);
    const all = lines.length * lineHeight;
    // What must follow on this page starts after this block's own space below it.
    const next = keepWithNext > 0 ? ((options.after ?? 0) * this.rhythm) / 2 + keepWithNext : 0;
    if (options.keepTogether || lines.length <= 3) this.ensure(all + next);
    else this.ensure(2 * lineHeight + next);
    if (options.outline) {
      this.outline.push({ ...options.outline, anchor: { page: this.page, y: this.y } });
    }
    if (options.anchorName) this.anchor(options.anchorName);
    // The marker's label comes before the block's element, in the element open (an item).
    const label = options.marker && options.label ? this.tags.begin("Lbl") : undefined;
    if (label) this.tags.end(label);
    const tag = options.tag ?? (this.tags.grouping ? "P" : undefined);
    const element = tag ? this.tags.begin(tag, options.attributes) : undefined;

    let i = 0;
    while (i < lines.length) {
      let fit = Math.floor((this.room + 0.01) / lineHeight);
      const left = lines.length - i;
      if (fit < left) {
        // No orphan (one line alone at the foot) and no widow (one alone at the top).
        if (fit < 2 && !this.fresh) fit = 0;
        else if (left - fit < 2) fit = Math.max(left - 2, 0);
        if (fit === 0 && !this.fresh) {
          this.newPage();
          continue;
        }
        fit = Math.max(fit, 1);
      }
      const take = Math.min(fit, left);
      const startY = this.y;
      for (const line of lines.slice(i, i + take))
        this.placeLine(
          line,
          indent,
          lineHeight,
          i === 0 && line === lines[0] ? options.marker : undefined,
          options.markerIndent,
          options.markerAlign,
          label,
        );
      if (options.bar) {
        this.op({
          kind: "rect",
          x: this.box.margin.left + indent - 10,
          y: this.y + lineHeight * 0.25,
          width: 2.5,
          height: startY - this.y - lineHeight * 0.2,
          color: options.bar,
        });
      }
      i += take;
      if (i < lines.length) this.newPage();
    }
    if (element && !options.keepOpen) this.tags.end(element);
    this.fresh = false;
    this.space(options.after ?? 0);
  }

  private placeLine(
    line: Line,
    indent: number,
    lineHeight: number,
    marker?: Run,
    markerIndent = 0,
    markerAlign: "start" | "end" = "start",
    /** The element the marker is (a list item's label), else the block's. */
    label?: Element,
  ): void {
    this.y -= lineHeight;
    const left = this.box.margin.left + indent;
    if (marker) {
      // The marker sits in the indent, after the enclosing block's (a nested list's markers
      // are indented with their list).
      const box = indent - markerIndent;
      const [markerLine] = this.lines([marker], Number.POSITIVE_INFINITY);
      const start =
        markerAlign === "end" ? left - MARKER_GAP - (markerLine?.width ?? 0) : left - box;
      // Through `emit`, so a marker that links (a note's number, back to its reference)
      // gets its link area.
      this.emitLine(this.inLine(markerLine), start, this.y, lineHeight, label);
    }
    this.emitLine(this.inLine(line), left, this.y, lineHeight);
    this.fresh = false;
  }

  /**
   * A line's fragments, placed for the page's direction. Right to left, the whole page is
   * mirrored at the end (`mirrorPage`): each fragment's offset is mirrored inside the line
   * here first, so that after the page is mirrored the line reads in its visual order and
   * ends at the right edge of its box.
   */
  private inLine(line: Line | undefined): Fragment[] {
    if (!line) return [];
    if (!this.rtl) return line.fragments;
    return line.fragments.map((f) => ({ ...f, x: line.width - f.x - f.width }));
  }

  /**
   * Draws a line's fragments, in `into` (a label) or else the element open: their elements
   * made in reading order, which right to left is not the order they are drawn in (left to
   * right, as pdftotext -raw reads them, which herald verify relies on).
   */
  private emitLine(
    fragments: readonly Fragment[],
    left: number,
    bottom: number,
    lineHeight: number,
    into?: Element,
  ): void {
    const reading = fragments.some((f) => f.read !== undefined)
      ? [...fragments].sort((a, b) => (a.read ?? 0) - (b.read ?? 0))
      : fragments;
    const placed = new Map<Fragment, Placed>();
    // An artifact's text (a table's header row again) belongs to no element and links nowhere:
    // its links are in the structure where it stands first.
    if (this.tags.placingArtifacts) {
      for (const fragment of fragments) this.emit(fragment, left, bottom, lineHeight, {}, false);
      return;
    }
    for (const fragment of reading) {
      const { element, link } = this.inlineOf(fragment, into ?? this.tags.open);
      const mark = this.tags.content(element);
      placed.set(fragment, { ...(mark && { mark }), ...(link && { link }) });
    }
    for (const fragment of fragments) {
      this.emit(fragment, left, bottom, lineHeight, placed.get(fragment) ?? {});
    }
  }

  /**
   * Draws one fragment of a line whose foot is at `bottom`, with its link area, as the content
   * `placed` of an element, whose link area is its Link's.
   */
  private emit(
    fragment: Fragment,
    left: number,
    bottom: number,
    lineHeight: number,
    { mark, link }: Placed,
    linked = true,
  ): void {
    // Text sits on a baseline a little above the line's foot; footnote marks are raised.
    const raise = fragment.superscript ? fragment.size * RAISE : 0;
    const baseline = bottom + lineHeight * 0.28 + raise;
    this.op({ kind: "text", x: left + fragment.x, y: baseline, fragment, ...(mark && { mark }) });
    if (fragment.dots) this.dots(fragment, left + fragment.x, baseline);
    if (fragment.strike) {
      // Where and how thick the faces themselves strike out (OS/2 yStrikeoutPosition, the
      // stroke's top, and yStrikeoutSize: 322 and 50 of 1000 in Noto Sans, 325 and 50 in
      // Noto Sans SC), across exactly the fragment's advance.
      const thickness = fragment.size * STRIKE.thickness;
      this.op({
        kind: "rect",
        x: left + fragment.x,
        y: baseline + fragment.size * STRIKE.position - thickness,
        width: fragment.width,
        height: thickness,
        color: fragment.color ?? [0, 0, 0],
      });
    }
    if (linked && (fragment.link || fragment.target)) {
      const rect: LinkArea["rect"] = [
        left + fragment.x,
        bottom,
        left + fragment.x + fragment.width,
        bottom + lineHeight,
      ];
      const previous = this.links[this.links.length - 1];
      // Neighbouring pieces of one link (a space, a change of face) make one clickable area.
      if (
        previous &&
        previous.page === this.page &&
        previous.url === fragment.link &&
        previous.target === fragment.target &&
        previous.element === link &&
        Math.abs(previous.rect[2] - rect[0]) < 0.01 &&
        previous.rect[1] === rect[1]
      ) {
        previous.rect[2] = rect[2];
        previous.text += fragment.actual ?? fragment.text;
      } else {
        this.links.push({
          page: this.page,
          rect,
          url: fragment.link,
          target: fragment.target,
          ...(link && { element: link }),
          text: fragment.actual ?? fragment.text,
        });
      }
    }
    if (fragment.target?.startsWith("fn-"))
      this.anchor(`ref-${fragment.target.slice(3)}`, bottom + lineHeight);
  }

  /**
   * The element a fragment's text belongs to inside `parent`: a link (a note's mark a Reference
   * holding its Link), a span in another language or struck through, or `parent` itself; and
   * the Link its link area belongs to. Pieces of one link or span on one line or the next
   * (text before them placed nothing else in `parent` since) continue its element.
   */
  private inlineOf(fragment: Fragment, parent: Element): { element: Element; link?: Element } {
    const { tags } = this;
    const foreign = fragment.lang && fragment.lang !== this.paragraph.lang ? fragment.lang : "";
    const span = foreign || fragment.strike ? `${foreign}|${fragment.strike ? "strike" : ""}` : "";
    const spanIn = (into: Element) =>
      tags.inline(
        into,
        span,
        (within) =>
          new Element(
            "Span",
            { ...(foreign && { lang: foreign }), ...(fragment.strike && { lineThrough: true }) },
            within,
          ),
      );
    const linked = fragment.link ?? fragment.target;
    // Right to left, a line's words are drawn as seen, each with its text for poppler in the
    // content stream (draw-text.ts); the structure has the fragment as written, for readers.
    if (fragment.actual !== undefined) {
      const { element, link } = this.inlineOf({ ...fragment, actual: undefined }, parent);
      const actualText = fragment.actual + (fragment.spaceAfter ? " " : "");
      const written = new Element("Span", { actualText }, element);
      return { element: written, ...(link && { link }) };
    }
    if (!linked) return { element: span ? spanIn(parent) : parent };
    const outer = tags.inline(parent, `link\u0000${linked}`, (into) => {
      // A footnote's mark is a Reference to its Note; a link's numbered mark ([3]) is a link.
      const reference = fragment.superscript && fragment.target?.startsWith("fn-");
      if (!reference) return new Element("Link", {}, into);
      const element = new Element("Reference", {}, into);
      new Element("Link", {}, element);
      return element;
    });
    // A mark's Link is inside its Reference: what continues is the Reference.
    const link = outer.type === "Reference" ? (outer.kids[0] as Element) : outer;
    return { element: span ? spanIn(link) : link, link };
  }

  /**
   * Emphasis dots, one centred over (Japanese, Korean) or under (Chinese) each character but
   * spaces and punctuation, as CSS text-emphasis draws them in those languages.
   */
  private dots(fragment: Fragment, x: number, baseline: number): void {
    const { face, style, size } = fragment;
    const radius = size * 0.075;
    // Clear of the ideographs (their em box runs from -0.12 to 0.88 em around the baseline).
    const y = fragment.dots === "over" ? baseline + size * 1.1 : baseline - size * 0.32;
    let offset = 0;
    for (const char of fragment.text) {
      const width = this.measure(char, face, style, size);
      if (/[\p{L}\p{N}]/u.test(char)) {
        this.op({
          kind: "dot",
          x: x + offset + width / 2,
          y,
          radius,
          color: fragment.color ?? [0, 0, 0],
        });
      }
      offset += width;
    }
  }

  /** Draws lines in a box already reserved (table cells, labels): the first line's top at `top`. */
  drawLines(lines: readonly Line[], left: number, top: number, lineHeight = this.rhythm): void {
    lines.forEach((line, i) => {
      this.emitLine(this.inLine(line), left, top - (i + 1) * lineHeight, lineHeight);
    });
  }

  /** Vertical space in rhythm units (half lines). */
  gap(units: number): void {
    this.space(units);
  }

  /**
   * Reserves a box of `height` points (moving to a new page if needed) and returns its top.
   * `keepWithNext` points of what follows (an image's caption) must fit on the same page.
   */
  reserve(height: number, before = 0, keepWithNext = 0): { top: number; left: number } {
    this.space(before);
    this.ensure(height + keepWithNext);
    const top = this.y;
    this.y -= height;
    this.fresh = false;
    return { top, left: this.box.margin.left };
  }

  /** Moves down to `y` on this page (cover layout). */
  moveTo(y: number): void {
    this.y = y;
  }

  get cursor(): number {
    return this.y;
  }

  /**
   * Right to left, mirrors every page once layout is done: what was laid out from the left
   * edge (indents, list markers, quote bars, the fact sheet's label column, table columns,
   * bar charts, link areas) then starts at the right edge. Text is not mirrored, only moved:
   * its lines were put in visual order and mirrored inside themselves (`inLine`).
   */
  mirrorForDirection(): void {
    if (!this.rtl) return;
    for (const [i, ops] of this.pages.entries()) this.pages[i] = this.shown(ops);
    this.mirrorLinks();
  }

  /**
   * Page `i`'s operations as they are drawn (mirrored right to left), leaving the page empty:
   * once drawn, its layout is no longer needed. Only a page the flow has left behind (before
   * `page`) is finished.
   */
  takePage(i: number): Op[] {
    const ops = this.pages[i] ?? [];
    this.pages[i] = [];
    return this.shown(ops);
  }

  private shown(ops: Op[]): Op[] {
    if (!this.rtl) return ops;
    const W = this.box.width;
    return ops.map((op) => mirrored(op, W));
  }

  /** Right to left, mirrors the link areas once layout is done (see mirrorForDirection). */
  mirrorLinks(): void {
    if (!this.rtl) return;
    const W = this.box.width;
    for (const link of this.links) {
      const [x1, y1, x2, y2] = link.rect;
      link.rect = [W - x2, y1, W - x1, y2];
    }
  }
}

/** An operation as a mirror at the page's vertical axis shows it (text and images unmirrored). */
function mirrored(op: Op, W: number): Op {
  switch (op.kind) {
    case "text":
      return { ...op, x: W - op.x - op.fragment.width };
    case "rect":
    case "image":
      return { ...op, x: W - op.x - op.width };
    case "qr":
      return { ...op, x: W - op.x - op.size };
    case "line":
      return { ...op, x1: W - op.x1, x2: W - op.x2 };
    case "dot":
      return { ...op, x: W - op.x };
  }
}
