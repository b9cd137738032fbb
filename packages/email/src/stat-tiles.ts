import { type AnnouncementDocument, escapeHtml } from "@herald/model";
import { textWidth } from "./width.js";

// Key figures as stat tiles: the number large, its label and note under it. Each tile is an
// inline block as wide as a quarter (or a third, a half) of the 544 px column at most, so
// tiles flow four to a row on a desktop and, with no media query at all (Gmail with other
// accounts, Outlook.com), as many as fit on a phone. Where media queries are read, a phone
// gets two to a row and a very narrow screen one. Outlook for Windows reads neither
// inline-block nor max-width: a table drawn only for it (conditional comments, the "hybrid"
// or "spongy" pattern) gives it the same rows. The tiles have no box, only a rule on top, so
// tiles of different heights side by side still look even.

/** The widest the content column gets, in CSS pixels (600 less the padding). */
const COLUMN = 544;
/** The most tiles in one row. */
const MOST = 4;
/** A tile two to a row on a 390 px phone: half of 390 less the column's 16 px padding. */
const PHONE_TILE = 179;

/**
 * The stylesheet's rules for `count` tiles: where media queries are read, the tiles fill the
 * row below 620 px (the column is then the screen less its padding), two to a row on a phone
 * (480 px and less), one on a very narrow screen (a 320 px phone, a watch); and dark mode.
 */
export function tileCss(figures: AnnouncementDocument["figures"]): {
  narrow: string;
  dark: string;
} {
  const count = figures.length;
  if (!count) return { narrow: "", dark: "" };
  const perRow = rowOf(figures);
  const share = (n: number) => `${Math.floor(10000 / n) / 100}%`;
  // Two to a row on a 390 px phone: tiles of about 179 px, whose numbers may be larger or
  // smaller than four to a row at 600 px allow.
  const phone = numberSize(figures, PHONE_TILE);
  const phoneSize =
    phone !== numberSize(figures, Math.floor(COLUMN / perRow))
      ? ` .tile-number { font-size: ${phone}px !important; }`
      : "";
  const narrow = [
    `@media (max-width: 620px) { .tile { max-width: ${share(perRow)} !important; } }`,
    ...(perRow >= 2
      ? [`@media (max-width: 480px) { .tile { max-width: 50% !important; }${phoneSize} }`]
      : []),
    "@media (max-width: 359px) { .tile { max-width: 100% !important; } }",
  ];
  return {
    narrow: narrow.join("\n"),
    dark: `  .tile-cell { border-top-color: #4493f8 !important; }
  .tile-number, .tile-label { color: #e6edf3 !important; }
  .tile-note { color: #9da7b3 !important; }`,
  };
}

/**
 * How many tiles in a row: as few rows as four to a row needs, the tiles spread evenly over
 * them (five are three and two, not four and one).
 */
export function tilesPerRow(count: number): number {
  const rows = Math.ceil(count / MOST);
  return Math.ceil(count / Math.max(1, rows));
}

/** The least size a tile's number may take before the tiles go fewer to a row. */
const LEAST_NUMBER = 18;

/**
 * How many tiles stand in a row at 600 px: as many as `tilesPerRow` puts there, or fewer
 * (two, then one) where a figure's unbreakable part ("超过 5,000 个") would need its number
 * smaller than 18 px to fit its tile.
 */
export function rowOf(figures: AnnouncementDocument["figures"]): number {
  const most = tilesPerRow(figures.length);
  for (const perRow of [most, 2, 1]) {
    if (perRow > most) continue;
    if (perRow === 1 || numberSize(figures, Math.floor(COLUMN / perRow)) >= LEAST_NUMBER)
      return perRow;
  }
  return 1;
}

/** The space between two tiles, on the side lines end on. */
const GUTTER = 12;
/** About how wide a column of bold text is, in ems (a digit is 0.55 to 0.6, a Han character two columns of 0.5). */
const EM_PER_COLUMN = 0.66;

/**
 * The numbers' size in pixels, one for all tiles: as large as lets the longest figure stand
 * on one line in its tile (at most 28 px, at least 22), and never so large that one word of
 * it ("400,000") is wider than the tile, where it would break inside.
 */
export function numberSize(
  figures: ReadonlyArray<{ text: string; unit?: readonly [number, number] }>,
  tileWidth: number,
): number {
  const room = tileWidth - GUTTER;
  const fits = (columns: number) => Math.floor(room / (Math.max(1, columns) * EM_PER_COLUMN));
  const longest = Math.max(...figures.map((f) => textWidth(f.text)));
  // The figure's unit ("over 300") counts as one word: it is never split.
  const longestWord = Math.max(
    ...figures.flatMap((f) =>
      unwidowed(joined(f))
        .split(/[ \t\n]+/)
        .map(textWidth),
    ),
  );
  return Math.max(12, Math.min(Math.min(28, Math.max(22, fits(longest))), fits(longestWord)));
}

