import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Content, loadContent, sampleContentDir } from "@herald/model";
import { simpleParser } from "mailparser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sendNewsletter } from "../src/index.js";
import { perRecipient, startSmtpServer, type TestServer } from "./smtp.js";

// Issue #9: nothing sent twice, nothing lost, no content able to take over a message.

let content: Content;
let dir: string;
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const smtp = async (options?: Parameters<typeof startSmtpServer>[0]) => {
  const server = await startSmtpServer(options);
  servers.push(server);
  return server;
};

beforeAll(async () => {
  const loaded = await loadContent(sampleContentDir);
  if (!loaded.ok) throw new Error("sample content does not load");
  content = loaded.content;
  dir = await mkdtemp(join(tmpdir(), "herald-hardening-"));
});
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

let n = 0;
const fresh = (name: string) => join(dir, `${n++}-${name}`);
const base = () => ({
  content,
  announcementId: "docker-series-b",
  outbox: fresh("outbox"),
  journal: fresh("journal"),
  retryDelay: 20,
});
const csv = async (text: string) => {
  const file = fresh("list.csv");
  await writeFile(file, text);
  return file;
};

describe("#9: personalization cannot be taken over by content", () => {
  const MARKERS = "{{herald:unsubscribe:5c1e}} {{herald:greeting:5c1e}}";

  it("#9: markers in the title, the body and a recipient's name stay text; every recipient gets their own unsubscribe link", async () => {
    const folder = fresh("content");
    await cp(sampleContentDir, folder, { recursive: true });
    const file = join(folder, "announcements/docker-series-b.en.md");
    const md = await readFile(file, "utf8");
    await writeFile(
      file,
      `${md.replace(/^title: .*$/m, `title: "Series B ${MARKERS}"`)}\nA paragraph with ${MARKERS} in it.\n`,
    );
    const loaded = await loadContent(folder);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const server = await smtp();
    const list = await csv(
      `email,name,locale\nann@example.com,"Ann ${MARKERS}",en\nbob@example.com,Bob,en\ncy@example.com,,en\n`,
    );
    const summary = await sendNewsletter({
      ...base(),
      content: loaded.content,
      recipientsFile: list,
      smtp: server.url,
    });
    expect(summary.sent).toBe(3);
    for (const r of server.received) {
      const email = r.to[0] as string;
      const mail = await simpleParser(r.raw);
      const url = `https://newsroom.example.com/unsubscribe?address=${encodeURIComponent(email)}`;
      expect(r.raw.toString().replace(/\r\n[ \t]+/g, " ")).toContain(
        `List-Unsubscribe: <${url}>, <mailto:unsubscribe@example.com?subject=unsubscribe%20${encodeURIComponent(email)}>`,
      );
      expect(mail.subject).toBe(`Series B ${MARKERS}`);
      const html = mail.html || "";
      const links = [...html.matchAll(/href="([^"]*unsubscribe[^"]*)"/g)].map((m) =>
        m[1]?.replace(/&amp;/g, "&"),
      );
      expect(links).toEqual([url]);
      expect(html).toContain(`A paragraph with ${MARKERS} in it.`);
      expect(mail.text).toContain(`A paragraph with ${MARKERS} in it.`);
      expect(
        [...(mail.text ?? "").matchAll(/https:\/\/\S*unsubscribe\S*/g)].map((m) => m[0]),
      ).toEqual([url]);
      const greeting = (mail.text ?? "").split("\n")[0];
      expect(greeting).toBe(
        email === "ann@example.com"
          ? `Dear Ann ${MARKERS},`
          : email === "bob@example.com"
            ? "Dear Bob,"
            : "Hello,",
      );
    }
  });
});

describe("#9: outbox files", () => {
  it("#9: addresses that differ only in characters a file name cannot hold get their own files", async () => {
    const outbox = fresh("outbox");
    const list = await csv(
      "email,name,locale\na+b@example.com,Plus,en\na_b@example.com,Underscore,en\n",
    );
    const summary = await sendNewsletter({ ...base(), outbox, recipientsFile: list });
    expect(summary.sent).toBe(2);
    const files = (await readdir(outbox)).sort();
    expect(files).toHaveLength(2);
    const to = await Promise.all(
      files.map(async (f) => (await simpleParser(await readFile(join(outbox, f)))).to),
    );
    expect(to.map((t) => (Array.isArray(t) ? t[0] : t)?.value[0]?.address).sort()).toEqual([
      "a+b@example.com",
      "a_b@example.com",
    ]);
  });
});

