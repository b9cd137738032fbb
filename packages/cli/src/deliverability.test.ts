import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { unsubscribeToken } from "@herald/email";
import { sampleContentDir } from "@herald/model";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { perRecipient, startSmtpServer, type TestServer } from "../../email/test/smtp.js";
import { expectNoStack, removeTemp, startHerald } from "./test-support.js";

// Issue #12: mail that is dated right, always offers an unsubscribe, shows the sender's postal
// address, honours the suppression list, and says which recipients an earlier crash left
// unsettled. Real processes of the built CLI, real files, real SMTP servers on 127.0.0.1.

const SECRET = "a-test-secret-of-32-characters!!";
/** Real bounce and complaint messages (RFC 3464, RFC 5965, qmail, Exim), as a maildir. */
const bounces = fileURLToPath(
  new URL("../../email/test/fixtures/bounces/maildir", import.meta.url),
);

let cwd: string;
const servers: TestServer[] = [];
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "herald-deliver-"));
});
afterEach(() => removeTemp(cwd));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const smtp = async () => {
  const server = await startSmtpServer();
  servers.push(server);
  return server;
};

const run = (args: string[], env: Record<string, string> = {}) =>
  startHerald(["send", ...args], { cwd, env }).done;

/** A list of `emails`, each in English. */
async function list(emails: string[], name = "list.csv") {
  const file = join(cwd, name);
  await writeFile(file, `email,name,locale\n${emails.map((e) => `${e},,en`).join("\n")}\n`);
  return file;
}

/** The sample content with its site.yaml changed by `edit`. */
async function contentWith(edit: (site: string) => string, name = "content") {
  const dir = join(cwd, name);
  await cp(sampleContentDir, dir, { recursive: true });
  const site = join(dir, "site.yaml");
  const before = await readFile(site, "utf8");
  const after = edit(before);
  expect(after).not.toBe(before);
  await writeFile(site, after);
  return dir;
}

const withoutPostalAddress = (site: string) =>
  site.replace(/ {2}postalAddress:\n(?: {4}.*\n)+/, "");
const withoutUnsubscribe = (site: string) => site.replace(/ {2}unsubscribe:\n(?: {4}.*\n)+/, "");

const args = (recipients: string, ...more: string[]) => [
  "--announcement",
  "docker-series-b",
  "--recipients",
  recipients,
  "--skip-verify",
  ...more,
];

/** Header lines unfolded (a long header continues on lines that start with a space). */
const unfolded = (raw: string) => raw.replace(/\r\n[ \t]+/g, " ");

const parsed = (server: TestServer) => Promise.all(server.received.map((r) => simpleParser(r.raw)));

describe("#12: the Date header", () => {
  it("#12: mail sent by SMTP is dated within a minute of the send, not the announcement's date", async () => {
    const server = await smtp();
    const before = Date.now();
    const result = await run(args(await list(["ann@example.com"]), "--smtp", server.url));
    expect(result.code).toBe(0);
    const [mail] = await parsed(server);
    const date = mail?.date?.getTime() ?? 0;
    expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(date).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - date).toBeLessThan(60_000);
  });

  it("#12: the outbox is dated at the time of the run; the build's sample .eml keeps the announcement's date", async () => {
    const result = await run(args(await list(["ann@example.com"])));
    expect(result.code).toBe(0);
    const outbox = join(cwd, "out-outbox", "docker-series-b");
    const [file] = await readdir(outbox);
    const mail = await simpleParser(await readFile(join(outbox, file as string)));
    expect(Date.now() - (mail.date?.getTime() ?? 0)).toBeLessThan(60_000);
    const built = await startHerald(["build", "--out", join(cwd, "site")], { cwd }).done;
    expect(built.code).toBe(0);
    const eml = await simpleParser(
      await readFile(join(cwd, "site", "email", "docker-series-b.en.eml")),
    );
    expect(eml.date?.toISOString()).toBe("2014-01-22T00:00:00.000Z");
  });
});

