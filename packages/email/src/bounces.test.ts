import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { failure } from "../test/failure.js";
import { classifyMessage, type ScannedMessage, scanBounces } from "./bounces.js";
import { type MailboxMessage, readMailbox } from "./mailbox.js";

// Real messages as mail servers write them (test/fixtures/bounces/), read from a real maildir,
// mbox file and folder of .eml files.

const fixtures = fileURLToPath(new URL("../test/fixtures/bounces/", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "herald-bounces-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function scan(...paths: string[]) {
  const out: Array<Omit<ScannedMessage, "source"> & { source: string }> = [];
  for await (const m of scanBounces(paths.map((p) => join(fixtures, p))))
    out.push({ ...m, source: m.source.slice(fixtures.length) });
  return out;
}
const one = async (path: string) => {
  const [message] = await scan(path);
  return message;
};

const hard = (email: string, reason: string) => ({
  kind: "hard-bounce",
  suppress: [{ email, reason }],
  notes: [],
});

describe("scanBounces", () => {
  it("#12: a maildir: hard bounces (Postfix, Gmail, Exchange, qmail, Exim) and complaints (Yahoo, AOL) suppress; delayed, delivered, replies and auto-replies do not", async () => {
    expect(await scan("maildir")).toEqual([
      {
        source: "maildir/cur/07-exchange-hard-bounce.eml:2,S",
        ...hard(
          "departed@contoso.example",
          "hard bounce 5.1.10: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient departed@contoso.example not found by SMTP address lookup",
        ),
      },
      {
        source: "maildir/cur/08-aol-complaint.eml:2,S",
        kind: "complaint",
        suppress: [
          { email: "pat.jones@aol.example", reason: "complaint (abuse) reported by AOL SComp" },
        ],
        notes: [],
      },
      { source: "maildir/cur/09-reply.eml:2,RS", kind: "reply", suppress: [], notes: [] },
      {
        source: "maildir/cur/10-out-of-office.eml:2,S",
        kind: "auto-reply",
        suppress: [],
        notes: [],
      },
      {
        source: "maildir/new/01-postfix-hard-bounce.eml",
        ...hard(
          "bob.miller@example.com",
          "hard bounce 5.1.1: 550 5.1.1 <bob.miller@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
        ),
      },
      {
        source: "maildir/new/02-gmail-hard-bounce.eml",
        ...hard(
          "nobody.here@example.org",
          "hard bounce 5.1.1: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. ht…",
        ),
      },
      {
        source: "maildir/new/03-yahoo-complaint.eml",
        kind: "complaint",
        suppress: [
          {
            email: "carla.souza@example.com",
            reason: "complaint (abuse) reported by mta1012.mail.yahoo.example",
          },
        ],
        notes: [],
      },
      {
        source: "maildir/new/04-postfix-delayed.eml",
        kind: "soft-bounce",
        suppress: [],
        notes: [
          "dana.ito@example.com: delayed (4.4.7: connect to mx.example.com[192.0.2.25]:25: Connection timed out), still being retried",
        ],
      },
      {
        source: "maildir/new/05-qmail-bounce.eml",
        ...hard(
          "wang.fang@example.com",
          "hard bounce 5.1.1: 192.0.2.40 does not like recipient. Remote host said: 550 5.1.1 <wang.fang@example.com>... No such user here Giving up on 192.0.2.40.",
        ),
      },
      {
        source: "maildir/new/06-exim-bounce.eml",
        ...hard(
          "zhang.min@example.com",
          "hard bounce 5.1.1: Mailer-Daemon@mx.example.org named it in X-Failed-Recipients",
        ),
      },
      { source: "maildir/new/11-delivered-dsn.eml", kind: "delivered", suppress: [], notes: [] },
      {
        source: "maildir/new/12-unclear-bounce.eml",
        kind: "unclear",
        suppress: [],
        notes: ["could not tell which address bounced"],
      },
    ]);
  });

  it("#12: an mbox file: each message after its From_ line, found by file:line", async () => {
    expect(await scan("bounces.mbox")).toEqual([
      {
        source: "bounces.mbox:1",
        ...hard(
          "henry.ford@example.net",
          "hard bounce 5.1.1: 550 5.1.1 <henry.ford@example.net>: Recipient address rejected: User unknown",
        ),
      },
      { source: "bounces.mbox:48", kind: "reply", suppress: [], notes: [] },
      {
        source: "bounces.mbox:60",
        kind: "complaint",
        suppress: [
          { email: "ivy.lane@example.org", reason: "complaint (fraud) reported by ExampleFBL/1.0" },
        ],
        notes: [],
      },
    ]);
  });

  it("#12: an mbox file: >From lines lose one >, a From inside a paragraph does not start a message", async () => {
    const messages: MailboxMessage[] = [];
    for await (const m of readMailbox(join(fixtures, "bounces.mbox"))) messages.push(m);
    expect(messages).toHaveLength(3);
    const [first, second] = messages.map((m) => ("bytes" in m ? m.bytes.toString("utf8") : ""));
    expect(first).toContain("\n\nFrom the desk of the CEO: a new round.\n>From quoted twice.\n");
    expect(first).toContain("\nFrom here on, a line that only looks like a separator.\n");
    expect(first?.startsWith("Return-Path: <>\n")).toBe(true);
    expect(second).toContain("\nFrom your numbers, is the round closed?\n");
  });

  it("#12: a folder of .eml files: only the .eml files (any case) are read", async () => {
    expect(await scan("eml-folder")).toEqual([
      {
        source: "eml-folder/first.eml",
        ...hard(
          "olga.berg@example.net",
          "hard bounce 5.2.1: 550 5.2.1 <olga.berg@example.net>: mailbox disabled",
        ),
      },
      { source: "eml-folder/second.EML", kind: "reply", suppress: [], notes: [] },
    ]);
  });

  it("#12: one DSN for several recipients: failed 5.x.x suppresses (a forwarded address and where it led), policy blocks, a full mailbox and 4.x.x failures do not", async () => {
    expect(await one("single/multi-recipient.eml")).toEqual({
      source: "single/multi-recipient.eml",
      kind: "hard-bounce",
      suppress: [
        {
          email: "sam.forwarded@new-employer.example",
          reason: "hard bounce 5.1.1: 550 5.1.1 user unknown",
        },
        {
          email: "sam@old-employer.example",
          reason:
            "hard bounce 5.1.1 (forwarded to sam.forwarded@new-employer.example): 550 5.1.1 user unknown",
        },
      ],
      notes: [
        "Tom@Example.com: refused by the receiving server's policy (spam filter, reputation or authentication), not because the address does not exist (5.7.1: 554 5.7.1 Message rejected as spam by content filter)",
        "uma@example.com: given up after a temporary failure (4.4.7: delivery temporarily suspended: connect to mx.example.com[192.0.2.25]:25: Connection timed out), not a permanent one",
        "wes@example.com: the mailbox is full (5.2.2: 552 5.2.2 Mailbox full)",
      ],
    });
  });

  it("#12: internationalized DSNs (RFC 6533): a raw UTF-8 address, and one written as \\x{HHHH}", async () => {
    expect((await one("single/utf8-dsn.eml"))?.suppress).toEqual([
      {
        email: "田中@例え.jp",
        reason: "hard bounce 5.1.1: 550 5.1.1 <田中@例え.jp>: User unknown",
      },
    ]);
    expect((await one("single/utf8-escaped-dsn.eml"))?.suppress).toEqual([
      { email: "田中@xn--r8jz45g.jp", reason: "hard bounce 5.1.1" },
    ]);
  });

  it("#12: Yahoo's qmail-style bounce names the address and suppresses it", async () => {
    expect(await one("single/yahoo-legacy-bounce.eml")).toEqual({
      source: "single/yahoo-legacy-bounce.eml",
      ...hard(
        "xena@yahoo.example",
        "hard bounce: 554: delivery error: dd This user doesn't have a yahoo.example account (xena@yahoo.example) [0] - mta1012.mail.yahoo.example",
      ),
    });
  });

  it("#12: a complaint whose address is redacted, and a delay warning that names no failed address, suppress nothing and say why", async () => {
    expect(await one("single/arf-redacted.eml")).toEqual({
      source: "single/arf-redacted.eml",
      kind: "unclear",
      suppress: [],
      notes: [
        "a complaint (abuse) reported by AOL SComp, but it does not name the address that complained (often redacted)",
      ],
    });
    expect(await one("single/exim-delay-warning.eml")).toEqual({
      source: "single/exim-delay-warning.eml",
      kind: "unclear",
      suppress: [],
      notes: ["could not tell which address bounced"],
    });
  });

  it("#12: a binary file is not a message: reported, nothing suppressed", async () => {
    expect(await one("single/not-a-message.eml")).toEqual({
      source: "single/not-a-message.eml",
      kind: "broken",
      suppress: [],
      notes: ["not an email message (no mail headers)"],
    });
  });

  it("#12: one unreadable message among many does not stop the rest", async () => {
    const maildir = join(tmp, "broken-maildir");
    cpSync(join(fixtures, "maildir"), maildir, { recursive: true });
    symlinkSync(join(tmp, "gone"), join(maildir, "new", "00-dangling"));
    const found: ScannedMessage[] = [];
    for await (const m of scanBounces([maildir])) found.push(m);
    expect(found).toHaveLength(13);
    expect(found.find((m) => m.kind === "unreadable")).toEqual({
      source: join(maildir, "new", "00-dangling"),
      kind: "unreadable",
      suppress: [],
      notes: ["could not read it (it does not exist)"],
    });
    expect(found.flatMap((m) => m.suppress)).toHaveLength(7);
  });

  it("#12: a path that does not exist, or a folder that is no maildir, stops the scan before any message is read", async () => {
    const missing = join(tmp, "no-such-maildir");
    let read = 0;
    const error = await failure(async () => {
      for await (const _ of scanBounces([join(fixtures, "maildir"), missing])) read++;
    });
    expect(read).toBe(0);
    expect(error.message).toBe(
      `${missing}: there is no file or folder here.\n  Fix: pass a maildir (the folder with cur/, new/ and tmp/), a folder of .eml files, an mbox file or .eml files.`,
    );
    const plain = join(tmp, "plain-folder");
    mkdirSync(plain);
    writeFileSync(join(plain, "notes.txt"), "hello");
    const notMaildir = await failure(async () => {
      for await (const _ of scanBounces([plain])) read++;
    });
    expect(read).toBe(0);
    expect(notMaildir.message).toBe(
      `${plain}: this folder is not a maildir (it has no cur/ or new/ folder) and holds no .eml files.\n  Fix: pass a maildir (the folder with cur/, new/ and tmp/), a folder of .eml files, an mbox file or .eml files.`,
    );
  });
});

describe("classifyMessage", () => {
  const message = (headers: string, body = "Hello.\n") => Buffer.from(`${headers}\n\n${body}`);

  it("#12: ARF reports that are not complaints (not-spam, auth-failure) suppress nothing", async () => {
    for (const type of ["not-spam", "auth-failure"]) {
      const result = await classifyMessage(
        message(
          'From: fbl@isp.example\nTo: fbl@example.com\nSubject: report\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=feedback-report; boundary="b"',
          `--b\nContent-Type: text/plain\n\nReport.\n\n--b\nContent-Type: message/feedback-report\n\nFeedback-Type: ${type}\nUser-Agent: ISP/1\nVersion: 1\nOriginal-Rcpt-To: <zed@example.com>\n\n--b--\n`,
        ),
      );
      expect(result.kind).toBe("auto-reply");
      expect(result.suppress).toEqual([]);
    }
  });

  it("#12: X-Failed-Recipients from an ordinary sender is not a bounce", async () => {
    const result = await classifyMessage(
      message(
        "From: Mallory <mallory@example.com>\nTo: ir@example.com\nSubject: hi\nX-Failed-Recipients: alice.chen@example.com",
      ),
    );
    expect(result).toEqual({ kind: "reply", suppress: [], notes: [] });
  });

  it("#12: a qmail bounce that is not permanent suppresses nothing", async () => {
    const result = await classifyMessage(
      message(
        "Return-Path: <>\nFrom: MAILER-DAEMON@qmail.example.net\nTo: bounces@example.com\nSubject: failure notice",
        "Hi. This is the qmail-send program at qmail.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n<quinn@example.com>:\n192.0.2.40 does not like recipient.\nRemote host said: 451 4.3.0 Try again later\n\n--- Below this line is a copy of the message.\n",
      ),
    );
    expect(result.kind).toBe("soft-bounce");
    expect(result.suppress).toEqual([]);
    expect(result.notes[0]).toMatch(/^quinn@example\.com: not a permanent failure/);
  });

  it("#12: a message whose report names addresses that are not addresses suppresses nothing", async () => {
    const result = await classifyMessage(
      message(
        'Return-Path: <>\nFrom: MAILER-DAEMON@mail.example.com\nTo: bounces@example.com\nSubject: Undelivered\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '--b\nContent-Type: text/plain\n\nFailed.\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example.com\n\nFinal-Recipient: rfc822; =HYPERLINK("x")\nAction: failed\nStatus: 5.1.1\n\nFinal-Recipient: x400; /C=US/O=Example/\nAction: failed\nStatus: 5.1.1\n\n--b--\n',
      ),
    );
    expect(result.suppress).toEqual([]);
    expect(result.kind).toBe("unclear");
  });
});

/** The Exim bounce of the fixtures with another SMTP reply in its body. */
const exim = (reply: string) =>
  readFileSync(join(fixtures, "maildir/new/06-exim-bounce.eml"), "utf8").replace(
    "550 5.1.1 <zhang.min@example.com>: Recipient address rejected: User unknown",
    reply,
  );
const classify = (text: string) => classifyMessage(Buffer.from(text.replace(/\r?\n/g, "\r\n")));

describe("#12: hostile tester's findings", () => {
  it("#12: a FIFO or a device inside a folder or maildir is skipped as not a regular file; the good messages are read", async () => {
    const maildir = join(tmp, "fifo-maildir");
    cpSync(join(fixtures, "maildir"), maildir, { recursive: true });
    execFileSync("mkfifo", [join(maildir, "new", "123.host")]);
    symlinkSync("/dev/zero", join(maildir, "new", "zero.eml"));
    const folder = join(tmp, "fifo-folder");
    cpSync(join(fixtures, "eml-folder"), folder, { recursive: true });
    execFileSync("mkfifo", [join(folder, "f.eml")]);
    const found: ScannedMessage[] = [];
    for await (const m of scanBounces([maildir, folder])) found.push(m);
    const skipped = found.filter((m) => m.kind === "unreadable");
    expect(skipped).toEqual(
      [
        join(maildir, "new", "123.host"),
        join(maildir, "new", "zero.eml"),
        join(folder, "f.eml"),
      ].map((source) => ({
        source,
        kind: "unreadable",
        suppress: [],
        notes: ["not a regular file"],
      })),
    );
    expect(found.flatMap((m) => m.suppress).length).toBeGreaterThanOrEqual(7);
  }, 10_000);

  it("#12: X-Failed-Recipients follows the status rules: 5.7.1 and 5.2.2 are blocked, 4.4.1 temporary, 5.1.1 added", async () => {
    expect(await classify(exim("550 5.7.1 Message rejected as spam"))).toMatchObject({
      kind: "blocked",
      suppress: [],
    });
    expect(await classify(exim("552 5.2.2 Mailbox full"))).toMatchObject({
      kind: "blocked",
      suppress: [],
    });
    expect(await classify(exim("451 4.4.1 Connection timed out"))).toMatchObject({
      kind: "soft-bounce",
      suppress: [],
    });
    const blocked = await classify(exim("550 5.7.1 Message rejected as spam"));
    expect(blocked.notes.join()).toContain("zhang.min@example.com");
    expect(await classify(exim("550 5.1.1 User unknown"))).toMatchObject({
      kind: "hard-bounce",
      suppress: [{ email: "zhang.min@example.com" }],
    });
  });

  it("#12: X-Failed-Recipients naming two addresses: each judged by the status in its own Exim paragraph", async () => {
    const two = exim("550 5.1.1 User unknown")
      .replace(
        "X-Failed-Recipients: zhang.min@example.com",
        "X-Failed-Recipients: zhang.min@example.com,\n  li.wei@example.com",
      )
      .replace(
        "  zhang.min@example.com\n",
        "  li.wei@example.com\n    host mx.example.com [192.0.2.25]\n    SMTP error from remote mail server after RCPT TO:<li.wei@example.com>:\n    552 5.2.2 Mailbox full\n\n  zhang.min@example.com\n",
      );
    const result = await classify(two);
    expect(result.kind).toBe("hard-bounce");
    expect(result.suppress.map((f) => f.email)).toEqual(["zhang.min@example.com"]);
    expect(result.notes).toEqual([
      expect.stringMatching(
        /^li\.wei@example\.com: the mailbox is full \(.*552 5\.2\.2 Mailbox full\)$/,
      ),
    ]);
  });

  it("#12: a spoofed bounce (mailer-daemon@ somewhere, X-Failed-Recipients, no status, no original, no permanent-error wording) is unclear, nothing added", async () => {
    const spoof = [
      'From: "Mailer Daemon Weekly" <mailer-daemon@newsletter.example.com>',
      "To: bounces@example.com",
      "X-Failed-Recipients: innocent@example.com",
      "Subject: This week's deals",
      "Date: Fri, 28 Nov 2026 09:16:42 +0000",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      "Great deals this week, only for you.",
      "",
    ].join("\n");
    const result = await classify(spoof);
    expect(result.kind).toBe("unclear");
    expect(result.suppress).toEqual([]);
    expect(result.notes.join()).toContain("innocent@example.com");
    // With Exim's wording, or an attached original, it is a bounce.
    const worded = spoof.replace(
      "Great deals",
      "A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  innocent@example.com\n\nGreat deals",
    );
    expect((await classify(worded)).suppress).toEqual([
      expect.objectContaining({ email: "innocent@example.com" }),
    ]);
  });

  it("#12: a mailto unsubscribe (Subject: unsubscribe ADDRESS, or just unsubscribe) adds the From address; another address than From is reported, not added; replies stay ignored", async () => {
    const mail = (from: string, subject: string) =>
      [
        `From: Bob <${from}>`,
        "To: investors@example.com",
        `Subject: ${subject}`,
        "Date: Fri, 28 Nov 2026 09:16:42 +0000",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "",
      ].join("\n");
    expect(await classify(mail("bob@example.com", "unsubscribe Bob@Example.com"))).toEqual({
      kind: "unsubscribe",
      suppress: [{ email: "bob@example.com", reason: "unsubscribed (mailto)" }],
      notes: [],
    });
    expect(await classify(mail("bob@example.com", "Unsubscribe"))).toEqual({
      kind: "unsubscribe",
      suppress: [{ email: "bob@example.com", reason: "unsubscribed (mailto)" }],
      notes: [],
    });
    expect(await classify(mail("bob@example.com", "unsubscribe bob%40example.com"))).toMatchObject({
      kind: "unsubscribe",
      suppress: [{ email: "bob@example.com" }],
    });
    expect(await classify(mail("mallory@example.com", "unsubscribe alice@example.com"))).toEqual({
      kind: "unclear",
      suppress: [],
      notes: ["asks to unsubscribe alice@example.com, but comes from mallory@example.com"],
    });
    for (const subject of ["Re: unsubscribe bob@example.com", "how do I unsubscribe?", "Question"])
      expect((await classify(mail("bob@example.com", subject))).kind).toBe("reply");
  });

  it("#12: qmail bounces refused for policy or a full mailbox are blocked, not temporary failures", async () => {
    const qmail = (why: string) =>
      [
        "Return-Path: <>",
        "From: MAILER-DAEMON@mx.example.org",
        "To: bounces@example.com",
        "Subject: failure notice",
        "Date: Fri, 28 Nov 2026 09:16:42 +0000",
        "",
        "Hi. This is the qmail-send program at mx.example.org.",
        "I'm afraid I wasn't able to deliver your message to the following addresses.",
        "This is a permanent error; I've given up. Sorry it didn't work out.",
        "",
        "<ann@example.org>:",
        why,
        "",
      ].join("\n");
    expect(
      await classify(qmail("192.0.2.1 does not like recipient.\nRemote host said: 550 5.7.1 Spam")),
    ).toMatchObject({ kind: "blocked", suppress: [] });
    expect(await classify(qmail("Remote host said: 552 5.2.2 Mailbox full"))).toMatchObject({
      kind: "blocked",
      suppress: [],
    });
  });
});
