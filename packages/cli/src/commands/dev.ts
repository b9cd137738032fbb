import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, watch } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stopNow } from "@herald/model";
import { existingContentDir } from "../content.js";
import { startDev } from "../dev.js";
import { fsReason, UsageError } from "../errors.js";
import { type Io, println } from "../io.js";
import { removeTreeNow } from "../remove-tree.js";
import { SIGNALS } from "../signals.js";

/**
 * In this repository, a renderer's code can change while dev runs (tsup --watch rebuilds its
 * dist/). Modules cannot be reloaded in place, so the server runs in a child process that is
 * restarted when any renderer's build changes; open pages reconnect and reload by themselves.
 */
async function supervise(
  io: Io,
  options: { content?: string; port?: string },
  renderers: string[],
): Promise<number> {
  const args = [fileURLToPath(new URL("./bin.js", import.meta.url)), "dev"];
  if (options.content) args.push("--content", resolve(io.cwd, options.content));
  if (options.port) args.push("--port", options.port);
  let child: ChildProcess | undefined;
  let restarting = false;
  let stopping = false;
  // A server that ends by itself (a taken port, a crash) ends dev too, with its exit code:
  // a supervisor with nothing behind it would look alive and serve nothing.
  let serverEnded: (code: number) => void = () => {};
  const ended = new Promise<number>((resolve) => {
    serverEnded = resolve;
  });
  const startChild = () => {
    const started = spawn(process.execPath, args, {
      // A channel the server only watches: it closes when this process ends, even by SIGKILL,
      // and the server then stops too instead of serving on, orphaned.
      stdio: ["inherit", "inherit", "inherit", "ipc"],
      env: { ...process.env, HERALD_DEV_SERVER: "1" },
      cwd: io.cwd,
    });
    started.on("exit", (code) => {
      if (!restarting && started === child) serverEnded(code ?? 1);
    });
    child = started;
  };
  startChild();
  let timer: NodeJS.Timeout | undefined;
  const watchers = renderers.map((dir) =>
    watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        println(io.stdout, "A renderer changed: restarting the preview server.");
        const old = child;
        restarting = true;
        if (old && old.exitCode === null) {
          old.kill("SIGTERM");
          await once(old, "exit");
        }
        restarting = false;
        // Stopped while the old server was stopping: no new one.
        if (!stopping) startChild();
      }, 300);
    }),
  );
  // Listening to the end: a second Ctrl-C while the server stops must not end this process
  // (by the signal itself) before the server has.
  const signalled = new Promise<number>((resolve) => {
    for (const signal of SIGNALS) process.on(signal, () => resolve(0));
  });
  const code = await Promise.race([signalled, ended]);
  stopping = true;
  for (const w of watchers) w.close();
  clearTimeout(timer);
  restarting = true;
  // Ended once the server has: it removes its temporary build as it stops, and whoever
  // stopped dev may look for it (or run dev again) as soon as this process is gone.
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  }
  return code;
}

export async function dev(io: Io, options: { content?: string; port?: string }): Promise<number> {
  const port = options.port === undefined ? 4173 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number, not "${options.port}".`);
  const contentDir = existingContentDir(io, options.content);
  const packages = fileURLToPath(new URL("../../", import.meta.url));
  const renderers = ["model", "web", "pdf", "email"].map((p) => join(packages, p, "dist"));
  if (!io.env.HERALD_DEV_SERVER && renderers.every((d) => existsSync(d))) {
    return supervise(io, options, renderers);
  }
  // Ctrl-C ends dev in the signal's own turn: the temporary build is removed and the process
  // exits before anything else runs, so no build still running (the first, or one in the
  // background) writes into the folder again. Stopping the server first and then removing
  // the folder raced such a build: the removal failed (ENOTEMPTY), the folder stayed, and the
  // server went on serving with nothing left to stop it.
  let temp: string | undefined;
  const stop = () => {
    stopNow();
    try {
      if (temp) removeTreeNow(temp);
    } catch (error) {
      println(
        io.stderr,
        `herald dev: its temporary build ${temp} could not be removed (${fsReason(error) ?? (error as Error).message}). Remove it yourself.`,
      );
    }
    process.exit(0);
  };
  for (const signal of SIGNALS) process.on(signal, stop);
  // Started by the supervisor: stopped with it, however it ended.
  if (process.channel) {
    process.on("disconnect", stop);
    process.channel.unref();
  }
  // Made synchronously, after the handlers: a signal while it was being made would leave it.
  temp = mkdtempSync(join(tmpdir(), "herald-dev-"));
  try {
    const server = await startDev({
      contentDir,
      shownDir: options.content ?? "content",
      out: join(temp, "out"),
      port,
      io,
    });
    println(io.stdout, `Herald preview: ${server.url}  (Ctrl-C to stop)`);
  } catch (error) {
    // It never served (a taken port): nothing of it still runs.
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  // The server runs until a signal ends the process.
  return new Promise<number>(() => {});
}
