// The rules of issue 14's notices: the embargo notice at the top of an embargoed article and its
// mark in lists (amber: a warning to heed, not an error), and the box of corrections and
// updates under an article's title (the site's own card, its accent on the side where lines
// begin), in light and dark. Appended to the stylesheet only when some page shows one, so a
// site without embargoes or updates keeps its stylesheet byte for byte.
export const noticeCss = `
:root { --notice: #8a4b00; --notice-bg: #fff6e0; --notice-line: #c99a06; }
@media (prefers-color-scheme: dark) {
  :root { --notice: #f0c869; --notice-bg: #2a2110; --notice-line: #9e6a03; }
}
.embargo { margin: 0 0 1.5rem; padding: 0.85rem 1.1rem; border: 1px solid var(--notice-line);
  border-inline-start-width: 6px; border-radius: 8px; background: var(--notice-bg); color: var(--fg); }
.embargo p { margin: 0; }
.embargo .embargo-until { font-weight: 700; color: var(--notice); font-size: 1.05rem; }
.embargo .embargo-until + p { margin-top: 0.2rem; }
.embargo-mark { display: inline-block; margin: 0 0 0.3rem; padding: 0.1rem 0.6rem; border-radius: 6px;
  border: 1px solid var(--notice-line); background: var(--notice-bg); color: var(--notice);
  font-size: 0.85rem; font-weight: 600; line-height: 1.5; }
.releases .embargo-mark { margin: 0; }
.updates { margin: 0 0 1.5rem; padding: 0.25rem 1.1rem; border: 1px solid var(--line);
  border-inline-start: 4px solid var(--accent); border-radius: 8px; background: var(--card); }
.updates .update { padding: 0.65rem 0; }
.updates .update + .update { border-block-start: 1px solid var(--line); }
.updates h2 { margin: 0 0 0.2rem; font-size: 0.95rem; line-height: 1.4; font-weight: 700; }
.updates .kind-correction h2 { color: var(--fg); }
.updates p { margin: 0; }
@media print {
  :root { --notice: #000; --notice-bg: #fff; --notice-line: #000; }
  .embargo, .updates { break-inside: avoid; }
}
`;
