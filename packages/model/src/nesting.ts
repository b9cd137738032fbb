import type { Nodes, Root } from "mdast";
import { type Diagnostic, diagnose, type Place } from "./diagnostics.js";

// Deep nesting cannot be laid out (each list or quote level indents the text further, and a
// phone is 375 px wide), and past markdown-it's own limit the parser silently drops the rest
// of the text. Either way it is a content error, reported where it starts.

/** Lists and quotes inside each other: a writer rarely needs more than three. */
export const MAX_BLOCK_NESTING = 8;
/** Emphasis, strong, strikethrough and links inside each other. */
export const MAX_INLINE_NESTING = 8;

declare module "mdast" {
  interface RootData {
    /** Set by the parser: the file line from which markdown-it stopped parsing (too deep). */
    unparsedFrom?: number;
  }
}

const blockContainers = new Set(["list", "blockquote"]);
const inlineContainers = new Set(["emphasis", "strong", "delete", "link"]);

/** One diagnostic per too-deep region, at its start (its block's line for inline nesting). */
export function nestingProblems(
  tree: Root,
  placeOf: (node: { position?: Nodes["position"] }) => Place,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  // An explicit stack: the tree may be deeper than the call stack is comfortable with.
  const stack: Array<{ node: Nodes; blocks: number; inlines: number; block: Nodes }> = [
    { node: tree, blocks: 0, inlines: 0, block: tree },
  ];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { node, blocks: outerBlocks, inlines: outerInlines, block: outerBlock } = entry;
    const blocks = outerBlocks + (blockContainers.has(node.type) ? 1 : 0);
    const inlines = outerInlines + (inlineContainers.has(node.type) ? 1 : 0);
    const block = node.position && !inlineContainers.has(node.type) ? node : outerBlock;
    if (blocks > MAX_BLOCK_NESTING) {
      problems.push(
        diagnose("nested-too-deep", placeOf(node), {
          what: "Lists and quotes",
          max: MAX_BLOCK_NESTING,
        }),
      );
      continue;
    }
    if (inlines > MAX_INLINE_NESTING) {
      problems.push(
        diagnose("nested-too-deep", placeOf(block), {
          what: "Emphasis, strikethrough and links",
          max: MAX_INLINE_NESTING,
        }),
      );
      continue;
    }
    if ("children" in node) {
      for (let i = node.children.length - 1; i >= 0; i--) {
        stack.push({ node: node.children[i] as Nodes, blocks, inlines, block });
      }
    }
  }
  const unparsed = tree.data?.unparsedFrom;
  if (unparsed !== undefined && problems.length === 0) {
    problems.push(
      diagnose(
        "nested-too-deep",
        placeOf({
          position: { start: { line: unparsed, column: 1 }, end: { line: unparsed, column: 1 } },
        }),
        { what: "Lists and quotes", max: MAX_BLOCK_NESTING },
      ),
    );
  }
  return problems;
}
