import {
  type Announcement,
  announcementUrl,
  type Content,
  findOrganization,
  findPerson,
  formatDate,
  formatMetric,
  formatMoney,
  labels,
  localize,
  type Metric,
  siteUrl,
  textOf,
} from "@herald/model";
import type { PhrasingContent, Root, RootContent } from "mdast";
import QRCode from "qrcode";
import type { Color, Flow } from "./flow.js";
import type { Style } from "./fonts.js";
import { readLocalImage } from "./images.js";
import type { Run } from "./text.js";

// What the press kit says, in order: cover, fact sheet, key figures, the announcement,
// quotes, notes, boilerplate and press contact. Everything comes from the model.

const INK: Color = [0.11, 0.12, 0.14];
const MUTED: Color = [0.36, 0.39, 0.42];
const LINK: Color = [0.04, 0.36, 0.68];
const RULE: Color = [0.8, 0.82, 0.85];
const BAR: Color = [0.18, 0.5, 0.85];

export interface Sizes {
  body: number;
  small: number;
  h1: number;
  h2: number;
  h3: number;
}

export const sizes: Sizes = { body: 10.5, small: 8.5, h1: 24, h2: 15, h3: 12 };

interface Context {
  flow: Flow;
  content: Content;
  a: Announcement;
  footnotes: Map<string, number>;
  warn: (message: string) => void;
}

const run = (
  text: string,
  style: Style = "regular",
  size = sizes.body,
  color: Color = INK,
): Run => ({
  text,
  style,
  size,
  color,
});

/** mdast phrasing content → styled runs. */
function inline(
  nodes: readonly PhrasingContent[],
  ctx: Context,
  style: Style,
  size: number,
  color: Color,
  link?: string,
): Run[] {
  const bold = (s: Style): Style => (s === "italic" || s === "boldItalic" ? "boldItalic" : "bold");
  const italic = (s: Style): Style =>
    s === "bold" || s === "boldItalic" ? "boldItalic" : "italic";
  return nodes.flatMap((node): Run[] => {
    switch (node.type) {
      case "text":
      case "inlineCode":
        return [{ text: node.value, style, size, color: link ? LINK : color, link }];
      case "break":
        return [{ text: "\n", style, size, color }];
      case "strong":
        return inline(node.children, ctx, bold(style), size, color, link);
      case "emphasis":
        return inline(node.children, ctx, italic(style), size, color, link);
      case "delete":
        return inline(node.children, ctx, style, size, MUTED, link);
      case "link":
        return inline(node.children, ctx, style, size, color, publicAddress(ctx, node));
      case "image":
        return [
          {
            text: labels(ctx.a.locale).image(node.alt || node.url),
            style,
            size,
            color: LINK,
            link: publicAddress(ctx, node),
          },
        ];
      case "footnoteReference": {
        const n = ctx.footnotes.get(node.identifier) ?? ctx.footnotes.size + 1;
        ctx.footnotes.set(node.identifier, n);
        return [
          { text: String(n), style, size, color: LINK, superscript: true, target: `fn-${n}` },
        ];
      }
      default:
        return "children" in node
          ? inline(node.children as PhrasingContent[], ctx, style, size, color, link)
          : [];
    }
  });
}

function heading(ctx: Context, text: string, level: 2 | 3 | 4, outline = true): void {
  const size = level === 2 ? sizes.h2 : sizes.h3;
  const runs = [run(text, "bold", size)];
  // Keep the heading with at least two lines of what follows.
  const keep = ctx.flow.rhythm * 2.5;
  ctx.flow.text(
    runs,
    {
      before: level === 2 ? 4 : 3,
      after: 1,
      lineHeight: size * 1.45,
      keepTogether: true,
      outline: outline ? { title: text, level: level - 1 } : undefined,
    },
    keep,
  );
}

function paragraph(ctx: Context, runs: Run[], options: Parameters<Flow["text"]>[1] = {}): void {
  ctx.flow.text(runs, { before: 0, after: 1, ...options });
}

/** Where a link or image leads: a file in assets/ is on the site, at its public address. */
function publicAddress(ctx: Context, node: { url: string; data?: { asset?: string } }): string {
  return node.data?.asset ? siteUrl(ctx.content.site, node.data.asset) : node.url;
}

