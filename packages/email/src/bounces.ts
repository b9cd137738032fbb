import { type Attachment, type HeaderValue, type ParsedMail, simpleParser } from "mailparser";
import { parseAddress } from "./address.js";
import { mailboxKind, readMailbox } from "./mailbox.js";
import { reasonText, suppressionKey } from "./suppressions.js";

// Bounces and complaints, told apart from everything else that lands in a bounce mailbox:
// RFC 3464 delivery status notifications, RFC 5965 (ARF) complaint reports, and the
// non-standard bounces that name the failed address clearly (X-Failed-Recipients, qmail).
// Messages are read with mailparser and judged by their structure (report parts, header
// fields), never by searching the raw text for anything that looks like an address: a wrong
// guess would stop mail to someone who still wants it.

/** What a message is, as far as the suppression list is concerned. */
export type MessageKind =
  /** A permanent failure for an address (RFC 3464 failed 5.x.x, X-Failed-Recipients, qmail). */
  | "hard-bounce"
  /** A request to leave sent to the List-Unsubscribe mailto address ("unsubscribe ADDRESS"). */
  | "unsubscribe"
  /** A complaint (ARF abuse, fraud, virus, other). */
  | "complaint"
  /** Delayed, or given up on after a temporary failure (4.x.x): not suppressed. */
  | "soft-bounce"
  /** Refused for the message or the sender (policy 5.7.x, content, size, mailbox full). */
  | "blocked"
  /** A report of success (delivered, relayed, expanded). */
  | "delivered"
  /** A bounce or report that does not say clearly which address it is about. */
  | "unclear"
  /** An out-of-office or other automatic reply, a read receipt, an unused report. */
  | "auto-reply"
  /** An ordinary message from a person. */
  | "reply"
  /** Not readable as an email message. */
  | "broken"
  /** The file could not be read at all (permissions, a disk error). */
  | "unreadable";

export interface Finding {
  /** The address to suppress, as the message names it. */
  email: string;
  /** Why, in words, for the suppression list ("hard bounce 5.1.1: 550 5.1.1 User unknown"). */
  reason: string;
}

export interface Classification {
  kind: MessageKind;
  /** The addresses to suppress (hard bounces, complaints and unsubscribe requests only). */
  suppress: Finding[];
  /** What else the message says, in words: addresses not suppressed and why, or why it is unclear. */
  notes: string[];
}

const PARSE = {
  keepDeliveryStatus: true,
  ignoreEmbedded: true,
  skipImageLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  keepCidLinks: true,
  checksumAlgo: false,
} as const;

/** One line, control characters out, cut as the list cuts reasons. */
const oneLine = reasonText;

/** A header's text: the first of repeated ones, the text of an address header. */
function headerText(value: HeaderValue | undefined): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return headerText(value[0] as HeaderValue);
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("value" in value && typeof value.value === "string") return value.value;
  return "";
}

/** Every value of a header that may repeat (Original-Rcpt-To). */
function headerTexts(value: HeaderValue | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value)
    ? value.map((v) => headerText(v as HeaderValue))
    : [headerText(value)];
}

/** A header block (a DSN's per-recipient fields, an ARF report) parsed as mail headers. */
async function fields(block: string): Promise<Map<string, HeaderValue>> {
  return (await simpleParser(`${block.trim()}\r\n\r\n`, PARSE)).headers;
}

/** The blocks of a message/delivery-status body: per-message fields, then one per recipient. */
const blocks = (body: string) =>
  body
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .filter((b) => b.trim() !== "");

/** An address written in a header, without angle brackets; undefined unless it is one. */
function cleanAddress(text: string): string | undefined {
  const address = text
    .trim()
    .replace(/^<(.*)>$/, "$1")
    .trim();
  return parseAddress(address) ? address : undefined;
}

/** The address of a DSN recipient field: "rfc822; bob@example.com", or the utf-8 type. */
function dsnAddress(value: string): string | undefined {
  const semicolon = value.indexOf(";");
  if (semicolon < 0) return cleanAddress(value);
  const type = value.slice(0, semicolon).trim().toLowerCase();
  const address = value.slice(semicolon + 1);
  if (type === "rfc822") return cleanAddress(address);
  // RFC 6533: beyond ASCII as \x{HHHH} in a message/delivery-status, raw in the global one.
  if (type === "utf-8")
    return cleanAddress(
      address.replace(/\\x\{([0-9A-Fa-f]{2,6})\}/g, (_, hex: string) =>
        String.fromCodePoint(Number.parseInt(hex, 16)),
      ),
    );
  return undefined;
}

