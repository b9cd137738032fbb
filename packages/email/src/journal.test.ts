import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAddress } from "./address.js";
import { SendError } from "./errors.js";
import { Journal, type JournalEntry, OUTBOX } from "./journal.js";

// Real files in a temporary folder; the key function is the one send.ts uses.
const dir = mkdtempSync(join(tmpdir(), "herald-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const fresh = () => join(dir, `journal-${++count}.jsonl`);
const keyOf = (email: string) => parseAddress(email)?.key ?? email.toLowerCase();

const ID = "launch";
const HEADER = `{"journal":"herald send","announcement":"${ID}"}`;
const SERVER = "smtp.example.com:587";
const messageId = (announcement = ID) =>
  `<${announcement}.en.0123456789abcdef01234567@example.com>`;
const line = (entry: JournalEntry) => JSON.stringify(entry);

/** One run: reads the journal, appends the entries, closes it. */
async function runWith(path: string, entries: JournalEntry[]): Promise<Journal> {
  const journal = Journal.read(path, ID, keyOf);
  await journal.openForAppend();
  for (const entry of entries) await journal.record(entry);
  await journal.close();
  return journal;
}

/** The error reading `path` throws, checking the file is left exactly as it was. */
function refusal(path: string, announcement = ID): SendError {
  const before = readFileSync(path);
  let caught: unknown;
  try {
    Journal.read(path, announcement, keyOf);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SendError);
  expect(readFileSync(path).equals(before)).toBe(true);
  return caught as SendError;
}

const notAnEntry = (path: string, n: number, why: string) =>
  `${path}:${n}: this line is not a journal entry (${why}), so nothing was sent: the file is not a herald send journal, or it was damaged.\n  Fix: pass --journal with the journal of this announcement, or a new file name to start afresh (everyone is then sent to again); if the file is a damaged journal, remove or repair that line.`;

describe("Journal", () => {
  it("#12: an attempt without an outcome is unsettled, not sent; an outcome after it settles it", async () => {
    const path = fresh();
    await runWith(path, [
      { email: "a@example.com", state: "attempt", messageId: messageId(), via: SERVER },
      { email: "b@example.com", state: "attempt", messageId: messageId(), via: SERVER },
      { email: "b@example.com", state: "sent", messageId: messageId(), via: SERVER },
      { email: "c@example.com", state: "attempt", messageId: messageId(), via: SERVER },
      { email: "c@example.com", state: "failed", reason: "550 no such user", via: SERVER },
    ]);
    const journal = Journal.read(path, ID, keyOf);
    expect(journal.earlier("A@example.com", SERVER)).toEqual({ sent: false });
    expect(journal.unsettled("A@example.com")).toBe(true);
    expect(journal.earlier("b@example.com", SERVER)).toEqual({ sent: true });
    expect(journal.unsettled("b@example.com")).toBe(false);
    expect(journal.unsettled("c@example.com")).toBe(false);
    // Another server: a message handed to the first one may still have arrived.
    expect(journal.earlier("a@example.com", "other.example.com:587")).toEqual({ sent: false });
    expect(journal.unsettled("a@example.com")).toBe(true);
  });

  it("#10: a journal that does not exist yet starts with the header line naming the announcement", async () => {
    const path = fresh();
    const journal = Journal.read(path, ID, keyOf);
    expect(journal.states.size).toBe(0);
    expect(journal.wasEmptyFile).toBe(false);
    expect(journal.tornLines).toEqual([]);
    await journal.openForAppend();
    await journal.record({
      email: "ann@example.com",
      state: "sent",
      messageId: messageId(),
      via: SERVER,
    });
    await journal.close();
    expect(readFileSync(path, "utf8")).toBe(
      `${HEADER}\n{"email":"ann@example.com","state":"sent","messageId":"${messageId()}","via":"${SERVER}"}\n`,
    );
    expect(journal.earlier("ann@example.com", SERVER)).toEqual({ sent: true });
  });

  it("#10: reading a journal that does not exist creates nothing", () => {
    const path = fresh();
    Journal.read(path, ID, keyOf);
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
  });

  it("#10: an empty file becomes a new journal, with its header", async () => {
    const path = fresh();
    writeFileSync(path, "");
    const journal = await runWith(path, [
      { email: "a@example.com", state: "failed", reason: "550 no", via: OUTBOX },
    ]);
    expect(journal.wasEmptyFile).toBe(true);
    expect(readFileSync(path, "utf8")).toBe(
      `${HEADER}\n{"email":"a@example.com","state":"failed","reason":"550 no","via":"outbox"}\n`,
    );
  });

  it("#10: later runs append after what is there, without a second header", async () => {
    const path = fresh();
    const a = { email: "a@example.com", state: "sent", via: OUTBOX } as const;
    const b = { email: "b@example.com", state: "failed", reason: "busy", via: SERVER } as const;
    const b2 = { email: "b@example.com", state: "sent", via: SERVER } as const;
    await runWith(path, [a, b]);
    await runWith(path, [b2]);
    const third = await runWith(path, []);
    expect(readFileSync(path, "utf8")).toBe(`${HEADER}\n${line(a)}\n${line(b)}\n${line(b2)}\n`);
    expect(third.wasEmptyFile).toBe(false);
    expect(third.tornLines).toEqual([]);
    // The last state of each address and destination.
    expect(third.states).toEqual(
      new Map([
        ["a@example.com", new Map([[OUTBOX, "sent"]])],
        ["b@example.com", new Map([[SERVER, "sent"]])],
      ]),
    );
  });

  it("#10: a line a crash cut short, after a valid line, is passed over and the next entry starts on a line of its own", async () => {
    const path = fresh();
    const a = { email: "a@example.com", state: "sent", via: SERVER } as const;
    writeFileSync(path, `${HEADER}\n${line(a)}\n{"email":"b@exam`);
    const second = Journal.read(path, ID, keyOf);
    expect(second.tornLines).toEqual([3]);
    expect(second.earlier("a@example.com", SERVER)).toEqual({ sent: true });
    // The recipient of the cut line has no outcome: sent again.
    expect(second.earlier("b@example.com", SERVER)).toEqual({ sent: false });
    await second.openForAppend();
    const b = { email: "b@example.com", state: "sent", via: SERVER } as const;
    await second.record(b);
    await second.close();
    expect(readFileSync(path, "utf8")).toBe(
      `${HEADER}\n${line(a)}\n{"email":"b@exam\n${line(b)}\n`,
    );
    // The cut line now sits between two entries: still a cut line, not damage.
    const third = Journal.read(path, ID, keyOf);
    expect(third.tornLines).toEqual([3]);
    expect(third.earlier("b@example.com", SERVER)).toEqual({ sent: true });
  });

  it("#10: a line cut short before its address was written is still a cut line on the next runs", async () => {
    const path = fresh();
    writeFileSync(path, `${HEADER}\n{"em`);
    await runWith(path, [{ email: "a@example.com", state: "sent", via: SERVER }]);
    const third = Journal.read(path, ID, keyOf);
    expect(third.tornLines).toEqual([2]);
    expect(third.earlier("a@example.com", SERVER)).toEqual({ sent: true });
  });

  it("#10: a cut line is accepted only after a valid line", () => {
    const path = fresh();
    writeFileSync(path, '{"email":"a@exa');
    expect(refusal(path).message).toBe(notAnEntry(path, 1, "not JSON"));
    const header = fresh();
    writeFileSync(header, '{"journal":"herald se');
    expect(refusal(header).message).toBe(notAnEntry(header, 1, "not JSON"));
  });

  it("#10: a damaged line in the middle that is not one of ours is refused with its line number", () => {
    const path = fresh();
    const a = { email: "a@example.com", state: "sent", via: SERVER } as const;
    writeFileSync(path, `${HEADER}\n${line(a)}\nhello there\n${line(a)}\n`);
    expect(refusal(path).message).toBe(notAnEntry(path, 3, "not JSON"));
    const last = fresh();
    writeFileSync(last, `${HEADER}\n${line(a)}\nhello`);
    expect(refusal(last).message).toBe(notAnEntry(last, 3, "not JSON"));
  });

  it("#10: random bytes are refused, naming the file and line, and left byte-identical", () => {
    const path = fresh();
    const bytes = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x7b,
    ]);
    writeFileSync(path, bytes);
    expect(refusal(path).message).toBe(notAnEntry(path, 1, "not JSON"));
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it("#10: a file that is not a journal is refused, and never appended to", () => {
    const csv = fresh();
    writeFileSync(csv, "email,name\nann@example.com,Ann\n");
    expect(refusal(csv).message).toBe(notAnEntry(csv, 1, "not JSON"));

    const json = fresh();
    writeFileSync(json, '{\n  "name": "herald"\n}\n');
    expect(refusal(json).message).toBe(notAnEntry(json, 1, "not JSON"));

    const other = fresh();
    writeFileSync(other, '{"name":"herald","version":"1.0.0"}\n');
    expect(refusal(other).message).toBe(notAnEntry(other, 1, "no email and state"));

    // A journal line after the header that is JSON but not an entry.
    const odd = fresh();
    writeFileSync(odd, `${HEADER}\n{"email":"a@example.com","state":"maybe"}\n`);
    expect(refusal(odd).message).toBe(notAnEntry(odd, 2, "no email and state"));
  });

  it("#10: a file of blank lines only is not a journal", () => {
    const path = fresh();
    writeFileSync(path, "\n  \n\n");
    expect(refusal(path).message).toBe(
      `${path}: this file is not a herald send journal (it has no journal line), so nothing was sent.\n  Fix: pass --journal with the journal of this announcement, or the name of a file that does not exist yet (or is empty).`,
    );
  });

  it("#10: the journal of another announcement is refused", async () => {
    const path = fresh();
    await runWith(path, [{ email: "a@example.com", state: "sent", via: SERVER }]);
    expect(refusal(path, "other").message).toBe(
      `${path} is the journal of the announcement "${ID}", not of "other", so nothing was sent.\n  Fix: pass --journal with another file name for "other".`,
    );
  });

  it("#10: an old journal (no header) is recognised by its Message-IDs", async () => {
    const path = fresh();
    const old = { email: "a@example.com", state: "sent", messageId: messageId("launch") } as const;
    writeFileSync(path, `${line(old)}\n`);
    expect(refusal(path, "other").message).toBe(
      `${path} is the journal of the announcement "launch", not of "other", so nothing was sent.\n  Fix: pass --journal with another file name for "other".`,
    );
    // Its own announcement reads it, and appends no header in the middle of it.
    const journal = await runWith(path, [{ email: "b@example.com", state: "sent", via: SERVER }]);
    expect(journal.earlier("a@example.com", SERVER)).toEqual({ sent: true });
    expect(readFileSync(path, "utf8")).toBe(
      `${line(old)}\n{"email":"b@example.com","state":"sent","via":"${SERVER}"}\n`,
    );
  });

  it("#10: a folder is not a journal", () => {
    const path = fresh();
    mkdirSync(path);
    expect(() => Journal.read(path, ID, keyOf)).toThrow(
      new SendError(`The journal ${path} is not a file.\n  Fix: pass --journal with a file name.`),
    );
  });

  it("#10: via: sent by a server counts everywhere, the outbox only for the outbox", async () => {
    const path = fresh();
    await runWith(path, [
      { email: "server@example.com", state: "sent", via: SERVER },
      { email: "outbox@example.com", state: "sent", via: OUTBOX },
      { email: "failed@example.com", state: "failed", reason: "550", via: SERVER },
    ]);
    const j = Journal.read(path, ID, keyOf);
    expect(j.earlier("server@example.com", SERVER)).toEqual({ sent: true });
    expect(j.earlier("server@example.com", "other.example.com:25")).toEqual({
      sent: true,
      where: SERVER,
    });
    expect(j.earlier("server@example.com", OUTBOX)).toEqual({ sent: true, where: SERVER });
    expect(j.earlier("outbox@example.com", OUTBOX)).toEqual({ sent: true });
    expect(j.earlier("outbox@example.com", SERVER)).toEqual({ sent: false, where: OUTBOX });
    expect(j.earlier("failed@example.com", SERVER)).toEqual({ sent: false });
    expect(j.earlier("nobody@example.com", SERVER)).toEqual({ sent: false });
  });

  it("#10: via: entries without it (older journals) count as sent everywhere", () => {
    const path = fresh();
    writeFileSync(
      path,
      `${HEADER}\n${line({ email: "old@example.com", state: "sent", messageId: messageId() })}\n${line({ email: "oldfail@example.com", state: "failed" })}\n`,
    );
    const j = Journal.read(path, ID, keyOf);
    expect(j.earlier("old@example.com", SERVER)).toEqual({ sent: true });
    expect(j.earlier("old@example.com", OUTBOX)).toEqual({ sent: true });
    expect(j.earlier("oldfail@example.com", SERVER)).toEqual({ sent: false });
  });

  it("#10: an outbox run then a server run: the server run sends, and then it counts everywhere", async () => {
    const path = fresh();
    await runWith(path, [{ email: "a@example.com", state: "sent", via: OUTBOX }]);
    const second = Journal.read(path, ID, keyOf);
    expect(second.earlier("a@example.com", SERVER)).toEqual({ sent: false, where: OUTBOX });
    await second.openForAppend();
    await second.record({ email: "a@example.com", state: "sent", via: SERVER });
    // This run's own entries count at once.
    expect(second.earlier("a@example.com", SERVER)).toEqual({ sent: true });
    await second.close();
    const third = Journal.read(path, ID, keyOf);
    expect(third.earlier("a@example.com", OUTBOX)).toEqual({ sent: true, where: SERVER });
    expect(third.earlier("a@example.com", SERVER)).toEqual({ sent: true });
  });

  it("#10: an address matches whatever its spelling (case, Unicode or punycode domain)", async () => {
    const path = fresh();
    await runWith(path, [{ email: "Ann@Bücher.Example", state: "sent", via: SERVER }]);
    const j = Journal.read(path, ID, keyOf);
    expect(j.earlier("ann@xn--bcher-kva.example", SERVER)).toEqual({ sent: true });
    expect(j.earlier("ANN@bücher.example", SERVER)).toEqual({ sent: true });
    expect(j.earlier("anne@bücher.example", SERVER)).toEqual({ sent: false });
  });

  it("#10: a file written with Windows line ends still reads", () => {
    const path = fresh();
    writeFileSync(
      path,
      `${HEADER}\r\n${line({ email: "a@example.com", state: "sent", via: SERVER })}\r\n`,
    );
    const j = Journal.read(path, ID, keyOf);
    expect(j.earlier("a@example.com", SERVER)).toEqual({ sent: true });
    expect(j.tornLines).toEqual([]);
  });

  it("#10: recording before opening for appending is a bug, not a silent loss", async () => {
    const journal = Journal.read(fresh(), ID, keyOf);
    await expect(journal.record({ email: "a@example.com", state: "sent" })).rejects.toThrow(
      "the journal is not open for appending",
    );
  });
});
