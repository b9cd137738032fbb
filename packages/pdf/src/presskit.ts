import {
  type AnnouncementDocument,
  around,
  type Footnote,
  type Labels,
  textOf,
} from "@herald/model";
import type { Blockquote, Image, PhrasingContent, RootContent, Table } from "mdast";
import { cover } from "./cover.js";
import { type Flow, MARKER_GAP, type TextBlockOptions } from "./flow.js";
import type { Style } from "./fonts.js";
import { bolder, inline } from "./inline.js";
import { LinkNotes } from "./link-notes.js";
import {
  BAR,
  type Context,
  type Emphasis,
  embeddable,
  INK,
  isolated,
  LINK,
  ltr,
  MUTED,
  named,
  RULE,
  run,
  sizes,
} from "./look.js";
import { type Line, minContentWidth, type Run } from "./text.js";
import { statTiles } from "./tiles.js";

export { sizes } from "./look.js";

// What the press kit says, in order: the cover (logo, title, summary, headline figures, press
// contact), fact sheet, the announcement and its notes, quotes, use of funds, hires,
// ecosystem, source, boilerplate, press contact and the addresses of the links. It only lays
// out the announcement document: every word, number, address and credit comes from it.

function emphasisOf(document: AnnouncementDocument): Emphasis {
  if (document.cjk) return new Intl.Locale(document.locale).language === "zh" ? "under" : "over";
  return document.direction === "rtl" ? "bold" : "italic";
}

const body = (ctx: Context, nodes: readonly PhrasingContent[], style: Style = "regular"): Run[] =>
  inline(nodes, {
    style,
    size: sizes.body,
    color: INK,
    emphasis: ctx.emphasis,
    notes: ctx.linkNotes,
    sealed: ctx.sealed,
  });

function heading(
  ctx: Context,
  runs: Run[],
  title: string,
  level: 2 | 3 | 4,
  outline = true,
  keep = ctx.flow.rhythm * 2,
) {
  const size = level === 2 ? sizes.h2 : sizes.h3;
  // Keep the heading with at least two lines of what follows.
  ctx.flow.text(
    runs.map((r) => ({ ...r, size, style: bolder(r.style) })),
    {
      before: level === 2 ? 4 : 3,
      after: 1,
      lineHeight: size * 1.45,
      keepTogether: true,
      outline: outline ? { title, level: level - 1 } : undefined,
      tag: `H${level}`,
    },
    keep,
  );
}

/**
 * A section of its own in the structure, and its heading, kept with `keep` points of what
 * follows (two lines by default).
 */
const section = (ctx: Context, title: string, keep?: number) => {
  ctx.flow.tags.section();
  heading(ctx, [run(title)], title, 2, true, keep);
};

function paragraph(ctx: Context, runs: Run[], options: TextBlockOptions = {}): void {
  ctx.flow.text(runs, { before: 0, after: 1, tag: "P", ...options });
}

/** A list item: its marker the label, its text the body, which holds the item's other blocks. */
function item(ctx: Context, runs: Run[], options: TextBlockOptions, rest: () => void = () => {}) {
  const { tags } = ctx.flow;
  tags.within("LI", () => {
    ctx.flow.text(runs, { ...options, label: true, tag: "LBody", keepOpen: true });
    rest();
  });
}

