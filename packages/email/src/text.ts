import { type AnnouncementDocument, detailSeparator, type Footnote } from "@herald/model";
import type { AlignType, Nodes, RootContent, Table } from "mdast";
import { dateLine } from "./date-line.js";
import { postalLines } from "./postal.js";
import { textWidth } from "./width.js";

// The plain-text part, written for reading in a text-only client: headings underlined, lists
// and quotes marked, tables in columns, every link a numbered reference listed at the end, no
// HTML. It lays out the announcement document and nothing else: every address, number, label
// and credit comes from there.

/** The text filled in for each recipient (or the markers the template is cut at). */
export interface TextSlots {
  greeting: string;
  unsubscribe: string;
}

/** Text under a line as wide as it is: "=" for the title, "-" for a section. */
const underline = (text: string, char: "=" | "-") =>
  `${text}\n${char.repeat(Math.max(1, textWidth(text)))}`;

/** Every line after the first indented by `by` (a list item's or a note's continuation). */
const hang = (text: string, by: number) => text.replace(/\n(?=.)/g, `\n${" ".repeat(by)}`);

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
/**
 * A footnote's marker, as the HTML part shows it: a raised number ("¹²"), which reads as a
 * note anywhere, where "[^12]" is Markdown and "[12]" would be taken for a link's reference.
 */
const superscript = (n: number) =>
  String(n).replace(/\d/g, (d) => SUPERSCRIPT_DIGITS[Number(d)] as string);

/** Pads a table cell to `width` columns the way its column is aligned. */
function pad(cell: string, width: number, align: AlignType | undefined): string {
  const room = width - textWidth(cell);
  if (align === "right") return " ".repeat(room) + cell;
  if (align === "center") {
    const before = Math.floor(room / 2);
    return " ".repeat(before) + cell + " ".repeat(room - before);
  }
  return cell + " ".repeat(room);
}

