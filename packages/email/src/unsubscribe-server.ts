import { once } from "node:events";
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { ContentWords, Site } from "@herald/model";
import { shown } from "./shown.js";
import type { SuppressionList } from "./suppressions.js";
import { tokenMatches } from "./unsubscribe.js";
import { chooseLocale, type PageKind, unsubscribePage } from "./unsubscribe-page.js";
import { requestedAddress, type UnsubscribeRoute } from "./unsubscribe-route.js";

// The one-click unsubscribe endpoint (RFC 8058). A mail client's "Unsubscribe" button POSTs
// `List-Unsubscribe=One-Click` to the List-Unsubscribe URL; a reader who clicks the link in
// the footer GETs it and sees one button that makes the same POST. A GET never unsubscribes:
// link scanners and previews fetch every link of a message. The URL names the address, and
// only a matching token (an HMAC with a secret) lets it be unsubscribed.

/** What the suppression list says about an address unsubscribed here. */
export const ONE_CLICK_REASON = "unsubscribed (one-click)";

/** A one-click POST body is one short field; anything much larger is not one. */
export const BODY_LIMIT = 16 * 1024;

const ALLOW = "GET, HEAD, POST";

export interface UnsubscribeServerOptions {
  site: Pick<Site, "name" | "locales" | "defaultLocale">;
  words: ContentWords;
  route: UnsubscribeRoute;
  secret: string;
  list: SuppressionList;
  host: string;
  port: number;
  /** A line for the operator: one per unsubscribe, never a token. */
  log: (line: string) => void;
  /** A line about a failure (the list could not be written). */
  warn: (line: string) => void;
  /** The most a client may take to send its headers, and its whole request (ms). */
  timeout?: { headers: number; request: number };
}

export interface UnsubscribeServer {
  /** Where it listens: http://host:port */
  origin: string;
  /**
   * Stops accepting connections and closes the idle ones; lets every request whose headers
   * are in finish (its body may still be arriving) until its request timeout, then closes
   * every connection. `waiting` hears how many requests it waits for, if any.
   */
  close(waiting?: (requests: number) => void): Promise<void>;
}

/** Headers on every answer: the URL holds a token, and the page has one button to protect. */
function securityHeaders(styleHash?: string): OutgoingHttpHeaders {
  const style = styleHash ? `style-src ${styleHash}; ` : "";
  return {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": `default-src 'none'; ${style}form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
  };
}

function plain(res: ServerResponse, status: number, text: string, extra: OutgoingHttpHeaders = {}) {
  res.writeHead(status, {
    ...securityHeaders(),
    "Content-Type": "text/plain; charset=utf-8",
    ...extra,
  });
  res.end(`${text}\n`);
}

/** Whether the client reads HTML (a browser), not only text (a mail provider's POST). */
const takesHtml = (req: IncomingMessage) =>
  /\b(text\/html|application\/xhtml\+xml)\b/i.test(req.headers.accept ?? "");

class TooLarge extends Error {}

/** The request's body, at most BODY_LIMIT bytes. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > BODY_LIMIT) throw new TooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) throw new TooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Whether a POST body is RFC 8058's `List-Unsubscribe=One-Click`, urlencoded or multipart. */
async function isOneClick(req: IncomingMessage, body: Buffer): Promise<boolean> {
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    try {
      // The platform's own multipart parser (undici), not one of ours.
      const form = await new Response(body, {
        headers: { "content-type": req.headers["content-type"] ?? "" },
      }).formData();
      return form.getAll("List-Unsubscribe").some((v) => v === "One-Click");
    } catch {
      return false;
    }
  }
  // urlencoded, or no type at all (some senders leave it out).
  if (type !== "" && !type.startsWith("application/x-www-form-urlencoded")) return false;
  return new URLSearchParams(body.toString("utf8"))
    .getAll("List-Unsubscribe")
    .some((v) => v.trim() === "One-Click");
}

