import { createPrivateKey } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import {
  maskUrl,
  parseSmtpUrl,
  SendError,
  sendNewsletter,
  smtpCredentialsProblem,
  UNSUBSCRIBE_SECRET_ENV,
} from "@herald/email";
import {
  type Announcement,
  type AnnouncementDocument,
  announcementDocument,
  EMBARGOED_FOLDER,
  idSchema,
  isUnderEmbargo,
  splitByEmbargo,
} from "@herald/model";
import { contentDirOf, loadOrReport } from "../content.js";
import { liftsWhen } from "../embargo.js";
import { HeraldError, UsageError } from "../errors.js";
import { fileOption, realPath, suppressionsPath } from "../file-options.js";
import { type Io, println } from "../io.js";
import { acquireLock, type Lock } from "../lock-file.js";
import { isInside } from "../paths.js";
import { createProgress } from "../progress.js";
import { verify, verifyTable } from "../verify.js";
import { count } from "../words.js";

export interface SendCommandOptions {
  announcement?: string;
  recipients?: string;
  content?: string;
  out?: string;
  locale?: string;
  smtp?: string;
  journal?: string;
  suppressions?: string;
  rate?: string;
  "attach-pdf"?: boolean;
  "dry-run"?: boolean;
  insecure?: boolean;
  "dkim-domain"?: string;
  "dkim-selector"?: string;
  "dkim-key"?: string;
  "skip-verify"?: boolean;
  "under-embargo"?: boolean;
}

/** The DKIM key file's text. */
function readKey(io: Io, value: string): string {
  const path = fileOption(io, "dkim-key", value, "read");
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new HeraldError(
      `--dkim-key: could not read ${value} (${(error as NodeJS.ErrnoException).code}).`,
      { cause: error },
    );
  }
}

/** The longest wait a Node timer takes (longer ones fire after 1 ms, with a warning). */
const MAX_MS = 2 ** 31 - 1;

/** Reads a whole number of milliseconds from the environment (test and tuning knobs). */
function envMs(io: Io, name: string): number | undefined {
  const value = io.env[name];
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!(/^\s*\d+\s*$/.test(value) && n >= 1 && n <= MAX_MS))
    throw new UsageError(
      `${name} must be a whole number of milliseconds from 1 to ${MAX_MS}, not "${value.slice(0, 40)}".`,
    );
  return n;
}

