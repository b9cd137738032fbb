import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMessage, toEml } from "../src/message.js";
import { compileEmail } from "../src/render.js";
import { type BuiltEmail, builtEmails, pressKitPdf } from "./emails.js";

// Issue 12: every built email as SpamAssassin (Debian's, offline rules: -L) scores it on
// arrival, today: dated now, with the Received line the receiving server would add. Each must
// stay below 1.0 point; the rules that still fire are listed with their reasons in the README.

const BELOW = 1.0;

/**
 * The rules that may still give points, each for a reason Herald cannot honestly remove (the
 * list, with scores, is in the README). Any other rule that scores fails the test.
 */
const ACCEPTED_RULES = new Set([
  // Chinese and Japanese put no spaces between words, so every link, name or note inside a
  // sentence is a tag between two letters, which this rule counts as a word split to fool
  // filters: 0.6 for 5-10 % of tags (Japanese), 0.2 for 10-20 % (Chinese).
  "HTML_OBFUSCATE_05_10",
  "HTML_OBFUSCATE_10_20",
  // A Korean subject whose only Latin letter is a capital ("시리즈 B") is "all capitals" to a
  // rule that skips CJK subjects only in legacy charsets (EUC-KR), never in UTF-8: 0.5.
  "SUBJ_ALL_CAPS",
]);

/** SpamAssassin's verdict on one message: the score and each rule that fired, with its points. */
interface Verdict {
  score: number;
  rules: Record<string, number>;
}

let home: string;
let emails: BuiltEmail[];
beforeAll(async () => {
  // Its own home: SpamAssassin writes a preferences file there on its first run.
  home = await mkdtemp(join(tmpdir(), "herald-spamassassin-"));
  emails = await builtEmails();
});
afterAll(() => (home ? rm(home, { recursive: true, force: true }) : undefined));

/**
 * Fails the test, not skips it, where SpamAssassin is missing: called first in each test, as a
 * failing beforeAll would only mark the tests skipped.
 */
function requireSpamAssassin(): void {
  const found = spawnSync("spamassassin", ["-V"], { encoding: "utf8" });
  if (found.error || found.status !== 0)
    throw new Error(
      "spamassassin is not installed (Debian package spamassassin): run `bash scripts/setup.sh`, which installs it, then run the tests again.",
    );
}

/** RFC 5322 date, as a receiving MTA writes it. */
const rfc5322 = (date: Date) => date.toUTCString().replace(/GMT$/, "+0000");

/**
 * The message as it arrives at the recipient's server: a Received line on top, from the
 * sender's own mail host (a public address: a reserved one scores RCVD_ILLEGAL_IP).
 */
function arrived(eml: Buffer, from: string, to: string, date: Date): Buffer {
  const domain = from.split("@")[1] ?? "example.com";
  const received = [
    `Received: from mail.${domain} (mail.${domain} [85.215.33.10])`,
    "\tby mx1.example.net (Postfix) with ESMTPS id 4XyZ1k2LmNz9sT",
    `\tfor <${to}>; ${rfc5322(date)}`,
  ].join("\r\n");
  return Buffer.concat([Buffer.from(`${received}\r\n`), eml]);
}

/**
 * Runs one `spamassassin --mbox -L -t` over `messages` and reads each report, in order: one
 * process for several messages, as SpamAssassin spends most of its second compiling its rules.
 */