describe("#12: List-Unsubscribe", () => {
  it("#12: with a one-click URL and a mailto: both, and the one-click POST header", async () => {
    const server = await smtp();
    const result = await run(args(await list(["Ann.Lee@example.com"]), "--smtp", server.url));
    expect(result.code).toBe(0);
    const raw = unfolded(server.received[0]?.raw.toString("latin1") ?? "");
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    const header = raw.match(/^List-Unsubscribe: (.*)$/im)?.[1];
    expect(header).toContain(
      "<https://newsroom.example.com/unsubscribe?address=Ann.Lee%40example.com>",
    );
    expect(header).toContain(
      "<mailto:unsubscribe@example.com?subject=unsubscribe%20Ann.Lee%40example.com>",
    );
    expect(result.err).not.toContain("one-click");
  });

  it("#12: without any unsubscribe configuration: a mailto: to the reply address, and one warning", async () => {
    const server = await smtp();
    const content = await contentWith(withoutUnsubscribe);
    const result = await run(
      args(
        await list(["a@example.com", "b@example.com"]),
        "--smtp",
        server.url,
        "--content",
        content,
      ),
    );
    expect(result.code).toBe(0);
    expect(server.received).toHaveLength(2);
    for (const r of server.received) {
      const raw = unfolded(r.raw.toString("latin1"));
      expect(raw).toMatch(
        /^List-Unsubscribe: <mailto:ir@example\.com\?subject=unsubscribe%20[ab]%40example\.com>/im,
      );
      // RFC 8058: no one-click header without an https address to POST to.
      expect(raw).not.toMatch(/^List-Unsubscribe-Post:/im);
    }
    // Said once: by the content check every command runs.
    expect(result.err.match(/no one-click unsubscribe address/g)).toHaveLength(1);
    const check = await startHerald(["check", "--content", content], { cwd }).done;
    expect(check.code).toBe(0);
    expect(check.out + check.err).toContain("no-one-click-unsubscribe");
  });

  it("#12: a {token} URL carries each recipient's signed token, and is refused without the secret", async () => {
    const server = await smtp();
    const content = await contentWith((site) =>
      site.replace(
        "unsubscribe?address={email}",
        "unsubscribe?email={email}&token={token}&lang={locale}",
      ),
    );
    const recipients = await list(["Ann.Lee@example.com"]);
    const refused = await run(args(recipients, "--smtp", server.url, "--content", content));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("HERALD_UNSUBSCRIBE_SECRET");
    expectNoStack(refused.err);
    expect(server.received).toHaveLength(0);
    const short = await run(args(recipients, "--smtp", server.url, "--content", content), {
      HERALD_UNSUBSCRIBE_SECRET: "short",
    });
    expect(short.code).toBe(1);
    expect(short.err).not.toContain("short\n");
    const sent = await run(args(recipients, "--smtp", server.url, "--content", content), {
      HERALD_UNSUBSCRIBE_SECRET: SECRET,
    });
    expect(sent.code).toBe(0);
    expect(sent.out + sent.err).not.toContain(SECRET);
    const raw = server.received[0]?.raw.toString("latin1").replace(/\r\n[ \t]/g, " ") ?? "";
    const token = unsubscribeToken("ann.lee@example.com", SECRET);
    expect(raw).toContain(`unsubscribe?email=Ann.Lee%40example.com&token=${token}&lang=en>`);
  });

  it("#12: herald verify (before a send) takes every unsubscribe URL form for the server's, not a missing page", async () => {
    const recipients = await list(["a@example.com"]);
    // One form after the other, each built into the same OUT: the builds after the first take
    // their PDFs and images from its cache (only the emails change), for a fraction of the
    // CPU three cold builds at once took from the other tests.
    const forms = [
      "https://newsroom.example.com/u/{token}/{email}",
      "https://newsroom.example.com/u/{locale}/{token}?address={email}",
      "https://newsroom.example.com/unsubscribe?address=%7Bemail%7D&token=%7Btoken%7D",
    ];
    const out = join(cwd, "out");
    for (const [i, url] of forms.entries()) {
      const content = await contentWith(
        (site) =>
          site.replace(/url: https:\/\/newsroom\.example\.com\/unsubscribe\?\S+/, `url: "${url}"`),
        `content-${i}`,
      );
      const built = await startHerald(["build", "--content", content, "--out", out], { cwd }).done;
      expect(built.code, url).toBe(0);
      const dry = await startHerald(
        [
          "send",
          "--announcement",
          "docker-series-b",
          "--recipients",
          recipients,
          "--content",
          content,
          "--out",
          out,
          "--dry-run",
        ],
        { cwd, env: { HERALD_UNSUBSCRIBE_SECRET: SECRET } },
      ).done;
      expect(dry.err, url).not.toContain("points to a page the build does not have");
      expect(dry.code, url).toBe(0);
    }
  });
});