/** A figure: the image itself when the PDF can embed it, else a framed link in its place. */
function figure(ctx: Context, image: Image, caption: string | undefined, indent: number): void {
  const { flow, document } = ctx;
  const asset = image.data?.asset;
  const size = asset ? ctx.shapeOf(asset, image.data?.size) : undefined;
  // Under embargo the site's own files have no public address yet.
  const src = ctx.sealed && asset ? undefined : image.data?.src?.url;
  const captionRuns = caption ? [run(caption, "regular", sizes.small + 1, MUTED)] : [];
  const captionOptions = { indent, lineHeight: (sizes.small + 1) * 1.6, after: 1 };
  if (asset && size && embeddable(asset)) {
    const scale = Math.min(1, (flow.width - indent) / size.width, 320 / size.height);
    const width = size.width * scale;
    const height = size.height * scale;
    // The caption stays with its image.
    const below = captionRuns.length ? flow.heightOf(captionRuns, captionOptions, 1) : 0;
    const { top, left } = flow.reserve(height + flow.rhythm / 2, 1, below);
    // The author's alt text, else the label every output gives an image ("Image: deck.png").
    const alt = image.alt?.trim() || image.data?.label || "";
    flow.tags.within(
      "Figure",
      () => flow.op({ kind: "image", x: left + indent, y: top - height, width, height, asset }),
      { alt },
    );
    if (captionRuns.length) flow.text(captionRuns, { ...captionOptions, tag: "Caption" });
    else flow.gap(1);
    return;
  }
  if (asset) {
    ctx.warn(
      `${document.file}: ${asset} cannot be embedded in the PDF (only PNG, JPEG and SVG can); the press kit names it instead. Save it as PNG, JPEG or SVG.`,
    );
  }
  // Remote images are never fetched: a framed, linked label stands in for them.
  const label = [
    { ...run(image.data?.label ?? "", "regular", sizes.body, src ? LINK : INK), link: src },
  ];
  const address = src
    ? [{ ...run(ltr(src), "regular", sizes.small, LINK), link: src, whole: true }]
    : [];
  const addressOptions = { indent: indent + 8, lineHeight: sizes.small * 1.5 };
  const height =
    flow.heightOf(label, { indent: indent + 8 }) +
    (address.length ? flow.heightOf(address, addressOptions) : 0) +
    flow.rhythm;
  const below = captionRuns.length ? flow.heightOf(captionRuns, captionOptions, 1) : 0;
  const { top, left } = flow.reserve(height, 1, below);
  const rule = (y: number) =>
    flow.op({
      kind: "rect",
      x: left + indent,
      y,
      width: flow.width - indent,
      height: 0.8,
      color: RULE,
    });
  rule(top);
  rule(top - height);
  flow.moveTo(top - flow.rhythm / 2);
  flow.text(label, { indent: indent + 8, tag: "P" });
  if (address.length) flow.text(address, { ...addressOptions, tag: "P" });
  flow.moveTo(top - height);
  if (captionRuns.length) flow.text(captionRuns, { ...captionOptions, before: 1, tag: "Caption" });
  else flow.gap(1);
}

/**
 * Column widths as a browser's automatic table layout gives them: a table whose text fits on
 * one line per cell is as wide as its text (with some air), never wider than `available`.
 */
function columnWidths(ctx: Context, rows: Run[][][], available: number, pad: number): number[] {
  const { flow } = ctx;
  const columns = rows.reduce((n, row) => Math.max(n, row.length), 1);
  const min = new Array<number>(columns).fill(2 * pad);
  const max = new Array<number>(columns).fill(2 * pad);
  for (const row of rows) {
    row.forEach((cell, c) => {
      const widest = flow
        .lines(cell, Number.POSITIVE_INFINITY)
        .reduce((w, line) => Math.max(w, line.width), 0);
      min[c] = Math.max(min[c] ?? 0, minContentWidth(cell, flow.measure, flow.paragraph) + 2 * pad);
      max[c] = Math.max(max[c] ?? 0, widest + 2 * pad);
    });
  }
  const sum = (ws: number[]) => ws.reduce((a, b) => a + b, 0);
  const air = 24;
  const sumMin = sum(min);
  const sumMax = sum(max);
  if (sumMax + air * columns <= available) return max.map((w) => w + air);
  // One line per cell still fits: share what room is left in proportion to the content.
  if (sumMax <= available) return max.map((w) => (w * available) / sumMax);
  // Every word fits: narrow the columns that can wrap, in proportion to what they give up.
  if (sumMin <= available) {
    const spare = (available - sumMin) / (sumMax - sumMin);
    return min.map((w, c) => w + ((max[c] ?? w) - w) * spare);
  }
  // Not even the words fit: long words are split, in proportion to their length.
  return min.map((w) => (w * available) / sumMin);
}