interface Status {
  code: string;
  class: number;
  subject: number;
  detail: number;
}

/** An enhanced status code (RFC 3463), "5.1.1". */
function parseStatus(text: string): Status | undefined {
  const match = /^([245])\.(\d{1,3})\.(\d{1,3})(?!\d)/.exec(text.trim());
  if (!match) return undefined;
  const [code, c, s, d] = match;
  return { code, class: Number(c), subject: Number(s), detail: Number(d) };
}

/**
 * Why a permanent failure is about the message or the sender rather than the address, or
 * undefined: those addresses stay on the list (a blocked send must not cost the subscribers).
 */
function notAboutAddress(status: Status): string | undefined {
  if (status.subject === 7)
    return "refused by the receiving server's policy (spam filter, reputation or authentication), not because the address does not exist";
  if (status.subject === 6) return "refused for the message's content";
  if (status.subject === 3 && status.detail === 4) return "the message was too large";
  if (status.subject === 2 && status.detail === 2) return "the mailbox is full";
  return undefined;
}

/** A DSN's Diagnostic-Code without its type ("smtp; "). */
const diagnostic = (value: string) => oneLine(value.replace(/^\s*[a-z0-9-]+\s*;\s*/i, ""));

/** RFC 3464: each per-recipient block of the delivery-status part. */
async function fromDsn(body: string): Promise<Classification | undefined> {
  const [, ...recipients] = blocks(body);
  const result: Classification = { kind: "unclear", suppress: [], notes: [] };
  let hard = false;
  let blocked = false;
  let soft = false;
  let delivered = false;
  for (const block of recipients) {
    const f = await fields(block);
    const final = dsnAddress(headerText(f.get("final-recipient")));
    const original = dsnAddress(headerText(f.get("original-recipient")));
    const email = final ?? original;
    const action = headerText(f.get("action")).trim().toLowerCase();
    const statusText = oneLine(headerText(f.get("status")), 40);
    const status = parseStatus(statusText);
    const why = diagnostic(headerText(f.get("diagnostic-code")));
    if (!email) {
      if (action) result.notes.push(`a recipient block (Action: ${action}) names no address`);
      continue;
    }
    const detail = `${status?.code ?? statusText}${why ? `: ${why}` : ""}`;
    if (action === "failed" && status?.class === 5) {
      const notAddress = notAboutAddress(status);
      if (notAddress) {
        blocked = true;
        result.notes.push(`${email}: ${notAddress} (${detail})`);
        continue;
      }
      hard = true;
      result.suppress.push({ email, reason: oneLine(`hard bounce ${detail}`) });
      // Forwarded: the address on the list is the original one, and it leads nowhere.
      if (original && final && original.toLowerCase() !== final.toLowerCase())
        result.suppress.push({
          email: original,
          reason: oneLine(
            `hard bounce ${status.code} (forwarded to ${final})${why ? `: ${why}` : ""}`,
          ),
        });
    } else if (action === "failed" && status?.class === 4) {
      soft = true;
      result.notes.push(
        `${email}: given up after a temporary failure (${detail}), not a permanent one`,
      );
    } else if (action === "failed") {
      result.notes.push(`${email}: failed without a status code (Status: ${statusText || "none"})`);
    } else if (action === "delayed") {
      soft = true;
      result.notes.push(`${email}: delayed (${detail}), still being retried`);
    } else if (["delivered", "relayed", "expanded"].includes(action)) {
      delivered = true;
    } else result.notes.push(`${email}: unknown action "${oneLine(action, 40)}"`);
  }
  if (recipients.length === 0) return undefined;
  result.kind = hard
    ? "hard-bounce"
    : blocked
      ? "blocked"
      : soft
        ? "soft-bounce"
        : delivered
          ? "delivered"
          : "unclear";
  if (result.kind === "unclear" && result.notes.length === 0)
    result.notes.push("could not tell which address bounced");
  return result;
}

const REPORT_PARTS = ["message/delivery-status", "message/global-delivery-status"];
const ORIGINAL_PARTS = [
  "message/rfc822",
  "message/global",
  "text/rfc822-headers",
  "message/global-headers",
];
const COMPLAINTS = ["abuse", "fraud", "virus", "other"];

/** The recipients the attached original message was addressed to. */
async function originalRecipients(mail: ParsedMail): Promise<string[] | undefined> {
  const original = mail.attachments.find((a) => ORIGINAL_PARTS.includes(a.contentType));
  if (!original) return undefined;
  const parsed = await simpleParser(original.content, PARSE);
  const to = parsed.to === undefined ? [] : Array.isArray(parsed.to) ? parsed.to : [parsed.to];
  return to.flatMap((t) =>
    t.value.flatMap((a) => (a.group ?? [a]).map((m) => m.address ?? "")).filter(Boolean),
  );
}

