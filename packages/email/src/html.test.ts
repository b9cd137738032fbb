import type { Content } from "@herald/model";
import { worldContentDir } from "@herald/model/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { documentOf, emailOf, load, loadRich, loadSample, reader } from "../test/content.js";
import { type BuiltEmail, builtEmails } from "../test/emails.js";
import { compileEmail } from "./render.js";

// Issue 12: the HTML part as the mail clients people use read it: the sender's postal address,
// a button Outlook for Windows draws whole, footnotes without in-message links.

let sample: Content;
let world: Content;
let rich: Content;
let emails: BuiltEmail[];
beforeAll(async () => {
  [sample, world, rich, emails] = await Promise.all([
    loadSample(),
    load(worldContentDir),
    loadRich(),
    builtEmails(),
  ]);
});

/** The footer cell of an email's HTML. */
const footerOf = (html: string) => {
  const at = html.indexOf('<td class="footer"');
  return html.slice(at, html.indexOf("</td>", at));
};

describe("#12: the postal address", () => {
  it("#12: is in the footer's company block, one line each, in the email's language", () => {
    const en = footerOf(emailOf(sample, "en").html);
    expect(en).toMatch(
      /<strong>Docker, Inc\.<\/strong><br><span class="address"[^>]*>Docker, Inc\., 475 Brannan Street, Suite 330<br>San Francisco, CA 94107, United States<\/span><br>Press contact: /,
    );
    const zh = footerOf(emailOf(sample, "zh-CN").html);
    expect(zh).toMatch(
      /<strong>Docker, Inc\.<\/strong><br><span class="address"[^>]*>美国加利福尼亚州旧金山市布兰南街 475 号 330 室，邮编 94107<\/span><br>/,
    );
    // The address's first line, the company's name, is the bold name right above: not twice.
    expect(documentOf(sample, "zh-CN").company.postalAddress?.[0]).toBe("Docker, Inc.");
    expect(zh).not.toMatch(/class="address"[^>]*>Docker, Inc\./);
  });

  it("#12: right to left in Arabic, with the footer", () => {
    const { html } = emailOf(world, "ar");
    const footer = footerOf(html);
    expect(footer).toMatch(/^<td class="footer" align="right" style="[^"]*direction: rtl/);
    expect(footer).toContain('<span class="address"');
    expect(footer).toContain(
      "Lumora Robotics GmbH، Friedrichstraße 68، 10117 برلين، ألمانيا</span>",
    );
  });

  it("#12: a site without one (the rich fixture) shows none", () => {
    expect(rich.site.newsletter.postalAddress).toBeUndefined();
    expect(emailOf(rich, "en").html).not.toContain('class="address"');
  });
});

describe("#12: the button", () => {
  it("#12: is a table cell with its colour and the padding Outlook for Windows honours; the link fills it", () => {
    // An embargoed email has no button: the press kit is attached, not on the site yet (#14).
    for (const { name, parts } of emails.filter((e) => e.document.embargo))
      expect(parts.html, name).not.toContain('class="button-cell"');
    for (const { name, parts, document } of emails.filter((e) => !e.document.embargo)) {
      const { html } = parts;
      const at = html.indexOf('class="button-cell"');
      expect(at, name).toBeGreaterThan(0);
      const cell = html.slice(html.lastIndexOf("<td", at), html.indexOf(">", at) + 1);
      expect(cell, name).toMatch(/bgcolor="#0b5cad"/);
      expect(cell, name).toMatch(/mso-padding-alt: ?12px 20px/);
      const table = html.slice(html.lastIndexOf("<table", at), at);
      expect(table, name).toMatch(
        /role="presentation"[^>]*cellpadding="0" cellspacing="0" border="0"/,
      );
      const link = html.slice(html.indexOf("<a", at), html.indexOf("</a>", at));
      expect(link, name).toContain(`href="${document.pdf.url}"`);
      // Everywhere but Outlook, the link's own padding makes the whole blue area clickable.
      expect(link, name).toMatch(/style="[^"]*display: ?inline-block/);
      expect(link, name).toMatch(/style="[^"]*padding: ?12px 20px/);
      // White whatever colour a client's stylesheet gives links (the dark-mode `a` rule).
      expect(link, name).toMatch(/style="[^"]*color: ?#ffffff ?!important/);
      expect(link, name).toContain(`>${document.words.downloadPdf}`);
    }
  });
});

