import { randomBytes } from "node:crypto";
import {
  type Announcement,
  announcementUrl,
  type Content,
  escapeHtml,
  findOrganization,
  findPerson,
  formatDate,
  formatMetric,
  formatMoney,
  labels,
  localize,
  pressKitPath,
  siteUrl,
} from "@herald/model";
import type { Element, ElementContent } from "hast";
import { toHtml } from "hast-util-to-html";
import juice from "juice";
import type { Image, Link, Paragraph } from "mdast";
import { defaultHandlers, type State, toHast } from "mdast-util-to-hast";
import { plainText } from "./text.js";

// The newsletter: one compiled template per announcement and locale, personalized per
// recipient by filling two slots (greeting, unsubscribe link), so a list of thousands costs
// one render, not thousands. The template is cut into literal parts and slots once; filling
// never searches text, so nothing in the content or in a name can take a slot's place.

type Slot = "greeting" | "unsubscribe";
/** Literal text, and slots as objects so no text can be mistaken for one. */
type Template = Array<string | { slot: Slot }>;

/**
 * Renders with placeholder markers, then cuts the result at them. The markers carry a random
 * nonce drawn for this render, so content written beforehand cannot hold them; the count
 * check guards the impossible case anyway.
 */
function templateOf(render: (marks: Record<Slot, string>) => string, counts: Record<Slot, number>) {
  const nonce = randomBytes(12).toString("hex");
  const marks = { greeting: `herald${nonce}greeting`, unsubscribe: `herald${nonce}unsubscribe` };
  const text = render(marks);
  const parts: Template = [];
  const pattern = new RegExp(`herald${nonce}(greeting|unsubscribe)`, "g");
  let last = 0;
  const seen = { greeting: 0, unsubscribe: 0 };
  for (const m of text.matchAll(pattern)) {
    parts.push(text.slice(last, m.index));
    parts.push({ slot: m[1] as Slot });
    seen[m[1] as Slot]++;
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  if (seen.greeting !== counts.greeting || seen.unsubscribe !== counts.unsubscribe)
    throw new Error(
      `the email template has ${JSON.stringify(seen)} slots, not ${JSON.stringify(counts)}`,
    );
  return parts;
}

const fill = (template: Template, values: Record<Slot, string>) =>
  template.map((p) => (typeof p === "string" ? p : values[p.slot])).join("");

export interface Recipient {
  email: string;
  name?: string;
}

/** The placeholder investor of sample emails (the build's .eml, the dev preview). */
export const sampleRecipient = (locale: string): Recipient => ({
  email: "investor@example.com",
  name: labels(locale).sampleRecipient,
});

export interface EmailParts {
  subject: string;
  /** Hidden text mail clients show after the subject in the inbox. */
  preheader: string;
  html: string;
  text: string;
  /** The one-click unsubscribe address for this recipient, if the site has one. */
  unsubscribeUrl?: string;
  /** The mailto: unsubscribe address, if any. */
  unsubscribeMailto?: string;
}

export interface CompiledEmail {
  announcement: Announcement;
  /** The parts for one recipient. */
  personalize(recipient: Recipient): EmailParts;
}

/** Line breaks and other control characters never reach a header or the greeting. */
export const singleLine = (text: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();

const CSS = `
body { margin: 0; padding: 0; background: #f3f4f6; }
.outer { background: #f3f4f6; }
.container { max-width: 600px; width: 100%; background: #ffffff; }
.content { padding: 24px 28px; color: #1b1f24; font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; font-size: 16px; line-height: 1.6; }
.top { padding: 16px 28px; font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 13px; color: #57606a; }
.footer { padding: 20px 28px 28px; font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 13px; line-height: 1.5; color: #57606a; }
h1 { font-size: 24px; line-height: 1.3; margin: 0 0 8px; color: #1b1f24; }
h2 { font-size: 19px; line-height: 1.35; margin: 28px 0 8px; color: #1b1f24; }
h3 { font-size: 16px; line-height: 1.4; margin: 22px 0 6px; color: #1b1f24; }
p { margin: 0 0 14px; }
a { color: #0b5cad; word-break: break-word; }
.meta { color: #57606a; font-size: 14px; }
.summary { font-size: 17px; }
.button { display: inline-block; padding: 10px 16px; background: #0b5cad; color: #ffffff; text-decoration: none; border-radius: 6px; font-weight: bold; }
.facts { width: 100%; border-collapse: collapse; margin: 8px 0 16px; font-size: 15px; }
.facts th { text-align: left; vertical-align: top; color: #57606a; font-weight: normal; padding: 6px 12px 6px 0; border-top: 1px solid #e1e4e8; width: 34%; }
.facts td { vertical-align: top; padding: 6px 0; border-top: 1px solid #e1e4e8; }
blockquote { margin: 16px 0; padding: 4px 0 4px 14px; border-left: 4px solid #d0d7de; color: #3d444d; }
img { max-width: 100%; height: auto; border: 0; }
table.grid { border-collapse: collapse; width: 100%; }
table.grid th, table.grid td { border: 1px solid #d0d7de; padding: 6px 8px; text-align: left; }
.footnotes { font-size: 14px; border-top: 1px solid #e1e4e8; margin-top: 24px; }
@media (max-width: 620px) { .content, .top, .footer { padding-left: 16px !important; padding-right: 16px !important; } h1 { font-size: 21px !important; } }
@media (prefers-color-scheme: dark) {
  body, .outer { background: #0f1419 !important; }
  .container { background: #161b22 !important; }
  .content, h1, h2, h3 { color: #e6edf3 !important; }
  .meta, .top, .footer, .facts th { color: #9da7b3 !important; }
  a { color: #6cb6ff !important; }
}
`;

const h = (
  tagName: string,
  properties: Element["properties"],
  children: ElementContent[],
): Element => ({
  type: "element",
  tagName,
  properties,
  children,
});

/** The announcement body as email-safe HTML: absolute links, remote images as links. */
function body(content: Content, a: Announcement): string {
  const words = labels(a.locale);
  const image = (node: Image): Element =>
    node.data?.asset
      ? h(
          "img",
          { src: siteUrl(content.site, node.data.asset), alt: node.alt ?? "", width: 544 },
          [],
        )
      : h("a", { href: node.url }, [
          { type: "text", value: words.image(node.alt || new URL(node.url).hostname) },
        ]);
  const tree = toHast(a.body, {
    clobberPrefix: "",
    footnoteLabel: words.footnotes,
    footnoteLabelProperties: {},
    footnoteBackLabel: () => words.backToContent,
    handlers: {
      image: (_state: State, node: Image) => image(node),
      // A link to a file in assets/ goes to its public address: a relative one leads nowhere
      // from a mail client.
      link: (state: State, node: Link) =>
        defaultHandlers.link(
          state,
          node.data?.asset ? { ...node, url: siteUrl(content.site, node.data.asset) } : node,
        ),
      paragraph(state: State, node: Paragraph) {
        const [only, ...rest] = node.children.filter(
          (c) => !(c.type === "text" && c.value.trim() === ""),
        );
        if (only?.type === "image" && rest.length === 0) return h("p", {}, [image(only)]);
        return defaultHandlers.paragraph(state, node);
      },
      table(state: State, node) {
        const table = defaultHandlers.table(state, node);
        return {
          ...table,
          properties: { ...table.properties, className: ["grid"], role: "table" },
        };
      },
    },
  });
  return toHtml(tree);
}

/** Renders an announcement's newsletter once; `personalize` fills in each recipient. */
export function compileEmail(content: Content, a: Announcement): CompiledEmail {
  const { site } = content;
  const words = labels(a.locale);
  const pageUrl = announcementUrl(site, a);
  const pdfUrl = siteUrl(site, pressKitPath(a));
  const subject = singleLine(a.title);
  const preheader = singleLine(a.summary);
  const f = a.funding;
  const org = (id: string) => {
    const o = findOrganization(content, id);
    const name = escapeHtml(localize(o.name, a.locale, site));
    return o.url ? `<a href="${escapeHtml(o.url)}">${name}</a>` : name;
  };
  const person = (id: string) => {
    const p = findPerson(content, id);
    const role = p.role
      ? `<span style="color:#57606a">${escapeHtml(words.withNote("", localize(p.role, a.locale, site)))}</span>`
      : "";
    return `${escapeHtml(localize(p.name, a.locale, site))}${role}`;
  };
  const row = (label: string, value: string) =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`;
  const facts = f
    ? `<h2>${escapeHtml(words.factSheet)}</h2>
<table role="presentation" class="facts">
${row(words.round, escapeHtml(f.round))}
${row(words.amount, `<strong>${escapeHtml(formatMoney(f.amount, f.currency, a.locale))}</strong>`)}
${row(f.lead.length === 1 ? words.leadInvestor : words.leadInvestors, f.lead.map(org).join("<br>"))}
${f.participants.length ? row(words.participants, f.participants.map(org).join("<br>")) : ""}
${f.boardMembers.length ? row(words.boardMembers, f.boardMembers.map(person).join("<br>")) : ""}
</table>`
    : "";
  const metrics = a.metrics.length
    ? `<h2>${escapeHtml(words.metrics)}</h2>
<table role="presentation" class="facts">
${a.metrics.map((m) => row(m.label, `<strong>${escapeHtml(formatMetric(m, a.locale))}</strong>${m.note ? `<br><span style="color:#57606a;font-size:13px">${escapeHtml(m.note)}</span>` : ""}`)).join("\n")}
</table>`
    : "";
  const quotes = a.quotes
    .map(
      (q) =>
        `<blockquote><p>${escapeHtml(q.text)}</p><p style="color:#57606a">${escapeHtml(words.quoteBy(localize(findPerson(content, q.person).name, a.locale, site)))}</p></blockquote>`,
    )
    .join("\n");
  const contact = site.pressContact;
  const page = (greetingSlot: string, unsubscribeSlot: string) => `<!doctype html>
<html lang="${escapeHtml(a.locale)}" dir="ltr" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(subject)}</title>
<style>${CSS}</style>
</head>
<body>
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all" aria-hidden="true">${escapeHtml(preheader)}${"&#847;&zwnj;&nbsp;".repeat(40)}</div>
<table role="presentation" class="outer" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center">
<table role="presentation" class="container" width="600" cellpadding="0" cellspacing="0" border="0">
<tr><td class="top">${escapeHtml(site.name)} · <a href="${escapeHtml(pageUrl)}">${escapeHtml(words.viewInBrowser)}</a></td></tr>
<tr><td class="content">
<p>${greetingSlot}</p>
<h1>${escapeHtml(a.title)}</h1>
<p class="meta">${escapeHtml(formatDate(a.date, a.locale))}</p>
<p class="summary">${escapeHtml(a.summary)}</p>
<p><a class="button" href="${escapeHtml(pdfUrl)}">${escapeHtml(words.downloadPdf)}</a></p>
${facts}
${metrics}
${body(content, a)}
${quotes ? `<h2>${escapeHtml(words.quotes)}</h2>\n${quotes}` : ""}
</td></tr>
<tr><td class="footer">
<p><strong>${escapeHtml(site.name)}</strong><br>${escapeHtml(words.labelled(words.pressContact, contact.name))}, <a href="mailto:${escapeHtml(contact.email)}">${escapeHtml(contact.email)}</a>${contact.phone ? `, ${escapeHtml(contact.phone)}` : ""}</p>
<p>${escapeHtml(words.whyReceived(site.name))} <a href="${unsubscribeSlot}">${escapeHtml(words.unsubscribe)}</a></p>
</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
  // Inline the CSS once, on the template: clients that drop <style> keep the look.
  const html = templateOf(
    (marks) =>
      juice(page(marks.greeting, marks.unsubscribe), {
        preserveMediaQueries: true,
        removeStyleTags: false,
        preserveImportant: true,
      }),
    { greeting: 1, unsubscribe: 1 },
  );
  const text = templateOf(
    (marks) =>
      plainText(content, a, {
        pageUrl,
        pdfUrl,
        greeting: marks.greeting,
        unsubscribe: marks.unsubscribe,
      }),
    { greeting: 1, unsubscribe: 1 },
  );

  const unsubscribe = site.newsletter.unsubscribe;
  return {
    announcement: a,
    personalize(recipient) {
      const name = recipient.name ? singleLine(recipient.name) : "";
      const greeting = name ? words.greeting(name) : words.greetingWithoutName;
      const unsubscribeUrl = unsubscribe?.url?.replace(
        /\{email\}|%7Bemail%7D/gi,
        encodeURIComponent(recipient.email),
      );
      const unsubscribeMailto = unsubscribe?.mailto
        ? `mailto:${unsubscribe.mailto}?subject=${encodeURIComponent(`unsubscribe ${recipient.email}`)}`
        : undefined;
      const leave =
        unsubscribeUrl ??
        unsubscribeMailto ??
        `mailto:${site.newsletter.replyTo ?? site.newsletter.from.email}?subject=unsubscribe`;
      return {
        subject,
        preheader,
        html: fill(html, { greeting: escapeHtml(greeting), unsubscribe: escapeHtml(leave) }),
        text: fill(text, { greeting, unsubscribe: leave }),
        unsubscribeUrl,
        unsubscribeMailto,
      };
    },
  };
}
