import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import {
  type Announcement,
  announcementDocument,
  type Content,
  isUnderEmbargo,
  nearestLocale,
} from "@herald/model";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { parseAddress } from "./address.js";
import { SendError } from "./errors.js";
import { Journal, OUTBOX } from "./journal.js";
import { buildMessage, campaignOf, toEml } from "./message.js";
import { type ListedRecipient, readRecipients } from "./recipients.js";
import { type CompiledEmail, compileEmail } from "./render.js";
import {
  connectSmtp,
  describeServerFailure,
  type ErrorLike,
  failureMessage,
  isServerFailure,
  parseSmtpUrl,
  type SmtpServer,
  serverWhere,
} from "./smtp.js";
import { SuppressionList } from "./suppressions.js";
import {
  MIN_SECRET_LENGTH,
  needsToken,
  secretProblem,
  UNSUBSCRIBE_SECRET_ENV,
  unsubscribeToken,
} from "./unsubscribe.js";
import { summarizeWarnings } from "./warnings.js";

export interface SendOptions {
  content: Content;
  announcementId: string;
  recipientsFile: string;
  /** smtp:// or smtps:// URL; without it, .eml files are written to `outbox`. */
  smtp?: string;
  outbox: string;
  journal: string;
  /** The suppression list (CSV): who unsubscribed, bounced or complained is never sent to. */
  suppressions?: string;
  /** HERALD_UNSUBSCRIBE_SECRET: signs the {token} of the unsubscribe URL. */
  unsubscribeSecret?: string;
  /** Only this locale; otherwise each recipient gets the translation nearest to theirs. */
  locale?: string;
  /** Messages per second at most. */
  rate?: number;
  /** The PDF press kit of each locale, to attach. */
  attachments?: Map<string, { filename: string; content: Uint8Array }>;
  /**
   * Send the embargoed email of an announcement still under embargo (to journalists): the
   * notice at the top and in the subject, no address of the public site, the press kit
   * attached (`attachments` must hold every locale's). It is a campaign of its own: the
   * public send after the embargo sends to everyone again, and this one to nobody it reached.
   */
  underEmbargo?: boolean;
  /**
   * The time the send happens at (the CLI passes the one it judged the embargo at; tests
   * pass their own): an embargoed email is refused once its embargo has lifted. Defaults to
   * the clock.
   */
  now?: Date;
  dryRun?: boolean;
  /** Allow a non-loopback server without STARTTLS. */
  insecure?: boolean;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  /** Base delay of the retry backoff, in milliseconds. */
  retryDelay?: number;
  /** How long to wait for a connection and the server's greeting, in milliseconds. */
  timeout?: number;
  maxConnections?: number;
  /** SMTP_USER and SMTP_PASSWORD, when the URL carries no credentials. */
  env?: NodeJS.ProcessEnv;
  /** Stops the send: messages under way finish and are journaled, no new one starts. */
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
  onWarning?: (message: string) => void;
}

export interface SendSummary {
  sent: number;
  failed: Array<{ email: string; reason: string }>;
  skipped: Array<{ line: number; reason: string }>;
  /** On the suppression list, so not sent to. */
  suppressed: number;
  /**
   * Sent to again now because an earlier run handed them to a server and stopped before it
   * knew the outcome: they may have two copies (with one Message-ID, which clients merge).
   */
  unsettled: number;
  /** Already sent by an earlier run to the same destination (journal). */
  alreadySent: number;
  /** Where this run sent: "outbox" or the SMTP server's host:port (as the journal says). */
  via: string;
  /**
   * Of those sent now, how many an earlier run had written elsewhere, by destination
   * ("outbox"): an outbox run delivered nothing, so a send by SMTP sends to them.
   */
  elsewhere: Record<string, number>;
  /** Of those already sent, how many went through another SMTP server, by host:port. */
  alreadyElsewhere: Record<string, number>;
}

/** Headers DKIM signs: nodemailer's default list leaves List-Unsubscribe-Post out. */
const SIGNED =
  "From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:List-Unsubscribe:List-Unsubscribe-Post";

/** One .eml per address: readable, and unique through a hash of the whole address. */
// The readable part is cut to 100 bytes (ASCII after the replacement), so even the longest
// valid address (254 characters) gives a name well within the 255 bytes file systems allow.
// An embargoed campaign's files are named apart (".embargo.eml"), so the public send's
// outbox never overwrites them, nor they it.
export const outboxFileName = (key: string, campaign?: string) =>
  `${key.replace(/[^a-z0-9@._+-]/g, "_").slice(0, 100)}.${createHash("sha256")
    .update(campaign ? `${key}\u0000${campaign}` : key)
    .digest("hex")
    .slice(0, 10)}${campaign ? ".embargo" : ""}.eml`;

