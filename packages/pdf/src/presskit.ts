import {
  type AnnouncementDocument,
  around,
  type Footnote,
  type Labels,
  textOf,
} from "@herald/model";
import type { Image, PhrasingContent, RootContent, Table } from "mdast";
import QRCode from "qrcode";
import type { Color, Flow, TextBlockOptions } from "./flow.js";
import type { Style } from "./fonts.js";
import { type Line, minContentWidth, type Run } from "./text.js";

// What the press kit says, in order: cover, fact sheet, key figures, the announcement and its
// notes, quotes, use of funds, hires, ecosystem, source, boilerplate and press contact. It only
// lays out the announcement document: every word, number, address and credit comes from it.

const INK: Color = [0.11, 0.12, 0.14];
const MUTED: Color = [0.36, 0.39, 0.42];
const LINK: Color = [0.04, 0.36, 0.68];
const RULE: Color = [0.8, 0.82, 0.85];
const BAR: Color = [0.18, 0.5, 0.85];

export const sizes = { body: 10.5, small: 8.5, h1: 24, h2: 15, h3: 12 };

interface Context {
  flow: Flow;
  document: AnnouncementDocument;
  warn: (message: string) => void;
  /** How the document's typography emphasizes (Markdown *emphasis*). */
  emphasis: Emphasis;
  /** The style quotations are set in: italic only in Latin-script typography. */
  quoteStyle: Style;
}

/**
 * Italic in Latin-script typography. Chinese, Japanese and Korean have no italic (a slanted
 * CJK face is a fake), and an italic Latin word among upright CJK looks like an error: their
 * emphasis is a dot by each character, under it in Chinese, over it in Japanese and Korean
 * (as CSS text-emphasis-position has it), for every letter of the emphasis, Latin ones
 * included. Arabic and Hebrew have no italic either: their emphasis is bold.
 */
type Emphasis = "italic" | "bold" | "over" | "under";

function emphasisOf(document: AnnouncementDocument): Emphasis {
  if (document.cjk) return new Intl.Locale(document.locale).language === "zh" ? "under" : "over";
  return document.direction === "rtl" ? "bold" : "italic";
}

/**
 * An address, email or phone number isolated left to right (Unicode LRI … PDI): in Arabic
 * text the bidi algorithm would otherwise show "+31 20 555 0100" as "0100 555 20 31+" and
 * move an address's final slash to its other end. The marks are never drawn.
 */
const ltr = (text: string) => `\u2066${text}\u2069`;

/** PDF embeds PNG and JPEG as they are; other formats would need a decoder. */
const embeddable = (asset: string) => /\.(png|jpe?g)$/i.test(asset);

/**
 * One line of text as a reader sees it: a line feed inside a text is a space (the model joins
 * soft line breaks already; only a Markdown hard break, or a code block, breaks a line).
 */
const oneLine = (text: string) => text.replace(/[ \t]*[\r\n]+[ \t]*/g, " ");

const run = (
  text: string,
  style: Style = "regular",
  size = sizes.body,
  color: Color = INK,
  lang?: string,
): Run => ({ text: oneLine(text), style, size, color, ...(lang && { lang }) });

/**
 * `text` with the name in it marked with the name's own language (a zh-CN investor in a
 * Japanese credit line), so its Han characters take that language's forms.
 */
function named(
  text: string,
  name: string,
  lang: string | undefined,
  look: Omit<Run, "text">,
): Run[] {
  const at = lang ? text.indexOf(name) : -1;
  if (!lang || at < 0) return [{ ...look, text: oneLine(text) }];
  return [
    { ...look, text: oneLine(text.slice(0, at)) },
    { ...look, text: oneLine(name), lang },
    { ...look, text: oneLine(text.slice(at + name.length)) },
  ].filter((r) => r.text !== "");
}

const bolder = (s: Style): Style => (s === "italic" || s === "boldItalic" ? "boldItalic" : "bold");
const slanted = (s: Style): Style => (s === "bold" || s === "boldItalic" ? "boldItalic" : "italic");

interface Look {
  style: Style;
  size: number;
  color: Color;
  emphasis: Emphasis;
  link?: string;
  strike?: boolean;
  dots?: "over" | "under";
}

/** Emphasis as the document's typography draws it. */
function emphasized(look: Look): Look {
  switch (look.emphasis) {
    case "italic":
      return { ...look, style: slanted(look.style) };
    case "bold":
      return { ...look, style: bolder(look.style) };
    default:
      return { ...look, dots: look.emphasis };
  }
}

