import { existsSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { beforeEach, describe, expect, it } from "vitest";
import { main } from "./main.js";
import { expectNoStack, memoryIo, sendTestBed } from "./test-support.js";

// `herald send` as a user runs it: real processes of the built CLI, real files, real SMTP
// servers. Issue #9: no double sends, no data loss, no crash on bad input. Here: bad options and recipients files.

const sample = join(sampleContentDir, "recipients.sample.csv");
const { dir, run, base, smtp } = sendTestBed();
let cwd: string;
beforeEach(() => {
  cwd = dir();
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
