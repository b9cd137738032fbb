// Errors the CLI expects. Anything else is a bug, reported as one (with its stack under --debug).

/** The command line was wrong: exit code 2, with the usage text. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The content or the environment stopped the command: exit code 1, message only. */
export class HeraldError extends Error {
  override name = "HeraldError";
}