/** Resolved phrasing content → styled runs. */
function inline(nodes: readonly PhrasingContent[], look: Look): Run[] {
  const { style, size, color, link, strike, dots } = look;
  const marks = { ...(link && { link }), ...(strike && { strike }), ...(dots && { dots }) };
  return nodes.flatMap((node): Run[] => {
    switch (node.type) {
      case "text":
      case "inlineCode":
        return [{ text: oneLine(node.value), style, size, color: link ? LINK : color, ...marks }];
      case "break":
        return [{ text: "\n", style, size, color }];
      case "strong":
        return inline(node.children, { ...look, style: bolder(style) });
      case "emphasis":
        return inline(node.children, emphasized(look));
      case "delete":
        return inline(node.children, { ...look, color: MUTED, strike: true });
      case "link":
        return inline(node.children, { ...look, link: node.data?.href?.url });
      case "image": {
        // An image inside a sentence: its label, linked to the image.
        const url = node.data?.src?.url;
        return [
          {
            text: oneLine(node.data?.label ?? ""),
            style,
            size,
            color: LINK,
            ...marks,
            ...(url && { link: url }),
          },
        ];
      }
      case "footnoteReference": {
        const n = node.data?.number;
        if (n === undefined) return [];
        return [
          { text: String(n), style, size, color: LINK, superscript: true, target: `fn-${n}` },
        ];
      }
      default:
        return "children" in node ? inline(node.children as PhrasingContent[], look) : [];
    }
  });
}

const body = (ctx: Context, nodes: readonly PhrasingContent[], style: Style = "regular"): Run[] =>
  inline(nodes, { style, size: sizes.body, color: INK, emphasis: ctx.emphasis });

function heading(ctx: Context, runs: Run[], title: string, level: 2 | 3 | 4, outline = true) {
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
    },
    ctx.flow.rhythm * 2,
  );
}

const section = (ctx: Context, title: string) => heading(ctx, [run(title)], title, 2);

function paragraph(ctx: Context, runs: Run[], options: TextBlockOptions = {}): void {
  ctx.flow.text(runs, { before: 0, after: 1, ...options });
}