function scoreAll(messages: Buffer[]): Promise<Verdict[]> {
  // mbox: each message after a "From " line, its own lines beginning "From " quoted.
  const mbox = messages
    .map((m, i) => {
      const text = m
        .toString("latin1")
        .replace(/\r\n/g, "\n")
        .replace(/^(>*From )/gm, ">$1");
      return `From herald-${i} Thu Jan  1 00:00:00 2026\n${text}\n`;
    })
    .join("");
  return new Promise((resolve, reject) => {
    const child = spawn("spamassassin", ["--mbox", "-L", "-t"], {
      env: { ...process.env, HOME: home },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("latin1").on("data", (d) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      // Each report follows its message's "From herald-N" line, N its place in `messages`.
      const parts = out.split(/^From herald-(\d+) /m).slice(1);
      const reports: string[] = [];
      for (let i = 0; i < parts.length; i += 2) reports[Number(parts[i])] = parts[i + 1] ?? "";
      if (code !== 0 || reports.filter((r) => r !== undefined).length !== messages.length)
        return reject(new Error(`spamassassin failed (exit ${code}): ${err}`));
      resolve(
        reports.map((report) => {
          const at = report.search(/^Content analysis details:/m);
          const total = /\((-?[\d.]+) points/.exec(report.slice(at));
          if (at < 0 || !total) throw new Error(`no report in: ${report.slice(0, 500)}`);
          const table = report.slice(report.indexOf("---- ----", at));
          const rules: Record<string, number> = {};
          for (const m of table.matchAll(/^\s*(-?[\d.]+)\s+([A-Z0-9_]+)\s/gm))
            rules[m[2] as string] = Number(m[1]);
          return { score: Number(total[1]), rules };
        }),
      );
    });
    child.stdin.end(mbox);
  });
}

/** Scores `messages` in two processes side by side (the machine has two cores, shared). */
async function score(messages: Buffer[]): Promise<Verdict[]> {
  const half = Math.ceil(messages.length / 2);
  const parts = [messages.slice(0, half), messages.slice(half)].filter((p) => p.length);
  return (await Promise.all(parts.map(scoreAll))).flat();
}

describe("#12: SpamAssassin", () => {
  it("#12: every built email, dated today with a realistic Received line, scores below 1.0", async () => {
    requireSpamAssassin();
    const now = new Date();
    const messages = await Promise.all(
      emails.map(async ({ content, document }) => {
        const recipient = { email: "investor@example.org", name: document.words.sampleRecipient };
        const email = compileEmail(content.site, document);
        // An embargoed message is always sent with its press kit attached (#14).
        const attachment = document.embargo && {
          filename: `${document.id}.${document.locale}.pdf`,
          content: pressKitPdf,
        };
        const eml = await toEml(
          buildMessage(content.site, email, recipient, { date: now, attachment }),
        );
        return arrived(eml, content.site.newsletter.from.email, recipient.email, now);
      }),
    );
    const verdicts = (await score(messages)).map((v, i) => ({ name: emails[i]?.name, ...v }));
    expect(verdicts.map((v) => v.name)).toEqual(emails.map((e) => e.name));
    const report = JSON.stringify(verdicts, null, 1);
    const over = verdicts.filter((v) => !(v.score < BELOW));
    expect(over, report).toEqual([]);
    const unexpected = verdicts.flatMap(({ name, rules }) =>
      Object.entries(rules)
        .filter(([rule, points]) => points !== 0 && !ACCEPTED_RULES.has(rule))
        .map(([rule, points]) => `${name}: ${rule} ${points}`),
    );
    expect(unexpected, report).toEqual([]);
  });

  it("#13: the logo at the top adds no points and fires no rule (the sample, en and zh-CN)", async () => {
    requireSpamAssassin();
    const now = new Date();
    const samples = emails.filter((e) => e.name.startsWith("sample "));
    expect(samples.map((e) => e.document.company.logo !== undefined)).toEqual([true, true]);
    const messages = await Promise.all(
      samples.flatMap(({ content, document }) => {
        const recipient = { email: "investor@example.org", name: document.words.sampleRecipient };
        // The same email as a site without a logo sends it: the name as text at the top.
        const { logo: _, ...withoutLogo } = document.company;
        return [document, { ...document, company: withoutLogo }].map(async (d) => {
          const email = compileEmail(content.site, d);
          const hasLogo = email.personalize(recipient).html.includes('class="logo"');
          expect(hasLogo).toBe(d === document);
          const eml = await toEml(buildMessage(content.site, email, recipient, { date: now }));
          return arrived(eml, content.site.newsletter.from.email, recipient.email, now);
        });
      }),
    );
    const verdicts = await scoreAll(messages);
    for (let i = 0; i < verdicts.length; i += 2) {
      const [logo, none] = [verdicts[i], verdicts[i + 1]];
      expect(logo?.score, JSON.stringify({ logo, none })).toBeLessThanOrEqual(none?.score ?? 0);
      expect(Object.keys(logo?.rules ?? {}).sort()).toEqual(Object.keys(none?.rules ?? {}).sort());
    }
  });

  it("#12: the measure scores what it should: the announcement's date on a message sent today", async () => {
    requireSpamAssassin();
    const [{ content, document } = emails[0] as BuiltEmail] = emails;
    const recipient = { email: "investor@example.org" };
    const email = compileEmail(content.site, document);
    // Without `date`, a build's sample .eml: dated the announcement's day, years ago.
    const eml = await toEml(buildMessage(content.site, email, recipient));
    const [verdict] = await scoreAll([
      arrived(eml, content.site.newsletter.from.email, recipient.email, new Date()),
    ]);
    if (!verdict) throw new Error("no verdict");
    expect(Object.keys(verdict.rules).filter((r) => r.startsWith("DATE_IN_PAST"))).toHaveLength(1);
    expect(verdict.score).toBeGreaterThan(BELOW);
  });
});
