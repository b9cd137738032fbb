import { deflateRawSync, inflateRawSync } from "node:zlib";
import { type AnnouncementDocument, readPublishedAsset, walk } from "@herald/model";
import type { Nodes } from "mdast";
import {
  PDFArray,
  PDFContentStream,
  type PDFDict,
  PDFDocument,
  PDFFlateStream,
  PDFHexString,
  type PDFImage,
  PDFName,
  PDFNull,
  PDFNumber,
  type PDFPage,
  PDFRawStream,
  type PDFRef,
  PDFStreamWriter,
  rgb,
} from "pdf-lib";
import { beginMarked, drawFragment, endMarked, type Marking } from "./draw-text.js";
import { NOTICE } from "./embargo-notice.js";
import {
  A4,
  Flow,
  fontMeasure,
  LETTER,
  type LinkArea,
  type Op,
  type OutlineEntry,
} from "./flow.js";
import { DocumentFonts } from "./fonts.js";
import { isolated } from "./look.js";
import { setMetadata } from "./metadata.js";
import { embedPng, embedSvg, svgShapeOf } from "./prepared-images.js";
import { layoutSteps, sizes } from "./presskit.js";
import { fitWithEllipsis } from "./running-header.js";
import { literal, registerSerialized, textString } from "./serialized.js";
import { type Drawn, writeStructure } from "./structure.js";
import { type Content, Element } from "./tags.js";

export interface PressKitOptions {
  /** The content folder, whose images the press kit embeds. */
  contentDir: string;
  /** Paper size: A4 (default) or US Letter. */
  pageSize?: "a4" | "letter";
  /**
   * A tagged PDF (PDF/UA-1: structure, marked content, artifacts, XMP), as always unless
   * false: the bench's measure of what tagging costs.
   */
  tagged?: boolean;
}

export interface PressKit {
  bytes: Uint8Array;
  pages: number;
  /** Problems worth telling the author, like characters no embedded font can draw. */
  warnings: string[];
}

const MUTED_COLOR: [number, number, number] = [0.36, 0.39, 0.42];
const MUTED = rgb(...MUTED_COLOR);

