// The press kit's logical structure (ISO 32000-1 §14.7-14.8, PDF/UA-1): a tree of standard
// structure elements (Document, Sect, H1, P, L/LI/Lbl/LBody, Table/TR/TH/TD, Figure, Link,
// Note, Reference, BlockQuote, Span) built by the layout as it places content, so the tree's
// order is the reading order. Each piece of text or image the layout places belongs to the
// element open at that moment (`Content`); the renderer wraps it in a marked-content sequence
// with an MCID and records the MCID here. What no element holds (rules, tints, emphasis
// dots, the running header) is drawn as an artifact: a screen reader skips it.

import type { PDFRef } from "pdf-lib";

/** The attributes a structure element can carry, each as the PDF names it. */
export interface ElementAttributes {
  /** A figure's text alternative (/Alt). */
  alt?: string;
  /** The element's language where it is not the document's (/Lang). */
  lang?: string;
  /** What the element's text is, where it shows less (a title cut with "…"): /ActualText. */
  actualText?: string;
  /** A note's unique identifier (/ID), which PDF/UA-1 requires of every Note. */
  id?: string;
  /** A header cell's direction (/Scope in the Table attributes). */
  scope?: "Column" | "Row";
  /** Struck-through text (/TextDecorationType /LineThrough in the Layout attributes). */
  lineThrough?: boolean;
}

/** A structure element and, in reading order, what it holds. */
export class Element {
  readonly kids: Kid[] = [];
  /** A figure's box on its page ([x1, y1, x2, y2]), set where the image is drawn. */
  bbox?: [number, number, number, number];
  /** Set for an inline element (a link, a span) that later text of the same kind continues. */
  key?: string;
  readonly #parent: Element | undefined;

  constructor(
    readonly type: string,
    readonly attributes: ElementAttributes = {},
    parent?: Element,
    /** Out of the tree (what an artifact repeats): it knows its parent, which does not hold it. */
    detached = false,
  ) {
    // Private, so that operations holding marks stay plain data (JSON, toEqual).
    this.#parent = parent;
    if (!detached) parent?.kids.push(this);
  }

  get parent(): Element | undefined {
    return this.#parent;
  }
}

/**
 * A run of content of one element, placed where its element's kids stand in the reading
 * order; the renderer fills in where it was drawn (a page can draw one element's content in
 * several sequences, and a paragraph can go on over the page).
 */
export class Content {
  readonly marks: Array<{ page: number; mcid: number }> = [];
  readonly #element: Element;

  constructor(element: Element) {
    this.#element = element;
    element.kids.push(this);
  }

  get element(): Element {
    return this.#element;
  }
}

/** A link annotation of a Link element (its OBJR), with the page it is on. */
export interface AnnotationKid {
  page: number;
  annotation: PDFRef;
}

export type Kid = Element | Content | AnnotationKid;

/** Elements whose text stands in a paragraph of its own, never directly inside them. */
const GROUPING = new Set(["Document", "Sect", "Div", "BlockQuote", "Note", "L", "LI", "Table"]);

/** The structure tree as the layout builds it. */
export class Tags {
  readonly root = new Element("Document");
  private current: Element = this.root;
  private artifacts = 0;
  /** The section open at the top of the tree (`section`). */
  private sect: Element | undefined;
  /** The level of the last heading: the next may go one deeper at most. */
  private level = 0;

  /** The element content placed now belongs to. */
  get open(): Element {
    return this.current;
  }

  /** Whether what is placed now is an artifact (see `artifact`). */
  get placingArtifacts(): boolean {
    return this.artifacts > 0;
  }

  /** Whether text placed now needs a paragraph of its own (it is directly in a section). */
  get grouping(): boolean {
    return GROUPING.has(this.current.type);
  }

  /**
   * Opens an element inside the one open; what is placed next belongs to it. A heading (H1
   * to H6) goes at most one level deeper than the one before: a reader's list of headings
   * skips no level (PDF/UA-1 §7.4.2), wherever the author's Markdown did.
   */
  begin(type: string, attributes?: ElementAttributes): Element {
    const heading = /^H([1-6])$/.exec(type);
    let tag = type;
    if (heading && this.artifacts === 0) {
      this.level = Math.min(Number(heading[1]), this.level + 1);
      tag = `H${this.level}`;
    }
    // An artifact's elements stay out of the tree.
    this.current = new Element(tag, attributes, this.current, this.artifacts > 0);
    return this.current;
  }

  /** Closes the section open at the top of the tree, if any, and opens the next. */
  section(): Element {
    if (this.sect) this.end(this.sect);
    this.current = this.root;
    this.sect = this.begin("Sect");
    return this.sect;
  }

  /** Closes `element` and every element opened inside it. */
  end(element: Element): void {
    let at: Element | undefined = this.current;
    while (at && at !== element) at = at.parent;
    // Already closed (a section closed by the next): nothing to do.
    if (!at) return;
    this.current = element.parent ?? this.root;
  }

  /** Runs `draw` inside a new element of `type`. */
  within<T>(type: string, draw: () => T, attributes?: ElementAttributes): T {
    const element = this.begin(type, attributes);
    try {
      return draw();
    } finally {
      this.end(element);
    }
  }

  /**
   * Runs `draw` placing artifacts: what it places repeats what the structure already holds (a
   * table's header row again on the next page), so a reader does not read it twice.
   */
  artifact<T>(draw: () => T): T {
    this.artifacts++;
    try {
      return draw();
    } finally {
      this.artifacts--;
    }
  }

  /**
   * Where content placed now in `element` goes: the run it continues (the element's last kid),
   * or a new one; none while placing artifacts.
   */
  content(element: Element = this.current): Content | undefined {
    if (this.artifacts > 0) return undefined;
    const last = element.kids.at(-1);
    return last instanceof Content ? last : new Content(element);
  }

  /**
   * The inline element a piece of text belongs to inside `parent`: the one the text before it
   * opened when `key` is the same and nothing came between, else a new one, made by `make`.
   */
  inline(parent: Element, key: string, make: (parent: Element) => Element): Element {
    const last = parent.kids.at(-1);
    if (last instanceof Element && last.key === key) return last;
    const element = make(parent);
    element.key = key;
    return element;
  }
}

/** The elements of the tree that hold something, depth first (empty ones are left out). */
export function* elementsOf(root: Element): Generator<Element> {
  yield root;
  for (const kid of root.kids) {
    if (kid instanceof Element && holdsSomething(kid)) yield* elementsOf(kid);
  }
}

const held = new WeakMap<Element, boolean>();

/**
 * Elements kept however empty: a table's cell (an empty one keeps the cells after it in
 * their columns) and a list item's body.
 */
const KEPT = new Set(["TD", "TH", "LBody"]);

/** Whether an element holds content or an annotation, itself or in an element it holds. */
function holdsSomething(element: Element): boolean {
  let known = held.get(element);
  if (known === undefined) {
    known =
      KEPT.has(element.type) ||
      element.kids.some((kid) =>
        kid instanceof Element
          ? holdsSomething(kid)
          : kid instanceof Content
            ? kid.marks.length > 0
            : true,
      );
    held.set(element, known);
  }
  return known;
}