/** Starts the server; rejects (with the listen error's code) when the address cannot be had. */
export async function startUnsubscribeServer(
  options: UnsubscribeServerOptions,
): Promise<UnsubscribeServer> {
  const { site, words, route, secret, list, log, warn } = options;
  const timeout = options.timeout ?? { headers: 10_000, request: 20_000 };
  /** Requests whose headers are in and whose answer is not yet sent: a stop waits for them. */
  const underWay = new Map<ServerResponse, { deadline: number; received: boolean }>();
  /** Requests a stop cut off at their deadline: not a failure to report. */
  const cut = new WeakSet<IncomingMessage>();
  let stopping = false;
  let settled: () => void = () => {};

  const page = (
    res: ServerResponse,
    status: number,
    kind: PageKind,
    locale: string,
    email?: string,
    html = true,
  ) => {
    const made = unsubscribePage({ kind, locale, site, words, email });
    const headers = {
      ...securityHeaders(made.styleHash),
      "Content-Language": locale,
      Vary: "Accept, Accept-Language",
    };
    if (html) {
      res.writeHead(status, { ...headers, "Content-Type": "text/html; charset=utf-8" });
      res.end(made.html);
    } else {
      res.writeHead(status, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
      res.end(made.text);
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const values = route.match(req.url ?? "/");
    if (!values) return plain(res, 404, "Not found.");
    const method = req.method ?? "";
    if (!["GET", "HEAD", "POST"].includes(method))
      return plain(res, 405, `${shown(method, 20)} is not allowed here.`, { Allow: ALLOW });
    const locale = chooseLocale(site, values.locale, req.headers["accept-language"]);
    const email = requestedAddress(values);
    const valid =
      email !== undefined &&
      values.token !== undefined &&
      tokenMatches(email, values.token, secret);
    if (method !== "POST") {
      if (!valid) return page(res, 403, "invalid", locale);
      return page(res, 200, "confirm", locale, email);
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof TooLarge)) throw error;
      // Not read to its end: the connection cannot carry another request.
      return plain(res, 413, `A one-click unsubscribe body has at most ${BODY_LIMIT} bytes.`, {
        Connection: "close",
      });
    }
    // Answered with 408 by a stop while the body was arriving: nothing more to do.
    if (cut.has(req)) return;
    // The body is in: from here on a stop waits past the deadline, for the address to be
    // written and the client told so.
    const entry = underWay.get(res);
    if (entry) entry.received = true;
    const html = takesHtml(req);
    if (!valid) return page(res, 403, "invalid", locale, undefined, html);
    if (!(await isOneClick(req, body)))
      return plain(
        res,
        400,
        "A one-click unsubscribe is a POST whose body is List-Unsubscribe=One-Click (RFC 8058).",
      );
    const added = await list.add([{ email, reason: ONE_CLICK_REASON }]);
    log(
      added.length
        ? `Unsubscribed ${shown(email, 254)}.`
        : `${shown(email, 254)} was already unsubscribed.`,
    );
    page(res, 200, "done", locale, email, html);
  }

  /** Whether the request failed because its client went (or was cut off), not because of us. */
  const clientGone = (req: IncomingMessage, error: unknown) =>
    cut.has(req) || (req.destroyed && (error as NodeJS.ErrnoException)?.code === "ECONNRESET");

  const server: Server = createServer(
    {
      headersTimeout: timeout.headers,
      requestTimeout: timeout.request,
      // How often those are checked (Node's default is every 30 s).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, timeout.headers / 4)),
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      underWay.set(res, { deadline: Date.now() + timeout.request, received: false });
      res.once("close", () => {
        underWay.delete(res);
        settled();
      });
      // A server that is stopping answers and closes: no further request on this connection.
      if (stopping) res.setHeader("Connection", "close");
      handle(req, res).catch((error: unknown) => {
        if (clientGone(req, error)) return void res.destroy();
        warn(
          `herald: could not answer ${shown(req.method ?? "", 10)} request: ${error instanceof Error ? error.message : String(error)}`,
        );
        if (!res.headersSent)
          plain(res, 500, "The unsubscribe could not be recorded. Please try again later.");
        else res.destroy();
      });
    },
  );
  // A client cannot hold the server: idle sockets are closed too.
  server.setTimeout(timeout.request);
  server.maxConnections = 1024;
  server.listen(options.port, options.host);
  await Promise.race([
    once(server, "listening"),
    once(server, "error").then(([error]) => {
      throw error;
    }),
  ]);
  /** Ends a request whose body did not arrive in time, as Node does: 408, then close. */
  function cutOff(res: ServerResponse) {
    underWay.delete(res);
    cut.add(res.req);
    if (!res.headersSent)
      plain(res, 408, "The request did not arrive in time.", { Connection: "close" });
    res.req.socket.destroySoon();
    // A client that reads nothing cannot keep it open.
    setTimeout(() => res.req.socket.destroy(), 1000).unref();
  }

  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    origin: `http://${host}:${port}`,
    async close(waiting) {
      stopping = true;
      // Stops listening and closes the idle connections (Node also stops enforcing the
      // request timeout here, so the loop below does it).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const res of underWay.keys()) if (!res.headersSent) res.setHeader("Connection", "close");
      if (underWay.size) waiting?.(underWay.size);
      // Requests whose headers are in finish, their body included, until their deadline;
      // appends under way always finish and are answered.
      while (underWay.size) {
        const now = Date.now();
        let next = Number.POSITIVE_INFINITY;
        for (const [res, { deadline, received }] of underWay) {
          if (received) continue;
          if (deadline <= now) cutOff(res);
          else next = Math.min(next, deadline);
        }
        if (!underWay.size) break;
        await new Promise<void>((resolve) => {
          const timer = Number.isFinite(next)
            ? setTimeout(resolve, Math.max(1, next - Date.now()))
            : undefined;
          settled = () => {
            if (timer) clearTimeout(timer);
            resolve();
          };
        });
        settled = () => {};
      }
      // Connections whose next request had not sent all its headers: not started, not waited for.
      server.closeAllConnections();
      await closed;
    },
  };
}
