import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Nodes } from "mdast";
import { afterAll, describe, expect, it } from "vitest";
import { type AnnouncementDocument, announcementDocument } from "./document.js";
import { type Content, loadContent } from "./load.js";
import { textOf } from "./markdown.js";
import { sampleContentDir } from "./sample.js";

// The announcement document (issue 10): one fixture per kind of node and fact, each read back
// from the document every output lays out.

const rich = fileURLToPath(new URL("../test/fixtures/_rich/", import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function load(dir: string): Promise<Content> {
  const result = await loadContent(dir);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.content;
}

/** The rich content with the English body replaced by `markdown`. */
async function documentOf(markdown: string, locale = "en"): Promise<AnnouncementDocument> {
  const dir = await mkdtemp(join(tmpdir(), "herald-document-"));
  dirs.push(dir);
  await cp(rich, dir, { recursive: true });
  const file = join(dir, `announcements/series-a.${locale}.md`);
  const text = await readFile(file, "utf8");
  await writeFile(file, `${text.slice(0, text.indexOf("\n---\n") + 5)}\n${markdown}\n`);
  const content = await load(dir);
  return announcementDocument(content, found(content, locale));
}

const found = (content: Content, locale: string) => {
  const a = content.announcements.find((x) => x.locale === locale);
  if (!a) throw new Error(`no ${locale} announcement`);
  return a;
};

/** A tree without positions, to compare with what is expected. */
const bare = (node: unknown): unknown =>
  JSON.parse(JSON.stringify(node, (key, value) => (key === "position" ? undefined : value)));

describe("#10: the announcement document of the rich content", async () => {
  const content = await load(rich);
  const en = announcementDocument(content, found(content, "en"));
  const zh = announcementDocument(content, found(content, "zh-CN"));

  it("has the cover facts, formatted for the language", () => {
    expect([en.title, en.date, en.summary, en.round, en.direction, en.cjk]).toEqual([
      "Acme Robotics raises €4 million",
      { iso: "2025-03-04", text: "March 4, 2025" },
      "Acme Robotics has closed a €4 million Series A led by Northwind Capital.",
      "Series A",
      "ltr",
      false,
    ]);
    expect([zh.date.text, zh.cjk]).toEqual(["2025年3月4日", true]);
  });

  it("credits people with their role and organization, in each language's words", () => {
    expect(en.author).toEqual({
      name: "Pieter van der Berg",
      role: "Chief Technology Officer",
      organization: { name: "Acme Robotics", url: "https://acme.example/" },
      detail: "Chief Technology Officer, Acme Robotics",
      credit: "Pieter van der Berg, Chief Technology Officer, Acme Robotics",
    });
    expect(en.quotes.map((q) => q.credit)).toEqual([
      "— Pieter van der Berg, Chief Technology Officer, Acme Robotics",
    ]);
    // A space where Latin letters meet Han ones, none between Han characters.
    expect(zh.quotes.map((q) => q.credit)).toEqual([
      "——Pieter van der Berg，Acme Robotics 首席技术官",
    ]);
    expect(zh.facts.find((r) => r.key === "boardMembers")?.values).toEqual([
      { text: "玛拉·詹森", url: "https://northwind.example/team/mara", note: "北风资本合伙人" },
    ]);
  });

  it("lists the fact rows with labels, values, links and notes", () => {
    expect(en.facts).toEqual([
      { key: "round", label: "Round", values: [{ text: "Series A" }] },
      { key: "amount", label: "Amount", values: [{ text: "€4M" }] },
      {
        key: "lead",
        label: "Lead investor",
        values: [{ text: "Northwind Capital", url: "https://northwind.example/" }],
      },
      {
        key: "participants",
        label: "Participating investor",
        values: [{ text: "Contoso Ventures" }],
      },
      {
        key: "boardMembers",
        label: "New board member",
        values: [
          {
            text: "Mara Jensen",
            url: "https://northwind.example/team/mara",
            note: "Partner, Northwind Capital",
          },
        ],
      },
    ]);
    expect(zh.facts.map((r) => [r.label, r.values.map((v) => v.text).join("|")])).toEqual([
      ["轮次", "A 轮"],
      ["金额", "400 万欧元"],
      ["领投方", "北风资本"],
      ["跟投方", "Contoso Ventures"],
      ["新任董事", "玛拉·詹森"],
    ]);
  });

  it("formats key figures, each with its label and note", () => {
    expect(en.figures.map(({ label, text, note, value }) => [label, text, note, value])).toEqual([
      ["Robots shipped", "over 1,200", undefined, 1200],
      ["Uptime", "99.5 percent", "across all customers in 2024", 99.5],
    ]);
  });

  it("addresses the page, the press kit, the email files and every translation", () => {
    expect([en.page, en.pdf, en.email]).toEqual([
      {
        url: "https://news.acme.example/en/news/series-a/",
        path: "en/news/series-a/",
        file: "site/en/news/series-a/index.html",
      },
      {
        url: "https://news.acme.example/en/news/series-a/series-a.en.pdf",
        path: "en/news/series-a/series-a.en.pdf",
        file: "site/en/news/series-a/series-a.en.pdf",
      },
      {
        html: "email/series-a.en.html",
        text: "email/series-a.en.txt",
        eml: "email/series-a.en.eml",
      },
    ]);
    expect(
      zh.translations.map((t) => [
        t.locale,
        t.language,
        t.direction,
        t.current,
        t.label,
        t.page.url,
      ]),
    ).toEqual([
      ["en", "English", "ltr", false, `English: ${en.title}`, en.page.url],
      ["zh-CN", "中文（中国）", "ltr", true, `中文（中国）：${zh.title}`, zh.page.url],
    ]);
  });

  it("has the company: boilerplate with resolved links, press contact, logos with sizes", () => {
    expect(en.company.aboutHeading).toBe("About Acme Robotics");
    expect(bare(en.company.about.blocks)).toEqual([
      {
        type: "paragraph",
        children: [
          {
            type: "text",
            value: "Acme Robotics builds collaborative robots for small factories. See the ",
          },
          {
            type: "link",
            url: "assets/deck.pdf",
            title: null,
            children: [{ type: "text", value: "company deck" }],
            data: {
              asset: "assets/deck.pdf",
              href: {
                url: "https://news.acme.example/assets/deck.pdf",
                path: "assets/deck.pdf",
                file: "site/assets/deck.pdf",
              },
            },
          },
          { type: "text", value: "." },
        ],
      },
    ]);
    // Chinese lines join without a space.
    expect(textOf({ type: "root", children: zh.company.about.blocks })).toBe(
      "Acme Robotics 为小型工厂制造协作机器人。",
    );
    expect(en.company.pressContact).toEqual({
      name: "Acme Press Office",
      email: "press@acme.example",
      mailto: "mailto:press@acme.example",
      phone: "+31 20 555 0100",
    });
    expect(en.company.logos).toEqual([
      {
        name: "Acme Robotics",
        asset: "assets/logo.png",
        src: {
          url: "https://news.acme.example/assets/logo.png",
          path: "assets/logo.png",
          file: "site/assets/logo.png",
        },
        size: { width: 240, height: 60 },
      },
    ]);
  });

  it("leaves the loaded content as it was", () => {
    const body = found(content, "en").body;
    expect(body.children.some((n) => n.type === "footnoteDefinition")).toBe(true);
    expect(body.children.some((n) => (n.type as string) === "figure")).toBe(false);
    // Text the document joined is still as written in the loaded tree.
    const first = body.children[0];
    const text = first?.type === "paragraph" ? first.children[0] : undefined;
    expect(text?.type === "text" && text.value).toBe(
      "Acme Robotics builds robots that\nwork safely beside people.",
    );
  });
});

describe("#10: each kind of node in the body", () => {
  it("a paragraph that is only an image becomes a figure, captioned by the title", async () => {
    const doc = await documentOf('![Robot arm](../assets/assembly-line.png "On the line")');
    expect(bare(doc.body.blocks)).toEqual([
      {
        type: "figure",
        caption: "On the line",
        children: [
          {
            type: "image",
            url: "../assets/assembly-line.png",
            title: "On the line",
            alt: "Robot arm",
            data: {
              asset: "assets/assembly-line.png",
              src: {
                url: "https://news.acme.example/assets/assembly-line.png",
                path: "assets/assembly-line.png",
                file: "site/assets/assembly-line.png",
              },
              label: "Image: Robot arm",
              size: { width: 800, height: 450 },
            },
          },
        ],
      },
    ]);
  });

  it("an image among words stays inline; one label rule: alt, else title, else the file or host", async () => {
    const doc = await documentOf(
      [
        "Icon ![Acme icon](../assets/icon.png) here.",
        "",
        'Untitled ![](../assets/icon.png "The icon") here.',
        "",
        "Bare ![](../assets/icon.png) here.",
        "",
        "Remote ![](https://images.example.org/a.jpg) here.",
      ].join("\n"),
    );
    const images = doc.body.blocks.flatMap((b) =>
      b.type === "paragraph" ? b.children.filter((c) => c.type === "image") : [],
    );
    expect(images.map((i) => [i.data?.label, i.data?.src?.url])).toEqual([
      ["Image: Acme icon", "https://news.acme.example/assets/icon.png"],
      ["Image: The icon", "https://news.acme.example/assets/icon.png"],
      ["Image: icon.png", "https://news.acme.example/assets/icon.png"],
      ["Image: images.example.org", "https://images.example.org/a.jpg"],
    ]);
    expect(doc.body.blocks.every((b) => b.type === "paragraph")).toBe(true);
  });

  it("a remote image alone in a paragraph is a figure with its address and no size", async () => {
    const doc = await documentOf(
      '![Photo](https://images.example.org/p.jpg "By the press office")',
    );
    const [figure] = doc.body.blocks;
    expect(figure?.type).toBe("figure");
    const image = figure?.type === "figure" ? figure.children[0] : undefined;
    expect([
      figure?.type === "figure" && figure.caption,
      image?.data?.remote,
      image?.data?.src,
      image?.data?.size,
    ]).toEqual([
      "By the press office",
      true,
      { url: "https://images.example.org/p.jpg" },
      undefined,
    ]);
  });

  it("a link to a local file leads to its public address, with its ?query and #fragment", async () => {
    const doc = await documentOf(
      "See [the deck](../assets/deck.pdf#page=2) and [us](https://acme.example/).",
    );
    const links = doc.body.blocks.flatMap((b) =>
      b.type === "paragraph" ? b.children.filter((c) => c.type === "link") : [],
    );
    expect(links.map((l) => l.data?.href)).toEqual([
      {
        url: "https://news.acme.example/assets/deck.pdf#page=2",
        path: "assets/deck.pdf",
        file: "site/assets/deck.pdf",
        suffix: "#page=2",
      },
      { url: "https://acme.example/" },
    ]);
  });

  it("a file name with spaces and other scripts is encoded in the address, not in the path", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-document-"));
    dirs.push(dir);
    await cp(rich, dir, { recursive: true });
    await cp(join(rich, "assets/deck.pdf"), join(dir, "assets/投资 deck.pdf"));
    const file = join(dir, "announcements/series-a.en.md");
    const text = await readFile(file, "utf8");
    await writeFile(file, `${text}\nSee [the deck](<../assets/投资 deck.pdf>).\n`);
    const content = await load(dir);
    const doc = announcementDocument(content, found(content, "en"));
    const last = doc.body.blocks.at(-1);
    const link =
      last?.type === "paragraph" ? last.children.find((c) => c.type === "link") : undefined;
    expect(link?.data?.href).toEqual({
      url: "https://news.acme.example/assets/%E6%8A%95%E8%B5%84%20deck.pdf",
      path: "assets/投资 deck.pdf",
      file: "site/assets/投资 deck.pdf",
    });
  });

  it("footnotes are numbered once, in the order first referred to, notes in notes included", async () => {
    const doc = await documentOf(
      [
        "Second[^b] then first[^a] then second again[^b].",
        "",
        "[^a]: Note A, which cites[^c].",
        "[^b]: Note B.",
        "[^c]: Note C.",
        "[^unused]: Never referred to.",
      ].join("\n"),
    );
    const refs: number[] = [];
    const collect = (node: Nodes) => {
      if (node.type === "footnoteReference") refs.push(node.data?.number ?? 0);
      if ("children" in node) for (const child of node.children) collect(child as Nodes);
    };
    for (const block of doc.body.blocks) collect(block);
    expect(refs).toEqual([1, 2, 1]);
    expect(
      doc.body.notes.map((n) => [n.number, n.id, textOf({ type: "root", children: n.blocks })]),
    ).toEqual([
      [1, "fn-1", "Note B."],
      [2, "fn-2", "Note A, which cites."],
      [3, "fn-3", "Note C."],
    ]);
    // The boilerplate's notes would go on from 4 on the same page.
    expect(doc.body.blocks.some((b) => b.type === "footnoteDefinition")).toBe(false);
  });

  it("soft line breaks join with a space; between CJK characters with nothing; hard breaks stay", async () => {
    const en = await documentOf("One line\nand the next  \nafter a hard break.");
    expect(bare(en.body.blocks)).toEqual([
      {
        type: "paragraph",
        children: [
          { type: "text", value: "One line and the next" },
          { type: "break" },
          { type: "text", value: "after a hard break." },
        ],
      },
    ]);
    const zh = await documentOf("中文的一行\n和下一行，Latin\n词与 English\n混排。", "zh-CN");
    expect(textOf({ type: "root", children: zh.body.blocks })).toBe(
      "中文的一行和下一行，Latin 词与 English 混排。",
    );
  });

  it("keeps strikethrough, emphasis, code and table alignment for the outputs to show", async () => {
    const doc = await documentOf(
      [
        "Under ~~ISO 10218:2011~~ ISO 10218:2025, *now* `v2`.",
        "",
        "| Year | Robots | Note |",
        "| :--- | -----: | :--: |",
        "| 2024 | 1,200 | ok |",
      ].join("\n"),
    );
    const [paragraph, table] = doc.body.blocks;
    expect(bare(paragraph)).toEqual({
      type: "paragraph",
      children: [
        { type: "text", value: "Under " },
        { type: "delete", children: [{ type: "text", value: "ISO 10218:2011" }] },
        { type: "text", value: " ISO 10218:2025, " },
        { type: "emphasis", children: [{ type: "text", value: "now" }] },
        { type: "text", value: " " },
        { type: "inlineCode", value: "v2" },
        { type: "text", value: "." },
      ],
    });
    expect(table?.type === "table" && table.align).toEqual(["left", "right", "center"]);
  });

  it("headings, lists, quotes, code blocks and rules pass through with their text", async () => {
    const doc = await documentOf(
      [
        "## Plans",
        "",
        "1. Hire\n   - engineers",
        "",
        "> Quoted\n> words",
        "",
        "```",
        "code\nblock",
        "```",
        "",
        "---",
      ].join("\n"),
    );
    expect(doc.body.blocks.map((b) => [b.type, textOf(b)])).toEqual([
      ["heading", "Plans"],
      ["list", "Hireengineers"],
      ["blockquote", "Quoted words"],
      ["code", ""],
      ["thematicBreak", ""],
    ]);
    const code = doc.body.blocks[3];
    expect(code?.type === "code" && code.value).toBe("code\nblock");
  });
});

describe("#10: links to local files the loader refuses", () => {
  it("a link to a missing file, or to one Herald does not publish, is an error at its line and column", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-document-"));
    dirs.push(dir);
    await cp(rich, dir, { recursive: true });
    await writeFile(join(dir, "assets/notes.docx"), "not published");
    const file = join(dir, "announcements/series-a.en.md");
    const text = await readFile(file, "utf8");
    const front = text.slice(0, text.indexOf("\n---\n") + 5);
    await writeFile(
      file,
      `${front}\nSee [the deck](../assets/dek.pdf) and [notes](../assets/notes.docx).\n`,
    );
    const result = await loadContent(dir);
    expect(result.ok).toBe(false);
    const line = front.split("\n").length + 1;
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      `announcements/series-a.en.md:${line}:5 missing-asset`,
      `announcements/series-a.en.md:${line}:39 file-type-not-allowed`,
    ]);
    expect(result.diagnostics[0]?.message).toContain("../assets/dek.pdf");
  });
});

describe("#10: the sample content", () => {
  it("names the organization once when the role already does", async () => {
    const content = await load(sampleContentDir);
    const en = announcementDocument(content, found(content, "en"));
    const board = en.facts.find((r) => r.key === "boardMembers")?.values.map((v) => v.note);
    expect(board).toEqual([
      "Partner, Greylock Partners; formerly Vice President, VMware",
      "Co-founder, Insight Venture Partners",
    ]);
    expect(en.author?.credit).toBe("Ben Golub, CEO, Docker Inc.");
    // A Latin full stop is not Chinese punctuation: a space before the Han role.
    const zh = announcementDocument(content, found(content, "zh-CN"));
    expect(zh.author?.credit).toBe("Ben Golub，Docker Inc. 首席执行官");
  });
});
