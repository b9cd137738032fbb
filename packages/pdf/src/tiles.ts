import type { Flow } from "./flow.js";
import { FIGURE, INK, MUTED, run, sizes, TINT } from "./look.js";
import type { Line } from "./text.js";

// Key figures as stat tiles: the number large, its label and note below it, two to four tiles
// a row. A percentage and a count of robots are different things; tiles set each on its own,
// where bars on one (logarithmic) axis compared them.

export interface Tile {
  /** The figure as a reader reads it: "$15M", "over 300". */
  text: string;
  label: string;
  note?: string;
}

/** The gutter between two tiles, and the padding inside one. */
const GUTTER = 10;
const PAD = 9;
/** The sizes the figures are tried at, largest first, until each fits its tile on one line. */
const FIGURE_SIZES = [24, 22, 20, 18, 16, 14];
/** The least size at which a figure still stands out from its label. */
const LARGE = 18;

/** How many tiles each row holds: up to `most`, the rows as even as they can be (5 → 3 + 2). */
export function rowsOf(count: number, most: number): number[] {
  const rows = Math.ceil(count / most);
  const base = Math.floor(count / rows);
  // The fuller rows first.
  return Array.from({ length: rows }, (_, i) => base + (i < count % rows ? 1 : 0));
}

/** The tiles laid out in rows: each row's tiles, width and height (what `statTiles` draws). */
function arrange(flow: Flow, tiles: readonly Tile[]) {
  const widthFor = (columns: number) => (flow.width - GUTTER * (columns - 1)) / columns;
  const fits = (size: number, columns: number) =>
    tiles.every(
      (t) =>
        flow.lines([run(t.text, "bold", size, FIGURE)], widthFor(columns) - 2 * PAD).length === 1,
    );
  // All figures at one size, the largest at which each fits its tile on one line; fewer tiles
  // a row (down to two) rather than figures too small to stand out from their labels.
  let most = Math.min(4, tiles.length);
  const widest = () => Math.max(...rowsOf(tiles.length, most));
  while (most > 2 && !FIGURE_SIZES.some((s) => s >= LARGE && fits(s, widest()))) most -= 1;
  const rows = rowsOf(tiles.length, most);
  const columns = Math.max(...rows);
  const size = FIGURE_SIZES.find((s) => fits(s, columns)) ?? (FIGURE_SIZES.at(-1) as number);
  const figureHeight = size * 1.25;
  const labelHeight = sizes.body * 1.35;
  const noteHeight = sizes.small * 1.45;
  let start = 0;
  const laidRows = rows.map((count) => {
    const width = widthFor(count);
    const inner = width - 2 * PAD;
    const laid = tiles.slice(start, start + count).map((t) => {
      // A figure too long for a line even so wraps; a label or note always wraps.
      const figure = flow.lines([run(t.text, "bold", size, FIGURE)], inner);
      const label = flow.lines([run(t.label, "bold", sizes.body - 0.5, INK)], inner);
      const note = t.note ? flow.lines([run(t.note, "regular", sizes.small, MUTED)], inner) : [];
      const height =
        2 * PAD +
        figure.length * figureHeight +
        4 +
        label.length * labelHeight +
        note.length * noteHeight;
      return { figure, label, note, height } satisfies Record<string, Line[] | number>;
    });
    start += count;
    return { width, laid, height: Math.max(...laid.map((t) => t.height)) };
  });
  return { rows: laidRows, figureHeight, labelHeight, noteHeight };
}

/** The height `statTiles` takes for `tiles`, gutters between rows included. */
export function tilesHeight(flow: Flow, tiles: readonly Tile[]): number {
  if (!tiles.length) return 0;
  const { rows } = arrange(flow, tiles);
  return rows.reduce((sum, row) => sum + row.height, 0) + GUTTER * (rows.length - 1);
}

/** How many rows `tiles` take. */
export function tileRows(flow: Flow, tiles: readonly Tile[]): number {
  return tiles.length ? arrange(flow, tiles).rows.length : 0;
}

/** Lays the tiles out in rows, each row kept on one page and as wide as the text. */
export function statTiles(flow: Flow, tiles: readonly Tile[]): void {
  if (!tiles.length) return;
  const { rows, figureHeight, labelHeight, noteHeight } = arrange(flow, tiles);
  // A list: each tile's label is its Lbl, its figure and note the body.
  const list = flow.tags.begin("L");
  rows.forEach(({ width, laid, height }, r) => {
    if (r > 0) flow.reserve(GUTTER);
    const { top, left } = flow.reserve(height);
    laid.forEach((t, i) => {
      const x = left + i * (width + GUTTER);
      flow.op({ kind: "rect", x, y: top - height, width, height, color: TINT });
      flow.op({ kind: "rect", x, y: top - 2.5, width, height: 2.5, color: FIGURE });
      const figureTop = top - PAD;
      const labelTop = figureTop - t.figure.length * figureHeight - 4;
      // The label written first, then the figure: copied text, a screen reader and pdftotext
      // -raw read "Downloads 400,000", as the web page and the email say it.
      flow.tags.within("LI", () => {
        flow.tags.within("Lbl", () => flow.drawLines(t.label, x + PAD, labelTop, labelHeight));
        flow.tags.within("LBody", () => {
          flow.tags.within("P", () => flow.drawLines(t.figure, x + PAD, figureTop, figureHeight));
          const noteTop = labelTop - t.label.length * labelHeight;
          flow.tags.within("P", () => flow.drawLines(t.note, x + PAD, noteTop, noteHeight));
        });
      });
    });
  });
  flow.tags.end(list);
}
