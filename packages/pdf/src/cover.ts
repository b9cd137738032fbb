import { type AnnouncementDocument, around, type Labels } from "@herald/model";
import QRCode from "qrcode";
import { cutToFit } from "./ellipsis.js";
import { type Block, embargoNotice } from "./embargo-notice.js";
import type { TextBlockOptions } from "./flow.js";
import {
  type Context,
  embeddable,
  FIGURE,
  INK,
  isolated,
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
import { statTiles, type Tile, tileRows, tilesHeight } from "./tiles.js";
import { updatesBlock } from "./updates.js";

// Page one of the press kit: what a journalist needs before reading on. Under embargo, the
// notice first (embargo-notice.ts). A tinted head with the logo, company, title, date and
// byline; the corrections and updates (updates.ts); the summary; the headline figures as stat
// tiles; and a panel with the press contact, the postal address, the web page as a QR code
// and its address (under embargo the page has no address yet: the contact alone). The fact
// sheet and the announcement follow on the same page, so no page is left half empty however
// long or short the head is; and the cover never goes on to page two.

const LOGO_HEIGHT = 44;
/** Space between the embargo notice and the logo under it. */
const NOTICE_GAP = 14;
/** Space between the updates and the summary under them. */
const UPDATES_GAP = 14;
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

/** What the cover could not show whole, for the pages after it to give in full. */
export interface CoverShown {
  /** The title was cut with "…": the announcement starts with it whole. */
  titleCut: boolean;
  /** The summary was cut with "…": it is given whole before the announcement. */
  summaryCut: boolean;
  /** A line of the press contact panel was cut: the contact is given whole at the end. */
  contactCut: boolean;
  /** The headline figures that did not fit on the cover: tiles after it. */
  moreTiles: Tile[];
  /** The updates, when they did not fit on the cover with the whole title and summary. */
  updates?: Block;
}

/** The title's sizes, largest first, and the most lines it may take at each. */
const TITLE_LOOKS = [
  { size: 26, lines: 3 },
  { size: 22, lines: 4 },
  { size: 19, lines: 4 },
  { size: 16, lines: 5 },
] as const;
/** The summary's sizes, and the most lines it may take at each. */
const SUMMARY_LOOKS = [
  { size: 12.5, lines: 8 },
  { size: 11.5, lines: 9 },
] as const;
/** Lines the cut title and summary keep at least, however crowded the cover. */
const LEAST_LINES = 2;
/** The most lines one line of the contact panel (a name, an address line) may wrap to. */
const PANEL_LINES = 2;

const titleRun = (text: string, size: number) => run(text, "bold", size);
const titleOptions = (size: number) => ({ lineHeight: size * 1.25, after: 1 });
const summaryRun = (text: string, size: number) => run(text, "regular", size);
const summaryOptions = (size: number) => ({ lineHeight: size * 1.6, after: 3 });

/**
 * Page one of the press kit, always one page: when the title, summary, headline figures or
 * press contact would push the panel over the page, the title is set smaller, then the
 * headline figures that do not fit wait for the next page, then the title and summary are
 * cut with "…" (given whole after the cover; see CoverShown).
 */
export function cover(ctx: Context): CoverShown {
  const { flow, document } = ctx;
  const { company, words } = document;
  const { box } = flow;
  // Under embargo, the notice comes first, above everything else (embargo-notice.ts).
  const notice = embargoNotice(ctx);
  const top = box.height - 44 - (notice ? notice.height + NOTICE_GAP : 0);
  const lang = document.locale;
  const linesOf = (runs: Run[], indent = 0) => flow.lines(runs, flow.width - indent).length;
  /** `text` cut with "…" to `lines` lines of `look`. */
  const cut = (text: string, look: (t: string) => Run, lines: number, indent = 0) =>
    cutToFit(text, (t) => linesOf([look(t)], indent) <= lines, lang, true);

  // The company's own logo, drawn from PNG, JPEG or SVG (svg.ts).
  const logo = company.logo;
  const shape = logo && ctx.shapeOf(logo.asset, logo.size ?? logo.details.size);
  let indent = 0;
  let logoBox: { width: number; height: number } | undefined;
  if (logo && shape && embeddable(logo.asset)) {
    const width = Math.min((shape.width * LOGO_HEIGHT) / shape.height, flow.width / 2);
    logoBox = { width, height: (width * shape.height) / shape.width };
    indent = width + 14;
  } else if (logo) {
    ctx.warn(
      `site.yaml: the logo ${logo.asset} cannot be embedded in the PDF (only PNG, JPEG and SVG can). Add a PNG, JPEG or SVG version.`,
    );
  }

  // What the cover holds besides the title, summary and tiles: their heights are fixed.
  const byline = document.author ? bylineOf(document.author, words) : [];
  const dateRuns = [run(document.date.text, "regular", 11.5, MUTED), ...byline];
  const dateHeight = flow.heightOf(dateRuns, { lineHeight: 18 });
  const panel = contactBlocks(ctx);
  const fixed =
    LOGO_HEIGHT + 22 + flow.rhythm / 2 + dateHeight + 16 + 20 + flow.rhythm * 1.5 + panel.height;
  const room = top - box.margin.bottom;
  const titleHeight = (text: string, size: number) => linesOf([titleRun(text, size)]) * size * 1.25;
  const summaryHeight = (text: string, size: number) =>
    linesOf([summaryRun(text, size)]) * size * 1.6 + flow.rhythm * 1.5;

  // The headline figures: all of them, or the first rows, or none.
  const tiles = coverTiles(document);
  const counts = [tiles.length];
  for (let k = tiles.length - 1; k >= 0; k--) {
    if (tileRows(flow, tiles.slice(0, k)) < tileRows(flow, tiles.slice(0, counts.at(-1))))
      counts.push(k);
  }
  // At most two rows of tiles on the cover.
  const shownCounts = counts.filter((k) => tileRows(flow, tiles.slice(0, k)) <= 2);

  type Plan = { title: string; titleSize: number; summary: string; summarySize: number; k: number };
  /** Whole title and summary, the largest sizes that fit with `extra` more, as many tiles as fit. */
  const whole = (extra: number, counts = shownCounts): Plan | undefined => {
    for (const k of counts) {
      const left = room - fixed - extra - tilesHeight(flow, tiles.slice(0, k));
      for (const t of TITLE_LOOKS) {
        if (linesOf([titleRun(document.title, t.size)]) > t.lines) continue;
        for (const s of SUMMARY_LOOKS) {
          if (linesOf([summaryRun(document.summary, s.size)]) > s.lines) continue;
          const h = titleHeight(document.title, t.size) + summaryHeight(document.summary, s.size);
          if (h <= left) {
            return {
              title: document.title,
              titleSize: t.size,
              summary: document.summary,
              summarySize: s.size,
              k,
            };
          }
        }
      }
    }
    return undefined;
  };
  // The updates are on the cover where the title, the summary and a row of the headline
  // figures still fit whole beside them; else they open page 2, as what the cover cuts does
  // (see CoverShown).
  const updates = updatesBlock(ctx);
  const withUpdates = updates
    ? whole(
        updates.height + UPDATES_GAP,
        shownCounts.filter((k) => k > 0 || tiles.length === 0),
      )
    : undefined;
  const plan = ((): Plan => {
    const best = withUpdates ?? whole(0);
    if (best) return best;
    // Too long for the cover: the smallest sizes, each cut to the lines that are left.
    const t = TITLE_LOOKS.at(-1) as (typeof TITLE_LOOKS)[number];
    const s = SUMMARY_LOOKS.at(-1) as (typeof SUMMARY_LOOKS)[number];
    const fitted = (k: number): Plan => {
      const left = room - fixed - tilesHeight(flow, tiles.slice(0, k)) - flow.rhythm * 1.5;
      const titleLines = Math.max(
        LEAST_LINES,
        Math.min(t.lines, Math.floor((left - LEAST_LINES * s.size * 1.6) / (t.size * 1.25))),
      );
      const title = cut(document.title, (x) => titleRun(x, t.size), titleLines);
      const rest = left - titleHeight(title, t.size);
      const summaryLines = Math.max(
        LEAST_LINES,
        Math.min(s.lines, Math.floor(rest / (s.size * 1.6))),
      );
      const summary = cut(document.summary, (x) => summaryRun(x, s.size), summaryLines);
      return { title, titleSize: t.size, summary, summarySize: s.size, k };
    };
    const fits = (p: Plan) =>
      fixed +
        tilesHeight(flow, tiles.slice(0, p.k)) +
        titleHeight(p.title, p.titleSize) +
        summaryHeight(p.summary, p.summarySize) <=
      room;
    for (const k of shownCounts) {
      const p = fitted(k);
      if (fits(p)) return p;
    }
    return fitted(0);
  })();

  flow.tags.section();
  if (notice) {
    flow.moveTo(box.height - 44);
    notice.draw();
  }
  flow.moveTo(top);
  if (logo && logoBox) {
    const image = {
      kind: "image" as const,
      x: box.margin.left,
      y: top - (LOGO_HEIGHT + logoBox.height) / 2,
      ...logoBox,
      asset: logo.asset,
    };
    flow.tags.within("Figure", () => flow.op(image), { alt: words.logo(company.name) });
  }
  // The company's name and "Press kit" beside the logo, centred on it: one line each (the
  // name is whole in the About heading and the running header).
  flow.moveTo(top - (LOGO_HEIGHT - 34) / 2);
  const name = cut(company.name, (x) => run(x, "bold", 14, INK), 1, indent);
  flow.text([run(isolated(name), "bold", 14, INK)], {
    indent,
    lineHeight: 19,
    ...(name !== company.name && { attributes: { actualText: company.name } }),
  });
  flow.text(
    [
      run(
        cut(words.pressKit, (x) => run(x, "regular", 10), 1, indent),
        "regular",
        10,
        MUTED,
      ),
    ],
    {
      indent,
      lineHeight: 15,
    },
  );
  flow.moveTo(top - LOGO_HEIGHT - 22);
  // The outline and the structure have the whole title, however the cover cuts it.
  flow.text([titleRun(plan.title, plan.titleSize)], {
    ...titleOptions(plan.titleSize),
    outline: { title: oneLine(document.title), level: 1 },
    tag: "H1",
    ...(plan.title !== document.title && { attributes: { actualText: oneLine(document.title) } }),
  });
  flow.text(dateRuns, { lineHeight: 18 });
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
  if (updates && withUpdates) {
    updates.draw();
    flow.moveTo(flow.cursor - UPDATES_GAP);
  }
  flow.text([summaryRun(plan.summary, plan.summarySize)], {
    ...summaryOptions(plan.summarySize),
    ...(plan.summary !== document.summary && {
      attributes: { actualText: oneLine(document.summary) },
    }),
  });
  statTiles(flow, tiles.slice(0, plan.k));
  flow.gap(3);
  contactPanel(ctx, panel);
  return {
    titleCut: plan.title !== document.title,
    summaryCut: plan.summary !== document.summary,
    contactCut: panel.cut,
    moreTiles: tiles.slice(plan.k),
    ...(updates && !withUpdates && { updates }),
  };
}

/**
 * The press contact panel's text beside the QR code: each line of it at most two lines long
 * (cut with "…"; `cut` says whether any was), and the height of the whole panel.
 */
function contactBlocks(ctx: Context): {
  blocks: Array<[Run[], TextBlockOptions]>;
  height: number;
  cut: boolean;
} {
  const { flow, document } = ctx;
  const { company, words } = document;
  const c = company.pressContact;
  // Under embargo there is no web page to scan or type yet: no QR code, the text alone.
  const indent = ctx.sealed ? 0 : QR_SIZE + 18;
  const small = sizes.small + 0.5;
  const blocks: Array<[Run[], TextBlockOptions]> = [];
  let cut = false;
  const add = (runs: Run[], options: TextBlockOptions = {}) =>
    blocks.push([runs, { indent, lineHeight: small * 1.55, ...options }]);
  /** One piece of text, cut with "…" where it would take more than two lines. */
  const piece = (text: string, look: (t: string) => Run) => {
    const shown = cutToFit(
      text,
      (t) => flow.lines([look(t)], flow.width - indent).length <= PANEL_LINES,
      document.locale,
      true,
    );
    if (shown !== text) cut = true;
    return look(shown);
  };
  add([run(words.pressContact, "bold", small, MUTED)], { tag: "H2" });
  add([piece(c.name, (t) => run(isolated(t), "bold", sizes.body))], {
    lineHeight: sizes.body * 1.5,
  });
  add([{ ...run(ltr(c.email), "regular", small, LINK), link: c.mailto, whole: true }]);
  if (c.phone) add([run(ltr(c.phone), "regular", small, INK)]);
  for (const line of company.postalAddress ?? [])
    add([piece(line, (t) => run(t, "regular", small, MUTED))]);
  const url = document.page.url;
  if (!ctx.sealed) {
    add([{ ...run(ltr(url), "regular", small, LINK), link: url, whole: true }], { before: 1 });
  }
  // The same press kit in the other languages, each name linked to its PDF; under embargo
  // named only (their PDFs are not public yet either).
  const others = document.translations.filter((t) => !t.current);
  if (others.length) {
    add(
      [
        run(words.labelled(words.otherLanguages, ""), "regular", small, MUTED),
        ...others.flatMap((t, i) => [
          // The separator stays with the name before it; a name is never cut in two.
          ...(i > 0 ? [run("\u00a0· ", "regular", small, MUTED)] : []),
          ctx.sealed
            ? { ...run(t.language, "regular", small, INK, t.locale), whole: true }
            : {
                ...run(t.language, "regular", small, LINK, t.locale),
                link: t.pdf.url,
                whole: true,
              },
        ]),
      ],
      ctx.sealed ? { before: 1 } : {},
    );
  }
  const textHeight = blocks.reduce((sum, [runs, o]) => sum + flow.heightOf(runs, o), 0);
  // The rules above and below, the QR code or the text, whichever is taller.
  const height = ctx.sealed ? 10 + textHeight + 6 : Math.max(12 + QR_SIZE, 10 + textHeight) + 6;
  return { blocks, height, cut };
}

/** The press contact, the postal address, and the web page as a QR code and an address. */
function contactPanel(ctx: Context, panel: ReturnType<typeof contactBlocks>): void {
  const { flow, document } = ctx;
  flow.ensure(panel.height);
  const { top, left } = flow.reserve(0);
  flow.op({ kind: "rect", x: left, y: top, width: flow.width, height: 0.8, color: RULE });
  // Under embargo the page has no public address yet: no QR code of it (contactBlocks).
  const y = ctx.sealed ? top : top - 12 - QR_SIZE;
  const url = document.page.url;
  if (!ctx.sealed) {
    const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
    const modules: boolean[][] = [];
    for (let r = 0; r < qr.modules.size; r++) {
      modules.push([...Array(qr.modules.size).keys()].map((col) => qr.modules.get(r, col) === 1));
    }
    flow.op({ kind: "qr", x: left, y, size: QR_SIZE, modules });
  }
  flow.moveTo(top - 10);
  for (const [runs, options] of panel.blocks) flow.text(runs, options);
  if (!ctx.sealed) {
    // The QR code is the address printed beside it, drawn for a phone: one link with it, for
    // a reader (the code's squares are an artifact).
    const element = flow.links.findLast((l) => l.url === url)?.element;
    flow.links.push({
      page: flow.page,
      rect: [left, y, left + QR_SIZE, y + QR_SIZE],
      url,
      text: "",
      ...(element && { element }),
    });
  }
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
