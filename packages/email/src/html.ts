import { randomBytes } from "node:crypto";
import {
  type AnnouncementDocument,
  around,
  detailSeparator,
  directionOf,
  escapeHtml,
  type Figure,
  type Footnote,
  languageOf,
} from "@herald/model";
import type { Element, ElementContent } from "hast";
import { toHtml } from "hast-util-to-html";
import juice from "juice";
import type { Blockquote, Code, FootnoteReference, Image, Link, RootContent, Table } from "mdast";
import { defaultHandlers, type State, toHast } from "mdast-util-to-hast";
import { dateLine } from "./date-line.js";
import { fontFamilyFor } from "./fonts.js";
import { logoCss, topRow } from "./logo.js";
import { postalLines } from "./postal.js";
import { preheaderOf } from "./preheader.js";
import { statTiles, tileCss } from "./stat-tiles.js";

// The HTML part: the announcement document laid out as an email (tables for the frame, CSS
// inlined for clients that drop <style>). Every address, number, label and credit comes from
// the document; this module only decides how they look.

/** The widest the content column gets, in CSS pixels (600 less the padding). */
const COLUMN = 544;

/** How the document's language writes: which side lines begin on, its faces, its emphasis. */
interface Writing {
  /** The side lines begin on: "left", or "right" in Arabic and Hebrew. Mail clients know
   * little of logical properties (margin-inline-start and the like), so sides are physical,
   * chosen by direction. */
  start: "left" | "right";
  fonts: string;
  language: string | undefined;
}

const writingOf = (document: AnnouncementDocument): Writing => ({
  start: document.direction === "rtl" ? "right" : "left",
  fonts: fontFamilyFor(document.locale),
  language: languageOf(document.locale),
});

/**
 * How the language emphasizes and breaks lines. Chinese, Japanese and Korean have no italics:
 * emphasis is dots, over the characters in Japanese and Korean, under them in Chinese (CSS Text
 * Decoration 3). Apple Mail and iOS Mail draw them; Gmail on Android and the mobile web, and
 * Outlook on Windows and Android drop text-emphasis (caniemail) and show the words upright and
 * plain, which is still better than glyphs slanted by the client.
 * Arabic has no italics either: emphasis is set heavier. Korean breaks lines at the spaces
 * between words, never inside one (an over-long word may still break anywhere).
 */
function languageRules(writing: Writing): string {
  const { language } = writing;
  const cjk = language === "zh" || language === "ja" || language === "ko";
  const rules: string[] = [];
  if (cjk) {
    const side = language === "zh" ? "under right" : "over right";
    rules.push(
      // Han, kana and Hangul need more room between lines than Latin text, and the dots some.
      ".content { line-height: 1.8; }",
      `em, cite, blockquote { font-style: normal; }`,
      `em { -webkit-text-emphasis: filled dot; text-emphasis: filled dot; -webkit-text-emphasis-position: ${side}; text-emphasis-position: ${side}; }`,
    );
  }
  if (language === "ar" || language === "fa" || language === "ur")
    rules.push("em, cite { font-style: normal; } em { font-weight: bold; }");
  // Outlook for Windows reads the dir attribute only in part, the direction property in full.
  if (writing.start === "right") rules.push(".top, .content, .footer { direction: rtl; }");
  if (language === "ko") rules.push(".content { word-break: keep-all; overflow-wrap: anywhere; }");
  return rules.join("\n");
}

/**
 * The embargo notice's rules, only in an embargoed email: a published one's stylesheet stays
 * the bytes it was. Its own amber, calm but unlike anything else in the email, in both modes.
 */
