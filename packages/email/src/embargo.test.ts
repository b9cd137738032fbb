import type { AnnouncementDocument, Content } from "@herald/model";
import { simpleParser } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import {
  documentOf,
  embargoedCopies,
  embargoedDocumentOf,
  loadSample,
  reader,
} from "../test/content.js";
import { buildMessage, messageId, toEml } from "./message.js";
import { compileEmail } from "./render.js";

// Issue 14: the email of an announcement under embargo (to journalists, ahead of its time)
// and the updates and corrections an announcement gets after it is out.

let sample: Content;
let world: Content;
let rich: Content;
let published: Content;
let plainSample: Content;
beforeAll(async () => {
  const copies = await embargoedCopies();
  ({ sample, world, rich } = copies);
  [published, plainSample] = await Promise.all([
    embargoedCopies({ embargo: false }).then((c) => c.sample),
    loadSample(),
  ]);
});

const partsOf = (content: Content, document: AnnouncementDocument) =>
  compileEmail(content.site, document).personalize(reader);

/** Every http(s) address in a text, as it is written (HTML entities of & undone). */
const addressesIn = (text: string) =>
  [...text.matchAll(/https?:\/\/[^\s"'<>)\]\u200e\u200f\u2066-\u2069]+/g)].map((m) =>
    m[0].replace(/&amp;/g, "&"),
  );

describe("#14: the embargoed email", () => {
  it("#14: the subject begins with the notice, in the document's language (en, zh-CN, ar)", () => {
    const cases: Array<[Content, string, string]> = [
      [
        sample,
        "en",
        "Embargoed until December 1, 2036 at 9:00\u202fAM GMT+1 (8:00\u202fAM UTC): Docker raises $15 million in Series B funding",
      ],
      [sample, "zh-CN", "2036年12月1日 GMT+1 09:00（UTC 08:00）"],
      [world, "ar", "محظور النشر حتى"],
    ];
    for (const [content, locale, expected] of cases) {
      const document = embargoedDocumentOf(content, locale);
      const { subject, preheader } = partsOf(content, document);
      expect(
        subject.startsWith(document.words.embargoSubject(document.embargo?.when ?? "", "")),
      ).toBe(true);
      expect(subject).toContain(expected);
      expect(subject.endsWith(document.title)).toBe(true);
      expect(preheader.startsWith(document.embargo?.text ?? "?")).toBe(true);
      expect(preheader).toContain(document.summary);
    }
  });

  it("#14: the notice is the first thing in the HTML frame and in the text part, and the hidden preheader starts with it", () => {
    for (const [content, locale] of [
      [sample, "en"],
      [sample, "zh-CN"],
      [world, "ar"],
    ] as const) {
      const document = embargoedDocumentOf(content, locale);
      const embargo = document.embargo;
      if (!embargo) throw new Error("no embargo");
      const { html, text } = partsOf(content, document);
      const frame = html.slice(html.indexOf('class="container"'));
      const notice = frame.indexOf(embargo.text);
      expect(notice).toBeGreaterThan(0);
      // Before the sender's name, the greeting and the title.
      expect(notice).toBeLessThan(frame.indexOf('class="top"'));
      expect(frame.indexOf(embargo.note)).toBeGreaterThan(notice);
      const hidden = html.match(/aria-hidden="true">([^&]*)/)?.[1] ?? "";
      expect(hidden.startsWith(embargo.text.replace(/\(/g, "("))).toBe(true);
      const lines = text.replace(/\u200f/g, "").split("\n");
      expect(lines.slice(0, 4)).toEqual([
        expect.stringMatching(/^=+$/),
        embargo.text,
        embargo.note,
        expect.stringMatching(/^=+$/),
      ]);
      // Then the greeting: the notice did not take its place.
      expect(lines[5]).toBe(document.words.greeting("Reader"));
    }
  });

  it("#14: links to no address of the public site (page, PDF, social image, translations, logo, local files); the unsubscribe link and other sites stay", () => {
    const checked: string[] = [];
    for (const [content, locale] of [
      [sample, "en"],
      [sample, "zh-CN"],
      [world, "ar"],
      [world, "de"],
      [rich, "en"],
      [rich, "zh-CN"],
    ] as const) {
      const document = embargoedDocumentOf(content, locale);
      const { html, text, unsubscribeUrl } = partsOf(content, document);
      const site = content.site.url.replace(/\/$/, "");
      const forbidden = [
        document.page.url,
        document.pdf.url,
        document.socialImage?.url,
        ...document.translations.flatMap((t) => [t.page.url, t.pdf.url]),
        document.company.brand?.png?.src.url,
      ].filter((u): u is string => typeof u === "string");
      expect(forbidden.length).toBeGreaterThan(2);
      for (const part of [html, text]) {
        for (const url of forbidden) expect(part.includes(url), `${locale}: ${url}`).toBe(false);
        // Any other address on the site is the unsubscribe server's.
        for (const url of addressesIn(part).filter((u) => u.startsWith(site)))
          expect(url, `${locale}: ${url}`).toBe(unsubscribeUrl);
      }
      expect(html).not.toContain(document.words.viewInBrowser);
      expect(html).not.toContain(document.words.downloadPdf);
      expect(html).toContain(document.words.pressKitAttached);
      expect(text).toContain(document.words.pressKitAttached);
      // The unsubscribe link stays; so do links to other sites in the text.
      if (unsubscribeUrl) expect(html).toContain(unsubscribeUrl.replace(/&/g, "&amp;"));
      checked.push(`${content.site.url} ${locale}`);
    }
    expect(checked).toHaveLength(6);
    // The rich fixture: its local image and PDF link are named, not linked; its outside link stays.
    const document = embargoedDocumentOf(rich, "en");
    const { html, text } = partsOf(rich, document);
    expect(html).not.toMatch(/<img[^>]+assembly-line/);
    expect(html).toContain("our investor deck");
    expect(text).toContain("our investor deck");
    const published = partsOf(rich, documentOf(rich, "en"));
    const outside = addressesIn(published.html).filter((u) => !u.startsWith(rich.site.url));
    expect(outside.length).toBeGreaterThan(0);
    for (const url of outside) expect(html).toContain(url.replace(/&/g, "&amp;"));
  });

  it("#14: a long Chinese or Arabic subject with the notice is encoded and folded, and reads back whole", async () => {
    for (const [content, locale] of [
      [sample, "zh-CN"],
      [world, "ar"],
      [world, "ko"],
    ] as const) {
      const document = embargoedDocumentOf(content, locale);
      const email = compileEmail(content.site, document);
      const eml = await toEml(
        buildMessage(content.site, email, reader, {
          attachment: {
            filename: "press-kit.pdf",
            content: new TextEncoder().encode("%PDF-1.4\n%%EOF\n"),
          },
        }),
      );
      const head = eml.toString("latin1").split("\r\n\r\n")[0] ?? "";
      // RFC 2047 and 5322: the subject in encoded words, folded into lines of at most 78
      // characters; only ASCII in the header.
      const subject = head.match(/^Subject: .*(\r\n[ \t].*)*/m)?.[0] ?? "";
      expect(subject).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/);
      const lines = subject.split("\r\n");
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(78);
      expect(/^[\x20-\x7e\r\n\t]*$/.test(head)).toBe(true);
      const parsed = await simpleParser(eml);
      expect(parsed.subject).toBe(email.personalize(reader).subject);
      expect(parsed.subject?.length).toBeGreaterThan(40);
      expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        ["press-kit.pdf", "application/pdf"],
      ]);
    }
  });

  it("#14: the embargoed message and the public one have different Message-IDs; the public one's is as before", () => {
    const a = sample.announcements.find((x) => x.locale === "en");
    if (!a) throw new Error("no en");
    const embargoed = compileEmail(sample.site, embargoedDocumentOf(sample, "en"));
    const open = compileEmail(sample.site, documentOf(sample, "en"));
    const before = compileEmail(plainSample.site, documentOf(plainSample, "en"));
    expect(messageId(sample.site, embargoed, reader)).not.toBe(
      messageId(sample.site, open, reader),
    );
    expect(messageId(sample.site, open, reader)).toBe(messageId(plainSample.site, before, reader));
    expect(messageId(sample.site, embargoed, reader)).toMatch(
      /^<docker-series-b\.en\.[0-9a-f]{24}@newsroom\.example\.com>$/,
    );
  });

  it("#14: a published document (no embargo) shows no notice and keeps its links", () => {
    const document = documentOf(plainSample, "en");
    expect(document.embargo).toBeUndefined();
    const { html, text, subject } = partsOf(plainSample, document);
    expect(subject).toBe(document.title);
    expect(html).not.toContain('class="embargo');
    // Not even their rules: a published email without updates is the bytes it always was.
    expect(html).not.toMatch(/\.embargo|\.update|\.attached/);
    expect(html).toContain(document.pdf.url);
    expect(text).toContain(document.page.url);
    expect(text).not.toContain(document.words.pressKitAttached);
  });
});