/** Lays one announcement document out as a printable, searchable PDF press kit. */
export async function renderPressKit(
  document: AnnouncementDocument,
  options: PressKitOptions,
): Promise<PressKit> {
  const box = options.pageSize === "letter" ? LETTER : A4;
  const tagged = options.tagged !== false;
  const missing = new Set<string>();
  // CJK text sets on a looser line.
  const rhythm = Math.round(sizes.body * (document.cjk ? 1.75 : 1.6));
  const flow = new Flow(box, fontMeasure(), rhythm, (c) => missing.add(c), {
    lang: document.locale,
    direction: document.direction,
  });
  const notes: string[] = [];
  // SVG files carry no pixel size the model reads: their shape, from the drawing itself.
  const shapes = new Map<string, { width: number; height: number }>();
  const svgs = new Set<string>();
  if (document.company.logo) svgs.add(document.company.logo.asset);
  const { body, company: c } = document;
  for (const block of [
    ...body.blocks,
    ...body.notes.flatMap((n) => n.blocks),
    ...c.about.blocks,
    ...c.about.notes.flatMap((n) => n.blocks),
  ]) {
    walk(block as Nodes, (node) => {
      if (node.type === "image" && node.data?.asset) svgs.add(node.data.asset);
    });
  }
  for (const asset of svgs) {
    if (!/\.svg$/i.test(asset)) continue;
    const shape = svgShapeOf(new Uint8Array(await readPublishedAsset(options.contentDir, asset)));
    if (shape) shapes.set(asset, shape);
  }
  // No "now" anywhere: dates come from the announcement, so the bytes depend on content only.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = new DocumentFonts(doc, `${document.id}/${document.locale}`);
  const pages: PDFPage[] = [];
  const drawn: Drawn = { pages: [], annotations: [] };
  const bodies: Array<Uint8Array | undefined> = [];
  // What the drawing could not show, told after what the layout warns of.
  const unshown: string[] = [];
  const images = new Map<string, PDFImage | undefined>();
  // An image the loader accepted can still be one pdf-lib cannot decode (pixels damaged past
  // the header): the press kit leaves its place empty and the build warns, never crashes. A
  // file that changed since loading stops the build (ContentChangedError): nothing unchecked
  // is published.
  const image = async (asset: string, drawn: { width: number; height: number }) => {
    if (images.has(asset)) return images.get(asset);
    // A copy with its own ArrayBuffer: pdf-lib reads `bytes.buffer` from offset 0, and the
    // bytes given are cut where the image ends.
    const bytes = new Uint8Array(await readPublishedAsset(options.contentDir, asset));
    let embedded: PDFImage | undefined;
    try {
      if (/\.svg$/i.test(asset)) {
        embedded = await embedSvg(doc, bytes, drawn);
      } else if (/\.png$/i.test(asset)) {
        embedded = await embedPng(doc, bytes);
      } else embedded = await doc.embedJpg(bytes);
    } catch (error) {
      unshown.push(
        `${asset}: the press kit cannot show this image (${error instanceof Error ? error.message : String(error)}); its place stays empty. Export the image again as PNG or JPEG.`,
      );
    }
    images.set(asset, embedded);
    return embedded;
  };
  /** Draws the body of the next page (its frame comes once every page is drawn). */
  const drawBody = async (ops: readonly Op[]) => {
    const page = doc.addPage([box.width, box.height]);
    const marked: Element[] = [];
    drawn.pages.push(marked);
    pages.push(page);
    // Each run of one element's content in a marked-content sequence with its MCID (tags.ts);
    // what belongs to no element, an artifact. `open`: the sequence open (null: an artifact).
    let open: Content | null | undefined;
    const begin = (mark: Content, actualText?: string) => {
      mark.marks.push({ page: pages.length - 1, mcid: marked.length });
      marked.push(mark.element);
      // poppler takes /ActualText only from a sequence tagged Span.
      return beginMarked(actualText === undefined ? mark.element.type : "Span", {
        MCID: marked.length - 1,
        ...(actualText !== undefined && { ActualText: textString(actualText) }),
      });
    };
    const close = () => {
      const ops = open === undefined ? [] : [endMarked()];
      open = undefined;
      return ops;
    };
    const enter = (mark: Content | null) => {
      if (mark === open) return [];
      const ops = [...close(), mark ? begin(mark) : beginMarked("Artifact")];
      open = mark;
      return ops;
    };
    for (const op of ops) {
      if (!tagged) {
        await drawOp(page, op);
        continue;
      }
      const mark = (op.kind === "text" || op.kind === "image" ? op.mark : undefined) ?? null;
      // A fragment of an element's text opens its sequence itself, or marks its pieces, each
      // with its own text (draw-text.ts).
      const marking: Marking | undefined =
        op.kind === "text" && mark
          ? {
              whole: () => enter(mark),
              suspend: close,
              begin: (actualText) => begin(mark, actualText),
            }
          : undefined;
      if (!marking) page.pushOperators(...enter(mark));
      if (mark && op.kind === "image" && mark.element.type === "Figure") {
        mark.element.bbox = [op.x, op.y, op.x + op.width, op.y + op.height];
      }
      await drawOp(page, op, marking);
    }
    page.pushOperators(...close());
    // The page's drawing as bytes, not as pdf-lib's operator objects, until its frame is
    // drawn; packed meanwhile (a 5 MB body's 3,000 pages hold about 55 MB of drawing).
    const drawing = takeDrawing(page);
    bodies.push(drawing && deflateRawSync(drawing, { level: 1 }));
  };
  /** Draws one operation; text marked by `marking` where it is an element's (draw-text.ts). */
  const drawOp = async (page: PDFPage, op: Op, marking?: Marking) => {
    if (op.kind === "text") {
      const f = op.fragment;
      await drawFragment(page, fonts, f, op.x, op.y, rgb(...(f.color ?? [0, 0, 0])), marking);
    } else if (op.kind === "dot") {
      page.drawCircle({ x: op.x, y: op.y, size: op.radius, color: rgb(...op.color) });
    } else if (op.kind === "rect") {
      page.drawRectangle({
        x: op.x,
        y: op.y,
        width: op.width,
        height: op.height,
        color: rgb(...op.color),
      });
    } else if (op.kind === "image") {
      const embedded = await image(op.asset, op);
      if (embedded) {
        page.drawImage(embedded, { x: op.x, y: op.y, width: op.width, height: op.height });
      }
    } else if (op.kind === "line") {
      page.drawLine({
        start: { x: op.x1, y: op.y1 },
        end: { x: op.x2, y: op.y2 },
        thickness: op.thickness,
        color: rgb(...op.color),
      });
    } else if (op.kind === "qr") {
      const cell = op.size / op.modules.length;
      op.modules.forEach((row, r) => {
        // One rectangle per run of dark modules keeps the drawing small.
        for (let c = 0; c < row.length; c++) {
          if (!row[c]) continue;
          let end = c;
          while (row[end + 1]) end++;
          page.drawRectangle({
            x: op.x + c * cell,
            y: op.y + op.size - (r + 1) * cell,
            width: (end - c + 1) * cell,
            height: cell,
            color: rgb(0, 0, 0),
          });
          c = end;
        }
      });
    }
  };
  // Each page is drawn once the layout has left it behind, and its operations let go: a
  // body of 5 MB lays out 3,000 pages, whose operations held whole took hundreds of MB
  // (issue 15). Nothing the layout does touches the PDF, so the drawing is the same, in the
  // same order (pdf-lib names fonts and numbers objects in the order of drawing), as when
  // every page was laid out first.
  for (const _ of layoutSteps(flow, document, (message) => notes.push(message), shapes)) {
    while (pages.length < flow.page) await drawBody(flow.takePage(pages.length));
  }
  if (flow.pages.at(-1)?.length === 0) flow.pages.pop();
  flow.mirrorLinks();
  while (pages.length < flow.pages.length) await drawBody(flow.takePage(pages.length));
  // Running header (not on the cover) and page numbers.
  const { words, company } = document;
  const headerLook = { style: "regular" as const, size: sizes.small, color: MUTED_COLOR };
  const widthOf = (text: string) =>
    flow.lines([{ ...headerLook, text }], Number.POSITIVE_INFINITY)[0]?.width ?? 0;
  // One line: the title cut with "…" where it is longer (running-header.ts).
  const header = fitWithEllipsis(
    `${isolated(company.name)} · ${document.title}`.replace(/\s*\n\s*/g, " "),
    flow.width,
    widthOf,
    document.locale,
  );
  const [headerLine] = flow.lines([{ ...headerLook, text: header }], Number.POSITIVE_INFINITY);
  // Right to left, the header starts at the right margin.
  const headerX = flow.rtl
    ? box.width - box.margin.right - (headerLine?.width ?? 0)
    : box.margin.left;
  // Under embargo every page after the cover says so at its foot, in the notice's colour: a
  // page printed or forwarded alone still carries it.
  const embargoFoot = document.embargo
    ? flow.lines(
        [{ text: document.embargo.text, style: "bold", size: sizes.small, color: NOTICE }],
        flow.width,
      )
    : [];
  /** The running header (not on the cover) and the page number of page `i` of `total`. */
  const frame = async (page: PDFPage, i: number, total: number) => {
    // Repeated on every page: pagination artifacts, which a reader does not read.
    const artifact = (subtype: "Header" | "Footer") =>
      tagged ? [beginMarked("Artifact", { Type: "Pagination", Subtype: subtype })] : [];
    const end = () => (tagged ? [endMarked()] : []);
    page.pushOperators(...artifact("Footer"));
    if (i > 0) {
      for (const [n, line] of embargoFoot.entries()) {
        const y = 50 + (embargoFoot.length - 1 - n) * sizes.small * 1.4;
        for (const f of line.fragments) {
          await drawFragment(
            page,
            fonts,
            f,
            box.width / 2 - line.width / 2 + f.x,
            y,
            rgb(...NOTICE),
          );
        }
      }
      page.pushOperators(...end(), ...artifact("Header"));
      for (const f of headerLine?.fragments ?? []) {
        await drawFragment(page, fonts, f, headerX + f.x, box.height - 40, MUTED);
      }
      page.drawRectangle({
        x: box.margin.left,
        y: box.height - 46,
        width: flow.width,
        height: 0.5,
        color: rgb(0.8, 0.82, 0.85),
      });
      page.pushOperators(...end(), ...artifact("Footer"));
    }
    // The page number in the document's words, faces and direction, centred.
    const [number] = flow.lines(
      [{ text: words.page(i + 1, total), style: "regular", size: sizes.small }],
      flow.width,
    );
    for (const f of number?.fragments ?? []) {
      await drawFragment(page, fonts, f, box.width / 2 - (number?.width ?? 0) / 2 + f.x, 36, MUTED);
    }
    page.pushOperators(...end());
  };

  const total = pages.length;
  // The frames after every page's body, as always: pdf-lib names font resources and numbers
  // subset glyphs in the order of drawing, so the bytes stay those of a press kit drawn whole.
  for (const [i, page] of pages.entries()) {
    await frame(page, i, total);
    const body = bodies[i];
    sealDrawing(page, body && inflateRawSync(body));
    bodies[i] = undefined;
  }

  // Links: external addresses, and footnotes both ways.
  const context = doc.context;
  const destination = (page: number, y: number) =>
    context.obj([
      (pages[page] as PDFPage).ref,
      PDFName.of("XYZ"),
      PDFNull,
      PDFNumber.of(Math.round(y)),
      PDFNull,
    ]);
  for (const link of flow.links) {
    const page = pages[link.page];
    if (!page) continue;
    // Every annotation is in the structure (PDF/UA-1 §7.18.1): a link the layout placed
    // outside any Link element gets one of its own, at the end.
    const element = link.element ?? new Element("Link", {}, flow.tags.root);
    const dict: Record<string, unknown> = {
      Type: "Annot",
      Subtype: "Link",
      Rect: link.rect.map((n) => Math.round(n * 100) / 100),
      Border: [0, 0, 0],
    };
    if (tagged) {
      // What the link is, for a reader that lists links (PDF/UA-1 §7.18.5).
      dict.Contents = textString(describeLink(link));
      dict.StructParent = pages.length + drawn.annotations.length;
    }
    if (link.url) {
      dict.A = { Type: "Action", S: "URI", URI: literal(asciiUri(link.url)) };
    } else if (link.target) {
      const anchor = flow.anchors.get(link.target);
      if (!anchor) continue;
      dict.Dest = destination(anchor.page, anchor.y);
    }
    const ref = registerSerialized(context, context.obj(dict as never));
    page.node.addAnnot(ref);
    element.kids.push({ page: link.page, annotation: ref });
    drawn.annotations.push(element);
  }

  addOutline(doc, flow.outline, destination);
  if (tagged) writeStructure(doc, pages, flow.tags.root, drawn);

  const date = new Date(`${document.date.iso}T00:00:00Z`);
  // Under embargo, a viewer's document properties say so first (Subject), and the instant it
  // lifts is in the Info dictionary for tools (/Embargo, ISO 8601 in UTC).
  const { embargo } = document;
  // Changed when the newest update was made (never "now": the bytes depend on content only).
  const newest = document.updates[0];
  setMetadata(doc, {
    title: document.title,
    author: document.author?.name ?? company.name,
    subject: embargo ? words.embargoSubject(embargo.when, document.summary) : document.summary,
    keywords: [company.name, words.pressKit, ...(document.round ? [document.round] : [])].join(
      ", ",
    ),
    lang: document.locale,
    created: date,
    modified: newest ? new Date(newest.date.utc) : date,
    ...(embargo && { extra: { Embargo: embargo.utc } }),
    xmp: tagged,
  });

  // As doc.save({ useObjectStreams: true }) writes it, but 200 objects a stream where pdf-lib
  // puts 50: the structure's many small, alike elements compress better together (the sample's
  // English press kit: 2.3 KB smaller).
  await (doc as unknown as { flush(): Promise<void> }).flush();
  const bytes = await PDFStreamWriter.forContext(doc.context, 50, true, 200).serializeToBuffer();
  const warnings = [
    ...notes,
    ...unshown,
    // Emoji are warned about by the content check, at the file, line and field they are in.
    ...[...missing]
      .filter((c) => !/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(c))
      .map(
        (c) =>
          `${document.file}: no embedded font can draw "${c}" (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}), in this file or in the names and facts its press kit takes from site.yaml, people.yaml or organizations.yaml; the press kit shows □ in its place. Remove it or replace it with text.`,
      ),
  ];
  return { bytes, pages: pages.length, warnings };
}

