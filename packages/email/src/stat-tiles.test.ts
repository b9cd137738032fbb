import type { Content } from "@herald/model";
import { worldContentDir } from "@herald/model/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { documentOf, emailOf, load, loadRich, loadSample, reader } from "../test/content.js";
import { compileEmail } from "./render.js";
import { numberSize, unwidowed } from "./stat-tiles.js";

// Issue 13: key figures as stat tiles (the number large, its label and note below), tables
// and inline blocks every client lays out: up to four in a row at 600 px, two on a phone.

let rich: Content;
let sample: Content;
let world: Content;
beforeAll(async () => {
  [rich, sample, world] = await Promise.all([loadRich(), loadSample(), load(worldContentDir)]);
});

/** Each tile's HTML, in order. */
const tilesOf = (html: string) =>
  [...html.matchAll(/<div class="tile"[\s\S]*?<\/table><\/div>/g)].map((m) => m[0]);

/** Text of an HTML fragment, entities decoded the way juice and hast write them. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x26;|&amp;/g, "&")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/[\s\u00a0]+/g, " ")
    .trim();

describe("#13: key figures as stat tiles", () => {
  it("#13: one tile per figure, each with its number, label and note in that order", () => {
    for (const content of [sample, rich, world])
      for (const locale of content.site.locales) {
        const document = documentOf(content, locale);
        const tiles = tilesOf(emailOf(content, locale).html);
        expect(tiles, `${locale}`).toHaveLength(document.figures.length);
        document.figures.forEach((f, i) => {
          const tile = tiles[i] as string;
          expect(tile).toMatch(/<td class="tile-number"/);
          const text = textOf(tile);
          const expected = [f.text, f.label, ...(f.note ? [f.note] : [])]
            .join(" ")
            .replace(/[\s\u00a0]+/g, " ");
          expect(text, `${locale} ${f.label}`).toBe(expected);
        });
      }
  });

  it("#13: the number large and bold, the note quieter, set inline for clients without <style>", () => {
    const [tile] = tilesOf(emailOf(rich, "en").html);
    expect(tile).toMatch(
      /<td class="tile-number"[^>]*style="[^"]*font-size: ?28px[^"]*font-weight: ?bold/,
    );
    // Four of 136 px: "over 5,000" is never split, so the numbers are as large as lets it
    // stand on one line (18 px), not 22 px broken after "over".
    const [sampleTile] = tilesOf(emailOf(sample, "en").html);
    expect(sampleTile).toMatch(/<td class="tile-number"[^>]*style="[^"]*font-size: ?18px/);
    // A word too long for 22 px makes the numbers smaller still, rather than break it.
    expect(numberSize([{ text: "€1,250,000,000" }], 136)).toBeLessThan(15);
    expect(tile).toMatch(/<td class="tile-label"[^>]*style="[^"]*font-size: ?14px/);
    const uptime = tilesOf(emailOf(rich, "en").html)[1];
    expect(uptime).toMatch(/<td class="tile-note"[^>]*style="[^"]*color: ?#57606a/);
  });

  it("#13: a counter after the number never stands alone on a line (超过 5,000 个)", () => {
    expect(unwidowed("超过 5,000 个")).toBe("超过 5,000\u00a0个");
    expect(unwidowed("over 5,000")).toBe("over 5,000");
    // "超过 5,000 个" is one unit: two tiles to a row at 600 px, for a number of 18 px or more.
    const tile = tilesOf(emailOf(sample, "zh-CN").html)[2];
    expect(tile).toContain('<span style="white-space:nowrap">超过\u00a05,000\u00a0个</span>');
    expect(tile).toMatch(/max-width: ?272px/);
  });

  it("#13: a number and its qualifier, currency or unit never split over two lines (over / 300)", () => {
    for (const locale of ["en", "zh-CN"]) {
      const document = documentOf(sample, locale);
      const tiles = tilesOf(emailOf(sample, locale).html);
      document.figures.forEach((f, i) => {
        if (!f.unit) return;
        // The unit as one unbreakable run: no-break spaces inside, in a nowrap span.
        const unit = f.text.slice(...f.unit).replace(/ /g, "\u00a0");
        expect(tiles[i], `${locale} ${f.text}`).toMatch(
          new RegExp(
            `<span style="white-space: ?nowrap;?">${unit.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</span>`,
          ),
        );
      });
    }
    // The numbers are sized so that the unit fits a tile on one line.
    expect(numberSize([{ text: "mehr als 300 Mitwirkende", unit: [0, 12] }], 136)).toBeLessThan(
      numberSize([{ text: "mehr als 300 Mitwirkende" }], 136),
    );
  });

  it("#13: no bars and no table rows of figures remain", () => {
    const { html } = emailOf(sample, "en");
    expect(html).not.toMatch(/class="[^"]*bar/);
    // The figures were rows of the fact table: "Downloads" is in a tile now, not in a <th>.
    expect(html).not.toMatch(/<th scope="row"[^>]*>Downloads<\/th>/);
  });

  it("#13: four in a row at 600 px (Outlook's ghost table too), filling the row below 620 px, two to a row at 480 px and less, one below 360 px", () => {
    const { html } = emailOf(sample, "en");
    // Four figures: one row of four 136 px tiles (544 px, the column).
    const tiles = tilesOf(html);
    expect(tiles).toHaveLength(4);
    for (const tile of tiles)
      expect(tile).toMatch(/^<div class="tile"[^>]*style="[^"]*max-width: ?136px/);
    expect(html).toContain("<!--[if mso]>");
    expect(html.match(/<td width="136" valign="top">/g)).toHaveLength(4);
    expect(html).toMatch(/@media \(max-width: 620px\) \{ \.tile \{ max-width: 25% !important/);
    expect(html).toMatch(/@media \(max-width: 480px\) \{ \.tile \{ max-width: 50% !important/);
    // The rich fixture's two tiles: 28 px at 272 px wide, 22 px on a phone, where "99.5
    // percent" then stands on one line.
    expect(emailOf(rich, "en").html).toMatch(
      /@media \(max-width: 480px\) \{ \.tile \{ max-width: 50% !important; \} \.tile-number \{ font-size: 22px !important; \} \}/,
    );
    expect(html).toMatch(/@media \(max-width: 359px\) \{[^}]*\.tile \{ max-width: 100% !important/);
  });

  it("#13: five figures are two rows (three and two), not four and a lonely one", () => {
    const document = documentOf(rich, "en");
    const [a, b] = document.figures;
    if (!a || !b) throw new Error("the rich fixture has two figures");
    const five = { ...document, figures: [a, b, a, b, a] };
    const { html } = compileEmail(rich.site, five).personalize(reader);
    for (const tile of tilesOf(html)) expect(tile).toMatch(/max-width: ?181px/);
    expect(html.match(/<\/tr><tr>/g)?.length).toBeGreaterThanOrEqual(1);
  });

  it("#13: right to left in Arabic: tiles from the right, text at the right", () => {
    const { html } = emailOf(world, "ar");
    const [tile] = tilesOf(html);
    expect(tile).toMatch(/<td class="tile-number"[^>]*align="right"/);
    expect(html).toMatch(/<table role="presentation" class="tiles" dir="rtl"/);
  });

  it("#13: dark mode recolours the rule, the label and the note", () => {
    const { html } = emailOf(sample, "en");
    const dark = html.slice(html.indexOf("@media (prefers-color-scheme: dark)"));
    expect(dark).toMatch(/\.tile-cell \{ border-top-color: #[0-9a-f]{6} !important/);
    expect(dark).toMatch(/\.tile-number, \.tile-label \{ color: #e6edf3 !important/);
  });
});
