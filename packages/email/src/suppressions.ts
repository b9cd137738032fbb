import { statSync } from "node:fs";
import { open } from "node:fs/promises";
import { parseAddress } from "./address.js";
import { SendError } from "./errors.js";
import { csvRecords } from "./recipients.js";
import { shown } from "./shown.js";

// The suppression list: everyone who unsubscribed, bounced hard or complained, as CSV
// (email,reason,date) that any spreadsheet opens. Sends skip them; `herald suppress` and the
// unsubscribe server add to it. Lines are only ever appended, each batch in one write to a
// file opened for appending, so concurrent writers (the server, an import) never interleave
// inside a line; a send reads the file again whenever it changes.
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

/** A CSV field, quoted when it must be; never read as a formula by a spreadsheet. */
const csvField = (value: string) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: one line per entry.
  let text = value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  // Reasons come from bounce messages anyone can send: "=HYPERLINK(…)" stays text.
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\s]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Writers in this process take turns per file, so "never twice" holds for concurrent adds. */
const turns = new Map<string, Promise<unknown>>();

export class SuppressionList {
  private readonly entries = new Map<string, Suppression>();
  /** Rows that are not an address, by line: reported, never matched. */
  readonly problems: Array<{ line: number; message: string }> = [];
  /** Size and modification time when last read, to read again only after a change. */
  private seen = "";

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
    try {
      const stat = statSync(this.path);
      if (!stat.isFile())
        throw new SendError(
          `The suppression list ${this.path} is not a file.\n  Fix: pass --suppressions with a CSV file name.`,
        );
      return `${stat.size}:${stat.mtimeMs}`;
    } catch (error) {
      if (error instanceof SendError) throw error;
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
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

  private async load(): Promise<void> {
    const stamp = this.stamp();
    this.entries.clear();
    this.problems.length = 0;
    this.seen = stamp;
    if (stamp === "") return;
    let columns: string[] | undefined;
    for await (const { line, fields, raw } of csvRecords(this.path)) {
      if (!columns) {
        columns = fields.map((f) => f.toLowerCase());
        if (!columns.includes("email"))
          throw new SendError(
            `${this.path}:${line}: this is not a suppression list: its first line must name the columns ${SUPPRESSION_COLUMNS} (found "${shown(raw)}").\n  Fix: pass --suppressions with Herald's suppression list, or a new file name (Herald creates it).`,
          );
        continue;
      }
      const at = (name: string) => fields[columns?.indexOf(name) ?? -1] ?? "";
      const email = at("email");
      if (!parseAddress(email)) {
        this.problems.push({ line, message: `"${shown(email)}" is not an email address` });
        continue;
      }
      const key = suppressionKey(email);
      if (!this.entries.has(key))
        this.entries.set(key, { email, reason: at("reason"), date: at("date") });
    }
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

  private async append(
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
        reason: entry.reason,
        date: entry.date ?? now,
      };
      this.entries.set(key, suppression);
      added.push(suppression);
    }
    if (added.length === 0) return added;
    const rows = added
      .map((s) => `${[s.email, s.reason, s.date].map(csvField).join(",")}\n`)
      .join("");
    const file = await this.openForAppend();
    try {
      await file.handle.appendFile(file.start + rows);
      await file.handle.datasync();
    } finally {
      await file.handle.close();
    }
    this.seen = this.stamp();
    return added;
  }

  /** The file opened for appending, with what must come before the rows (header, line break). */
  private async openForAppend() {
    try {
      // A new list: created with its header, never over a file someone just made.
      return { handle: await open(this.path, "wx"), start: `${SUPPRESSION_COLUMNS}\n` };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST")
        throw new SendError(
          `Could not write the suppression list ${this.path} (${(error as NodeJS.ErrnoException).code}).\n  Fix: make its folder writable, or pass --suppressions with a file in a folder you can write to.`,
          { cause: error },
        );
    }
    const handle = await open(this.path, "a+");
    const { size } = await handle.stat();
    let start = "";
    if (size === 0) start = `${SUPPRESSION_COLUMNS}\n`;
    else {
      // Edited by hand and saved without a final line break: the next row starts a line.
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 10) start = "\n";
    }
    return { handle, start };
  }
}
