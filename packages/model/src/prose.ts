import { posix } from "node:path";
import type { Image, Nodes, Parent, Root, RootContent } from "mdast";
import type { ImageSize } from "./assets.js";
import type { Labels } from "./labels.js";
import type { Site } from "./schema.js";
import { type Address, normalUrl, siteAddress } from "./urls.js";

// Markdown as every output lays it out: the loader's tree with each local reference resolved,
// images labelled and captioned by one rule, footnotes numbered once, and soft line breaks
// joined the way the language joins them. Outputs walk this tree; none of them resolves,
// numbers or labels anything on its own.

declare module "mdast" {
  interface ImageData {
    /** Where the image is: its public address, and for a local file its place in the site. */
    src?: Address;
    /** What stands in for the image where it is not shown: "Image: Assembly line". */
    label?: string;
    /** The size in pixels of a local raster image. */
    size?: ImageSize;
  }
  interface LinkData {
    /** Where the link leads: its public address, and for a local file its place in the site. */
    href?: Address;
  }
  interface FootnoteReferenceData {
    /** The note's number: notes are numbered in the order they are first referred to. */
    number?: number;
  }
  interface RootContentMap {
    figure: Figure;
  }
  interface BlockContentMap {
    figure: Figure;
  }
}

/** A paragraph that is only an image: shown as a figure, captioned by the image's title. */
export interface Figure extends Parent {
  type: "figure";
  children: [Image];
  /** The image's title, shown under it. */
  caption?: string;
}

/** A footnote: its number and its text. */
export interface Footnote {
  number: number;
  /** Unique in the document, safe in an HTML id: "fn-1" for the note, "fnref-1" for the marker. */
  id: string;
  blocks: RootContent[];
}

/** Resolved Markdown: the blocks, and the notes they refer to, in number order. */
export interface Prose {
  blocks: RootContent[];
  notes: Footnote[];
}

export interface ProseContext {
  site: Pick<Site, "url">;
  words: Pick<Labels, "image">;
  imageSizes: Readonly<Record<string, ImageSize>>;
  /** The number the first note of this text gets (a page with two texts numbers them on). */
  firstNote?: number;
}

// Han, kana, CJK punctuation, Thai, Lao, Khmer and Myanmar: text in these scripts is written
// without spaces between words, so a line break inside a sentence joins with nothing. Hangul
// is written with spaces.
const unspaced =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u3000-\u303f\uff00-\uffef]/u;

/** A soft line break inside a paragraph, as a reader sees it: a space, or nothing in CJK. */
function joinLines(text: string): string {
  if (!text.includes("\n")) return text;
  return text.replace(/[ \t]*\n[ \t]*/g, (match, offset: number) => {
    // The characters either side (two UTF-16 units hold any one, an emoji's pair included).
    const before = [...text.slice(Math.max(0, offset - 2), offset)].at(-1);
    const after = [...text.slice(offset + match.length, offset + match.length + 2)][0];
    const cjk = (c: string | undefined) => c === undefined || unspaced.test(c);
    return cjk(before) && cjk(after) && (before ?? after) !== undefined ? "" : " ";
  });
}

/** The only child of a paragraph that is nothing but one image. */
function loneImage(node: RootContent): Image | undefined {
  if (node.type !== "paragraph") return undefined;
  const visible = node.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
  const [first] = visible;
  return visible.length === 1 && first?.type === "image" ? first : undefined;
}

/** A paragraph that is only an image as a figure, captioned by the image's title; else as it is. */
function asFigure<T extends RootContent>(node: T): T | Figure {
  const image = loneImage(node);
  if (!image) return node;
  return {
    type: "figure",
    children: [image],
    ...(image.title?.trim() && { caption: image.title.trim() }),
    ...(image.position && { position: image.position }),
  };
}

/** Resolves a Markdown tree for the outputs. The tree given is not changed. */
export function resolveProse(tree: Root, context: ProseContext): Prose {
  const definitions = new Map<string, RootContent[]>();
  const blocks: RootContent[] = [];
  for (const node of copyOf(tree).children) {
    if (node.type === "footnoteDefinition") {
      if (!definitions.has(node.identifier)) definitions.set(node.identifier, node.children);
    } else blocks.push(node);
  }
  const first = context.firstNote ?? 1;
  const numbers = new Map<string, number>();
  /** The notes, and their identifiers, in the order they are numbered. */
  const notes: Footnote[] = [];
  const numbered: string[] = [];

  const address = (url: string, asset: string | undefined): Address => {
    if (!asset) return { url: normalUrl(url) };
    // The link's ?query and #fragment stay: a PDF's page, a cache-busting version.
    return siteAddress(context.site, asset, url.match(/[?#].*$/s)?.[0] ?? "");
  };

  const resolve = (nodes: RootContent[]): RootContent[] =>
    nodes.map((node) => {
      const resolved = asFigure(node);
      visit(resolved);
      return resolved;
    });

  // Depth-first without recursion: the loader accepts trees deeper than is safe to recurse.
  const visit = (root: Nodes) => {
    const stack: Nodes[] = [root];
    for (let node = stack.pop(); node; node = stack.pop()) {
      switch (node.type) {
        case "listItem":
        case "blockquote":
          // A figure inside a list or a quote is a figure too, captioned the same way.
          node.children = node.children.map(asFigure);
          break;
        case "text":
          node.value = joinLines(node.value);
          break;
        case "inlineCode":
          node.value = node.value.replace(/\s*\n\s*/g, " ");
          break;
        case "link":
          node.data = { ...node.data, href: address(node.url, node.data?.asset) };
          break;
        case "image": {
          const asset = node.data?.asset;
          const named =
            node.alt?.trim() ||
            node.title?.trim() ||
            (asset ? posix.basename(asset) : hostname(node.url));
          node.data = {
            ...node.data,
            src: address(node.url, asset),
            label: context.words.image(named),
            ...(asset && context.imageSizes[asset] && { size: context.imageSizes[asset] }),
          };
          break;
        }
        case "footnoteReference": {
          let number = numbers.get(node.identifier);
          if (number === undefined) {
            number = first + numbers.size;
            numbers.set(node.identifier, number);
            numbered.push(node.identifier);
            // Its text is resolved when its turn comes, below: notes may refer to notes.
            notes.push({ number, id: `fn-${number}`, blocks: [] });
          }
          node.data = { ...node.data, number };
          break;
        }
      }
      if ("children" in node) {
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
      }
    }
  };

  const resolvedBlocks = resolve(blocks);
  // Notes found while resolving notes join the end of the list; walk until none are left.
  for (let i = 0; i < notes.length; i++) {
    (notes[i] as Footnote).blocks = resolve(definitions.get(numbered[i] ?? "") ?? []);
  }
  return { blocks: resolvedBlocks, notes };
}

/**
 * A copy of a tree the resolver may change: each node copied, positions shared (they are never
 * changed). Several times quicker than structuredClone, which copies every position too.
 */
function copyOf(tree: Root): Root {
  const root: Root = { ...tree, children: [] };
  const stack: Array<[Parent, Parent]> = [[tree, root]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [from, to] = next;
    to.children = from.children.map((child) => {
      const copy = { ...child };
      if ("children" in child) stack.push([child as Parent, copy as Parent]);
      return copy;
    }) as typeof to.children;
  }
  return root;
}

function hostname(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
