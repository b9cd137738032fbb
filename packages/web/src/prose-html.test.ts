import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AnnouncementDocument,
  announcementDocument,
  type Content,
  loadContent,
  type Prose,
  sampleContentDir,
  walk,
} from "@herald/model";
import {
  deepestNesting,
  japaneseContentDir,
  largeBody,
  parseMarkdown,
  resolveProse,
  richContentDir,
  worldContentDir,
  writeSyntheticContent,
} from "@herald/model/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProseContext, renderProse, renderProseViaHast } from "./markdown.js";
import { escapeAttribute, escapeText, normalizeUri, proseHtml, trimLines } from "./prose-html.js";

// The direct writer must write the very bytes mdast-util-to-hast + hast-util-to-html write
// (issue 15: it replaced them for speed, and the site must not change by a byte).

async function load(dir: string): Promise<{ content: Content; documents: AnnouncementDocument[] }> {
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error(`${dir} does not load: ${loaded.diagnostics[0]?.message}`);
  const { content } = loaded;
  return { content, documents: content.announcements.map((a) => announcementDocument(content, a)) };
}

/** Every prose of a document as a page lays it out: body, updates and the About text. */
function prosesOf(d: AnnouncementDocument): Array<[Prose, ProseContext]> {
  const page = d.page.path ?? "";
  const base = { page, words: d.words, direction: d.direction } as const;
  return [
    [d.body, { ...base, notesId: "footnote-label", notesLevel: 2 }],
    ...d.updates.map((u, i): [Prose, ProseContext] => [
      u.text,
      { ...base, notesId: `update-${i + 1}-footnote-label`, notesLevel: 3 },
    ]),
    [
      d.company.about,
      { ...base, words: d.company.words, notesId: "about-footnote-label", notesLevel: 3 },
    ],
  ];
}

/** Asserts both writers agree on every prose of the documents; returns how many were compared. */
function expectSame(documents: readonly AnnouncementDocument[]): number {
  let compared = 0;
  for (const d of documents) {
    for (const [prose, context] of prosesOf(d)) {
      expect(proseHtml(prose, context), `${d.file}`).toBe(renderProseViaHast(prose, context).value);
      compared++;
    }
  }
  return compared;
}

