import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Content } from "@herald/model";
import { cleanSvg } from "@herald/model/testing";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import {
  documentOf,
  emailOf,
  load,
  loadRich,
  loadSample,
  reader,
  richContentDir,
} from "../test/content.js";
import { compileEmail } from "./render.js";

// The HTML part, read back from the final HTML (after juice inlined the CSS), on the rich
// content of issue 10 and on the sample.

let rich: Content;
let sample: Content;
beforeAll(async () => {
  [rich, sample] = await Promise.all([loadRich(), loadSample()]);
});

/** The opening tags of every `tag` element in `html`. */
const tags = (html: string, tag: string) =>
  [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, "g"))].map((m) => m[0]);

/** The cells of the HTML table holding `text`, each as its whole element. */
const cells = (html: string) =>
  [...html.matchAll(/<t([dh])\b[^>]*>[^<]*<\/t\1>/g)].map((m) => m[0]);

describe("the HTML part of the rich content", () => {
  it("#10: links to local files are absolute and keep their #page, images too", () => {
    const { html } = emailOf(rich, "en");
    expect(html).toContain('href="https://news.acme.example/assets/deck.pdf#page=2"');
    expect(html).toContain('src="https://news.acme.example/assets/assembly-line.png"');
    expect(html).toContain('src="https://news.acme.example/assets/icon.png"');
    // The About text links the deck too, from the site's root.
    expect(html).toContain('href="https://news.acme.example/assets/deck.pdf"');
    expect(html).not.toMatch(/(href|src)="(?!https:|mailto:|#)/);
  });

  it("#10: a quote is credited with name, role and organization", () => {
    const { html } = emailOf(rich, "en");
    expect(html).toMatch(
      /<p class="credit"[^>]*>— Pieter van der Berg, Chief Technology Officer, Acme Robotics<\/p>/,
    );
    const zh = emailOf(rich, "zh-CN").html;
    expect(zh).toContain("——Pieter van der Berg，Acme Robotics 首席技术官");
  });

  it("#10: a board member is named with role and organization", () => {
    const { html } = emailOf(rich, "en");
    expect(html).toMatch(
      /<a href="https:\/\/northwind.example\/team\/mara"[^>]*>Mara Jensen<\/a><span class="note"[^>]*> \(Partner, Northwind Capital\)<\/span>/,
    );
    expect(emailOf(rich, "zh-CN").html).toMatch(
      />玛拉·詹森<\/a><span class="note"[^>]*>（北风资本合伙人）<\/span>/,
    );
  });

  it("#10: struck-through text stays struck through", () => {
    expect(emailOf(rich, "en").html).toContain(
      "Certification under <del>ISO 10218:2011</del> ISO 10218:2025 is complete.",
    );
  });

  it("#10: an image's title is its caption, under the image", () => {
    const { html } = emailOf(rich, "en");
    expect(html).toMatch(
      /<img src="https:\/\/news.acme.example\/assets\/assembly-line.png" alt="Robot arm on the assembly line"[^>]*><\/p>\s*<p class="caption"[^>]*>The assembly line in Eindhoven<\/p>/,
    );
    // A remote image is a link (loading it would tell its server who read the email), and
    // keeps its caption.
    expect(html).toMatch(
      /<a href="https:\/\/images.example.org\/press\/photo.jpg"[^>]*>Image: Press photo<\/a><\/p>\s*<p class="caption"[^>]*>Photo by the press office<\/p>/,
    );
    expect(tags(html, "img").some((t) => t.includes("images.example.org"))).toBe(false);
    expect(emailOf(rich, "zh-CN").html).toContain("埃因霍温的装配线</p>");
  });

  it("#13: a figure in a tight list keeps its caption under the image, not run into its line", () => {
    const document = documentOf(rich, "en");
    const figure = document.body.blocks.find((b) => b.type === "figure");
    if (!figure) throw new Error("the rich fixture has a figure");
    const list = {
      type: "list" as const,
      ordered: false,
      spread: false,
      children: [
        {
          type: "listItem" as const,
          spread: false,
          children: [
            { type: "paragraph" as const, children: [{ type: "text" as const, value: "Before" }] },
          ],
        },
        { type: "listItem" as const, spread: false, children: [figure] },
      ],
    };
    const inList = { ...document, body: { blocks: [list], notes: [] } };
    const { html, text } = compileEmail(rich.site, inList).personalize(reader);
    // mdast-util-to-hast unwraps the paragraphs of a tight list's items, so the caption's <p>
    // was dropped and its words ran on after the image, unstyled.
    expect(html).toMatch(
      /<li>\s*<div class="figure-frame"[^>]*><p class="figure"[^>]*><img src="https:\/\/news.acme.example\/assets\/assembly-line.png"[^>]*><\/p>\s*<p class="caption"[^>]*>The assembly line in Eindhoven<\/p>\s*<\/div>\s*<\/li>/,
    );
    // The text part: the caption on the line after the image's text alternative, indented
    // with the item.
    expect(text).toContain(
      "- Before\n- Image: Robot arm on the assembly line [3]\n  The assembly line in Eindhoven\n",
    );
  });

  it("#13: the caption is quieter than the text in light and dark, and kept with its image", () => {
    const { html } = emailOf(rich, "en");
    expect(html).toMatch(/<div class="figure-frame"[^>]*><p class="figure"/);
    expect(html).toMatch(/<p class="caption" style="[^"]*color: #57606a[^"]*font-size: 14px/);
    const dark = html.slice(html.indexOf("@media (prefers-color-scheme: dark)"));
    expect(dark).toMatch(/\.caption[ ,]/);
  });

  it("#10: images keep their size in pixels; an inline icon is not blown up to the column", () => {
    const { html } = emailOf(rich, "en");
    const [figure, icon] = tags(html, "img").filter((t) => !t.includes('class="logo"'));
    // 800 × 450 scaled to the 544 px column; juice wrote height="auto" from the CSS.
    expect(figure).toMatch(/ width="544" height="306"/);
    expect(icon).toMatch(/ width="16" height="16"/);
    expect(icon).toContain('class="inline"');
  });

  it("#10: the 600 px frame keeps width=600 for Outlook (juice rewrote it to 100%)", () => {
    const container = tags(emailOf(rich, "en").html, "table").find((t) =>
      t.includes('class="container"'),
    );
    expect(container).toContain('width="600"');
  });

  it("#10: a right-aligned column stays right-aligned after the CSS is inlined", () => {
    const all = cells(emailOf(rich, "en").html);
    const right = all.filter((c) => />(Robots|400|1,200)</.test(c));
    expect(right).toHaveLength(3);
    for (const cell of right) {
      expect(cell).toContain('align="right"');
      expect(cell).toMatch(/style="[^"]*text-align: ?right/);
      expect(cell).not.toMatch(/left/);
    }
    const left = all.filter((c) => />(Year|2023|2024)</.test(c));
    expect(left).toHaveLength(3);
    for (const cell of left) expect(cell).toContain('align="left"');
    const zh = cells(emailOf(rich, "zh-CN").html).filter((c) => />(机器人|400|1,200)</.test(c));
    expect(zh).toHaveLength(3);
    for (const cell of zh) expect(cell).toContain('align="right"');
  });

  // #12: no longer linked both ways (Gmail and Outlook follow no link inside a message).
  it("#10: footnotes carry the document's numbers, marker and note", () => {
    const { html } = emailOf(rich, "en");
    expect(html).toMatch(/<sup class="fnref"[^>]*>1<\/sup>/);
    expect(html).toMatch(/<li value="1"[^>]*>/);
    expect(html).toContain("Certified under ISO 10218, see");
  });

  it("#10: the About text and the press contact come from the document", () => {
    const { html } = emailOf(rich, "en");
    expect(html).toContain("<h2");
    expect(html).toMatch(/>About Acme Robotics<\/h2>/);
    expect(html).toContain("Acme Robotics builds collaborative robots for small factories.");
    expect(html).toMatch(
      /href="mailto:press@acme.example"[^>]*>press@acme.example<\/a>, <span class="phone"[^>]*>\+31\u00a020\u00a0555\u00a00100<\/span>/,
    );
  });

  it("#10: the author is credited under the date, as on the page", () => {
    expect(emailOf(rich, "en").html).toMatch(
      /<p class="meta"[^>]*>March 4, 2025 · By Pieter van der Berg, Chief Technology Officer, Acme Robotics<\/p>/,
    );
  });

  it("#10: the page, the press kit, the language and the direction are the document's", () => {
    const document = documentOf(rich, "zh-CN");
    const { html } = compileEmail(rich.site, document).personalize(reader);
    expect(html).toContain(`<html lang="zh-CN" dir="ltr"`);
    expect(html).toContain(`href="${document.page.url}"`);
    expect(html).toContain(`href="${document.pdf.url}"`);
    expect(html).toContain("<title>Acme Robotics 完成 400 万欧元融资</title>");
  });

  it("#10: a right-to-left document is laid out from the right", () => {
    const document = { ...documentOf(rich, "en"), direction: "rtl" as const };
    const { html } = compileEmail(rich.site, document).personalize(reader);
    expect(html).toContain(`dir="rtl"`);
    // A column the author aligned at the start (":--") is mirrored with the table (issue 11:
    // the colon marks where lines begin, as on the page); the fact sheet's labels start on
    // the right.
    expect(cells(html).find((c) => />Year</.test(c))).toContain('align="right"');
    expect(cells(html).find((c) => />Robots</.test(c))).toContain('align="left"');
    expect(cells(html).find((c) => />Round</.test(c))).toMatch(/text-align: ?right/);
    // #12: the quote's rule is its cell's (Outlook for Windows pads only cells).
    expect(html).toMatch(/<td class="quote-rule"[^>]*border-right:/);
    // The fact sheet's label keeps its distance from the value on the value's side.
    expect(html).toMatch(/<th scope="row"[^>]*padding-left: 12px/);
  });

  it("#10: every fact, figure and quote of the document is in the HTML part", () => {
    for (const content of [rich, sample])
      for (const locale of ["en", "zh-CN"]) {
        const document = documentOf(content, locale);
        // A tile keeps a counter with its number by a no-break space (#13): a space to a reader.
        const html = compileEmail(content.site, document)
          .personalize(reader)
          .html.replaceAll("\u00a0", " ");
        const escaped = (s: string) => s.replaceAll("&", "&#x26;").replaceAll("'", "&#x27;");
        const has = (s: string) =>
          expect(
            html.includes(s) ||
              html.includes(escaped(s)) ||
              html.includes(s.replaceAll("'", "&#39;")),
            s,
          ).toBe(true);
        for (const row of document.facts) {
          has(row.label);
          for (const v of row.values) has(v.text);
        }
        for (const f of document.figures) {
          has(f.label);
          // The figure's unit ("over 300") is in a span of its own: read as text.
          expect(html.replace(/<\/?span[^>]*>/g, ""), f.text).toContain(f.text);
        }
        for (const q of document.quotes) has(q.credit);
      }
  });
});

