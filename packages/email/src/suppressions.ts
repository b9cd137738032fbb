import { existsSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname } from "node:path";
import { isUtf16 } from "@herald/model";
import addressparser from "nodemailer/lib/addressparser/index.js";
import { parseAddress } from "./address.js";
import { SendError } from "./errors.js";
import { withFileLock } from "./file-lock.js";
import { csvFields, opensQuote } from "./recipients.js";
import { shown } from "./shown.js";

// The suppression list: everyone who unsubscribed, bounced hard or complained, as CSV
// (email,reason,date) that any spreadsheet opens. Sends skip them; `herald suppress` and the
// unsubscribe server add to it. Lines are only ever appended, each batch in one write to a
// file opened for appending, so concurrent writers (the server, an import) never interleave
// inside a line; each append holds a lock file (LIST.lock) from reading the list to writing,
// so two processes never both add the same address; a send reads the file again whenever it
// changes. Only a file with these columns (email, and reason and date unless a hand-made list
// leaves them out) is read or written: a recipients list passed by mistake would otherwise
// suppress everyone on it, or be written into.
// Matching is on the whole address, case-insensitively (and a Unicode domain matches its
// punycode form).

export const SUPPRESSION_COLUMNS = "email,reason,date";

export interface Suppression {
  /** The address as the list writes it. */
  email: string;
  reason: string;
  /** When it was added, ISO 8601. */
  date: string;
}

/** One key for every spelling of an address: lower-cased whole, domain in ASCII. */
export const suppressionKey = (email: string) =>
  parseAddress(email)?.key.toLowerCase() ?? email.trim().toLowerCase();

/** Reasons are kept short, however they are added: a bounce's diagnostic can run to a screenful. */
export const MAX_REASON = 200;

/** A reason as the list keeps it: one line, control characters out, at most MAX_REASON characters. */
export const reasonText = (text: string, max = MAX_REASON) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: one line is the point.
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/**
 * The address in a list's email field, also in the forms people paste from a mail client:
 * "<bob@example.com>", "mailto:bob@example.com", "Bob <bob@example.com>", "BOB@EXAMPLE.COM."
 * (a trailing dot: the domain's root). Undefined when the field holds no one address.
 */