describe("the direct prose writer writes what mdast-util-to-hast + hast-util-to-html write", () => {
  it("on the sample content", async () => {
    const { documents } = await load(sampleContentDir);
    expect(expectSame(documents)).toBeGreaterThan(3);
  });

  it("on the rich, world and Japanese fixtures (figures, tables, notes, CJK, RTL)", async () => {
    for (const dir of [richContentDir, worldContentDir, japaneseContentDir]) {
      const { documents } = await load(dir);
      expect(expectSame(documents)).toBeGreaterThan(documents.length);
    }
  });

  describe("on synthetic content", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "herald-prose-html-"));
      await writeSyntheticContent(dir, 200);
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    it("200 translations", async () => {
      const { documents } = await load(dir);
      expect(documents).toHaveLength(200);
      expect(expectSame(documents)).toBeGreaterThanOrEqual(400);
    });
  });

  describe("on tricky Markdown", async () => {
    const { content, documents } = await load(sampleContentDir);
    const en = documents.find((d) => d.locale === "en") as AnnouncementDocument;
    const ar: ProseContext = {
      page: "ar/news/x/index.html",
      words: en.words,
      notesId: "footnote-label",
      notesLevel: 2,
      direction: "rtl",
    };
    const context: ProseContext = { ...ar, page: "en/news/x/index.html", direction: "ltr" };
    /** The Markdown resolved as the loader would: images and links under assets/ are local. */
    const prose = (markdown: string, firstNote?: number): Prose => {
      const tree = parseMarkdown(markdown);
      walk(tree, (node) => {
        if ((node.type === "image" || node.type === "link") && node.url.startsWith("assets/")) {
          node.data = { ...node.data, asset: node.url.replace(/[?#].*$/, "") };
        }
      });
      return resolveProse(tree, {
        site: content.site,
        words: en.words,
        imageSizes: { "assets/photo.png": { width: 640, height: 480 } },
        ...(firstNote && { firstNote }),
      });
    };
    const cases: Record<string, string> = {
      "HTML-special characters": `Fish & chips <b>bold</b> "quoted" 'single' \`tick\` a < b > c &amp; &lt;\n\n**"x" & 'y' <z>** [a "link" & <more>](https://example.com/?a=1&b="2"'3\`4 "title & 'q' <t>")`,
      footnotes: `One[^a], two[^b] and one again[^a].\n\n[^a]: The first, *with* a [link](https://example.com).\n[^b]: The second.\n\n    code in a note\n\n[^c]: Never referred to.`,
      "notes that end in a list or a table": `A[^l] and B[^t].\n\n[^l]: Items:\n\n    - one\n    - two\n\n[^t]: | a | b |\n    |---|--:|\n    | 1 | 2 |`,
      "tables with alignment and missing or extra cells": `| left | center | right | none |\n|:-----|:------:|------:|------|\n| 1 | 2 | 3 | 4 |\n| only one |\n| 1 | 2 | 3 | 4 | 5 |\n| \`code\` | **b** | [l](https://x.org) | ![i](assets/photo.png) |`,
      "images with alt text, titles, local and remote": `![A *bold* "alt" & more](assets/photo.png "A title & 'quote'")\n\nInline ![small](assets/photo.png "tip") and ![remote](https://example.com/i.png?a=1&b=2 "far") and ![](https://example.com/no-alt.png).\n\n![Only remote](https://example.com/x%20y.png "Caption <here>")\n\n![no size](assets/other.png)`,
      CJK: "中文的段落，\n跨行的句子。日本語の文章、\nそして続き。한국어 문장은\n공백으로 나뉩니다.\n\n**强调**和*斜体*，[链接](https://例子.测试/路径?查询=值)。",
      RTL: "نص عربي مع [رابط](https://example.com/عربي) و**خط عريض**.[^1]\n\n[^1]: حاشية.\n\nעברית עם *הדגשה*.",
      links: `[local PDF](assets/brochure.pdf#page=2) [mail](mailto:a@b.c) <https://auto.link/x?y=<z>> www.example.com [with space](<https://example.com/a b>) [percent](https://example.com/%7Euser/%zz) [unicode](https://example.com/ünï) [lone](https://example.com/\uD800x) [empty]() [titled](https://x.org "")`,
      "hard breaks and the spaces after them": `line one\\\n   *  emphasis after a break*\\\n  \`code after a break\`\\\n   [ link after a break](https://x.org)\\\n  ![ remote](https://x.org/i.png)  \nplain after two spaces  \n\t**  strong**\n\n*head*\\\n    tail`,
      "lists, tight and loose, ordered from 0 and 3": `- a\n- b\n  - nested\n- c\n\n0. zero\n1. one\n\n3. three\n\n   second paragraph\n4. four\n\n- > quote in a list\n- ![fig](assets/photo.png "Figure in a list")\n\n1. \n2. empty item above`,
      "code blocks, quotes, headings, rules, raw HTML, struck text":
        "# One\n\n###### Six <i>x</i>\n\n```js title=x\nconst a = 1 < 2 && 3;\n```\n\n```\n```\n\n    indented\n\n> quoted\n>\n> > nested\n\n***\n\n<div>raw block</div>\n\nInline <span>raw</span> and ~~struck~~.\n\n>",
      "deepest nesting": deepestNesting.markdown,
      "a long body in English": largeBody(40_000, "en"),
      "a long body in Chinese": largeBody(40_000, "zh-CN"),
      "control and astral characters":
        "Emoji 🎉 and 𝒳, a tab\there, NBSP\u00a0here, and a zero-width\u200bspace.",
    };
    for (const [name, markdown] of Object.entries(cases)) {
      it(name, () => {
        for (const [c, firstNote] of [
          [context, undefined],
          [ar, 3],
        ] as const) {
          const p = prose(markdown, firstNote);
          const expected = renderProseViaHast(p, c).value;
          expect(proseHtml(p, c)).toBe(expected);
          expect(renderProse(p, c).value).toBe(expected);
        }
      });
    }
  });
});

describe("the direct writer's parts", () => {
  it("escapes text and attributes with hexadecimal references, as hast-util-to-html does", () => {
    expect(escapeText(`a & b < c > "d" 'e' \`f\``)).toBe("a &#x26; b &#x3C; c > \"d\" 'e' `f`");
    expect(escapeAttribute(`a & b < c > "d" 'e' \`f\``)).toBe(
      "a &#x26; b < c > &#x22;d&#x22; &#x27;e&#x27; &#x60;f&#x60;",
    );
  });

  it("trims spaces and tabs around line endings only", () => {
    expect(trimLines("  a  \n \t b \r\n c  ")).toBe("  a\nb\r\nc  ");
    expect(trimLines("no breaks  ")).toBe("no breaks  ");
  });

  it("percent-encodes an address as micromark does", () => {
    expect(normalizeUri("https://example.com/a b<c>")).toBe("https://example.com/a%20b%3Cc%3E");
    // A "%" before two letters or digits is taken as an escape (micromark checks for
    // alphanumerics, not hexadecimal digits); before anything else it is encoded.
    expect(normalizeUri("/%7E/%zz/%z/ü/\uD83C\uDF89/\uD800")).toBe(
      "/%7E/%zz/%25z/%C3%BC/%F0%9F%8E%89/%EF%BF%BD",
    );
  });

  it("leaves a node kind it does not know to the general path", () => {
    const p: Prose = {
      blocks: [
        { type: "paragraph", children: [{ type: "text", value: "before" }] },
        { type: "unknownKind", children: [{ type: "text", value: "inside" }] } as never,
      ],
      notes: [],
    };
    const c: ProseContext = {
      page: "en/x/index.html",
      words: {} as ProseContext["words"],
      notesId: "n",
      notesLevel: 2,
      direction: "ltr",
    };
    expect(() => proseHtml(p, c)).toThrow("No direct HTML for a unknownKind node.");
    expect(renderProse(p, c).value).toBe("<p>before</p>\n<div>inside</div>");
  });
});