/** RFC 5965: a feedback report. */
async function fromArf(mail: ParsedMail, report: Attachment): Promise<Classification> {
  const f = await fields(report.content.toString("utf8"));
  const type = oneLine(headerText(f.get("feedback-type")), 40).toLowerCase();
  if (!COMPLAINTS.includes(type))
    return {
      kind: "auto-reply",
      suppress: [],
      notes: [
        type === "not-spam"
          ? "a report that a message is not spam"
          : `a feedback report of type "${type || "none"}", not a complaint`,
      ],
    };
  const reporter =
    oneLine(headerText(f.get("reporting-mta")).replace(/^\s*dns\s*;\s*/i, ""), 80) ||
    oneLine(headerText(f.get("user-agent")), 80) ||
    (mail.from?.value[0]?.address ?? "an unnamed reporter");
  const reason = `complaint (${type}) reported by ${reporter}`;
  let named = headerTexts(f.get("original-rcpt-to"));
  if (named.length === 0) named = (await originalRecipients(mail)) ?? [];
  const addresses = [...new Set(named.map(cleanAddress).filter((a) => a !== undefined))];
  if (addresses.length === 1)
    return { kind: "complaint", suppress: [{ email: addresses[0] as string, reason }], notes: [] };
  return {
    kind: "unclear",
    suppress: [],
    notes: [
      addresses.length === 0
        ? `a ${reason}, but it does not name the address that complained (often redacted)`
        : `a ${reason}, but it names ${addresses.length} recipients (${addresses.join(", ")}): could not tell which one complained`,
    ],
  };
}

/** Whether a message comes from a mail system: MAILER-DAEMON, postmaster or the null sender. */
function fromMailSystem(mail: ParsedMail): boolean {
  const returnPath = mail.headers.get("return-path");
  if (returnPath !== undefined && headerText(returnPath).replace(/[<>\s]/g, "") === "") return true;
  const local = (mail.from?.value[0]?.address ?? "").split("@")[0]?.toLowerCase() ?? "";
  return ["mailer-daemon", "mailer_daemon", "postmaster", "mail-daemon"].includes(local);
}

/**
 * qmail-send's bounce ("Hi. This is the qmail-send program at …"), and Yahoo's from the same
 * family ("Sorry, we were unable to deliver your message to the following address."): one
 * paragraph per address, "<addr>:" on its own line and the reason below.
 */
function fromQmail(text: string): Classification | undefined {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim());
  const intro = paragraphs[0] ?? "";
  const qmail = intro.startsWith("Hi. This is the qmail-send program");
  const yahoo = intro.startsWith("Sorry, we were unable to deliver your message");
  if (!qmail && !yahoo) return undefined;
  const permanent = qmail ? intro.includes("This is a permanent error") : true;
  const result: Classification = { kind: "unclear", suppress: [], notes: [] };
  let blocked = false;
  for (const paragraph of paragraphs.slice(1)) {
    if (paragraph.startsWith("---")) break; // the copy of the message starts here
    const [first = "", ...rest] = paragraph.split("\n");
    const match = /^<([^<>\s]+)>:$/.exec(first.trim());
    const email = match && cleanAddress(match[1] as string);
    if (!email) continue;
    const why = oneLine(rest.join(" "));
    // "(#5.1.1)" in qmail's own words, "550 5.1.1" in a remote server's.
    const status = /\(#([245]\.\d{1,3}\.\d{1,3})\)|\b[245]\d\d[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(
      why,
    );
    const parsed = parseStatus(status?.[1] ?? status?.[2] ?? "");
    const smtp = /^([245])\d\d\b/.exec(why)?.[1];
    const isPermanent = permanent && (parsed ? parsed.class === 5 : qmail || smtp === "5");
    if (!isPermanent) {
      result.notes.push(`${email}: not a permanent failure (${why})`);
      continue;
    }
    const notAddress = parsed && notAboutAddress(parsed);
    if (notAddress) {
      blocked = true;
      result.notes.push(`${email}: ${notAddress} (${why})`);
      continue;
    }
    result.suppress.push({
      email,
      reason: oneLine(`hard bounce${parsed ? ` ${parsed.code}` : ""}: ${why}`),
    });
  }
  result.kind =
    result.suppress.length > 0
      ? "hard-bounce"
      : blocked
        ? "blocked"
        : result.notes.length > 0
          ? "soft-bounce"
          : "unclear";
  if (result.kind === "unclear") result.notes.push("could not tell which address bounced");
  return result;
}

