import { labels } from "@herald/model";
import type { Element, ElementContent } from "hast";
import { toHtml } from "hast-util-to-html";
import type { Image, Link, Paragraph, Root } from "mdast";
import { defaultHandlers, type State, toHast } from "mdast-util-to-hast";
import { type Html, trusted } from "./html.js";

export interface MarkdownContext {
  locale: string;
  /** The link to a file in assets/ from the page being rendered. */
  assetHref: (asset: string) => string;
}

const h = (
  tagName: string,
  properties: Element["properties"],
  children: ElementContent[],
): Element => ({
  type: "element",
  tagName,
  properties,
  children,
});
const text = (value: string): ElementContent => ({ type: "text", value });

/**
 * Renders the model's Markdown tree to HTML. Remote images are never loaded (no requests to
 * other hosts): they become a captioned link. hast-util-to-html escapes every text and attribute.
 */
export function renderMarkdown(tree: Root, context: MarkdownContext): Html {
  const words = labels(context.locale);

  const image = (node: Image): Element => {
    if (node.data?.asset) {
      return h(
        "img",
        { src: context.assetHref(node.data.asset), alt: node.alt ?? "", loading: "lazy" },
        [],
      );
    }
    return h("a", { href: node.url, className: ["external-image"] }, [
      text(words.image(node.alt || node.title || new URL(node.url).hostname)),
    ]);
  };

  const hast = toHast(tree, {
    clobberPrefix: "",
    footnoteLabel: words.footnotes,
    footnoteLabelProperties: { id: "footnote-label" },
    footnoteBackLabel: () => words.backToContent,
    handlers: {
      image: (_state: State, node: Image) => image(node),
      link(state: State, node: Link) {
        // A link to a file in assets/ is written from the page, like an image's source: the
        // Markdown's `../assets/x.zip` is relative to the announcement file, not to the page
        // (/en/news/id/), where it would lead nowhere. A #fragment (a PDF's page) is kept.
        const element = defaultHandlers.link(state, node);
        if (node.data?.asset) {
          const hash = node.url.indexOf("#");
          const fragment = hash < 0 ? "" : node.url.slice(hash);
          element.properties.href = context.assetHref(node.data.asset) + fragment;
        }
        return element;
      },
      paragraph(state: State, node: Paragraph) {
        // A paragraph that is only an image is a figure, captioned by its title.
        const only = node.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
        const [first] = only;
        if (only.length === 1 && first?.type === "image") {
          const caption = first.title ? [h("figcaption", {}, [text(first.title)])] : [];
          const remote = first.data?.remote ? ["remote-image"] : [];
          return h("figure", { className: remote }, [image(first), ...caption]);
        }
        return defaultHandlers.paragraph(state, node);
      },
      table(state: State, node) {
        // A wide table scrolls inside its own box; the box is focusable for keyboard users.
        const table = defaultHandlers.table(state, node);
        return h(
          "div",
          { className: ["table-wrap"], tabIndex: 0, role: "region", ariaLabel: words.table },
          [table],
        );
      },
    },
  });
  return trusted(toHtml(hast));
}
