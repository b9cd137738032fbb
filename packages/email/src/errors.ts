/**
 * A send stopped by its environment (the journal, the recipients file, the SMTP server), not
 * by a bug: the message says what happened and what to do, and callers show only it.
 */
export class SendError extends Error {
  override name = "SendError";
  /** The exit code a command line should end with (130: interrupted). */
  exitCode: number;
  constructor(message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
  }
}
