import type { Figure, Footnote, Prose } from "@herald/model";
import type {
  FootnoteReference,
  Image,
  Link,
  List,
  ListItem,
  RootContent,
  Table,
  TableRow,
} from "mdast";
import type { ProseContext } from "./markdown.js";
import { link } from "./routes.js";

// Resolved prose straight to HTML, for the node kinds the model's Markdown makes. It writes
// byte for byte what mdast-util-to-hast + hast-util-to-html (with Herald's handlers, see
// markdown.ts) write for the same tree, without making the hast tree in between: that pair
// was most of the time of an announcement page (issue 15). Every rule below mirrors one of
// theirs (named where it is not obvious); prose-html.test.ts compares the two on the sample,
// on synthetic content and on tricky input. A node kind not handled here throws
// `UnsupportedProse`, and the caller takes the general path for that prose.

/** A node this serializer does not write: the caller renders the prose the general way. */
export class UnsupportedProse extends Error {
  override name = "UnsupportedProse";
}

// hast-util-to-html's escaping with its default options (stringify-entities, hexadecimal
// references): `&` and `<` in text; `"`, `&`, `'` and `` ` `` in a double-quoted attribute.
const TEXT_SPECIAL = /[&<]/;
const TEXT_SPECIALS = /[&<]/g;
const ATTRIBUTE_SPECIAL = /["&'`]/;
const ATTRIBUTE_SPECIALS = /["&'`]/g;
const reference = (c: string) => `&#x${(c.codePointAt(0) as number).toString(16).toUpperCase()};`;

/** Text content, escaped as hast-util-to-html escapes it. */
export const escapeText = (value: string): string =>
  TEXT_SPECIAL.test(value) ? value.replace(TEXT_SPECIALS, reference) : value;

/** A double-quoted attribute's value, escaped as hast-util-to-html escapes it. */
export const escapeAttribute = (value: string): string =>
  ATTRIBUTE_SPECIAL.test(value) ? value.replace(ATTRIBUTE_SPECIALS, reference) : value;

/** A space-separated attribute's value (class, aria-describedby), as space-separated-tokens writes it. */
const tokens = (value: string) => escapeAttribute(value.trim());

/** trim-lines: spaces and tabs around each line ending are dropped (mdast-util-to-hast's text). */
export function trimLines(value: string): string {
  if (!value.includes("\n") && !value.includes("\r")) return value;
  const search = /\r?\n|\r/g;
  let out = "";
  let last = 0;
  for (let match = search.exec(value); match; match = search.exec(value)) {
    out += trimLine(value.slice(last, match.index), last > 0, true) + match[0];
    last = match.index + match[0].length;
  }
  return out + trimLine(value.slice(last), last > 0, false);
}

function trimLine(value: string, start: boolean, end: boolean): string {
  let from = 0;
  let to = value.length;
  if (start) while (value.charCodeAt(from) === 9 || value.charCodeAt(from) === 32) from++;
  if (end) while (value.charCodeAt(to - 1) === 9 || value.charCodeAt(to - 1) === 32) to--;
  return to > from ? value.slice(from, to) : "";
}

/** Spaces and tabs at the start: what follows a hard break loses them (mdast-util-to-hast). */
function trimSpaceStart(value: string): string {
  let from = 0;
  while (value.charCodeAt(from) === 9 || value.charCodeAt(from) === 32) from++;
  return value.slice(from);
}

// micromark-util-sanitize-uri's normalizeUri, which mdast-util-to-hast applies to every link
// and image address: characters outside a URL's safe set are percent-encoded, a correct
// percent escape is kept, a lone surrogate becomes U+FFFD.
const URI_SAFE = /^[!#$&-;=?-Z_a-z~]*$/;
const URI_SAFE_CHAR = /[!#$&-;=?-Z_a-z~]/;
const asciiAlphanumeric = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** An address encoded the way every Markdown link's is ("<" → %3C). */
export function normalizeUri(value: string): string {
  if (URI_SAFE.test(value)) return value;
  let out = "";
  let start = 0;
  let skip = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    let replace = "";
    if (
      code === 37 &&
      asciiAlphanumeric(value.charCodeAt(index + 1)) &&
      asciiAlphanumeric(value.charCodeAt(index + 2))
    ) {
      skip = 2;
    } else if (code < 128) {
      if (!URI_SAFE_CHAR.test(String.fromCharCode(code))) replace = String.fromCharCode(code);
    } else if (code > 55_295 && code < 57_344) {
      const next = value.charCodeAt(index + 1);
      if (code < 56_320 && next > 56_319 && next < 57_344) {
        replace = String.fromCharCode(code, next);
        skip = 1;
      } else replace = "\uFFFD";
    } else replace = String.fromCharCode(code);
    if (replace) {
      out += value.slice(start, index) + encodeURIComponent(replace);
      start = index + skip + 1;
    }
    if (skip) {
      index += skip;
      skip = 0;
    }
  }
  return out + value.slice(start);
}

/** What one node wrote: nothing (a node that shows nothing), or its HTML. */
type Written = string | undefined;

/**
 * How a phrasing node's leading spaces are trimmed (see `phrasing` in proseHtml): not at all,
 * only if the node is text, or a text and an element's first child when that is text.
 */
const Trim = { None: 0, Text: 1, Node: 2 } as const;
type Trim = (typeof Trim)[keyof typeof Trim];

/**
 * Lays out resolved prose as HTML (see renderProse), writing strings directly. Throws
 * UnsupportedProse for a node kind it does not know.
 */
export function proseHtml(prose: Prose, context: ProseContext): string {
  const { words, page } = context;
  // A note referred to twice gets two markers, each with its own id to come back to.
  const markers = new Map<number, string[]>();

  /**
   * The phrasing children of a node, concatenated. mdast-util-to-hast trims the leading spaces
   * of what follows a hard break: of a text, or of an element's first child when that is text
   * (one level down, not deeper). `headTrim`: this node is such an element.
   */
  const phrasing = (nodes: readonly RootContent[], headTrim = false): string => {
    let out = "";
    let head = headTrim;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as RootContent;
      const afterBreak = i > 0 && (nodes[i - 1] as RootContent).type === "break";
      const written = inline(node, afterBreak ? Trim.Node : head ? Trim.Text : Trim.None);
      if (written !== undefined) {
        out += written;
        head = false;
      }
    }
    return out;
  };

  /** One phrasing node, its leading spaces trimmed as `trim` says (see phrasing). */
  const inline = (node: RootContent, trim: Trim): Written => {
    // An element's first child is trimmed when the element is, and only when it is text.
    const headTrim = trim === Trim.Node;
    switch (node.type) {
      case "text": {
        const value = trimLines(node.value);
        return escapeText(trim !== Trim.None ? trimSpaceStart(value) : value);
      }
      case "emphasis":
        return `<em>${phrasing(node.children, headTrim)}</em>`;
      case "strong":
        return `<strong>${phrasing(node.children, headTrim)}</strong>`;
      case "delete":
        return `<del>${phrasing(node.children, headTrim)}</del>`;
      case "inlineCode": {
        const value = node.value.replace(/\r?\n|\r/g, " ");
        return `<code>${escapeText(headTrim ? trimSpaceStart(value) : value)}</code>`;
      }
      case "break":
        return "<br>\n";
      case "link":
        return anchor(node, headTrim);
      case "image":
        return image(node, false, headTrim);
      case "footnoteReference":
        return footnoteReference(node);
      case "html":
        // Raw HTML is never written (mdast-util-to-hast drops it without allowDangerousHtml).
        return undefined;
      default:
        return block(node);
    }
  };

  const anchor = (node: Link, trim: boolean): string => {
    const to = node.data?.href;
    // Another site's address goes through the URL encoding every Markdown link's does.
    const href = to && to.path !== undefined ? link(page, to) : normalizeUri(to?.url ?? node.url);
    const title =
      node.title !== null && node.title !== undefined
        ? ` title="${escapeAttribute(node.title)}"`
        : "";
    return `<a href="${escapeAttribute(href)}"${title}>${phrasing(node.children, trim)}</a>`;
  };

  /** Remote images are never loaded (no requests to other hosts): they are links, labelled. */
  const image = (node: Image, inFigure: boolean, trim: boolean): string => {
    const { src, label, size } = node.data ?? {};
    if (!src || src.path === undefined) {
      const url = src?.url ?? node.url;
      const text = trimLines(label ?? node.alt ?? url);
      return `<a href="${escapeAttribute(normalizeUri(url))}" class="external-image">${escapeText(trim ? trimSpaceStart(text) : text)}</a>`;
    }
    // An inline image's title is its tooltip; a figure's is its caption, shown below it.
    const title = !inFigure && node.title ? ` title="${escapeAttribute(node.title)}"` : "";
    const dimensions = size ? `${number("width", size.width)}${number("height", size.height)}` : "";
    return `<img src="${escapeAttribute(link(page, src))}" alt="${escapeAttribute(node.alt ?? "")}"${title}${dimensions} loading="lazy">`;
  };

  const footnoteReference = (node: FootnoteReference): string => {
    const n = node.data?.number ?? 0;
    const ids = markers.get(n) ?? [];
    const id = ids.length === 0 ? `fnref-${n}` : `fnref-${n}-${ids.length + 1}`;
    markers.set(n, [...ids, id]);
    return `<sup><a href="#fn-${n}" id="${escapeAttribute(id)}" aria-describedby="${tokens(context.notesId)}">${n}</a></sup>`;
  };

  /** Block children, each written, in order (what wraps them decides the newlines). */
  const blocks = (nodes: readonly RootContent[]): string[] => writtenBlocks(nodes).html;

  /** Block children written, and whether the last one written is a paragraph. */
  const writtenBlocks = (nodes: readonly RootContent[]) => {
    const html: string[] = [];
    let lastIsParagraph = false;
    for (const node of nodes) {
      const written = block(node);
      if (written === undefined) continue;
      html.push(written);
      lastIsParagraph = node.type === "paragraph";
    }
    return { html, lastIsParagraph };
  };

  /** mdast-util-to-hast's `wrap(…, true)`: a newline before, between and after. */
  const loose = (parts: readonly string[]) => (parts.length ? `\n${parts.join("\n")}\n` : "\n");

  const block = (node: RootContent): Written => {
    switch (node.type) {
      case "paragraph":
        return `<p>${phrasing(node.children)}</p>`;
      case "heading":
        return `<h${node.depth}>${phrasing(node.children)}</h${node.depth}>`;
      case "thematicBreak":
        return "<hr>";
      case "blockquote":
        return `<blockquote>${loose(blocks(node.children))}</blockquote>`;
      case "code": {
        const language = node.lang ? node.lang.split(/\s+/)[0] : undefined;
        const className =
          language !== undefined ? ` class="${tokens(`language-${language}`)}"` : "";
        return `<pre><code${className}>${escapeText(node.value ? `${node.value}\n` : "")}</code></pre>`;
      }
      case "list":
        return list(node);
      case "table":
        return table(node);
      case "figure":
        return figure(node as Figure);
      case "html":
      case "footnoteDefinition":
      case "definition":
      case "yaml":
        return undefined;
      default:
        throw new UnsupportedProse(`No direct HTML for a ${node.type} node.`);
    }
  };

  const figure = (node: Figure): string => {
    const [only] = node.children;
    const remote = only.data?.src?.path === undefined;
    const caption = node.caption ? `<figcaption>${escapeText(node.caption)}</figcaption>` : "";
    return `<figure${remote ? ' class="remote-image"' : ""}>${image(only, true, false)}${caption}</figure>`;
  };

  const list = (node: List): string => {
    const start =
      typeof node.start === "number" && node.start !== 1 ? number("start", node.start) : "";
    const tag = node.ordered ? "ol" : "ul";
    // mdast-util-to-hast's listLoose: the list's spread, or any item's.
    const looseList = node.spread || node.children.some(itemLoose);
    const items = node.children.map((item) => {
      if (item.type !== "listItem") throw new UnsupportedProse(`A ${item.type} in a list.`);
      return listItem(item, looseList);
    });
    return `<${tag}${start}>${loose(items)}</${tag}>`;
  };

  /** mdast-util-to-hast's listItem: in a tight list a paragraph's content stands in the item. */
  const listItem = (node: ListItem, looseList: boolean): string => {
    if (typeof node.checked === "boolean") throw new UnsupportedProse("A task list item.");
    let out = "";
    let count = 0;
    let lastIsParagraph = false;
    for (const child of node.children) {
      const written = block(child);
      if (written === undefined) continue;
      const paragraph = child.type === "paragraph";
      if (looseList || count !== 0 || !paragraph) out += "\n";
      out += paragraph && !looseList ? written.slice(3, -4) : written;
      lastIsParagraph = paragraph;
      count++;
    }
    if (count && (looseList || !lastIsParagraph)) out += "\n";
    return `<li>${out}</li>`;
  };

  const table = (node: Table): string => {
    const rows = node.children.map((row, index) => {
      if (row.type !== "tableRow") throw new UnsupportedProse(`A ${row.type} in a table.`);
      return tableRow(row, index, node.align);
    });
    const [head, ...body] = rows;
    const parts: string[] = [];
    if (head !== undefined) parts.push(`<thead>${loose([head])}</thead>`);
    if (body.length) parts.push(`<tbody>${loose(body)}</tbody>`);
    // A wide table scrolls inside its own box; the box is focusable for keyboard users.
    return `<div class="table-wrap" tabindex="0" role="region" aria-label="${escapeAttribute(words.table)}"><table>${loose(parts)}</table></div>`;
  };

  /** Alignment as a class: the obsolete `align` attribute loses to any stylesheet rule. */
  const tableRow = (node: TableRow, index: number, align: Table["align"]): string => {
    const tag = index === 0 ? "th" : "td";
    const length = align ? align.length : node.children.length;
    const cells: string[] = [];
    for (let i = 0; i < length; i++) {
      const cell = node.children[i];
      const side = align ? align[i] : undefined;
      const scope = tag === "th" ? ' scope="col"' : "";
      const className = side ? ` class="${tokens(`align-${side}`)}"` : "";
      cells.push(`<${tag}${scope}${className}>${cell ? phrasing(cell.children) : ""}</${tag}>`);
    }
    return `<tr>${loose(cells)}</tr>`;
  };

  const body = blocks(prose.blocks);
  // Notes after the text: their markers are known once the text (and earlier notes) are done.
  const notes = prose.notes.map((note): [Footnote, string[], boolean] => {
    const { html, lastIsParagraph } = writtenBlocks(note.blocks);
    return [note, html, lastIsParagraph];
  });
  if (!notes.length) return body.join("\n");
  // The arrow is not mirrored by the Unicode bidi algorithm: a right-to-left page needs its mirror.
  const back = context.direction === "rtl" ? "↪" : "↩";
  const backLinks = (note: Footnote): string =>
    (markers.get(note.number) ?? [])
      .map(
        (id, i) =>
          ` <a href="#${escapeAttribute(id)}" class="back" aria-label="${escapeAttribute(words.backToContent)}">${escapeText(`${back}${i === 0 ? "" : i + 1}`)}</a>`,
      )
      .join("");
  const items = notes.map(([note, written, endsInParagraph]) => {
    // The way back goes at the end of the note's last paragraph, or after its last block.
    let inner = written.join("\n");
    if (endsInParagraph) inner = `${inner.slice(0, -4)}${backLinks(note)}</p>`;
    else inner += backLinks(note);
    return `<li id="${escapeAttribute(note.id)}">${inner}</li>\n`;
  });
  const first = prose.notes[0];
  // The About text's notes go on from the body's on the same page.
  const start = first && first.number !== 1 ? number("start", first.number) : "";
  const level = context.notesLevel;
  const id = escapeAttribute(context.notesId);
  const section = `<section class="footnotes" aria-labelledby="${tokens(context.notesId)}"><h${level} id="${id}">${escapeText(words.footnotes)}</h${level}>\n<ol${start}>${items.join("")}</ol></section>`;
  return `${body.join("\n")}\n${section}`;
}

/** mdast-util-to-hast's listItemLoose: an item's spread, or without one, several children. */
const itemLoose = (item: ListItem) =>
  item.spread === null || item.spread === undefined ? item.children.length > 1 : item.spread;

/** A numeric attribute as hast-util-to-html writes one (nothing for NaN, null or undefined). */
function number(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "";
  return ` ${name}="${escapeAttribute(String(value))}"`;
}