// pdf-lib keeps every operator of every page as objects (numbers, names, strings) until the
// document is saved: for a press kit of 3,000 pages (a 5 MB body) that was over a gigabyte
// (issue 15). A page's drawing is turned into bytes as soon as it is drawn, and deflated once
// its frame is added. The bytes are exactly those pdf-lib would write when saving: the same
// operators, serialized the same way, deflated by the same call (PDFFlateStream's).

/** A page's content stream, where pdf-lib draws (one per page: drawing reuses it). */
function contentStreamOf(page: PDFPage): { ref: PDFRef; stream: PDFContentStream } | undefined {
  const { context } = page.doc;
  const contents = page.node.get(PDFName.of("Contents"));
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  for (const ref of refs) {
    const stream = ref && context.lookup(ref);
    if (stream instanceof PDFContentStream) return { ref: ref as PDFRef, stream };
  }
  return undefined;
}

/** The page's drawing so far as bytes, leaving its content stream empty for more. */
function takeDrawing(page: PDFPage): Uint8Array | undefined {
  const found = contentStreamOf(page);
  if (!found) return undefined;
  const bytes = found.stream.getUnencodedContents();
  // A private field: the operators, now in `bytes`.
  (found.stream as unknown as { operators: unknown[] }).operators = [];
  return bytes;
}