/** A table: header row bold, columns sized by their content and aligned as written. */
function table(ctx: Context, node: Table, indent: number): void {
  const { flow } = ctx;
  const pad = 4;
  const rows = node.children.map((row, r) =>
    row.children.map((cell) => body(ctx, cell.children, r === 0 ? "bold" : "regular")),
  );
  const widths = columnWidths(ctx, rows, flow.width - indent, pad);
  const tableWidth = widths.reduce((a, b) => a + b, 0);
  const laid = rows.map((row) =>
    widths.map((width, c) => flow.lines(row[c] ?? [], width - 2 * pad)),
  );
  const heightOf = (cells: Line[][]) =>
    cells.reduce((n, lines) => Math.max(n, lines.length), 1) * flow.rhythm + 6;
  const draw = (cells: Line[][], r: number) => flow.tags.within("TR", () => drawRow(cells, r));
  const drawRow = (cells: Line[][], r: number) => {
    const height = heightOf(cells);
    // The header row stays with the first row under it.
    const next = r === 0 && laid[1] ? heightOf(laid[1]) : 0;
    const { top, left } = flow.reserve(height, r === 0 ? 1 : 0, next);
    let x = left + indent;
    cells.forEach((lines, c) => {
      const width = widths[c] ?? 0;
      // Right to left the table is mirrored (see Flow.mirrorForDirection): a column aligned
      // right (or left) in the Markdown stays right (left) on the page.
      const written = node.align?.[c];
      const align =
        flow.rtl && written === "right"
          ? "left"
          : flow.rtl && written === "left"
            ? "right"
            : written;
      // The first row is the header: its cells head their columns.
      const cell = r === 0 ? "TH" : "TD";
      flow.tags.within(
        cell,
        () => {
          lines.forEach((line, i) => {
            const room = width - 2 * pad - line.width;
            const shift = align === "right" ? room : align === "center" ? room / 2 : 0;
            flow.drawLines([line], x + pad + Math.max(0, shift), top - i * flow.rhythm);
          });
        },
        r === 0 ? { scope: "Column" } : {},
      );
      x += width;
    });
    flow.op({
      kind: "rect",
      x: left + indent,
      y: top - height,
      width: tableWidth,
      height: r === 0 ? 0.9 : 0.6,
      color: r === 0 ? MUTED : RULE,
    });
  };
  const [header] = laid;
  flow.tags.within("Table", () => {
    laid.forEach((cells, r) => {
      // A table that goes on over the page repeats its header row there, for the eye only.
      if (r > 0 && header && heightOf(cells) > flow.room) {
        flow.newPage();
        flow.tags.artifact(() => draw(header, 0));
      }
      draw(cells, r);
    });
  });
  flow.gap(1);
}

