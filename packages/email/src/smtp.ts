import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import { SendError } from "./errors.js";

// Where and how to reach the SMTP server, decided once before the first message: the URL is
// parsed, the host resolved, and one connection (greeting, TLS, login) tried, so a server that
// is down, silent or refuses the login stops the send at once with one clear message instead
// of one failure per recipient.

export interface SmtpServer {
  /** host:port as the user wrote it, for messages (never with credentials). */
  where: string;
  /** The options every connection uses: the checked address, TLS policy, login, timeouts. */
  connection: {
    host: string;
    port: number;
    secure: boolean;
    requireTLS: boolean;
    ignoreTLS: boolean;
    servername?: string;
    tls: { servername?: string };
    auth?: { user: string; pass: string };
    connectionTimeout: number;
    greetingTimeout: number;
    socketTimeout: number;
  };
  /** The server takes addresses beyond ASCII (RFC 6531). */
  smtpUtf8: boolean;
}

/** Every address is loopback: the traffic never leaves this machine. */
const loopback = (address: string) =>
  /^127\./.test(address) || address === "::1" || /^::ffff:127\./i.test(address);

/**
 * The URL for messages about it: everything before the last @ (user name and password, however
 * mistyped: no scheme, one slash, a slash in the password) is masked; only a scheme stays.
 */
export const maskUrl = (text: string) => {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? "";
  const at = text.lastIndexOf("@");
  if (at >= 0) return `${scheme}***${text.slice(at)}`;
  // No @, but a colon not followed by a port (smtp://user:password): maybe credentials.
  const rest = text.slice(scheme.length);
  return /:(?!\d*(\/|$))/.test(rest) ? `${scheme}***` : text;
};

/**
 * What is wrong with the credentials of a parsed SMTP URL, in words that never quote them:
 * a % that does not start an escape (%25 is a literal %).
 */
export function smtpCredentialsProblem(url: URL): string | undefined {
  for (const [part, value] of [
    ["user name", url.username],
    ["password", url.password],
  ] as const) {
    try {
      decodeURIComponent(value);
    } catch {
      return `the ${part} has a % that does not start an escape; write a % in it as %25.`;
    }
  }
  return undefined;
}

/** host:port of an SMTP URL, the port filled in: how messages and the journal name a server. */
export const serverWhere = (url: URL) =>
  `${url.hostname}:${url.port || (url.protocol === "smtps:" ? 465 : 587)}`;

/** Parses an smtp:// or smtps:// URL, or returns undefined. */
export function parseSmtpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}

export type ErrorLike = Error & {
  code?: string;
  originalCode?: string;
  timeoutType?: string;
  command?: string;
  response?: string;
  responseCode?: number;
};

/** Failures of the server or the way to it, as opposed to a refusal of one message. */
export const isServerFailure = (error: unknown) =>
  [
    "ECONNECTION",
    "ETIMEDOUT",
    "ESOCKET",
    "ETLS",
    "EAUTH",
    "EDNS",
    "ECONNREFUSED",
    "ECONNRESET",
    "EPIPE",
  ].includes((error as ErrorLike).code ?? "");

export interface ServerFailure {
  /** What happened, one clause. */
  what: string;
  /** Why it matters, if not plain. */
  why?: string;
  fix: string;
  /** A few words for "went away (...)". */
  short: string;
}

/** What went wrong with the server, in words, and what to do. */
export function describeServerFailure(
  error: ErrorLike,
  where: string,
  user: string | undefined,
  timeout: number,
): ServerFailure {
  const seconds = `${timeout / 1000} s`;
  const first = (error.response ?? error.message).split("\n")[0] ?? "";
  const code = error.originalCode ?? error.code;
  if (error.code === "ETLS" && error.command === "STARTTLS" && /^5\d\d/.test(error.response ?? ""))
    return {
      what: `The SMTP server ${where} does not offer STARTTLS`,
      why: "messages and the password would cross the network unencrypted",
      fix: "use a server with TLS (smtps:// or STARTTLS), or pass --insecure if this network is trusted.",
      short: "no STARTTLS",
    };
  if (error.code === "ETLS")
    return {
      what: `Could not set up TLS with the SMTP server ${where} (${first})`,
      fix: "check the port (465 is smtps://, 587 is smtp:// with STARTTLS) and the server's certificate.",
      short: "TLS failed",
    };
  if (error.code === "EAUTH")
    return {
      what: `The SMTP server ${where} refused the login${user ? ` of ${user}` : ""} (${first})`,
      fix: "check the user name and password (in the URL, or SMTP_USER and SMTP_PASSWORD).",
      short: "login refused",
    };
  if (error.timeoutType === "GREETING_TIMEOUT")
    return {
      what: `The SMTP server ${where} accepted the connection but never greeted (waited ${seconds})`,
      fix: "check the host and port; a port for smtps:// (465) wants an smtps:// URL.",
      short: "no greeting",
    };
  if (error.code === "ETIMEDOUT")
    return {
      what: `The SMTP server ${where} did not answer in time (waited ${seconds})`,
      fix: "check the host, the port and the firewall.",
      short: "timed out",
    };
  if (code === "ECONNREFUSED")
    return {
      what: `Could not connect to the SMTP server ${where} (connection refused)`,
      fix: "check the host and port, and that the server is running.",
      short: "connection refused",
    };
  return {
    what: `Could not talk to the SMTP server ${where} (${first})`,
    fix: "check the host and port, and that the server is running.",
    short: first,
  };
}

