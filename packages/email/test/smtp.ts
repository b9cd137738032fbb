import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";

// A real SMTP server for tests: listens on 127.0.0.1 (or a given address), keeps what it
// receives with its envelope, and can refuse logins or hide extensions on cue.

export interface Received {
  to: string[];
  from: string;
  /** The MAIL FROM parameters, e.g. { SMTPUTF8: true }. */
  mailArgs: Record<string, unknown>;
  raw: Buffer;
}

export interface TestServer {
  url: string;
  port: number;
  received: Received[];
  /** Every command line clients sent (credentials redacted by smtp-server). */
  commands: string[];
  close(): Promise<void>;
  /** Stops listening and cuts every open connection: the server is gone. */
  kill(): void;
}

export async function startSmtpServer(
  options: {
    host?: string;
    /** Require this user and password (AUTH PLAIN/LOGIN without TLS). */
    login?: { user: string; pass: string };
    hideSMTPUTF8?: boolean;
    /** Refuse every sender with this reply (e.g. a From address the server does not allow). */
    rejectSender?: { code: number; message: string };
  } = {},
): Promise<TestServer> {
  const received: Received[] = [];
  const commands: string[] = [];
  const quiet = () => {};
  const logger = {
    debug(meta: { tnx?: string }, _format: string, line: string) {
      if (meta?.tnx === "command") commands.push(line);
    },
    info: quiet,
    warn: quiet,
    error: quiet,
    trace: quiet,
    fatal: quiet,
    child() {
      return logger;
    },
  };
  const server: SMTPServer = new SMTPServer({
    authOptional: !options.login,
    allowInsecureAuth: true,
    disabledCommands: options.login ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    hideSMTPUTF8: options.hideSMTPUTF8,
    logger,
    onAuth(auth, _session, callback) {
      if (auth.username === options.login?.user && auth.password === options.login?.pass)
        return callback(null, { user: auth.username });
      callback(new Error("Invalid username or password"));
    },
    onMailFrom(_address, _session, callback) {
      const reject = options.rejectSender;
      if (reject)
        return callback(Object.assign(new Error(reject.message), { responseCode: reject.code }));
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const mailFrom = session.envelope.mailFrom;
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: mailFrom ? mailFrom.address : "",
          mailArgs: (mailFrom ? (mailFrom.args as Record<string, unknown>) : undefined) ?? {},
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  } as SMTPServerOptions);
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, options.host ?? "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const host = options.host?.includes(":") ? `[${options.host}]` : (options.host ?? "127.0.0.1");
  return {
    url: `smtp://${host}:${port}`,
    port,
    received,
    commands,
    close: () => new Promise<void>((r) => server.close(() => r())),
    kill() {
      server.server.close();
      const { connections } = server as unknown as {
        connections: Set<{ _socket: { destroy(): void } }>;
      };
      for (const c of connections) c._socket.destroy();
    },
  };
}

/** How many messages each envelope recipient got. */
export const perRecipient = (received: Received[]) => {
  const counts = new Map<string, number>();
  for (const r of received) for (const to of r.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
};
