import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sampleContentDir } from "@herald/model";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "./main.js";
import { expectNoStack, memoryIo, removeTemp, startHerald } from "./test-support.js";

// `herald suppress` as a user runs it: the built CLI in its own process, real files, the bounce
// messages of the email package's fixtures copied into a real maildir. Refusals that need no
// second process run the command in this one (each process start costs seconds here).

const fixtures = fileURLToPath(new URL("../../email/test/fixtures/bounces/", import.meta.url));

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "herald-suppress-"));
  cpSync(fixtures, join(cwd, "bounces"), { recursive: true });
});
afterEach(() => removeTemp(cwd));

const run = (...args: string[]) => startHerald(["suppress", ...args], { cwd }).done;
/** The command in this process: code, out and err as a process would have them. */
async function runHere(...args: string[]) {
  const io = memoryIo(cwd);
  const code = await main(["suppress", ...args], io);
  return { code, out: io.out(), err: io.err() };
}
const list = () => join(cwd, "suppressions.csv");
/** The addresses on the list, in file order. */
const emails = (path = list()) =>
  readFileSync(path, "utf8")
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(",")[0]);

const IMPORTED = [
  "departed@contoso.example",
  "pat.jones@aol.example",
  "bob.miller@example.com",
  "nobody.here@example.org",
  "carla.souza@example.com",
  "wang.fang@example.com",
  "zhang.min@example.com",
];

describe("herald suppress add", () => {
  it("#12: adds addresses to suppressions.csv beside OUT with a reason, and says so", async () => {
    const result = await run(
      "add",
      "alice.chen@example.com",
      "Li.Wei@Example.com",
      "--reason",
      "asked by phone",
    );
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      "added: alice.chen@example.com (asked by phone)\nadded: Li.Wei@Example.com (asked by phone)\nAdded 2 addresses to suppressions.csv.\n",
    );
    expect(result.err).toBe("");
    const text = readFileSync(list(), "utf8");
    expect(text).toMatch(
      /^email,reason,date\nalice\.chen@example\.com,asked by phone,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\nLi\.Wei@Example\.com,asked by phone,[\dTZ:-]+\n$/,
    );
  });

  it('#12: the default reason is "added by hand"; an address already listed (any case, Unicode or punycode domain) is not added again', async () => {
    expect((await runHere("add", "bob@bücher.example")).code).toBe(0);
    const again = await run(
      "add",
      "BOB@xn--bcher-kva.example",
      "dana.ito@example.com",
      "dana.ito@EXAMPLE.com",
    );
    expect(again.code).toBe(0);
    expect(again.out).toMatch(
      /^already listed: BOB@xn--bcher-kva\.example \(added by hand, since [\dTZ:-]+\)\nadded: dana\.ito@example\.com \(added by hand\)\nAdded 1 address to suppressions\.csv; 1 was already listed\.\n$/,
    );
    expect(emails()).toEqual(["bob@bücher.example", "dana.ito@example.com"]);
  });

  it("#12: something that is not an email address: exit 2, nothing written", async () => {
    const result = await runHere(
      "add",
      "ok@example.com",
      "Bob <bob@example.com>",
      "not-an-address",
    );
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      'herald: "Bob <bob@example.com>", "not-an-address" are not email addresses, so nothing was added.\n  Fix: pass each address alone, such as bob@example.com (no name, no angle brackets).\n',
    );
    expect(existsSync(list())).toBe(false);
  });

  it("#12: wrong usage exits 2 and says what to type; --help shows both subcommands", async () => {
    const none = await runHere();
    expect(none.code).toBe(2);
    expect(none.err).toContain("herald suppress needs add or import");
    const other = await runHere("remove", "bob@example.com");
    expect(other.code).toBe(2);
    expect(other.err).toContain('"remove" is not a suppress command; use add or import.');
    const empty = await runHere("add");
    expect(empty.code).toBe(2);
    expect(empty.err).toBe(
      "herald: herald suppress add needs at least one email address, such as herald suppress add bob@example.com.\n",
    );
    const reason = await runHere("import", "bounces/maildir", "--reason", "x");
    expect(reason.code).toBe(2);
    expect(reason.err).toContain("--reason is for herald suppress add");
    const help = await runHere("--help");
    expect(help.code).toBe(0);
    expect(help.out).toContain("herald suppress add EMAIL... [--reason TEXT]\n");
    expect(help.out).toContain("herald suppress import PATH...\n");
    for (const r of [none, other, empty, reason]) expectNoStack(r.err);
    expect(existsSync(list())).toBe(false);
  });
});