/** The plain-text newsletter of `document`. */
export function plainText(document: AnnouncementDocument, slots: TextSlots): string {
  const { words, company, embargo } = document;
  const links: string[] = [];
  const ref = (url: string) => {
    let n = links.indexOf(url) + 1;
    if (n === 0) n = links.push(url);
    return `[${n}]`;
  };
  /** Linked text and its reference; an address written out in full needs no reference. */
  const linked = (text: string, url: string) =>
    text === url || `mailto:${text}` === url ? text : `${text} ${ref(url)}`;

  const inline = (node: Nodes): string => {
    switch (node.type) {
      case "text":
      case "inlineCode":
        return node.value;
      case "break":
        return "\n";
      // Plain text has no strikethrough, and dropping the struck words would leave a sentence
      // that says both ("under ISO 10218:2011 ISO 10218:2025"). Tildes are how Markdown and
      // mail readers have long written it; combining overlay characters break search and
      // screen readers.
      case "delete":
        return `~~${node.children.map(inline).join("")}~~`;
      case "link":
        // Under embargo the site has no copy of the content folder's files yet.
        if (embargo && node.data?.asset) return node.children.map(inline).join("");
        return linked(node.children.map(inline).join(""), node.data?.href?.url ?? node.url);
      case "image":
        if (embargo && node.data?.asset) return node.data?.label ?? node.alt ?? "";
        return `${node.data?.label ?? node.alt ?? ""} ${ref(node.data?.src?.url ?? node.url)}`;
      case "footnoteReference":
        return superscript(node.data?.number ?? 0);
      case "html":
        return "";
      default:
        return "children" in node ? node.children.map((c) => inline(c as Nodes)).join("") : "";
    }
  };

  const table = (node: Table): string => {
    const rows = node.children.map((row) =>
      row.children.map((cell) => inline(cell).replace(/\s*\n\s*/g, " ")),
    );
    const count = Math.max(0, ...rows.map((r) => r.length));
    const widths = Array.from({ length: count }, (_, i) =>
      Math.max(1, ...rows.map((r) => textWidth(r[i] ?? ""))),
    );
    const line = (cells: string[]) =>
      widths
        .map((w, i) => pad(cells[i] ?? "", w, node.align?.[i]))
        .join("  ")
        .trimEnd();
    const [head = [], ...body] = rows;
    return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
  };

  const block = (node: RootContent): string => {
    switch (node.type) {
      case "heading":
        return underline(inline(node), node.depth <= 1 ? "=" : "-");
      case "paragraph":
        return inline(node);
      case "figure": {
        const [image] = node.children;
        return node.caption ? `${inline(image)}\n${node.caption}` : inline(image);
      }
      case "list":
        return node.children
          .map((item, i) => {
            const marker = `${node.ordered ? `${(node.start ?? 1) + i}.` : "-"} ${
              item.checked === true ? "[x] " : item.checked === false ? "[ ] " : ""
            }`;
            const text = item.children.map(block).join(item.spread ? "\n\n" : "\n");
            return marker + hang(text, marker.length);
          })
          .join(node.spread ? "\n\n" : "\n");
      case "blockquote":
        return node.children.map(block).join("\n\n").replace(/^/gm, "> ").replace(/^> $/gm, ">");
      case "table":
        return table(node);
      case "code":
        return node.value.replace(/^(?=.)/gm, "    ");
      case "thematicBreak":
        return "----";
      default:
        return "";
    }
  };
  const blocks = (nodes: RootContent[]) => nodes.map(block).filter((b) => b !== "");

  // Sections apart by one blank line; a section's own lines kept as they are (a code block
  // may hold blank lines of its own).
  const sections: string[] = [
    ...(embargo ? [notice(embargo)] : []),
    slots.greeting,
    `${underline(document.title, "=")}\n${dateLine(document)}`,
    // Newest first, each under its dated heading.
    ...document.updates.map((u) =>
      [underline(u.heading, "-"), ...blocks(u.text.blocks)].join("\n"),
    ),
    document.summary,
    // Under embargo there is no page nor PDF on the site yet: the press kit is attached.
    embargo
      ? words.pressKitAttached
      : [
          words.labelled(words.viewInBrowser, document.page.url),
          words.labelled(words.downloadPdf, document.pdf.url),
        ].join("\n"),
  ];
  const section = (heading: string, lines: string[]) =>
    sections.push([underline(heading, "-"), ...lines].join("\n"));
  if (document.facts.length) {
    section(
      words.factSheet,
      document.facts.flatMap((row) => {
        const values = row.values.map((v) => {
          const text = v.url ? linked(v.text, v.url) : v.text;
          return v.note ? words.withNote(text, v.note) : text;
        });
        // Several values one a line each: a board member's note holds commas of its own.
        return values.length === 1
          ? [words.labelled(row.label, values[0] as string)]
          : [words.labelled(row.label, "").trimEnd(), ...values.map((v) => `  - ${v}`)];
      }),
    );
  }
  if (document.figures.length)
    section(
      words.metrics,
      document.figures.map(
        (f) => `- ${words.labelled(f.label, f.note ? words.withNote(f.text, f.note) : f.text)}`,
      ),
    );
  sections.push(...blocks(document.body.blocks));
  if (document.quotes.length)
    section(words.quotes, [
      document.quotes.map((q) => `> ${q.text.replace(/\n/g, "\n> ")}\n> ${q.credit}`).join("\n\n"),
    ]);
  const aside = [
    document.source &&
      words.labelled(
        words.source,
        linked(document.source.title ?? document.source.url, document.source.url),
      ),
    document.translatorNote && words.labelled(words.translatorNote, document.translatorNote),
  ].filter(Boolean);
  if (aside.length) sections.push(aside.join("\n"));
  const about = blocks(company.about.blocks);
  if (about.length) section(company.aboutHeading, [about.join("\n\n")]);
  const notes: Footnote[] = [...document.body.notes, ...company.about.notes];
  if (notes.length)
    section(words.footnotes, [
      notes
        .map((note) => {
          const marker = `${note.number}. `;
          return marker + hang(blocks(note.blocks).join("\n\n"), marker.length);
        })
        .join("\n\n"),
    ]);
  const contact = company.pressContact;
  sections.push(
    [
      "-- ",
      company.name,
      // The sender's postal address (CAN-SPAM and most national rules), line by line.
      ...postalLines(company),
      words.labelled(
        words.pressContact,
        [contact.name, contact.email, contact.phone && leftToRight(contact.phone)]
          .filter(Boolean)
          .join(detailSeparator(words)),
      ),
      words.whyReceived(company.name),
      words.labelled(words.unsubscribe, slots.unsubscribe),
    ].join("\n"),
  );
  // Last, as every reference is numbered by now.
  if (links.length)
    section(
      words.links,
      links.map((url, i) => `[${i + 1}] ${url}`),
    );
  /** A phone number in a right-to-left text, isolated (LRI … PDI) so its groups stay in order. */
  function leftToRight(phone: string): string {
    return document.direction === "rtl" ? `\u2066${phone}\u2069` : phone;
  }
  const out = `${sections.filter((s) => s.trim() !== "").join("\n\n")}\n`;
  return document.direction === "rtl" ? rightToLeft(out) : out;
}

/**
 * The embargo notice at the very top, between rules of "=" as wide as its longest line (at
 * most 72 columns, the width text clients wrap at), so it cannot be read past.
 */
function notice(embargo: NonNullable<AnnouncementDocument["embargo"]>): string {
  const rule = "=".repeat(Math.min(72, Math.max(textWidth(embargo.text), textWidth(embargo.note))));
  return [rule, embargo.text, embargo.note, rule].join("\n");
}

/**
 * Text clients set each line in the direction of its first letter, so a line of an Arabic
 * email that begins with a Latin name or an address would run left to right, its bullet on the
 * wrong side. A right-to-left mark (U+200F, no width) first makes every line right to left.
 * The signature separator stays exactly "-- ", which clients look for.
 */
const rightToLeft = (text: string) => text.replace(/^(?!-- $)(?=.)/gm, "\u200f");