describe("#14: updates and corrections", () => {
  it("#14: shown under the title and before the summary, newest first, dated, with their Markdown, in both parts", () => {
    for (const [content, locale] of [
      [published, "en"],
      [sample, "zh-CN"],
      [world, "ar"],
    ] as const) {
      const document =
        content === published ? documentOf(content, locale) : embargoedDocumentOf(content, locale);
      const [newest, older] = document.updates;
      if (!newest || !older) throw new Error("two updates");
      expect([newest.kind, older.kind]).toEqual(["update", "correction"]);
      const { html, text } = partsOf(content, document);
      const at = (part: string, needle: string) => {
        const i = part.indexOf(needle);
        expect(i, needle).toBeGreaterThan(-1);
        return i;
      };
      for (const part of [html, text]) {
        const title = at(part, document.title);
        const first = at(part, newest.heading);
        const second = at(part, older.heading);
        const summary = part.indexOf(document.summary, second);
        expect(title).toBeLessThan(first);
        expect(first).toBeLessThan(second);
        expect(summary).toBeGreaterThan(second);
      }
      // Laid out as the body is: bold stays bold, a link stays a link (another site's).
      expect(html).toMatch(/<td class="update update-correction"[^>]*>.*<strong[^>]*>/);
      expect(html).toMatch(
        /<td class="update"[^>]*>.*<a href="https:\/\/www\.(dockercon\.com|intersolar\.de)\/"/,
      );
      expect(text).toMatch(/ \[\d+\]/);
      expect(text).not.toContain("**");
    }
  });

  it("#14: without updates there is no updates box", () => {
    const { html, text } = partsOf(plainSample, documentOf(plainSample, "en"));
    expect(html).not.toContain('class="updates"');
    expect(text).not.toContain("Correction");
  });
});