describe("herald suppress import", () => {
  it("#12: a maildir: exactly the hard bounces, complaints, qmail and Exim bounces are added; the delayed one, the delivery report, the reply and the out-of-office are not", async () => {
    const result = await run("import", "bounces/maildir");
    expect(result.code).toBe(0);
    expect(emails()).toEqual(IMPORTED);
    const lines = result.out.split("\n");
    expect(lines).toContain(
      "added: bob.miller@example.com (hard bounce 5.1.1: 550 5.1.1 <bob.miller@example.com>: Recipient address rejected: User unknown in virtual mailbox table) from bounces/maildir/new/01-postfix-hard-bounce.eml",
    );
    expect(lines).toContain(
      "added: carla.souza@example.com (complaint (abuse) reported by mta1012.mail.yahoo.example) from bounces/maildir/new/03-yahoo-complaint.eml",
    );
    expect(lines).toContain(
      "not added: dana.ito@example.com: delayed (4.4.7: connect to mx.example.com[192.0.2.25]:25: Connection timed out), still being retried (from bounces/maildir/new/04-postfix-delayed.eml)",
    );
    expect(lines).toContain(
      "Read 12 messages: added 7 addresses to suppressions.csv; not added: 1 reply, 1 automatic reply, 1 delayed or temporary failure, 1 delivery report, 1 unclear (nothing added).",
    );
    expect(result.err).toBe(
      "skipped: bounces/maildir/new/12-unclear-bounce.eml: could not tell which address bounced\n",
    );
    for (const address of ["dana.ito@example.com", "alice.chen@example.com", "li.wei@example.com"])
      expect(readFileSync(list(), "utf8")).not.toContain(address);
  });

  it("#12: importing again adds nothing and leaves the file as it was", async () => {
    expect((await runHere("import", "bounces/maildir")).code).toBe(0);
    const before = readFileSync(list());
    const again = await run("import", "bounces/maildir");
    expect(again.code).toBe(0);
    expect(again.out).toContain(
      "Read 12 messages: added 0 addresses to suppressions.csv, 7 already listed;",
    );
    expect(again.out).toMatch(
      /^already listed: bob\.miller@example\.com \(hard bounce 5\.1\.1: .*, since [\dTZ:-]+\) from bounces\/maildir\/new\/01-postfix-hard-bounce\.eml$/m,
    );
    expect(readFileSync(list()).equals(before)).toBe(true);
  });

  it("#12: an address added by hand is already listed when its bounce is imported", async () => {
    expect((await runHere("add", "Bob.Miller@example.com")).code).toBe(0);
    const result = await run("import", "bounces/maildir/new/01-postfix-hard-bounce.eml");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^already listed: bob\.miller@example\.com \(added by hand, since [\dTZ:-]+\) from bounces\/maildir\/new\/01-postfix-hard-bounce\.eml\nRead 1 message: added 0 addresses to suppressions\.csv, 1 already listed\.\n$/,
    );
    expect(emails()).toEqual(["Bob.Miller@example.com"]);
  });

  it("#12: an mbox file, a folder of .eml files and single .eml files in one import", async () => {
    const result = await run(
      "import",
      "bounces/bounces.mbox",
      "bounces/eml-folder",
      "bounces/single/utf8-dsn.eml",
      "bounces/single/not-a-message.eml",
    );
    // The message that is not one is reported, and the exit code says so (README: exit 1).
    expect(result.code).toBe(1);
    expect(emails()).toEqual([
      "henry.ford@example.net",
      "ivy.lane@example.org",
      "olga.berg@example.net",
      "田中@例え.jp",
    ]);
    expect(result.out).toContain(
      "added: ivy.lane@example.org (complaint (fraud) reported by ExampleFBL/1.0) from bounces/bounces.mbox:60\n",
    );
    expect(result.err).toMatch(
      /^skipped: bounces\/single\/not-a-message\.eml: not an email message \(no mail headers\)\nherald: 1 message could not be read/,
    );
  });

  it("#12: a path that does not exist, or a folder that is not a maildir: exit 1 naming it, nothing read or written", async () => {
    const missing = await run("import", "bounces/maildir", "bounces/no-such-maildir");
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(
      "herald: bounces/no-such-maildir: there is no file or folder here.\n  Fix: pass a maildir (the folder with cur/, new/ and tmp/), a folder of .eml files, an mbox file or .eml files.\n",
    );
    expect(missing.out).toBe("");
    await mkdir(join(cwd, "empty"));
    const folder = await runHere("import", "empty");
    expect(folder.code).toBe(1);
    expect(folder.err).toBe(
      "herald: empty: this folder is not a maildir (it has no cur/ or new/ folder) and holds no .eml files.\n  Fix: pass a maildir (the folder with cur/, new/ and tmp/), a folder of .eml files, an mbox file or .eml files.\n",
    );
    expect(existsSync(list())).toBe(false);
  });

  it("#12: a message that cannot be read is reported with its file, the others are imported, exit 1", async () => {
    symlinkSync(join(cwd, "gone.eml"), join(cwd, "bounces/maildir/new/00-dangling.eml"));
    const result = await run("import", "bounces/maildir");
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "skipped: bounces/maildir/new/00-dangling.eml: could not read it (it does not exist)\n",
    );
    expect(result.err).toContain("herald: 1 message could not be read");
    expectNoStack(result.err);
    expect(emails()).toEqual(IMPORTED);
  });

  it("#12: a suppressions file that is someone else's CSV is not touched, by add or import", async () => {
    const recipients = join(cwd, "recipients.csv");
    cpSync(join(sampleContentDir, "recipients.sample.csv"), recipients);
    const before = readFileSync(recipients);
    for (const [args, how] of [
      [["add", "bob@example.com", "--suppressions", "recipients.csv"], runHere],
      [["import", "bounces/maildir", "--suppressions", "recipients.csv"], run],
    ] as const) {
      const result = await how(...args);
      expect(result.code).toBe(1);
      expect(result.err).toBe(
        `herald: ${recipients}:1: this is not a suppression list: its first line must name the columns email,reason,date (found "email,name,locale"), so Herald neither reads nor writes it.\n  Fix: pass --suppressions with Herald's suppression list (email,reason,date).\n`,
      );
      expect(readFileSync(recipients).equals(before)).toBe(true);
    }
    expect(existsSync(list())).toBe(false);
  });

  it("#12: --suppressions inside the output folder is refused", async () => {
    await mkdir(join(cwd, "out"));
    const result = await runHere(
      "add",
      "bob@example.com",
      "--suppressions",
      "out/suppressions.csv",
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "herald: --suppressions: out/suppressions.csv is inside the output folder out",
    );
    expect(existsSync(join(cwd, "out/suppressions.csv"))).toBe(false);
  });

  it("#12: two imports of the same maildir at once list every address once", async () => {
    const first = startHerald(["suppress", "import", "bounces/maildir", "bounces/bounces.mbox"], {
      cwd,
    });
    const second = startHerald(["suppress", "import", "bounces/bounces.mbox", "bounces/maildir"], {
      cwd,
    });
    const [a, b] = await Promise.all([first.done, second.done]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const listed = emails();
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.sort()).toEqual(
      [...IMPORTED, "henry.ford@example.net", "ivy.lane@example.org"].sort(),
    );
    expect(existsSync(`${list()}.lock`)).toBe(false);
  });

  it("#12: addresses and reasons from a message never reach the terminal as control sequences", async () => {
    const dsn = readFileSync(join(cwd, "bounces/maildir/new/01-postfix-hard-bounce.eml"), "utf8")
      .replace(
        "Final-Recipient: rfc822; bob.miller@example.com",
        "Final-Recipient: rfc822; bob\u009b2J\u202e@example.com",
      )
      .replace(
        "Diagnostic-Code: smtp; 550 5.1.1",
        "Diagnostic-Code: smtp; \u202e\u009b31m 550 5.1.1",
      );
    writeFileSync(join(cwd, "evil.eml"), dsn);
    const result = await runHere("import", "evil.eml");
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      "added: bob\\u009b2J\\u202e@example.com (hard bounce 5.1.1: \\u202e",
    );
    expect(result.out).not.toMatch(/[\u0080-\u009f\u202a-\u202e]/);
  });

  it("#12: a row of the list that is not an address stops add and import (exit 1, file:line, the fix), nothing written", async () => {
    writeFileSync(list(), "email,reason,date\nnot an address,x,2020\nann@example.com,y,2020\n");
    const before = readFileSync(list(), "utf8");
    for (const args of [
      ["add", "bob@example.com"],
      ["import", "bounces/maildir"],
    ]) {
      const result = await runHere(...args);
      expect(result.code).toBe(1);
      expect(result.err).toBe(
        `herald: ${list()}:2: "not an address" is not an email address, so Herald cannot tell whom this row keeps from being mailed.\n  Fix: correct or delete that line.\n`,
      );
      expect(readFileSync(list(), "utf8")).toBe(before);
    }
  });

  it("#12: list rows written as <addr>, mailto:addr or a name and <addr> count as listed", async () => {
    writeFileSync(
      list(),
      'email,reason,date\n<bob+tag@example.com>,x,2020\nmailto:user@example.com,y,2020\n"""Alice"" <alice@example.com>",z,2020\n',
    );
    const result = await runHere(
      "add",
      "Bob+Tag@example.com",
      "alice@example.com",
      "user@example.com",
    );
    expect(result.code).toBe(0);
    expect(result.err).toBe("");
    expect(result.out).toContain("Added 0 addresses");
  });

  it("#12: --reason is cut to 200 characters, as an import's reasons are", async () => {
    const result = await runHere("add", "bob@example.com", "--reason", "r".repeat(100_000));
    expect(result.code).toBe(0);
    const [row] = readFileSync(list(), "utf8").split("\n").slice(1);
    expect(row).toMatch(new RegExp(`^bob@example\\.com,${"r".repeat(199)}…,\\d{4}-`));
    expect(result.out).toContain(`added: bob@example.com (${"r".repeat(199)}…)`);
  });

  it("#12: a FIFO and a device in a maildir or folder are skipped as not regular files; the rest is imported, exit 1", async () => {
    execFileSync("mkfifo", [join(cwd, "bounces/maildir/new/123.host")]);
    symlinkSync("/dev/zero", join(cwd, "bounces/maildir/new/zero.eml"));
    execFileSync("mkfifo", [join(cwd, "bounces/eml-folder/f.eml")]);
    const result = await run("import", "bounces/maildir", "bounces/eml-folder");
    expect(result.code).toBe(1);
    for (const path of ["maildir/new/123.host", "maildir/new/zero.eml", "eml-folder/f.eml"])
      expect(result.err).toContain(`skipped: bounces/${path}: not a regular file\n`);
    expect(emails()).toEqual(expect.arrayContaining(IMPORTED));
  }, 30_000);

  it("#12: a message that is not a message (no mail headers) makes the import exit 1, the rest imported", async () => {
    const result = await runHere(
      "import",
      "bounces/single/not-a-message.eml",
      "bounces/maildir/new/01-postfix-hard-bounce.eml",
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain("herald: 1 message could not be read");
    expect(emails()).toEqual(["bob.miller@example.com"]);
  });

  it("#12: a mailto unsubscribe request is added; one naming another address than its sender is reported, not added", async () => {
    const mail = (from: string, subject: string) =>
      `From: ${from}\r\nTo: investors@example.com\r\nSubject: ${subject}\r\nDate: Fri, 28 Nov 2026 09:16:42 +0000\r\n\r\n\r\n`;
    await mkdir(join(cwd, "unsub"));
    writeFileSync(
      join(cwd, "unsub/1.eml"),
      mail("Bob <bob@example.com>", "unsubscribe bob@example.com"),
    );
    writeFileSync(
      join(cwd, "unsub/2.eml"),
      mail("mallory@example.com", "unsubscribe alice@example.com"),
    );
    writeFileSync(join(cwd, "unsub/3.eml"), mail("carol@example.com", "Re: the Series B"));
    const result = await runHere("import", "unsub");
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      "added: bob@example.com (unsubscribed (mailto)) from unsub/1.eml\n",
    );
    expect(result.err).toContain(
      "skipped: unsub/2.eml: asks to unsubscribe alice@example.com, but comes from mallory@example.com\n",
    );
    expect(result.out).toContain(
      "Read 3 messages: added 1 address to suppressions.csv; not added: 1 unclear (nothing added), 1 reply.\n",
    );
    expect(emails()).toEqual(["bob@example.com"]);
  });

  it("#12: qmail refusals for policy are totalled as refused for the message or sender", async () => {
    writeFileSync(
      join(cwd, "qmail.eml"),
      "Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.example.org\r\nTo: bounces@example.com\r\nSubject: failure notice\r\nDate: Fri, 28 Nov 2026 09:16:42 +0000\r\n\r\nHi. This is the qmail-send program at mx.example.org.\r\nI'm afraid I wasn't able to deliver your message to the following addresses.\r\nThis is a permanent error; I've given up. Sorry it didn't work out.\r\n\r\n<ann@example.org>:\r\nRemote host said: 550 5.7.1 Spam\r\n\r\n",
    );
    const result = await runHere("import", "qmail.eml");
    expect(result.code).toBe(0);
    expect(result.out).toContain("not added: 1 refused for the message or sender.");
    expect(existsSync(list())).toBe(false);
  });

  it("#12: the list's file name in --suppressions is used as given", async () => {
    writeFileSync(join(cwd, "mine.csv"), "email,reason,date\n");
    const result = await runHere("add", "bob@example.com", "--suppressions", "mine.csv");
    expect(result.code).toBe(0);
    expect(result.out).toContain("Added 1 address to mine.csv.");
    expect(emails(join(cwd, "mine.csv"))).toEqual(["bob@example.com"]);
  });
});
