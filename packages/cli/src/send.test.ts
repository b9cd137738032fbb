import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { perRecipient, startSmtpServer, type TestServer } from "../../email/test/smtp.js";
import { main } from "./main.js";
import { expectNoStack, memoryIo, startHerald } from "./test-support.js";

// `herald send` as a user runs it: real processes of the built CLI, real files, real SMTP
// servers. Issue #9: no double sends, no data loss, no crash on bad input.

const sample = join(sampleContentDir, "recipients.sample.csv");

const start = (args: string[], env: Record<string, string> = {}, shell?: string) =>
  startHerald(["send", ...args], { cwd, env, shell });

const run = (args: string[], env?: Record<string, string>, shell?: string) =>
  start(args, env, shell).done;

const until = async (test: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function bigList(n: number, name = "big.csv") {
  const lines = ["email,name,locale"];
  for (let i = 0; i < n; i++) lines.push(`investor${i}@example.com,Investor ${i},en`);
  const file = join(cwd, name);
  await writeFile(file, `${lines.join("\n")}\n`);
  return file;
}

const journalLines = async (file: string) =>
  (await readFile(file, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { email?: string; state?: string });

let cwd: string;
const servers: TestServer[] = [];
const rawServers: Server[] = [];
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "herald-send-cli-"));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const s of rawServers.splice(0)) s.close();
});
const smtp = async (options?: Parameters<typeof startSmtpServer>[0]) => {
  const server = await startSmtpServer(options);
  servers.push(server);
  return server;
};

const base = (recipients: string, journal = join(cwd, "send.journal")) => [
  "--announcement",
  "docker-series-b",
  "--recipients",
  recipients,
  "--journal",
  journal,
  "--skip-verify",
];

