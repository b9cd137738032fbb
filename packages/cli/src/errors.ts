// Errors the CLI expects. Anything else is a bug, reported as one (with its stack under --debug).

/**
 * The command line was wrong: exit code 2, with the usage text unless the message says all
 * there is to say about the one option that is wrong (`brief`).
 */
export class UsageError extends Error {
  override name = "UsageError";
  readonly brief: boolean;
  constructor(message: string, options?: ErrorOptions & { brief?: boolean }) {
    super(message, options);
    this.brief = options?.brief ?? false;
  }
}

/** The content or the environment stopped the command: exit code 1, message only. */
export class HeraldError extends Error {
  override name = "HeraldError";
}
