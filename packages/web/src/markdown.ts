import type { Figure, Footnote, Labels, Prose } from "@herald/model";
import type { Element, ElementContent, Root as HastRoot } from "hast";
import { toHtml } from "hast-util-to-html";
import type { FootnoteReference, Image, Link, RootContent, TableRow } from "mdast";
import { defaultHandlers, type Handler, type State, toHast } from "mdast-util-to-hast";
import { type Html, trusted } from "./html.js";
import { proseHtml, UnsupportedProse } from "./prose-html.js";
import { link } from "./routes.js";

export interface ProseContext {
  /** The site path of the page the prose is on: links are written relative to it. */
  page: string;
  words: Labels;
  /** The id of the heading of this prose's notes (several texts may share a page). */
  notesId: string;
  /** The notes' heading level: a text inside a section puts its notes one level down. */
  notesLevel: 2 | 3;
  /** The direction of the page's language: the way back from a note points the way it reads. */
  direction: "ltr" | "rtl";
}

const h = (
  tagName: string,
  properties: Element["properties"],
  children: ElementContent[],
): Element => ({ type: "element", tagName, properties, children });
const text = (value: string): ElementContent => ({ type: "text", value });

/** A link to another site, its address encoded the way every Markdown link's is. */
const remote = (state: State, url: string, children: Link["children"]): Element =>
  defaultHandlers.link(state, { type: "link", url, children });

/**
 * Lays out resolved prose (the model's blocks and numbered notes) as HTML. Everything was
 * decided by the model: addresses, labels, captions, note numbers. Remote images are never
 * loaded (no requests to other hosts): they are links, labelled as the document says.
 * Written directly (prose-html.ts), the same bytes as `renderProseViaHast` writes, which
 * remains the way for a node kind the direct writer does not know.
 */
export function renderProse(prose: Prose, context: ProseContext): Html {
  try {
    return trusted(proseHtml(prose, context));
  } catch (error) {
    if (error instanceof UnsupportedProse) return renderProseViaHast(prose, context);
    throw error;
  }
}

/**
 * renderProse through mdast-util-to-hast and hast-util-to-html, which escapes every text and
 * attribute: the general way, and the reference the direct writer is tested against.
 */
export function renderProseViaHast(prose: Prose, context: ProseContext): Html {
  const { words } = context;
  // A note referred to twice gets two markers, each with its own id to come back to.
  const markers = new Map<number, string[]>();

  const image = (state: State, node: Image, inFigure: boolean): Element => {
    const { src, label, size } = node.data ?? {};
    if (!src || src.path === undefined) {
      const url = src?.url ?? node.url;
      const anchor = remote(state, url, [{ type: "text", value: label ?? node.alt ?? url }]);
      anchor.properties.className = ["external-image"];
      return anchor;
    }
    return h(
      "img",
      {
        src: link(context.page, src),
        alt: node.alt ?? "",
        // An inline image's title is its tooltip; a figure's is its caption, shown below it.
        ...(!inFigure && node.title && { title: node.title }),
        ...(size && { width: size.width, height: size.height }),
        loading: "lazy",
      },
      [],
    );
  };

  const handlers: Record<string, Handler> = {
    image: (state: State, node: Image) => image(state, node, false),
    figure(state: State, node: Figure) {
      const [only] = node.children;
      const remote = only.data?.src?.path === undefined;
      return h("figure", remote ? { className: ["remote-image"] } : {}, [
        image(state, only, true),
        ...(node.caption ? [h("figcaption", {}, [text(node.caption)])] : []),
      ]);
    },
    link(state: State, node: Link) {
      const to = node.data?.href;
      // Another site's address goes through mdast-util-to-hast's URL encoding ("<" → %3C).
      if (!to || to.path === undefined)
        return defaultHandlers.link(state, { ...node, url: to?.url ?? node.url });
      const element = defaultHandlers.link(state, node);
      element.properties.href = link(context.page, to);
      return element;
    },
    footnoteReference(_state: State, node: FootnoteReference) {
      const number = node.data?.number ?? 0;
      const ids = markers.get(number) ?? [];
      const id = ids.length === 0 ? `fnref-${number}` : `fnref-${number}-${ids.length + 1}`;
      markers.set(number, [...ids, id]);
      return h("sup", {}, [
        h("a", { href: `#fn-${number}`, id, ariaDescribedBy: [context.notesId] }, [
          text(String(number)),
        ]),
      ]);
    },
    tableRow(state: State, node: TableRow, parent) {
      // Alignment as a class: the obsolete `align` attribute loses to any stylesheet rule.
      const row = defaultHandlers.tableRow(state, node, parent);
      for (const cell of row.children) {
        if (cell.type !== "element") continue;
        const { align, ...properties } = cell.properties;
        cell.properties = {
          ...(cell.tagName === "th" && { scope: "col" }),
          ...properties,
          ...(typeof align === "string" && { className: [`align-${align}`] }),
        };
      }
      return row;
    },
    table(state: State, node) {
      // A wide table scrolls inside its own box; the box is focusable for keyboard users.
      return h(
        "div",
        { className: ["table-wrap"], tabIndex: 0, role: "region", ariaLabel: words.table },
        [defaultHandlers.table(state, node)],
      );
    },
  };

  const render = (blocks: RootContent[]): HastRoot =>
    toHast({ type: "root", children: blocks }, { handlers }) as HastRoot;

  const body = render(prose.blocks);
  // Notes after the text: their markers are known once the text (and earlier notes) are done.
  const notes = prose.notes.map((note) => noteItem(note, render(note.blocks)));
  // The arrow is not mirrored by the Unicode bidi algorithm: a right-to-left page needs its mirror.
  const back = context.direction === "rtl" ? "↪" : "↩";
  const backLinks = (note: Footnote): ElementContent[] =>
    (markers.get(note.number) ?? []).flatMap((id, i) => [
      text(" "),
      h("a", { href: `#${id}`, className: ["back"], ariaLabel: words.backToContent }, [
        text(`${back}${i === 0 ? "" : i + 1}`),
      ]),
    ]);
  for (const [note, item] of notes) {
    // The way back goes at the end of the note's last paragraph, or after its last block.
    const last = item.children.findLast((c): c is Element => c.type === "element");
    const target = last?.tagName === "p" ? last : item;
    target.children.push(...backLinks(note));
  }
  const section = notes.length
    ? [
        text("\n"),
        h("section", { className: ["footnotes"], ariaLabelledBy: [context.notesId] }, [
          h(`h${context.notesLevel}`, { id: context.notesId }, [text(words.footnotes)]),
          text("\n"),
          h(
            "ol",
            // The About text's notes go on from the body's on the same page.
            prose.notes[0] && prose.notes[0].number !== 1 ? { start: prose.notes[0].number } : {},
            notes.flatMap(([, item]) => [item, text("\n")]),
          ),
        ]),
      ]
    : [];
  return trusted(toHtml({ type: "root", children: [...body.children, ...section] }));
}

function noteItem(note: Footnote, rendered: HastRoot): [Footnote, Element] {
  const children = rendered.children.filter((c): c is ElementContent => c.type !== "doctype");
  return [note, h("li", { id: note.id }, children)];
}