/** A block of resolved prose; `inItem`: inside a list item (a nested list). */
function block(node: RootContent, ctx: Context, indent = 0, inItem = false): void {
  const { flow } = ctx;
  switch (node.type) {
    case "heading":
      heading(
        ctx,
        body(ctx, node.children, "bold"),
        textOf(node),
        Math.min(Math.max(node.depth, 2), 4) as 2 | 3 | 4,
      );
      break;
    case "figure":
      figure(ctx, node.children[0], node.caption, indent);
      break;
    case "paragraph":
      paragraph(ctx, body(ctx, node.children), { indent });
      break;
    case "list": {
      // Every item's text starts at one indent, wide enough for the widest number (a list
      // of 10 or 100 items); numbers end at it, on their full stops, and bullets start where
      // the list does, which for a nested list is its item's text.
      const markers = node.children.map((_, i) =>
        run(node.ordered ? `${(node.start ?? 1) + i}.` : "•", "regular", sizes.body, MUTED),
      );
      const widest = markers.reduce(
        (w, m) => Math.max(w, flow.lines([m], Number.POSITIVE_INFINITY)[0]?.width ?? 0),
        0,
      );
      const textIndent = indent + Math.max(18, Math.ceil(widest + MARKER_GAP + 4));
      flow.tags.within("L", () => {
        node.children.forEach((listItem, i) => {
          const marker = markers[i] as Run;
          const options = {
            indent: textIndent,
            marker,
            markerIndent: indent,
            markerAlign: node.ordered ? ("end" as const) : ("start" as const),
            after: node.spread ? 1 : 0,
          };
          const [first, ...rest] = listItem.children;
          // An item that starts with something else (a nested list, code): its marker
          // stands on a line of its own rather than being lost.
          const starts = first?.type === "paragraph" ? body(ctx, first.children) : [run("\u00a0")];
          item(ctx, starts, options, () => {
            if (first && first.type !== "paragraph") block(first, ctx, textIndent, true);
            for (const child of rest) block(child, ctx, textIndent, true);
          });
        });
      });
      // A nested list runs on into its list's next item, as a tight list's items do.
      if (!inItem) flow.gap(1);
      break;
    }
    case "blockquote":
      flow.tags.within("BlockQuote", () => blockquote(node, ctx, indent));
      break;
    case "table":
      table(ctx, node, indent);
      break;
    case "code":
      // Code keeps its lines.
      paragraph(ctx, [{ text: node.value, style: "regular", size: sizes.small, color: INK }], {
        indent: indent + 8,
      });
      break;
    case "thematicBreak": {
      const { top, left } = flow.reserve(flow.rhythm, 1);
      flow.op({
        kind: "rect",
        x: left + indent,
        y: top - flow.rhythm / 2,
        width: flow.width - indent,
        height: 0.6,
        color: RULE,
      });
      break;
    }
    default:
      break;
  }
}

/** A quotation's blocks, set off by a bar and in the quotation's style. */
function blockquote(node: Blockquote, ctx: Context, indent: number): void {
  for (const child of node.children) {
    if (child.type === "paragraph") {
      paragraph(
        ctx,
        inline(child.children, {
          style: ctx.quoteStyle,
          size: sizes.body,
          color: MUTED,
          emphasis: ctx.emphasis,
          notes: ctx.linkNotes,
          sealed: ctx.sealed,
        }),
        {
          indent: indent + 16,
          bar: RULE,
        },
      );
    } else block(child, ctx, indent + 16);
  }
}

/**
 * Footnotes: each numbered, linked to where it is referred to and back. The way back is the
 * note's number (a "↩" would be printed on paper, where it means nothing).
 */
function* notes(ctx: Context, list: readonly Footnote[]): Generator<void, void, undefined> {
  const { flow } = ctx;
  const size = sizes.small + 1;
  for (const note of list) {
    yield;
    // Its number starts its first paragraph: Lbl is for list items alone (ISO 32000-1, Table
    // 336; Matterhorn 09-005).
    const element = flow.tags.begin("Note", { id: note.id });
    const options: TextBlockOptions = {
      tag: "P",
      indent: 18,
      marker: { ...run(`${note.number}.`, "regular", size, LINK), target: `ref-${note.number}` },
      anchorName: note.id,
      lineHeight: size * 1.6,
      after: 1,
    };
    const [first, ...rest] = note.blocks;
    if (first?.type === "paragraph") {
      flow.text(
        inline(first.children, {
          style: "regular",
          size,
          color: INK,
          emphasis: ctx.emphasis,
          notes: ctx.linkNotes,
          sealed: ctx.sealed,
        }),
        options,
      );
    } else {
      flow.text([run("\u00a0", "regular", size)], options);
      if (first) block(first, ctx, 18);
    }
    for (const child of rest) block(child, ctx, 18);
    flow.tags.end(element);
  }
}