/** The figure's text with the spaces of its unit (the number and its qualifier) no-break. */
const joined = (f: { text: string; unit?: readonly [number, number] }) =>
  f.unit
    ? f.text.slice(0, f.unit[0]) +
      f.text.slice(...f.unit).replace(/ /g, "\u00a0") +
      restOf(f.text.slice(f.unit[1]))
    : f.text;

/**
 * What follows a figure's unit, free to wrap: the no-break space the words put before a
 * word-long unit ("1.400\u00a0Roboter") becomes a space a narrow tile may break at.
 */
const restOf = (text: string) => text.replace(/^[\u00a0\u202f]/, " ");

/**
 * A figure whose last word is a counter or a unit of one or two columns ("超过 5,000 个") keeps
 * it with the number before it (a no-break space), so it never stands alone on a line.
 */
export function unwidowed(text: string): string {
  const at = text.lastIndexOf(" ");
  return at > 0 && textWidth(text.slice(at + 1)) <= 2
    ? `${text.slice(0, at)}\u00a0${text.slice(at + 1)}`
    : text;
}

/**
 * The figure as HTML: its unit ("over 300", "超过 300位") in a nowrap span with no-break spaces
 * (either alone keeps it whole in most clients; CJK breaks between any two characters, which
 * only the span prevents), the rest free to wrap but for a last short counter.
 */
function figureHtml(f: { text: string; unit?: readonly [number, number] }): string {
  if (!f.unit) return escapeHtml(unwidowed(f.text));
  const [start, end] = f.unit;
  const unit = f.text.slice(start, end).replace(/ /g, "\u00a0");
  const rest = unwidowed(`x${restOf(f.text.slice(end))}`).slice(1);
  return `${escapeHtml(f.text.slice(0, start))}<span style="white-space:nowrap">${escapeHtml(unit)}</span>${escapeHtml(rest)}`;
}

const FRAME = `role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"`;

/** The key figures of `document` as tiles; empty without any. */
export function statTiles(document: AnnouncementDocument, start: "left" | "right"): string {
  const { figures } = document;
  if (!figures.length) return "";
  const perRow = rowOf(figures);
  const width = Math.floor(COLUMN / perRow);
  const end = start === "left" ? "right" : "left";
  const dir = document.direction;
  const size = numberSize(figures, width);
  const tile = (f: AnnouncementDocument["figures"][number]) => {
    const cell = (kind: string, style: string, content: string) =>
      `<tr><td class="tile-${kind}" align="${start}" style="text-align:${start};${style}">${content}</td></tr>`;
    return [
      // width:100% and max-width: a tile is never wider than its share, and never wider than
      // the screen. Block-level in Outlook, which ignores both and uses the table below.
      `<div class="tile" style="display:inline-block;width:100%;max-width:${width}px;vertical-align:top">`,
      `<table ${FRAME}><tr><td class="tile-gutter" style="padding:0 0 18px;padding-${end}:${GUTTER}px">`,
      `<table ${FRAME}><tr><td class="tile-cell" style="border-top:3px solid #0b5cad;padding-top:10px">`,
      `<table ${FRAME}>`,
      cell(
        "number",
        // Words are whole (the body's overflow-wrap:anywhere would cut "Robot/er"): the
        // size is chosen so that the longest fits.
        `font-size:${size}px;line-height:1.2;font-weight:bold;color:#1b1f24;overflow-wrap:normal;word-break:normal`,
        figureHtml(f),
      ),
      cell(
        "label",
        "font-size:14px;line-height:1.4;color:#1b1f24;padding-top:4px",
        escapeHtml(f.label),
      ),
      f.note
        ? cell(
            "note",
            "font-size:13px;line-height:1.4;color:#57606a;padding-top:2px",
            escapeHtml(f.note),
          )
        : "",
      "</table></td></tr></table></td></tr></table></div>",
    ].join("");
  };
  const ghost = (html: string) => `<!--[if mso]>${html}<![endif]-->`;
  const column = `<td width="${width}" valign="top">`;
  const parts: string[] = [
    ghost(
      `<table role="presentation" width="${COLUMN}" cellpadding="0" cellspacing="0" border="0" dir="${dir}"><tr>${column}`,
    ),
  ];
  figures.forEach((f, i) => {
    if (i > 0) parts.push(ghost(i % perRow === 0 ? `</td></tr><tr>${column}` : `</td>${column}`));
    parts.push(tile(f));
  });
  parts.push(ghost("</td></tr></table>"));
  // No white space between the blocks: it would be a space wide, and four quarters and three
  // spaces do not fit a row. font-size:0 swallows any a client adds.
  return `<h2>${escapeHtml(document.words.metrics)}</h2>
<table role="presentation" class="tiles" dir="${dir}" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td class="tiles-cell" align="${start}" style="font-size:0;text-align:${start}">${parts.join("")}</td></tr></table>`;
}
