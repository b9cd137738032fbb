import {
  type Announcement,
  type Content,
  findOrganization,
  findPerson,
  formatDate,
  formatMetric,
  formatMoney,
  labels,
  localize,
  siteUrl,
} from "@herald/model";
import type { Nodes, RootContent } from "mdast";

// The plain-text part, written for reading in a text-only client: headings underlined,
// lists and quotes marked, every link a numbered reference listed at the end, no HTML.

export interface TextOptions {
  pageUrl: string;
  pdfUrl: string;
  greeting: string;
  unsubscribe: string;
}

export function plainText(content: Content, a: Announcement, options: TextOptions): string {
  const words = labels(a.locale);
  const { site } = content;
  const links: string[] = [];
  const ref = (url: string) => {
    let n = links.indexOf(url) + 1;
    if (n === 0) n = links.push(url);
    return `[${n}]`;
  };
  const footnotes = new Map<string, number>();
  // A file in assets/ is on the site: the reader's client needs its public address.
  const address = (node: { url: string; data?: { asset?: string } }) =>
    node.data?.asset ? siteUrl(content.site, node.data.asset) : node.url;

  const inline = (node: Nodes): string => {
    switch (node.type) {
      case "text":
      case "inlineCode":
        return node.value;
      case "break":
        return "\n";
      case "link": {
        const text = node.children.map(inline).join("");
        return `${text} ${ref(address(node))}`;
      }
      case "image":
        return `${words.image(node.alt || "")} ${ref(address(node))}`;
      case "footnoteReference": {
        if (!footnotes.has(node.identifier)) footnotes.set(node.identifier, footnotes.size + 1);
        return `[^${footnotes.get(node.identifier)}]`;
      }
      default:
        return "children" in node ? node.children.map((c) => inline(c as Nodes)).join("") : "";
    }
  };
  const underline = (text: string, char: string) => {
    // CJK characters take two columns in a monospaced client.
    const width = [...text].reduce((w, c) => w + (/[\u1100-\uffdc]/u.test(c) ? 2 : 1), 0);
    return `${text}\n${char.repeat(width)}`;
  };
  const block = (node: RootContent, prefix = ""): string => {
    switch (node.type) {
      case "heading":
        return underline(inline(node), node.depth <= 2 ? "=" : "-");
      case "paragraph":
        return inline(node);
      case "list":
        return node.children
          .map((item, i) => {
            const marker = node.ordered ? `${(node.start ?? 1) + i}. ` : "- ";
            return item.children
              .map(
                (child, k) =>
                  (k === 0 ? marker : " ".repeat(marker.length)) +
                  block(child).replace(/\n/g, `\n${" ".repeat(marker.length)}`),
              )
              .join("\n");
          })
          .join("\n");
      case "blockquote":
        return node.children
          .map((c) => block(c))
          .join("\n\n")
          .replace(/^/gm, "> ");
      case "table":
        return node.children
          .map((row) => row.children.map((cell) => inline(cell)).join(" | "))
          .join("\n");
      case "code":
        return node.value.replace(/^/gm, "    ");
      case "thematicBreak":
        return "----";
      default:
        return prefix;
    }
  };

  const parts: string[] = [
    options.greeting,
    "",
    underline(a.title, "="),
    formatDate(a.date, a.locale),
    "",
    a.summary,
    "",
  ];
  parts.push(
    words.labelled(words.viewInBrowser, options.pageUrl),
    words.labelled(words.downloadPdf, options.pdfUrl),
    "",
  );
  const f = a.funding;
  if (f) {
    const org = (id: string) => localize(findOrganization(content, id).name, a.locale, site);
    parts.push(underline(words.factSheet, "-"));
    parts.push(words.labelled(words.round, f.round));
    parts.push(words.labelled(words.amount, formatMoney(f.amount, f.currency, a.locale)));
    parts.push(
      words.labelled(
        f.lead.length === 1 ? words.leadInvestor : words.leadInvestors,
        f.lead.map(org).join(", "),
      ),
    );
    if (f.participants.length)
      parts.push(words.labelled(words.participants, f.participants.map(org).join(", ")));
    for (const id of f.boardMembers) {
      const p = findPerson(content, id);
      const name = localize(p.name, a.locale, site);
      const named = p.role ? words.withNote(name, localize(p.role, a.locale, site)) : name;
      parts.push(words.labelled(words.boardMembers, named));
    }
    parts.push("");
  }
  if (a.metrics.length) {
    parts.push(underline(words.metrics, "-"));
    for (const m of a.metrics) {
      const figure = formatMetric(m, a.locale);
      parts.push(`- ${words.labelled(m.label, m.note ? words.withNote(figure, m.note) : figure)}`);
    }
    parts.push("");
  }
  const definitions = new Map<string, RootContent[]>();
  for (const node of a.body.children) {
    if (node.type === "footnoteDefinition") definitions.set(node.identifier, node.children);
    else parts.push(block(node), "");
  }
  if (a.quotes.length) {
    parts.push(underline(words.quotes, "-"));
    for (const q of a.quotes) {
      parts.push(
        `> ${q.text}`,
        `> ${words.quoteBy(localize(findPerson(content, q.person).name, a.locale, site))}`,
        "",
      );
    }
  }
  if (footnotes.size) {
    parts.push(underline(words.footnotes, "-"));
    for (const [identifier, n] of footnotes) {
      const text = (definitions.get(identifier) ?? []).map((c) => block(c)).join("\n\n");
      parts.push(`[^${n}] ${text}`, "");
    }
  }
  parts.push(
    "-- ",
    `${site.name}`,
    words.labelled(
      words.pressContact,
      `${site.pressContact.name}, ${site.pressContact.email}${site.pressContact.phone ? `, ${site.pressContact.phone}` : ""}`,
    ),
  );
  parts.push(words.whyReceived(site.name), words.labelled(words.unsubscribe, options.unsubscribe));
  if (links.length) {
    parts.push("", underline(words.links, "-"), ...links.map((url, i) => `[${i + 1}] ${url}`));
  }
  return `${parts
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}