/**
 * The addresses of the inline links, numbered as the text marks them: paper cannot follow a
 * link, so it prints where each goes. Each stays a link too.
 */
function linkList(ctx: Context): void {
  const { flow, document } = ctx;
  const { urls } = ctx.linkNotes;
  if (!urls.length) return;
  heading(ctx, [run(document.words.links)], document.words.links, 3);
  // The size of the notes: the list is read as they are.
  const size = sizes.small + 1;
  const widest = flow.lines([run(`[${urls.length}]`, "regular", size)], Number.POSITIVE_INFINITY)[0]
    ?.width;
  flow.tags.within("L", () => {
    urls.forEach((url, i) => {
      // In ink: read on paper, where blue would only make the small type paler.
      // An email address as it is written, without "mailto:".
      const shown = url.replace(/^mailto:/i, "");
      item(ctx, [{ ...run(ltr(shown), "regular", size, INK), link: url, whole: true }], {
        indent: Math.max(18, Math.ceil((widest ?? 0) + MARKER_GAP + 4)),
        marker: run(`[${i + 1}]`, "regular", size, MUTED),
        markerAlign: "end",
        anchorName: `link-${i + 1}`,
        lineHeight: size * 1.55,
      });
    });
  });
}

/**
 * Runs with a remark, muted, where the locale's words place it: after them ("Mara Jensen
 * (Partner)") or before ("Partner: Mara Jensen").
 */
function withNote(runs: Run[], note: string | undefined, words: Labels): Run[] {
  if (!note) return runs;
  const [before, after] = around((text) => words.withNote(text, note));
  const muted = (text: string) => (text ? [run(text, "regular", sizes.body, MUTED)] : []);
  return [...muted(before), ...runs, ...muted(after)];
}

function factSheet(ctx: Context): void {
  const { flow, document } = ctx;
  if (!document.facts.length) return;
  const { words } = document;
  const labelWidth = 110;
  const rows = document.facts.map((row) => {
    const labelLines = flow.lines([run(row.label, "regular", sizes.body, MUTED)], labelWidth - 8);
    const width = flow.width - labelWidth;
    // Each value its own paragraph in the structure, as on paper its own line.
    const values = row.values.map((v) => {
      const value = withNote(
        [
          run(
            row.key === "round" ? v.text : isolated(v.text),
            row.key === "round" ? "regular" : "bold",
            sizes.body,
            INK,
            v.lang,
          ),
        ],
        v.note,
        words,
      );
      if (!v.url) return flow.lines(value, width);
      const address = {
        ...run(ltr(v.url), "regular", sizes.small, LINK),
        link: v.url,
        whole: true,
      };
      const together = flow.lines([...value, run("  "), address], width);
      // An address is not cut in two when a line of its own keeps it whole.
      return together.length === 1
        ? together
        : [...flow.lines(value, width), ...flow.lines([address], width)];
    });
    const count = Math.max(labelLines.length, values.flat().length);
    return { labelLines, values, count };
  });
  const heightOf = (count: number) => count * flow.rhythm + 4;
  section(
    ctx,
    words.factSheet,
    rows.slice(0, 2).reduce((sum, row) => sum + heightOf(row.count), 0),
  );
  // A list of labelled values: each row's label its Lbl, its values the body.
  const list = flow.tags.begin("L");
  rows.forEach(({ labelLines, values, count }, r) => {
    // The first two rows stay with the heading, the last two together: no row alone.
    const next = rows[r + 1];
    const keep = next && (r === 0 || r === rows.length - 2) ? heightOf(next.count) : 0;
    const { top, left } = flow.reserve(heightOf(count), 0, keep);
    flow.tags.within("LI", () => {
      flow.tags.within("Lbl", () => flow.drawLines(labelLines, left, top));
      flow.tags.within("LBody", () => {
        let at = top;
        for (const lines of values) {
          flow.tags.within("P", () => flow.drawLines(lines, left + labelWidth, at));
          at -= lines.length * flow.rhythm;
        }
      });
    });
    flow.op({
      kind: "rect",
      x: left,
      y: top - count * flow.rhythm - 3,
      width: flow.width,
      height: 0.5,
      color: RULE,
    });
  });
  flow.tags.end(list);
}

