import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { beforeEach, describe, expect, it } from "vitest";
import { perRecipient } from "../../email/test/smtp.js";
import { main } from "./main.js";
import { expectNoStack, journalLines, memoryIo, sendTestBed, until } from "./test-support.js";

// `herald send` as a user runs it: real processes of the built CLI, real files, real SMTP
// servers. Issue #9: no double sends, no data loss, no crash on bad input. Here: one send per journal at a time, and a
// journal or outbox that cannot be written.

const sample = join(sampleContentDir, "recipients.sample.csv");
const { dir, start, run, base, bigList, smtp } = sendTestBed();
let cwd: string;
beforeEach(() => {
  cwd = dir();
});

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
