import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFNumber,
  type PDFRawStream,
  PDFString,
} from "pdf-lib";

// Reading a press kit back as a reader's tools see it: poppler's words and their boxes, the
// rectangles pdf-lib drew, and the link annotations.

export const run = promisify(execFile);

export interface Word {
  /** From 0. */
  page: number;
  text: string;
  /** Poppler's box, from the page's top left corner. */
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const fromXml = (text: string) =>
  text
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"');

/** Every word of every page with its box (pdftotext -bbox), and each page's size. */
export async function wordsOf(
  file: string,
): Promise<{ words: Word[]; pages: Array<{ width: number; height: number }> }> {
  const { stdout } = await run("pdftotext", ["-enc", "UTF-8", "-bbox", file, "-"], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const words: Word[] = [];
  const pages: Array<{ width: number; height: number }> = [];
  stdout
    .split(/<page /)
    .slice(1)
    .forEach((page, index) => {
      const size = page.match(/width="([\d.]+)" height="([\d.]+)"/);
      pages.push({ width: Number(size?.[1]), height: Number(size?.[2]) });
      for (const m of page.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      )) {
        words.push({
          page: index,
          text: fromXml(m[5] ?? ""),
          xMin: Number(m[1]),
          yMin: Number(m[2]),
          xMax: Number(m[3]),
          yMax: Number(m[4]),
        });
      }
    });
  return { words, pages };
}

export interface Rect {
  page: number;
  /** PDF coordinates, from the bottom left. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Each page's content streams, decoded: the drawing operators as text. */
export async function contentsOf(bytes: Uint8Array): Promise<string[][]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray
        ? contents.asArray().map((ref) => doc.context.lookup(ref) as PDFRawStream)
        : [contents as PDFRawStream];
    return streams.map((stream) =>
      Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1"),
    );
  });
}

/** The filled rectangles pdf-lib drew on each page (tints, rules, QR modules, bars). */
export async function rectsOf(bytes: Uint8Array): Promise<Rect[]> {
  const rects: Rect[] = [];
  (await contentsOf(bytes)).forEach((streams, index) => {
    for (const ops of streams) {
      const pattern =
        /1 0 0 1 ([\d.-]+) ([\d.-]+) cm\n(?:1 0 0 1 0 0 cm\n)*0 0 m\n0 ([\d.-]+) l\n([\d.-]+) [\d.-]+ l\n/g;
      for (const m of ops.matchAll(pattern)) {
        rects.push({
          page: index,
          x: Number(m[1]),
          y: Number(m[2]),
          height: Number(m[3]),
          width: Number(m[4]),
        });
      }
    }
  });
  return rects;
}

/** Where each image is drawn (pdf-lib's drawImage: translate, then scale to its size). */
export async function imagesOf(bytes: Uint8Array): Promise<Rect[]> {
  const images: Rect[] = [];
  (await contentsOf(bytes)).forEach((streams, index) => {
    for (const ops of streams) {
      const pattern =
        /1 0 0 1 ([\d.-]+) ([\d.-]+) cm\n1 0 0 1 0 0 cm\n([\d.-]+) 0 0 ([\d.-]+) 0 0 cm\n1 0 0 1 0 0 cm\n\/\S+ Do/g;
      for (const m of ops.matchAll(pattern)) {
        images.push({
          page: index,
          x: Number(m[1]),
          y: Number(m[2]),
          width: Number(m[3]),
          height: Number(m[4]),
        });
      }
    }
  });
  return images;
}

/**
 * How full each page is: the share of the text area's height that has something on it (a
 * word, rule, tint or image), each thing counted with `leading` points above and below it so
 * that the space between lines and paragraphs counts as filled, and holes do not.
 */
export async function fillOf(
  file: string,
  bytes: Uint8Array,
  margin = 72,
  leading = 6,
): Promise<number[]> {
  const { words, pages } = await wordsOf(file);
  const drawn = [...(await rectsOf(bytes)), ...(await imagesOf(bytes))];
  return pages.map((size, page) => {
    const top = margin;
    const bottom = size.height - margin;
    const spans = [
      ...words.filter((w) => w.page === page).map((w) => [w.yMin, w.yMax] as const),
      ...drawn
        .filter((r) => r.page === page)
        .map((r) => [size.height - r.y - r.height, size.height - r.y] as const),
    ]
      .map(([a, b]) => [Math.max(a - leading, top), Math.min(b + leading, bottom)] as const)
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    let covered = 0;
    let reached = top;
    for (const [a, b] of spans) {
      if (b <= reached) continue;
      covered += b - Math.max(a, reached);
      reached = b;
    }
    return covered / (bottom - top);
  });
}

export interface Annotation {
  page: number;
  rect: [number, number, number, number];
  uri?: string;
  /** Where an internal link goes: the page index. */
  destPage?: number;
}

