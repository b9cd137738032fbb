import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { sendNewsletter } from "@herald/email";
import { pressKitPath } from "@herald/model";
import { renderPressKit } from "@herald/pdf";
import { loadOrReport } from "../content.js";
import { HeraldError, UsageError } from "../errors.js";
import { type Io, println } from "../io.js";
import { createProgress } from "../progress.js";
import { verify, verifyTable } from "../verify.js";
import { count } from "../words.js";

export const sendUsage = `herald send --announcement ID --recipients FILE.csv [--content DIR] [--out DIR]
            [--locale L] [--smtp URL] [--journal FILE] [--rate N] [--attach-pdf] [--dry-run]
            [--insecure] [--dkim-domain D --dkim-selector S --dkim-key FILE] [--skip-verify]

Sends the announcement's newsletter to every recipient of FILE.csv (columns email,name,locale),
each in the translation nearest to their locale. Without --smtp (or SMTP_URL in the
environment) it writes one .eml per recipient into OUT/outbox/<id>/. SMTP credentials come
from the URL or from SMTP_USER and SMTP_PASSWORD, and are never printed. A journal (default:
beside OUT) records every recipient's outcome; running the same send again after a crash sends
only to those not yet accepted. DKIM_PRIVATE_KEY may hold the key instead of --dkim-key. Before sending, the build in OUT is
checked as herald verify does (--skip-verify to send anyway).
Exit code 1 when any recipient failed.`;

export interface SendCommandOptions {
  announcement?: string;
  recipients?: string;
  content?: string;
  out?: string;
  locale?: string;
  smtp?: string;
  journal?: string;
  rate?: string;
  "attach-pdf"?: boolean;
  "dry-run"?: boolean;
  insecure?: boolean;
  "dkim-domain"?: string;
  "dkim-selector"?: string;
  "dkim-key"?: string;
  "skip-verify"?: boolean;
}

export async function send(io: Io, options: SendCommandOptions): Promise<number> {
  if (!options.announcement) throw new UsageError("--announcement ID is required.");
  if (!options.recipients) throw new UsageError("--recipients FILE.csv is required.");
  const rate = options.rate === undefined ? undefined : Number(options.rate);
  if (rate !== undefined && !(rate > 0))
    throw new UsageError(
      `--rate must be a positive number of messages per second, not "${options.rate}".`,
    );
  const recipients = resolve(io.cwd, options.recipients);
  if (!existsSync(recipients))
    throw new HeraldError(
      `There is no recipients file at ${options.recipients}.\n  Fix: pass a CSV file with the columns email,name,locale.`,
    );
  const dkimKey = options["dkim-key"]
    ? readFileSync(resolve(io.cwd, options["dkim-key"]), "utf8")
    : io.env.DKIM_PRIVATE_KEY;
  const dkimWanted = options["dkim-domain"] || options["dkim-selector"] || options["dkim-key"];
  if (dkimWanted && !(options["dkim-domain"] && options["dkim-selector"] && dkimKey)) {
    throw new UsageError(
      "DKIM needs --dkim-domain, --dkim-selector and a key (--dkim-key FILE or DKIM_PRIVATE_KEY).",
    );
  }

  const { content } = await loadOrReport(io, options.content);
  const id = options.announcement;
  const translations = content.announcements.filter((a) => a.id === id);
  if (translations.length === 0) {
    const ids = [...new Set(content.announcements.map((a) => a.id))];
    throw new HeraldError(
      `There is no announcement with the id "${id}".\n  Fix: use one of ${ids.join(", ")}.`,
    );
  }
  const out = resolve(io.cwd, options.out ?? "out");
  // Before anyone gets a message, the outputs must agree with the content and each other.
  if (!options["skip-verify"]) {
    const checked = await verify(content, out);
    if (checked.findings.length) {
      println(io.stderr, verifyTable(checked));
      for (const f of checked.findings)
        println(io.stderr, `${f.output} · ${f.check} · ${f.where}: ${f.problem}`);
      throw new HeraldError(
        `The built outputs in ${options.out ?? "out"} disagree with the content, so nothing was sent.\n  Fix: run herald build again (or --skip-verify to send anyway).`,
      );
    }
  }
  const smtp = options.smtp ?? io.env.SMTP_URL;
  const journal = options.journal
    ? resolve(io.cwd, options.journal)
    : join(dirname(out), `${basename(out)}-send-${id}.journal`);

  const attachments = new Map<string, { filename: string; content: Uint8Array }>();
  if (options["attach-pdf"]) {
    for (const a of translations) {
      // The press kit of the build (the one verify checked and the email links to), made
      // here only when there is no build to take it from (--skip-verify).
      const built = join(out, "site", pressKitPath(a));
      const bytes = existsSync(built)
        ? await readFile(built)
        : (await renderPressKit(content, a)).bytes;
      attachments.set(a.locale, {
        filename: pressKitPath(a).split("/").pop() as string,
        content: bytes,
      });
    }
  }

  const where = smtp
    ? `${new URL(smtp).hostname}:${new URL(smtp).port || "default port"}`
    : join(out, "outbox", id);
  if (!options["dry-run"])
    println(io.stdout, `Sending "${id}" to the recipients of ${options.recipients} via ${where}.`);
  const progress = createProgress(io);
  const summary = await sendNewsletter({
    content,
    announcementId: id,
    recipientsFile: recipients,
    smtp,
    outbox: join(out, "outbox", id),
    journal,
    locale: options.locale,
    rate,
    attachments,
    dryRun: options["dry-run"],
    insecure: options.insecure,
    dkim: dkimWanted
      ? {
          domainName: options["dkim-domain"] as string,
          keySelector: options["dkim-selector"] as string,
          privateKey: dkimKey as string,
        }
      : undefined,
    retryDelay: io.env.HERALD_RETRY_DELAY_MS ? Number(io.env.HERALD_RETRY_DELAY_MS) : undefined,
    onProgress: () => progress.tick("sent"),
    onWarning: (message) => println(io.stderr, `warning: ${message}`),
  }).finally(() => progress.done());

  const verb = options["dry-run"] ? "Checked (dry run, nothing sent)" : "Sent";
  println(
    io.stdout,
    `${verb}: ${count(summary.sent, "message")}; failed: ${summary.failed.length}; skipped: ${summary.skipped.length}${summary.alreadySent ? `; already sent by an earlier run: ${summary.alreadySent}` : ""}.`,
  );
  for (const f of summary.failed) println(io.stderr, `failed: ${f.email}: ${f.reason}`);
  if (!options["dry-run"]) println(io.stdout, `Journal: ${journal}`);
  return summary.failed.length > 0 ? 1 : 0;
}