function embargoCss({ start, fonts }: Writing, document: AnnouncementDocument) {
  if (!document.embargo) return { light: "", dark: "" };
  return {
    light: `.embargo-frame { padding: 16px 28px 0; }
.embargo { background: #fff4d6; border-${start}: 4px solid #9a6700; padding: 12px 16px; font-family: ${fonts}; color: #1b1f24; text-align: ${start}; }
.embargo-text { margin: 0; font-size: 16px; line-height: 1.45; font-weight: bold; color: #1b1f24; }
.embargo-note { margin: 4px 0 0; font-size: 14px; line-height: 1.45; color: #3d444d; }
.attached { margin: 0 0 14px; font-size: 15px; color: #1b1f24; }
@media (max-width: 620px) { .embargo-frame { padding-left: 16px !important; padding-right: 16px !important; } }
`,
    dark: `  .embargo { background: #3b2e0a !important; border-color: #d29922 !important; }
  .embargo-text { color: #f8e3a1 !important; }
  .embargo-note { color: #e3d3a8 !important; }
  .attached { color: #e6edf3 !important; }
`,
  };
}

/** The updates boxes' rules, only where there are updates (see embargoCss). */
function updatesCss({ start }: Writing, document: AnnouncementDocument) {
  if (!document.updates.length) return { light: "", dark: "" };
  return {
    light: `.updates { margin: 0 0 16px; }
.update { background: #f6f8fa; border-${start}: 4px solid #57606a; padding: 10px 14px; font-size: 15px; line-height: 1.5; text-align: ${start}; }
.update-correction { border-${start}-color: #b35900; }
.update-heading { margin: 0 0 2px; font-size: 14px; font-weight: bold; color: #1b1f24; }
.update-text p { margin: 0; }
.update-gap { height: 8px; line-height: 8px; font-size: 8px; }
`,
    dark: `  .update { background: #0d1117 !important; border-color: #768390 !important; }
  .update-correction { border-color: #e0823d !important; }
  .update-heading, .update-text { color: #e6edf3 !important; }
`,
  };
}

/** The stylesheet, for the document's way of writing. */
const css = (writing: Writing, document: AnnouncementDocument) => {
  const { start, fonts: FONTS } = writing;
  return `
body { margin: 0; padding: 0; background: #f3f4f6; }
.outer { background: #f3f4f6; }
.container { max-width: 600px; width: 100%; background: #ffffff; }
.content { padding: 24px 28px; color: #1b1f24; font-family: ${FONTS}; font-size: 16px; line-height: 1.6; overflow-wrap: anywhere; word-break: break-word; }
.top { padding: 16px 28px; font-family: ${FONTS}; font-size: 13px; color: #57606a; }
.top-link { font-family: ${FONTS}; font-size: 13px; color: #57606a; }
.footer { padding: 20px 28px 28px; font-family: ${FONTS}; font-size: 13px; line-height: 1.5; color: #57606a; }
h1 { font-size: 24px; line-height: 1.3; margin: 0 0 8px; color: #1b1f24; }
h2 { font-size: 19px; line-height: 1.35; margin: 28px 0 8px; color: #1b1f24; }
h3, h4, h5, h6 { font-size: 16px; line-height: 1.4; margin: 22px 0 6px; color: #1b1f24; }
p { margin: 0 0 14px; }
a { color: #0b5cad; word-break: break-word; }
.meta { color: #57606a; font-size: 14px; }
.summary { font-size: 17px; }
.button-frame { margin: 0 0 14px; }
.button-cell { border-radius: 6px; }
.button { display: inline-block; padding: 12px 20px; color: #ffffff; text-decoration: none; border-radius: 6px; font-weight: bold; font-size: 16px; line-height: 1.25; }
.facts { width: 100%; border-collapse: collapse; margin: 8px 0 16px; font-size: 15px; }
.facts th { text-align: ${start}; vertical-align: top; color: #57606a; font-weight: normal; padding: 6px 0; padding-${start === "left" ? "right" : "left"}: 12px; border-top: 1px solid #e1e4e8; width: 34%; }
.facts td { text-align: ${start}; vertical-align: top; padding: 6px 0; border-top: 1px solid #e1e4e8; }
.note { color: #57606a; }
.figure { margin: 0 0 6px; }
.caption { margin: 0 0 16px; color: #57606a; font-size: 14px; line-height: 1.45; }
.inline { vertical-align: middle; }
.quote, .code { margin: 16px 0; }
.quote-rule { padding: 4px 0; padding-${start}: 14px; border-${start}: 4px solid #d0d7de; color: #3d444d; }
blockquote { margin: 0; color: #3d444d; }
.credit { color: #57606a; }
img { max-width: 100%; height: auto; border: 0; }
.code-block { background: #f6f8fa; padding: 8px 10px; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font-size: 13px; line-height: 1.45; }
code { font-family: Menlo, Consolas, "Liberation Mono", monospace; }
table.grid { border-collapse: collapse; width: 100%; margin: 0 0 16px; }
table.grid th, table.grid td { border: 1px solid #d0d7de; padding: 6px 8px; }
sup { font-size: 75%; line-height: 0; vertical-align: super; }
.footnotes { font-size: 14px; border-top: 1px solid #e1e4e8; margin-top: 24px; }
.footnotes ol { margin: 0 0 14px; padding-${start}: 24px; }
${embargoCss(writing, document).light}${updatesCss(writing, document).light}${languageRules(writing)}
@media (max-width: 620px) { .content, .top, .footer { padding-left: 16px !important; padding-right: 16px !important; } h1 { font-size: 21px !important; } }
${tileCss(document.figures).narrow}
@media (prefers-color-scheme: dark) {
  body, .outer { background: #0f1419 !important; }
  .container { background: #161b22 !important; }
  .content, h1, h2, h3, h4, h5, h6 { color: #e6edf3 !important; }
  .meta, .top, .top-link, .footer, .facts th, .note, .caption, .credit { color: #9da7b3 !important; }
${tileCss(document.figures).dark}
${logoCss.dark}
  blockquote, .quote-rule { color: #c9d1d9 !important; }
  .quote-rule { border-color: #3d444d !important; }
  .code-block { background: #0d1117 !important; }
  .facts th, .facts td, .footnotes { border-top-color: #30363d !important; }
  table.grid th, table.grid td { border-color: #30363d !important; }
  a { color: #6cb6ff !important; }
  .button-cell, .button { background: #1f6feb !important; }
${embargoCss(writing, document).dark}${updatesCss(writing, document).dark}}
`;
};