describe("#12: the postal address", () => {
  it("#12: send by SMTP refuses without newsletter.postalAddress; the outbox, the build and check still work", async () => {
    const server = await smtp();
    const content = await contentWith(withoutPostalAddress);
    const recipients = await list(["a@example.com"]);
    const refused = await run(args(recipients, "--smtp", server.url, "--content", content));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("site.yaml");
    expect(refused.err).toContain("newsletter.postalAddress");
    expectNoStack(refused.err);
    expect(server.received).toHaveLength(0);
    const outbox = await run(args(recipients, "--content", content));
    expect(outbox.code).toBe(0);
    const built = await startHerald(["build", "--content", content, "--out", join(cwd, "site")], {
      cwd,
    }).done;
    expect(built.code).toBe(0);
    const check = await startHerald(["check", "--content", content], { cwd }).done;
    expect(check.code).toBe(0);
    expect(check.out + check.err).toContain("no-postal-address");
  });

  it("#12: the address is in the footer of both parts, in the recipient's language", async () => {
    const server = await smtp();
    const recipients = join(cwd, "two.csv");
    await writeFile(recipients, "email,name,locale\nen@example.com,,en\nzh@example.com,,zh-CN\n");
    expect((await run(args(recipients, "--smtp", server.url))).code).toBe(0);
    const mails = await parsed(server);
    const en = mails.find((m) => m.to && JSON.stringify(m.to).includes("en@example.com"));
    const zh = mails.find((m) => m.to && JSON.stringify(m.to).includes("zh@example.com"));
    expect(en?.text).toContain("475 Brannan Street, Suite 330");
    expect(en?.html).toContain("475 Brannan Street, Suite 330");
    expect(zh?.text).toContain("布兰南街 475 号 330 室");
    expect(zh?.html).toContain("布兰南街 475 号 330 室");
  });
});