function quotes(ctx: Context): void {
  const { flow, document } = ctx;
  if (!document.quotes.length) return;
  section(ctx, document.words.quotes);
  for (const q of document.quotes) {
    const quote = flow.tags.begin("BlockQuote");
    flow.text(
      [run(q.text, ctx.quoteStyle, 11.5)],
      { indent: 16, bar: BAR, lineHeight: 11.5 * 1.6, keepTogether: true },
      flow.rhythm,
    );
    flow.text(
      named(q.credit, q.by.name, q.by.lang, { style: "regular", size: sizes.body, color: MUTED }),
      { indent: 16, after: 2 },
    );
    flow.tags.end(quote);
  }
}

function useOfFunds(ctx: Context): void {
  const { flow, document } = ctx;
  if (!document.useOfFunds.length) return;
  section(ctx, document.words.useOfFunds);
  flow.tags.within("L", () => {
    document.useOfFunds.forEach((u, i) => {
      item(
        ctx,
        [run(u.title, "bold"), ...(u.summary ? [run(document.words.labelled("", u.summary))] : [])],
        { indent: 18, marker: run(`${i + 1}.`, "regular", sizes.body, MUTED), after: 1 },
      );
    });
  });
}

function hires(ctx: Context): void {
  const { flow, document } = ctx;
  if (!document.hires.length) return;
  const { words } = document;
  section(ctx, words.hires(document.hires.length));
  const list = flow.tags.begin("L");
  for (const h of document.hires) {
    const name = run(
      isolated(h.person.name),
      "bold",
      sizes.body,
      h.person.url ? LINK : INK,
      h.person.lang,
    );
    item(
      ctx,
      withNote(
        [h.person.url ? { ...name, link: h.person.url } : name, run(words.labelled("", h.role))],
        h.previously,
        words,
      ),
      { indent: 18, marker: run("•", "regular", sizes.body, MUTED), after: 1 },
    );
  }
  flow.tags.end(list);
}

function ecosystem(ctx: Context): void {
  const { flow, document } = ctx;
  if (!document.ecosystem.length) return;
  section(ctx, document.words.ecosystem);
  for (const group of document.ecosystem) {
    flow.text(
      [run(group.label, "bold")],
      { before: 1, keepTogether: true, tag: "H3" },
      flow.rhythm * 2,
    );
    // The list in the language's words ("A, B and C"), each name linked to its site.
    const runs = group.list.map(({ text, organization }) =>
      organization?.url
        ? {
            ...run(isolated(text), "regular", sizes.body, LINK, organization.lang),
            link: organization.url,
          }
        : run(organization ? isolated(text) : text, "regular", sizes.body, INK, organization?.lang),
    );
    paragraph(ctx, runs);
  }
}

function sourceAndTranslation(ctx: Context): void {
  const { flow, document } = ctx;
  const { source, translatorNote, words } = document;
  if (!source && !translatorNote) return;
  flow.tags.section();
  const size = sizes.small + 1;
  const options = { lineHeight: size * 1.6, after: 1, before: 2 };
  if (source) {
    flow.text(
      [
        run(words.labelled(words.source, ""), "regular", size, MUTED),
        {
          ...run(source.title ?? ltr(source.url), "regular", size, LINK),
          ...(!source.title && { whole: true }),
          link: source.url,
        },
      ],
      options,
    );
  }
  if (translatorNote) {
    flow.text([run(words.labelled(words.translatorNote, translatorNote), "regular", size, MUTED)], {
      ...options,
      before: source ? 0 : 2,
    });
  }
}

