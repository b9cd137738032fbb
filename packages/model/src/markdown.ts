import type { Nodes, Root } from "mdast";
import { markdownItToMdast } from "./markdown-it-mdast.js";

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

/**
 * Parses CommonMark + GFM (tables, strikethrough, footnotes, autolinks) into the one mdast
 * tree every renderer consumes. Positions point into the original file (`firstLine` is the
 * file line the Markdown starts on).
 */
export function parseMarkdown(markdown: string, firstLine = 1): Root {
  return markdownItToMdast(markdown, firstLine);
}

/** Calls `visit` on every node of the tree, parents before children, in document order. */
export function walk(node: Nodes, visit: (node: Nodes) => void): void {
  // Without recursion: a rejected tree may be far deeper than the call stack.
  const stack: Nodes[] = [node];
  for (let next = stack.pop(); next; next = stack.pop()) {
    visit(next);
    if ("children" in next) {
      for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i] as Nodes);
    }
  }
}

/** The plain text of a node, as a reader would read it aloud. */
export function textOf(node: Nodes): string {
  if (node.type === "text" || node.type === "inlineCode") return node.value;
  if (node.type === "break") return "\n";
  if (node.type === "image") return node.alt ?? "";
  if ("children" in node) return node.children.map((child) => textOf(child as Nodes)).join("");
  return "";
}
