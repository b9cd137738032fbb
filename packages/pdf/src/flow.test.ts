import { describe, expect, it } from "vitest";
import { Flow, type Op, type PageBox } from "./flow.js";
import { breakLines, type Measure, type Run } from "./text.js";

// A fake measure (every character half an em wide) and a small page make every position
// exactly computable: the text area is 100 wide and 80 tall, from y = 90 down to y = 10; with
// size 10 a character is 5 wide (20 to a line), and with a rhythm of 10 a page holds 8 lines.
const measure: Measure = (text, _script, _style, size) => [...text].length * 0.5 * size;
const box: PageBox = {
  width: 120,
  height: 100,
  margin: { top: 10, right: 10, bottom: 10, left: 10 },
};
const TOP = 90;
const LH = 10;

const flowOn = (page: PageBox = box) => {
  const missing: string[] = [];
  const flow = new Flow(page, measure, LH, (c) => missing.push(c));
  return { flow, missing };
};

const run = (text: string, extra: Partial<Run> = {}): Run => ({
  text,
  style: "regular",
  size: 10,
  ...extra,
});

/** A 16-character word (80 wide): two never fit on one line, so each is a line of its own. */
const word = (tag: string, n: number) => `${tag}${String(n).padStart(2, "0")}`.padEnd(16, "x");
/** A paragraph of `count` lines, each line one word: "a01xxx…", "a02xxx…", … */
const para = (count: number, tag = "a"): Run[] => [
  run(Array.from({ length: count }, (_, i) => word(tag, i + 1)).join(" ")),
];

type TextOp = Extract<Op, { kind: "text" }>;

/** The link areas, without the structure they belong to (tags.ts) or their text. */
const areas = (flow: Flow) => flow.links.map(({ element: _, text: __, ...area }) => area);
/** The text drawn on each page, in order. */
const texts = (flow: Flow) =>
  flow.pages.map((ops) =>
    ops.filter((op): op is TextOp => op.kind === "text").map((op) => op.fragment.text),
  );
/** Where a piece of text was drawn: page, x and baseline y. */
const where = (flow: Flow, text: string) => {
  for (const [page, ops] of flow.pages.entries())
    for (const op of ops)
      if (op.kind === "text" && op.fragment.text === text) return { page, x: op.x, y: op.y };
  return undefined;
};
/** How many lines of paragraph `tag` each page holds. */
const counts = (flow: Flow, tag = "a") =>
  texts(flow).map((page) => page.filter((t) => t.startsWith(tag)).length);
/** The baseline of the n-th line from the top of a page (1-based). */
const baseline = (n: number, lineHeight = LH) => TOP - n * lineHeight + lineHeight * 0.28;

