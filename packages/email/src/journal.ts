import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, writeSync } from "node:fs";

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
  private readonly fd: number;
  /** The last state of each address, lower-cased, from earlier runs and this one. */
  readonly states = new Map<string, JournalState>();

  constructor(readonly path: string) {
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
    this.fd = openSync(path, "a");
  }

  /** Whether the server already accepted a message for this address. */
  wasSent(email: string): boolean {
    return this.states.get(email.toLowerCase()) === "sent";
  }

  record(entry: JournalEntry): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fdatasyncSync(this.fd);
    this.states.set(entry.email.toLowerCase(), entry.state);
  }

  close(): void {
    closeSync(this.fd);
  }
}