/** A bounce's own words: its text before the copy of the message it returns ("------ This is a copy"). */
function ownText(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const copy = lines.findIndex((line) => /^\s*-{3,}/.test(line));
  return (copy < 0 ? lines : lines.slice(0, copy)).join("\n");
}

/**
 * The status a bounce's text gives: the first enhanced status code ("550 5.7.1 …" → 5.7.1),
 * else the first SMTP reply code starting a line ("451 Try later" → 4.0.0).
 */
function statusIn(text: string): Status | undefined {
  const enhanced = /(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.])/.exec(text)?.[1];
  if (enhanced) return parseStatus(enhanced);
  const reply = /^[ \t]*([245])\d\d[ -]/m.exec(text)?.[1];
  return reply ? parseStatus(`${reply}.0.0`) : undefined;
}

/**
 * Exim's paragraph about one address: the address alone on a line, then the indented lines
 * below it ("host …", "SMTP error …", the server's reply).
 */
function paragraphOf(text: string, email: string): string | undefined {
  const lines = text.split("\n");
  const start = lines.findIndex(
    (line) =>
      line
        .trim()
        .replace(/^<|>:?$|:$/g, "")
        .toLowerCase() === email.toLowerCase(),
  );
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && /^\s+\S/.test(lines[end] ?? "")) end++;
  return lines.slice(start, end).join("\n");
}

/**
 * Exim and Gmail name the addresses that failed in X-Failed-Recipients. The header alone is no
 * proof (anyone can write it, and "mailer-daemon@" any domain): each address is judged by the
 * status the text gives for it, as a DSN's is, and without one it is added only when the message
 * shows it is a bounce (the original attached, or Exim's "permanent error").
 */
function fromFailedRecipients(mail: ParsedMail): Classification | undefined {
  const named = headerTexts(mail.headers.get("x-failed-recipients")).flatMap((h) => h.split(","));
  const addresses = [...new Set(named.map(cleanAddress).filter((a) => a !== undefined))];
  if (addresses.length === 0) return undefined;
  const sender = mail.from?.value[0]?.address ?? "the mail system";
  const text = ownText(mail.text ?? "");
  const returned = mail.attachments.some((a) => ORIGINAL_PARTS.includes(a.contentType));
  const permanentWords = /\bpermanent error\b/i.test(text);
  const result: Classification = { kind: "unclear", suppress: [], notes: [] };
  let blocked = false;
  let soft = false;
  for (const email of addresses) {
    const paragraph = paragraphOf(text, email);
    const status =
      (paragraph ? statusIn(paragraph) : undefined) ??
      (addresses.length === 1 ? statusIn(text) : undefined);
    const said = oneLine(paragraph?.split("\n").slice(1).join(" ") ?? "");
    const detail = said || status?.code || "";
    if (status?.class === 4) {
      soft = true;
      result.notes.push(`${email}: a temporary failure (${detail}), not a permanent one`);
      continue;
    }
    if (status?.class === 5) {
      const notAddress = notAboutAddress(status);
      if (notAddress) {
        blocked = true;
        result.notes.push(`${email}: ${notAddress} (${detail})`);
        continue;
      }
    } else if (!returned && !permanentWords) {
      result.notes.push(
        `${email} is named in X-Failed-Recipients, but the message shows no sign of a bounce (no permanent status code, no returned message): not trusted`,
      );
      continue;
    }
    result.suppress.push({
      email,
      reason: oneLine(
        `hard bounce${status?.class === 5 ? ` ${status.code}` : ""}: ${sender} named it in X-Failed-Recipients`,
      ),
    });
  }
  result.kind =
    result.suppress.length > 0
      ? "hard-bounce"
      : blocked
        ? "blocked"
        : soft
          ? "soft-bounce"
          : "unclear";
  return result;
}

/**
 * A request sent to the List-Unsubscribe mailto address: the subject Herald puts in it
 * ("unsubscribe ADDRESS"), or "unsubscribe" alone. Only the sender leaves: a request naming
 * someone else is reported (anyone could otherwise unsubscribe anyone).
 */
