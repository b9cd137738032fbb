import {
  closeSync,
  constants,
  createReadStream,
  openSync,
  readdirSync,
  readSync,
  statSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { SendError } from "./errors.js";

// Where bounce messages are kept: a maildir (cur/ and new/; tmp/ holds deliveries still being
// written), a folder of .eml files, an mbox file (messages after "From " lines, mboxrd
// escaping), or one message file. Paths are checked before anything is read, so a typo stops
// an import before it starts; a message that cannot be read is reported and the rest read.

export type MailboxKind = "maildir" | "folder" | "mbox" | "message";

/** One message, or why it could not be read; `source` is its file (an mbox's: file:line). */
export type MailboxMessage =
  | { source: string; bytes: Buffer }
  | { source: string; problem: string };

/** Larger is not a bounce (they carry at most the original message); not read into memory. */
export const MAX_MESSAGE_BYTES = 50 * 2 ** 20;

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? "error";

const reasons: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOENT: "it does not exist",
  ENOTDIR: "part of the path is a file, not a folder",
  EIO: "the disk reported an input/output error",
  EISDIR: "it is a folder",
};
const reason = (error: unknown) => reasons[errorCode(error)] ?? errorCode(error);

const USE =
  "pass a maildir (the folder with cur/, new/ and tmp/), a folder of .eml files, an mbox file or .eml files";

const isFolder = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Whether a file starts as an mbox does ("From " and the envelope sender). */
function startsLikeMbox(path: string): boolean {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const head = Buffer.alloc(5);
    const n = readSync(fd, head, 0, 5, 0);
    return n === 5 && head.toString("latin1") === "From ";
  } finally {
    closeSync(fd);
  }
}

/** What `path` is, checked: throws a SendError naming the path when it cannot be read as mail. */
export function mailboxKind(path: string): MailboxKind {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new SendError(
      errorCode(error) === "ENOENT"
        ? `${path}: there is no file or folder here.\n  Fix: ${USE}.`
        : `${path}: could not read it (${reason(error)}).\n  Fix: make it readable for the user who runs Herald.`,
      { cause: error },
    );
  }
  try {
    if (stat.isDirectory()) {
      if (isFolder(join(path, "cur")) || isFolder(join(path, "new"))) return "maildir";
      if (readdirSync(path).some((name) => /\.eml$/i.test(name))) return "folder";
      throw new SendError(
        `${path}: this folder is not a maildir (it has no cur/ or new/ folder) and holds no .eml files.\n  Fix: ${USE}.`,
      );
    }
    if (!stat.isFile())
      throw new SendError(`${path}: this is neither a file nor a folder.\n  Fix: ${USE}.`);
    return startsLikeMbox(path) ? "mbox" : "message";
  } catch (error) {
    if (error instanceof SendError) throw error;
    throw new SendError(
      `${path}: could not read it (${reason(error)}).\n  Fix: make it readable for the user who runs Herald.`,
      { cause: error },
    );
  }
}

/**
 * One message file. Opened without blocking and checked on the open file: a FIFO or a device in
 * a mailbox (or a symlink to one, /dev/zero) would otherwise hang the import or never end.
 */
async function readMessageFile(path: string): Promise<MailboxMessage> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { source: path, problem: `could not read it (${reason(error)})` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { source: path, problem: "not a regular file" };
    if (stat.size > MAX_MESSAGE_BYTES)
      return {
        source: path,
        problem: `larger than ${MAX_MESSAGE_BYTES / 2 ** 20} MB, too large for a bounce; not read`,
      };
    return { source: path, bytes: await handle.readFile() };
  } catch (error) {
    return { source: path, problem: `could not read it (${reason(error)})` };
  } finally {
    await handle.close();
  }
}

/** The message files of a folder, in name order (same input, same report). */
function files(folder: string, keep: (name: string) => boolean): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((e) => !e.name.startsWith(".") && keep(e.name) && !e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => join(folder, name));
}

const FROM = Buffer.from("From ");
const isBlank = (line: Buffer) =>
  line.length === 0 ||
  (line.length === 1 && line[0] === 13) ||
  line.every((b) => b === 32 || b === 9 || b === 13);

/** mboxrd: a line ">From ", ">>From " … lost one ">" when it was stored. */
const unescapeFrom = (line: Buffer) => {
  let i = 0;
  while (line[i] === 62) i++;
  return i > 0 && line.subarray(i, i + 5).equals(FROM) ? line.subarray(1) : line;
};

/**
 * The messages of an mbox file, streamed: a message starts at a "From " line at the start of
 * the file or after a blank line (a "From " inside a paragraph is text).
 */
async function* readMbox(path: string): AsyncGenerator<MailboxMessage> {
  let lineNo = 0;
  let start = 0;
  let parts: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  let previousBlank = true;
  const message = (): MailboxMessage => {
    const source = `${path}:${start}`;
    if (tooLarge)
      return {
        source,
        problem: `larger than ${MAX_MESSAGE_BYTES / 2 ** 20} MB, too large for a bounce; not read`,
      };
    return { source, bytes: Buffer.concat(parts) };
  };
  /** Takes one line (without its LF); returns a finished message when this line starts the next. */
  const take = (line: Buffer): MailboxMessage | undefined => {
    lineNo++;
    let done: MailboxMessage | undefined;
    if (previousBlank && line.subarray(0, 5).equals(FROM)) {
      if (start > 0) done = message();
      start = lineNo;
      parts = [];
      size = 0;
      tooLarge = false;
      previousBlank = false;
      return done;
    }
    previousBlank = isBlank(line);
    const kept = unescapeFrom(line);
    size += kept.length + 1;
    if (size > MAX_MESSAGE_BYTES) {
      tooLarge = true;
      parts = [];
    } else if (!tooLarge) parts.push(Buffer.from(kept), Buffer.from("\n"));
    return undefined;
  };
  let pending = Buffer.alloc(0);
  try {
    for await (const chunk of createReadStream(path)) {
      let data = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
      let at = data.indexOf(10);
      while (at >= 0) {
        const done = take(data.subarray(0, at));
        if (done) yield done;
        data = data.subarray(at + 1);
        at = data.indexOf(10);
      }
      pending = Buffer.from(data);
    }
  } catch (error) {
    yield { source: `${path}:${lineNo + 1}`, problem: `could not read on (${reason(error)})` };
    return;
  }
  if (pending.length) {
    const done = take(pending);
    if (done) yield done;
  }
  if (start > 0) yield message();
}

/** The messages at `path` (checked with mailboxKind first), in a stable order. */
export async function* readMailbox(path: string): AsyncGenerator<MailboxMessage> {
  const kind = mailboxKind(path);
  if (kind === "message") {
    yield await readMessageFile(path);
    return;
  }
  if (kind === "mbox") {
    yield* readMbox(path);
    return;
  }
  const folders = kind === "maildir" ? ["cur", "new"].map((f) => join(path, f)) : [path];
  for (const folder of folders) {
    if (!isFolder(folder)) continue;
    let names: string[];
    try {
      names = files(folder, (name) => kind === "maildir" || /\.eml$/i.test(name));
    } catch (error) {
      yield { source: folder, problem: `could not list it (${reason(error)})` };
      continue;
    }
    for (const name of names) yield await readMessageFile(name);
  }
}
