import { existsSync, readFileSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";

// The send journal: one JSON line per event, appended and flushed to disk before the next
// step, so a crash, kill -9 or Ctrl-C loses nothing.
//
// The window that cannot be closed: the server has accepted a message, and the process dies
// before "sent" reaches the disk (well under a millisecond per message). Such a recipient has
// no outcome in the journal, so the next run sends again, with the same Message-ID (derived
// from announcement, locale and address): in the rare case that the first copy did arrive,
// mail clients recognize the same message. Everyone journaled "sent" is never sent again.

export type JournalState = "sent" | "failed";

export interface JournalEntry {
  email: string;
  state: JournalState;
  messageId?: string;
  reason?: string;
}

export class Journal {
  /** The last state of each address, lower-cased, from earlier runs and this one. */
  readonly states = new Map<string, JournalState>();

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
  ) {
    this.load();
  }

  /** Opens (or creates) the journal at `path` and reads what earlier runs recorded. */
  static async open(path: string): Promise<Journal> {
    return new Journal(path, await open(path, "a"));
  }

  private load(): void {
    const path = this.path;
    if (existsSync(path)) {
      for (const line of readFileSync(path, "utf8").split("\n")) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as JournalEntry;
          this.states.set(entry.email.toLowerCase(), entry.state);
        } catch {
          // A line cut short by a crash: its recipient has no outcome and is sent again.
        }
      }
    }
  }

  /** Whether the server already accepted a message for this address. */
  wasSent(email: string): boolean {
    return this.states.get(email.toLowerCase()) === "sent";
  }

  /**
   * Appends an entry and resolves once it is on disk. Flushes run on libuv's thread pool, so
   * entries of concurrent sends reach the disk together instead of one after another.
   */
  async record(entry: JournalEntry): Promise<void> {
    this.states.set(entry.email.toLowerCase(), entry.state);
    await this.file.appendFile(`${JSON.stringify(entry)}\n`);
    await this.file.datasync();
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