/** A block of the announcement's body. */
function block(node: RootContent, ctx: Context, indent = 0): void {
  const { flow } = ctx;
  switch (node.type) {
    case "heading":
      heading(ctx, textOf(node), Math.min(Math.max(node.depth, 2), 4) as 2 | 3 | 4);
      break;
    case "paragraph": {
      const only = node.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
      const image = only.length === 1 && only[0]?.type === "image" ? only[0] : undefined;
      const local = image?.data?.asset
        ? readLocalImage(ctx.content.dir, image.data.asset)
        : undefined;
      if (image && local) {
        const scale = Math.min(1, (flow.width - indent) / local.width, 320 / local.height);
        const width = local.width * scale;
        const height = local.height * scale;
        const { top, left } = flow.reserve(height + flow.rhythm / 2, 1);
        flow.op({
          kind: "image",
          x: left + indent,
          y: top - height,
          width,
          height,
          asset: image.data?.asset ?? "",
        });
        const caption = image.title || image.alt;
        if (caption)
          flow.text([run(caption, "regular", sizes.small + 1, MUTED)], {
            indent,
            lineHeight: (sizes.small + 1) * 1.6,
            after: 1,
          });
        break;
      }
      if (image?.data?.asset) {
        ctx.warn(
          `${ctx.a.file}: ${image.data.asset} cannot be embedded in the PDF (only PNG and JPEG can); the press kit names it instead. Save it as PNG or JPEG.`,
        );
      }
      if (image) {
        // Remote images are never fetched: a framed, captioned link stands in for them.
        const words = labels(ctx.a.locale);
        const caption = [
          run(words.image(image.alt || image.title || ""), "regular", sizes.body, LINK),
        ];
        const target = publicAddress(ctx, image);
        const address = [
          { ...run(image.data?.asset ?? image.url, "regular", sizes.small, LINK), link: target },
        ];
        const height =
          flow.heightOf(caption) +
          flow.heightOf(address, { lineHeight: sizes.small * 1.5 }) +
          flow.rhythm;
        const { top, left } = flow.reserve(height, 1);
        flow.op({
          kind: "rect",
          x: left + indent,
          y: top - height,
          width: flow.width - indent,
          height: 0.8,
          color: RULE,
        });
        flow.op({
          kind: "rect",
          x: left + indent,
          y: top,
          width: flow.width - indent,
          height: 0.8,
          color: RULE,
        });
        flow.moveTo(top - flow.rhythm / 2);
        flow.text(
          caption.map((r) => ({ ...r, link: target })),
          { indent: indent + 8 },
        );
        flow.text(address, { indent: indent + 8, lineHeight: sizes.small * 1.5, after: 1 });
        break;
      }
      paragraph(ctx, inline(node.children, ctx, "regular", sizes.body, INK), { indent });
      break;
    }
    case "list":
      node.children.forEach((item, i) => {
        const marker = node.ordered ? `${(node.start ?? 1) + i}.` : "•";
        item.children.forEach((child, k) => {
          if (child.type === "paragraph" && k === 0) {
            flow.text(inline(child.children, ctx, "regular", sizes.body, INK), {
              indent: indent + 18,
              marker: run(marker, "regular", sizes.body, MUTED),
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
          paragraph(ctx, inline(child.children, ctx, "italic", sizes.body, MUTED), {
            indent: indent + 16,
            bar: RULE,
          });
        } else block(child, ctx, indent + 16);
      }
      break;
    case "table": {
      const columns = node.children[0]?.children.length ?? 1;
      const width = (flow.width - indent) / columns;
      for (const [r, row] of node.children.entries()) {
        const cells = row.children.map((cell) =>
          flow.lines(
            inline(cell.children, ctx, r === 0 ? "bold" : "regular", sizes.body, INK),
            width - 8,
          ),
        );
        const height = Math.max(...cells.map((c) => c.length)) * flow.rhythm + 6;
        const { top, left } = flow.reserve(height, r === 0 ? 1 : 0);
        cells.forEach((lines, c) => {
          flow.drawLines(lines, left + indent + c * width + 4, top);
        });
        flow.op({
          kind: "rect",
          x: left + indent,
          y: top - height,
          width: flow.width - indent,
          height: 0.6,
          color: RULE,
        });
      }
      flow.gap(1);
      break;
    }
    case "code":
      paragraph(ctx, [run(node.value, "regular", sizes.small, INK)], { indent: indent + 8 });
      break;
    case "thematicBreak": {
      const { top, left } = flow.reserve(flow.rhythm, 1);
      flow.op({
        kind: "rect",
        x: left,
        y: top - flow.rhythm / 2,
        width: flow.width,
        height: 0.6,
        color: RULE,
      });
      break;
    }
    default:
      break;
  }
}

/** Key figures as a horizontal bar chart with the numbers printed on it (log scale). */
function chart(ctx: Context, metrics: readonly Metric[]): void {
  const { flow, a } = ctx;
  const words = labels(a.locale);
  heading(ctx, words.metrics, 2);
  const labelWidth = flow.width * 0.38;
  const barMax = flow.width - labelWidth - 8;
  const max = Math.max(...metrics.map((m) => m.value));
  for (const m of metrics) {
    const label = flow.lines([run(m.label, "regular", sizes.body)], labelWidth - 8);
    const note = m.note
      ? flow.lines([run(m.note, "regular", sizes.small, MUTED)], labelWidth - 8)
      : [];
    const height =
      Math.max(label.length * flow.rhythm + note.length * sizes.small * 1.5, flow.rhythm * 2) + 4;
    const { top, left } = flow.reserve(height, 0);
    flow.drawLines(label, left, top);
    flow.drawLines(note, left, top - label.length * flow.rhythm, sizes.small * 1.5);
    // All figures zero: every bar is the stub (log10(1) / log10(1) would be 0 / 0).
    const share = max > 0 ? Math.log10(m.value + 1) / Math.log10(max + 1) : 0;
    const width = Math.max(2, barMax * share);
    flow.op({
      kind: "rect",
      x: left + labelWidth,
      y: top - flow.rhythm * 1.6,
      width,
      height: flow.rhythm * 0.45,
      color: BAR,
    });
    flow.drawLines(
      flow.lines([run(formatMetric(m, a.locale), "bold", sizes.body)], barMax),
      left + labelWidth,
      top,
    );
  }
  flow.text([run(words.logScale, "regular", sizes.small, MUTED)], {
    lineHeight: sizes.small * 1.5,
    before: 1,
    after: 1,
  });
}

function factSheet(ctx: Context): void {
  const { flow, a, content } = ctx;
  const f = a.funding;
  if (!f) return;
  const words = labels(a.locale);
  heading(ctx, words.factSheet, 2);
  const org = (id: string): Run[] => {
    const o = findOrganization(content, id);
    const name = localize(o.name, a.locale, content.site);
    return o.url
      ? [run(name, "bold"), run("  "), { ...run(o.url, "regular", sizes.small, LINK), link: o.url }]
      : [run(name, "bold")];
  };
  const rows: Array<[string, Run[][]]> = [
    [words.round, [[run(f.round)]]],
    [words.amount, [[run(formatMoney(f.amount, f.currency, a.locale), "bold")]]],
    [f.lead.length === 1 ? words.leadInvestor : words.leadInvestors, f.lead.map(org)],
    ...(f.participants.length
      ? [[words.participants, f.participants.map(org)] as [string, Run[][]]]
      : []),
    ...(f.boardMembers.length
      ? [
          [
            words.boardMembers,
            f.boardMembers.map((id) => {
              const p = findPerson(content, id);
              const role = p.role ? localize(p.role, a.locale, content.site) : undefined;
              const name = localize(p.name, a.locale, content.site);
              if (!role) return [run(name, "bold")];
              // The note's brackets and spacing follow the locale: "Name (role)", "名字（角色）".
              const aside = words.withNote("", role);
              return [run(name, "bold"), run(aside, "regular", sizes.body, MUTED)];
            }),
          ] as [string, Run[][]],
        ]
      : []),
  ];
  const labelWidth = 110;
  for (const [label, values] of rows) {
    const labelLines = flow.lines([run(label, "regular", sizes.body, MUTED)], labelWidth - 8);
    const valueLines = values.map((v) => flow.lines(v, flow.width - labelWidth));
    const count = Math.max(
      labelLines.length,
      valueLines.reduce((n, v) => n + v.length, 0),
    );
    const { top, left } = flow.reserve(count * flow.rhythm + 4, 0);
    flow.drawLines(labelLines, left, top);
    flow.drawLines(valueLines.flat(), left + labelWidth, top);
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
  const { flow, a, content } = ctx;
  const words = labels(a.locale);
  flow.moveTo(flow.box.height - flow.box.margin.top - 40);
  const logo = content.site.logo ? readLocalImage(content.dir, content.site.logo) : undefined;
  if (logo && content.site.logo) {
    const height = 40;
    const width = Math.min((logo.width * height) / logo.height, flow.width / 2);
    const { top, left } = flow.reserve(height + 12);
    flow.op({
      kind: "image",
      x: left,
      y: top - (width * logo.height) / logo.width,
      width,
      height: (width * logo.height) / logo.width,
      asset: content.site.logo,
    });
  } else if (content.site.logo) {
    ctx.warn(
      `site.yaml: the logo ${content.site.logo} cannot be embedded in the PDF (only PNG and JPEG can). Add a PNG or JPEG version.`,
    );
  }
  flow.text([run(content.site.name, "bold", 13, MUTED)], { lineHeight: 20, after: 2 });
  flow.text([run(words.pressKit, "regular", 11, MUTED)], { lineHeight: 18, after: 4 });
  flow.text([run(a.title, "bold", sizes.h1)], {
    lineHeight: sizes.h1 * 1.3,
    after: 2,
    outline: { title: a.title, level: 1 },
  });
  flow.text([run(formatDate(a.date, a.locale), "regular", 12, MUTED)], {
    lineHeight: 18,
    after: 3,
  });
  flow.text([run(a.summary, "regular", 13)], { lineHeight: 13 * 1.65, after: 2 });
  // The web page, as a QR code, at the foot of the cover.
  const url = announcementUrl(content.site, a);
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
  flow.text([{ ...run(url, "regular", sizes.small, LINK), link: url }], {
    indent: size + 16,
    lineHeight: sizes.small * 1.5,
  });
  flow.newPage();
}

function quotes(ctx: Context): void {
  const { flow, a, content } = ctx;
  if (!a.quotes.length) return;
  const words = labels(a.locale);
  heading(ctx, words.quotes, 2);
  for (const q of a.quotes) {
    const p = findPerson(content, q.person);
    const role = p.role ? localize(p.role, a.locale, content.site) : undefined;
    const name = localize(p.name, a.locale, content.site);
    const who = role ? words.withNote(name, role) : name;
    flow.text(
      [run(q.text, "italic", 11.5)],
      { indent: 16, bar: BAR, lineHeight: 11.5 * 1.6, keepTogether: true },
      flow.rhythm,
    );
    flow.text([run(words.quoteBy(who), "regular", sizes.body, MUTED)], { indent: 16, after: 2 });
  }
}

function notes(ctx: Context, definitions: Map<string, RootContent[]>): void {
  const { flow, a } = ctx;
  if (!ctx.footnotes.size) return;
  heading(ctx, labels(a.locale).footnotes, 2);
  for (const [identifier, n] of ctx.footnotes) {
    const children = definitions.get(identifier) ?? [];
    children.forEach((child, k) => {
      if (child.type === "paragraph" && k === 0) {
        // "↑" back to where the note is referenced ("↩" is in neither face).
        const back: Run = { ...run(" ↑", "regular", sizes.small + 1, LINK), target: `ref-${n}` };
        flow.text([...inline(child.children, ctx, "regular", sizes.small + 1, INK), back], {
          indent: 18,
          marker: { ...run(`${n}.`, "regular", sizes.small + 1, LINK) },
          anchorName: `fn-${n}`,
          lineHeight: (sizes.small + 1) * 1.6,
          after: 1,
        });
      } else block(child, ctx, 18);
    });
  }
}

/** Lays the whole press kit out. */
export function layoutPressKit(
  flow: Flow,
  content: Content,
  a: Announcement,
  warn: (message: string) => void,
): void {
  const ctx: Context = { flow, content, a, footnotes: new Map(), warn };
  const words = labels(a.locale);
  cover(ctx);
  factSheet(ctx);
  if (a.metrics.length) chart(ctx, a.metrics);
  const definitions = new Map<string, RootContent[]>();
  const body = a.body as Root;
  for (const node of body.children) {
    if (node.type === "footnoteDefinition") definitions.set(node.identifier, node.children);
  }
  heading(ctx, a.title, 2);
  for (const node of body.children) {
    if (node.type !== "footnoteDefinition") block(node, ctx);
  }
  quotes(ctx);
  notes(ctx, definitions);
  heading(ctx, `${words.about} ${content.site.name}`, 2);
  const about = content.about[a.locale];
  for (const node of about?.children ?? []) block(node, ctx);
  heading(ctx, words.pressContact, 2);
  const c = content.site.pressContact;
  flow.text([run(c.name, "bold")], {});
  flow.text(
    [
      run(words.labelled(words.email, "")),
      { ...run(c.email, "regular", sizes.body, LINK), link: `mailto:${c.email}` },
    ],
    {},
  );
  if (c.phone) flow.text([run(words.labelled(words.phone, c.phone))], {});
}