/** Deflates given bytes as pdf-lib deflates a content stream. */
class DeflatedBytes extends PDFFlateStream {
  constructor(
    dict: PDFDict,
    private readonly bytes: Uint8Array,
  ) {
    super(dict, true);
  }
  override getUnencodedContents(): Uint8Array {
    return this.bytes;
  }
}

/** Replaces the page's content stream by its final bytes: `before`, then what was drawn since. */
function sealDrawing(page: PDFPage, before: Uint8Array | undefined): void {
  const found = contentStreamOf(page);
  if (!found) return;
  const after = found.stream.getUnencodedContents();
  const all = before ? Buffer.concat([before, after]) : after;
  const deflated = new DeflatedBytes(found.stream.dict, all).getContents();
  page.doc.context.assign(found.ref, PDFRawStream.of(found.stream.dict, deflated));
  // pdf-lib's page holds on to the stream it draws into (a private field): nothing draws on
  // the page any more, so let it go.
  (page as unknown as { contentStream?: PDFContentStream }).contentStream = undefined;
}

/** A link's description: its text, or where it goes when its text says nothing (a QR code). */
function describeLink(link: LinkArea): string {
  const text = link.text.replace(/[\u2066-\u2069]/g, "").trim();
  return text || (link.url ?? "").replace(/^mailto:/i, "");
}

