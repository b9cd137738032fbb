import { fontRules } from "./fonts.js";
import { identityCss } from "./identity.js";
import { newsroomStyles } from "./newsroom-site.js";
import { pressKitCss } from "./press-kit.js";
import { statTilesCss } from "./stat-tiles.js";

// The site's one stylesheet. System fonts only (no requests to other hosts), a stack per
// language (fonts.ts). Every side is logical (start/end, inline/block), so a right-to-left page
// is a mirror of a left-to-right one without rules of its own.
export const css = `:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad;
  --accent-bg: #eaf2fb; --card: #f6f8fa;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
${fontRules()}
/* A name in another language than its page's is set in that language's faces. */
[lang] { font-family: var(--sans); }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1419; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --accent: #6cb6ff;
    --accent-bg: #132337; --card: #161b22; }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1.0625rem/1.65 var(--sans);
  overflow-wrap: break-word; hyphens: manual; }
/* Han and kana are as tall as they are wide and need more room between lines than Latin text;
   headings keep a tighter line of their own. */
:lang(zh), :lang(ja), :lang(ko) { line-break: strict; word-break: normal; }
body:is(:lang(zh), :lang(ja), :lang(ko)) { line-height: 1.85; }
:is(h1, h2, h3):is(:lang(zh), :lang(ja), :lang(ko)) { line-height: 1.45; }
/* Korean puts spaces between words and breaks lines only there; a word longer than the line
   (an address, a product code) may still break anywhere rather than overflow. */
:lang(ko) { word-break: keep-all; overflow-wrap: anywhere; }
/* Chinese, Japanese and Korean have no italics (a browser would slant the glyphs): emphasis is
   dots beside the characters, over them in Japanese and Korean, under them in Chinese (CSS Text
   Decoration 3, text-emphasis-position). Titles and quotations stay upright. */
:is(em, i, cite, dfn, var, address, blockquote):is(:lang(zh), :lang(ja), :lang(ko)) {
  font-style: normal; }
em:is(:lang(zh), :lang(ja), :lang(ko)) { -webkit-text-emphasis: filled dot; text-emphasis: filled dot;
  -webkit-text-emphasis-position: over right; text-emphasis-position: over right; }
em:lang(zh) { -webkit-text-emphasis-position: under right; text-emphasis-position: under right; }
/* Arabic script has no italics either: emphasis is set heavier. */
:is(em, i, cite, dfn, var, address):is(:lang(ar), :lang(fa), :lang(ur)) { font-style: normal; }
em:is(:lang(ar), :lang(fa), :lang(ur)) { font-weight: 700; }
/* Phone numbers are one unit, read left to right in any page (groups kept in order). */
.tel { white-space: nowrap; unicode-bidi: isolate; direction: ltr; }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:focus-visible, [tabindex]:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
/* Long addresses and identifiers wrap anywhere rather than push the page sideways. */
a, code, .url { overflow-wrap: anywhere; }
img, svg { max-width: 100%; height: auto; }
.skip { position: absolute; inset-inline-start: 1rem; top: 1rem; transform: translateY(-300%); }
.skip:focus { transform: none; background: var(--bg); padding: 0.5rem 1rem; z-index: 1; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.wrap { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
header.site { border-bottom: 1px solid var(--line); }
header.site .wrap { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline;
  justify-content: space-between; padding-top: 1rem; padding-bottom: 1rem; }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--fg); text-decoration: none; }
header.site nav { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
nav a[aria-current="page"] { font-weight: 700; color: var(--fg); }
/* main is also a .wrap, whose side padding must not take away its top and bottom. */
main.wrap { padding-top: 2rem; padding-bottom: 3rem; }
h1 { font-size: clamp(1.6rem, 1.2rem + 2vw, 2.3rem); line-height: 1.25; margin: 0 0 0.75rem; }
h2 { font-size: 1.4rem; line-height: 1.35; margin: 2.5rem 0 0.75rem; }
h3 { font-size: 1.15rem; line-height: 1.4; margin: 2rem 0 0.5rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.summary { font-size: 1.2rem; color: var(--fg); margin: 0 0 1.5rem; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; margin: 0 0 2rem; padding: 0;
  list-style: none; }
.button { display: inline-block; padding: 0.5rem 1rem; border-radius: 6px; background: var(--accent-bg);
  font-weight: 600; text-decoration: none; }
.facts { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: 1rem 1.25rem; margin: 0 0 2rem; }
.facts h2 { margin-top: 0; font-size: 1.15rem; }
.figures h2 { font-size: 1.15rem; }
.facts dl { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr; gap: 0.4rem 1rem; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
@media (max-width: 32rem) {
  .facts dl { grid-template-columns: 1fr; gap: 0.1rem; }
  .facts dd { margin-bottom: 0.6rem; }
}
.facts ul { margin: 0; padding: 0; list-style: none; }
ul.inline { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: 0.35rem 0.6rem; }
ul.inline li { padding: 0.1rem 0.6rem; border: 1px solid var(--line); border-radius: 999px; }
.role { color: var(--muted); }
.note, .scale { color: var(--muted); font-size: 0.9rem; }
.body blockquote, figure.quote blockquote { margin: 1.5rem 0; padding-block: 0.25rem;
  padding-inline: 1.25rem 0; border-inline-start: 4px solid var(--line); }
figure { margin: 1.5rem 0; }
figure.quote blockquote { margin-bottom: 0.5rem; }
figure.quote figcaption { color: var(--muted); padding-inline-start: 1.25rem; }
figcaption { color: var(--muted); font-size: 0.95rem; margin-top: 0.4rem; }
.remote-image a { display: inline-block; padding: 0.75rem 1rem; border: 1px dashed var(--line);
  border-radius: 6px; }
.table-wrap { overflow-x: auto; margin: 1.5rem 0; }
.table-wrap table { border-collapse: collapse; min-width: 100%; }
.table-wrap th, .table-wrap td { border: 1px solid var(--line); padding: 0.4rem 0.7rem; text-align: start; }
/* Each column's alignment as the Markdown sets it (:--, :-:, --:), over the default above. The
   colon marks the side a line begins on (":--" is where a right-to-left editor begins its
   lines), so the columns are mirrored with the table. */
.table-wrap .align-left { text-align: start; }
.table-wrap .align-center { text-align: center; }
.table-wrap .align-right { text-align: end; font-variant-numeric: tabular-nums; }
code { font-family: var(--mono); font-size: 0.92em; background: var(--card); padding: 0.1em 0.3em;
  border-radius: 4px; }
pre { overflow-x: auto; background: var(--card); padding: 1rem; border-radius: 6px; }
pre code { padding: 0; background: none; }
.footnotes { border-top: 1px solid var(--line); margin-top: 3rem; font-size: 0.95rem; }
.footnotes h2 { font-size: 1.1rem; }
.news { list-style: none; padding: 0; margin: 0; }
.news li { padding: 1.25rem 0; border-bottom: 1px solid var(--line); }
.news h2 { margin: 0.25rem 0 0.5rem; font-size: 1.3rem; }
.news p { margin: 0.25rem 0; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
  list-style: none; padding: 0; }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.95rem; padding: 1.5rem 0 3rem; }
footer.site p { margin: 0.25rem 0; }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #333; --accent: #000; --card: #fff; --line: #999; }
  header.site nav, .skip, .actions, footer.site nav { display: none; }
  body { font-size: 11pt; }
  main.wrap { padding: 0; }
  a { text-decoration: none; }
  .body a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 0.85em; color: #333; }
  h2, h3 { break-after: avoid; }
  figure, table, blockquote, .facts { break-inside: avoid; }
}
${identityCss}${newsroomStyles}${statTilesCss}${pressKitCss}`;
