import type { PhrasingContent } from "mdast";
import type { Color } from "./flow.js";
import type { Style } from "./fonts.js";
import { type LinkNotes, saysItsAddress } from "./link-notes.js";
import { type Emphasis, LINK, MUTED, oneLine } from "./look.js";
import type { Run } from "./text.js";

// Resolved Markdown phrasing content (bold, emphasis, struck words, links with their notes,
// inline images, footnote marks) as styled runs: the announcement's text, its notes, the
// company's About text and the updates all read the same.

export const bolder = (s: Style): Style =>
  s === "italic" || s === "boldItalic" ? "boldItalic" : "bold";
export const slanted = (s: Style): Style =>
  s === "bold" || s === "boldItalic" ? "boldItalic" : "italic";

export interface Look {
  /** Where inline links' addresses are numbered. */
  notes: LinkNotes;
  style: Style;
  size: number;
  color: Color;
  emphasis: Emphasis;
  link?: string;
  strike?: boolean;
  dots?: "over" | "under";
  /**
   * Under embargo: the site's own files (a linked PDF, an inline image) have no public address
   * yet, so their text is printed without a link or a note.
   */
  sealed?: boolean;
}

/** Emphasis as the document's typography draws it. */
function emphasized(look: Look): Look {
  switch (look.emphasis) {
    case "italic":
      return { ...look, style: slanted(look.style) };
    case "bold":
      return { ...look, style: bolder(look.style) };
    default:
      return { ...look, dots: look.emphasis };
  }
}

/** Resolved phrasing content → styled runs. */
export function inline(nodes: readonly PhrasingContent[], look: Look): Run[] {
  const { style, size, color, link, strike, dots, notes } = look;
  const marks = { ...(link && { link }), ...(strike && { strike }), ...(dots && { dots }) };
  return nodes.flatMap((node): Run[] => {
    switch (node.type) {
      case "text":
      case "inlineCode":
        return [{ text: oneLine(node.value), style, size, color: link ? LINK : color, ...marks }];
      case "break":
        return [{ text: "\n", style, size, color }];
      case "strong":
        return inline(node.children, { ...look, style: bolder(style) });
      case "emphasis":
        return inline(node.children, emphasized(look));
      case "delete":
        return inline(node.children, { ...look, color: MUTED, strike: true });
      case "link": {
        // The link, then the number of its address in the list at the end (link-notes.ts).
        const url = look.sealed && node.data?.asset ? undefined : node.data?.href?.url;
        const runs = inline(node.children, { ...look, link: url });
        const text = runs.map((r) => r.text).join("");
        // An address written out breaks where addresses do (never after a hyphen).
        if (url && saysItsAddress(text, url)) return runs.map((r) => ({ ...r, whole: true }));
        const mark = notes.mark(runs.map((r) => r.text).join(""), url, {
          style,
          size,
          color: LINK,
        });
        return [...runs, ...mark];
      }
      case "image": {
        // An image inside a sentence: its label, linked to the image, and its address's number;
        // inside a link, linked where the link goes (whose number follows the link).
        const label = oneLine(node.data?.label ?? "");
        if (link) return [{ text: label, style, size, color: LINK, ...marks }];
        const url = look.sealed && node.data?.asset ? undefined : node.data?.src?.url;
        return [
          {
            text: label,
            style,
            size,
            color: url ? LINK : color,
            ...marks,
            ...(url && { link: url }),
          },
          ...notes.mark(label, url, { style, size, color: LINK }),
        ];
      }
      case "footnoteReference": {
        const n = node.data?.number;
        if (n === undefined) return [];
        return [
          { text: String(n), style, size, color: LINK, superscript: true, target: `fn-${n}` },
        ];
      }
      default:
        return "children" in node ? inline(node.children as PhrasingContent[], look) : [];
    }
  });
}
