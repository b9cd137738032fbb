import { accessSync, constants } from "node:fs";
import { dirname } from "node:path";
import {
  SendError,
  SuppressionList,
  secretProblem,
  startUnsubscribeServer,
  UNSUBSCRIBE_SECRET_ENV,
  type UnsubscribeRoute,
  type UnsubscribeServer,
  unsubscribeRoute,
} from "@herald/email";
import { placeholdersIn } from "@herald/model";
import { contentDirOf, loadOrReport } from "../content.js";
import { HeraldError, UsageError } from "../errors.js";
import { realPath, suppressionsPath } from "../file-options.js";
import { type Io, println } from "../io.js";
import { DEFAULT_PORT } from "./usage.js";

/** The port the server listens on unless --port says otherwise (RFC 8058's number). */

export interface UnsubscribeServerCommandOptions {
  host?: string;
  port?: string;
  suppressions?: string;
  out?: string;
  content?: string;
}

const EXAMPLE_URL =
  "https://news.example.com/unsubscribe?address={email}&token={token}&lang={locale}";

/** The longest wait a Node timer takes. */
const MAX_MS = 2 ** 31 - 1;

/** The route of site.yaml's unsubscribe URL, or a HeraldError that says how to fix it. */
function routeOf(url: string | undefined): UnsubscribeRoute {
  const where = "site.yaml: newsletter.unsubscribe.url";
  if (!url)
    throw new HeraldError(
      `${where} is not set, so there is no address to serve.\n  Fix: add it to site.yaml, e.g.\n    newsletter:\n      unsubscribe:\n        url: ${EXAMPLE_URL}\n  and point that host's reverse proxy at this server.`,
    );
  const missing = (["email", "token"] as const).filter((p) => !placeholdersIn(url).includes(p));
  if (missing.length)
    throw new HeraldError(
      `${where} (${url}) has no ${missing.map((p) => `{${p}}`).join(" and ")}: the server reads the address from {email} and checks that {token} signs it, so nobody can unsubscribe someone else.\n  Fix: write the URL with both, e.g. ${EXAMPLE_URL}`,
    );
  try {
    return unsubscribeRoute(url);
  } catch (error) {
    throw new HeraldError(`${where} (${url}): ${(error as Error).message}.`, { cause: error });
  }
}

/** Why the server could not listen, in words, with what to do. */
function listenProblem(error: NodeJS.ErrnoException, host: string, port: number): HeraldError {
  const where = `${host}:${port}`;
  const reasons: Record<string, string> = {
    EADDRINUSE: `--port ${port}: another program already listens on ${where}.\n  Fix: stop it, or pass another --port (--port 0 picks a free one).`,
    EACCES: `--port ${port}: this user may not listen on ${where} (ports below 1024 need privileges).\n  Fix: pass a --port above 1023 and let the reverse proxy listen on 80 and 443.`,
    EADDRNOTAVAIL: `--host ${host}: this machine has no such address.\n  Fix: pass one of its addresses, e.g. --host 127.0.0.1 behind a reverse proxy on the same machine.`,
    ENOTFOUND: `--host ${host}: no such host name.\n  Fix: pass an address of this machine, e.g. --host 127.0.0.1.`,
    EAI_AGAIN: `--host ${host}: the host name could not be looked up.\n  Fix: pass an IP address of this machine, e.g. --host 127.0.0.1.`,
  };
  return new HeraldError(
    reasons[error.code ?? ""] ?? `Could not listen on ${where} (${error.code ?? error.message}).`,
    { cause: error },
  );
}

/** Test and tuning knob: how long a client may take to send its headers and its request. */
function timeoutOf(io: Io): { headers: number; request: number } | undefined {
  const value = io.env.HERALD_HTTP_TIMEOUT_MS;
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!(/^\s*\d+\s*$/.test(value) && n >= 1 && n <= MAX_MS))
    throw new UsageError(
      `HERALD_HTTP_TIMEOUT_MS must be a whole number of milliseconds from 1 to ${MAX_MS}, not "${value.slice(0, 40)}".`,
    );
  return { headers: n, request: n };
}

export async function unsubscribeServer(
  io: Io,
  options: UnsubscribeServerCommandOptions,
): Promise<number> {
  const port = options.port === undefined ? DEFAULT_PORT : Number(options.port);
  if (!/^\d+$/.test(options.port ?? "0") || !Number.isInteger(port) || port > 65535)
    throw new UsageError(
      `--port must be a port number from 0 to 65535 (0 picks a free one), not "${String(options.port).slice(0, 40)}".`,
      { brief: true },
    );
  const host = options.host ?? "127.0.0.1";
  const timeout = timeoutOf(io);
  const { content } = await loadOrReport(io, options.content);
  const route = routeOf(content.site.newsletter.unsubscribe?.url);
  const secret = io.env[UNSUBSCRIBE_SECRET_ENV];
  const problem = secretProblem(secret);
  if (problem || secret === undefined)
    throw new HeraldError(
      `${problem ?? `${UNSUBSCRIBE_SECRET_ENV} is not set`}; the server checks every unsubscribe link's token with it.\n  Fix: set ${UNSUBSCRIBE_SECRET_ENV} to the secret herald send signs the links with (a random text of at least 16 characters, e.g. from openssl rand -base64 32), in the environment of both.`,
    );
  const contentDir = realPath(contentDirOf(io, options.content));
  const path = suppressionsPath(io, options, contentDir);
  let list: SuppressionList;
  try {
    list = await SuppressionList.read(path);
    // The first unsubscribe must not be the one to find that the list cannot be written.
    accessSync(fileExists(path) ? path : dirname(path), constants.W_OK);
  } catch (error) {
    if (error instanceof SendError) throw new HeraldError(error.message, { cause: error });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS")
      throw new HeraldError(
        `${options.suppressions ? "--suppressions" : "--out"}: the suppression list ${path} cannot be written by this user, so no unsubscribe could be recorded.\n  Fix: make it (or its folder) writable for the user who runs the server, or pass --suppressions with a file you can write.`,
        { cause: error },
      );
    throw error;
  }

  let server: UnsubscribeServer;
  try {
    server = await startUnsubscribeServer({
      site: content.site,
      words: content.words,
      route,
      secret,
      list,
      host,
      port,
      timeout,
      log: (line) => println(io.stdout, line),
      warn: (line) => println(io.stderr, line),
    });
  } catch (error) {
    throw listenProblem(error as NodeJS.ErrnoException, host, port);
  }
  println(io.stdout, `Listening on ${server.origin}${route.path}`);
  println(io.stdout, `Unsubscribes are added to ${path}. Ctrl-C stops the server.`);
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  await new Promise<void>((resolve) => {
    for (const s of signals) process.once(s, () => resolve());
  });
  // A second signal while the last requests finish ends the process at once.
  for (const s of signals) process.once(s, () => process.exit(130));
  await server.close((requests) =>
    println(
      io.stdout,
      `Stopping once ${requests === 1 ? "the request" : `the ${requests} requests`} under way ${requests === 1 ? "is" : "are"} answered (a second Ctrl-C stops at once).`,
    ),
  );
  println(io.stdout, "Stopped.");
  return 0;
}

function fileExists(path: string): boolean {
  try {
    accessSync(path);
    return true;
  } catch {
    return false;
  }
}
