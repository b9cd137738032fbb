import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import { markdownItToMdast } from "./markdown-it-mdast.js";

// The reference: micromark, the parser mdast comes from. Our fast path must build the same
// tree (positions aside) for every construct the content format allows.
const reference = (markdown: string) =>
  fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });

const withoutPositions = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(withoutPositions);
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== "position")
        .map(([key, value]) => [key, withoutPositions(value)]),
    );
  }
  return node;
};

const cases: Record<string, string> = {
  headings: "# One\n\n## Two *em*\n\nSetext\n======\n\n### Three ###",
  emphasis: "Plain *em* _em_ **strong** __strong__ ***both*** ~~gone~~ `code` and\nsoft break",
  "hard break": "line one  \nline two\\\nline three",
  links:
    '[text](https://example.com/a_b "Title") [bare](http://x.org) <https://auto.example.com/x> <mailto:press@example.com>',
  "linkified www": "See www.example.com/path for more.",
  images: '![Alt *text*](https://example.com/i.png "Caption") and ![](../assets/x.png)',
  lists: "- a\n- b\n  - nested\n- c\n\n3. three\n4. four\n\n- loose\n\n- list",
  quotes: "> quoted **text**\n> more\n>\n> > nested",
  code: "```js title=x\nconst a = 1;\n```\n\n    indented\n    code\n\n---",
  table:
    "| Left | Center | Right | None |\n| :--- | :---: | ---: | --- |\n| a | *b* | `c` | [d](https://d.example) |",
  footnotes:
    "Text with a note.[^1] And another[^note].\n\n[^1]: The first.\n[^note]: The second,\n    in two lines.\n\n    > With a quote.",
  entities: "AT&amp;T &copy; &#169; 5 \\< 6 \\* not em",
  cjk: "中文（括号）与 English 混排，**加粗**、[链接](https://例子.example/路径)。",
  emoji: "🚀 Launch 🎉 — with *emphasis* 👍🏽",
  html: "<div>block</div>\n\nInline <b>bold</b> html.",
};

describe("markdownItToMdast", () => {
  for (const [name, markdown] of Object.entries(cases)) {
    it(`builds micromark's tree for ${name}`, () => {
      expect(withoutPositions(markdownItToMdast(markdown))).toEqual(
        withoutPositions(reference(markdown)),
      );
    });
  }

  it("#15: builds micromark's tree for many notes, referred to twice and out of order, with two paragraphs", () => {
    // The notes' tail is our own rule (linear in the notes); it must build what the plugin did.
    // (Definitions at the end, in the order they are first referred to: where micromark keeps
    // them, and where markdown-it puts them.)
    const parts = Array.from(
      { length: 60 },
      (_, i) =>
        `## Part ${i}\n\nText[^n${i}] and again[^n${i}], then an earlier one[^n${Math.floor(i / 2)}].\n`,
    );
    const notes = Array.from(
      { length: 60 },
      (_, i) =>
        `[^n${i}]: Note ${i} with a [link](https://example.com/${i}).\n\n    Its second paragraph.\n`,
    );
    const markdown = `${parts.join("\n")}\n${notes.join("\n")}`;
    const tree = markdownItToMdast(markdown);
    expect(tree.children.filter((n) => n.type === "footnoteDefinition")).toHaveLength(60);
    expect(withoutPositions(tree)).toEqual(withoutPositions(reference(markdown)));
  });

  it("#15: parsed a block at a time, gives the tree of a whole parse where blocks depend on each other", () => {
    // Each paragraph's inline parse runs where the tree reaches it: a reference defined further
    // down, a note defined before it is referred to, a note referring to another (notes are
    // numbered, and listed, by the first reference met in document order: "late" is first met
    // inside "early"), addresses linkified and escapes joined inside a note. The tree below is
    // what markdown-it's whole parse gave (micromark keeps references unresolved).
    const markdown = [
      "[^early]: Defined before any reference, it refers to [^late] at www.example.com/a.",
      "",
      "Uses [a reference][ref] defined below, a note[^late] and the early one[^early], \\*not em\\*.",
      "",
      "- In a list, [ref] again[^late] and https://example.org/b.",
      "",
      "[^late]: The late note, with a [link][ref] and AT&amp;T.",
      "",
      '[ref]: https://example.com/ref "Title"',
    ].join("\n");
    expect(withoutPositions(markdownItToMdast(markdown))).toEqual({
      type: "root",
      children: [
        {
          type: "paragraph",
          children: [
            { type: "text", value: "Uses " },
            {
              type: "link",
              url: "https://example.com/ref",
              title: "Title",
              children: [{ type: "text", value: "a reference" }],
            },
            { type: "text", value: " defined below, a note" },
            { type: "footnoteReference", identifier: "late", label: "late" },
            { type: "text", value: " and the early one" },
            { type: "footnoteReference", identifier: "early", label: "early" },
            { type: "text", value: ", *not em*." },
          ],
        },
        {
          type: "list",
          ordered: false,
          start: null,
          spread: false,
          children: [
            {
              type: "listItem",
              spread: false,
              checked: null,
              children: [
                {
                  type: "paragraph",
                  children: [
                    { type: "text", value: "In a list, " },
                    {
                      type: "link",
                      url: "https://example.com/ref",
                      title: "Title",
                      children: [{ type: "text", value: "ref" }],
                    },
                    { type: "text", value: " again" },
                    { type: "footnoteReference", identifier: "late", label: "late" },
                    { type: "text", value: " and " },
                    {
                      type: "link",
                      url: "https://example.org/b",
                      title: null,
                      children: [{ type: "text", value: "https://example.org/b" }],
                    },
                    { type: "text", value: "." },
                  ],
                },
              ],
            },
          ],
        },
        {
          type: "footnoteDefinition",
          identifier: "late",
          label: "late",
          children: [
            {
              type: "paragraph",
              children: [
                { type: "text", value: "The late note, with a " },
                {
                  type: "link",
                  url: "https://example.com/ref",
                  title: "Title",
                  children: [{ type: "text", value: "link" }],
                },
                { type: "text", value: " and AT&T." },
              ],
            },
          ],
        },
        {
          type: "footnoteDefinition",
          identifier: "early",
          label: "early",
          children: [
            {
              type: "paragraph",
              children: [
                { type: "text", value: "Defined before any reference, it refers to " },
                { type: "footnoteReference", identifier: "late", label: "late" },
                { type: "text", value: " at " },
                {
                  type: "link",
                  url: "http://www.example.com/a",
                  title: null,
                  children: [{ type: "text", value: "www.example.com/a" }],
                },
                { type: "text", value: "." },
              ],
            },
          ],
        },
      ],
    });
  });

  it("places links, images and HTML where they were written, for diagnostics", () => {
    const tree = markdownItToMdast("Intro line\n\nSee 🚀 [a](https://a.example) and <b>x</b>", 10);
    const paragraph = tree.children[1];
    if (paragraph?.type !== "paragraph") throw new Error("expected a paragraph");
    const where = paragraph.children
      .filter((n) => n.type === "link" || n.type === "html")
      .map((n) => `${n.type}@${n.position?.start.line}:${n.position?.start.column}`);
    expect(where).toEqual(["link@12:8", "html@12:35", "html@12:39"]);
  });
});
