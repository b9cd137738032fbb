import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { announcementDocument, type Content, loadContent } from "@herald/model";
import { richContentDir } from "@herald/model/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { sitePages } from "./site.js";

// The announcement page of the rich test content (every kind of node the document resolves),
// read back as HTML: what the document says must be on the page, in the same words.
const rich = richContentDir;

async function load(dir: string): Promise<Content> {
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  return loaded.content;
}

/** One file of the site built from `content`, as the site would write it. */
function renderPage(content: Content, file: string): string {
  const documents = content.announcements.map((a) => announcementDocument(content, a));
  const render = sitePages(content, documents).get(file);
  if (!render) throw new Error(`no page ${file}`);
  return render();
}

/** A copy of the rich content, changed by `edit`, loaded. */
async function richWith(edit: (dir: string) => Promise<void>): Promise<Content> {
  const dir = await mkdtemp(join(tmpdir(), "herald-web-rich-"));
  try {
    await cp(rich, dir, { recursive: true });
    await edit(dir);
    return await load(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const edit = async (file: string, change: (text: string) => string) =>
  writeFile(file, change(await readFile(file, "utf8")));

let content: Content;
let en: string;
let zh: string;

beforeAll(async () => {
  content = await load(rich);
  en = renderPage(content, "en/news/series-a/index.html");
  zh = renderPage(content, "zh-CN/news/series-a/index.html");
});

/** The text of the first `<tag>` element after `after`, without markup. */
function textOf(html: string, after: string, tag: string): string {
  const start = html.indexOf(after);
  if (start < 0) return "";
  const open = html.indexOf(`<${tag}`, start + after.length);
  const content = html.slice(html.indexOf(">", open) + 1, html.indexOf(`</${tag}>`, open));
  return content.replace(/<[^>]*>/g, "");
}

describe("#10: the announcement page lays out the announcement document", () => {
  it("#10: shows every fact row with its label and values", () => {
    expect(en).toContain("<dt>Round</dt><dd>Series A</dd>");
    expect(en).toContain("<dt>Amount</dt><dd>€4M</dd>");
    expect(en).toContain(
      '<dt>Lead investor</dt><dd><ul><li><a href="https://northwind.example/">Northwind Capital</a></li></ul></dd>',
    );
    expect(en).toContain(
      "<dt>Participating investor</dt><dd><ul><li>Contoso Ventures</li></ul></dd>",
    );
    expect(zh).toContain("<dt>金额</dt><dd>400 万欧元</dd>");
  });

  it("#10: names board members with their role and organization", () => {
    expect(textOf(en, "<dt>New board member</dt>", "dd")).toBe(
      "Mara Jensen (Partner, Northwind Capital)",
    );
    expect(textOf(zh, "<dt>新任董事</dt>", "dd")).toBe("玛拉·詹森（北风资本合伙人）");
  });

  it("#10: names the author with their role and organization", () => {
    expect(textOf(en, "<article", "p")).toBe(
      "March 4, 2025 · By Pieter van der Berg, Chief Technology Officer, Acme Robotics",
    );
  });

  it("#10: credits a quote with the person's name, role and organization", () => {
    expect(textOf(en, '<h2 id="quotes-title">', "figure")).toBe(
      "“Our robots now work beside people on every shift.”— Pieter van der Berg, Chief Technology Officer, Acme Robotics",
    );
    expect(en).toContain(
      "<figcaption>— Pieter van der Berg, Chief Technology Officer, Acme Robotics</figcaption>",
    );
    expect(zh).toContain(
      "<figcaption>——Pieter van der Berg，Acme Robotics 首席技术官</figcaption>",
    );
  });

  it("#10: keeps every table column's alignment", () => {
    expect(en).toContain('<th scope="col" class="align-left">Year</th>');
    expect(en).toContain('<th scope="col" class="align-right">Robots</th>');
    expect(en).toContain('<td class="align-left">2024</td>');
    expect(en).toContain('<td class="align-right">1,200</td>');
    expect(zh).toContain('<td class="align-right">1,200</td>');
  });

  it("#10: captions figures, gives inline images their alt and labels remote images", () => {
    expect(en).toMatch(
      /<figure><img src="\.\.\/\.\.\/\.\.\/assets\/assembly-line\.png" alt="Robot arm on the assembly line" width="800" height="450"[^>]*><figcaption>The assembly line in Eindhoven<\/figcaption><\/figure>/,
    );
    expect(en).toMatch(
      /An inline icon <img src="\.\.\/\.\.\/\.\.\/assets\/icon\.png" alt="Acme icon" width="16" height="16"[^>]*> sits in this sentence\./,
    );
    // Never loaded from the other host: a link, labelled by the document, with its caption.
    expect(en).toContain(
      '<figure class="remote-image"><a href="https://images.example.org/press/photo.jpg" class="external-image">Image: Press photo</a><figcaption>Photo by the press office</figcaption></figure>',
    );
    expect(en).not.toContain('src="https://images.example.org');
    expect(zh).toContain("<figcaption>埃因霍温的装配线</figcaption>");
  });

  it("#10: links local files relative to the page, keeping the fragment", () => {
    expect(en).toContain('<a href="../../../assets/deck.pdf#page=2">our investor deck</a>');
    // The About text is written in site.yaml, at the content root: the same file.
    expect(en).toContain('<a href="../../../assets/deck.pdf">company deck</a>');
    expect(zh).toContain('<a href="../../../assets/deck.pdf">投资者资料</a>');
  });

  it("#10: links the press kit PDF the document names, relative to the page", () => {
    expect(en).toContain(
      '<a class="button" href="series-a.en.pdf" type="application/pdf">Download the press kit (PDF)</a>',
    );
    expect(zh).toContain('<a class="button" href="series-a.zh-CN.pdf" type="application/pdf">');
  });

  it("#10: strikes through deleted text and joins soft line breaks", () => {
    expect(en).toContain(
      "Certification under <del>ISO 10218:2011</del> ISO 10218:2025 is complete.",
    );
    expect(en).toContain("Acme Robotics builds robots that work safely beside people.");
    expect(zh).toContain("Acme Robotics 制造能与人安全协作的机器人。");
  });

  it("#10: numbers footnotes from the document, with ids fn-N and fnref-N", () => {
    expect(en).toContain(
      '<sup><a href="#fn-1" id="fnref-1" aria-describedby="footnote-label">1</a></sup>',
    );
    expect(en).toMatch(/<li id="fn-1">\s*<p>Certified under ISO 10218/);
    expect(en).toContain('href="#fnref-1"');
  });

  it("#10: goes on numbering the About text's notes after the body's, with unique ids", async () => {
    const withNote = await richWith((dir) =>
      edit(join(dir, "site.yaml"), (t) =>
        t
          .replace("for small factories.", "for small factories.[^iso]")
          .replace("  zh-CN: |", "\n    [^iso]: Founded in 2019.\n  zh-CN: |"),
      ),
    );
    const html = renderPage(withNote, "en/news/series-a/index.html");
    expect(html).toContain('<a href="#fn-2" id="fnref-2"');
    expect(html).toMatch(/<li id="fn-2">\s*<p>Founded in 2019\./);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(8);
    expect(new Set(ids).size).toBe(ids.length);
    // The press-kit page shows the About text alone: its notes start at 1.
    const kit = renderPage(withNote, "en/press-kit/index.html");
    expect(kit).toContain('<a href="#fn-1" id="fnref-1"');
  });

  it("#10: sets the direction from the document, on the article and the page", async () => {
    expect(en).toContain('<html lang="en" dir="ltr">');
    expect(en).toContain('<article dir="ltr">');
    const arabic = await richWith(async (dir) => {
      await edit(join(dir, "site.yaml"), (t) => t.replace("[en, zh-CN]", "[en, zh-CN, ar]"));
      const en = await readFile(join(dir, "announcements/series-a.en.md"), "utf8");
      await writeFile(
        join(dir, "announcements/series-a.ar.md"),
        en.replace("locale: en", "locale: ar").replace(/^title: .*$/m, "title: أكمي روبوتكس"),
      );
    });
    const html = renderPage(arabic, "ar/news/series-a/index.html");
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<article dir="rtl">');
    // On the English page, the link to the Arabic translation runs right to left.
    const english = renderPage(arabic, "en/news/series-a/index.html");
    expect(english).toMatch(
      /<a href="\.\.\/\.\.\/\.\.\/ar\/news\/series-a\/" hreflang="ar" lang="ar" dir="rtl">/,
    );
  });

  it("#10: gives a note referred to twice a marker id for each, and a way back to each", async () => {
    const twice = await richWith((dir) =>
      edit(join(dir, "announcements/series-a.en.md"), (t) =>
        t.replace("is complete.", "is complete.[^safety]"),
      ),
    );
    const html = renderPage(twice, "en/news/series-a/index.html");
    expect(html).toContain('<a href="#fn-1" id="fnref-1" aria-describedby="footnote-label">1</a>');
    expect(html).toContain(
      '<a href="#fn-1" id="fnref-1-2" aria-describedby="footnote-label">1</a>',
    );
    expect(html).toContain('href="#fnref-1" class="back"');
    expect(html).toContain('href="#fnref-1-2" class="back"');
  });

  it("#10: keeps centred and unaligned columns too", async () => {
    const centred = await richWith((dir) =>
      edit(join(dir, "announcements/series-a.en.md"), (t) =>
        t.replace("| :--- | -----: |", "| :--: | ----- |"),
      ),
    );
    const html = renderPage(centred, "en/news/series-a/index.html");
    expect(html).toContain('<td class="align-center">2024</td>');
    expect(html).toContain("<td>1,200</td>");
  });

  it("#10: never loads an inline remote image: a link with the document's label", async () => {
    const inline = await richWith((dir) =>
      edit(join(dir, "announcements/series-a.en.md"), (t) =>
        t.replace(
          "sits in this sentence.",
          "sits here, and ![a chart](https://images.example.org/c.png?a=<b>) there.",
        ),
      ),
    );
    const html = renderPage(inline, "en/news/series-a/index.html");
    expect(html).toContain(
      'and <a href="https://images.example.org/c.png?a=%3Cb%3E" class="external-image">Image: a chart</a> there.',
    );
  });
});

describe("#10: the press-kit page lays out the company", () => {
  it("#10: links local files from its own place and sizes the logos", () => {
    const kit = renderPage(content, "en/press-kit/index.html");
    expect(kit).toContain('<a href="../../assets/deck.pdf">company deck</a>');
    // #13: the logo is a brand asset: a sized preview named by its title beside it, a
    // download, and what the file is.
    expect(kit).toContain(
      '<img src="../../assets/logo.png" alt="" width="240" height="60"></div>\n<div class="tile-body">\n<h3><a href="../../assets/logo.png" download>Logo: Acme Robotics</a></h3>\n<p class="details">PNG, 240 × 60 px, <span class="bytes">0.2 kB</span></p>',
    );
    expect(kit).toContain(
      '<a class="release-title" href="../news/series-a/">Acme Robotics raises €4 million</a>\n<span class="release-pdf"><a href="../news/series-a/series-a.en.pdf" type="application/pdf">',
    );
    expect(kit).toContain(
      '<a class="button primary" href="acme-robotics-press-kit-en.zip" download type="application/zip">Download everything (ZIP)</a>',
    );
    expect(kit).toContain('<a href="mailto:press@acme.example">press@acme.example</a>');
  });

  it("#10: lists the newsroom from the documents, dates in the page's language", () => {
    const home = renderPage(content, "zh-CN/index.html");
    expect(home).toContain('<time datetime="2025-03-04">2025年3月4日</time>');
    expect(home).toContain('<a href="news/series-a/">Acme Robotics 完成 400 万欧元融资</a>');
  });
});