describe("#9: one send per journal at a time", () => {
  it("#9: two sends on one journal: the second exits 1 at once naming the other, each recipient gets one message", async () => {
    const server = await smtp();
    const list = await bigList(2000);
    const journal = join(cwd, "send.journal");
    const first = start([...base(list, journal), "--smtp", server.url]);
    await until(() => server.received.length > 0);
    const second = await run([...base(list, journal), "--smtp", server.url]);
    expect(second.code).toBe(1);
    expect(second.err).toContain(`herald: Another herald send (pid ${first.child.pid}, since `);
    expect(second.err).toContain(`${journal}.lock`);
    expectNoStack(second.err);
    const firstRun = await first.done;
    expect(firstRun.code).toBe(0);
    const counts = perRecipient(server.received);
    expect(counts.size).toBe(2000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });

  it("#9: a lock left by a process that is gone is taken over", async () => {
    const server = await smtp();
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => dead.on("exit", r));
    const journal = join(cwd, "send.journal");
    await writeFile(
      `${journal}.lock`,
      JSON.stringify({ pid: dead.pid, since: "2020-01-01T00:00:00.000Z" }),
    );
    const result = await run([...base(sample, journal), "--smtp", server.url]);
    expect(result.code).toBe(0);
    expect(result.err).toContain(`took over the lock ${journal}.lock of process ${dead.pid}`);
    expect(server.received).toHaveLength(7);
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });

  it("#9: Ctrl-C mid-send leaves a consistent journal and no lock; the next run sends only the rest", async () => {
    const server = await smtp();
    const list = await bigList(1500);
    const journal = join(cwd, "send.journal");
    const first = start([...base(list, journal), "--smtp", server.url]);
    await until(() => server.received.length >= 100);
    first.child.kill("SIGINT");
    const stopped = await first.done;
    expect(stopped.code).toBe(130);
    expect(stopped.err).toContain("Interrupted");
    expect(existsSync(`${journal}.lock`)).toBe(false);
    const sent = (await journalLines(journal)).filter((e) => e.state === "sent");
    expect(sent.length).toBe(server.received.length);
    expect(sent.length).toBeLessThan(1500);
    const again = await run([...base(list, journal), "--smtp", server.url]);
    expect(again.code).toBe(0);
    const counts = perRecipient(server.received);
    expect(counts.size).toBe(1500);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("#9: --dry-run takes no lock and writes nothing", async () => {
    const journal = join(cwd, "send.journal");
    await writeFile(`${journal}.lock`, JSON.stringify({ pid: process.pid, since: "now" }));
    const result = await run([...base(sample, journal), "--dry-run"]);
    expect(result.code).toBe(0);
    expect(existsSync(journal)).toBe(false);
    expect((await readdir(cwd)).sort()).toEqual(["send.journal.lock"]);
  });
});

describe("#9: the journal", () => {
  it("#9: the journal file cannot grow (disk full): the run stops, exit 1, saying so", async () => {
    const server = await smtp();
    const list = await bigList(300);
    const journal = join(cwd, "send.journal");
    // At most 8 KiB per file for the process: the journal fills up after a few dozen lines.
    const result = await run([...base(list, journal), "--smtp", server.url], {}, "ulimit -f 8");
    expect(result.code).toBe(1);
    expect(result.err).toContain(`herald: Could not write the journal ${journal}`);
    expectNoStack(result.err);
    expect(server.received.length).toBeLessThan(300);
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });

  it("#9: a journal of random bytes is an error naming the file and line, nobody is sent to", async () => {
    const server = await smtp();
    const journal = join(cwd, "send.journal");
    await writeFile(journal, Buffer.from([0x8f, 0x00, 0x41, 0x0a, 0xff, 0xfe, 0x0a, 0x13]));
    const result = await run([...base(sample, journal), "--smtp", server.url]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`herald: ${journal}:1: this line is not a journal entry`);
    expectNoStack(result.err);
    expect(server.received).toHaveLength(0);
  });
});

describe("#9: the outbox", () => {
  it("#9: an outbox that cannot be written (disk full) stops the send instead of failing everyone", async () => {
    const journal = join(cwd, "send.journal");
    // At most 8 KiB per file: no .eml of the sample (about 20 KiB each) fits.
    const result = await run(base(sample, journal), {}, "ulimit -f 8");
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `herald: Could not write to the outbox ${join(cwd, "out-outbox", "docker-series-b")} (EFBIG), so the send stopped: 0 messages were sent and journaled.`,
    );
    expectNoStack(result.err);
    expect((await journalLines(journal)).filter((e) => e.state === "failed")).toEqual([]);
    expect(await readdir(join(cwd, "out-outbox", "docker-series-b"))).toEqual([]);
  });

  it("#9: the default outbox sits beside OUT, so a later build keeps it", async () => {
    expect(await main(["build"], memoryIo(cwd))).toBe(0);
    const io = memoryIo(cwd);
    expect(
      await main(["send", "--announcement", "docker-series-b", "--recipients", sample], io),
    ).toBe(0);
    expect(io.all()).toContain(`via ${join(cwd, "out-outbox", "docker-series-b")}`);
    const outbox = join(cwd, "out-outbox", "docker-series-b");
    expect(await readdir(outbox)).toHaveLength(7);
    expect(await main(["build"], memoryIo(cwd))).toBe(0);
    expect(await readdir(outbox)).toHaveLength(7);
  });
});

describe("#9: bad options say which option and what to do", () => {
  const cases: Array<[string, string[], number, string]> = [
    [
      "--smtp notaurl",
      ["--smtp", "notaurl"],
      2,
      '--smtp must be an smtp:// or smtps:// URL such as smtp://user@mail.example.com:587, not "notaurl".',
    ],
    [
      "--smtp with another protocol",
      ["--smtp", "http://user:hunter2@mail.example.com"],
      2,
      '--smtp must be an smtp:// or smtps:// URL such as smtp://user@mail.example.com:587, not "http://***@mail.example.com".',
    ],
    [
      "--rate abc",
      ["--rate", "abc"],
      2,
      '--rate must be a number of messages per second from 0.001 to 100000, not "abc".',
    ],
    [
      "--rate Infinity",
      ["--rate", "Infinity"],
      2,
      '--rate must be a number of messages per second from 0.001 to 100000, not "Infinity".',
    ],
    [
      "--dkim-key missing",
      ["--dkim-domain", "example.com", "--dkim-selector", "s", "--dkim-key", "nokey.pem"],
      1,
      "--dkim-key: there is no file at nokey.pem.",
    ],
    [
      "--journal in a missing folder",
      ["--journal", "missing/send.journal"],
      1,
      "--journal: the folder missing does not exist.",
    ],
    ["--journal a folder", ["--journal", "."], 1, "--journal: . is a folder, not a file."],
  ];
  for (const [what, args, code, message] of cases) {
    it(`#9: ${what}`, async () => {
      const io = memoryIo(cwd);
      const argv = ["send", "--announcement", "docker-series-b", "--recipients", sample];
      expect(await main([...argv, "--skip-verify", ...args], io)).toBe(code);
      expect(io.all()).toContain(`herald: ${message}`);
      expect(io.all()).not.toContain("hunter2");
      expectNoStack(io.all());
    });
  }

  it("#9: a DKIM key that is not a private key is refused before anyone is sent to", async () => {
    const server = await smtp();
    await writeFile(join(cwd, "key.pem"), "not a key\n");
    const io = memoryIo(cwd);
    const argv = ["send", "--announcement", "docker-series-b", "--recipients", sample];
    const dkim = ["--dkim-domain", "example.com", "--dkim-selector", "s", "--dkim-key", "key.pem"];
    expect(await main([...argv, "--skip-verify", "--smtp", server.url, ...dkim], io)).toBe(1);
    expect(io.all()).toContain(
      "herald: --dkim-key: key.pem is not a private key in PEM format (-----BEGIN PRIVATE KEY-----).",
    );
    expectNoStack(io.all());
    expect(server.received).toHaveLength(0);
    const env = memoryIo(cwd, { DKIM_PRIVATE_KEY: "garbage" });
    const fromEnv = ["--dkim-domain", "example.com", "--dkim-selector", "s"];
    expect(await main([...argv, "--skip-verify", "--smtp", server.url, ...fromEnv], env)).toBe(1);
    expect(env.all()).toContain("herald: DKIM_PRIVATE_KEY is not a private key in PEM format");
    expect(env.all()).not.toContain("garbage");
  });

  it("#9: --locale without such a translation", async () => {
    const io = memoryIo(cwd);
    const argv = ["send", "--announcement", "docker-series-b", "--recipients", sample];
    expect(await main([...argv, "--skip-verify", "--dry-run", "--locale", "fr"], io)).toBe(1);
    expect(io.all()).toContain(
      'herald: The announcement "docker-series-b" has no fr translation.\n  Fix: use --locale zh-CN or --locale en, or leave --locale out to give each recipient the nearest.',
    );
  });

  it("#9: --recipients a folder", async () => {
    const io = memoryIo(cwd);
    await mkdir(join(cwd, "list"));
    const argv = ["send", "--announcement", "docker-series-b", "--recipients", "list"];
    expect(await main(argv, io)).toBe(1);
    expect(io.all()).toContain("herald: --recipients: list is a folder, not a CSV file.");
  });
});

describe("#9: recipients files that are not what they should be", () => {
  const cases: Array<[string, string | Buffer, string]> = [
    [
      "semicolons",
      "email;name;locale\na@example.com;A;en\n",
      ':1: the first line must name the columns, separated by commas: email,name,locale (found "email;name;locale"; this file seems to use ";" between fields).',
    ],
    [
      "tabs",
      "email\tname\tlocale\na@example.com\tA\ten\n",
      ':1: the first line must name the columns, separated by commas: email,name,locale (found "email\\tname\\tlocale"; this file seems to use tabs between fields).',
    ],
    [
      "no header row",
      "a@example.com,A,en\nb@example.com,B,en\n",
      ':1: the first line must name the columns, separated by commas: email,name,locale (found "a@example.com,A,en"; it looks like a recipient: add the line email,name,locale above it).',
    ],
    [
      "an empty file",
      "",
      ": the file is empty; it needs a first line email,name,locale and a line per recipient.",
    ],
    [
      "not UTF-8",
      Buffer.concat([
        Buffer.from("email,name,locale\na@example.com,Ren"),
        Buffer.from([0xe9]),
        Buffer.from(",fr\n"),
      ]),
      ":2: this line is not UTF-8 text; save the file as UTF-8 (CSV UTF-8).",
    ],
    [
      "binary",
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x0a]),
      ":1: this is not a text file (it has NUL bytes); export the list as CSV (UTF-8).",
    ],
    [
      "UTF-16 (with a BOM)",
      Buffer.from("\uFEFFemail,name,locale\na@example.com,A,en\n", "utf16le"),
      ": this file is UTF-16 text; save it as UTF-8 (CSV UTF-8).",
    ],
    [
      "UTF-16 big-endian without a BOM",
      Buffer.from("email,name,locale\na@example.com,A,en\n", "utf16le").swap16(),
      ": this file is UTF-16 text; save it as UTF-8 (CSV UTF-8).",
    ],
    [
      "an unclosed quote",
      'email,name,locale\na@example.com,"Ann,en\nb@example.com,B,en\n',
      ':2: a quoted field (starting with ") is never closed.',
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`#9: a recipients file with ${what} is an error naming the file, the line and the columns`, async () => {
      const list = join(cwd, "list.csv");
      await writeFile(list, text);
      const io = memoryIo(cwd);
      const argv = ["send", "--announcement", "docker-series-b", "--recipients", list];
      expect(await main([...argv, "--skip-verify", "--dry-run"], io)).toBe(1);
      expect(io.all()).toContain(`herald: ${list}${message}`);
      expectNoStack(io.all());
    });
  }

  it("#9: quoted fields with commas and line breaks, a BOM and an Email header in another case", async () => {
    const list = join(cwd, "list.csv");
    await writeFile(
      list,
      '\uFEFFEMAIL,Name,Locale\n"a@example.com","Chen, Alice",en\nb@example.com,"Bob\nMiller",en\nnot-an-address,X,en\n',
    );
    const io = memoryIo(cwd);
    const argv = ["send", "--announcement", "docker-series-b", "--recipients", list];
    expect(await main([...argv, "--skip-verify", "--dry-run"], io)).toBe(0);
    expect(io.all()).toContain(
      "Checked (dry run, nothing sent): 2 messages; failed: 0; skipped: 1; suppressed: 0.",
    );
    expect(io.all()).toContain(`${list}:5: "not-an-address" is not an email address; skipped`);
  });

  it("#9: values from the file are shown escaped and cut short, never as terminal control codes", async () => {
    const list = join(cwd, "list.csv");
    await writeFile(
      list,
      `email,name,locale\n\u001b]0;pwned\u0007@x,A,en\nok@example.com,B,\u001b[2J${"x".repeat(500)}\n`,
    );
    const io = memoryIo(cwd);
    const argv = ["send", "--announcement", "docker-series-b", "--recipients", list];
    expect(await main([...argv, "--skip-verify", "--dry-run"], io)).toBe(0);
    expect(io.all()).not.toContain("\u001b");
    expect(io.all()).toContain(
      `${list}:2: "\\u001b]0;pwned\\u0007@x" is not an email address; skipped`,
    );
    expect(io.all()).toContain(
      `1 recipient asked for \\u001b[2J${"x".repeat(50)}…, which has no translation`,
    );
  });

  it("#9: repeated per-row warnings are summarized, not printed once per row", async () => {
    const lines = ["email,name,locale"];
    for (let i = 0; i < 600; i++) lines.push(`r${i}@example.com,R,${i % 2 ? "fr" : "de-CH"}`);
    for (let i = 0; i < 30; i++) lines.push(`bad${i},R,en`);
    for (let i = 0; i < 40; i++) lines.push(`odd${i}@example.com,R,x-${i}`);
    const list = join(cwd, "list.csv");
    await writeFile(list, `${lines.join("\n")}\n`);
    const io = memoryIo(cwd);
    const argv = ["send", "--announcement", "docker-series-b", "--recipients", list];
    expect(await main([...argv, "--skip-verify", "--dry-run"], io)).toBe(0);
    const err = io.all();
    expect(err.split("\n").length).toBeLessThan(30);
    expect(err).toContain(
      `warning: ${list}: 300 recipients asked for fr, which has no translation; they get zh-CN (lines 3, 5, 7, 9, 11, …).`,
    );
    expect(err).toContain(
      `warning: ${list}: 300 recipients asked for de-CH, which has no translation; they get zh-CN (lines 2, 4, 6, 8, 10, …).`,
    );
    expect(err).toContain(`warning: ${list}:602: "bad0" is not an email address; skipped`);
    expect(err).toContain(
      `warning: ${list}: 20 more rows skipped (lines 612, 613, 614, 615, 616, …).`,
    );
    expect(err).toContain(
      `warning: ${list}: 32 more recipients asked for 32 other locales without a translation and get the nearest (lines 640, 641, 642, 643, 644, …).`,
    );
  });
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

describe("#9: where the journal and outbox may be", () => {
  const sendArgs = (...more: string[]) => [
    "--announcement",
    "docker-series-b",
    "--recipients",
    sample,
    "--skip-verify",
    ...more,
  ];

  it("#9: a journal inside OUT (which a build replaces) or inside the content folder is refused, exit 2, naming --journal", async () => {
    await mkdir(join(cwd, "out"));
    await symlink(join(cwd, "out"), join(cwd, "outl"));
    for (const journal of ["out/send.journal", "outl/send.journal"]) {
      const result = await run(sendArgs("--out", "out", "--journal", journal));
      expect(result.code).toBe(2);
      expect(result.err).toContain(`herald: --journal: ${journal} is inside the output folder`);
      expect(result.err).toContain("Fix:");
      expectNoStack(result.err);
    }
    const inContent = await run(sendArgs("--journal", join(sampleContentDir, "x.journal")));
    expect(inContent.code).toBe(2);
    expect(inContent.err).toContain("is inside the content folder");
    expect(existsSync(join(sampleContentDir, "x.journal.lock"))).toBe(false);
    expect(await readdir(join(cwd, "out"))).toEqual([]);
  });

  it("#9: an outbox (beside OUT) inside the content folder is refused, exit 2, naming --out", async () => {
    await cp(sampleContentDir, join(cwd, "content"), { recursive: true });
    const result = await run(
      sendArgs("--content", "content", "--out", "content/out", "--journal", "send.journal"),
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain("herald: --out: the outbox");
    expect(result.err).toContain("is inside the content folder");
    expect(existsSync(join(cwd, "content", "out-outbox"))).toBe(false);
  });

  it("#9: a journal reached through a symlink is the same journal: one send at a time", async () => {
    const server = await smtp();
    const list = await bigList(2000);
    const journal = join(cwd, "send.journal");
    await writeFile(journal, "");
    await symlink(journal, join(cwd, "link.journal"));
    const first = start([...base(list, journal), "--smtp", server.url]);
    await until(() => server.received.length > 0);
    const second = await run([...base(list, join(cwd, "link.journal")), "--smtp", server.url]);
    expect(second.code).toBe(1);
    expect(second.err).toContain("herald: Another herald send");
    expect((await first.done).code).toBe(0);
    expect([...perRecipient(server.received).values()].every((n) => n === 1)).toBe(true);
  });

  it("#9: --out through a symlink uses the default journal of the real OUT: one send at a time", async () => {
    const server = await smtp();
    const list = await bigList(2000);
    await mkdir(join(cwd, "out"));
    await symlink(join(cwd, "out"), join(cwd, "outl"));
    const args = (out: string) => [
      "--announcement",
      "docker-series-b",
      "--recipients",
      list,
      "--skip-verify",
      "--out",
      out,
      "--smtp",
      server.url,
    ];
    const first = start(args("out"));
    await until(() => server.received.length > 0);
    const second = await run(args("outl"));
    expect(second.code).toBe(1);
    expect(second.err).toContain("herald: Another herald send");
    expect((await first.done).code).toBe(0);
    expect([...perRecipient(server.received).values()].every((n) => n === 1)).toBe(true);
    expect((await readdir(cwd)).filter((f) => f.endsWith(".journal"))).toEqual([
      "out-send-docker-series-b.journal",
    ]);
  });
});

describe("#9: the journal knows where messages went", () => {
  it("#9: after a run that wrote the outbox, a send by SMTP sends to everyone and says so", async () => {
    const server = await smtp();
    const args = ["--announcement", "docker-series-b", "--recipients", sample, "--skip-verify"];
    const outbox = await run(args);
    expect(outbox.code).toBe(0);
    expect(await readdir(join(cwd, "out-outbox", "docker-series-b"))).toHaveLength(7);
    const sent = await run([...args, "--smtp", server.url]);
    expect(sent.code).toBe(0);
    expect(server.received).toHaveLength(7);
    expect(sent.out).toContain("7 were written to the outbox earlier; they were sent now via");
    const again = await run([...args, "--smtp", server.url]);
    expect(again.code).toBe(0);
    expect(server.received).toHaveLength(7);
    expect(again.out).toContain("already sent by an earlier run: 7");
  });

  it("#9: what one SMTP server accepted is never sent again through another; the summary names the first", async () => {
    const first = await smtp();
    const second = await smtp();
    expect((await run([...base(sample), "--smtp", first.url])).code).toBe(0);
    const again = await run([...base(sample), "--smtp", second.url]);
    expect(again.code).toBe(0);
    expect(first.received).toHaveLength(7);
    expect(second.received).toHaveLength(0);
    expect(again.out).toContain("already sent by an earlier run: 7");
    expect(again.out).toContain(`7 of them went via 127.0.0.1:${first.port}`);
    const outbox = await run(base(sample));
    expect(outbox.code).toBe(0);
    expect(outbox.out).toContain("already sent by an earlier run: 7");
  });

  it("#9: a file that is not a journal is never appended to; an empty file is used and said so", async () => {
    const cases: Array<[string, string]> = [
      ["conf.json5", '{ name: "my config", debug: true }'],
      ["blank.txt", "\n  \n"],
      ["brace.txt", "{"],
    ];
    for (const [name, text] of cases) {
      const file = join(cwd, name);
      await writeFile(file, text);
      const result = await run(base(sample, file));
      expect(result.code).toBe(1);
      expect(result.err).toContain(`herald: ${file}`);
      expect(result.err).toContain("not a herald send journal");
      expectNoStack(result.err);
      expect(await readFile(file, "utf8")).toBe(text);
    }
    const empty = join(cwd, "empty.journal");
    await writeFile(empty, "");
    const result = await run(base(sample, empty));
    expect(result.code).toBe(0);
    expect(result.err).toContain(`${empty} is an empty file: it becomes the journal`);
    expect((await journalLines(empty)).filter((e) => e.state === "sent")).toHaveLength(7);
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

describe("#9: more bad options", () => {
  const argv = ["send", "--announcement", "docker-series-b", "--recipients", sample];
  const cases: Array<[string, string[], Record<string, string>, string, string?]> = [
    [
      "--smtp without a scheme",
      ["--smtp", "user:S3cretPW@mail.example.com"],
      {},
      '--smtp must be an smtp:// or smtps:// URL such as smtp://user@mail.example.com:587, not "***@mail.example.com".',
      "S3cretPW",
    ],
    [
      "--smtp with one slash",
      ["--smtp", "smtp:/user:S3cretPW@mail.example.com"],
      {},
      '--smtp must be an smtp:// or smtps:// URL such as smtp://user@mail.example.com:587, not "***@mail.example.com".',
      "S3cretPW",
    ],
    [
      "--smtp with a slash in the password",
      ["--smtp", "smtp://user:S3c/retPW@mail.example.com"],
      {},
      '--smtp must be an smtp:// or smtps:// URL such as smtp://user@mail.example.com:587, not "smtp://***@mail.example.com".',
      "S3c",
    ],
    [
      "--smtp with a password but no @ and no host",
      ["--smtp", "smtp://user:S3cretPW"],
      {},
      '--smtp must be an smtp:// or smtps:// URL such as smtp://user@mail.example.com:587, not "smtp://***".',
      "S3cretPW",
    ],
    [
      "SMTP_URL without a scheme",
      [],
      { SMTP_URL: "user:S3cretPW@mail.example.com" },
      'SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user@mail.example.com:587, not "***@mail.example.com".',
      "S3cretPW",
    ],
    [
      "a stray % in the password",
      ["--smtp", "smtp://user:50%off@127.0.0.1:2525"],
      {},
      "--smtp: the password has a % that does not start an escape; write a % in it as %25.",
      "50%off",
    ],
    [
      "a stray % in the user name",
      ["--smtp", "smtp://us%zz:pw@127.0.0.1:2525"],
      {},
      "--smtp: the user name has a % that does not start an escape; write a % in it as %25.",
    ],
    [
      "HERALD_SMTP_TIMEOUT_MS too large",
      [],
      { HERALD_SMTP_TIMEOUT_MS: "3000000000" },
      'HERALD_SMTP_TIMEOUT_MS must be a whole number of milliseconds from 1 to 2147483647, not "3000000000".',
    ],
    [
      "HERALD_SMTP_TIMEOUT_MS a fraction",
      [],
      { HERALD_SMTP_TIMEOUT_MS: "0.001" },
      'HERALD_SMTP_TIMEOUT_MS must be a whole number of milliseconds from 1 to 2147483647, not "0.001".',
    ],
    [
      "HERALD_RETRY_DELAY_MS a fraction",
      [],
      { HERALD_RETRY_DELAY_MS: "1.5" },
      'HERALD_RETRY_DELAY_MS must be a whole number of milliseconds from 1 to 2147483647, not "1.5".',
    ],
  ];
  for (const [what, args, env, message, secret] of cases) {
    it(`#9: ${what}: exit 2, saying what to do${secret ? ", never the password" : ""}`, async () => {
      const io = memoryIo(cwd, env);
      expect(await main([...argv, "--skip-verify", ...args], io)).toBe(2);
      expect(io.all()).toContain(`herald: ${message}`);
      if (secret) expect(io.all()).not.toContain(secret);
      expectNoStack(io.all());
    });
  }

  it("#9: an --announcement that is not an id is refused before any path is made from it", async () => {
    const evil = `evil-${process.pid}-${Date.now()}`;
    for (const id of ["a/b", `x/../../../../tmp/${evil}`, "..", "A B"]) {
      const io = memoryIo(cwd);
      const args = ["send", "--announcement", id, "--recipients", sample, "--skip-verify"];
      expect(await main(args, io)).toBe(2);
      expect(io.all()).toContain("herald: --announcement:");
      expect(io.all()).toContain("lowercase letters, digits and single hyphens");
      expectNoStack(io.all());
    }
    expect(await readdir(cwd)).toEqual([]);
    expect(existsSync(join(tmpdir(), `${evil}.journal.lock`))).toBe(false);
  });

  it("#9: --rate is honoured (0.5: one message every 2 s; 2: two a second), an absurd rate is refused", async () => {
    const server = await smtp();
    const list = join(cwd, "list.csv");
    await writeFile(
      list,
      "email,name,locale\na@example.com,A,en\nb@example.com,B,en\nc@example.com,C,en\n",
    );
    const t = Date.now();
    const result = await run([...base(list), "--smtp", server.url, "--rate", "0.5"]);
    expect(result.code).toBe(0);
    expect(server.received).toHaveLength(3);
    // Three messages at 0.5 a second: the last leaves about 4 s after the first.
    expect(Date.now() - t).toBeGreaterThanOrEqual(4_000);
    // A whole rate too: 7 messages at 2 a second take at least 3 s.
    const t2 = Date.now();
    const whole = await run([
      ...base(sample, join(cwd, "two.journal")),
      "--smtp",
      server.url,
      "--rate",
      "2",
    ]);
    expect(whole.code).toBe(0);
    expect(server.received).toHaveLength(10);
    expect(Date.now() - t2).toBeGreaterThanOrEqual(3_000);
    const io = memoryIo(cwd);
    expect(await main([...argv, "--skip-verify", "--rate", "1e-12"], io)).toBe(2);
    expect(io.all()).toContain(
      'herald: --rate must be a number of messages per second from 0.001 to 100000, not "1e-12".',
    );
  }, 30_000);

  it("#9: a long but valid address gets an outbox file whose name fits", async () => {
    const label = "d".repeat(63);
    const address = `${"l".repeat(50)}@${label}.${label}.${label}.com`;
    const list = join(cwd, "list.csv");
    await writeFile(list, `email,name,locale\n${address},Long,en\nshort@example.com,Short,en\n`);
    const result = await run(base(list));
    expect(result.code).toBe(0);
    const files = await readdir(join(cwd, "out-outbox", "docker-series-b"));
    expect(files).toHaveLength(2);
    for (const f of files) expect(Buffer.byteLength(f)).toBeLessThanOrEqual(255);
  });
});