/**
 * Quotes and code in a table cell of their own: Outlook for Windows draws padding only in
 * table cells, so a quote's distance from its rule and code's from the edge of its grey are
 * the cell's. The cell's class: "quote-rule" or "code-block".
 */
const FRAME = `role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"`;
const cellOf = { quote: "quote-rule", code: "code-block" } as const;
const framed = (kind: "quote" | "code", inner: string) =>
  `<table ${FRAME} class="${kind}"><tr><td class="${cellOf[kind]}">${inner}</td></tr></table>`;

const h = (
  tagName: string,
  properties: Element["properties"],
  children: ElementContent[] = [],
): Element => ({ type: "element", tagName, properties, children });
const text = (value: string): ElementContent => ({ type: "text", value });

/** `framed`, as a tree for mdast-util-to-hast's handlers. */
const framedTree = (kind: "quote" | "code", inner: Element): Element =>
  h(
    "table",
    {
      role: "presentation",
      width: "100%",
      cellPadding: "0",
      cellSpacing: "0",
      border: "0",
      className: [kind],
    },
    [h("tr", {}, [h("td", { className: [cellOf[kind]] }, [inner])])],
  );

// Formats every mail client shows: an image in another one (SVG, WebP, AVIF) is a link to it.
const shownFormat = /\.(png|jpe?g|gif)$/i;