describe("Flow (the paginator), with a fake measure", () => {
  it("#10: the fake page holds exactly 8 lines of 20 characters", () => {
    const { flow } = flowOn();
    expect(flow.width).toBe(100);
    expect(flow.room).toBe(80);
    expect(flow.cursor).toBe(TOP);
    expect(flow.lines(para(3), flow.width)).toHaveLength(3);
    expect(flow.lines([run("a".repeat(20))], flow.width)).toHaveLength(1);
    expect(flow.lines([run("a".repeat(21))], flow.width)).toHaveLength(2);
  });

  it("#10: places lines one line height apart from the top of the text area", () => {
    const { flow } = flowOn();
    flow.text(para(3));
    expect(flow.pages).toHaveLength(1);
    expect(texts(flow)).toEqual([[word("a", 1), word("a", 2), word("a", 3)]]);
    expect(where(flow, word("a", 1))).toEqual({ page: 0, x: 10, y: baseline(1) });
    expect(where(flow, word("a", 3))).toEqual({ page: 0, x: 10, y: baseline(3) });
    expect(flow.cursor).toBe(TOP - 3 * LH);
    expect(flow.room).toBe(50);
  });

  it("#10: text flows on to the next page, and every line is drawn once", () => {
    const { flow } = flowOn();
    flow.text(para(12));
    expect(counts(flow)).toEqual([8, 4]);
    expect(texts(flow).flat()).toEqual(Array.from({ length: 12 }, (_, i) => word("a", i + 1)));
    // The ninth line starts the second page at its top.
    expect(where(flow, word("a", 9))).toEqual({ page: 1, x: 10, y: baseline(1) });
    expect(flow.cursor).toBe(TOP - 4 * LH);
  });

  it("#10: no widow: a paragraph's last line never stands alone at the top of a page", () => {
    const { flow } = flowOn();
    // 9 lines on a page of 8: 8 + 1 would leave a widow, so 7 + 2.
    flow.text(para(9));
    expect(counts(flow)).toEqual([7, 2]);
    expect(where(flow, word("a", 8))).toEqual({ page: 1, x: 10, y: baseline(1) });
  });

  it("#10: no widow after a paragraph already started on the page", () => {
    const { flow } = flowOn();
    flow.text(para(3, "z")); // 5 lines of room left
    flow.text(para(6)); // 5 + 1 would leave a widow: 4 + 2
    expect(counts(flow)).toEqual([4, 2]);
    expect(counts(flow, "z")).toEqual([3, 0]);
  });

  it("#10: no orphan: a paragraph's first line never stands alone at the foot of a page", () => {
    const { flow } = flowOn();
    flow.text(para(7, "z")); // one line of room left
    expect(flow.room).toBe(10);
    flow.text(para(5));
    expect(counts(flow)).toEqual([0, 5]);
    expect(where(flow, word("a", 1))).toEqual({ page: 1, x: 10, y: baseline(1) });
  });

  it("#10: two lines at the foot of a page are fine (neither orphan nor widow)", () => {
    const { flow } = flowOn();
    flow.text(para(6, "z")); // two lines of room left
    flow.text(para(5));
    expect(counts(flow)).toEqual([2, 3]);
    expect(where(flow, word("a", 2))).toEqual({ page: 0, x: 10, y: baseline(8) });
    expect(where(flow, word("a", 3))).toEqual({ page: 1, x: 10, y: baseline(1) });
  });

  it("#10: a paragraph of four lines with room for three splits two and two", () => {
    const { flow } = flowOn();
    flow.text(para(5, "z"));
    flow.text(para(4));
    expect(counts(flow)).toEqual([2, 2]);
  });

  it("#10: a paragraph of three lines or fewer is never split", () => {
    const { flow } = flowOn();
    flow.text(para(6, "z")); // room for two
    flow.text(para(3));
    expect(counts(flow)).toEqual([0, 3]);
    const { flow: two } = flowOn();
    two.text(para(6, "z"));
    two.text(para(2));
    expect(counts(two)).toEqual([2]);
  });

  it("#10: keepTogether moves a block that would otherwise split to the next page", () => {
    const { flow } = flowOn();
    flow.text(para(4, "z")); // room for four
    flow.text(para(5), { keepTogether: true });
    expect(counts(flow)).toEqual([0, 5]);
    // Without it, the same block splits 3 + 2.
    const { flow: split } = flowOn();
    split.text(para(4, "z"));
    split.text(para(5));
    expect(counts(split)).toEqual([3, 2]);
  });

  it("#10: keepTogether on a block taller than a page still places every line", () => {
    const { flow } = flowOn();
    flow.text(para(2, "z"));
    flow.text(para(10), { keepTogether: true });
    expect(counts(flow)).toEqual([0, 8, 2]);
  });

  it("#10: keep-with-next: a heading with no room for two lines after it moves on", () => {
    const { flow } = flowOn();
    flow.text(para(5, "z")); // room for three
    const next = para(5, "b");
    const keep = flow.heightOf(next, {}, 2);
    expect(keep).toBe(2 * LH);
    flow.text([run("Heading")], {}, keep); // 1 + 2 lines fit exactly: it stays
    flow.text(next);
    expect(texts(flow)[0]).toContain("Heading");
    expect(counts(flow, "b")).toEqual([2, 3]);

    const { flow: full } = flowOn();
    full.text(para(6, "z")); // room for two: the heading and one line only
    full.text([run("Heading")], {}, keep);
    full.text(next);
    expect(where(full, "Heading")).toEqual({ page: 1, x: 10, y: baseline(1) });
    expect(counts(full, "b")).toEqual([0, 5]);
  });

  it("#10: keep-with-next counts the heading's own space after it", () => {
    // The heading is followed by half a line of space: with room for heading + 2 lines and
    // nothing more, that space pushes the paragraph on, and the heading would end the page.
    const { flow } = flowOn();
    flow.text(para(5, "z")); // room for three
    const next = para(5, "b");
    flow.text([run("Heading")], { after: 1 }, flow.heightOf(next, {}, 2));
    flow.text(next);
    const page = texts(flow).findIndex((p) => p.includes("Heading"));
    expect(counts(flow, "b")[page]).toBeGreaterThanOrEqual(2);
    expect(where(flow, "Heading")).toEqual({ page: 1, x: 10, y: baseline(1) });
  });

  it("#10: heightOf counts the space before and the lines asked for", () => {
    const { flow } = flowOn();
    expect(flow.heightOf(para(5), { before: 2 })).toBe(LH + 5 * LH);
    expect(flow.heightOf(para(5), { before: 2, lineHeight: 12 }, 2)).toBe(LH + 2 * 12);
    expect(flow.heightOf(para(1), {}, 2)).toBe(LH);
    // The indent narrows the lines: 16 characters (80) fit in 80, 17 do not.
    expect(flow.heightOf([run("x".repeat(17))], { indent: 20 })).toBe(2 * LH);
    expect(flow.heightOf([run("x".repeat(16))], { indent: 20 })).toBe(LH);
  });

  it("#10: newPage starts a page, and space above a block is dropped at a page top", () => {
    const { flow } = flowOn();
    flow.text(para(1, "z"));
    flow.newPage();
    expect(flow.page).toBe(1);
    expect(flow.cursor).toBe(TOP);
    flow.text(para(1), { before: 4 });
    expect(where(flow, word("a", 1))).toEqual({ page: 1, x: 10, y: baseline(1) });
    // After a block, space before the next one counts (4 half lines = 2 lines).
    flow.text(para(1, "b"), { before: 4 });
    expect(where(flow, word("b", 1))).toEqual({ page: 1, x: 10, y: baseline(4) });
  });

  it("#10: space after a block that moves to a new page is not carried over", () => {
    const { flow } = flowOn();
    flow.text(para(7, "z"), { after: 2 }); // the space after leaves less than a line
    expect(flow.room).toBe(0);
    flow.text(para(1), { before: 2 });
    expect(where(flow, word("a", 1))).toEqual({ page: 1, x: 10, y: baseline(1) });
  });

  it("#10: gap adds rhythm units (half lines), but not at the top of a page", () => {
    const { flow } = flowOn();
    flow.gap(3);
    expect(flow.cursor).toBe(TOP);
    flow.text(para(1, "z"));
    flow.gap(3);
    expect(flow.cursor).toBe(TOP - LH - 15);
    flow.text(para(1));
    expect(where(flow, word("a", 1))?.y).toBe(TOP - LH - 15 - LH + LH * 0.28);
  });

  it("#10: moveTo sets where the next block starts on this page", () => {
    const { flow } = flowOn();
    flow.moveTo(50);
    expect(flow.cursor).toBe(50);
    expect(flow.room).toBe(40);
    flow.text(para(2));
    expect(where(flow, word("a", 1))).toEqual({ page: 0, x: 10, y: 50 - LH + LH * 0.28 });
    expect(flow.cursor).toBe(30);
    expect(flow.pages).toHaveLength(1);
  });

  it("#10: reserve returns the top of a box and moves to a new page when it does not fit", () => {
    const { flow } = flowOn();
    expect(flow.reserve(30)).toEqual({ top: TOP, left: 10 });
    expect(flow.cursor).toBe(60);
    expect(flow.reserve(20, 2)).toEqual({ top: 50, left: 10 });
    expect(flow.cursor).toBe(30);
    // 20 points left: a box of 25 goes to the next page, and the space before it is dropped.
    expect(flow.reserve(25, 2)).toEqual({ top: TOP, left: 10 });
    expect(flow.page).toBe(1);
    expect(flow.cursor).toBe(TOP - 25);
    // A box exactly as tall as the room left stays.
    expect(flow.reserve(55)).toEqual({ top: 65, left: 10 });
    expect(flow.page).toBe(1);
    expect(flow.room).toBe(0);
  });

  it("#10: a reserved box taller than a page takes a page of its own, once", () => {
    const { flow } = flowOn();
    flow.text(para(1, "z"));
    expect(flow.reserve(200)).toEqual({ top: TOP, left: 10 });
    expect(flow.page).toBe(1);
    flow.text(para(1));
    expect(where(flow, word("a", 1))).toEqual({ page: 2, x: 10, y: baseline(1) });
  });

  it("#10: drawLines draws lines in a reserved box, with their links", () => {
    const { flow } = flowOn();
    const lines = breakLines(
      [run(`${word("a", 1)} ${word("a", 2)}`, { link: "https://x.test/" })],
      100,
      measure,
    );
    const { top, left } = flow.reserve(2 * LH);
    flow.drawLines(lines, left + 5, top);
    expect(where(flow, word("a", 1))).toEqual({ page: 0, x: 15, y: baseline(1) });
    expect(where(flow, word("a", 2))).toEqual({ page: 0, x: 15, y: baseline(2) });
    expect(areas(flow)).toEqual([
      { page: 0, rect: [15, 80, 95, 90], url: "https://x.test/", target: undefined },
      { page: 0, rect: [15, 70, 95, 80], url: "https://x.test/", target: undefined },
    ]);
  });

  it("#10: a list marker sits in the indent of the first line only, even across pages", () => {
    const { flow } = flowOn();
    flow.text(para(7, "z"), { after: 0 }); // one line of room: the item moves on
    flow.text(para(3), { indent: 20 }); // fits: 3 lines
    flow.text(para(10, "b"), { indent: 20, marker: run("1.") });
    const marker = where(flow, "1.");
    const first = where(flow, word("b", 1));
    expect(marker).toEqual({ page: 1, x: 10, y: first?.y });
    expect(first).toEqual({ page: 1, x: 30, y: baseline(4) });
    expect(counts(flow, "b")).toEqual([0, 5, 5]);
    // One marker in all, and every line of the item indented.
    expect(
      texts(flow)
        .flat()
        .filter((t) => t === "1."),
    ).toHaveLength(1);
    for (let n = 1; n <= 10; n++) expect(where(flow, word("b", n))?.x).toBe(30);
  });

  it("#10: a bar beside a block is drawn on each page the block spans", () => {
    const { flow } = flowOn();
    flow.text(para(5, "z"));
    flow.text(para(5), { indent: 20, bar: [1, 0, 0] });
    const bars = flow.pages.map((ops) => ops.filter((op) => op.kind === "rect"));
    expect(bars.map((b) => b.length)).toEqual([1, 1]);
    // Page 1: lines 6 to 8 (foot at 10); page 2: lines 1 and 2 (foot at 70).
    expect(bars[0]?.[0]).toEqual({
      kind: "rect",
      x: 20,
      y: 10 + LH * 0.25,
      width: 2.5,
      height: 3 * LH - LH * 0.2,
      color: [1, 0, 0],
    });
    expect(bars[1]?.[0]).toMatchObject({ x: 20, y: 70 + LH * 0.25, height: 2 * LH - LH * 0.2 });
  });

  it("#10: outline entries and named anchors land where the block starts, after any move", () => {
    const { flow } = flowOn();
    flow.text([run("First")], { outline: { title: "First", level: 1 }, anchorName: "first" });
    flow.text(para(6, "z"));
    // One line of room left; the heading must have two lines after it: it moves on.
    flow.text(
      [run("Second")],
      { before: 2, outline: { title: "Second", level: 2 }, anchorName: "second" },
      2 * LH,
    );
    flow.text(para(3), { before: 2, anchorName: "para" });
    expect(flow.outline).toEqual([
      { title: "First", level: 1, anchor: { page: 0, y: TOP } },
      { title: "Second", level: 2, anchor: { page: 1, y: TOP } },
    ]);
    expect(flow.anchors.get("first")).toEqual({ page: 0, y: TOP });
    expect(flow.anchors.get("second")).toEqual({ page: 1, y: TOP });
    // After the heading's line and a line of space.
    expect(flow.anchors.get("para")).toEqual({ page: 1, y: TOP - LH - LH });
  });

  it("#10: the first anchor of a name wins", () => {
    const { flow } = flowOn();
    flow.anchor("x");
    flow.text(para(2));
    flow.anchor("x");
    flow.anchor("y");
    expect(flow.anchors.get("x")).toEqual({ page: 0, y: TOP });
    expect(flow.anchors.get("y")).toEqual({ page: 0, y: TOP - 2 * LH });
  });

  it("#10: link areas cover each line of a link on the page it is drawn on", () => {
    const { flow } = flowOn();
    flow.text(para(6, "z")); // room for two lines
    const url = "https://example.test/";
    // Four lines: two here, two on the next page; the link is lines 2 and 3.
    flow.text([
      run(`${word("a", 1)} `),
      run(`${word("a", 2)} `, { link: url }),
      run(`${word("a", 3)} `, { link: url }),
      run(word("a", 4)),
    ]);
    expect(counts(flow)).toEqual([2, 2]);
    expect(areas(flow)).toEqual([
      { page: 0, rect: [10, 10, 90, 20], url, target: undefined },
      { page: 1, rect: [10, 80, 90, 90], url, target: undefined },
    ]);
  });

  it("#10: neighbouring pieces of one link make one area, different links stay apart", () => {
    const { flow } = flowOn();
    const url = "https://example.test/";
    flow.text([
      run("ab ", { link: url }),
      run("cd", { link: url, style: "bold" }),
      run(" ef", { link: "https://other.test/" }),
      run(" gh"),
    ]);
    // "ab cd" = 5 characters (25), then " ef" (15) with the other link, then " gh" unlinked.
    expect(areas(flow)).toEqual([
      { page: 0, rect: [10, 80, 35, 90], url, target: undefined },
      { page: 0, rect: [35, 80, 50, 90], url: "https://other.test/", target: undefined },
    ]);
  });

  it("#10: a footnote mark is raised, links to its note, and anchors the way back", () => {
    const { flow } = flowOn();
    flow.text(para(8, "z")); // the page is full
    flow.text([run("See"), run("1", { superscript: true, target: "fn-1" })]);
    const mark = where(flow, "1");
    // Size 10 * 0.65 = 6.5, raised by RAISE (0.45) of that, on the first line of page 2.
    expect(mark?.page).toBe(1);
    expect(mark?.x).toBe(10 + 15);
    expect(mark?.y).toBeCloseTo(baseline(1) + 6.5 * 0.45, 10);
    expect(areas(flow)).toEqual([
      { page: 1, rect: [25, 80, 25 + 3.25, 90], url: undefined, target: "fn-1" },
    ]);
    expect(flow.anchors.get("ref-1")).toEqual({ page: 1, y: TOP });
  });

  it("#10: a block taller than several pages places every line once, without widows", () => {
    const { flow } = flowOn();
    flow.text(para(17));
    // 8 + 8 + 1 would leave a widow: 8 + 7 + 2.
    expect(counts(flow)).toEqual([8, 7, 2]);
    expect(texts(flow).flat()).toEqual(Array.from({ length: 17 }, (_, i) => word("a", i + 1)));
    const { flow: long } = flowOn();
    long.text(para(99));
    expect(long.pages).toHaveLength(13);
    expect(texts(long).flat()).toHaveLength(99);
    for (const page of texts(long)) expect(page.length).toBeGreaterThanOrEqual(2);
  });

  it("#10: on a page shorter than one line, each line gets a page and the flow ends", () => {
    const tiny: PageBox = {
      width: 120,
      height: 25,
      margin: { top: 10, right: 10, bottom: 10, left: 10 },
    };
    const { flow } = flowOn(tiny);
    flow.text(para(3, "z"));
    flow.text(para(5), { keepTogether: true });
    flow.text([run("Heading")], {}, 100);
    expect(counts(flow, "z")).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(counts(flow)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 0]);
    expect(texts(flow)[8]).toEqual(["Heading"]);
  });

  it("#10: a word too long for a line is split, and no text is lost", () => {
    const { flow } = flowOn();
    const address = "https://example.test/a/very/long/path/that/goes/on";
    flow.text([run(address, { link: address })]);
    const drawn = texts(flow).flat();
    expect(drawn.join("")).toBe(address);
    for (const piece of drawn) expect([...piece].length).toBeLessThanOrEqual(20);
    expect(flow.links).toHaveLength(drawn.length);
    expect(flow.links.every((l) => l.rect[2] - l.rect[0] <= 100)).toBe(true);
  });

  it("#10: an empty block draws nothing and takes no space", () => {
    const { flow } = flowOn();
    flow.text(para(1, "z"));
    flow.text([run("")], { before: 4, after: 4, outline: { title: "x", level: 1 } });
    expect(flow.cursor).toBe(TOP - LH);
    expect(flow.outline).toEqual([]);
  });

  it("#10: characters no face has are reported and drawn as a box", () => {
    const { flow, missing } = flowOn();
    flow.text([run("a\u{10FFFD}b")]);
    expect(missing).toEqual(["\u{10FFFD}"]);
    expect(texts(flow).flat().join("")).toBe("a□b");
  });
});