/** The server (or the journal) failed: every message after this one is pointless. */
class Stop extends Error {}

/**
 * The server refused before the message's body went out (login, sender, recipients): not
 * delivered. Only an answer says so: a timeout or a cut connection may come after the body.
 */
const refusedBeforeBody = (e: ErrorLike) =>
  e.code === "ECONNREFUSED" ||
  (e.responseCode !== undefined &&
    /^(EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL FROM|RCPT TO)\b/i.test(e.command ?? ""));

/** Waits `ms`, or less if `signal` aborts meanwhile (Ctrl-C during a slow --rate). */
const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });

/** Sends an announcement's newsletter to every recipient exactly once, keeping a journal. */
export async function sendNewsletter(options: SendOptions): Promise<SendSummary> {
  const { content } = options;
  const translations = content.announcements.filter(
    (a) => a.id === options.announcementId && (!options.locale || a.locale === options.locale),
  );
  if (translations.length === 0) {
    const have = content.announcements
      .filter((a) => a.id === options.announcementId)
      .map((a) => a.locale);
    throw new SendError(
      have.length && options.locale
        ? `The announcement "${options.announcementId}" has no ${options.locale} translation.\n  Fix: use --locale ${have.join(" or --locale ")}, or leave --locale out to give each recipient the nearest.`
        : `There is no announcement "${options.announcementId}".`,
    );
  }
  if (options.underEmbargo) {
    const open = translations.find((a) => !a.embargo);
    if (open)
      throw new SendError(
        `The announcement "${options.announcementId}" (${open.locale}) has no embargo, so there is no embargoed email to send.\n  Fix: send it without --under-embargo, or add embargo: to its front matter.`,
      );
    // "Embargoed until" a time gone by would tell journalists nothing but a mistake.
    const embargo = translations[0]?.embargo ?? "";
    const now = options.now ?? new Date();
    if (!isUnderEmbargo({ embargo }, now))
      throw new SendError(
        `The embargo of "${options.announcementId}" lifted at ${embargo}, so there is no embargoed email to send any more.\n  Fix: send it without --under-embargo (the published email), after running herald build to publish it.`,
      );
    // The embargoed email says its press kit is attached: it must be.
    const missing = translations.filter((a) => !options.attachments?.has(a.locale));
    if (missing.length)
      throw new SendError(
        `The embargoed email of "${options.announcementId}" links to no public page and says its press kit is attached, but there is no PDF to attach for ${missing.map((a) => a.locale).join(", ")}, so nothing was sent.\n  Fix: build the announcement first (herald build), so its press kit can be attached.`,
      );
  }
  const smtpUrl = options.smtp === undefined ? undefined : parseSmtpUrl(options.smtp);
  if (options.smtp !== undefined && !smtpUrl)
    throw new SendError("The SMTP address must be an smtp:// or smtps:// URL.");
  const { newsletter } = content.site;
  // The law asks commercial mail to show the sender's postal address: no real send without.
  if (smtpUrl && !newsletter.postalAddress)
    throw new SendError(
      "site.yaml has no newsletter.postalAddress, so nothing was sent: the law asks commercial mail to show the sender's postal address (CAN-SPAM and most national rules).\n  Fix: add postalAddress: under newsletter in site.yaml, with the company's street address (one text, or one per language). Building, the preview and the outbox work without it.",
    );
  const url = newsletter.unsubscribe?.url;
  const secret = options.unsubscribeSecret;
  if (url && needsToken(url)) {
    const problem = secretProblem(secret);
    if (problem)
      throw new SendError(
        `The unsubscribe address in site.yaml (newsletter.unsubscribe.url) has a {token}, but ${problem}, so nothing was sent: every unsubscribe link would be refused.\n  Fix: set ${UNSUBSCRIBE_SECRET_ENV} to the secret herald unsubscribe-server uses (at least ${MIN_SECRET_LENGTH} random characters, e.g. from openssl rand -base64 32).`,
      );
  }
  const suppressions = options.suppressions
    ? await SuppressionList.read(options.suppressions)
    : undefined;
  /** Whether this address is on the suppression list (read again if it changed meanwhile). */
  // The list is only ever added to: one that loses entries during a send (cut down, replaced,
  // deleted) is a mistake, and whoever it lost must not be mailed because of it.
  let listed = suppressions?.size ?? 0;
  let shrank: string | undefined;
  const suppressed = async (email: string) => {
    if (!suppressions) return false;
    await suppressions.refresh();
    if (suppressions.size < listed)
      shrank ??= `The suppression list ${suppressions.path} lost entries during the send (it had ${listed}, now ${suppressions.size})`;
    listed = Math.max(listed, suppressions.size);
    if (shrank) return true;
    if (!suppressions.find(email)) return false;
    summary.suppressed++;
    return true;
  };
  const shrankError = (sentSoFar: string) =>
    new SendError(
      `${shrank}, so the send stopped: ${sentSoFar}. Nobody it listed before was sent to.\n  Fix: restore the list (Herald only ever adds to it), then run the same command again: it sends only to the rest.`,
    );
  const locales = translations.map((a: Announcement) => a.locale);
  const timeout = options.timeout ?? 30_000;
  // The journal keeps apart where messages went: written to the outbox is not delivered.
  const via = smtpUrl ? serverWhere(smtpUrl) : OUTBOX;
  const summary: SendSummary = {
    sent: 0,
    failed: [],
    skipped: [],
    suppressed: 0,
    unsettled: 0,
    alreadySent: 0,
    via,
    elsewhere: {},
    alreadyElsewhere: {},
  };
  const tally = (counts: Record<string, number>, where: string) => {
    counts[where] = (counts[where] ?? 0) + 1;
  };
  /** Whether to skip this address, as an earlier run sent it; counted in the summary. */
  const sentEarlier = (journal: Journal, email: string) => {
    const { sent, where } = journal.earlier(email, via);
    if (sent) {
      summary.alreadySent++;
      if (where !== undefined) tally(summary.alreadyElsewhere, where);
    }
    return { sent, where };
  };

  const compiled = new Map<string, CompiledEmail>(
    translations.map((a) => [
      a.locale,
      compileEmail(
        content.site,
        announcementDocument(content, a, { embargoed: options.underEmbargo === true }),
        {
          ...(secret && { tokenFor: (email: string) => unsubscribeToken(email, secret) }),
        },
      ),
    ]),
  );
  // All translations agree on the embargo (the loader checks), so one campaign for the send.
  const campaign = campaignOf(compiled.values().next().value as CompiledEmail);
  // Journal entries and list rows meet on one key per address, whatever its spelling.
  const keyOf = (email: string) => parseAddress(email)?.key ?? email.toLowerCase();
  const messageFor = (recipient: ListedRecipient) => {
    const locale = nearestLocale(locales, recipient.locale, content.site) as string;
    const email = compiled.get(locale) as CompiledEmail;
    // Dated now: as it is handed to the server (or written to the outbox).
    const message = buildMessage(content.site, email, recipient, {
      attachment: options.attachments?.get(locale),
      date: new Date(),
    });
    // The wire form: domain in ASCII; the envelope says the same.
    message.to = { name: (message.to as Mail.Address).name, address: recipient.address.wire };
    message.envelope = { from: content.site.newsletter.from.email, to: [recipient.address.wire] };
    return message;
  };

  const checkList = async () => {
    // First pass: the whole list is checked (and its problems told) before anyone gets a
    // message, so a broken line 90,000 cannot stop a send half-way.
    const warnings = summarizeWarnings(options.recipientsFile);
    for await (const event of readRecipients(options.recipientsFile)) {
      if (event.kind === "problem") {
        summary.skipped.push({ line: event.line, reason: event.message });
        warnings.skipped(event.line, event.message);
        continue;
      }
      const { recipient } = event;
      const locale = nearestLocale(locales, recipient.locale, content.site) as string;
      if (recipient.locale !== locale && !options.locale)
        warnings.fallback(recipient.locale, locale, recipient.line);
    }
    for (const w of warnings.done()) options.onWarning?.(w);
  };

  if (options.dryRun) {
    await checkList();
    // Checks the journal too, but takes no lock and writes nothing.
    const journal = Journal.read(options.journal, options.announcementId, keyOf, campaign);
    for await (const event of readRecipients(options.recipientsFile)) {
      if (event.kind !== "recipient") continue;
      if (await suppressed(event.recipient.email)) {
        if (shrank) throw shrankError(`${summary.sent} would have been sent`);
        continue;
      }
      const { sent, where } = sentEarlier(journal, event.recipient.address.key);
      if (!sent) {
        if (journal.unsettled(event.recipient.address.key)) summary.unsettled++;
        if (where !== undefined) tally(summary.elsewhere, where);
        await toEml(messageFor(event.recipient));
        summary.sent++;
      }
    }
    return summary;
  }

  // The caller holds the journal's lock for the whole run (herald send takes it first thing),
  // so no other process appends to the journal meanwhile.
  let journal: Journal | undefined;
  let transport: Mail | undefined;
  // Interrupted: messages waiting in the pool for a connection never start (nodemailer has
  // no public way to drop them; without this they would still be sent, on new connections).
  const dropQueued = () => {
    const pool = (transport as unknown as { transporter?: { _queue?: unknown[] } } | undefined)
      ?.transporter;
    const queued = (pool?._queue?.splice(0) ?? []) as Array<{ callback(e: Error): void }>;
    for (const entry of queued)
      entry.callback(Object.assign(new Error("interrupted"), { code: "EINTERRUPTED" }));
  };
  try {
    await checkList();
    journal = Journal.read(options.journal, options.announcementId, keyOf, campaign);
    if (journal.wasEmptyFile)
      options.onWarning?.(
        `${options.journal} is an empty file: it becomes the journal of this send.`,
      );
    let server: SmtpServer | undefined;
    if (smtpUrl) {
      server = await connectSmtp(smtpUrl, {
        insecure: options.insecure,
        timeout,
        env: options.env ?? {},
        signal: options.signal,
      });
      transport = nodemailer.createTransport({
        pool: true,
        ...server.connection,
        maxConnections: options.maxConnections ?? 5,
        maxMessages: Number.POSITIVE_INFINITY,
        // A connection that closes mid-message is not retried by the pool on a new one: the
        // loop below decides (and stops retrying once interrupted).
        maxRequeues: 0,
        ...(options.dkim && { dkim: { ...options.dkim, headerFieldNames: SIGNED } }),
        logger: false,
      } as never);
    } else {
      await mkdir(options.outbox, { recursive: true }).catch((error: ErrorLike) => {
        throw new SendError(`Could not create the outbox ${options.outbox} (${error.code}).`, {
          cause: error,
        });
      });
    }
    await journal.openForAppend().catch((error: ErrorLike) => {
      if (error instanceof SendError) throw error;
      throw new SendError(
        `Could not write the journal ${options.journal} (${error.code}), so nothing was sent.\n  Fix: pass --journal with a file in a folder you can write to.`,
        { cause: error },
      );
    });
    const open = journal;
    options.signal?.addEventListener("abort", dropQueued, { once: true });

    // Why the run stopped early, if it did.
    let stop:
      | { kind: "sender"; error: ErrorLike }
      | { kind: "busy"; error: ErrorLike }
      | { kind: "outbox"; error: ErrorLike }
      | { kind: "server"; error: ErrorLike }
      | { kind: "journal"; error: ErrorLike }
      | undefined;
    // (A function: TypeScript does not see the callbacks that set `stop`.)
    const journalFailed = () => stop?.kind === "journal";
    const unjournaled: string[] = [];
    const user = server?.connection.auth?.user;
    // Each message's "attempt" line reaches the disk when a connection takes the message and
    // before its first byte goes out (the body waits for the write; MAIL FROM and RCPT may
    // already be under way): only messages a server may have are ever unsettled, not those
    // still waiting in the pool for a connection.
    const attempts = new Map<string, () => Promise<void>>();
    /** Handed to a server (attempt on disk) with no answer yet: they may have arrived. */
    const handed = new Set<string>();
    /** The write of each message's attempt line, once a connection took the message. */
    const recorded = new Map<string, Promise<void>>();
    transport?.use("stream", (mail, done) => {
      const id = String(mail.data.messageId);
      const record = attempts.get(id);
      if (record)
        mail.message.processFunc((input) => {
          const gated = new PassThrough();
          input.on("error", (error) => gated.destroy(error));
          const written = record();
          recorded.set(id, written);
          written.then(
            () => {
              handed.add(String(mail.data.messageId));
              input.pipe(gated);
            },
            (error: ErrorLike) => {
              stop ??= { kind: "journal", error };
              gated.destroy(error);
            },
          );
          return gated;
        });
      done();
    });

    const deliver = async (message: Mail.Options, recipient: ListedRecipient) => {
      if (!transport) {
        const eml = await toEml(message);
        const file = join(options.outbox, outboxFileName(recipient.address.key, campaign));
        // Written aside and renamed: the outbox never holds half a message.
        const partial = `${file}.partial-${process.pid}`;
        try {
          await writeFile(partial, eml);
          await rename(partial, file);
        } catch (error) {
          await rm(partial, { force: true }).catch(() => {});
          // A full disk fails every message alike: stop, as for a server that went away.
          stop ??= { kind: "outbox", error: error as ErrorLike };
          throw new Stop();
        }
        return;
      }
      if (recipient.address.needsSmtpUtf8 && !server?.smtpUtf8)
        throw new Error(
          "the server does not offer SMTPUTF8, which this address needs (its part before @ is not ASCII)",
        );
      attempts.set(String(message.messageId), () =>
        open.record({
          email: recipient.email,
          state: "attempt",
          messageId: String(message.messageId),
          via,
        }),
      );
      const id = String(message.messageId);
      /** Ends the run; a message refused before it went out is journaled as not sent. */
      const stopWith = async (kind: "server" | "busy" | "sender", e: ErrorLike) => {
        stop ??= { kind, error: e };
        // The attempt line may still be on its way to the disk (the refusal came first).
        const written = recorded.get(id);
        if (
          written &&
          refusedBeforeBody(e) &&
          (await written.then(
            () => true,
            () => false,
          ))
        ) {
          handed.delete(id);
          await open
            .record({ email: recipient.email, state: "unsent", messageId: id, via })
            .catch(() => {});
        }
        throw new Stop();
      };
      for (let attempt = 0; ; attempt++) {
        // Once interrupted, nothing new starts: no retry, no new connection.
        if (stop || options.signal?.aborted) throw new Stop();
        try {
          await transport.sendMail(message);
          return;
        } catch (error) {
          const e = error as ErrorLike;
          if (e.code === "EINTERRUPTED" || journalFailed()) throw new Stop();
          if (isServerFailure(e)) {
            // A dropped connection is tried again; a server that stays away or stops
            // answering (the time limit), a refused login or broken TLS ends the run (the
            // rest wait for the next one).
            if (["EAUTH", "ETLS", "ETIMEDOUT"].includes(e.code ?? "") || attempt >= 3)
              await stopWith("server", e);
          } else {
            const transient =
              e.responseCode !== undefined && e.responseCode >= 400 && e.responseCode < 500;
            if (!transient || attempt >= 4) {
              // 421 (any command) is the server busy or closing, and a temporary refusal of
              // the sender says nothing about the sender either: stop, about the server.
              if (transient && (e.responseCode === 421 || e.command === "MAIL FROM"))
                await stopWith("busy", e);
              // A refused sender is refused for everyone: stop rather than fail the whole list.
              if (e.command === "MAIL FROM") await stopWith("sender", e);
              throw error;
            }
          }
          await pause((options.retryDelay ?? 500) * 2 ** attempt);
        }
      }
    };

    // A bounded number of messages in flight: the list streams through, memory stays flat.
    const inFlight = new Set<Promise<void>>();
    const limit = (options.maxConnections ?? 5) * 4;
    let done = 0;
    // --rate: the n-th message starts no sooner than n/rate seconds after the first (paced
    // here: nodemailer's pool option rateLimit is not applied by the pool, and counts whole
    // messages only).
    let started = 0;
    const firstAt = Date.now();
    for await (const event of readRecipients(options.recipientsFile)) {
      if (stop || options.signal?.aborted) break;
      if (event.kind === "problem") continue;
      const { recipient } = event;
      if (await suppressed(recipient.email)) {
        if (shrank) break;
        continue;
      }
      const { sent: already, where: elsewhere } = sentEarlier(open, recipient.address.key);
      if (already) continue;
      if (open.unsettled(recipient.address.key)) summary.unsettled++;
      if (options.rate) {
        const wait = firstAt + (started * 1000) / options.rate - Date.now();
        if (wait > 0) await pause(wait, options.signal);
        if (stop || options.signal?.aborted) break;
      }
      started++;
      const message = messageFor(recipient);
      const task = deliver(message, recipient)
        .then(
          async () => {
            handed.delete(String(message.messageId));
            // Counted as sent only once the journal says so on disk.
            try {
              await open.record({
                email: recipient.email,
                state: "sent",
                messageId: String(message.messageId),
                via,
              });
              summary.sent++;
              if (elsewhere !== undefined) tally(summary.elsewhere, elsewhere);
            } catch (error) {
              unjournaled.push(recipient.email);
              stop ??= { kind: "journal", error: error as ErrorLike };
            }
          },
          async (error: ErrorLike) => {
            // Stopped (a timeout, a server gone): an answer never came, so it stays handed.
            if (error instanceof Stop) return;
            handed.delete(String(message.messageId));
            const reason = (error.response ?? error.message).split("\n")[0] ?? "unknown";
            summary.failed.push({ email: recipient.email, reason });
            await open
              .record({ email: recipient.email, state: "failed", reason, via })
              .catch((e) => {
                stop ??= { kind: "journal", error: e as ErrorLike };
              });
          },
        )
        .finally(() => {
          attempts.delete(String(message.messageId));
          recorded.delete(String(message.messageId));
          inFlight.delete(task);
          options.onProgress?.(++done);
        });
      inFlight.add(task);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    // Messages a server took without answering (a timeout, a connection cut at DATA).
    const unanswered = handed.size;
    const sentSoFar = `${summary.sent} message${summary.sent === 1 ? " was" : "s were"} sent and journaled${unanswered ? `; ${unanswered} more ${unanswered === 1 ? "was" : "were"} handed to the server, which never answered: ${unanswered === 1 ? "it" : "they"} may have arrived, and the next run sends ${unanswered === 1 ? "it" : "them"} again with the same Message-ID` : ""}`;
    if (stop?.kind === "journal")
      throw new SendError(
        `Could not write the journal ${options.journal} (${stop.error.code ?? stop.error.message}), so the send stopped: ${sentSoFar}.${unjournaled.length ? ` The server accepted ${unjournaled.length} more that the journal could not record (${unjournaled.slice(0, 3).join(", ")}${unjournaled.length > 3 ? ", …" : ""}); the next run sends to them again.` : ""}\n  Fix: free disk space (or make the journal writable), then run the same command again: it sends only to the rest.`,
        { cause: stop.error },
      );
    if (stop?.kind === "outbox")
      throw new SendError(
        `Could not write to the outbox ${options.outbox} (${stop.error.code ?? stop.error.message}), so the send stopped: ${sentSoFar}.\n  Fix: free disk space (or make the folder writable), then run the same command again: it writes only the rest.`,
        { cause: stop.error },
      );
    if (stop?.kind === "busy")
      throw new SendError(
        `The SMTP server ${server?.where} is busy or refusing for now (${(stop.error.response ?? stop.error.message).split("\n")[0]}), and kept saying so after ${4} retries, so the send stopped: ${sentSoFar}.\n  Fix: wait a while (or lower --rate), then run the same command again: it sends only to the rest.`,
        { cause: stop.error },
      );
    if (stop?.kind === "sender")
      throw new SendError(
        `The SMTP server ${server?.where} refused the sender ${content.site.newsletter.from.email} (${(stop.error.response ?? stop.error.message).split("\n")[0]}), so the send stopped: ${sentSoFar}.\n  Fix: use a From address the server accepts for this login (newsletter.from in site.yaml), then run the same command again: it sends only to the rest.`,
        { cause: stop.error },
      );
    if (stop?.kind === "server") {
      const f = describeServerFailure(stop.error, server?.where ?? "", user, timeout);
      throw new SendError(
        summary.sent === 0 && unanswered === 0
          ? failureMessage(f, ", so nothing was sent")
          : stop.error.code === "ETIMEDOUT"
            ? `${f.what}, so the send stopped: ${sentSoFar}.\n  Fix: ${f.fix.replace(/\.$/, "")}, then run the same command again: it sends only to the rest.`
            : `The SMTP server ${server?.where} went away during the send (${f.short}), so it stopped: ${sentSoFar}.\n  Fix: ${f.fix.replace(/\.$/, "")}, then run the same command again: it sends only to the rest.`,
        { cause: stop.error },
      );
    }
    if (shrank) throw shrankError(sentSoFar);
    if (options.signal?.aborted)
      throw new SendError(
        `Interrupted: ${sentSoFar}; nobody else was sent to.\n  Fix: run the same command again to send to the rest.`,
        { exitCode: 130 },
      );
    return summary;
  } finally {
    if (transport) {
      options.signal?.removeEventListener("abort", dropQueued);
      transport.close();
      if ((transport as unknown as { isIdle?: () => boolean }).isIdle?.() === false)
        await once(transport, "idle").catch(() => {});
    }
    await journal?.close().catch(() => {});
  }
}
