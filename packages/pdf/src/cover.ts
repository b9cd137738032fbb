import { type AnnouncementDocument, around, type Labels } from "@herald/model";
import QRCode from "qrcode";
import type { TextBlockOptions } from "./flow.js";
import {
  type Context,
  embeddable,
  FIGURE,
  INK,
  LINK,
  ltr,
  MUTED,
  named,
  oneLine,
  RULE,
  run,
  sizes,
  TINT,
} from "./look.js";
import type { Run } from "./text.js";
import { statTiles, type Tile } from "./tiles.js";

// Page one of the press kit: what a journalist needs before reading on. A tinted head with the
// logo, company, title, date and byline; the summary; the headline figures as stat tiles; and
// a panel with the press contact, the postal address, the web page as a QR code and its
// address. The fact sheet and the announcement follow on the same page, so no page is left
// half empty however long or short the head is.

const LOGO_HEIGHT = 44;
const QR_SIZE = 84;

/** The headline figures: the amount raised (with its round), then every key figure. */
export function coverTiles(document: AnnouncementDocument): Tile[] {
  const { headline, figures } = document;
  const own =
    headline && !figures.some((f) => f.text === headline.text && f.label === headline.label)
      ? [
          {
            text: headline.text,
            label: headline.label,
            ...(document.round && { note: document.round }),
          },
        ]
      : [];
  return [
    ...own,
    ...figures.map((f) => ({ text: f.text, label: f.label, ...(f.note && { note: f.note }) })),
  ];
}

export function cover(ctx: Context): void {
  const { flow, document } = ctx;
  const { company, words } = document;
  const { box } = flow;
  const top = box.height - 44;
  flow.moveTo(top);
  // The company's own logo, drawn from PNG, JPEG or SVG (svg.ts).
  const logo = company.logo;
  const shape = logo && ctx.shapeOf(logo.asset, logo.size ?? logo.details.size);
  let indent = 0;
  if (logo && shape && embeddable(logo.asset)) {
    const width = Math.min((shape.width * LOGO_HEIGHT) / shape.height, flow.width / 2);
    const height = (width * shape.height) / shape.width;
    flow.op({
      kind: "image",
      x: box.margin.left,
      y: top - (LOGO_HEIGHT + height) / 2,
      width,
      height,
      asset: logo.asset,
    });
    indent = width + 14;
  } else if (logo) {
    ctx.warn(
      `site.yaml: the logo ${logo.asset} cannot be embedded in the PDF (only PNG, JPEG and SVG can). Add a PNG, JPEG or SVG version.`,
    );
  }
  // The company's name and "Press kit" beside the logo, centred on it.
  flow.moveTo(top - (LOGO_HEIGHT - 34) / 2);
  flow.text([run(company.name, "bold", 14, INK)], { indent, lineHeight: 19 });
  flow.text([run(words.pressKit, "regular", 10, MUTED)], { indent, lineHeight: 15 });
  flow.moveTo(top - LOGO_HEIGHT - 22);
  flow.text([run(document.title, "bold", 26)], {
    lineHeight: 26 * 1.25,
    after: 1,
    outline: { title: oneLine(document.title), level: 1 },
  });
  const byline = document.author ? bylineOf(document.author, words) : [];
  flow.text([run(document.date.text, "regular", 11.5, MUTED), ...byline], { lineHeight: 18 });
  // The head's tint, from the top edge of the paper down to below the date.
  const headBottom = flow.cursor - 16;
  flow.underlay({
    kind: "rect",
    x: 0,
    y: headBottom,
    width: box.width,
    height: box.height - headBottom,
    color: TINT,
  });
  flow.underlay({
    kind: "rect",
    x: 0,
    y: box.height - 5,
    width: box.width,
    height: 5,
    color: FIGURE,
  });
  flow.moveTo(headBottom - 20);
  flow.text([run(document.summary, "regular", 12.5)], { lineHeight: 12.5 * 1.6, after: 3 });
  statTiles(flow, coverTiles(document));
  flow.gap(3);
  contactPanel(ctx);
}

/** The press contact, the postal address, and the web page as a QR code and an address. */
function contactPanel(ctx: Context): void {
  const { flow, document } = ctx;
  const { company, words } = document;
  const c = company.pressContact;
  const indent = QR_SIZE + 18;
  const small = sizes.small + 0.5;
  const blocks: Array<[Run[], TextBlockOptions]> = [];
  const add = (runs: Run[], options: TextBlockOptions = {}) =>
    blocks.push([runs, { indent, lineHeight: small * 1.55, ...options }]);
  add([run(words.pressContact, "bold", small, MUTED)]);
  add([run(c.name, "bold", sizes.body)], { lineHeight: sizes.body * 1.5 });
  add([{ ...run(ltr(c.email), "regular", small, LINK), link: c.mailto, whole: true }]);
  if (c.phone) add([run(ltr(c.phone), "regular", small, INK)]);
  for (const line of company.postalAddress ?? []) add([run(line, "regular", small, MUTED)]);
  const url = document.page.url;
  add([{ ...run(ltr(url), "regular", small, LINK), link: url, whole: true }], { before: 1 });
  // The same press kit in the other languages, each name linked to its PDF.
  const others = document.translations.filter((t) => !t.current);
  if (others.length) {
    add([
      run(words.labelled(words.otherLanguages, ""), "regular", small, MUTED),
      ...others.flatMap((t, i) => [
        // The separator stays with the name before it; a name is never cut in two.
        ...(i > 0 ? [run("\u00a0· ", "regular", small, MUTED)] : []),
        { ...run(t.language, "regular", small, LINK, t.locale), link: t.pdf.url, whole: true },
      ]),
    ]);
  }
  const textHeight = blocks.reduce((sum, [runs, o]) => sum + flow.heightOf(runs, o), 0);
  const height = Math.max(QR_SIZE, textHeight) + 14;
  flow.ensure(height);
  const { top, left } = flow.reserve(0);
  flow.op({ kind: "rect", x: left, y: top, width: flow.width, height: 0.8, color: RULE });
  const y = top - 12 - QR_SIZE;
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const modules: boolean[][] = [];
  for (let r = 0; r < qr.modules.size; r++) {
    modules.push([...Array(qr.modules.size).keys()].map((col) => qr.modules.get(r, col) === 1));
  }
  flow.op({ kind: "qr", x: left, y, size: QR_SIZE, modules });
  flow.links.push({ page: flow.page, rect: [left, y, left + QR_SIZE, y + QR_SIZE], url });
  flow.moveTo(top - 10);
  for (const [runs, options] of blocks) flow.text(runs, options);
  flow.moveTo(Math.min(flow.cursor, y) - 6);
  flow.op({ kind: "rect", x: left, y: flow.cursor, width: flow.width, height: 0.8, color: RULE });
}

/** " · By Name, Role": the name a link where the author has an address. */
function bylineOf(author: NonNullable<AnnouncementDocument["author"]>, words: Labels): Run[] {
  const [before, after] = around((name) => words.byline(name));
  const look = { style: "regular" as const, size: 11.5, color: author.url ? LINK : MUTED };
  const name = named(author.credit, author.name, author.lang, look);
  return [
    run(` · ${before}`, "regular", 11.5, MUTED),
    ...(author.url ? name.map((r) => ({ ...r, link: author.url })) : name),
    ...(after ? [run(after, "regular", 11.5, MUTED)] : []),
  ];
}