/** Lays out resolved Markdown (a body, an About text, a note) as email HTML. */
function prose(document: AnnouncementDocument) {
  const rtl = document.direction === "rtl";
  // Under embargo the site has no copy of the content folder's files yet: an address there
  // would lead nowhere (or tell the site's server who read the email early).
  const unpublished = document.embargo !== undefined;
  const start = rtl ? "right" : "left";
  const mirrored = (side: string) =>
    !rtl ? side : side === "left" ? "right" : side === "right" ? "left" : side;

  const image = (node: Image, inFigure: boolean): Element => {
    const src = node.data?.src;
    const size = node.data?.size;
    const label = node.data?.label ?? node.alt ?? "";
    if (unpublished && node.data?.asset) return h("span", {}, [text(label)]);
    if (!src?.path || !size || !shownFormat.test(src.path))
      // Remote images are not loaded: they would tell their server who read the email.
      return h("a", { href: src?.url ?? node.url }, [text(label)]);
    const width = Math.min(size.width, COLUMN);
    return h("img", {
      src: src.url,
      alt: node.alt ?? "",
      width,
      height: Math.round((size.height * width) / size.width),
      ...(!inFigure && { className: ["inline"] }),
    });
  };

  const handlers = {
    // The image and its caption in one block: a tight list's item has its paragraphs
    // unwrapped (mdast-util-to-hast), which ran a bare caption into the image's line (#13).
    figure(_state: State, node: Figure): Element {
      const [only] = node.children;
      return h("div", { className: ["figure-frame"] }, [
        h("p", { className: ["figure"] }, [image(only, true)]),
        ...(node.caption ? [h("p", { className: ["caption"] }, [text(node.caption)])] : []),
      ]);
    },
    image: (_state: State, node: Image) => image(node, false),
    blockquote: (state: State, node: Blockquote) =>
      framedTree("quote", defaultHandlers.blockquote(state, node)),
    code: (state: State, node: Code) => framedTree("code", defaultHandlers.code(state, node)),
    // Local files go to their public address: a relative one leads nowhere from a mail client.
    link(state: State, node: Link) {
      if (unpublished && node.data?.asset)
        return h("span", {}, state.all(node) as ElementContent[]);
      const link = defaultHandlers.link(state, { ...node, url: node.data?.href?.url ?? node.url });
      // An image not shown is a link of its own; inside a link it is only the link's text
      // (a link inside a link is not HTML).
      link.children = link.children.flatMap((c) =>
        c.type === "element" && c.tagName === "a" ? c.children : [c],
      );
      return link;
    },
    // A plain number: Gmail and Outlook follow no link to a place in the message, and an
    // anchor that goes nowhere reads as broken. The notes are a list numbered the same way.
    footnoteReference: (_state: State, node: FootnoteReference) =>
      h("sup", { className: ["fnref"] }, [text(String(node.data?.number ?? 0))]),
    // Each cell says its column's alignment in the style attribute: juice turns a stylesheet's
    // text-align into align="..." on cells, and an inline style wins over the stylesheet.
    table(state: State, node: Table) {
      const table = defaultHandlers.table(state, node);
      const align = (element: Element) => {
        for (const child of element.children) {
          if (child.type !== "element") continue;
          if (child.tagName === "th" || child.tagName === "td") {
            // The colon of ":--" marks the side lines begin on (where a right-to-left
            // editor begins them): the columns are mirrored with the table, as on the page.
            const align = child.properties.align as string | undefined;
            const side = align === undefined ? start : mirrored(align);
            child.properties = { ...child.properties, align: side, style: `text-align:${side}` };
            if (child.tagName === "th") child.properties.scope = "col";
          } else align(child);
        }
      };
      align(table);
      return { ...table, properties: { ...table.properties, className: ["grid"] } };
    },
  };

  const html = (blocks: RootContent[]) =>
    toHtml(toHast({ type: "root", children: blocks }, { handlers }));

  // The notes, numbered as their markers, with no links back: see footnoteReference. The frame
  // has `items` where the list items go (see `inlined`).
  const notes = (list: Footnote[], items: string) => {
    if (!list.length) return "";
    const { words } = document;
    return `<div class="footnotes"><h2>${escapeHtml(words.footnotes)}</h2>\n<ol>${items}</ol></div>`;
  };
  const noteItems = (list: Footnote[]) =>
    list.map((note) => `<li value="${note.number}">${html(note.blocks)}</li>`);
  /** The blocks' HTML a few at a time: what `html(blocks)` gives is these joined by "\n". */
  const blockParts = (list: RootContent[]) => {
    const parts: string[] = [];
    for (let i = 0; i < list.length; i += BLOCKS_AT_ONCE)
      parts.push(html(list.slice(i, i + BLOCKS_AT_ONCE)));
    return parts;
  };
  return { html, notes, noteItems, blockParts };
}