/** URI actions must be 7-bit ASCII: encode international addresses. */
function asciiUri(url: string): string {
  try {
    return url.startsWith("mailto:") ? encodeURI(decodeURI(url)) : new URL(url).href;
  } catch {
    return encodeURI(url);
  }
}

/** Bookmarks for every section, nested by level. */
function addOutline(
  doc: PDFDocument,
  entries: readonly OutlineEntry[],
  destination: (page: number, y: number) => PDFArray,
): void {
  if (entries.length === 0) return;
  const context = doc.context;
  const rootRef = context.nextRef();
  interface Item {
    ref: PDFRef;
    dict: PDFDict;
    children: Item[];
  }
  const root: Item = {
    ref: rootRef,
    dict: context.obj({ Type: "Outlines" }) as PDFDict,
    children: [],
  };
  const stack: Array<{ level: number; item: Item }> = [{ level: 0, item: root }];
  for (const entry of entries) {
    while ((stack[stack.length - 1]?.level ?? 0) >= entry.level) stack.pop();
    const parent = (stack[stack.length - 1] ?? { item: root }).item;
    const item: Item = {
      ref: context.nextRef(),
      dict: context.obj({
        Title: PDFHexString.fromText(entry.title),
        Parent: parent.ref,
        Dest: destination(entry.anchor.page, entry.anchor.y),
      }) as PDFDict,
      children: [],
    };
    parent.children.push(item);
    stack.push({ level: entry.level, item });
  }
  const link = (item: Item): number => {
    let count = 0;
    item.children.forEach((child, i) => {
      const prev = item.children[i - 1];
      const next = item.children[i + 1];
      if (prev) child.dict.set(PDFName.of("Prev"), prev.ref);
      if (next) child.dict.set(PDFName.of("Next"), next.ref);
      count += 1 + link(child);
    });
    const first = item.children[0];
    const last = item.children[item.children.length - 1];
    if (first && last) {
      item.dict.set(PDFName.of("First"), first.ref);
      item.dict.set(PDFName.of("Last"), last.ref);
      // Open one level deep: sections show, subsections fold.
      item.dict.set(
        PDFName.of("Count"),
        PDFNumber.of(item === root ? count : item.children.length),
      );
    }
    context.assign(item.ref, item.dict);
    return count;
  };
  link(root);
  doc.catalog.set(PDFName.of("Outlines"), rootRef);
  doc.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
}