function fromUnsubscribeRequest(mail: ParsedMail): Classification | undefined {
  const match = /^\s*unsubscribe(?:\s+(\S+))?\s*$/i.exec(mail.subject ?? "");
  if (!match) return undefined;
  let named: string | undefined;
  if (match[1] !== undefined) {
    let word = match[1];
    try {
      word = decodeURIComponent(word);
    } catch {
      // Not percent-encoded: as written.
    }
    named = cleanAddress(word.replace(/^mailto:/i, ""));
    // "unsubscribe me", "unsubscribe please": a person's words, read by a person.
    if (!named) return undefined;
  }
  const from = cleanAddress(mail.from?.value[0]?.address ?? "");
  if (!from)
    return {
      kind: "unclear",
      suppress: [],
      notes: [`asks to unsubscribe${named ? ` ${named}` : ""}, but has no sender address`],
    };
  if (named && suppressionKey(named) !== suppressionKey(from))
    return {
      kind: "unclear",
      suppress: [],
      notes: [`asks to unsubscribe ${named}, but comes from ${from}`],
    };
  return {
    kind: "unsubscribe",
    suppress: [{ email: from, reason: "unsubscribed (mailto)" }],
    notes: [],
  };
}

/** An automatic reply (RFC 3834 Auto-Submitted, or the headers vacation programs add). */
function isAutomatic(mail: ParsedMail): boolean {
  const auto = headerText(mail.headers.get("auto-submitted")).trim().toLowerCase();
  if (auto !== "" && auto !== "no") return true;
  if (["x-autoreply", "x-autorespond", "x-autoresponder"].some((h) => mail.headers.has(h)))
    return true;
  return headerText(mail.headers.get("precedence")).trim().toLowerCase() === "auto_reply";
}

/** Headers every message has at least one of: without any, the bytes are not a message. */
const MESSAGE_HEADERS = [
  "from",
  "to",
  "subject",
  "date",
  "message-id",
  "received",
  "return-path",
  "content-type",
  "mime-version",
  "delivered-to",
];

/** Classifies one message (its bytes as stored: an .eml file, a maildir file, an mbox entry). */
export async function classifyMessage(bytes: Uint8Array): Promise<Classification> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(Buffer.from(bytes), PARSE);
  } catch (error) {
    return {
      kind: "broken",
      suppress: [],
      notes: [`not readable as an email message (${oneLine((error as Error).message, 120)})`],
    };
  }
  if (!MESSAGE_HEADERS.some((h) => mail.headers.has(h)))
    return { kind: "broken", suppress: [], notes: ["not an email message (no mail headers)"] };
  // Content-Type is parsed into its value and parameters (mailparser's StructuredHeader).
  const type = mail.headers.get("content-type") as { params?: Record<string, string> } | undefined;
  const reportType = (type?.params?.["report-type"] ?? "").toLowerCase();

  const feedback = mail.attachments.find((a) => a.contentType === "message/feedback-report");
  if (feedback) return await fromArf(mail, feedback);
  const status = mail.attachments.find((a) => REPORT_PARTS.includes(a.contentType));
  const dsn = status && (await fromDsn(status.content.toString("utf8")));
  // A DSN that lists no recipient is judged by what else the message says.
  if (dsn && dsn.kind !== "unclear") return dsn;

  const system = fromMailSystem(mail);
  if (system) {
    const named = fromFailedRecipients(mail) ?? fromQmail(mail.text ?? "");
    if (named) return named;
  }
  if (dsn) return dsn;
  if (system || reportType === "delivery-status")
    return { kind: "unclear", suppress: [], notes: ["could not tell which address bounced"] };
  if (reportType === "disposition-notification")
    return { kind: "auto-reply", suppress: [], notes: ["a read receipt"] };
  const unsubscribe = fromUnsubscribeRequest(mail);
  if (unsubscribe) return unsubscribe;
  if (isAutomatic(mail)) return { kind: "auto-reply", suppress: [], notes: [] };
  return { kind: "reply", suppress: [], notes: [] };
}

export interface ScannedMessage extends Classification {
  /** The message's file (for an mbox: file:line of its "From " line). */
  source: string;
}

/**
 * Every message at `paths` (maildirs, folders of .eml files, mbox files, message files),
 * classified. All paths are checked first: a SendError naming the first that cannot be read as
 * mail, before any message is. A message that cannot be read is yielded as such, and the rest
 * are read on.
 */
export async function* scanBounces(paths: readonly string[]): AsyncGenerator<ScannedMessage> {
  for (const path of paths) mailboxKind(path);
  for (const path of paths)
    for await (const message of readMailbox(path)) {
      if ("problem" in message)
        yield {
          source: message.source,
          kind: "unreadable",
          suppress: [],
          notes: [message.problem],
        };
      else yield { source: message.source, ...(await classifyMessage(message.bytes)) };
    }
}