describe("the HTML part of the sample", () => {
  it("#10: the sample's notes are numbered as the document numbers them", () => {
    for (const locale of ["en", "zh-CN"]) {
      const document = documentOf(sample, locale);
      const { html } = compileEmail(sample.site, document).personalize(reader);
      const notes = [...document.body.notes, ...document.company.about.notes];
      expect(notes.length).toBeGreaterThan(0);
      for (const note of notes) {
        expect(html).toMatch(new RegExp(`<li value="${note.number}"[^>]*>`));
        expect(html).toMatch(new RegExp(`<sup class="fnref"[^>]*>${note.number}</sup>`));
      }
    }
  });
});

describe("siblings", () => {
  it("#10: a note holds its quote whole (#12: and no back link)", () => {
    const { html } = emailOf(sample, "en");
    const at = html.indexOf('<li value="1"');
    const note = html.slice(at, html.indexOf("</li>", at));
    expect(note).toContain("</blockquote>");
    expect(note).not.toContain('href="#');
  });

  it("#10: an SVG image, which most mail clients do not show, is a link to it", async () => {
    const temp = await mkdtemp(join(tmpdir(), "herald-email-svg-"));
    onTestFinished(() => rm(temp, { recursive: true, force: true }));
    const dir = join(temp, "content");
    await cp(richContentDir, dir, { recursive: true });
    await writeFile(join(dir, "assets/diagram.svg"), cleanSvg);
    const file = join(dir, "announcements/series-a.en.md");
    await writeFile(
      file,
      `${await readFile(file, "utf8")}\n![Flow diagram](../assets/diagram.svg "How a robot is built")\n`,
    );
    const { html, text } = emailOf(await load(dir), "en");
    expect(tags(html, "img").some((t) => t.includes("diagram.svg"))).toBe(false);
    expect(html).toMatch(
      /<a href="https:\/\/news.acme.example\/assets\/diagram.svg"[^>]*>Image: Flow diagram<\/a><\/p>\s*<p class="caption"[^>]*>How a robot is built<\/p>/,
    );
    expect(text).toMatch(/Image: Flow diagram \[\d+\]\nHow a robot is built\n/);
  });

  it("#10: a linked remote image is the link's text, not a link inside a link", async () => {
    const temp = await mkdtemp(join(tmpdir(), "herald-email-nested-"));
    onTestFinished(() => rm(temp, { recursive: true, force: true }));
    const dir = join(temp, "content");
    await cp(richContentDir, dir, { recursive: true });
    const file = join(dir, "announcements/series-a.en.md");
    await writeFile(
      file,
      `${await readFile(file, "utf8")}\nSee [![Badge](https://ci.example.org/badge.png)](https://ci.example.org/acme) here.\n`,
    );
    const { html } = emailOf(await load(dir), "en");
    const at = html.indexOf('href="https://ci.example.org/acme"');
    expect(at).toBeGreaterThan(0);
    const link = html.slice(at, html.indexOf("</a>", at));
    expect(link).toContain("Image: Badge");
    expect(link).not.toContain("<a");
  });
});
