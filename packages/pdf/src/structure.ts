import {
  type PDFDict,
  type PDFDocument,
  PDFName,
  PDFNumber,
  type PDFObject,
  type PDFPage,
  type PDFRef,
} from "pdf-lib";
import { literal, registerSerialized, serialized, textString } from "./serialized.js";
import { Content, Element, elementsOf } from "./tags.js";

// Writing the structure tree the layout built (tags.ts) into the PDF: one StructElem per
// element that holds something, its kids in reading order (MCIDs on its own page, marked-
// content references on others, object references to its link annotations), the parent tree
// that leads from each page's MCIDs and each annotation back to its element, and the
// catalog's marks of a tagged PDF (ISO 32000-1 §14.7, §14.8; PDF/UA-1 §7.1).

/** What the renderer recorded while drawing: each page's elements by MCID, and annotations'. */
export interface Drawn {
  /** Page i's elements, indexed by MCID. */
  pages: Element[][];
  /** The Link element of each annotation, by its StructParent key (after the pages'). */
  annotations: Element[];
}

/** Writes the structure tree of `root` and marks the document as tagged. */
export function writeStructure(
  doc: PDFDocument,
  pages: readonly PDFPage[],
  root: Element,
  drawn: Drawn,
): void {
  const { context } = doc;
  const treeRoot = context.nextRef();
  const refs = new Map<Element, PDFRef>();
  const elements = [...elementsOf(root)];
  for (const element of elements) refs.set(element, context.nextRef());
  const pageRef = (i: number) => (pages[i] as PDFPage).ref;
  for (const element of elements) {
    const first = firstPage(element);
    const kids: PDFObject[] = [];
    for (const kid of element.kids) {
      if (kid instanceof Element) {
        const ref = refs.get(kid);
        if (ref) kids.push(ref);
      } else if (kid instanceof Content) {
        for (const { page, mcid } of kid.marks) {
          kids.push(
            page === first
              ? PDFNumber.of(mcid)
              : context.obj({ Type: "MCR", Pg: pageRef(page), MCID: mcid }),
          );
        }
      } else {
        kids.push(context.obj({ Type: "OBJR", Obj: kid.annotation, Pg: pageRef(kid.page) }));
      }
    }
    // No /Type (optional): a long press kit has tens of thousands of elements.
    const dict: Record<string, PDFObject> = {
      S: PDFName.of(element.type),
      P: element.parent ? (refs.get(element.parent) as PDFRef) : treeRoot,
    };
    // An empty cell has no kids.
    if (kids.length > 0) dict.K = kids.length === 1 ? (kids[0] as PDFObject) : context.obj(kids);
    if (first !== undefined) dict.Pg = pageRef(first);
    const { alt, lang, actualText, id, scope, lineThrough } = element.attributes;
    if (alt !== undefined) dict.Alt = textString(alt);
    if (lang) dict.Lang = literal(lang);
    if (actualText !== undefined) dict.ActualText = textString(actualText);
    if (id) dict.ID = literal(id);
    const attributes: PDFDict[] = [];
    if (scope) attributes.push(context.obj({ O: "Table", Scope: scope }));
    if (lineThrough)
      attributes.push(context.obj({ O: "Layout", TextDecorationType: "LineThrough" }));
    if (element.bbox) {
      attributes.push(
        context.obj({
          O: "Layout",
          Placement: "Block",
          BBox: element.bbox.map((n) => Math.round(n * 100) / 100),
        }),
      );
    }
    if (attributes.length === 1) dict.A = attributes[0] as PDFDict;
    else if (attributes.length > 1) dict.A = context.obj(attributes);
    // Serialized at once: a long press kit has tens of thousands of elements.
    context.assign(refs.get(element) as PDFRef, serialized(context.obj(dict)));
  }

  // The parent tree: page i's key is i (its /StructParents), an annotation's comes after.
  const nums: PDFObject[] = [];
  drawn.pages.forEach((elements, i) => {
    const page = pages[i];
    if (!page) return;
    page.node.set(PDFName.of("StructParents"), PDFNumber.of(i));
    nums.push(PDFNumber.of(i), context.obj(elements.map((e) => refs.get(e) as PDFRef)));
  });
  drawn.annotations.forEach((element, i) => {
    nums.push(PDFNumber.of(drawn.pages.length + i), refs.get(element) as PDFRef);
  });
  // Annotations in the order of the structure, page by page (PDF/UA-1 §7.18.3).
  for (const page of pages) page.node.set(PDFName.of("Tabs"), PDFName.of("S"));
  const parentTree = registerSerialized(context, context.obj({ Nums: nums }));
  context.assign(
    treeRoot,
    context.obj({
      Type: "StructTreeRoot",
      K: refs.get(root) as PDFRef,
      ParentTree: parentTree,
      ParentTreeNextKey: drawn.pages.length + drawn.annotations.length,
    }),
  );
  doc.catalog.set(PDFName.of("StructTreeRoot"), treeRoot);
  doc.catalog.set(PDFName.of("MarkInfo"), context.obj({ Marked: true }));
}

/** The first page an element's own content or annotation is on. */
function firstPage(element: Element): number | undefined {
  for (const kid of element.kids) {
    if (kid instanceof Content) {
      const [first] = kid.marks;
      if (first) return first.page;
    } else if (!(kid instanceof Element)) return kid.page;
  }
  return undefined;
}
