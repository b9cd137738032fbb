import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contentDirOf } from "../content.js";
import { startDev } from "../dev.js";
import { UsageError } from "../errors.js";
import { type Io, println } from "../io.js";

export const devUsage = `herald dev [--content DIR] [--port N]

Builds the content (default: the sample), serves the preview on http://127.0.0.1:PORT/
(default 4173) and rebuilds on every change to the content folder; open pages reload by
themselves. Content mistakes show in the browser as an overlay and in the terminal, while the
last good build stays served. Ctrl-C stops it.`;

export async function dev(io: Io, options: { content?: string; port?: string }): Promise<number> {
  const port = options.port === undefined ? 4173 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number, not "${options.port}".`);
  const out = join(await mkdtemp(join(tmpdir(), "herald-dev-")), "out");
  const server = await startDev({
    contentDir: contentDirOf(io, options.content),
    shownDir: options.content ?? "content",
    out,
    port,
    io,
  });
  println(io.stdout, `Herald preview: ${server.url}  (Ctrl-C to stop)`);
  await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
  await server.close();
  await rm(join(out, ".."), { recursive: true, force: true });
  return 0;
}
