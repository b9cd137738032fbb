import { posix } from "node:path";
import type { Root } from "mdast";
import type { Assets } from "./assets.js";
import { characterColumns } from "./columns.js";
import { type Diagnostic, diagnose, didYouMean, type Place } from "./diagnostics.js";
import { walk } from "./markdown.js";
import { nestingProblems } from "./nesting.js";
import { hasCredentials, hideCredentials } from "./url-credentials.js";

export interface MarkdownContext {
  /** The file the Markdown comes from, relative to the content folder. */
  file: string;
  /** The folder relative paths are resolved from, relative to the content folder. */
  baseDir: string;
  /** The content folder's assets. */
  assets: Assets;
  /** Where to report a problem when the tree has no positions of its own (Markdown in YAML). */
  fallback?: Place;
  /** The file's lines, to count columns in characters rather than UTF-16 units (emoji). */
  lines?: readonly string[];
}

export type AssetCheck = { asset: string } | { problem: Diagnostic };

/**
 * Resolves a relative reference to a file in assets/ that may be published (an image, where
 * `image` says so), or explains why it cannot.
 */
export function resolveAsset(
  ref: string,
  baseDir: string,
  assets: Assets,
  place: Place,
  image = false,
): AssetCheck {
  let decoded = ref;
  try {
    decoded = decodeURIComponent(ref.split(/[?#]/)[0] ?? ref);
  } catch {
    // A stray % is taken literally; the file check below reports it.
  }
  const asset = posix.normalize(posix.join(baseDir, decoded));
  if (!asset.startsWith("assets/")) {
    return { problem: diagnose("outside-assets", place, { value: ref }) };
  }
  if (asset.split("/").some((part) => part.startsWith("."))) {
    return { problem: diagnose("hidden-file", place, { file: asset }) };
  }
  if (!assets.has(asset)) {
    const relative = assets.paths.map((a) => posix.relative(baseDir, a));
    return {
      problem: diagnose("missing-asset", place, {
        value: ref,
        expected: asset,
        suggestion: didYouMean(ref, relative),
      }),
    };
  }
  const problem = assets.use(asset, place, { image });
  return problem ? { problem } : { asset };
}

/** mdast counts columns in UTF-16 units; people (and editors) count characters. */
/** Converts UTF-16 columns of a file's lines to character columns. */
function columnCounter(lines: readonly string[] | undefined) {
  const counters = new Map<number, (lineStart: number, offset: number) => number>();
  return (lineIndex: number, column: number): number => {
    const line = lines?.[lineIndex];
    if (line === undefined) return column;
    let counter = counters.get(lineIndex);
    if (!counter) {
      counter = characterColumns(line);
      counters.set(lineIndex, counter);
    }
    return counter(0, column - 1);
  };
}

const absoluteUrl = (value: string): URL | undefined => {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

/**
 * Checks what a Markdown tree may not publish (raw HTML, unsafe links, missing or insecure
 * images, footnote references without text) and marks images and links to local assets.
 */
export function checkMarkdown(tree: Root, context: MarkdownContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const codePointColumn = columnCounter(context.lines);
  const placeOf = (node: { position?: { start: { line: number; column: number } } }): Place =>
    context.fallback ??
    (node.position
      ? {
          file: context.file,
          line: node.position.start.line,
          column: codePointColumn(node.position.start.line - 1, node.position.start.column),
          field: "text",
        }
      : { file: context.file, line: 1, column: 1, field: "text" });

  // First, so a tree too deep to lay out is reported even if the walk below stops early.
  diagnostics.push(...nestingProblems(tree, placeOf));
  const htmlLines = new Set<number>();
  walk(tree, (node) => {
    switch (node.type) {
      case "html": {
        // One report per line: <b>…</b> is one mistake, not two.
        const line = node.position?.start.line ?? 0;
        if (htmlLines.has(line)) break;
        htmlLines.add(line);
        const tag = node.value.match(/<[^>]*>?/)?.[0] ?? node.value.trim();
        diagnostics.push(diagnose("raw-html", placeOf(node), { html: tag.slice(0, 40) }));
        break;
      }
      case "text":
        for (const match of node.value.matchAll(/\[\^([^\]\s]+)\]/g)) {
          diagnostics.push(diagnose("missing-footnote", placeOf(node), { label: match[1] ?? "" }));
        }
        break;
      case "link":
      case "definition": {
        const url = absoluteUrl(node.url);
        if (url) {
          if (!["http:", "https:", "mailto:"].includes(url.protocol)) {
            diagnostics.push(diagnose("unsafe-link", placeOf(node), { value: node.url }));
          } else if (hasCredentials(url)) {
            diagnostics.push(
              diagnose("url-with-credentials", placeOf(node), {
                value: hideCredentials(node.url),
              }),
            );
          }
        } else if (/^[a-z][a-z0-9+.-]*:/i.test(node.url) || node.url.startsWith("//")) {
          diagnostics.push(diagnose("bad-url", placeOf(node), { value: node.url }));
        } else if (node.url.startsWith("#") || node.url === "") {
          diagnostics.push(diagnose("unsafe-link", placeOf(node), { value: node.url }));
        } else {
          const found = resolveAsset(node.url, context.baseDir, context.assets, placeOf(node));
          if ("problem" in found) diagnostics.push(found.problem);
          else if (node.type === "link") node.data = { ...node.data, asset: found.asset };
        }
        break;
      }
      case "image": {
        const url = absoluteUrl(node.url);
        if (url) {
          if (url.protocol === "https:" && hasCredentials(url)) {
            diagnostics.push(
              diagnose("url-with-credentials", placeOf(node), {
                value: hideCredentials(node.url),
              }),
            );
          } else if (url.protocol === "https:") node.data = { ...node.data, remote: true };
          else if (url.protocol === "http:") {
            diagnostics.push(diagnose("insecure-image", placeOf(node), { value: node.url }));
          } else diagnostics.push(diagnose("unsafe-link", placeOf(node), { value: node.url }));
        } else {
          const found = resolveAsset(
            node.url,
            context.baseDir,
            context.assets,
            placeOf(node),
            true,
          );
          if ("problem" in found) diagnostics.push(found.problem);
          else node.data = { ...node.data, asset: found.asset };
        }
        break;
      }
    }
  });
  return diagnostics;
}