describe("#9: the journal", () => {
  it("#9: a journal cut mid-line: the next entries start on a fresh line, nobody is sent twice", async () => {
    const server = await smtp();
    const journal = fresh("journal");
    await writeFile(
      journal,
      '{"journal":"herald send","announcement":"docker-series-b"}\n{"email":"li.wei@example.com","state":"sent"}\n{"email":"zhang.min@exa',
    );
    const recipientsFile = join(sampleContentDir, "recipients.sample.csv");
    const first = await sendNewsletter({ ...base(), journal, recipientsFile, smtp: server.url });
    expect(first).toMatchObject({ sent: 6, alreadySent: 1 });
    const second = await sendNewsletter({ ...base(), journal, recipientsFile, smtp: server.url });
    expect(second).toMatchObject({ sent: 0, alreadySent: 7 });
    expect([...perRecipient(server.received).values()]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  const refuse: Array<[string, string, RegExp]> = [
    [
      "random bytes",
      '\u0001\u0002garbage\n{"email":"a@example.com","state":"sent"}\n',
      /:1: this line is not a journal entry/,
    ],
    ["JSON that is not journal entries", "[1,2,3]\n{}\n", /:1: this line is not a journal entry/],
    [
      "another announcement",
      '{"journal":"herald send","announcement":"other-news"}\n',
      /is the journal of the announcement "other-news", not of "docker-series-b"/,
    ],
  ];
  for (const [what, text, message] of refuse) {
    it(`#9: a journal of ${what} is refused before anyone is sent to`, async () => {
      const server = await smtp();
      const journal = fresh("journal");
      await writeFile(journal, text);
      await expect(
        sendNewsletter({
          ...base(),
          journal,
          recipientsFile: join(sampleContentDir, "recipients.sample.csv"),
          smtp: server.url,
        }),
      ).rejects.toThrow(message);
      expect(server.received).toHaveLength(0);
      expect(await readFile(journal, "utf8")).toBe(text);
    });
  }
});

describe("#9: international addresses", () => {
  const list =
    "email,name,locale\nuser@bücher.example,U,en\n用户@例子.广告,Y,en\nUSER@xn--bcher-kva.example,Again,en\n";

  it("#9: are sent to, with SMTPUTF8 where the local part needs it", async () => {
    const server = await smtp();
    const summary = await sendNewsletter({
      ...base(),
      recipientsFile: await csv(list),
      smtp: server.url,
    });
    expect(summary).toMatchObject({ sent: 2, failed: [] });
    expect(summary.skipped).toEqual([
      { line: 4, reason: "USER@xn--bcher-kva.example is listed more than once; sent once" },
    ]);
    // smtp-server shows domains in Unicode; the commands show what went on the wire (with
    // SMTPUTF8, nodemailer keeps the whole address in UTF-8, as RFC 6531 allows).
    const byTo = new Map(server.received.map((r) => [r.to[0], r]));
    expect([...byTo.keys()].sort()).toEqual(["user@bücher.example", "用户@例子.广告"]);
    expect(byTo.get("用户@例子.广告")?.mailArgs.SMTPUTF8).toBe(true);
    expect(byTo.get("user@bücher.example")?.mailArgs.SMTPUTF8).toBeUndefined();
    const rcpt = server.commands.filter((c) => c.startsWith("RCPT TO:")).sort();
    expect(rcpt).toEqual(["RCPT TO:<user@xn--bcher-kva.example>", "RCPT TO:<用户@例子.广告>"]);
    expect(byTo.get("user@bücher.example")?.raw.toString()).toMatch(
      /^To: U <user@xn--bcher-kva\.example>\r$/m,
    );
  });

  it("#9: a server without SMTPUTF8 gets the punycode one and a clear failure for the other", async () => {
    const server = await smtp({ hideSMTPUTF8: true });
    const summary = await sendNewsletter({
      ...base(),
      recipientsFile: await csv(list),
      smtp: server.url,
    });
    expect(summary.sent).toBe(1);
    expect(summary.failed).toEqual([
      {
        email: "用户@例子.广告",
        reason:
          "the server does not offer SMTPUTF8, which this address needs (its part before @ is not ASCII)",
      },
    ]);
    expect(server.received.map((r) => r.to[0])).toEqual(["user@bücher.example"]);
    expect(server.commands.filter((c) => c.startsWith("RCPT TO:"))).toEqual([
      "RCPT TO:<user@xn--bcher-kva.example>",
    ]);
  });
});

describe("#9: a server that refuses the sender", () => {
  it("#9: stops at the first refusal instead of failing every recipient, and journals nobody as failed", async () => {
    const server = await smtp({ rejectSender: { code: 550, message: "Sender not allowed" } });
    const journal = fresh("journal");
    const lines = ["email,name,locale"];
    for (let i = 0; i < 200; i++) lines.push(`r${i}@example.com,R,en`);
    await expect(
      sendNewsletter({
        ...base(),
        journal,
        recipientsFile: await csv(lines.join("\n")),
        smtp: server.url,
      }),
    ).rejects.toThrow(
      /^The SMTP server 127\.0\.0\.1:\d+ refused the sender investors@example\.com \(550 Sender not allowed\), so the send stopped: 0 messages were sent and journaled\.\n {2}Fix: /,
    );
    expect(await readFile(journal, "utf8")).not.toContain('"failed"');
    expect(server.commands.filter((c) => c.startsWith("MAIL FROM")).length).toBeLessThan(30);
    // #12: refused before the message went out: not delivered, so nobody is left "unsettled"
    // (an attempt without an outcome) for the next run to report as possibly received.
    const last = new Map<string, string>();
    for (const line of (await readFile(journal, "utf8")).trim().split("\n").slice(1)) {
      const entry = JSON.parse(line) as { email: string; state: string };
      last.set(entry.email, entry.state);
    }
    expect(last.size).toBeGreaterThan(0);
    expect([...last.values()].filter((state) => state === "attempt")).toEqual([]);
  });
});
