import type { AnnouncementDocument } from "@herald/model";
import { emWidth, figureText, figureTextCss, figureUnit } from "./figure-text.js";
import { type Html, html } from "./html.js";

// Key figures as stat tiles: each number large, its label and note below. A list of terms and
// values (each tile one group of a <dl>), so a screen reader reads the label with its number
// ("Downloads: 400,000, in the first nine months"); the number is drawn first by CSS alone.
// Figures of different kinds (a percentage, a count of robots) stand side by side, each on
// its own, never on one scale.

/**
 * The tile's size for a figure whose unbreakable part ("over 300") is `ems` wide at 1 em: the
 * largest of the sizes below that fits a tile of a phone's two a row or a desktop's four
 * (about 8.5rem inside); past the smallest it overflows rather than split.
 */
const FITS = [
  { ems: 4.8, className: "" },
  { ems: 6, className: " fit-1" },
  { ems: 7.6, className: " fit-2" },
  { ems: Number.POSITIVE_INFINITY, className: " fit-3" },
];

function value(f: AnnouncementDocument["figures"][number], d: AnnouncementDocument): Html {
  const unit = figureUnit(f.text, d.words);
  const ems = unit ? emWidth(f.text.slice(...unit)) : 0;
  const { className } = FITS.find((fit) => ems <= fit.ems) as (typeof FITS)[number];
  return html`<dd class="stat-value${className}">${figureText(f.text, d.words)}</dd>`;
}

export function statTiles(d: AnnouncementDocument): Html {
  if (!d.figures.length) return html``;
  return html`<section class="figures" aria-labelledby="figures-title">
<h2 id="figures-title">${d.words.metrics}</h2>
<dl class="stats">
${d.figures.map(
  (f) =>
    html`<div class="stat"><dt>${f.label}</dt>${value(f, d)}${f.note ? html`<dd class="stat-note">${f.note}</dd>` : ""}</div>\n`,
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
.stat dt { order: 2; margin-top: 0.35rem; font-weight: 600; line-height: 1.35; }
.stat dd { margin: 0; }
/* Sized so "400,000" fits a quarter of the column and half a phone: a number breaks only
   where it could not fit at all (break-word, not anywhere, which split "400,00|0"). */
.stat .stat-value { order: 1; font-size: 1.75rem; font-weight: 700; line-height: 1.15;
  font-variant-numeric: tabular-nums; overflow-wrap: break-word; }
/* A long unit that must stay on one line ("mehr als 300") is set smaller to fit its tile. */
.stat .stat-value.fit-1 { font-size: 1.4rem; }
.stat .stat-value.fit-2 { font-size: 1.1rem; }
.stat .stat-value.fit-3 { font-size: 0.95rem; }
.stat .stat-note { order: 3; margin-top: 0.2rem; color: var(--muted); font-size: 0.9rem; line-height: 1.4; }
@media print { .stat { break-inside: avoid; } }
${figureTextCss}`;
