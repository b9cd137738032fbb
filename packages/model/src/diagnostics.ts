import { closest, distance } from "fastest-levenshtein";

// The catalogue of content problems. Each entry has a permanent code (tests, docs and the
// dev overlay refer to it), says what is wrong in plain words and what to do about it.
// Messages never repeat the field: the formatter prints the field once, in the header line.

// Values and field names are shortened: a report must stay readable when one is a whole page.
const shorten = (value: unknown) => {
  const chars = [...String(value)];
  return chars.length > 80 ? `${chars.slice(0, 80).join("")}…` : chars.join("");
};
const q = (value: unknown) => `"${shorten(value)}"`;

/** Suggests the candidate closest to `value`, when it is close enough to be a likely typo. */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(value, [...candidates]);
  const limit = Math.max(1, Math.floor(Math.max(value.length, best.length) / 3));
  return distance(value.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

const fileSize = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} KB`
    : `${(bytes / 1024 / 1024).toLocaleString("en", { maximumFractionDigits: 1 })} MB`;

const publishableTypes = "images (PNG, JPEG, GIF, WebP, AVIF, SVG), PDF and ZIP files";

const orSuggest = (suggestion: string | undefined) =>
  suggestion ? ` Did you mean ${q(suggestion)}?` : "";

export const catalogue = {
  "missing-file": (p: { what: string }) => ({
    message: `The content folder has no ${p.what}.`,
    fix: `Create it; see the content format in Herald's README.`,
  }),
  "yaml-syntax": (p: { detail: string }) => ({
    message: `This is not valid YAML: ${p.detail}.`,
    fix: "Check the indentation, and put text that contains a colon (:) or a hash (#) in quotes.",
  }),
  "missing-front-matter": () => ({
    message: "The file does not start with front matter.",
    fix: "Begin the file with a line of three dashes (---), then the fields (id, locale, title, date, summary), then another line of three dashes.",
  }),
  "missing-field": (p: { key: string; description?: string }) => ({
    message: `${q(p.key)} is required but missing.`,
    fix: `Add ${p.key}:${p.description ? ` ${p.description}.` : " with a value."}`,
  }),
  "wrong-type": (p: { expected: string; got: string; description?: string }) => ({
    message: `This should be ${p.expected}, but it is ${p.got}.`,
    fix: `Write ${p.expected} here${p.description ? `: ${p.description}` : ""}.`,
  }),
  "empty-value": (p: { description?: string; optional: boolean }) => ({
    message: "This is empty.",
    fix: `Fill it in${p.description ? ` with ${p.description}` : ""}${p.optional ? ", or remove the line" : ""}.`,
  }),
  "not-allowed-value": (p: {
    value: unknown;
    allowed: readonly string[];
    suggestion?: string;
  }) => ({
    message: `${q(p.value)} is not one of the allowed values (${p.allowed.join(", ")}).`,
    fix: `Use one of ${p.allowed.join(", ")}.${orSuggest(p.suggestion)}`,
  }),
  "number-out-of-range": (p: { value: unknown; rule: string }) => ({
    message: `${p.value} is not allowed here: it must be ${p.rule}.`,
    fix: `Write a number that is ${p.rule}.`,
  }),
  "unknown-key": (p: { key: string; allowed: readonly string[]; suggestion?: string }) => ({
    message: `${q(p.key)} is not a field Herald knows here.`,
    fix: `${p.suggestion ? `Did you mean ${q(p.suggestion)}? Otherwise remove it.` : "Remove it or correct its name."} Fields allowed here: ${p.allowed.join(", ")}.`,
  }),
  "bad-id": (p: { value: unknown }) => ({
    message: `${q(p.value)} cannot be used as an id.`,
    fix: "Use lowercase letters, digits and single hyphens, like greylock-partners.",
  }),
  "duplicate-id": (p: { kind: string; id: string; firstLine: number }) => ({
    message: `Another ${p.kind} already has the id ${q(p.id)} (line ${p.firstLine}).`,
    fix: `Give each ${p.kind} its own id, or merge the two entries.`,
  }),
  "listed-twice": (p: { value: string; firstLine: number }) => ({
    message: `${q(p.value)} is already in this list (line ${p.firstLine}), so it would be shown twice.`,
    fix: "Remove one of the two.",
  }),
  "unknown-reference": (p: {
    kind: "organization" | "person";
    id: string;
    file: string;
    suggestion?: string;
  }) => ({
    message: `No ${p.kind} in ${p.file} has the id ${q(p.id)}.`,
    fix: `${p.suggestion ? `Did you mean ${q(p.suggestion)}? ` : ""}Use an id listed in ${p.file}, or add the ${p.kind} there.`,
  }),
  "unknown-locale": (p: { locale: string; locales: readonly string[]; suggestion?: string }) => ({
    message: `${q(p.locale)} is not one of the site's languages (${p.locales.join(", ")}).`,
    fix: `${p.suggestion ? `Did you mean ${q(p.suggestion)}? ` : ""}Use one of them, or add ${q(p.locale)} to locales in site.yaml.`,
  }),
  "bad-locale": (p: { value: unknown }) => ({
    message: `${q(p.value)} is not a language code.`,
    fix: "Write a BCP 47 language code such as en, zh-CN or pt-BR.",
  }),
  "locale-case": (p: { value: string; standard: string }) => ({
    message: `${q(p.value)} is a language code written in a way of its own.`,
    fix: `Write ${q(p.standard)}: file names, web addresses and the choice of words and fonts use that form.`,
  }),
  "bad-date": (p: { value: unknown }) => ({
    message: `${q(p.value)} is not a real date in the form YYYY-MM-DD.`,
    fix: "Write the date as year-month-day with four, two and two digits, like 2014-01-22.",
  }),
  "bad-moment": (p: { value: unknown }) => ({
    message: `${q(p.value)} is not a real date and time with its offset from UTC.`,
    fix: "Write the date, the time and the offset from UTC, like 2026-12-01T09:00:00+01:00 (09:00 in Paris in winter); Z stands for UTC.",
  }),
  "moment-without-offset": (p: { value: unknown }) => ({
    message: `${q(p.value)} has no offset from UTC, so nobody can tell when that is: 09:00 in Paris and in New York are six hours apart.`,
    fix: `Add ${/[Tt ]/.test(String(p.value)) ? "" : "the time and "}the offset from UTC of the time zone you mean, like ${q(momentExample(String(p.value)))} for Paris in winter (-05:00 for New York; Z stands for UTC).`,
  }),
  "embargo-disagrees": (p: { id: string; other: string; otherEmbargo: string }) => ({
    message: `The translations of ${q(p.id)} disagree on the embargo: ${p.other} says ${p.otherEmbargo}. One announcement is published at one moment in every language.`,
    fix: "Give every translation the same embargo (the same moment; each may write it in its own offset), or none.",
  }),
  "update-markdown": (p: { what: string }) => ({
    message: `An update is a sentence or two of text, and this one has ${p.what}.`,
    fix: "Keep updates to paragraphs with **bold**, _italic_, ~~struck~~ words and links; put the rest in the announcement's text.",
  }),
  "bad-currency": (p: { value: unknown; suggestion?: string }) => ({
    message: `${q(p.value)} is not a currency code.`,
    fix: `${p.suggestion ? `Did you mean ${q(p.suggestion)}? ` : ""}Use the three-letter ISO 4217 code, like USD, EUR or CNY.`,
  }),
  "bad-url": (p: { value: unknown }) => ({
    message: `${q(p.value)} is not a complete web address.`,
    fix: "Write the whole address, starting with https://, like https://www.example.com/.",
  }),
  "bad-email": (p: { value: unknown }) => ({
    message: `${q(p.value)} is not an email address.`,
    fix: "Write an address like press@example.com.",
  }),
  "unsafe-link": (p: { value: string }) => ({
    message: `The link ${q(p.value)} is not allowed: links may only lead to web pages (http, https) or email addresses (mailto).`,
    fix: "Link to an https:// address or a mailto: address instead, or remove the link.",
  }),
  "insecure-image": (p: { value: string }) => ({
    message: `The image ${q(p.value)} is not on a secure (https) address.`,
    fix: "Use the https:// address of the image, or save the image in assets/ and point to it there.",
  }),
  "raw-html": (p: { html: string }) => ({
    message: `The text contains HTML (${p.html}), which Herald does not publish.`,
    fix: "Use Markdown instead (**bold**, _italic_, [text](https://…)); to show a < sign itself, write \\<.",
  }),
  "missing-asset": (p: { value: string; expected: string; suggestion?: string }) => ({
    message: `The file ${q(p.value)} does not exist (looked for ${p.expected}).`,
    fix: `${p.suggestion ? `Did you mean ${q(p.suggestion)}? ` : ""}Put the file in the assets folder, or correct the path.`,
  }),
  "outside-assets": (p: { value: string }) => ({
    message: `${q(p.value)} points outside the assets folder.`,
    fix: "Keep images and files in assets/ and point to them there (from an announcement: ../assets/name.png).",
  }),
  "missing-footnote": (p: { label: string }) => ({
    message: `The footnote [^${p.label}] has no text.`,
    fix: `Add a line "[^${p.label}]: …" with the footnote's text, or remove the reference.`,
  }),
  "duplicate-announcement": (p: { id: string; locale: string; other: string }) => ({
    message: `${p.other} already has id ${q(p.id)} in locale ${q(p.locale)}.`,
    fix: "Each translation needs its own locale; give this file another locale, or another id if it is a different announcement.",
  }),
  "no-announcements": () => ({
    message: "There are no announcements yet.",
    fix: "Add a Markdown file to announcements/, like announcements/launch.en.md.",
  }),
  "missing-translation": (p: { text: string; locale: string }) => ({
    message: `${q(p.text)} has no ${p.locale} version; the default language is shown instead.`,
    fix: `Add a ${p.locale}: line to it.`,
  }),
  "unknown-url-placeholder": (p: { placeholder: string; suggestion?: string }) => ({
    message: `${q(p.placeholder)} is not a placeholder Herald fills in.`,
    fix: `${p.suggestion ? `Did you mean ${q(p.suggestion)}? ` : ""}Use {email} (the recipient's address), {token} (its signed token, checked by herald unsubscribe-server) or {locale} (the email's language).`,
  }),
  "token-without-email": () => ({
    message:
      "The unsubscribe address has a {token} but no {email}: the token signs the recipient's address, so the address must be in it too.",
    fix: "Add the address, like https://…/unsubscribe?address={email}&token={token}.",
  }),
  "insecure-unsubscribe-url": () => ({
    message:
      "The one-click unsubscribe address is not https: mail providers only POST one-click unsubscribes (RFC 8058) to https addresses, so emails carry it without the one-click header.",
    fix: "Serve the unsubscribe address over https (see Sending responsibly in the README).",
  }),
  "one-click-without-recipient": () => ({
    message:
      "The one-click unsubscribe address has no {email}, so a one-click unsubscribe cannot tell who is leaving; emails carry it without the one-click header.",
    fix: "Add the address and its token, like https://…/unsubscribe?address={email}&token={token}.",
  }),
  "no-one-click-unsubscribe": () => ({
    message:
      "The newsletter has no one-click unsubscribe address: Gmail and Yahoo expect one from bulk senders, and may send the newsletter to spam without it (emails get a mailto: unsubscribe meanwhile).",
    fix: "Add unsubscribe: { url: https://…/unsubscribe?address={email}&token={token} } under newsletter, and run herald unsubscribe-server there (see Sending responsibly in the README).",
  }),
  "no-postal-address": () => ({
    message:
      "The newsletter has no postal address: the law asks commercial mail to show the sender's (CAN-SPAM and most national rules), so herald send refuses to send by SMTP without it.",
    fix: "Add postalAddress: under newsletter, with the company's street address (one text, or one per language).",
  }),
  "utf-16": () => ({
    message: "The file is saved as UTF-16; Herald reads only UTF-8.",
    fix: "Save the file as UTF-8 (in most editors: Save As, then choose the encoding UTF-8).",
  }),
  "not-utf8": (p: { byte: string }) => ({
    message: `The file is not saved as UTF-8: the byte ${p.byte} here is not UTF-8 text (the file was probably saved as Latin-1 or Windows-1252).`,
    fix: "Save the file as UTF-8 (in most editors: Save As, then choose the encoding UTF-8), then check that accented letters still look right.",
  }),
  "control-character": (p: { code: string }) => ({
    message: `The text contains an invisible control character (${p.code}), which the outputs cannot show.`,
    fix: "Delete it (it often comes from copying text out of another program); retype the text around it if your editor does not show it.",
  }),
  "emoji-in-print": (p: { emoji: string; code: string; more?: number }) => ({
    message: `"${p.emoji}" (${p.code}) is an emoji: the press kit (PDF) and the social images have no font for emoji and print □ in its place. The web pages and the email show it.${p.more ? ` ${p.more} more ${p.more === 1 ? "line" : "lines"} of this file have emoji.` : ""}`,
    fix: "Remove it, or say in words what it stands for.",
  }),
  "nested-too-deep": (p: { what: string; max: number }) => ({
    message: `${p.what} are nested more than ${p.max} levels deep here; deeper levels cannot be laid out on a page or in an email.`,
    fix: "Flatten the structure: use fewer levels, or turn the deepest levels into their own paragraphs or list.",
  }),
  "too-long": (p: { length: number; max: number }) => ({
    message: `This is ${p.length} characters long; at most ${p.max} are allowed here.`,
    fix: `Shorten it to ${p.max} characters or fewer.`,
  }),
  "not-finite": () => ({
    message:
      "This is not an ordinary number (it is .inf, .nan, or too large to store, like 1e400).",
    fix: "Write an ordinary number, like 15000000.",
  }),
  "too-many-decimals": (p: { value: number; decimals: number; digits: number; what: string }) => ({
    message: `${p.value} has ${p.decimals} decimal${p.decimals === 1 ? "" : "s"}; ${p.what} have ${p.digits === 0 ? "none" : `at most ${p.digits}`}.`,
    fix: `Round it to ${p.digits === 0 ? "whole units" : `${p.digits} decimal${p.digits === 1 ? "" : "s"}`}.`,
  }),
  "date-out-of-range": (p: { value: unknown; from: number; to: number }) => ({
    message: `${q(p.value)} is outside the years Herald accepts for news (${p.from} to ${p.to}).`,
    fix: "Check the year: write the date as year-month-day, like 2014-01-22.",
  }),
  "url-with-credentials": (p: { value: string }) => ({
    message: `The address ${q(p.value)} contains a user name or password, which would be published for everyone to read.`,
    fix: "Remove the user name and password (the part before @) from the address.",
  }),
  "bad-site-url": (p: { value: string }) => ({
    message: `The site address ${q(p.value)} has a query (?…) or a fragment (#…); it must be the plain address the site is published at.`,
    fix: "Write only the address of the site's home page, like https://news.example.com/.",
  }),
  // Files: what may be read and published (issue 9). Messages name the file, so they read
  // the same at the file itself and at a place that refers to it.
  "link-outside-content": (p: { file: string; target: string; hidden: boolean }) => ({
    message: p.hidden
      ? `${q(p.file)} is a symbolic link to ${p.target}, a hidden file or folder, which Herald never reads or publishes.`
      : `${q(p.file)} is a symbolic link to ${p.target}, outside the content folder: Herald reads and publishes nothing from there.`,
    fix: "Copy the file into the content folder (not into a hidden folder) instead of linking to it, or remove the link.",
  }),
  "link-loop": (p: { file: string; target: string; first?: string }) => ({
    message: `${q(p.file)} is a symbolic link to ${p.target}, ${p.first ? `a folder Herald already reads as ${q(p.first)}` : "which leads round in a circle"}; Herald skips it.`,
    fix: "Remove the link, and point to the files by the folder's own name.",
  }),
  "broken-link": (p: { file: string; target: string }) => ({
    message: `${q(p.file)} is a symbolic link to ${p.target}, which does not exist.`,
    fix: "Point the link to an existing file in the content folder, or remove it.",
  }),
  "not-a-regular-file": (p: { file: string; kind: string }) => ({
    message: `${q(p.file)} is a ${p.kind}, not a regular file; Herald does not read it.`,
    fix: "Replace it with a regular file, or remove it.",
  }),
  "unreadable-file": (p: { file: string; reason: string }) => ({
    message: `Herald cannot read ${q(p.file)}: ${p.reason}.`,
    fix: "Make the file readable for the user who runs Herald (chmod a+r), or remove it.",
  }),
  "file-too-large": (p: { file: string; size: number; limit: number }) => ({
    message: `${q(p.file)} is ${fileSize(p.size)}; Herald accepts files of at most ${fileSize(p.limit)} here.`,
    fix: /\.(md|markdown)$/i.test(p.file)
      ? "Split the text into several announcements, or remove what does not belong in it (save pictures in assets/)."
      : /\.ya?ml$/i.test(p.file)
        ? "Split the list, or remove what does not belong in it."
        : "Make the file smaller (compress it, or scale the image down), or publish it elsewhere and link to it.",
  }),
  "file-type-not-allowed": (p: { file: string; extension: string }) => ({
    message: `${q(p.file)} cannot be published: Herald publishes only ${publishableTypes}, and ${p.extension ? `.${p.extension} files are not among them` : "it has no file extension"} (they could run code on the site).`,
    fix: "Save it as one of these types (or put it in a ZIP file), or link to where it is published on the web.",
  }),
  "unpublished-file": (p: { file: string }) => ({
    message: `${q(p.file)} is not published: Herald publishes only ${publishableTypes}.`,
    fix: "Remove it from assets/, or save it as one of these types if it should be published.",
  }),
  "wrong-file-content": (p: { file: string; expected: string; actual: string }) => ({
    message: `${q(p.file)} is not a ${p.expected}: its content is ${p.actual}.`,
    fix: `Save the file again as ${p.expected}, or give it the extension of what it really is.`,
  }),
  "broken-image": (p: { file: string; format: string; detail: string }) => ({
    message: `${q(p.file)} is a damaged ${p.format}: ${p.detail}.`,
    fix: "Export the image again from the program that made it, or copy it again if a download was cut short.",
  }),
  "image-too-large": (p: {
    file: string;
    width: number;
    height: number;
    decodedBytes?: number;
  }) => ({
    message: p.decodedBytes
      ? `${q(p.file)} is ${p.width.toLocaleString("en")}×${p.height.toLocaleString("en")} pixels of ${fileSize(p.decodedBytes)} once decoded; Herald accepts images of at most 120 MB decoded (40 megapixels in 8-bit RGB).`
      : `${q(p.file)} is ${p.width.toLocaleString("en")}×${p.height.toLocaleString("en")} pixels; Herald accepts at most 10,000 pixels per side and 40 megapixels in all.`,
    fix: "Scale the image down: 2,000 pixels on the long side is plenty for the web and for print.",
  }),
  "unsafe-svg": (p: { file: string; what: string; line: number }) => ({
    message: `${q(p.file)} contains ${p.what} (line ${p.line}), which could run code or load files from elsewhere when the SVG is opened.`,
    fix: "Remove it from the SVG (export a plain SVG without scripts, or a PNG), then try again.",
  }),
  "logo-too-small": (p: { file: string; width: number; height: number; min: number }) => ({
    message: `${q(p.file)} is ${p.width}×${p.height} pixels: the site's icons (up to ${p.min}×${p.min} pixels) and the logo in the header and the email are drawn larger than that, so they will look blurry.`,
    fix: `Export the logo again at least ${p.min} pixels on its longer side, or as an SVG, and point logo at the new file.`,
  }),
  "logo-out-of-shape": (p: {
    file: string;
    width: number;
    height: number;
    wide: boolean;
    max: number;
  }) => ({
    message: `${q(p.file)} is ${p.width}×${p.height} pixels, more than ${p.max} times as ${p.wide ? "wide as it is tall" : "tall as it is wide"}: fitted into the square icons (the browser tab's is 16 pixels), it shrinks to a ${p.wide ? "thin line" : "sliver"} no one can read.`,
    fix: "Point logo at a squarer version of the mark (the symbol without the wordmark, or the wordmark set on two lines); the header and the press kit show that file too.",
  }),
  "not-an-image": (p: { file: string; format: string }) => ({
    message: `${q(p.file)} is a ${p.format} file, not an image.`,
    fix: "Point to a PNG, JPEG, GIF, WebP, AVIF or SVG file here, or link to the file with [text](…) instead.",
  }),
  "hidden-file": (p: { file: string }) => ({
    message: `${q(p.file)} is hidden (its name or a folder's starts with a dot); Herald never publishes hidden files.`,
    fix: "Rename the file without the leading dot, and point to the new name.",
  }),
  "unsafe-file-name": (p: { file: string; what: string }) => ({
    message: `${q(p.file)} has a name that does not work in web addresses: it contains ${p.what}.`,
    fix: "Rename it with letters, digits, hyphens, underscores and dots only, and point to the new name.",
  }),
  "duplicate-file-name": (p: { file: string; other: string }) => ({
    message: `${q(p.file)} and ${q(p.other)} differ only in capital letters; many computers and web servers treat them as one file.`,
    fix: "Rename or remove one of them.",
  }),
  "not-an-announcement": (p: { file: string }) => ({
    message: `${q(p.file)} is not read: announcements are Markdown files ending in .md.`,
    fix: "Rename it to end in .md if it is an announcement; otherwise move it out of announcements/.",
  }),
  "misnamed-file": (p: { file: string; name: string }) => ({
    message: `${q(p.file)} is not read: Herald reads ${p.name}.`,
    fix: `Rename it to ${p.name}.`,
  }),
  "bad-words-message": (p: { problem: string }) => ({
    message: `This message cannot be read: ${p.problem}.`,
    fix: "Write plain text, with {name} where a value goes and {count, plural, one {…} other {…}} where the words depend on a number; to print a brace, put it in apostrophes ('{').",
  }),
  "unknown-words-slot": (p: { slot: string; slots: readonly string[] }) => ({
    message: `{${p.slot}} is not a value this message is given.`,
    fix: p.slots.length
      ? `Use only ${p.slots.map((s) => `{${s}}`).join(", ")} here, or remove the braces.`
      : "This message is given no values: remove the braces.",
  }),
  "unused-words-slot": (p: { slots: readonly string[] }) => ({
    message: `This message leaves out ${p.slots.map((s) => `{${s}}`).join(", ")}, so readers will not see that value.`,
    fix: "Put each value where it belongs in the sentence.",
  }),
  "missing-words": (p: {
    locale: string;
    language: string;
    missing: readonly string[];
    all: boolean;
  }) => ({
    message: p.all
      ? `Herald has no interface words for ${p.locale} (${p.language}), and labels.yaml gives none: headings, labels and the email's greeting would have no text.`
      : `Herald has no interface words for ${p.locale} (${p.language}), and labels.yaml leaves out ${p.missing.length} of them: ${p.missing.slice(0, 8).join(", ")}${p.missing.length > 8 ? ", …" : ""}.`,
    fix: p.all
      ? `Add the words to labels.yaml in the content folder, under "${p.locale}:"; \`herald labels --locale ${p.locale}\` prints every key with the English words to translate. Or remove ${p.locale} from locales.`
      : `Add the missing keys under "${p.locale}:" in labels.yaml; \`herald labels --locale ${p.locale}\` prints every key with the English words to translate.`,
  }),
} satisfies Record<string, (params: never) => { message: string; fix: string }>;