/**
 * The attributes of a name in `lang` in a document written as `writing` says: its language,
 * its direction where that is not the document's, and its language's faces (set inline, as
 * no stylesheet rule can select by language in every client).
 */
function languageAttributes(lang: string | undefined, document: AnnouncementDocument): string {
  if (!lang) return "";
  const direction = directionOf(lang);
  // The family list is Herald's own (no quotes but single ones): written as it is.
  return ` lang="${escapeHtml(lang)}"${direction !== document.direction ? ` dir="${direction}"` : ""} style="font-family:${fontFamilyFor(lang)}"`;
}

/** Escaped text, linked when it has an address, marked with its language when not the document's. */
const linkedHtml = (
  value: string,
  url: string | undefined,
  lang?: string,
  document?: AnnouncementDocument,
) => {
  const marks = document ? languageAttributes(lang, document) : "";
  if (url) return `<a href="${escapeHtml(url)}"${marks}>${escapeHtml(value)}</a>`;
  return marks ? `<span${marks}>${escapeHtml(value)}</span>` : escapeHtml(value);
};

/** The link to the original a translation was made from, marked with its language. */
function original(
  source: NonNullable<AnnouncementDocument["source"]>,
  document: AnnouncementDocument,
): string {
  const other = source.locale && source.locale !== document.locale ? source.locale : undefined;
  if (!other || !source.title) return linkedHtml(source.title ?? source.url, source.url);
  return `<a href="${escapeHtml(source.url)}" hreflang="${escapeHtml(other)}"${languageAttributes(other, document)}>${escapeHtml(source.title)}</a>`;
}

/** Escaped `text` with the first `name` in it marked with the name's language. */
function withName(
  text: string,
  name: string,
  lang: string | undefined,
  document: AnnouncementDocument,
): string {
  const at = lang ? text.indexOf(name) : -1;
  if (at < 0) return escapeHtml(text);
  return `${escapeHtml(text.slice(0, at))}${linkedHtml(name, undefined, lang, document)}${escapeHtml(text.slice(at + name.length))}`;
}

/**
 * A button every client draws whole: Outlook for Windows ignores padding on a link, so the
 * colour is the cell's (bgcolor) and Outlook's padding the cell's (mso-padding-alt, which no
 * other client reads); elsewhere the link's own padding fills the cell, so the whole button is
 * clickable. The text is white with !important inline, which no stylesheet's link colour (a
 * client's own, or the dark-mode `a` rule) can override. The link has the cell's colour too:
 * spam filters judge text against its own element's background (SpamAssassin's
 * HTML_FONT_LOW_CONTRAST took white on the cell for white on white). Pattern: Litmus' "bulletproof
 * buttons" (https://www.litmus.com/blog/a-guide-to-bulletproof-buttons-in-email-design).
 */
function button(url: string, label: string): string {
  return `<table role="presentation" class="button-frame" cellpadding="0" cellspacing="0" border="0"><tr><td class="button-cell" bgcolor="#0b5cad" style="mso-padding-alt:12px 20px"><a class="button" href="${escapeHtml(url)}" style="background-color:#0b5cad;color:#ffffff !important">${escapeHtml(label)}</a></td></tr></table>`;
}

/**
 * A phone number that never breaks across lines: its spaces no-break spaces, which every client
 * honours (Outlook for Windows ignores white-space: nowrap).
 */
const unbroken = (phone: string) => escapeHtml(phone).replace(/ /g, "\u00a0");

/**
 * The embargo notice, first in the frame, above even the sender: what a journalist must see
 * before anything else. A box of its own colour with a rule on the side lines begin on, in a
 * cell (Outlook for Windows draws padding and backgrounds only on cells), the colour also as
 * bgcolor for clients that drop styles.
 */
function notice(embargo: NonNullable<AnnouncementDocument["embargo"]>, start: string): string {
  return `<tr><td class="embargo-frame" align="${start}"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td class="embargo" bgcolor="#fff4d6" align="${start}"><p class="embargo-text">${escapeHtml(embargo.text)}</p><p class="embargo-note">${escapeHtml(embargo.note)}</p></td></tr></table></td></tr>\n`;
}

