import { isAbsolute, relative, resolve } from "node:path";
import {
  type Finding,
  type MessageKind,
  mailboxKind,
  parseAddress,
  SendError,
  type Suppression,
  SuppressionList,
  scanBounces,
  shown,
  suppressionKey,
} from "@herald/email";
import { contentDirOf } from "../content.js";
import { HeraldError, UsageError } from "../errors.js";
import { realPath, suppressionsPath } from "../file-options.js";
import { type Io, println } from "../io.js";
import { count } from "../words.js";

export interface SuppressCommandOptions {
  reason?: string;
  suppressions?: string;
  out?: string;
  content?: string;
}

const DEFAULT_REASON = "added by hand";

/** A path for a person: relative to where the command was typed when it is below it. */
const shownPath = (io: Io, path: string) => {
  const rel = relative(io.cwd, path);
  return show(rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path);
};

/**
 * Text from a message or a file name, for a terminal: anyone can send a bounce, and an address
 * or a reason could carry control or bidi characters that move the cursor or reorder the line.
 */
const show = (text: string) => shown(text, 400);

/** Runs `work`, turning the email package's errors into the CLI's (exit 1, message only). */
async function asHerald<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SendError) throw new HeraldError(error.message, { cause: error });
    throw error;
  }
}

export async function suppress(
  io: Io,
  options: SuppressCommandOptions,
  positionals: readonly string[] = [],
): Promise<number> {
  const [action, ...args] = positionals;
  if (action !== "add" && action !== "import")
    throw new UsageError(
      action === undefined
        ? "herald suppress needs add or import: herald suppress add EMAIL... or herald suppress import PATH..."
        : `"${action}" is not a suppress command; use add or import.`,
    );
  if (options.reason !== undefined && action !== "add")
    throw new UsageError(
      "--reason is for herald suppress add; an import takes each reason from its message.",
      { brief: true },
    );
  if (args.length === 0)
    throw new UsageError(
      action === "add"
        ? "herald suppress add needs at least one email address, such as herald suppress add bob@example.com."
        : "herald suppress import needs at least one maildir, mbox file or .eml file.",
      { brief: true },
    );
  const contentDir = realPath(contentDirOf(io, options.content));
  const path = suppressionsPath(io, options, contentDir);
  return action === "add"
    ? await add(io, path, args, options.reason ?? DEFAULT_REASON)
    : await importMessages(io, path, args);
}