describe("#11: Flow in other typographies", () => {
  it("#11: emphasis dots: one centred over (ja, ko) or under (zh) each letter, none for spaces or punctuation", () => {
    const { flow } = flowOn();
    flow.text([run("今日 は、", { dots: "over" })]);
    flow.text([run("今天", { dots: "under" })]);
    const dots = (flow.pages[0] ?? []).filter(
      (op): op is Extract<Op, { kind: "dot" }> => op.kind === "dot",
    );
    // "今日 は、": 今, 日, は (not the space, not 、); then 今 and 天.
    expect(dots.map((d) => d.x)).toEqual([12.5, 17.5, 27.5, 12.5, 17.5]);
    const first = baseline(1);
    const second = baseline(2);
    expect(dots.slice(0, 3).every((d) => d.y > first + 5)).toBe(true);
    expect(dots.slice(3).every((d) => d.y < second)).toBe(true);
  });

  it("#11: right to left, lines end at the right margin and the page is mirrored (markers, bars)", () => {
    const flow = new Flow(box, measure, LH, () => {}, { lang: "ar", direction: "rtl" });
    flow.text([run("نص قصير")]);
    flow.text([run("بند")], { indent: 20, marker: run("•") });
    flow.text([run("اقتباس")], { indent: 16, bar: [0, 0, 1] });
    flow.mirrorForDirection();
    const ops = flow.pages[0] ?? [];
    const text = (t: string) =>
      ops.find(
        (op): op is TextOp => op.kind === "text" && (op.fragment.actual ?? op.fragment.text) === t,
      );
    // "نص قصير" is 7 characters (35 wide), ending at the right margin (x = 110).
    expect(text("نص قصير")?.x).toBe(110 - 35);
    // The list item ends 20 in from the right margin; its marker sits in that indent.
    expect(text("بند")?.x).toBe(110 - 20 - 15);
    expect(text("•")?.x).toBe(110 - 5);
    // The quote's bar is right of the quote.
    const bar = ops.find((op) => op.kind === "rect");
    expect(bar?.kind === "rect" && bar.x).toBeGreaterThan(110 - 16);
    expect(bar?.kind === "rect" && bar.x + bar.width).toBeLessThanOrEqual(110);
  });

  it("#15: a page taken to be drawn is given as mirrorForDirection gives it, and let go", () => {
    const layout = () => {
      const flow = new Flow(box, measure, LH, () => {}, { lang: "ar", direction: "rtl" });
      flow.text([run("نص قصير")]);
      flow.text([run("بند")], { indent: 20, marker: run("•") });
      flow.text([run("اقتباس")], { indent: 16, bar: [0, 0, 1] });
      flow.text(para(10, "b"));
      return flow;
    };
    const whole = layout();
    whole.mirrorForDirection();
    const taken = layout();
    expect(taken.pages).toHaveLength(2);
    expect(taken.takePage(0)).toEqual(whole.pages[0]);
    expect(taken.pages[0]).toEqual([]);
    expect(taken.takePage(1)).toEqual(whole.pages[1]);
    taken.mirrorLinks();
    expect(taken.links).toEqual(whole.links);
  });

  it("#11: a nested list's marker is indented with its list", () => {
    const { flow } = flowOn();
    flow.text([run("outer")], { indent: 18, marker: run("•") });
    flow.text([run("inner")], { indent: 36, marker: run("◦"), markerIndent: 18 });
    expect(where(flow, "•")?.x).toBe(10);
    expect(where(flow, "◦")?.x).toBe(28);
  });
});