describe("#12: footnotes without in-message links", () => {
  it('#12: no href="#…" and no id anywhere: Gmail and Outlook follow no local anchor', () => {
    for (const { name, parts } of [
      ...emails,
      { name: "rich en", parts: emailOf(rich, "en") },
      { name: "rich zh-CN", parts: emailOf(rich, "zh-CN") },
    ]) {
      expect(parts.html.match(/href="#[^"]*"/g) ?? [], name).toEqual([]);
      expect(parts.html.match(/<[^>]+\sid="[^"]*"/g) ?? [], name).toEqual([]);
    }
  });

  it("#12: markers are plain superscript numbers; notes a numbered list at the end, in the document's numbers", () => {
    const document = documentOf(sample, "en");
    const { html } = emailOf(sample, "en");
    const notes = [...document.body.notes, ...document.company.about.notes];
    expect(notes.length).toBeGreaterThan(1);
    for (const note of notes) {
      expect(html).toContain(
        `<sup class="fnref" style="font-size: 75%; line-height: 0; vertical-align: super;">${note.number}</sup>`,
      );
      expect(html).toMatch(new RegExp(`<li value="${note.number}"[^>]*>`));
    }
    const list = html.slice(html.indexOf('<div class="footnotes"'));
    expect(list).toMatch(/^<div class="footnotes"[^>]*><h2[^>]*>Notes<\/h2>\s*<ol/);
    // At the end of the content: after the About text, before the footer.
    expect(html.indexOf('<div class="footnotes"')).toBeGreaterThan(
      html.indexOf(`>${document.company.aboutHeading}</h2>`),
    );
    expect(list.indexOf("</ol></div>")).toBeLessThan(list.indexOf('<td class="footer"'));
    // No arrow back: there is nothing to go back to.
    expect(html).not.toMatch(/[↩↪]/);
  });
});

describe("#12: padding only where Outlook for Windows draws it", () => {
  it("#12: quotes and code keep their distance from their rule and edge in a table cell, not in padding Outlook ignores", async () => {
    const withCode = await (async () => {
      const document = documentOf(rich, "en");
      return compileEmail(rich.site, {
        ...document,
        body: {
          ...document.body,
          blocks: [
            ...document.body.blocks,
            { type: "code", value: "const robots = 1200;" },
            {
              type: "blockquote",
              children: [{ type: "paragraph", children: [{ type: "text", value: "Quoted." }] }],
            },
          ],
        },
      }).personalize(reader).html;
    })();
    for (const [name, html] of [
      ...emails.map((e) => [e.name, e.parts.html] as const),
      ["rich en with code", withCode] as const,
    ]) {
      const padded = [...html.matchAll(/<([a-z0-9]+)\b([^>]*)style="([^"]*)"/g)]
        .filter(([, , , style]) =>
          (style ?? "")
            .split(";")
            .map((d) => /^\s*padding(?:-[a-z]+)?\s*:(.*)$/.exec(d)?.[1])
            .some((value) => value !== undefined && !/^\s*0(px)?\s*$/.test(value)),
        )
        .map(
          ([, tag, attributes]) =>
            `${tag}${/class="([^"]*)"/.exec(attributes ?? "")?.[1] ? `.${/class="([^"]*)"/.exec(attributes ?? "")?.[1]}` : ""}`,
        );
      // Cells; the button's link (its cell has Outlook's padding); lists, which Outlook indents
      // its own way.
      expect(
        [...new Set(padded)].filter((t) => !/^(td|th)\b|^a\.button$|^ol$/.test(t)),
        name,
      ).toEqual([]);
    }
    expect(withCode).toMatch(
      /<td class="quote-rule"[^>]*border-left: 4px solid #d0d7de[^>]*><blockquote/,
    );
    expect(withCode).toMatch(/<td class="code-block"[^>]*background: #f6f8fa[^>]*><pre/);
  });
});

describe("#12: the press phone number", () => {
  it("#12: stays on one line in Outlook too: no-break spaces, where white-space: nowrap is ignored", () => {
    const footer = footerOf(emailOf(sample, "en").html);
    expect(footer).toContain('<span class="phone" dir="ltr">+1\u00a0415\u00a0555\u00a00100</span>');
    expect(footer).not.toContain("white-space");
  });
});

describe("#12: Gmail's clipping", () => {
  it("#12: every built email's HTML is under the 102 KB at which Gmail clips it, hiding the footer (postal address, unsubscribe)", () => {
    const sizes = Object.fromEntries(
      emails.map((e) => [e.name, Buffer.byteLength(e.parts.html) < 102 * 1024]),
    );
    expect(Object.values(sizes)).toHaveLength(11);
    expect(Object.values(sizes).every(Boolean), JSON.stringify(sizes)).toBe(true);
  });
});