/** `herald suppress add`: the addresses, checked all before any is written. */
async function add(io: Io, path: string, args: string[], reason: string): Promise<number> {
  const wrong = args.filter((a) => !parseAddress(a.trim()));
  if (wrong.length > 0)
    throw new UsageError(
      `${wrong.map((a) => `"${shown(a, 80)}"`).join(", ")} ${wrong.length === 1 ? "is not an email address" : "are not email addresses"}, so nothing was added.\n  Fix: pass each address alone, such as bob@example.com (no name, no angle brackets).`,
      { brief: true },
    );
  const seen = new Set<string>();
  const emails = args
    .map((a) => a.trim())
    .filter((email) => {
      const key = suppressionKey(email);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const listName = shownPath(io, path);
  const { added, list } = await asHerald(async () => {
    const list = await SuppressionList.read(path);
    return { list, added: await list.add(emails.map((email) => ({ email, reason }))) };
  });
  const addedReasons = new Map(added.map((s) => [suppressionKey(s.email), s.reason]));
  for (const email of emails) {
    const stored = addedReasons.get(suppressionKey(email));
    if (stored !== undefined) println(io.stdout, `added: ${show(email)} (${show(stored)})`);
    else println(io.stdout, `already listed: ${show(email)}${listed(list.find(email))}`);
  }
  const already = emails.length - added.length;
  println(
    io.stdout,
    `Added ${count(added.length, "address", "addresses")} to ${listName}${already ? `; ${already} ${already === 1 ? "was" : "were"} already listed` : ""}.`,
  );
  return 0;
}

/** " (reason, since date)" of an entry on the list. */
const listed = (entry: Suppression | undefined) =>
  entry
    ? ` (${entry.reason || "no reason given"}${entry.date ? `, since ${entry.date}` : ""})`
    : "";

/** What the summary calls each kind of message. */
const KIND_WORDS: Record<MessageKind, [string, string]> = {
  "hard-bounce": ["hard bounce", "hard bounces"],
  unsubscribe: ["unsubscribe request", "unsubscribe requests"],
  complaint: ["complaint", "complaints"],
  "soft-bounce": ["delayed or temporary failure", "delayed or temporary failures"],
  blocked: ["refused for the message or sender", "refused for the message or sender"],
  delivered: ["delivery report", "delivery reports"],
  "auto-reply": ["automatic reply", "automatic replies"],
  reply: ["reply", "replies"],
  unclear: ["unclear (nothing added)", "unclear (nothing added)"],
  broken: ["not a message", "not messages"],
  unreadable: ["unreadable", "unreadable"],
};

/** The kinds of message whose addresses are added; the summary counts the others. */
const ADDED_KINDS: readonly MessageKind[] = ["hard-bounce", "complaint", "unsubscribe"];

/** `herald suppress import`: every message read, then the findings added in one append. */
async function importMessages(io: Io, path: string, args: string[]): Promise<number> {
  // Every path checked before anything is read, named as it was typed.
  const paths = args.map((arg) => {
    const full = resolve(io.cwd, arg);
    try {
      mailboxKind(full);
    } catch (error) {
      if (error instanceof SendError)
        throw new HeraldError(
          error.message.startsWith(full)
            ? `${show(arg)}${error.message.slice(full.length)}`
            : error.message,
          { cause: error },
        );
      throw error;
    }
    return full;
  });
  const listName = shownPath(io, path);
  // The list is read first: a file that is not a suppression list stops the import untouched.
  const list = await asHerald(() => SuppressionList.read(path));
  // Printed in message order once the findings are on the list (added, or already there).
  const report: Array<
    | { finding: Finding; from: string }
    | { note: string; from: string }
    | { skipped: string; from: string }
  > = [];
  const kinds = new Map<MessageKind, number>();
  let messages = 0;
  for await (const message of scanBounces(paths)) {
    messages++;
    kinds.set(message.kind, (kinds.get(message.kind) ?? 0) + 1);
    const from = shownPath(io, message.source);
    for (const finding of message.suppress) report.push({ finding, from });
    if (["unclear", "broken", "unreadable"].includes(message.kind))
      report.push({
        skipped: message.notes.join("; ") || "could not tell which address bounced",
        from,
      });
    else for (const note of message.notes) report.push({ note, from });
  }
  const findings = report.flatMap((r) => ("finding" in r ? [r.finding] : []));
  const added = await asHerald(() =>
    list.add(findings.map(({ email, reason }) => ({ email, reason }))),
  );
  const addedKeys = new Set(added.map((s) => suppressionKey(s.email)));
  const printed = new Set<string>();
  let already = 0;
  for (const entry of report) {
    if ("skipped" in entry) println(io.stderr, `skipped: ${entry.from}: ${show(entry.skipped)}`);
    else if ("note" in entry)
      println(io.stdout, `not added: ${show(entry.note)} (from ${entry.from})`);
    else {
      const { email, reason } = entry.finding;
      const key = suppressionKey(email);
      if (addedKeys.has(key) && !printed.has(key)) {
        printed.add(key);
        println(io.stdout, `added: ${show(email)} (${show(reason)}) from ${entry.from}`);
      } else {
        already++;
        println(
          io.stdout,
          `already listed: ${show(email)}${listed(list.find(email))} from ${entry.from}`,
        );
      }
    }
  }
  const tally = [...kinds.entries()]
    .filter(([kind]) => !ADDED_KINDS.includes(kind))
    .map(([kind, n]) => `${n} ${KIND_WORDS[kind][n === 1 ? 0 : 1]}`);
  println(
    io.stdout,
    `Read ${count(messages, "message")}: added ${count(added.length, "address", "addresses")} to ${listName}${already ? `, ${already} already listed` : ""}${tally.length ? `; not added: ${tally.join(", ")}` : ""}.`,
  );
  // Not a file Herald could read, or not a message: someone should look (exit 1).
  const unreadable = (kinds.get("unreadable") ?? 0) + (kinds.get("broken") ?? 0);
  if (unreadable > 0) {
    println(
      io.stderr,
      `herald: ${count(unreadable, "message")} could not be read (see "skipped" above); the others were imported.\n  Fix: make the files readable for the user who runs Herald, or move what is not a message out of the mailbox, then import again (nothing is added twice).`,
    );
    return 1;
  }
  return 0;
}
