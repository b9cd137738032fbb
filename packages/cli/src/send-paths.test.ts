import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { beforeEach, describe, expect, it } from "vitest";
import { perRecipient } from "../../email/test/smtp.js";
import { expectNoStack, journalLines, sendTestBed, until } from "./test-support.js";

// `herald send` as a user runs it: real processes of the built CLI, real files, real SMTP
// servers. Issue #9: no double sends, no data loss, no crash on bad input. Here: where the journal and outbox may be,
// and what the journal knows.

const sample = join(sampleContentDir, "recipients.sample.csv");
const { dir, start, run, base, bigList, smtp } = sendTestBed();
let cwd: string;
beforeEach(() => {
  cwd = dir();
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
