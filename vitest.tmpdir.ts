// Every test run gets a temporary folder of its own, and fails if its tests leave anything in
// it. Tests used to leave their herald-* folders behind in the OS temp folder (thousands on a
// developer's machine): this keeps that from coming back. A folder of its own, rather than a
// look at os.tmpdir() before and after, because other programs and other test runs use the
// OS temp folder at the same time.
import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), "herald-test-run-"));
  // Open to every user and sticky, as /tmp is: some tests run Herald as another user.
  await chmod(dir, 0o1777);
  // The workers take TMPDIR from the project's env (and from this process's, which they
  // inherit), so os.tmpdir() in a test, and in every child process a test starts, is this folder.
  project.config.env = { ...project.config.env, TMPDIR: dir };
  process.env.TMPDIR = dir;
  return async () => {
    const left = await readdir(dir);
    // Removed whatever the outcome, so a failing run does not leave them either.
    await rm(dir, { recursive: true, force: true });
    if (left.length > 0) {
      // Counted by name without its random end (herald-send-cli-* ×3): a leak can be thousands.
      const names = new Map<string, number>();
      for (const name of left) {
        const kind = name.replace(/-[^-]*$/, "-*");
        names.set(kind, (names.get(kind) ?? 0) + 1);
      }
      const list = [...names].sort().map(([kind, n]) => `  ${kind} ×${n}`);
      // An error thrown here is printed but leaves the exit code at 0: set it.
      console.error(
        `\nThe tests left ${left.length} entries in their temporary folder:\n${list.join("\n")}\n` +
          "Remove what a test makes there when it ends (afterEach/afterAll, or finally), after any child process it started has exited.",
      );
      process.exitCode = 1;
    }
  };
}