/**
 * The corrections and updates, newest first, under the title: each a box with its dated
 * heading and its text, laid out as the body is. A correction's rule is orange, an update's grey.
 */
function updates(
  document: AnnouncementDocument,
  start: string,
  blocks: (nodes: RootContent[]) => string,
): string {
  if (!document.updates.length) return "";
  const boxes = document.updates.map(
    (u) =>
      `<tr><td class="update${u.kind === "correction" ? " update-correction" : ""}" bgcolor="#f6f8fa" align="${start}"><p class="update-heading">${escapeHtml(u.heading)}</p><div class="update-text">${blocks(u.text.blocks)}</div></td></tr>`,
  );
  return `<table role="presentation" class="updates" width="100%" cellpadding="0" cellspacing="0" border="0">\n${boxes.join('\n<tr><td class="update-gap">&nbsp;</td></tr>\n')}\n</table>\n`;
}

/** The HTML newsletter of `document`, with `slots` where each recipient's words go. */
export function emailHtml(
  document: AnnouncementDocument,
  slots: { greeting: string; unsubscribe: string },
): string {
  const { words, company } = document;
  const writing = writingOf(document);
  const { start } = writing;
  const { html: blocks, notes, noteItems, blockParts } = prose(document);
  // The body and its notes are inlined apart from the frame, a part at a time (see `inlined`):
  // the frame has a mark where each goes.
  const nonce = randomBytes(12).toString("hex");
  const bodyMark = `herald${nonce}body`;
  const notesMark = `herald${nonce}notes`;
  const allNotes = [...document.body.notes, ...company.about.notes];

  /** "Mara Jensen (Partner, Northwind Capital)", the note quieter than the name. */
  const withNote = (name: string, note: string | undefined) => {
    if (!note) return name;
    // The locale decides the brackets and the spacing; the name goes where its marker is.
    const [before, after] = around((text) => words.withNote(text, note));
    return `${escapeHtml(before)}${name}<span class="note">${escapeHtml(after)}</span>`;
  };
  const row = (label: string, value: string) =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`;
  const facts = document.facts.length
    ? `<h2>${escapeHtml(words.factSheet)}</h2>
<table role="presentation" class="facts">
${document.facts
  .map((r) =>
    row(
      r.label,
      r.values
        .map((v) => {
          const value = linkedHtml(v.text, v.url, v.lang, document);
          return withNote(r.key === "amount" ? `<strong>${value}</strong>` : value, v.note);
        })
        .join("<br>"),
    ),
  )
  .join("\n")}
</table>`
    : "";
  const figures = statTiles(document, start);
  const quotes = document.quotes.length
    ? `<h2>${escapeHtml(words.quotes)}</h2>\n${document.quotes
        .map((q) =>
          framed(
            "quote",
            `<blockquote><p>${escapeHtml(q.text)}</p><p class="credit">${withName(q.credit, q.by.name, q.by.lang, document)}</p></blockquote>`,
          ),
        )
        .join("\n")}`
    : "";
  const { source, translatorNote, embargo } = document;
  const aside = [
    source &&
      `<p class="meta">${escapeHtml(words.labelled(words.source, ""))}${original(source, document)}</p>`,
    translatorNote &&
      `<p class="meta">${escapeHtml(words.labelled(words.translatorNote, translatorNote))}</p>`,
  ]
    .filter(Boolean)
    .join("\n");
  const about = company.about.blocks.length
    ? `<h2>${escapeHtml(company.aboutHeading)}</h2>\n${blocks(company.about.blocks)}`
    : "";
  const contact = company.pressContact;
  // The sender's postal address (CAN-SPAM and most national rules), as the content writes its
  // lines, in the company's block.
  const postal = postalLines(company);
  const address = postal.length
    ? `<span class="address">${postal.map(escapeHtml).join("<br>")}</span><br>`
    : "";
  const stylesheet = css(writing, document);
  const page = `<!doctype html>
<html lang="${escapeHtml(document.locale)}" dir="${document.direction}" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(document.title)}</title>
<style>${stylesheet}</style>
</head>
<body dir="${document.direction}">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all" aria-hidden="true">${escapeHtml(preheaderOf(document))}${"&#847;&zwnj;&nbsp;".repeat(40)}</div>
<table role="presentation" class="outer" dir="${document.direction}" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center">
<table role="presentation" class="container" dir="${document.direction}" width="600" cellpadding="0" cellspacing="0" border="0">
${embargo ? notice(embargo, start) : ""}<tr><td class="top" align="${start}">${topRow(document, start)}</td></tr>
<tr><td class="content" align="${start}">
<p>${slots.greeting}</p>
<h1>${escapeHtml(document.title)}</h1>
<p class="meta">${withName(dateLine(document), document.author?.name ?? "", document.author?.lang, document)}</p>
${updates(document, start, blocks)}<p class="summary">${escapeHtml(document.summary)}</p>
${embargo ? `<p class="attached">${escapeHtml(words.pressKitAttached)}</p>` : button(document.pdf.url, words.downloadPdf)}
${facts}
${figures}
${bodyMark}
${quotes}
${aside}
${about}
${notes(allNotes, notesMark)}
</td></tr>
<tr><td class="footer" align="${start}">
<p><strong>${escapeHtml(company.name)}</strong><br>${address}${escapeHtml(words.labelled(words.pressContact, contact.name))}${escapeHtml(detailSeparator(words))}<a href="${escapeHtml(contact.mailto)}">${escapeHtml(contact.email)}</a>${contact.phone ? `${escapeHtml(detailSeparator(words))}<span class="phone" dir="ltr">${unbroken(contact.phone)}</span>` : ""}</p>
<p>${escapeHtml(words.whyReceived(company.name))} <a href="${slots.unsubscribe}">${escapeHtml(words.unsubscribe)}</a></p>
</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
  // Inline the CSS: clients that drop <style> keep the look. Width and height attributes stay
  // as written: juice would turn "height: auto" into height="auto" on images and the 600 px
  // frame into width="100%", which Outlook (ignoring max-width) stretches across the window.
  return juice(page, JUICE)
    .replace(bodyMark, () => inlined(blockParts(document.body.blocks), "\n", stylesheet))
    .replace(notesMark, () => inlined(noteItems(allNotes), "\n", stylesheet));
}