describe("#12: the suppression list", () => {
  it("#12: recipients on the list are skipped, matched case-insensitively on the whole address, and counted", async () => {
    const server = await smtp();
    const recipients = await list([
      "keep@example.com",
      "Left@Example.com",
      "bounced@example.com",
      "bounced@example.com.au",
      "notbounced@example.com",
    ]);
    await writeFile(
      join(cwd, "suppressions.csv"),
      "email,reason,date\nleft@example.COM,unsubscribed (one-click),2026-11-01T00:00:00Z\nBOUNCED@example.com,hard bounce 5.1.1,2026-11-02T00:00:00Z\n",
    );
    const result = await run(args(recipients, "--smtp", server.url));
    expect(result.code).toBe(0);
    expect([...perRecipient(server.received).keys()].sort()).toEqual([
      "bounced@example.com.au",
      "keep@example.com",
      "notbounced@example.com",
    ]);
    expect(result.out).toContain("suppressed: 2");
  });

  it("#12: --suppressions names another list; one inside OUT or the content folder is refused", async () => {
    const server = await smtp();
    const recipients = await list(["a@example.com", "b@example.com"]);
    const other = join(cwd, "other.csv");
    await writeFile(
      other,
      "email,reason,date\nb@example.com,complaint (abuse),2026-11-01T00:00:00Z\n",
    );
    const result = await run(args(recipients, "--smtp", server.url, "--suppressions", other));
    expect(result.code).toBe(0);
    expect([...perRecipient(server.received).keys()]).toEqual(["a@example.com"]);
    const inside = await run(
      args(
        recipients,
        "--smtp",
        server.url,
        "--suppressions",
        join(cwd, "out", "s.csv"),
        "--out",
        join(cwd, "out"),
      ),
    );
    expect(inside.code).toBe(1);
    expect(inside.err).toContain("--suppressions");
    expectNoStack(inside.err);
  });

  it("#12: suppress add, then a maildir of a hard bounce, a complaint, a delayed bounce and a reply: exactly the right recipients are skipped", async () => {
    const server = await smtp();
    const maildir = join(cwd, "Maildir");
    await cp(bounces, maildir, { recursive: true });
    const herald = (...more: string[]) => startHerald(more, { cwd }).done;
    const added = await herald(
      "suppress",
      "add",
      "Li.Wei@Example.com",
      "--reason",
      "asked by phone",
    );
    expect(added.code).toBe(0);
    const imported = await herald("suppress", "import", maildir);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/added: bob\.miller@example\.com \(hard bounce 5\.1\.1/);
    expect(imported.out).toMatch(/added: carla\.souza@example\.com \(complaint/);
    expect(imported.out).not.toMatch(/^added: dana\.ito@example\.com/m);
    const sample = join(sampleContentDir, "recipients.sample.csv");
    const result = await run(args(sample, "--smtp", server.url));
    expect(result.code).toBe(0);
    // Kept: the delayed (4.4.7) bounce's dana.ito and alice.chen, who only replied.
    expect([...perRecipient(server.received).keys()].sort()).toEqual([
      "alice.chen@example.com",
      "dana.ito@example.com",
    ]);
    // li.wei by hand; bob.miller (Postfix 5.1.1), wang.fang (qmail) and zhang.min (Exim)
    // bounced; carla.souza complained.
    expect(result.out).toContain("suppressed: 5");
  });

  it("#12: a list cut down or deleted during a send stops it: nobody it listed is mailed", async () => {
    for (const change of ["cut", "deleted"] as const) {
      const server = await smtp();
      // Long enough (10 s at 4 a second) that a machine under load cannot finish the send
      // before the change is made: it stops at the change.
      const recipients = await list(
        Array.from({ length: 40 }, (_, i) => `p${i}@example.com`),
        `${change}.csv`,
      );
      const file = join(cwd, "suppressions.csv");
      await writeFile(
        file,
        "email,reason,date\np4@example.com,x,2026-11-01T00:00:00Z\np5@example.com,x,2026-11-01T00:00:00Z\n",
      );
      const send = startHerald(
        [
          "send",
          ...args(
            recipients,
            "--smtp",
            server.url,
            "--rate",
            "4",
            "--journal",
            join(cwd, `${change}.journal`),
          ),
        ],
        { cwd },
      );
      const end = Date.now() + 20_000;
      while (server.received.length < 1 && Date.now() < end)
        await new Promise((r) => setTimeout(r, 10));
      if (change === "cut") await writeFile(file, "email,reason,date\n");
      else await rm(file);
      const result = await send.done;
      expect(result.code, change).toBe(1);
      expect(result.err).toContain("lost entries during the send (it had 2, now 0)");
      expectNoStack(result.err);
      const got = perRecipient(server.received);
      expect(got.has("p4@example.com") || got.has("p5@example.com"), change).toBe(false);
    }
  });

  it("#12: a --suppressions file that does not exist is a typo, not an empty list: nobody is sent to", async () => {
    const server = await smtp();
    const result = await run(
      args(
        await list(["a@example.com"]),
        "--smtp",
        server.url,
        "--suppressions",
        "supressions.csv",
      ),
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain("--suppressions: there is no file at supressions.csv");
    expectNoStack(result.err);
    expect(server.received).toHaveLength(0);
  });

  it("#12: a suppressions file that is not a suppression list stops the send, untouched", async () => {
    const server = await smtp();
    const recipients = await list(["a@example.com"]);
    const theirs = "name,phone\nAnn,555\n";
    await writeFile(join(cwd, "suppressions.csv"), theirs);
    const result = await run(args(recipients, "--smtp", server.url));
    expect(result.code).toBe(1);
    expect(result.err).toContain("suppressions.csv:1");
    expect(result.err).toContain("email,reason,date");
    expectNoStack(result.err);
    expect(server.received).toHaveLength(0);
    expect(await readFile(join(cwd, "suppressions.csv"), "utf8")).toBe(theirs);
  });

  it("#12: an address added to the list during a send is not sent to", async () => {
    const server = await smtp();
    const emails = Array.from({ length: 6 }, (_, i) => `r${i}@example.com`);
    const recipients = await list(emails);
    // Two a second: the last recipient goes 2.5 s after the first, time enough for this
    // process to add it to the list even on a loaded machine (at four a second, 1.25 s, a CI
    // run with every suite at once once sent it first).
    const send = startHerald(["send", ...args(recipients, "--smtp", server.url, "--rate", "2")], {
      cwd,
    });
    const end = Date.now() + 20_000;
    while (server.received.length < 1 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 10));
    await writeFile(
      join(cwd, "suppressions.csv"),
      "email,reason,date\nr5@example.com,unsubscribed (one-click),2026-11-28T00:00:00Z\n",
    );
    const result = await send.done;
    expect(result.code).toBe(0);
    expect(perRecipient(server.received).has("r5@example.com")).toBe(false);
    expect(result.out).toContain("suppressed: 1");
  });
});

/** A server that takes each message and never answers; `arrived` holds what it got. */
async function hangingServer() {
  const arrived: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, _callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => {
        raw += c.toString("latin1");
      });
      stream.on("end", () => arrived.push(raw));
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { arrived, url: `smtp://127.0.0.1:${port}`, close: () => server.close() };
}