/** A figure: the image itself when the PDF can embed it, else a framed link in its place. */
function figure(ctx: Context, image: Image, caption: string | undefined, indent: number): void {
  const { flow, document } = ctx;
  const asset = image.data?.asset;
  const size = image.data?.size;
  const src = image.data?.src?.url;
  const captionRuns = caption ? [run(caption, "regular", sizes.small + 1, MUTED)] : [];
  const captionOptions = { indent, lineHeight: (sizes.small + 1) * 1.6, after: 1 };
  if (asset && size && embeddable(asset)) {
    const scale = Math.min(1, (flow.width - indent) / size.width, 320 / size.height);
    const width = size.width * scale;
    const height = size.height * scale;
    // The caption stays with its image.
    const below = captionRuns.length ? flow.heightOf(captionRuns, captionOptions, 1) : 0;
    const { top, left } = flow.reserve(height + flow.rhythm / 2, 1, below);
    flow.op({ kind: "image", x: left + indent, y: top - height, width, height, asset });
    if (captionRuns.length) flow.text(captionRuns, captionOptions);
    else flow.gap(1);
    return;
  }
  if (asset) {
    ctx.warn(
      `${document.file}: ${asset} cannot be embedded in the PDF (only PNG and JPEG can); the press kit names it instead. Save it as PNG or JPEG.`,
    );
  }
  // Remote images are never fetched: a framed, linked label stands in for them.
  const label = [{ ...run(image.data?.label ?? "", "regular", sizes.body, LINK), link: src }];
  const address = src ? [{ ...run(ltr(src), "regular", sizes.small, LINK), link: src }] : [];
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
  flow.text(label, { indent: indent + 8 });
  if (address.length) flow.text(address, addressOptions);
  flow.moveTo(top - height);
  if (captionRuns.length) flow.text(captionRuns, { ...captionOptions, before: 1 });
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
  const draw = (cells: Line[][], r: number) => {
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
      lines.forEach((line, i) => {
        const room = width - 2 * pad - line.width;
        const shift = align === "right" ? room : align === "center" ? room / 2 : 0;
        flow.drawLines([line], x + pad + Math.max(0, shift), top - i * flow.rhythm);
      });
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
  laid.forEach((cells, r) => {
    // A table that goes on over the page repeats its header row there.
    if (r > 0 && header && heightOf(cells) > flow.room) {
      flow.newPage();
      draw(header, 0);
    }
    draw(cells, r);
  });
  flow.gap(1);
}

/** A block of resolved prose. */
function block(node: RootContent, ctx: Context, indent = 0): void {
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
    case "list":
      node.children.forEach((item, i) => {
        const marker = node.ordered ? `${(node.start ?? 1) + i}.` : "•";
        item.children.forEach((child, k) => {
          if (child.type === "paragraph" && k === 0) {
            flow.text(body(ctx, child.children), {
              indent: indent + 18,
              marker: run(marker, "regular", sizes.body, MUTED),
              markerIndent: indent,
              after: node.spread ? 1 : 0,
            });
          } else block(child, ctx, indent + 18);
        });
      });
      flow.gap(1);
      break;
    case "blockquote":
      for (const child of node.children) {
        if (child.type === "paragraph") {
          paragraph(
            ctx,
            inline(child.children, {
              style: ctx.quoteStyle,
              size: sizes.body,
              color: MUTED,
              emphasis: ctx.emphasis,
            }),
            {
              indent: indent + 16,
              bar: RULE,
            },
          );
        } else block(child, ctx, indent + 16);
      }
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

/** Footnotes: each numbered, linked to where it is referred to and back. */
function notes(ctx: Context, list: readonly Footnote[]): void {
  const { flow } = ctx;
  const size = sizes.small + 1;
  for (const note of list) {
    // "↑" back to where the note is referenced ("↩" is in neither face).
    const back: Run = { ...run(" ↑", "regular", size, LINK), target: `ref-${note.number}` };
    const options: TextBlockOptions = {
      indent: 18,
      marker: run(`${note.number}.`, "regular", size, LINK),
      anchorName: note.id,
      lineHeight: size * 1.6,
      after: 1,
    };
    const [first, ...rest] = note.blocks;
    if (first?.type === "paragraph") {
      flow.text(
        [
          ...inline(first.children, { style: "regular", size, color: INK, emphasis: ctx.emphasis }),
          back,
        ],
        options,
      );
    } else {
      flow.text([back], options);
      if (first) block(first, ctx, 18);
    }
    for (const child of rest) block(child, ctx, 18);
  }
}

/** Key figures as a horizontal bar chart with the numbers printed on it (log scale). */
function figures(ctx: Context): void {
  const { flow, document } = ctx;
  if (!document.figures.length) return;
  section(ctx, document.words.metrics);
  const labelWidth = flow.width * 0.38;
  const barMax = flow.width - labelWidth - 8;
  for (const f of document.figures) {
    const label = flow.lines([run(f.label)], labelWidth - 8);
    const note = f.note
      ? flow.lines([run(f.note, "regular", sizes.small, MUTED)], labelWidth - 8)
      : [];
    const height =
      Math.max(label.length * flow.rhythm + note.length * sizes.small * 1.5, flow.rhythm * 2) + 4;
    const { top, left } = flow.reserve(height, 0);
    flow.drawLines(label, left, top);
    flow.drawLines(note, left, top - label.length * flow.rhythm, sizes.small * 1.5);
    flow.op({
      kind: "rect",
      x: left + labelWidth,
      y: top - flow.rhythm * 1.6,
      width: Math.max(2, barMax * f.share),
      height: flow.rhythm * 0.45,
      color: BAR,
    });
    flow.drawLines(flow.lines([run(f.text, "bold")], barMax), left + labelWidth, top);
  }
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
  section(ctx, words.factSheet);
  const labelWidth = 110;
  for (const row of document.facts) {
    const labelLines = flow.lines([run(row.label, "regular", sizes.body, MUTED)], labelWidth - 8);
    const width = flow.width - labelWidth;
    const valueLines = row.values.flatMap((v) => {
      const value = withNote(
        [run(v.text, row.key === "round" ? "regular" : "bold", sizes.body, INK, v.lang)],
        v.note,
        words,
      );
      if (!v.url) return flow.lines(value, width);
      const address = { ...run(ltr(v.url), "regular", sizes.small, LINK), link: v.url };
      const together = flow.lines([...value, run("  "), address], width);
      // An address is not cut in two when a line of its own keeps it whole.
      return together.length === 1
        ? together
        : [...flow.lines(value, width), ...flow.lines([address], width)];
    });
    const count = Math.max(labelLines.length, valueLines.length);
    const { top, left } = flow.reserve(count * flow.rhythm + 4, 0);
    flow.drawLines(labelLines, left, top);
    flow.drawLines(valueLines, left + labelWidth, top);
    flow.op({
      kind: "rect",
      x: left,
      y: top - count * flow.rhythm - 3,
      width: flow.width,
      height: 0.5,
      color: RULE,
    });
  }
}

function cover(ctx: Context): void {
  const { flow, document } = ctx;
  const { company, words } = document;
  flow.moveTo(flow.box.height - flow.box.margin.top - 40);
  // The company's own logo comes first, when it has one.
  const logo = company.logos[0]?.name === company.name ? company.logos[0] : undefined;
  if (logo?.size && embeddable(logo.asset)) {
    const height = Math.min(40, logo.size.height);
    const width = Math.min((logo.size.width * height) / logo.size.height, flow.width / 2);
    const drawn = (width * logo.size.height) / logo.size.width;
    const { top, left } = flow.reserve(height + 12);
    flow.op({ kind: "image", x: left, y: top - drawn, width, height: drawn, asset: logo.asset });
  } else if (logo) {
    ctx.warn(
      `site.yaml: the logo ${logo.asset} cannot be embedded in the PDF (only PNG and JPEG can). Add a PNG or JPEG version.`,
    );
  }
  flow.text([run(company.name, "bold", 13, MUTED)], { lineHeight: 20, after: 2 });
  flow.text([run(words.pressKit, "regular", 11, MUTED)], { lineHeight: 18, after: 4 });
  flow.text([run(document.title, "bold", sizes.h1)], {
    lineHeight: sizes.h1 * 1.3,
    after: 2,
    outline: { title: oneLine(document.title), level: 1 },
  });
  const byline = document.author ? bylineOf(document.author, words) : [];
  flow.text([run(document.date.text, "regular", 12, MUTED), ...byline], {
    lineHeight: 18,
    after: 3,
  });
  flow.text([run(document.summary, "regular", 13)], { lineHeight: 13 * 1.65, after: 2 });
  // The web page, as a QR code, at the foot of the cover.
  const url = document.page.url;
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const size = 96;
  const modules: boolean[][] = [];
  for (let r = 0; r < qr.modules.size; r++) {
    modules.push([...Array(qr.modules.size).keys()].map((c) => qr.modules.get(r, c) === 1));
  }
  const y = flow.box.margin.bottom + 24;
  flow.op({ kind: "qr", x: flow.box.margin.left, y, size, modules });
  flow.links.push({
    page: flow.page,
    rect: [flow.box.margin.left, y, flow.box.margin.left + size, y + size],
    url,
  });
  flow.moveTo(y + size - 4);
  const foot = { indent: size + 16, lineHeight: sizes.small * 1.5 };
  flow.text([{ ...run(ltr(url), "regular", sizes.small, LINK), link: url }], foot);
  // The same press kit in the other languages, each name linked to its PDF.
  const others = document.translations.filter((t) => !t.current);
  if (others.length) {
    flow.text(
      [
        run(words.labelled(words.otherLanguages, ""), "regular", sizes.small, MUTED),
        ...others.flatMap((t, i) => [
          ...(i > 0 ? [run(" · ", "regular", sizes.small, MUTED)] : []),
          { ...run(t.language, "regular", sizes.small, LINK, t.locale), link: t.pdf.url },
        ]),
      ],
      { ...foot, before: 1 },
    );
  }
  flow.newPage();
}

/** " · By Name, Role": the name a link where the author has an address. */
function bylineOf(author: NonNullable<AnnouncementDocument["author"]>, words: Labels): Run[] {
  const [before, after] = around((name) => words.byline(name));
  const look = { style: "regular" as const, size: 12, color: author.url ? LINK : MUTED };
  const name = named(author.credit, author.name, author.lang, look);
  return [
    run(` · ${before}`, "regular", 12, MUTED),
    ...(author.url ? name.map((r) => ({ ...r, link: author.url })) : name),
    ...(after ? [run(after, "regular", 12, MUTED)] : []),
  ];
}

function quotes(ctx: Context): void {
  const { flow, document } = ctx;
  if (!document.quotes.length) return;
  section(ctx, document.words.quotes);
  for (const q of document.quotes) {
    flow.text(
      [run(q.text, ctx.quoteStyle, 11.5)],
      { indent: 16, bar: BAR, lineHeight: 11.5 * 1.6, keepTogether: true },
      flow.rhythm,
    );
    flow.text(
      named(q.credit, q.by.name, q.by.lang, { style: "regular", size: sizes.body, color: MUTED }),
      { indent: 16, after: 2 },
    );
  }
}

function useOfFunds(ctx: Context): void {
  const { flow, document } = ctx;
  if (!document.useOfFunds.length) return;
  section(ctx, document.words.useOfFunds);
  document.useOfFunds.forEach((u, i) => {
    flow.text(
      [run(u.title, "bold"), ...(u.summary ? [run(document.words.labelled("", u.summary))] : [])],
      { indent: 18, marker: run(`${i + 1}.`, "regular", sizes.body, MUTED), after: 1 },
    );
  });
}

function hires(ctx: Context): void {
  const { flow, document } = ctx;
  if (!document.hires.length) return;
  const { words } = document;
  section(ctx, words.hires(document.hires.length));
  for (const h of document.hires) {
    const name = run(h.person.name, "bold", sizes.body, h.person.url ? LINK : INK, h.person.lang);
    flow.text(
      withNote(
        [h.person.url ? { ...name, link: h.person.url } : name, run(words.labelled("", h.role))],
        h.previously,
        words,
      ),
      { indent: 18, marker: run("•", "regular", sizes.body, MUTED), after: 1 },
    );
  }
}

function ecosystem(ctx: Context): void {
  const { flow, document } = ctx;
  if (!document.ecosystem.length) return;
  section(ctx, document.words.ecosystem);
  for (const group of document.ecosystem) {
    flow.text([run(group.label, "bold")], { before: 1, keepTogether: true }, flow.rhythm * 2);
    // The list in the language's words ("A, B and C"), each name linked to its site.
    const runs = group.list.map(({ text, organization }) =>
      organization?.url
        ? { ...run(text, "regular", sizes.body, LINK, organization.lang), link: organization.url }
        : run(text, "regular", sizes.body, INK, organization?.lang),
    );
    paragraph(ctx, runs);
  }
}

function sourceAndTranslation(ctx: Context): void {
  const { flow, document } = ctx;
  const { source, translatorNote, words } = document;
  if (!source && !translatorNote) return;
  const size = sizes.small + 1;
  const options = { lineHeight: size * 1.6, after: 1, before: 2 };
  if (source) {
    flow.text(
      [
        run(words.labelled(words.source, ""), "regular", size, MUTED),
        {
          ...run(source.title ?? ltr(source.url), "regular", size, LINK),
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

function about(ctx: Context): void {
  const { flow, document } = ctx;
  const { company, words } = document;
  section(ctx, company.aboutHeading);
  for (const node of company.about.blocks) block(node, ctx);
  notes(ctx, company.about.notes);
  section(ctx, words.pressContact);
  const c = company.pressContact;
  flow.text([run(c.name, "bold")], {});
  flow.text(
    [
      run(words.labelled(words.email, "")),
      { ...run(ltr(c.email), "regular", sizes.body, LINK), link: c.mailto },
    ],
    {},
  );
  if (c.phone) flow.text([run(words.labelled(words.phone, ltr(c.phone)))], {});
}

/** Lays the whole press kit of one announcement document out. */
export function layoutPressKit(
  flow: Flow,
  document: AnnouncementDocument,
  warn: (message: string) => void,
): void {
  const emphasis = emphasisOf(document);
  const ctx: Context = {
    flow,
    document,
    warn,
    emphasis,
    quoteStyle: emphasis === "italic" ? "italic" : "regular",
  };
  cover(ctx);
  factSheet(ctx);
  figures(ctx);
  section(ctx, document.title);
  for (const node of document.body.blocks) block(node, ctx);
  if (document.body.notes.length) {
    heading(ctx, [run(document.words.footnotes)], document.words.footnotes, 3);
    notes(ctx, document.body.notes);
  }
  quotes(ctx);
  useOfFunds(ctx);
  hires(ctx);
  ecosystem(ctx);
  sourceAndTranslation(ctx);
  about(ctx);
}
