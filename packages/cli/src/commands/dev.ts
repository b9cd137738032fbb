import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, watch } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { existingContentDir } from "../content.js";
import { type DevServer, startDev } from "../dev.js";
import { UsageError } from "../errors.js";
import { type Io, println } from "../io.js";
import { stopsItselfOnSignal } from "../signals.js";

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
  // A server that ends by itself (a taken port, a crash) ends dev too, with its exit code:
  // a supervisor with nothing behind it would look alive and serve nothing.
  let serverEnded: (code: number) => void = () => {};
  const ended = new Promise<number>((resolve) => {
    serverEnded = resolve;
  });
  const startChild = () => {
    const started = spawn(process.execPath, args, {
      stdio: "inherit",
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
        startChild();
      }, 300);
    }),
  );
  const code = await Promise.race([
    once(process, "SIGINT").then(() => 0),
    once(process, "SIGTERM").then(() => 0),
    once(process, "SIGHUP").then(() => 0),
    ended,
  ]);
  for (const w of watchers) w.close();
  restarting = true;
  child?.kill("SIGTERM");
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
  const temp = await mkdtemp(join(tmpdir(), "herald-dev-"));
  // Listening from the start: Ctrl-C during the first build stops dev too.
  const stopped = Promise.race([
    once(process, "SIGINT"),
    once(process, "SIGTERM"),
    once(process, "SIGHUP"),
  ]);
  return stopsItselfOnSignal(async () => {
    let server: DevServer | undefined;
    try {
      const starting = startDev({
        contentDir,
        shownDir: options.content ?? "content",
        out: join(temp, "out"),
        port,
        io,
      });
      server = await Promise.race([starting, stopped.then(() => undefined)]);
      if (server) {
        println(io.stdout, `Herald preview: ${server.url}  (Ctrl-C to stop)`);
        await stopped;
        // A build in the background is abandoned (the signal removed its folder): the server
        // is given a moment to close, then the temporary build goes and the process ends.
        await Promise.race([server.close(), new Promise((r) => setTimeout(r, 1000).unref())]);
      }
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    // Nothing that still runs (the first build, a background one) may outlive the folder.
    process.exit(0);
  });
}