describe("#12: sends a crash left unsettled", () => {
  it("#12: a server that takes the messages and never answers: the send says they may have arrived, not that nothing was sent", async () => {
    const hanging = await hangingServer();
    const recipients = await list(["one@example.com", "two@example.com"]);
    const result = await run(args(recipients, "--smtp", hanging.url), {
      HERALD_SMTP_TIMEOUT_MS: "2000",
    });
    hanging.close();
    expect(result.code).toBe(1);
    expect(hanging.arrived).toHaveLength(2);
    expect(result.err).toContain(
      "0 messages were sent and journaled; 2 more were handed to the server, which never answered: they may have arrived",
    );
    expect(result.err).not.toContain("nothing was sent");
    expectNoStack(result.err);
  });

  it("#12: a kill between the attempt and the server's answer is reported on the rerun, and resent with the same Message-ID", async () => {
    // A server that takes the message and never answers: the sender is killed meanwhile.
    const hanging = await hangingServer();
    const { arrived } = hanging;
    const recipients = await list(["one@example.com", "two@example.com", "three@example.com"]);
    const journal = join(cwd, "send.journal");
    const first = startHerald(
      ["send", ...args(recipients, "--smtp", hanging.url, "--journal", journal)],
      { cwd },
    );
    const end = Date.now() + 20_000;
    while (arrived.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(arrived).toHaveLength(3);
    first.child.kill("SIGKILL");
    await first.done;
    hanging.close();
    const attempts = (await readFile(journal, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { state?: string });
    expect(attempts.filter((e) => e.state === "attempt")).toHaveLength(3);

    const server = await smtp();
    const again = await run(args(recipients, "--smtp", server.url, "--journal", journal));
    expect(again.code).toBe(0);
    expect(again.out).toContain("Sent: 3 messages");
    expect(again.out).toContain("3 of them had been handed to the server by an earlier run");
    const id = (raw: string) => raw.match(/^Message-ID: (.*)$/im)?.[1]?.trim();
    const firstIds = new Set(arrived.map(id));
    const secondIds = new Set(server.received.map((r) => id(r.raw.toString("latin1"))));
    expect(secondIds).toEqual(firstIds);
    // Settled now: a third run sends nothing and reports nothing unsettled.
    const third = await run(args(recipients, "--smtp", server.url, "--journal", journal));
    expect(third.out).toContain("Sent: 0 messages");
    expect(third.out).not.toContain("earlier run that stopped");
  });
});