export function listedAddress(field: string): string | undefined {
  const text = field.trim();
  if (parseAddress(text)) return text;
  let found = text.replace(/^mailto:/i, "").trim();
  if (/[<>"]/.test(found)) {
    const parsed = addressparser(found, { flatten: true });
    if (parsed.length !== 1) return undefined;
    found = (parsed[0]?.address ?? "").replace(/^mailto:/i, "");
  }
  found = found.replace(/\.$/, "");
  return parseAddress(found) ? found : undefined;
}

type Column = "email" | "reason" | "date";
/** Larger is not a list of addresses but a file passed by mistake. */
const MAX_BYTES = 256 * 2 ** 20;
const COLUMNS: readonly Column[] = ["email", "reason", "date"];

// What makes a spreadsheet read a cell as a formula (OWASP "CSV injection"), full-width forms
// included; an apostrophe first makes the cell text, so one already there is doubled.
const FORMULA = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20']/;

/** A CSV field, quoted when it must be; never read as a formula by a spreadsheet. */
const csvField = (value: string) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: one line per entry.
  let text = value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  // Reasons come from bounce messages anyone can send: "=HYPERLINK(…)" stays text.
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A field as written by csvField, back to what was given. */
const fieldValue = (field: string) =>
  field.startsWith("'") && FORMULA.test(field.slice(1)) ? field.slice(1) : field;

/**
 * Whether `header` (lower-cased) names the list's columns, in any order: email, and reason and
 * date unless a list made by hand leaves them out; nothing else.
 */
const isListHeader = (header: string[]) =>
  header.includes("email") &&
  new Set(header).size === header.length &&
  header.every((c) => (COLUMNS as readonly string[]).includes(c));

/** Writers in this process take turns per file, so "never twice" holds for concurrent adds. */
const turns = new Map<string, Promise<unknown>>();

export class SuppressionList {
  private readonly entries = new Map<string, Suppression>();
  /** Size and modification time when last read, to read again only after a change. */
  private seen = "";
  /** The file's columns in its order; undefined while it has no header (new or blank). */
  private columns: Column[] | undefined;

  private constructor(readonly path: string) {}

  /** Reads the list at `path`; a file that does not exist yet is an empty list. */
  static async read(path: string): Promise<SuppressionList> {
    const list = new SuppressionList(path);
    await list.load();
    return list;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Why `email` is suppressed, or undefined. */
  find(email: string): Suppression | undefined {
    return this.entries.get(suppressionKey(email));
  }

  private stamp(): string {
    const stat = this.stat();
    return stat ? `${stat.size}:${stat.mtimeMs}` : "";
  }

  /** The file's stat, undefined when there is no file yet. */
  private stat() {
    try {
      const stat = statSync(this.path);
      if (!stat.isFile())
        throw new SendError(
          `The suppression list ${this.path} is not a file.\n  Fix: pass --suppressions with a CSV file name.`,
        );
      return stat;
    } catch (error) {
      if (error instanceof SendError) throw error;
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new SendError(
        `Could not read the suppression list ${this.path} (${(error as NodeJS.ErrnoException).code}).`,
        { cause: error },
      );
    }
  }

  /** Reads the file again if it changed since (someone unsubscribed during a send). */
  async refresh(): Promise<void> {
    if (this.stamp() !== this.seen) await this.load();
  }

  /** Whether the list was read once already: later reads may meet a line being written. */
  private settled = false;

  /**
   * How far the file was read: the same file (device, inode) that has only grown since, with
   * the bytes before `offset` unchanged, is read on from there. The list is read again before
   * every append; a list of 100,000 addresses would otherwise cost a second each time.
   */
  private read?: { dev: number; ino: number; offset: number; lines: number; guard: Buffer };

  private async load(): Promise<void> {
    const stat = this.stat();
    const was = this.read;
    this.read = undefined;
    if (!stat) {
      this.entries.clear();
      this.columns = undefined;
      this.seen = "";
      return;
    }
    this.seen = "";
    if (stat.size > MAX_BYTES)
      throw new SendError(
        `${this.path}: ${Math.round(stat.size / 2 ** 20)} MB is too large for a suppression list (at most ${MAX_BYTES / 2 ** 20} MB).\n  Fix: pass --suppressions with Herald's suppression list.`,
      );
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.path, "r");
    } catch (error) {
      throw new SendError(
        `Could not read the suppression list ${this.path} (${(error as NodeJS.ErrnoException).code}).\n  Fix: make it readable for the user who runs Herald.`,
        { cause: error },
      );
    }
    try {
      const now = await handle.stat();
      let from = 0;
      if (was && now.dev === was.dev && now.ino === was.ino && now.size >= was.offset) {
        const guard = Buffer.alloc(was.guard.length);
        await handle.read(guard, 0, guard.length, was.offset - guard.length);
        if (guard.equals(was.guard)) from = was.offset;
      }
      const bytes = Buffer.alloc(now.size - from);
      let got = 0;
      while (got < bytes.length) {
        const { bytesRead } = await handle.read(bytes, got, bytes.length - got, from + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      const data = bytes.subarray(0, got);
      if (from === 0) {
        this.entries.clear();
        this.columns = undefined;
        if (isUtf16(data))
          throw new SendError(
            `${this.path}: this file is UTF-16 text; save it as UTF-8 (CSV UTF-8).`,
          );
      }
      if (data.includes(0))
        throw new SendError(
          `${this.path}: this is not a text file (it has NUL bytes), so not a suppression list.\n  Fix: pass --suppressions with Herald's suppression list (email,reason,date).`,
        );
      const done = this.parse(data, from === 0 ? 0 : (was?.lines ?? 0));
      // Only a list read whole counts as read: after an error, the next refresh reads again.
      this.seen = `${stat.size}:${stat.mtimeMs}`;
      this.settled = true;
      const offset = from + done.bytes;
      this.read = {
        dev: now.dev,
        ino: now.ino,
        offset,
        lines: done.lines,
        guard: Buffer.from(
          offset === from
            ? (was?.guard ?? Buffer.alloc(0))
            : data.subarray(Math.max(0, done.bytes - 64), done.bytes),
        ),
      };
    } finally {
      await handle.close();
    }
  }

  /**
   * Parses `data` (the file from a line start on; `line` lines before it) into the list.
   * Returns how many bytes and lines end in complete records: where the next read goes on.
   */
  private parse(data: Buffer, line: number): { bytes: number; lines: number } {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let at = 0;
    let done = { bytes: 0, lines: line };
    let record = "";
    let first = 0;
    const fresh = line === 0;
    while (at < data.length) {
      const end = data.indexOf(10, at);
      const stop = end < 0 ? data.length : end;
      let text: string;
      try {
        text = decoder.decode(data.subarray(at, stop));
      } catch (error) {
        throw new SendError(
          `${this.path}:${line + 1}: this line is not UTF-8 text; save the file as UTF-8 (CSV UTF-8).`,
          { cause: error },
        );
      }
      if (fresh && at === 0) text = text.replace(/^\uFEFF/, "");
      // Lines end in LF or CRLF, or in a lone CR (old Mac exports).
      for (const piece of text.replace(/\r$/, "").split("\r")) {
        line++;
        if (record === "") {
          first = line;
          if (piece.trim() === "") continue;
          record = piece;
        } else record += `\n${piece}`;
        if (opensQuote(record)) continue;
        const fields = csvFields(record);
        const raw = record;
        record = "";
        if (fields.every((f) => f === "")) continue;
        try {
          this.take(first, fields, raw);
        } catch (error) {
          // A last line without its line break, read again during a run: a writer (the
          // server, an import) may be half-way through it. It is read again next time; the
          // first read of a list, before anything is sent, stays strict.
          if (end < 0 && this.settled && error instanceof SendError) continue;
          throw error;
        }
      }
      at = end < 0 ? data.length : end + 1;
      if (end >= 0 && record === "") done = { bytes: at, lines: line };
    }
    if (record !== "")
      throw new SendError(
        `${this.path}:${first}: a quoted field (starting with ") is never closed.\n  Fix: close the quote, or double a quote inside a quoted field ("").`,
      );
    return done;
  }

  /** One record: the header, or an entry. */
  private take(line: number, fields: string[], raw: string): void {
    if (!this.columns) {
      const header = fields.map((f) => f.toLowerCase());
      if (!isListHeader(header))
        throw new SendError(
          `${this.path}:${line}: this is not a suppression list: its first line must name the columns ${SUPPRESSION_COLUMNS} (found "${shown(raw)}"), so Herald neither reads nor writes it.\n  Fix: pass --suppressions with Herald's suppression list (email,reason,date).`,
        );
      this.columns = header as Column[];
      return;
    }
    const at = (name: Column) => fieldValue(fields[this.columns?.indexOf(name) ?? -1] ?? "");
    const field = at("email");
    const email = listedAddress(field);
    // A row Herald cannot read would let someone who left be mailed again: stop instead.
    if (email === undefined)
      throw new SendError(
        `${this.path}:${line}: "${shown(field)}" is not an email address, so Herald cannot tell whom this row keeps from being mailed.\n  Fix: correct or delete that line.`,
      );
    const key = suppressionKey(email);
    if (!this.entries.has(key))
      this.entries.set(key, { email, reason: at("reason"), date: at("date") });
  }

  /**
   * Adds the addresses not on the list yet (read again first: another process may have added
   * some), in one append; returns those added. `date` defaults to now.
   */
  add(
    entries: ReadonlyArray<{ email: string; reason: string; date?: string }>,
  ): Promise<Suppression[]> {
    const previous = turns.get(this.path) ?? Promise.resolve();
    const mine = previous.catch(() => {}).then(() => this.append(entries));
    turns.set(this.path, mine);
    return mine.finally(() => {
      if (turns.get(this.path) === mine) turns.delete(this.path);
    });
  }

  private append(
    entries: ReadonlyArray<{ email: string; reason: string; date?: string }>,
  ): Promise<Suppression[]> {
    // Checked before the lock: a wrong address stops the whole batch, nothing written.
    for (const entry of entries)
      if (!parseAddress(entry.email.trim()))
        throw new SendError(`"${shown(entry.email)}" is not an email address; nothing was added.`);
    const folder = dirname(this.path);
    if (!existsSync(folder))
      throw new SendError(
        `The folder ${folder} of the suppression list ${this.path} does not exist.\n  Fix: create it, or pass --suppressions with a file in an existing folder.`,
      );
    return withFileLock(`${this.path}.lock`, `the suppression list ${this.path}`, () =>
      this.appendLocked(entries),
    );
  }

  private async appendLocked(
    entries: ReadonlyArray<{ email: string; reason: string; date?: string }>,
  ): Promise<Suppression[]> {
    await this.load();
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const added: Suppression[] = [];
    for (const entry of entries) {
      const key = suppressionKey(entry.email);
      if (this.entries.has(key)) continue;
      const suppression = {
        email: entry.email.trim(),
        reason: reasonText(entry.reason),
        date: entry.date ?? now,
      };
      this.entries.set(key, suppression);
      added.push(suppression);
    }
    if (added.length === 0) return added;
    const columns = this.columns ?? COLUMNS;
    const rows = added.map((s) => `${columns.map((c) => csvField(s[c])).join(",")}\n`).join("");
    const file = await this.openForAppend();
    try {
      await file.handle.appendFile(file.start + rows);
      await file.handle.datasync();
    } finally {
      await file.handle.close();
    }
    this.columns = [...columns];
    this.seen = this.stamp();
    return added;
  }

  /** The file opened for appending, with what must come before the rows (line break, header). */
  private async openForAppend() {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.path, "a+");
    } catch (error) {
      throw new SendError(
        `Could not write the suppression list ${this.path} (${(error as NodeJS.ErrnoException).code}).\n  Fix: make it (and its folder) writable, or pass --suppressions with a file in a folder you can write to.`,
        { cause: error },
      );
    }
    const { size } = await handle.stat();
    let start = "";
    if (size > 0) {
      // Edited by hand and saved without a final line break: the next row starts a line.
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 10) start = "\n";
    }
    // A new list, or one of blank lines only: the header first.
    if (!this.columns) start += `${SUPPRESSION_COLUMNS}\n`;
    return { handle, start };
  }
}
