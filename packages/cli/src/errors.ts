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

/** File-system failures that are the machine's, not Herald's, in words. */
const fsReasons: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  ENOTDIR: "part of the path is a file, not a folder",
  ENAMETOOLONG: "the path is too long",
  EIO: "the disk reported an input/output error",
  EFBIG: "a file grew larger than this process may write (ulimit -f)",
};

/** The reason, in words, when `error` is a file-system failure a user can fix. */
export const fsReason = (error: unknown): string | undefined =>
  fsReasons[(error as NodeJS.ErrnoException).code ?? ""];
