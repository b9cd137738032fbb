import { once } from "node:events";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Announcement, type Content, nearestLocale } from "@herald/model";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { Journal } from "./journal.js";
import { buildMessage, toEml } from "./message.js";
import { readRecipients } from "./recipients.js";
import { type CompiledEmail, compileEmail } from "./render.js";

export interface SendOptions {
  content: Content;
  announcementId: string;
  recipientsFile: string;
  /** smtp:// or smtps:// URL; without it, .eml files are written to `outbox`. */
  smtp?: string;
  outbox: string;
  journal: string;
  /** Only this locale; otherwise each recipient gets the translation nearest to theirs. */
  locale?: string;
  /** Messages per second at most. */
  rate?: number;
  /** The PDF press kit of each locale, to attach. */
  attachments?: Map<string, { filename: string; content: Uint8Array }>;
  dryRun?: boolean;
  /** Allow a non-loopback server without STARTTLS. */
  insecure?: boolean;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  /** Base delay of the retry backoff, in milliseconds. */
  retryDelay?: number;
  maxConnections?: number;
  onProgress?: (done: number) => void;
  onWarning?: (message: string) => void;
}

export interface SendSummary {
  sent: number;
  failed: Array<{ email: string; reason: string }>;
  skipped: Array<{ line: number; reason: string }>;
  /** Already sent by an earlier run (journal). */
  alreadySent: number;
}

const transient = (error: unknown) => {
  const e = error as { responseCode?: number; code?: string };
  if (e.responseCode !== undefined) return e.responseCode >= 400 && e.responseCode < 500;
  return ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "ECONNRESET", "EPIPE", "ECONNREFUSED"].includes(
    e.code ?? "",
  );
};

const isLoopback = (host: string) =>
  host === "localhost" || host === "[::1]" || host === "::1" || /^127\./.test(host);

/** Headers DKIM signs: nodemailer's default list leaves List-Unsubscribe-Post out. */
const SIGNED =
  "From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:List-Unsubscribe:List-Unsubscribe-Post";

/** Sends an announcement's newsletter to every recipient exactly once, keeping a journal. */
export async function sendNewsletter(options: SendOptions): Promise<SendSummary> {
  const { content } = options;
  const translations = content.announcements.filter(
    (a) => a.id === options.announcementId && (!options.locale || a.locale === options.locale),
  );
  if (translations.length === 0) {
    throw new Error(
      `There is no announcement "${options.announcementId}"${options.locale ? ` in ${options.locale}` : ""}.`,
    );
  }
  const compiled = new Map<string, CompiledEmail>(
    translations.map((a) => [a.locale, compileEmail(content, a)]),
  );
  const locales = translations.map((a: Announcement) => a.locale);

  const summary: SendSummary = { sent: 0, failed: [], skipped: [], alreadySent: 0 };
  const journal = options.dryRun ? undefined : await Journal.open(options.journal);
  let transport: Mail | undefined;
  if (options.smtp && !options.dryRun) {
    const url = new URL(options.smtp);
    const secure = url.protocol === "smtps:";
    transport = nodemailer.createTransport({
      pool: true,
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: Number(url.port || (secure ? 465 : 587)),
      secure,
      requireTLS: !secure && !options.insecure && !isLoopback(url.hostname),
      ignoreTLS: !secure && (options.insecure || isLoopback(url.hostname)),
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : process.env.SMTP_USER
          ? { user: process.env.SMTP_USER, pass: process.env.SMTP_PASSWORD ?? "" }
          : undefined,
      maxConnections: options.maxConnections ?? 5,
      maxMessages: Number.POSITIVE_INFINITY,
      ...(options.rate && { rateLimit: options.rate, rateDelta: 1000 }),
      ...(options.dkim && { dkim: { ...options.dkim, headerFieldNames: SIGNED } }),
      logger: false,
    } as never);
  } else if (!options.dryRun) {
    await mkdir(options.outbox, { recursive: true });
  }

  const deliver = async (message: Mail.Options, email: string) => {
    if (!transport) {
      const file = join(
        options.outbox,
        `${email.toLowerCase().replace(/[^a-z0-9@._-]/g, "_")}.eml`,
      );
      await writeFile(file, await toEml(message));
      return;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await transport.sendMail(message);
        return;
      } catch (error) {
        if (!transient(error) || attempt >= 4) throw error;
        await new Promise((r) => setTimeout(r, (options.retryDelay ?? 500) * 2 ** attempt));
      }
    }
  };

  // A bounded number of messages in flight: the list streams through, memory stays flat.
  const inFlight = new Set<Promise<void>>();
  const limit = (options.maxConnections ?? 5) * 4;
  let done = 0;
  for await (const event of readRecipients(options.recipientsFile)) {
    if (event.kind === "problem") {
      summary.skipped.push({ line: event.line, reason: event.message });
      options.onWarning?.(`${options.recipientsFile}:${event.line}: ${event.message}`);
      continue;
    }
    const { recipient } = event;
    if (journal?.wasSent(recipient.email)) {
      summary.alreadySent++;
      continue;
    }
    const locale = nearestLocale(locales, recipient.locale, content.site) as string;
    if (recipient.locale !== locale && !options.locale) {
      options.onWarning?.(
        `${options.recipientsFile}:${recipient.line}: ${recipient.locale ? `no ${recipient.locale} translation` : "no locale given"}; ${recipient.email} gets ${locale}`,
      );
    }
    const email = compiled.get(locale) as CompiledEmail;
    const message = buildMessage(content, email, recipient, {
      attachment: options.attachments?.get(locale),
    });
    if (options.dryRun) {
      await toEml(message);
      summary.sent++;
      continue;
    }
    const task = deliver(message, recipient.email)
      .then(
        async () => {
          // Counted as sent only once the journal says so on disk.
          await journal?.record({
            email: recipient.email,
            state: "sent",
            messageId: String(message.messageId),
          });
          summary.sent++;
        },
        async (error: Error & { response?: string }) => {
          const reason = (error.response ?? error.message).split("\n")[0] ?? "unknown";
          await journal?.record({ email: recipient.email, state: "failed", reason });
          summary.failed.push({ email: recipient.email, reason });
        },
      )
      .finally(() => {
        inFlight.delete(task);
        options.onProgress?.(++done);
      });
    inFlight.add(task);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (transport) {
    transport.close();
    if ((transport as unknown as { isIdle?: () => boolean }).isIdle?.() === false)
      await once(transport, "idle").catch(() => {});
  }
  await journal?.close();
  return summary;
}