export type DiagnosticCode = keyof typeof catalogue;
export type Severity = "error" | "warning";

/** `value` (a date, or a date and time without an offset) as a moment Herald accepts. */
const momentExample = (value: string) => {
  const date = value.slice(0, 10);
  const time = value.slice(11).replace(/-00:00$/, "") || "09:00:00";
  return `${date}T${time}+01:00`;
};

/** One content problem, located in its file. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** Path relative to the content folder, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, counted in Unicode code points. */
  column: number;
  /** Where in the file's data, for people: `funding › lead › item 1`. Empty for the whole file. */
  field: string;
  message: string;
  fix: string;
}

export interface Place {
  file: string;
  line: number;
  column: number;
  field: string;
}

/** Builds a diagnostic from a catalogue entry. */
export function diagnose<C extends DiagnosticCode>(
  code: C,
  place: Place,
  ...[params, severity = "error"]: Parameters<(typeof catalogue)[C]> extends []
    ? [params?: Record<string, never>, severity?: Severity]
    : [params: Parameters<(typeof catalogue)[C]>[0], severity?: Severity]
): Diagnostic {
  const entry = catalogue[code] as (p: typeof params) => { message: string; fix: string };
  return { code, severity, ...place, ...entry(params) };
}

/** Turns a data path like ["funding", "lead", 0] into `funding › lead › item 1`. */
export function fieldLabel(path: readonly PropertyKey[]): string {
  return path
    .map((segment) => (typeof segment === "number" ? `item ${segment + 1}` : shorten(segment)))
    .join(" › ");
}

/** The text a person reads: location and field, what is wrong, and the fix. */
export function formatDiagnostic(d: Diagnostic, root = ""): string {
  const file = root ? `${root.replace(/\/+$/, "")}/${d.file}` : d.file;
  const field = d.field ? ` (${d.field})` : "";
  return `${file}:${d.line}:${d.column} ${d.severity} ${d.code}${field}\n  ${d.message}\n  Fix: ${d.fix}`;
}

/** Sorts diagnostics by file and position so reports read top to bottom. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.code, b.code),
  );
}
// One collator: localeCompare(x, "en") builds one per call, seconds for 20,000 diagnostics.
const compareText = new Intl.Collator("en").compare;