export async function send(io: Io, options: SendCommandOptions): Promise<number> {
  if (!options.announcement) throw new UsageError("--announcement ID is required.");
  // The id becomes part of file names (journal, outbox): checked before any path is made.
  if (!idSchema.safeParse(options.announcement).success)
    throw new UsageError(
      `--announcement: ${JSON.stringify(options.announcement.slice(0, 80))} is not an announcement id; ids use lowercase letters, digits and single hyphens (the id: field of the announcement).`,
    );
  if (!options.recipients) throw new UsageError("--recipients FILE.csv is required.");
  const rate = options.rate === undefined ? undefined : Number(options.rate);
  // Bounds that keep the pause between messages a timer can wait (at most ~17 minutes).
  if (rate !== undefined && !(rate >= 0.001 && rate <= 100_000))
    throw new UsageError(
      `--rate must be a number of messages per second from 0.001 to 100000, not "${String(options.rate).slice(0, 40)}".`,
    );
  const smtp = options.smtp ?? io.env.SMTP_URL;
  const smtpName = options.smtp !== undefined ? "--smtp" : "SMTP_URL";
  const smtpUrl = smtp === undefined ? undefined : parseSmtpUrl(smtp);
  if (smtp !== undefined && !smtpUrl)
    throw new UsageError(
      `${smtpName} must be an smtp:// or smtps:// URL such as smtp://user@mail.example.com:587, not "${maskUrl(smtp)}".`,
    );
  const credentials = smtpUrl && smtpCredentialsProblem(smtpUrl);
  if (credentials) throw new UsageError(`${smtpName}: ${credentials}`);
  const recipients = fileOption(io, "recipients", options.recipients, "read");
  if (options.journal !== undefined) fileOption(io, "journal", options.journal, "write");
  const dkimKey = options["dkim-key"] ? readKey(io, options["dkim-key"]) : io.env.DKIM_PRIVATE_KEY;
  if (dkimKey !== undefined) {
    try {
      createPrivateKey(dkimKey);
    } catch (error) {
      // Never the key itself in the message: it is a secret.
      throw new HeraldError(
        `${options["dkim-key"] ? `--dkim-key: ${options["dkim-key"]}` : "DKIM_PRIVATE_KEY"} is not a private key in PEM format (-----BEGIN PRIVATE KEY-----).\n  Fix: pass the private key whose public half is published at <selector>._domainkey.<domain>.`,
        { cause: error },
      );
    }
  }
  const dkimWanted = options["dkim-domain"] || options["dkim-selector"] || options["dkim-key"];
  if (dkimWanted && !(options["dkim-domain"] && options["dkim-selector"] && dkimKey)) {
    throw new UsageError(
      "DKIM needs --dkim-domain, --dkim-selector and a key (--dkim-key FILE or DKIM_PRIVATE_KEY).",
    );
  }
  const retryDelay = envMs(io, "HERALD_RETRY_DELAY_MS");
  const timeout = envMs(io, "HERALD_SMTP_TIMEOUT_MS");
  const id = options.announcement;
  // Real paths throughout: a symlink to the journal, or to OUT, must lead to the same journal
  // (and its lock), never to a second one.
  const out = realPath(resolve(io.cwd, options.out ?? "out"));
  const contentDir = realPath(contentDirOf(io, options.content));
  const defaultJournal = join(dirname(out), `${basename(out)}-send-${id}.journal`);
  const journal = options.journal ? realPath(resolve(io.cwd, options.journal)) : defaultJournal;
  // Beside OUT, like the journal: a build replaces OUT and must not take the outbox with it.
  const outbox = join(dirname(out), `${basename(out)}-outbox`, id);
  const outName = options.out ?? "out";
  const contentName = options.content ?? contentDir;
  if (smtp === undefined && isInside(outbox, contentDir))
    throw new UsageError(
      `--out: the outbox ${outbox} (beside the output folder ${outName}) is inside the content folder ${contentName}, whose files are content, not messages.\n  Fix: pass --out outside the content folder.`,
    );
  const journalName = options.journal ? "--journal" : "--out";
  const journalShown = options.journal ?? `the journal ${journal} (beside the output folder)`;
  if (isInside(journal, out))
    throw new UsageError(
      `${journalName}: ${journalShown} is inside the output folder ${outName}, which herald build replaces whole: the journal would be lost, and the next send would send to everyone again.\n  Fix: keep the journal outside ${outName}, e.g. leave --journal out (the default is beside it: ${defaultJournal}).`,
    );
  if (isInside(journal, contentDir))
    throw new UsageError(
      `${journalName}: ${journalShown} is inside the content folder ${contentName}, which holds content, not a record of who was sent what.\n  Fix: keep the journal outside it, e.g. leave --journal out (the default is beside the output folder).`,
    );
  const checked: Checked = {
    id,
    out,
    outbox,
    journal,
    suppressions: suppressionsPath(io, options, contentDir, "read"),
    recipients,
    smtp,
    rate,
    retryDelay,
    timeout,
    dkim: dkimWanted
      ? {
          domainName: options["dkim-domain"] as string,
          keySelector: options["dkim-selector"] as string,
          privateKey: dkimKey as string,
        }
      : undefined,
  };
  // The lock comes first: a second send on this journal stops before doing anything, and
  // it is held until the last journal line is on disk. A dry run writes nothing: no lock.
  if (options["dry-run"]) return await sendWith(io, options, checked);
  return await holdingJournal(io, journal, () => sendWith(io, options, checked));
}

/** The options of a send, checked, with the paths they lead to. */
interface Checked {
  id: string;
  out: string;
  outbox: string;
  journal: string;
  suppressions: string;
  recipients: string;
  smtp?: string;
  rate?: number;
  retryDelay?: number;
  timeout?: number;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
}

