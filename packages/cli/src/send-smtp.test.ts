import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { beforeEach, describe, expect, it } from "vitest";
import { expectNoStack, journalLines, sendTestBed, until } from "./test-support.js";

// `herald send` as a user runs it: real processes of the built CLI, real files, real SMTP
// servers. Issue #9: no double sends, no data loss, no crash on bad input. Here: SMTP servers that are down, silent or
// stop answering.

const sample = join(sampleContentDir, "recipients.sample.csv");
const { dir, start, run, base, bigList, smtp, rawServers } = sendTestBed();
let cwd: string;
beforeEach(() => {
  cwd = dir();
});

describe("#9: SMTP servers that are down, silent, refuse the login or lack TLS", () => {
  it("#9: a closed port fails fast: exit 1, a clear message, nobody journaled", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    const journal = join(cwd, "send.journal");
    // A retry would wait two minutes, past this test's one-minute timeout: failing fast means none.
    const result = await run(
      [...base(await bigList(2000), journal), "--smtp", `smtp://127.0.0.1:${port}`],
      { HERALD_RETRY_DELAY_MS: "120000" },
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `herald: Could not connect to the SMTP server 127.0.0.1:${port} (connection refused), so nothing was sent.`,
    );
    expectNoStack(result.err);
    expect(existsSync(journal) ? await journalLines(journal) : []).toEqual(
      existsSync(journal) ? [{ journal: "herald send", announcement: "docker-series-b" }] : [],
    );
  }, 60_000);

  it("#9: a server that never greets fails within seconds", async () => {
    const silent = createServer(() => {});
    rawServers.push(silent);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as { port: number };
    const result = await run([...base(await bigList(2000)), "--smtp", `smtp://127.0.0.1:${port}`], {
      // Long enough that a loaded machine still connects in time: the wait is for the greeting.
      // A wait without this timeout would run past the test's own.
      HERALD_SMTP_TIMEOUT_MS: "2000",
      HERALD_RETRY_DELAY_MS: "120000",
    });
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `herald: The SMTP server 127.0.0.1:${port} accepted the connection but never greeted (waited 2 s), so nothing was sent.`,
    );
  }, 60_000);

  it("#9: a refused login fails fast and never shows the password", async () => {
    const server = await smtp({ login: { user: "herald", pass: "right" } });
    const url = `smtp://herald:wr0ng-s3cret@127.0.0.1:${server.port}`;
    const journal = join(cwd, "send.journal");
    const result = await run([...base(await bigList(500), journal), "--smtp", url]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `herald: The SMTP server 127.0.0.1:${server.port} refused the login of herald (535 Invalid username or password), so nothing was sent.`,
    );
    expect(result.out + result.err).not.toContain("wr0ng-s3cret");
    expect(server.received).toHaveLength(0);
    const ok = await run([
      ...base(sample, journal),
      "--smtp",
      `smtp://herald:right@127.0.0.1:${server.port}`,
    ]);
    expect(ok.code).toBe(0);
    expect(server.received).toHaveLength(7);
  });

  it("#9: a non-loopback server without STARTTLS is refused, saying why and what to do", async () => {
    const address = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    expect(address).toBeDefined();
    const server = await smtp({ host: address });
    const refused = await run([...base(sample), "--smtp", server.url]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `herald: The SMTP server ${address}:${server.port} does not offer STARTTLS, so nothing was sent: messages and the password would cross the network unencrypted.\n  Fix: use a server with TLS (smtps:// or STARTTLS), or pass --insecure if this network is trusted.`,
    );
    expect(server.received).toHaveLength(0);
    const insecure = await run([...base(sample), "--smtp", server.url, "--insecure"]);
    expect(insecure.code).toBe(0);
    expect(server.received).toHaveLength(7);
  });

  it("#9: a host name that only looks like loopback is not trusted", async () => {
    const server = await smtp();
    const result = await run([
      ...base(sample),
      "--smtp",
      `smtp://127.0.0.1.example.test:${server.port}`,
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("herald: Could not find the SMTP server 127.0.0.1.example.test");
    expect(server.received).toHaveLength(0);
  });

  it("#9: a server that goes away mid-run: stop, journal what was sent, exit 1", async () => {
    const server = await smtp();
    const journal = join(cwd, "send.journal");
    const sending = start([...base(await bigList(2000), journal), "--smtp", server.url], {
      HERALD_RETRY_DELAY_MS: "50",
    });
    await until(() => server.received.length >= 50);
    server.kill();
    const result = await sending.done;
    expect(result.code).toBe(1);
    expect(result.err).toContain(`herald: The SMTP server 127.0.0.1:${server.port} went away`);
    expectNoStack(result.err);
    const entries = await journalLines(journal);
    expect(entries.filter((e) => e.state === "sent").length).toBe(server.received.length);
    expect(entries.filter((e) => e.state === "failed")).toEqual([]);
  });
});

