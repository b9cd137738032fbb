import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Content, sampleContentDir } from "@herald/model";
import { simpleParser } from "mailparser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SendError, sendNewsletter } from "../src/index.js";
import { embargoedCopies, loadSample } from "./content.js";
import { pressKitPdf } from "./emails.js";
import { perRecipient, startSmtpServer, type TestServer } from "./smtp.js";

// Issue 14: the embargoed send (to journalists, ahead of the announcement's time) and the
// public send after it are two campaigns on one journal: each reaches every recipient once,
// and a rerun of either resumes it. Real SMTP servers on 127.0.0.1, real journal files.

const recipientsFile = join(sampleContentDir, "recipients.sample.csv");
const SAMPLE_RECIPIENTS = 7;
const attachments = new Map([
  ["en", { filename: "docker-series-b.en.pdf", content: pressKitPdf }],
  ["zh-CN", { filename: "docker-series-b.zh-CN.pdf", content: pressKitPdf }],
]);

let content: Content;
let plain: Content;
let dir: string;
const servers: TestServer[] = [];
beforeAll(async () => {
  [{ sample: content }, plain] = await Promise.all([embargoedCopies(), loadSample()]);
  dir = await mkdtemp(join(tmpdir(), "herald-send-i14-"));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const smtp = async () => {
  const server = await startSmtpServer();
  servers.push(server);
  return server;
};
const fresh = () => join(dir, `journal-${Math.random().toString(36).slice(2)}.jsonl`);
const base = (journal: string) => ({
  content,
  announcementId: "docker-series-b",
  recipientsFile,
  outbox: join(dir, "outbox"),
  journal,
  retryDelay: 20,
});

describe("#14: the embargoed send and the public send", () => {
  it("#14: two campaigns on one journal: each reaches every recipient once, and a rerun of either sends nothing", async () => {
    const journal = fresh();
    const server = await smtp();
    const embargoed = await sendNewsletter({
      ...base(journal),
      smtp: server.url,
      underEmbargo: true,
      attachments,
    });
    expect(embargoed).toMatchObject({ sent: SAMPLE_RECIPIENTS, alreadySent: 0, failed: [] });
    const first = await Promise.all(server.received.map((r) => simpleParser(r.raw)));
    for (const m of first) {
      expect(m.subject).toMatch(/^(Embargoed until December 1, 2036|【禁发至 2036年12月1日)/);
      expect(m.attachments.map((a) => a.contentType)).toEqual(["application/pdf"]);
      expect(m.text).toMatch(/UTC 08:00|8:00\u202fAM UTC/);
    }
    const zh = first.find((m) => m.to && "text" in m.to && m.to.text.includes("li.wei"));
    expect(zh?.text).toContain("媒体资料包（PDF）已附在本邮件中。");

    // The rerun of the embargoed send: everyone has it.
    const again = await sendNewsletter({
      ...base(journal),
      smtp: server.url,
      underEmbargo: true,
      attachments,
    });
    expect(again).toMatchObject({ sent: 0, alreadySent: SAMPLE_RECIPIENTS });
    expect(server.received).toHaveLength(SAMPLE_RECIPIENTS);

    // After the embargo: the public send, on the same journal, reaches everyone again.
    const open = await sendNewsletter({ ...base(journal), smtp: server.url });
    expect(open).toMatchObject({ sent: SAMPLE_RECIPIENTS, alreadySent: 0, failed: [] });
    expect([...perRecipient(server.received).values()]).toEqual(Array(SAMPLE_RECIPIENTS).fill(2));
    const second = await Promise.all(
      server.received.slice(SAMPLE_RECIPIENTS).map((r) => simpleParser(r.raw)),
    );
    const ids = new Set(first.map((m) => m.messageId));
    for (const m of second) {
      expect(m.subject).not.toMatch(/Embargoed|GMT\+1/);
      expect(m.attachments).toEqual([]);
      expect(ids.has(m.messageId)).toBe(false);
    }
    // The public message is the one it always was: the Message-ID of a send without embargo.
    const before = await smtp();
    await sendNewsletter({ ...base(fresh()), content: plain, smtp: before.url });
    const plainIds = (await Promise.all(before.received.map((r) => simpleParser(r.raw)))).map(
      (m) => m.messageId,
    );
    expect(second.map((m) => m.messageId).sort()).toEqual(plainIds.sort());

    // And the other way round: neither rerun sends anything more.
    for (const underEmbargo of [false, true]) {
      const rerun = await sendNewsletter({
        ...base(journal),
        smtp: server.url,
        underEmbargo,
        attachments,
      });
      expect(rerun).toMatchObject({ sent: 0, alreadySent: SAMPLE_RECIPIENTS });
    }
    expect(server.received).toHaveLength(2 * SAMPLE_RECIPIENTS);
    const lines = (await readFile(journal, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ journal: "herald send", announcement: "docker-series-b" });
    expect(lines.filter((l) => l.state === "sent" && l.campaign).map((l) => l.campaign)).toEqual(
      Array(SAMPLE_RECIPIENTS).fill("embargo 2036-12-01T08:00:00Z"),
    );
    expect(lines.filter((l) => l.state === "sent" && !l.campaign)).toHaveLength(SAMPLE_RECIPIENTS);
  });

  it("#14: an embargoed send that stopped half-way resumes: only whoever it missed, whatever the public campaign did", async () => {
    const journal = fresh();
    const server = await smtp();
    // Two sent under embargo; one handed to the server with no answer (a crash); one who got
    // the public message only (an older journal line, without campaign).
    const id = "<docker-series-b.en.000000000000000000000000@newsroom.example.com>";
    const campaign = "embargo 2036-12-01T08:00:00Z";
    const via = server.url.replace("smtp://", "");
    await writeFile(
      journal,
      `${[
        { journal: "herald send", announcement: "docker-series-b" },
        { email: "alice.chen@example.com", state: "sent", messageId: id, via, campaign },
        { email: "li.wei@example.com", state: "sent", messageId: id, via, campaign },
        { email: "bob.miller@example.com", state: "attempt", messageId: id, via, campaign },
        { email: "dana.ito@example.com", state: "sent", messageId: id, via },
      ]
        .map((l) => JSON.stringify(l))
        .join("\n")}\n`,
    );
    const summary = await sendNewsletter({
      ...base(journal),
      smtp: server.url,
      underEmbargo: true,
      attachments,
    });
    expect(summary).toMatchObject({ sent: SAMPLE_RECIPIENTS - 2, alreadySent: 2, unsettled: 1 });
    const to = server.received.flatMap((r) => r.to);
    expect(to).toContain("bob.miller@example.com");
    expect(to).toContain("dana.ito@example.com");
    expect(to).not.toContain("alice.chen@example.com");
    // The public send then skips only dana, whom the older line says has it.
    const open = await sendNewsletter({ ...base(journal), smtp: server.url });
    expect(open).toMatchObject({ sent: SAMPLE_RECIPIENTS - 1, alreadySent: 1 });
  });

  it("#14: the outbox keeps the embargoed and the public messages apart", async () => {
    const outbox = join(dir, `outbox-${Math.random().toString(36).slice(2)}`);
    const journal = fresh();
    await sendNewsletter({ ...base(journal), outbox, underEmbargo: true, attachments });
    await sendNewsletter({ ...base(journal), outbox });
    const files = await readdir(outbox);
    expect(files.filter((f) => f.endsWith(".embargo.eml"))).toHaveLength(SAMPLE_RECIPIENTS);
    expect(files).toHaveLength(2 * SAMPLE_RECIPIENTS);
    const eml = await readFile(
      join(outbox, files.find((f) => f.endsWith(".embargo.eml")) as string),
    );
    expect((await simpleParser(eml)).attachments).toHaveLength(1);
  });

  it("#14: without a press kit to attach, without an embargo, or once the embargo has lifted, nothing is sent under embargo", async () => {
    const server = await smtp();
    const missing = sendNewsletter({
      ...base(fresh()),
      smtp: server.url,
      underEmbargo: true,
      attachments: new Map([["en", { filename: "x.pdf", content: pressKitPdf }]]),
    });
    await expect(missing).rejects.toThrow(SendError);
    await expect(missing).rejects.toThrow(/no PDF to attach for zh-CN.*\n {2}Fix: /s);
    const none = sendNewsletter({
      ...base(fresh()),
      content: plain,
      smtp: server.url,
      underEmbargo: true,
      attachments,
    });
    await expect(none).rejects.toThrow(
      /has no embargo.*\n {2}Fix: send it without --under-embargo/s,
    );
    expect(server.received).toHaveLength(0);
    // Once the embargo has lifted (a second after 09:00 in Paris), the embargoed email is past.
    const lifted = sendNewsletter({
      ...base(fresh()),
      smtp: server.url,
      underEmbargo: true,
      attachments,
      now: new Date("2036-12-01T08:00:01Z"),
    });
    await expect(lifted).rejects.toThrow(
      /lifted at 2036-12-01T09:00:00\+01:00.*\n {2}Fix: send it without --under-embargo/s,
    );
    expect(server.received).toHaveLength(0);
    // A second before, it goes.
    const before = await sendNewsletter({
      ...base(fresh()),
      smtp: server.url,
      underEmbargo: true,
      attachments,
      now: new Date("2036-12-01T07:59:59Z"),
    });
    expect(before.sent).toBe(SAMPLE_RECIPIENTS);
  });
});
