import { readFileSync, statSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { z } from "zod";
import { SendError } from "./errors.js";

// The send journal: one JSON line per event, appended and flushed to disk before the next
// step, so a crash, kill -9 or Ctrl-C loses nothing. Its first line names the announcement,
// so a journal is never reused for another one by mistake.
//
// The window that cannot be closed: the server has accepted a message, and the process dies
// before "sent" reaches the disk (well under a millisecond per message). So before a message
// is handed to the server, an "attempt" line reaches the disk: after a crash, the recipients
// with an attempt and no outcome are exactly those who may have it already. The next run
// sends to them again, with the same Message-ID (derived from announcement, locale and
// address), so mail clients recognize the same message, and says how many there were.
// Everyone journaled "sent" is never sent again.

const headerSchema = z.object({
  /** Marks the file as a Herald send journal. */
  journal: z.literal("herald send"),
  /** The announcement id this journal belongs to. */
  announcement: z.string(),
});

const entrySchema = z.object({
  /** The address as the recipients file lists it. */
  email: z.string().min(1),
  /**
   * attempt: about to be handed to the server (no outcome yet); sent: the server accepted
   * the message; failed: it refused it for this recipient; unsent: the run stopped on a
   * refusal before the message went out (the sender, the login): the next run sends it.
   */
  state: z.enum(["attempt", "sent", "failed", "unsent"]),
  /** The Message-ID of the message sent. */
  messageId: z.string().optional(),
  /** Why the server refused it. */
  reason: z.string().optional(),
  /**
   * Where the message went: "outbox" (an .eml file, nobody got it yet) or the SMTP server's
   * host:port. A send elsewhere sends again; entries without it (older journals) count as
   * sent everywhere, so an old journal never sends anyone a second message.
   */
  via: z.string().optional(),
  /**
   * The campaign the message belongs to: "embargo <instant>" for the embargoed message sent
   * ahead of its time; none for the public one (and in older journals). One journal holds
   * both, and each run counts only its own campaign's entries.
   */
  campaign: z.string().optional(),
});

export type JournalEntry = z.infer<typeof entrySchema>;
export type JournalState = JournalEntry["state"];

const broken = (path: string, line: number, why: string) =>
  new SendError(
    `${path}:${line}: this line is not a journal entry (${why}), so nothing was sent: the file is not a herald send journal, or it was damaged.\n  Fix: pass --journal with the journal of this announcement, or a new file name to start afresh (everyone is then sent to again); if the file is a damaged journal, remove or repair that line.`,
  );

/** Whether a line began as a header or entry: a crash may have cut it even inside `{"email":"`. */
const ours = (line: string) =>
  ['{"email":"', '{"journal":"'].some((start) => line.startsWith(start) || start.startsWith(line));

/** Where an entry without "via" (an older journal) counts as sent: everywhere. */
const ANYWHERE = "*";
/** Where an entry of a run without SMTP went: .eml files in the outbox. */
export const OUTBOX = "outbox";

export class Journal {
  /** The last state of each address key and destination, from earlier runs and this one. */
  readonly states = new Map<string, Map<string, JournalState>>();
  /** The file existed and was empty (0 bytes): it becomes a new journal. */
  wasEmptyFile = false;
  /** Lines a crash cut short. */
  readonly tornLines: number[] = [];

  private constructor(
    readonly path: string,
    private readonly announcement: string,
    private readonly keyOf: (email: string) => string,
    private readonly campaign: string | undefined,
  ) {}

  private file?: FileHandle;
  /** Whether the file ends in a line break (false: the next write must start one). */
  private endsClean = true;
  private hasHeader = false;
  /** Entries of any campaign: a file that has some needs no header written into its middle. */
  private entries = 0;

  /**
   * Reads what earlier runs recorded in the journal at `path` (if any), checking that it is a
   * journal of `announcement`. Opens nothing for writing yet: see `openForAppend`.
   */
  static read(
    path: string,
    announcement: string,
    keyOf: (email: string) => string,
    campaign?: string,
  ): Journal {
    const journal = new Journal(path, announcement, keyOf, campaign);
    journal.load();
    return journal;
  }

  private load(): void {
    let bytes: Buffer;
    try {
      if (!statSync(this.path).isFile())
        throw new SendError(
          `The journal ${this.path} is not a file.\n  Fix: pass --journal with a file name.`,
        );
      bytes = readFileSync(this.path);
    } catch (error) {
      if (error instanceof SendError) throw error;
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw new SendError(
        `Could not read the journal ${this.path} (${(error as NodeJS.ErrnoException).code}).`,
        { cause: error },
      );
    }
    if (bytes.length === 0) this.wasEmptyFile = true;
    const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    // Lines that are the header or an entry: only after one is this file known to be a
    // journal, and only then may a line a crash cut short be passed over.
    let valid = 0;
    this.endsClean = text === "" || text.endsWith("\n");
    const lines = text.split("\n");
    if (this.endsClean) lines.pop();
    lines.forEach((line, i) => {
      const n = i + 1;
      const last = i === lines.length - 1 && !this.endsClean;
      if (line.trim() === "") return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        // A crash or a full disk cut a line short (the last one; later runs start on a new
        // line after it): that recipient has no outcome and is sent again. Only a line that
        // began as one of ours counts as such.
        if (valid > 0 && (last ? line.startsWith("{") : ours(line))) {
          this.tornLines.push(n);
          return;
        }
        throw broken(this.path, n, "not JSON");
      }
      const header = headerSchema.safeParse(value);
      if (header.success) {
        if (header.data.announcement !== this.announcement)
          throw new SendError(
            `${this.path} is the journal of the announcement "${header.data.announcement}", not of "${this.announcement}", so nothing was sent.\n  Fix: pass --journal with another file name for "${this.announcement}".`,
          );
        this.hasHeader = true;
        valid++;
        return;
      }
      const entry = entrySchema.safeParse(value);
      if (!entry.success) throw broken(this.path, n, "no email and state");
      // Journals from before the header line: their Message-IDs name the announcement.
      const id = entry.data.messageId?.match(/^<(.+)\.[^.]+\.[0-9a-f]{24}@/)?.[1];
      if (!this.hasHeader && id !== undefined && id !== this.announcement)
        throw new SendError(
          `${this.path} is the journal of the announcement "${id}", not of "${this.announcement}", so nothing was sent.\n  Fix: pass --journal with another file name for "${this.announcement}".`,
        );
      valid++;
      this.entries++;
      if (entry.data.campaign === this.campaign)
        this.set(entry.data.email, entry.data.via ?? ANYWHERE, entry.data.state);
    });
    // Blank lines, or a line of something else: never append to someone else's file.
    if (valid === 0 && bytes.length > 0)
      throw new SendError(
        `${this.path}: this file is not a herald send journal (it has no journal line), so nothing was sent.\n  Fix: pass --journal with the journal of this announcement, or the name of a file that does not exist yet (or is empty).`,
      );
  }

  private set(email: string, via: string, state: JournalState): void {
    const key = this.keyOf(email);
    let states = this.states.get(key);
    if (!states) {
      states = new Map();
      this.states.set(key, states);
    }
    states.set(via, state);
  }

  /** Opens the file for appending, writing the header of a new journal. */
  async openForAppend(): Promise<void> {
    this.file = await open(this.path, "a");
    let start = "";
    // Every entry starts on a line of its own, even after a line a crash cut short.
    if (!this.endsClean) start += "\n";
    if (!this.hasHeader && this.entries === 0 && this.tornLines.length === 0)
      start += `${JSON.stringify({ journal: "herald send", announcement: this.announcement })}\n`;
    if (start) {
      await this.file.appendFile(start);
      await this.file.datasync();
    }
    this.endsClean = true;
    this.hasHeader = true;
  }

  /**
   * What earlier runs did for this address, for a run to `via` ("outbox" or host:port).
   * Handed to any SMTP server counts as sent for every later run (the recipient has it; a
   * server of another name may be the same one): no second message, ever. Written to the
   * outbox counts only for the outbox: nobody got it yet, so a send by SMTP sends it.
   * `where`: the other destination it went to, if any.
   */
  earlier(email: string, via: string): { sent: boolean; where?: string } {
    const states = this.states.get(this.keyOf(email));
    if (!states) return { sent: false };
    const servers = [...states]
      .filter(([where, state]) => where !== OUTBOX && state === "sent")
      .map(([where]) => where);
    if (servers.includes(via) || servers.includes(ANYWHERE)) return { sent: true };
    if (servers.length > 0) return { sent: true, where: servers[0] };
    if (states.get(OUTBOX) === "sent")
      return via === OUTBOX ? { sent: true } : { sent: false, where: OUTBOX };
    return { sent: false };
  }

  /**
   * Whether an earlier run handed this address's message to a server and stopped before it
   * knew the outcome (a crash, kill -9): the recipient may have it already.
   */
  unsettled(email: string): boolean {
    const states = this.states.get(this.keyOf(email));
    return [...(states ?? [])].some(([where, state]) => where !== OUTBOX && state === "attempt");
  }

  /**
   * Appends an entry and resolves once it is on disk. Flushes run on libuv's thread pool, so
   * entries of concurrent sends reach the disk together instead of one after another.
   */
  async record(entry: Omit<JournalEntry, "campaign">): Promise<void> {
    if (!this.file) throw new Error("the journal is not open for appending");
    const line = this.campaign === undefined ? entry : { ...entry, campaign: this.campaign };
    await this.file.appendFile(`${JSON.stringify(line)}\n`);
    await this.file.datasync();
    this.set(entry.email, entry.via ?? ANYWHERE, entry.state);
  }

  async close(): Promise<void> {
    await this.file?.close();
    this.file = undefined;
  }
}