/** A raw SMTP server that answers until `silentAt` (a command), then says nothing more. */
async function stallingServer(silentAt: "EHLO" | "MAIL" | "RCPT" | "DATA" | "END") {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.on("error", () => {});
    socket.write("220 stalling ESMTP\r\n");
    let buffer = "";
    let inData = false;
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          if (silentAt !== "END") socket.write("250 queued\r\n");
          continue;
        }
        const at = buffer.indexOf("\r\n");
        if (at < 0) return;
        const line = buffer.slice(0, at).toUpperCase();
        buffer = buffer.slice(at + 2);
        const verb = line.startsWith("MAIL")
          ? "MAIL"
          : line.startsWith("RCPT")
            ? "RCPT"
            : line.startsWith("DATA")
              ? "DATA"
              : line.startsWith("EHLO") || line.startsWith("HELO")
                ? "EHLO"
                : line.slice(0, 4);
        if (verb === silentAt) continue;
        if (verb === "EHLO") socket.write("250-stalling\r\n250 8BITMIME\r\n");
        else if (verb === "DATA") {
          inData = true;
          socket.write("354 go on\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 OK\r\n");
      }
    });
  });
  rawServers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return { url: `smtp://127.0.0.1:${port}`, connections: () => connections };
}

describe("#9: a server that stops answering never holds a send for long", () => {
  for (const stage of ["EHLO", "MAIL", "RCPT", "DATA", "END"] as const) {
    it(`#9: a server silent after ${stage} ends the send within the timeout, exit 1`, async () => {
      const server = await stallingServer(stage);
      const t = Date.now();
      const result = await run([...base(await bigList(50)), "--smtp", server.url], {
        HERALD_SMTP_TIMEOUT_MS: "700",
        HERALD_RETRY_DELAY_MS: "20",
      });
      // A bound on a hang, not a speed: the send and its checks take seconds on a loaded
      // machine; a send held by the silent server would never end.
      expect(Date.now() - t).toBeLessThan(30_000);
      expect(result.code).toBe(1);
      expect(result.err).toContain("did not answer in time (waited 0.7 s)");
      expectNoStack(result.err);
    }, 60_000);
  }

  it("#9: Ctrl-C while a server is silent: no new connection, and a second signal ends it at once", async () => {
    const server = await stallingServer("MAIL");
    const sending = start([...base(await bigList(50)), "--smtp", server.url]);
    await until(() => server.connections() >= 2);
    await new Promise((r) => setTimeout(r, 300));
    sending.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    const before = server.connections();
    sending.child.kill("SIGTERM");
    const t = Date.now();
    const result = await sending.done;
    expect(Date.now() - t).toBeLessThan(15_000);
    expect(result.code).toBe(130);
    expect(server.connections()).toBe(before);
  }, 30_000);

  it("#9: Ctrl-C while a server is silent: the timeout ends it without retries", async () => {
    const server = await stallingServer("MAIL");
    const sending = start([...base(await bigList(50)), "--smtp", server.url], {
      HERALD_SMTP_TIMEOUT_MS: "2000",
    });
    // The check connection, then the pool's five, each with a message under way.
    await until(() => server.connections() >= 6);
    await new Promise((r) => setTimeout(r, 200));
    sending.child.kill("SIGINT");
    const before = server.connections();
    const t = Date.now();
    const result = await sending.done;
    expect(Date.now() - t).toBeLessThan(8_000);
    expect(result.code).not.toBe(0);
    expect(server.connections()).toBe(before);
  }, 30_000);

  it("#9: Ctrl-C while the first connection waits for a silent server stops at once", async () => {
    const server = await stallingServer("EHLO");
    const sending = start([...base(sample), "--smtp", server.url]);
    await until(() => server.connections() >= 1);
    await new Promise((r) => setTimeout(r, 300));
    const t = Date.now();
    sending.child.kill("SIGINT");
    const result = await sending.done;
    expect(Date.now() - t).toBeLessThan(15_000);
    expect(result.code).toBe(130);
    expect(result.err).toContain("Interrupted");
    expectNoStack(result.err);
  }, 30_000);

  it("#9: a 421 reply to MAIL FROM is the server being busy: retried, then a message about the server", async () => {
    const server = await smtp({ rejectSender: { code: 421, message: "Too busy, try later" } });
    const result = await run([...base(sample), "--smtp", server.url], {
      HERALD_RETRY_DELAY_MS: "10",
    });
    expect(result.code).toBe(1);
    expect(result.err).toContain(`herald: The SMTP server 127.0.0.1:${server.port} is busy`);
    expect(result.err).not.toContain("refused the sender");
    expect(server.commands.filter((c) => /^MAIL FROM/i.test(c)).length).toBeGreaterThan(1);
    expectNoStack(result.err);
  });
});