const JUICE = {
  preserveMediaQueries: true,
  removeStyleTags: false,
  preserveImportant: true,
  applyWidthAttributes: false,
  applyHeightAttributes: false,
};

/** How many top-level blocks are laid out, and inlined, together. */
const BLOCKS_AT_ONCE = 16;
/** About how much HTML juice gets at once: its DOM of a 5 MB body took gigabytes. */
const INLINE_AT_ONCE = 64 * 1024;

/**
 * `parts` joined by `separator`, with the stylesheet's rules inlined as juice inlines them in
 * the whole page, but a few parts at a time (issue 15: juice's DOM of a whole long email took
 * most of a build's memory). The same: every rule that reaches the body's elements names them
 * or ancestors inside the same part (`table.grid th`), never the frame around them.
 */
function inlined(parts: readonly string[], separator: string, stylesheet: string): string {
  const nonce = randomBytes(12).toString("hex");
  const start = `herald${nonce}start`;
  const end = `herald${nonce}end`;
  const out: string[] = [];
  for (let i = 0; i < parts.length; ) {
    const group: string[] = [];
    let size = 0;
    while (i < parts.length && (group.length === 0 || size < INLINE_AT_ONCE)) {
      const part = parts[i++] as string;
      group.push(part);
      size += part.length;
    }
    const page = juice(
      `<!doctype html><html><head><style>${stylesheet}</style></head><body>${start}${group.join(separator)}${end}</body></html>`,
      JUICE,
    );
    out.push(page.slice(page.indexOf(start) + start.length, page.indexOf(end)));
  }
  return out.join(separator);
}