/** Runs `work` holding the lock of `journal`. */
async function holdingJournal<T>(io: Io, journal: string, work: () => Promise<T>): Promise<T> {
  let lock: Lock;
  try {
    lock = acquireLock(`${journal}.lock`, {
      what: `the journal ${journal}`,
      command: "herald send",
      fix: "wait for it to finish (running the same command then sends only to whoever it missed)",
    });
  } catch (error) {
    if (error instanceof HeraldError) throw error;
    throw new HeraldError(
      `--journal: could not create the lock file ${journal}.lock (${(error as NodeJS.ErrnoException).code}).\n  Fix: make its folder writable, or pass --journal in a folder you can write to.`,
      { cause: error },
    );
  }
  // A second Ctrl-C ends the process at once: the lock goes with it.
  process.once("exit", lock.release);
  try {
    if (lock.tookOver)
      println(
        io.stderr,
        `herald: took over the lock ${lock.path} of process ${lock.tookOver.pid} (since ${lock.tookOver.since}), which is no longer running.`,
      );
    return await work();
  } finally {
    lock.release();
    process.removeListener("exit", lock.release);
  }
}

/** Everything after the options are checked (and, for a real send, the journal is ours). */
async function sendWith(io: Io, options: SendCommandOptions, checked: Checked): Promise<number> {
  const { id, out, outbox, journal, recipients, smtp, rate } = checked;
  const { content } = await loadOrReport(io, options.content, { sending: true });
  const translations = content.announcements.filter((a) => a.id === id);
  if (translations.length === 0) {
    const ids = [...new Set(content.announcements.map((a) => a.id))];
    throw new HeraldError(
      `There is no announcement with the id "${id}".\n  Fix: use one of ${ids.join(", ")}.`,
    );
  }
  // Under embargo, only a send that says so goes out: to journalists, with the embargo on it.
  const now = new Date();
  const under = translations.some((a) => isUnderEmbargo(a, now));
  const [first] = translations as [Announcement];
  if (under && !options["under-embargo"])
    throw new HeraldError(
      `"${id}" is under embargo: it ${liftsWhen(first, now)}. Sending it now would publish it early, so nothing was sent.\n  Fix: to brief journalists before then, send with --under-embargo (each email says it is embargoed and carries the press kit); to send it as news, wait until the embargo lifts, run herald build, then herald send.`,
    );
  if (!under && options["under-embargo"])
    throw new UsageError(
      `--under-embargo: "${id}" is not under embargo (${first.embargo ? `it lifted at ${first.embargo}` : "it has none"}), so there is no embargoed email to send; nothing was sent.\n  Fix: leave --under-embargo out to send it as the published news${first.embargo ? " (after herald build, if the last build was made under the embargo)" : ""}.`,
      { brief: true },
    );
  // The part of the content this send belongs to: a published email says nothing (a total
  // raised, a list) of what is still under embargo.
  const { published, embargoed } = splitByEmbargo(content, now);
  const part = under ? embargoed : published;
  // Before anyone gets a message, the outputs must agree with the content and each other.
  if (!options["skip-verify"]) {
    // The translations this send can use, not the rest of the newsroom.
    const checked = await verify(content, out, { id, locale: options.locale }, now);
    if (checked.findings.length) {
      println(io.stderr, verifyTable(checked));
      for (const f of checked.findings)
        println(io.stderr, `${f.output} · ${f.check} · ${f.where}: ${f.problem}`);
      throw new HeraldError(
        `The built outputs in ${options.out ?? "out"} disagree with the content, so nothing was sent.\n  Fix: run herald build again (or --skip-verify to send anyway).`,
      );
    }
  }
  // Loaded only when needed: the layout engine would cost every other send its start-up time.
  const pressKitOf = async (document: AnnouncementDocument) =>
    (await (await import("@herald/pdf")).renderPressKit(document, { contentDir: content.dir }))
      .bytes;
  const attachments = new Map<string, { filename: string; content: Uint8Array }>();
  // An embargoed email links to no public press kit (there is none yet): it carries it.
  if (options["attach-pdf"] || under) {
    for (const a of translations) {
      // The press kit of the build (the one verify checked and the email links to), made
      // here only when there is no build to take it from (--skip-verify).
      const document = announcementDocument(part, a, { embargoed: under });
      const built = join(out, under ? EMBARGOED_FOLDER : "", document.pdf.file);
      const bytes = existsSync(built) ? await readFile(built) : await pressKitOf(document);
      attachments.set(a.locale, { filename: basename(document.pdf.path), content: bytes });
    }
  }

  const url = smtp === undefined ? undefined : parseSmtpUrl(smtp);
  const where = url
    ? `${url.hostname}:${url.port || (url.protocol === "smtps:" ? 465 : 587)}`
    : outbox;
  if (!options["dry-run"])
    println(io.stdout, `Sending "${id}" to the recipients of ${options.recipients} via ${where}.`);
  const progress = createProgress(io);
  // Ctrl-C (or a TERM) lets the messages under way finish and reach the journal, then stops;
  // a second one ends the process at once (the journal is consistent at every line).
  const interrupt = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      println(
        io.stderr,
        `\nherald: ${signal}: finishing the messages under way, then stopping (again to stop at once).`,
      );
      interrupt.abort();
    } else process.exit(130);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const summary = await sendNewsletter({
    content: part,
    underEmbargo: under,
    now,
    announcementId: id,
    recipientsFile: recipients,
    smtp,
    outbox,
    journal,
    suppressions: checked.suppressions,
    unsubscribeSecret: io.env[UNSUBSCRIBE_SECRET_ENV],
    env: io.env,
    signal: interrupt.signal,
    timeout: checked.timeout,
    locale: options.locale,
    rate,
    attachments,
    dryRun: options["dry-run"],
    insecure: options.insecure,
    dkim: checked.dkim,
    retryDelay: checked.retryDelay,
    onProgress: () => progress.tick("sent"),
    onWarning: (message) => println(io.stderr, `warning: ${message}`),
  })
    .catch((error: unknown) => {
      if (!(error instanceof SendError)) throw error;
      if (error.exitCode !== 130) throw new HeraldError(error.message, { cause: error });
      // Interrupted: said, and ended with the code a shell expects after Ctrl-C.
      println(io.stderr, `herald: ${error.message}`);
      return undefined;
    })
    .finally(() => {
      progress.done();
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
    });

  if (!summary) return 130;
  const verb = options["dry-run"] ? "Checked (dry run, nothing sent)" : "Sent";
  println(
    io.stdout,
    `${verb}: ${count(summary.sent, "message")}; failed: ${summary.failed.length}; skipped: ${summary.skipped.length}; suppressed: ${summary.suppressed}${summary.alreadySent ? `; already sent by an earlier run: ${summary.alreadySent}` : ""}.`,
  );
  if (summary.unsettled)
    println(
      io.stdout,
      `${summary.unsettled} of them had been handed to the server by an earlier run that stopped before the server answered (a crash or kill): they may have received it then. ${options["dry-run"] ? "A send would send to them again" : summary.via === "outbox" ? "They were written to the outbox again" : "They were sent again"} with the same Message-ID, so most mail clients show one message.`,
    );
  // What the journal had from runs to other destinations, and what happened to them now.
  for (const [where, n] of Object.entries(summary.elsewhere)) {
    const before =
      where === "outbox" ? "were written to the outbox earlier" : `were sent via ${where} earlier`;
    const now =
      summary.via === "outbox"
        ? "they were written to the outbox now"
        : `they were sent now via ${summary.via}`;
    println(io.stdout, `${n} ${before}; ${now}.`);
  }
  for (const [where, n] of Object.entries(summary.alreadyElsewhere))
    println(
      io.stdout,
      `${n} of them went via ${where}, another server than this one: a message a server accepted is never sent again. To send them again anyway, pass --journal with a new file.`,
    );
  for (const f of summary.failed) println(io.stderr, `failed: ${f.email}: ${f.reason}`);
  if (!options["dry-run"]) println(io.stdout, `Journal: ${journal}`);
  return summary.failed.length > 0 ? 1 : 0;
}