/** Every link annotation, with its address or its destination's page. */
export async function annotationsOf(bytes: Uint8Array): Promise<Annotation[]> {
  const doc = await PDFDocument.load(bytes);
  const pages = doc.getPages();
  const out: Annotation[] = [];
  pages.forEach((page, index) => {
    const annots = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const annot = annots?.lookup(i, PDFDict) as PDFDict;
      const rect = annot
        .lookup(PDFName.of("Rect"), PDFArray)
        .asArray()
        .map((n) => (n as PDFNumber).asNumber()) as Annotation["rect"];
      const uri = annot
        .lookupMaybe(PDFName.of("A"), PDFDict)
        ?.lookupMaybe(PDFName.of("URI"), PDFString)
        ?.decodeText();
      const dest = annot.lookupMaybe(PDFName.of("Dest"), PDFArray);
      const target = dest?.get(0);
      const destPage = target ? pages.findIndex((p) => p.ref === target) : undefined;
      out.push({
        page: index,
        rect,
        ...(uri && { uri }),
        ...(destPage !== undefined && { destPage }),
      });
    }
  });
  return out;
}

/** Words grouped into lines: those of one page whose boxes overlap vertically by half. */
export function linesOf(words: readonly Word[]): Word[][] {
  const lines: Word[][] = [];
  for (const w of words) {
    const line = lines.find((l) => {
      const o = l[0] as Word;
      const overlap = Math.min(o.yMax, w.yMax) - Math.max(o.yMin, w.yMin);
      return o.page === w.page && overlap > 0.5 * Math.min(o.yMax - o.yMin, w.yMax - w.yMin);
    });
    if (line) line.push(w);
    else lines.push([w]);
  }
  for (const l of lines) l.sort((a, b) => a.xMin - b.xMin);
  return lines.sort(
    (a, b) =>
      (a[0] as Word).page - (b[0] as Word).page || (a[0] as Word).yMin - (b[0] as Word).yMin,
  );
}

/** Text without any white space, to find a phrase however lines were broken. */
export const squeeze = (text: string) => text.replace(/[\s\u2066-\u2069]+/g, "");

/** A structure element as poppler reads it back (pdfinfo -struct-text). */
export interface StructNode {
  type: string;
  /** Its own text (its elements' text is theirs). */
  text: string;
  /** Its own text and its elements, in order. */
  parts: Array<string | StructNode>;
  /** How many annotations (link areas) it holds. */
  objects: number;
  children: StructNode[];
  /** What a reader reads for it, where it says (its /ActualText; poppler does not show it). */
  actual?: string;
}

/** The structure tree of a tagged PDF, as poppler reads it (pdfinfo -struct-text). */
export async function structureOf(file: string): Promise<StructNode> {
  const { stdout } = await run("pdfinfo", ["-struct-text", file], { maxBuffer: 1 << 26 });
  const root: StructNode = { type: "", text: "", parts: [], objects: 0, children: [] };
  const stack: Array<{ depth: number; node: StructNode }> = [{ depth: -1, node: root }];
  for (const line of stdout.split("\n")) {
    const depth = line.length - line.trimStart().length;
    const content = line.trim();
    if (!content || content.startsWith("/")) continue;
    while ((stack.at(-1)?.depth ?? -1) >= depth) stack.pop();
    const parent = (stack.at(-1) as { node: StructNode }).node;
    if (content.startsWith('"')) {
      parent.text += content.slice(1, -1);
      parent.parts.push(content.slice(1, -1));
    } else if (/^Object \d+ \d+$/.test(content)) parent.objects++;
    else {
      const node: StructNode = {
        type: content
          .replace(/:$/, "")
          .replace(/ \((block|inline)\)$/, "")
          .replace(/ <.*>$/, ""),
        text: "",
        parts: [],
        objects: 0,
        children: [],
      };
      parent.children.push(node);
      parent.parts.push(node);
      stack.push({ depth, node });
    }
  }
  const tree = root.children[0] as StructNode;
  // Each element's /ActualText, from qpdf: the elements are numbered in reading order, the
  // order poppler prints them in.
  const { objects } = await objectsOf(file);
  const numbered = Object.entries(objects)
    .map(([ref, o]) => ({
      n: Number.parseInt(ref, 10),
      value: (o.value ?? {}) as Record<string, unknown>,
    }))
    .filter((o) => isStructElem(o.value))
    .sort((a, b) => a.n - b.n);
  const nodes = [...elementsIn(tree)];
  if (nodes.length !== numbered.length)
    throw new Error(`${file}: poppler and qpdf disagree on the elements`);
  nodes.forEach((node, i) => {
    const actual = numbered[i]?.value["/ActualText"];
    if (typeof actual === "string") node.actual = actual.replace(/^u:/, "");
  });
  return tree;
}