/** The failure as one message: what happened, what it meant for the send, what to do. */
export const failureMessage = (f: ServerFailure, consequence: string) =>
  `${f.what}${consequence}${f.why ? `: ${f.why}` : ""}.\n  Fix: ${f.fix}`;

/** Resolves the server's host, chooses the TLS policy and tries one connection with login. */
export async function connectSmtp(
  url: URL,
  options: { insecure?: boolean; timeout: number; env: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<SmtpServer> {
  const secure = url.protocol === "smtps:";
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || (secure ? 465 : 587));
  const where = serverWhere(url);
  let addresses: string[];
  try {
    addresses = (await lookup(hostname, { all: true })).map((a) => a.address);
  } catch (error) {
    throw new SendError(
      `Could not find the SMTP server ${hostname} (${(error as ErrorLike).code}), so nothing was sent.\n  Fix: check the host name of the SMTP URL.`,
      { cause: error },
    );
  }
  // Plain text only where it never leaves the machine: decided by the addresses the name
  // resolves to (every one of them), and the connection goes to the address checked.
  const local = addresses.length > 0 && addresses.every(loopback);
  const plain = !secure && (options.insecure === true || local);
  const address = addresses[0] as string;
  const user = url.username ? decodeURIComponent(url.username) : options.env.SMTP_USER;
  const pass = url.username ? decodeURIComponent(url.password) : (options.env.SMTP_PASSWORD ?? "");
  const servername = isIP(hostname) ? undefined : hostname;
  const connection: SmtpServer["connection"] = {
    host: address,
    port,
    secure,
    requireTLS: !secure && !plain,
    ignoreTLS: plain,
    ...(servername && { servername }),
    tls: { ...(servername && { servername }) },
    ...(user !== undefined && { auth: { user, pass } }),
    // Every wait has the one time limit: the connection, the greeting, and each reply after
    // it (nodemailer's socket timeout, 10 minutes by default, is idle time between replies).
    connectionTimeout: options.timeout,
    greetingTimeout: options.timeout,
    socketTimeout: options.timeout,
  };
  const client = new SMTPConnection({ ...connection, logger: false } as never);
  // Ctrl-C while waiting for the server: nothing is under way yet, so stop at once.
  let onAbort = () => {};
  const interrupted = new Promise<never>((_, reject) => {
    onAbort = () =>
      reject(
        new SendError(
          `Interrupted while connecting to the SMTP server ${where}; nobody was sent to.\n  Fix: run the same command again to send.`,
          { exitCode: 130 },
        ),
      );
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
  interrupted.catch(() => {});
  try {
    await Promise.race([
      interrupted,
      new Promise<void>((resolve, reject) => {
        client.once("error", reject);
        client.connect(() => resolve());
      }),
    ]);
    if (connection.auth) {
      const auth = connection.auth;
      await Promise.race([
        interrupted,
        new Promise<void>((resolve, reject) =>
          client.login(auth, (error) => (error ? reject(error) : resolve())),
        ),
      ]);
    }
  } catch (error) {
    client.close();
    if (error instanceof SendError) throw error;
    throw new SendError(
      failureMessage(
        describeServerFailure(error as ErrorLike, where, user, options.timeout),
        ", so nothing was sent",
      ),
      { cause: error },
    );
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  const extensions = (client as unknown as { _supportedExtensions: string[] })._supportedExtensions;
  client.quit();
  return { where, connection, smtpUtf8: extensions.includes("SMTPUTF8") };
}
