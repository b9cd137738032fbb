import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, onTestFinished } from "vitest";
import { startSmtpServer, type TestServer } from "../../email/test/smtp.js";
import type { Io } from "./io.js";

// What the CLI's tests share: a recording Io for commands run in the test's process, and the
// built executable run as its own process, as a user runs it.

export const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

/** The herald processes startHerald started that have not exited yet. */
const running = new Set<{ child: ChildProcess; done: Promise<unknown> }>();

/**
 * Stops every herald a test started that is still running, and waits until each has exited:
 * SIGTERM first, so it removes its own temporary files, then SIGKILL if it does not go.
 */
export async function stopHeralds(): Promise<void> {
  await Promise.all(
    [...running].map(async ({ child, done }) => {
      child.kill("SIGCONT"); // a test may have left it stopped (SIGSTOP)
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await done;
      clearTimeout(timer);
    }),
  );
}

/**
 * Removes a test's temporary folder, once every herald the test started has exited (one still
 * writing there would make the removal fail, or leave files behind).
 */
export async function removeTemp(dir: string | undefined): Promise<void> {
  if (!dir) return;
  await stopHeralds();
  await rm(dir, { recursive: true, force: true });
}

/**
 * A new folder in the OS temp folder, removed when the test that made it ends, pass or fail
 * (after its afterEach hooks and finally blocks, so after the servers they close).
 */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => removeTemp(dir));
  return dir;
}

/** An Io that records what a command prints, run in `cwd`. */
export function memoryIo(
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Io & { out: () => string; err: () => string; all: () => string } {
  let out = "";
  let err = "";
  let all = "";
  const sink = (append: (s: string) => void) =>
    ({
      write(chunk: string) {
        append(chunk);
        all += chunk;
        return true;
      },
    }) as unknown as NodeJS.WritableStream;
  return {
    cwd,
    env,
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
    out: () => out,
    err: () => err,
    all: () => all,
  };
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Starts `herald ...args` as its own process in `cwd`; `done` resolves when it exits.
 * INIT_CWD too: under pnpm it names where the command was typed, and the CLI uses it.
 * `shell` runs first in a bash that then becomes herald (`ulimit -f 8`).
 */
export function startHerald(
  args: string[],
  options: {
    cwd: string;
    env?: Record<string, string>;
    shell?: string;
    uid?: number;
    gid?: number;
  },
): { child: ChildProcess; done: Promise<Run> } {
  const { cwd, shell, uid, gid } = options;
  const spawnOptions = {
    cwd,
    env: { ...process.env, CI: "1", INIT_CWD: cwd, ...options.env },
    ...(uid !== undefined && { uid, gid }),
  };
  const child = shell
    ? spawn(
        "bash",
        ["-c", `${shell}; exec "$0" "$@"`, process.execPath, bin, ...args],
        spawnOptions,
      )
    : spawn(process.execPath, [bin, ...args], spawnOptions);
  let out = "";
  let err = "";
  child.stdout?.on("data", (c) => {
    out += c;
  });
  child.stderr?.on("data", (c) => {
    err += c;
  });
  const done = new Promise<Run>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, out, err })),
  );
  const entry = { child, done };
  running.add(entry);
  void done.then(() => running.delete(entry));
  return { child, done };
}

/** A message for a person: no stack trace, and never called a bug in Herald. */
export function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(text).not.toContain("This is a bug in Herald");
}

/** Runs the built `herald` in its own process from `cwd`; never rejects. */
export function runHerald(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/**
 * A folder's entries without the build caches beside output folders (`.out.herald-cache`):
 * a build keeps its cache even when it fails, so the next one reuses what it made.
 */
export const besideOutputs = (names: readonly string[]) =>
  names.filter((n) => !n.endsWith(".herald-cache"));

/**
 * Waits until `test()` holds, checking every 10 ms; throws after `ms`. A wait for a test's
 * starting point (e.g. the first 100 messages have arrived), not a bound on the product: by
 * default it gives up only near the CLI's test timeout (180 s), as a loaded machine needs.
 */
export async function until(test: () => boolean, ms = 150_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A send journal's lines, parsed. */
export const journalLines = async (file: string) =>
  (await readFile(file, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { email?: string; state?: string });

/**
 * What the `herald send` test files share (split in four so they run side by side): a fresh
 * folder per test (`dir()`), `herald send` run there as its own process, and the SMTP servers
 * a test starts, closed after it.
 */
export function sendTestBed() {
  let cwd = "";
  const servers: TestServer[] = [];
  const rawServers: Server[] = [];
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), "herald-send-cli-"));
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    for (const s of rawServers.splice(0)) s.close();
    await removeTemp(cwd);
  });
  const start = (args: string[], env: Record<string, string> = {}, shell?: string) =>
    startHerald(["send", ...args], { cwd, env, shell });
  return {
    dir: () => cwd,
    start,
    run: (args: string[], env?: Record<string, string>, shell?: string) =>
      start(args, env, shell).done,
    /** The usual options: the sample's announcement, `recipients`, `journal`, no verify. */
    base: (recipients: string, journal = join(cwd, "send.journal")) => [
      "--announcement",
      "docker-series-b",
      "--recipients",
      recipients,
      "--journal",
      journal,
      "--skip-verify",
    ],
    /** A recipients file of `n` investors, all in English. */
    async bigList(n: number, name = "big.csv") {
      const lines = ["email,name,locale"];
      for (let i = 0; i < n; i++) lines.push(`investor${i}@example.com,Investor ${i},en`);
      const file = join(cwd, name);
      await writeFile(file, `${lines.join("\n")}\n`);
      return file;
    },
    /** A test SMTP server, closed after the test. */
    async smtp(options?: Parameters<typeof startSmtpServer>[0]) {
      const server = await startSmtpServer(options);
      servers.push(server);
      return server;
    },
    /** Raw servers the test starts: closed after it. */
    rawServers,
  };
}

/** A TCP port on 127.0.0.1 that nothing listens on (for a real herald dev to take). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

export { changedFiles, filesIn } from "@herald/model/testing";