/** Every element of a structure tree, depth first (the reading order). */
export function* elementsIn(node: StructNode): Generator<StructNode> {
  yield node;
  for (const child of node.children) yield* elementsIn(child);
}

/**
 * An element's whole text as a reader reads it: its /ActualText, else its own text and its
 * elements' (but those of `skip`), in order.
 */
export const textIn = (node: StructNode, skip: readonly string[] = []): string =>
  node.actual ??
  node.parts
    .map((part) =>
      typeof part === "string" ? part : skip.includes(part.type) ? "" : textIn(part, skip),
    )
    .join("");

/** Every object of a PDF, by reference ("12 0 R"), as qpdf reads it (qpdf --json). */
export function objectsOf(file: string): Promise<Objects> {
  // Read once per file: the tests of one file ask for the same press kits many times, and a
  // long one's JSON takes qpdf and the parser a while.
  let read = objectsRead.get(file);
  if (!read) {
    read = readObjects(file);
    objectsRead.set(file, read);
  }
  return read;
}

interface Objects {
  objects: Record<string, { value?: unknown; stream?: { dict: unknown } }>;
  trailer: Record<string, unknown>;
}

const objectsRead = new Map<string, Promise<Objects>>();

async function readObjects(file: string): Promise<Objects> {
  const { stdout } = await run("qpdf", ["--json=2", "--json-key=qpdf", file], {
    maxBuffer: 1 << 28,
  });
  const json = JSON.parse(stdout);
  const all = json.qpdf[1] as Record<string, { value?: unknown; stream?: { dict: unknown } }>;
  const objects: Record<string, { value?: unknown; stream?: { dict: unknown } }> = {};
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith("obj:")) objects[key.slice(4)] = value;
  }
  return { objects, trailer: (all.trailer?.value ?? {}) as Record<string, unknown> };
}

/** What a page's content stream marks (ISO 32000-1 §14.6), as a checker of PDF/UA reads it. */
export interface PageMarks {
  /** Operators that paint outside any marked-content sequence (untagged content). */
  unmarked: string[];
  /** Operators that paint inside both an artifact and an element's sequence. */
  mixed: string[];
  /** The MCIDs of the page's sequences, in order. */
  mcids: number[];
  /** Sequences left open at the end of the page, or closed that were never opened. */
  unbalanced: number;
}

const PAINTING = new Set([
  "Tj",
  "TJ",
  "'",
  '"',
  "Do",
  "f",
  "F",
  "f*",
  "B",
  "B*",
  "b",
  "b*",
  "S",
  "s",
  "sh",
  "BI",
]);

/** Each page's marked content: what paints outside it, and its MCIDs. */
export async function marksOf(bytes: Uint8Array): Promise<PageMarks[]> {
  const pages = await contentsOf(bytes);
  return pages.map((streams) => {
    const marks: PageMarks = { unmarked: [], mixed: [], mcids: [], unbalanced: 0 };
    const stack: Array<{ tag: string; mcid?: number }> = [];
    let operands: string[] = [];
    const tokens =
      streams
        .join("\n")
        .match(
          /\((?:\\.|[^\\)])*\)|<<|>>|<[0-9a-fA-F\s]*>|\[|\]|\/[^\s/[\]<>(){}%]+|[^\s/[\]<>(){}%]+/g,
        ) ?? [];
    for (const token of tokens) {
      if (
        /^[/([<\]>]/.test(token) ||
        /^[-+.\d]/.test(token) ||
        token === "true" ||
        token === "false"
      ) {
        operands.push(token);
        continue;
      }
      if (token === "BDC" || token === "BMC") {
        const tag = operands.find((o) => o.startsWith("/"))?.slice(1) ?? "";
        const at = operands.indexOf("/MCID");
        const mcid = at >= 0 ? Number(operands[at + 1]) : undefined;
        if (mcid !== undefined) marks.mcids.push(mcid);
        stack.push({ tag, ...(mcid !== undefined && { mcid }) });
      } else if (token === "EMC") {
        if (!stack.pop()) marks.unbalanced++;
      } else if (PAINTING.has(token)) {
        if (stack.length === 0) marks.unmarked.push(token);
        else if (
          stack.some((m) => m.tag === "Artifact") &&
          stack.some((m) => m.mcid !== undefined)
        ) {
          marks.mixed.push(token);
        }
      }
      operands = [];
    }
    marks.unbalanced += stack.length;
    return marks;
  });
}

/** Whether a qpdf JSON object is a structure element (Herald writes them without /Type). */
export const isStructElem = (value: Record<string, unknown>) =>
  typeof value["/S"] === "string" &&
  "/P" in value &&
  !("/Type" in value && value["/Type"] !== "/StructElem");
