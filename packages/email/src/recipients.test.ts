import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SendError } from "./errors.js";
import { csvFields, type RecipientEvent, readRecipients } from "./recipients.js";

// Real files in a temporary folder, read the way send.ts reads them.
const dir = mkdtempSync(join(tmpdir(), "herald-recipients-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const file = (content: string | Uint8Array) => {
  const path = join(dir, `list-${++count}.csv`);
  writeFileSync(path, content);
  return path;
};

async function events(path: string): Promise<RecipientEvent[]> {
  const out: RecipientEvent[] = [];
  for await (const event of readRecipients(path)) out.push(event);
  return out;
}
/** Recipients as [email, name, locale, line], problems as [line, message]. */
async function read(path: string) {
  const all = await events(path);
  return {
    recipients: all.flatMap((e) =>
      e.kind === "recipient"
        ? [[e.recipient.email, e.recipient.name, e.recipient.locale, e.recipient.line]]
        : [],
    ),
    problems: all.flatMap((e) => (e.kind === "problem" ? [[e.line, e.message]] : [])),
  };
}
async function failure(path: string): Promise<SendError> {
  try {
    await events(path);
  } catch (error) {
    expect(error).toBeInstanceOf(SendError);
    return error as SendError;
  }
  throw new Error(`${path} was read without an error`);
}
const FIX_HEADER =
  "\n  Fix: save the list as CSV with commas (CSV UTF-8) and the first line email,name,locale.";

describe("readRecipients", () => {
  it("#10: reads email, name and locale, in any order and case, with extra columns and spaces", async () => {
    const path = file(
      "Name, EMAIL ,Locale,company\nAnn Lee, ann@example.com ,fr-CA,Acme\nBob,bob@example.com,,\n,carol@example.com\n",
    );
    expect(await read(path)).toEqual({
      recipients: [
        ["ann@example.com", "Ann Lee", "fr-CA", 2],
        ["bob@example.com", "Bob", undefined, 3],
        ["carol@example.com", undefined, undefined, 4],
      ],
      problems: [],
    });
  });

  it("#10: only the email column is required", async () => {
    const path = file("email\nann@example.com\n");
    expect((await read(path)).recipients).toEqual([["ann@example.com", undefined, undefined, 2]]);
  });

  it("#10: a byte order mark and Windows line ends are taken in stride", async () => {
    const path = file("\uFEFFemail,name\r\nann@example.com,Ann\r\nbob@example.com,Bob");
    expect(await read(path)).toEqual({
      recipients: [
        ["ann@example.com", "Ann", undefined, 2],
        ["bob@example.com", "Bob", undefined, 3],
      ],
      problems: [],
    });
  });

  it("#10: old Mac line ends (a lone CR) separate lines too", async () => {
    const path = file("email,name\rann@example.com,Ann\rnot-an-address,X\rbob@example.com,Bob\r");
    expect(await read(path)).toEqual({
      recipients: [
        ["ann@example.com", "Ann", undefined, 2],
        ["bob@example.com", "Bob", undefined, 4],
      ],
      problems: [[3, '"not-an-address" is not an email address; skipped']],
    });
  });

  it("#10: quoted column names after a byte order mark", async () => {
    const path = file('\uFEFF"Email","Name"\r\n"ann@example.com","Ann"\r\n');
    expect((await read(path)).recipients).toEqual([["ann@example.com", "Ann", undefined, 2]]);
  });

  it("#10: quoted fields may hold commas, doubled quotes and line breaks", async () => {
    const path = file(
      'email,name,locale\n"ann@example.com","Lee, Ann",de\nbob@example.com,"Bob ""The Builder"" Smith",en\ncarol@example.com,"Carol\r\nSecond line",fr\n"dan@example.com", "Dan" ,nl\n',
    );
    expect(await read(path)).toEqual({
      recipients: [
        ["ann@example.com", "Lee, Ann", "de", 2],
        ["bob@example.com", 'Bob "The Builder" Smith', "en", 3],
        ["carol@example.com", "Carol\nSecond line", "fr", 4],
        ["dan@example.com", "Dan", "nl", 6],
      ],
      problems: [],
    });
  });

  it("#10: a quoted field never closed is refused with the line it starts on", async () => {
    const path = file(
      'email,name\nann@example.com,Ann\nbob@example.com,"Bob\ncarol@example.com,Carol\n',
    );
    expect((await failure(path)).message).toBe(
      `${path}:3: a quoted field (starting with ") is never closed.\n  Fix: close the quote, or double a quote inside a quoted field ("").`,
    );
  });

  it("#10: a quote after a closed quoted field does not swallow the next lines", async () => {
    // csvFields reads the name as `Ann "x`; the record must end where csvFields ends it.
    expect(csvFields('ann@example.com,"Ann" "x')).toEqual(["ann@example.com", 'Ann "x']);
    const path = file('email,name\nann@example.com,"Ann" "x\nbob@example.com,Bob\n');
    expect(await read(path)).toEqual({
      recipients: [
        ["ann@example.com", 'Ann "x', undefined, 2],
        ["bob@example.com", "Bob", undefined, 3],
      ],
      problems: [],
    });
  });

  it("#10: a repeated address, in any spelling, is reported with its line and sent once", async () => {
    const path = file(
      "email,name\nann@bücher.example,Ann\nbob@example.com,Bob\nANN@xn--bcher-kva.example,Ann again\nbob@example.com,Bob again\n",
    );
    expect(await read(path)).toEqual({
      recipients: [
        ["ann@bücher.example", "Ann", undefined, 2],
        ["bob@example.com", "Bob", undefined, 3],
      ],
      problems: [
        [4, "ANN@xn--bcher-kva.example is listed more than once; sent once"],
        [5, "bob@example.com is listed more than once; sent once"],
      ],
    });
  });

  it("#10: bad addresses are skipped and reported with their line numbers", async () => {
    const path = file(
      'email,name\nann@example.com,Ann\nnot an address,X\n\nbob@,Bob\n"two\nlines@example.com",Y\nbell\u0007@example.com,Z\n,Nobody\ncarol@example.com,Carol\n',
    );
    expect(await read(path)).toEqual({
      recipients: [
        ["ann@example.com", "Ann", undefined, 2],
        ["carol@example.com", "Carol", undefined, 10],
      ],
      problems: [
        [3, '"not an address" is not an email address; skipped'],
        [5, '"bob@" is not an email address; skipped'],
        [6, '"two\\u000alines@example.com" is not an email address; skipped'],
        [8, '"bell\\u0007@example.com" is not an email address; skipped'],
        [9, '"" is not an email address; skipped'],
      ],
    });
  });

  it("#10: rows with every field empty (a spreadsheet's formatted blank rows) are passed over", async () => {
    const path = file(
      "email,name,locale\nann@example.com,Ann,en\n,,\n , , \nbob@example.com,Bob,en\n,,\n",
    );
    expect(await read(path)).toEqual({
      recipients: [
        ["ann@example.com", "Ann", "en", 2],
        ["bob@example.com", "Bob", "en", 5],
      ],
      problems: [],
    });
  });

  it("#10: international addresses keep their spelling, go on the wire in ASCII, and say when they need SMTPUTF8", async () => {
    const path = file("email\nann@bücher.example\njosé@example.com\n");
    const recipients = (await events(path)).flatMap((e) =>
      e.kind === "recipient" ? [e.recipient] : [],
    );
    expect(recipients.map((r) => [r.email, r.address.wire, r.address.needsSmtpUtf8])).toEqual([
      ["ann@bücher.example", "ann@xn--bcher-kva.example", false],
      ["josé@example.com", "josé@example.com", true],
    ]);
  });

  it("#10: a first line without an email column is refused, saying what was found and why", async () => {
    const noEmail = file("name,locale\nAnn,en\n");
    expect((await failure(noEmail)).message).toBe(
      `${noEmail}:1: the first line must name the columns, separated by commas: email,name,locale (found "name,locale"; there is no column "email").${FIX_HEADER}`,
    );
    const semicolons = file("email;name;locale\nann@example.com;Ann;en\n");
    expect((await failure(semicolons)).message).toBe(
      `${semicolons}:1: the first line must name the columns, separated by commas: email,name,locale (found "email;name;locale"; this file seems to use ";" between fields).${FIX_HEADER}`,
    );
    const tabs = file("email\tname\nann@example.com\tAnn\n");
    expect((await failure(tabs)).message).toBe(
      `${tabs}:1: the first line must name the columns, separated by commas: email,name,locale (found "email\\tname"; this file seems to use tabs between fields).${FIX_HEADER}`,
    );
    const noHeader = file("ann@example.com,Ann\n");
    expect((await failure(noHeader)).message).toBe(
      `${noHeader}:1: the first line must name the columns, separated by commas: email,name,locale (found "ann@example.com,Ann"; it looks like a recipient: add the line email,name,locale above it).${FIX_HEADER}`,
    );
  });

  it("#10: a bad first line after blank lines is named by its own line number", async () => {
    const path = file("\n\r\nname,locale\nAnn,en\n");
    expect((await failure(path)).message).toBe(
      `${path}:3: the first line must name the columns, separated by commas: email,name,locale (found "name,locale"; there is no column "email").${FIX_HEADER}`,
    );
  });

  it("#10: an empty file, or one of blank lines, is refused", async () => {
    for (const content of ["", "\n\n  \r\n", "\uFEFF"]) {
      const path = file(content);
      expect((await failure(path)).message).toBe(
        `${path}: the file is empty; it needs a first line email,name,locale and a line per recipient.`,
      );
    }
  });

  it("#10: UTF-16 text (with or without a byte order mark) is refused, not misread", async () => {
    const text = "email,name\r\nann@example.com,Ann\r\n";
    const le = file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    expect((await failure(le)).message).toBe(
      `${le}: this file is UTF-16 text; save it as UTF-8 (CSV UTF-8).`,
    );
    const be = Buffer.from(text, "utf16le").swap16();
    const bePath = file(be);
    expect((await failure(bePath)).message).toBe(
      `${bePath}: this file is UTF-16 text; save it as UTF-8 (CSV UTF-8).`,
    );
  });

  it("#10: a line that is not UTF-8 (a Latin-1 export) is refused with its line number", async () => {
    const path = file(
      Buffer.concat([
        Buffer.from("email,name\nann@example.com,Ann\nzoe@example.com,Zo"),
        Buffer.from([0xeb, 0x0a]),
      ]),
    );
    expect((await failure(path)).message).toBe(
      `${path}:3: this line is not UTF-8 text; save the file as UTF-8 (CSV UTF-8).`,
    );
  });

  it("#10: NUL bytes in a UTF-8 file are refused with their line number", async () => {
    const path = file(Buffer.from("email,name\nann@example.com,Ann\nbob@example.com,B\0ob\n"));
    expect((await failure(path)).message).toBe(
      `${path}:3: this is not a text file (it has NUL bytes); export the list as CSV (UTF-8).`,
    );
  });

  it("#10: a missing file and a folder are refused", async () => {
    const missing = join(dir, "nowhere.csv");
    expect((await failure(missing)).message).toBe(
      `There is no recipients file at ${missing}.\n  Fix: pass a CSV file with the columns email,name,locale.`,
    );
    const folder = join(dir, "folder.csv");
    mkdirSync(folder);
    expect((await failure(folder)).message).toBe(`${folder} is a folder, not a CSV file.`);
  });

  it("#10: a long list streams through, with line numbers right across read chunks", async () => {
    const rows = Array.from(
      { length: 5_000 },
      (_, i) => `person${i}@example.com,Person ${i} ünïcödé`,
    );
    const path = file(`email,name\n${rows.join("\r\n")}\r\n`);
    const all = await events(path);
    expect(all).toHaveLength(5_000);
    const last = all.at(-1);
    expect(
      last?.kind === "recipient" && [
        last.recipient.email,
        last.recipient.name,
        last.recipient.line,
      ],
    ).toEqual(["person4999@example.com", "Person 4999 ünïcödé", 5_001]);
    expect(all.every((e) => e.kind === "recipient")).toBe(true);
  });
});

describe("csvFields", () => {
  it("#10: splits on commas outside quotes and trims each field", () => {
    expect(csvFields(' a , "b, c" ,"d ""e""",,')).toEqual(["a", "b, c", 'd "e"', "", ""]);
  });
});