/**
 * The company's About text; and the press contact again only where the cover had to cut it
 * (the cover's panel has it otherwise).
 */
function about(ctx: Context, contactCut: boolean): void {
  const { flow, document } = ctx;
  const { company, words } = document;
  section(ctx, company.aboutHeading);
  for (const node of company.about.blocks) block(node, ctx);
  finish(notes(ctx, company.about.notes));
  if (!contactCut) return;
  section(ctx, words.pressContact);
  const c = company.pressContact;
  flow.text([run(isolated(c.name), "bold")], {});
  flow.text(
    [
      run(words.labelled(words.email, "")),
      { ...run(ltr(c.email), "regular", sizes.body, LINK), link: c.mailto, whole: true },
    ],
    {},
  );
  if (c.phone) flow.text([run(words.labelled(words.phone, ltr(c.phone)))], {});
  for (const line of company.postalAddress ?? []) flow.text([run(line)], {});
}

/** Lays the whole press kit of one announcement document out. */
export function layoutPressKit(
  flow: Flow,
  document: AnnouncementDocument,
  warn: (message: string) => void,
  /** The shape of each SVG file, which the document does not give (see render.ts). */
  shapes: ReadonlyMap<string, { width: number; height: number }> = new Map(),
): void {
  finish(layoutSteps(flow, document, warn, shapes));
}

/** Runs a layout to its end without pausing. */
function finish(steps: Generator<void, void, undefined>): void {
  let step = steps.next();
  while (!step.done) step = steps.next();
}

/**
 * Lays the press kit out as layoutPressKit does, pausing before each block of the body and
 * each of its notes, where the caller can draw the pages the flow has left behind and let
 * their operations go: a body of 5 MB lays out 3,000 pages (issue 15).
 */
export function* layoutSteps(
  flow: Flow,
  document: AnnouncementDocument,
  warn: (message: string) => void,
  /** The shape of each SVG file, which the document does not give (see render.ts). */
  shapes: ReadonlyMap<string, { width: number; height: number }> = new Map(),
): Generator<void, void, undefined> {
  const emphasis = emphasisOf(document);
  const ctx: Context = {
    flow,
    document,
    warn,
    shapeOf: (asset, given) => given ?? shapes.get(asset),
    emphasis,
    quoteStyle: emphasis === "italic" ? "italic" : "regular",
    linkNotes: new LinkNotes(),
    sealed: document.embargo !== undefined,
  };
  // The key figures are the cover's stat tiles. The title and summary are on the cover, and
  // only what it had to cut is given whole after it: nothing is printed twice.
  const shown = cover(ctx);
  // The cover's title and summary say in full what they show cut (their /ActualText): given
  // whole again here for the eye, they are artifacts.
  if (shown.titleCut) {
    flow.tags.artifact(() => heading(ctx, [run(document.title)], document.title, 2, false));
  }
  // Updates the cover had no room for come first after it, under the title, clear of the
  // contact panel's rule.
  if (shown.updates) {
    flow.gap(3);
    shown.updates.draw();
    flow.gap(3);
  }
  if (shown.summaryCut) {
    flow.tags.artifact(() => paragraph(ctx, [run(document.summary, "regular", 11.5)]));
  }
  if (shown.moreTiles.length) {
    section(ctx, document.words.metrics);
    statTiles(flow, shown.moreTiles);
    flow.gap(2);
  }
  factSheet(ctx);
  flow.gap(2);
  // The announcement itself, under the headings its author gave it.
  flow.tags.section();
  for (const node of document.body.blocks) {
    yield;
    block(node, ctx);
  }
  if (document.body.notes.length) {
    heading(ctx, [run(document.words.footnotes)], document.words.footnotes, 3);
    yield* notes(ctx, document.body.notes);
  }
  quotes(ctx);
  useOfFunds(ctx);
  hires(ctx);
  ecosystem(ctx);
  sourceAndTranslation(ctx);
  about(ctx, shown.contactCut);
  linkList(ctx);
}
