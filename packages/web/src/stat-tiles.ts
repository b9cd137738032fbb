import type { AnnouncementDocument } from "@herald/model";
import { emWidth, figureText, figureTextCss } from "./figure-text.js";
import { type Html, html } from "./html.js";

// Key figures as stat tiles: each number large, its label and note below. A list of terms and
// values (each tile one group of a <dl>), so a screen reader reads the label with its number
// ("Downloads: 400,000, in the first nine months"); the number is drawn first by CSS alone.
// Figures of different kinds (a percentage, a count of robots) stand side by side, each on
// its own, never on one scale.

/** How many ems of a figure's unbreakable part fit a tile at the full size (about 8.4rem). */
const FULL = 4.8;
/** The most ems a tile's size is reckoned for; longer, the smallest size and an overflow. */
const MOST = 20;
/** Past this many ems ("alrededor de 5000") a figure takes two tiles' room, not a tiny size. */
const WIDE = 7.6;

const unitEms = (f: AnnouncementDocument["figures"][number]) =>
  f.unit ? emWidth(f.text.slice(...f.unit)) : 0;

/**
 * The figure's value. Where its unbreakable part ("mehr als 300") is wider than a tile holds
 * at the full size, a class names its width in half ems (ems-11: 5.5 em) and the stylesheet
 * sets it as large as fits the tile's width (container query units), never below 0.95rem.
 */
function value(f: AnnouncementDocument["figures"][number]): Html {
  const ems = unitEms(f);
  const className = ems > FULL ? ` ems-${Math.min(MOST * 2, Math.ceil(ems * 2))}` : "";
  return html`<dd class="stat-value${className}">${figureText(f.text, f.unit)}</dd>`;
}

/** The sizes of the classes `value` gives, one rule each. */
const fittedSizes = Array.from({ length: MOST * 2 - Math.floor(FULL * 2) }, (_, i) => {
  const halfEms = Math.floor(FULL * 2) + 1 + i;
  return `.stat .stat-value.ems-${halfEms} { font-size: max(0.95rem, min(1.75rem, calc(100cqi / ${halfEms / 2}))); }`;
}).join("\n");

export function statTiles(d: AnnouncementDocument): Html {
  if (!d.figures.length) return html``;
  return html`<section class="figures" aria-labelledby="figures-title">
<h2 id="figures-title">${d.words.metrics}</h2>
<dl class="stats">
${d.figures.map(
  (f) =>
    html`<div class="stat${unitEms(f) > WIDE ? " stat-wide" : ""}"><dt>${f.label}</dt>${value(f)}${f.note ? html`<dd class="stat-note">${f.note}</dd>` : ""}</div>\n`,
)}</dl>
</section>`;
}

/** Two tiles a row on a phone, as many as fit up to four on a wider screen. */
export const statTilesCss = `
.stats { display: grid; gap: 0.75rem; margin: 0 0 2rem; padding: 0;
  grid-template-columns: repeat(2, minmax(0, 1fr)); }
@media (min-width: 40rem) {
  /* At least 9rem a tile, and never narrower than a quarter of the row: at most four. */
  .stats { grid-template-columns: repeat(auto-fit, minmax(max(9rem, calc((100% - 2.25rem) / 4)), 1fr)); }
}
.stat { display: flex; flex-direction: column; min-width: 0; margin: 0; padding: 0.85rem 0.9rem 0.95rem;
  background: var(--card); border: 1px solid var(--line); border-block-start: 3px solid var(--accent);
  border-radius: 8px; }
.stat dt { order: 2; margin-top: 0.35rem; font-size: 0.9rem; font-weight: 600; line-height: 1.35; }
.stat dd { margin: 0; }
/* Sized so "400,000" fits a quarter of the column and half a phone: a number breaks only
   where it could not fit at all (break-word, not anywhere, which split "400,00|0"). */
.stat .stat-value { order: 1; font-size: 1.75rem; font-weight: 700; line-height: 1.15;
  font-variant-numeric: tabular-nums; overflow-wrap: break-word; }
/* A long unit that must stay on one line ("mehr als 300") is set as large as fits its tile. */
.stat { container-type: inline-size; }
.stat.stat-wide { grid-column: span 2; }
${fittedSizes}
.stat .stat-note { order: 3; margin-top: 0.2rem; color: var(--muted); font-size: 0.9rem; line-height: 1.4; }
@media print { .stat { break-inside: avoid; } }
${figureTextCss}`;
