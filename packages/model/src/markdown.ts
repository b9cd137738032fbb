import type { Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

declare module "mdast" {
  interface ImageData {
    /** Set by the loader: the local file, relative to the content folder (`assets/x.png`). */
    asset?: string;
    /** Set by the loader: the image lives on another site and is never fetched at build time. */
    remote?: boolean;
  }
  interface LinkData {
    /** Set by the loader: the link points to a file in the content folder's assets. */
    asset?: string;
  }
}

export interface FrontMatterSplit {
  /** The YAML between the two `---` lines. */
  yaml: string;
  /** The Markdown after the closing line. */
  body: string;
  /** The line number, in the file, of the body's first line. */
  bodyLine: number;
}

/** Splits a Markdown file into its front matter and body; undefined when it has none. */
export function splitFrontMatter(text: string): FrontMatterSplit | undefined {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trimEnd() !== "---") return undefined;
  const close = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (close < 0) return undefined;
  return {
    yaml: lines.slice(1, close).join("\n"),
    body: lines.slice(close + 1).join("\n"),
    bodyLine: close + 2,
  };
}

// Built once: combining the extensions is a measurable share of parsing a short document.
const options = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };

/**
 * Parses CommonMark + GFM (tables, strikethrough, footnotes, autolinks) into the one mdast
 * tree every renderer consumes. Positions are shifted so they point into the original file.
 */
export function parseMarkdown(markdown: string, firstLine = 1): Root {
  const tree = fromMarkdown(markdown, options);
  if (firstLine !== 1) {
    walk(tree, (node) => {
      if (node.position) {
        node.position.start.line += firstLine - 1;
        node.position.end.line += firstLine - 1;
      }
    });
  }
  return tree;
}

/** Calls `visit` on every node of the tree, parents before children. */
export function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ("children" in node) for (const child of node.children) walk(child, visit);
}

/** The plain text of a node, as a reader would read it aloud. */
export function textOf(node: Nodes): string {
  if (node.type === "text" || node.type === "inlineCode") return node.value;
  if (node.type === "break") return "\n";
  if (node.type === "image") return node.alt ?? "";
  if ("children" in node) return node.children.map((child) => textOf(child as Nodes)).join("");
  return "";
}
