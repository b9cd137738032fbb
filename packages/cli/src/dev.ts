import { randomUUID } from "node:crypto";
import { createReadStream, existsSync, type FSWatcher, statSync, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { extname, join } from "node:path";
import { compileEmail, sampleRecipient } from "@herald/email";
import {
  announcementDocument,
  type Content,
  type Diagnostic,
  directionOf,
  escapeHtml,
  formatDiagnostic,
  isUnderEmbargo,
  loadContent,
  type Manifest,
  momentOf,
  SITE_FOLDER,
  siteUrl,
} from "@herald/model";
import { contentType } from "@herald/web";
import { HeraldError } from "./errors.js";
import { type Io, println } from "./io.js";
import { isInside } from "./paths.js";
import { buildOutputs } from "./pipeline.js";

// `herald dev`: build, serve on 127.0.0.1, rebuild on every content change, and reload the
// browser. A content mistake shows as an overlay (and in the terminal) while the last good
// build stays served; the next good build clears it.

export interface DevServer {
  url: string;
  /** Resolves after the next rebuild (for tests). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

interface State {
  /** The content of the last good build: what the preview shows. */
  content?: Content;
  manifest?: Manifest;
  diagnostics: Diagnostic[];
  /** What stops the preview other than the content's own mistakes (the folder is gone). */
  problem?: string;
  version: number;
  lastBuildMs?: number;
}

/** The script every served page gets in dev: live reload and the diagnostics overlay. */
const client = `<script>
(() => {
  const show = (d) => {
    let o = document.getElementById("herald-overlay");
    if (!d.diagnostics.length) { if (o) o.remove(); return; }
    if (!o) { o = document.createElement("div"); o.id = "herald-overlay"; o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;inset:0;z-index:99999;background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:24px;overflow:auto;white-space:pre-wrap";
      document.body.appendChild(o); }
    o.textContent = "Herald: the content has " + d.diagnostics.length + " problem(s). The last good build is still shown.\\n\\n" + d.diagnostics.join("\\n\\n");
  };
  let seen;
  // EventSource reconnects by itself, also to a restarted server (a new instance).
  const events = new EventSource("/__herald/events");
  events.onmessage = (e) => {
    const d = JSON.parse(e.data);
    const now = d.instance + ":" + d.version;
    if (seen !== undefined && now !== seen && !d.diagnostics.length) { location.reload(); return; }
    seen = now;
    show(d);
  };
})();
</script>`;

export async function startDev(options: {
  contentDir: string;
  shownDir: string;
  out: string;
  port: number;
  io: Io;
}): Promise<DevServer> {
  const { io, contentDir, out } = options;
  const state: State = { diagnostics: [], version: 0 };
  const instance = randomUUID();
  const listeners = new Set<ServerResponse>();
  let waiting: Array<() => void> = [];

  const status = () =>
    JSON.stringify({
      instance,
      version: state.version,
      diagnostics: [
        ...(state.problem ? [state.problem] : []),
        ...state.diagnostics.map((d) => formatDiagnostic(d, options.shownDir)),
      ],
    });
  const broadcast = () => {
    const data = status();
    for (const res of listeners) res.write(`data: ${data}\n\n`);
  };

  // A watcher follows the folder it was started on: when the content folder is removed,
  // renamed away or made anew, a new watcher starts on whatever is at the path again.
  let watcher: FSWatcher | undefined;
  let watched: number | undefined;
  const unwatch = () => {
    watcher?.close();
    watcher = undefined;
    watched = undefined;
  };

  let running: Promise<void> | undefined;
  let again = false;
  let lifting: NodeJS.Timeout | undefined;
  const rebuild = async () => {
    const start = performance.now();
    if (!isFolder(contentDir)) {
      unwatch();
      state.problem = `The content folder ${options.shownDir} is gone (${contentDir} is not a folder now). The last good build is still shown; Herald goes on when the folder is back.`;
      println(io.stderr, `herald dev: ${state.problem}`);
      broadcast();
      return;
    }
    state.problem = undefined;
    // The folder can vanish mid-read (a checkout, an rm -r): that is the next round's news.
    const result = await loadContent(contentDir).catch((error: Error) => {
      println(io.stderr, `herald dev: could not read ${options.shownDir}: ${error.message}`);
      return undefined;
    });
    if (!result) return broadcast();
    state.diagnostics = result.diagnostics.filter((d) => d.severity === "error");
    if (result.ok) {
      try {
        state.manifest = await buildOutputs(
          result.content,
          out,
          { warn: (m) => println(io.stderr, `warning: ${m}`), paper: "a4" },
          { ...io, stderr: { write: () => true } as never },
        );
        state.content = result.content;
        // An embargo that lifts while the preview runs changes what a build publishes: the
        // preview is built again then, as if the content had changed.
        clearTimeout(lifting);
        const next = nextLift(result.content, new Date());
        if (next !== undefined)
          lifting = setTimeout(schedule, Math.min(next - Date.now() + 50, MAX_TIMER));
        state.version++;
        state.lastBuildMs = performance.now() - start;
        println(io.stdout, `rebuilt in ${state.lastBuildMs.toFixed(0)} ms`);
      } catch (error) {
        println(io.stderr, `herald dev: the build failed: ${(error as Error).message}`);
      }
    } else {
      for (const d of state.diagnostics)
        println(io.stderr, `${formatDiagnostic(d, options.shownDir)}\n`);
    }
    broadcast();
  };
  const schedule = () => {
    if (running) {
      again = true;
      return;
    }
    running = rebuild().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        schedule();
      } else {
        for (const done of waiting) done();
        waiting = [];
      }
    });
  };

  await rebuild();
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(schedule, 30);
  };
  let first = true;
  const rewatch = () => {
    const inode = existsSync(contentDir) ? statSync(contentDir).ino : undefined;
    if (inode === watched && (watcher || inode === undefined)) return;
    watcher?.close();
    watcher = undefined;
    watched = inode;
    if (inode !== undefined) {
      try {
        watcher = watch(contentDir, { recursive: true }, changed);
        watcher.on("error", unwatch);
      } catch {
        watched = undefined; // gone again between the check and the watch: next round
      }
    }
    if (!first) changed();
    first = false;
  };
  rewatch();
  const poll = setInterval(() => {
    try {
      rewatch();
    } catch {
      // The folder changed while we looked: the next round looks again.
    }
  }, 250);

  const server = createServer(async (req, res) => {
    try {
      await answer(req, res);
    } catch (error) {
      // The preview must outlive any single request.
      if (!res.headersSent)
        send(res, 500, "error.txt", `Herald preview: ${(error as Error).message}`);
      else res.destroy();
    }
  });
  // A request that is not even HTTP gets a 400, and the server goes on.
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    if (!isLoopbackHost(req.headers.host)) {
      return send(
        res,
        403,
        "refused.txt",
        "Herald's preview answers only to 127.0.0.1, localhost and [::1].",
      );
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      return send(
        res,
        400,
        "bad.txt",
        "Bad request: the address is not correctly percent-encoded.",
      );
    }
    if (path.includes("\0")) return send(res, 400, "bad.txt", "Bad request.");
    if (path === "/__herald/status") return send(res, 200, "status.json", status());
    if (path === "/__herald/events") {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      listeners.add(res);
      req.on("close", () => listeners.delete(res));
      broadcast();
      return;
    }
    if (path === "/" || path === "/__herald/")
      return send(res, 200, "preview.html", preview(state));
    if (path.startsWith("/__herald/email/")) {
      const [, , , id, locale, width] = path.split("/");
      return send(
        res,
        200,
        "email.html",
        await emailFrame(state, out, id ?? "", locale ?? "", Number(width ?? 600)),
      );
    }
    let file = join(out, path);
    if (!isInside(file, out)) return send(res, 404, "missing.txt", "Not found");
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) return send(res, 404, "missing.txt", "Not found");
    if (extname(file) === ".html") {
      const html = await readFile(file, "utf8");
      return send(res, 200, file, html.replace("</body>", `${client}</body>`));
    }
    res.writeHead(200, { "content-type": contentType(file) });
    createReadStream(file).pipe(res);
  };
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      clearInterval(poll);
      watcher?.close();
      reject(
        error.code === "EADDRINUSE" || error.code === "EACCES"
          ? new HeraldError(
              `--port ${options.port}: ${error.code === "EADDRINUSE" ? "another program already listens on this port" : "this port needs privileges Herald does not have"}.\n  Fix: choose another port with --port, like --port 4174.`,
              { cause: error },
            )
          : error,
      );
    });
    server.listen(options.port, "127.0.0.1", resolve);
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : options.port}/`;
  return {
    url,
    settled: () => new Promise((resolve) => (running ? waiting.push(resolve) : resolve())),
    async close() {
      clearInterval(poll);
      clearTimeout(lifting);
      watcher?.close();
      clearTimeout(timer);
      for (const res of listeners) res.end();
      // Open keep-alive or half-read requests must not hold the stop (or the cleanup after it).
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    },
  };
}

const isFolder = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * Whether a Host header names this machine. A page on another site can make a browser
 * resolve its own name to 127.0.0.1 (DNS rebinding); its requests then carry that name.
 */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, "").toLowerCase();
  return (
    name === "localhost" ||
    name.endsWith(".localhost") ||
    name === "[::1]" ||
    /^127(\.\d{1,3}){3}$/.test(name)
  );
}

/** Answers with `body`, typed as the file `name` would be. */
function send(res: ServerResponse, status: number, name: string, body: string): void {
  res.writeHead(status, {
    "content-type": contentType(name),
    "cache-control": "no-store",
  });
  res.end(body);
}

/** The longest wait a Node timer takes. */
const MAX_TIMER = 2 ** 31 - 1;

/** When the next embargo after `now` lifts (milliseconds since the epoch), if any does. */
const nextLift = (content: Content, now: Date): number | undefined =>
  content.announcements
    .filter((a) => isUnderEmbargo(a, now))
    .map((a) => momentOf(a.embargo as string).instant.getTime())
    .sort((x, y) => x - y)[0];

/** The preview index: every announcement and locale, with its three outputs side by side. */
function preview(state: State): string {
  const content = state.content;
  const entries = state.manifest?.announcements ?? [];
  const sections = entries.map((e) => {
    const a = content?.announcements.find((x) => x.id === e.id && x.locale === e.locale);
    const parts =
      a && content
        ? (() => {
            const document = announcementDocument(content, a, { embargoed: !!e.embargo });
            return compileEmail(content.site, document).personalize(sampleRecipient(document));
          })()
        : undefined;
    const from = content?.site.newsletter.from;
    const page = e.page ? `/${e.page.replace(/index\.html$/, "")}` : "";
    // The preview's own words are English; the announcement's text is marked with its
    // language and direction, so an Arabic title and text part read right to left.
    const own = `lang="${escapeHtml(e.locale)}" dir="${directionOf(e.locale)}"`;
    return `<section>
<h2><span ${own}>${escapeHtml(e.title)}</span> <small>(${escapeHtml(e.id)} · ${escapeHtml(e.locale)})</small></h2>
${e.embargo ? `<p class="embargo" role="note"><b>Under embargo until ${escapeHtml(e.embargo)}.</b> herald build leaves it out of the site until then; these are its previews (OUT/embargoed).</p>` : ""}
<div class="row">
<figure><figcaption>Web page · <a href="${escapeHtml(page)}">open</a></figcaption><iframe title="Web page" src="${escapeHtml(page)}" width="600" height="700"></iframe></figure>
${e.pdf ? `<figure><figcaption>Press kit (PDF) · <a href="/${escapeHtml(e.pdf)}">open</a></figcaption><iframe title="Press kit" src="/${escapeHtml(e.pdf)}" width="600" height="700"></iframe></figure>` : ""}
</div>
${
  parts && from
    ? `<h3>Email</h3><p><b>Subject:</b> <span ${own}>${escapeHtml(parts.subject)}</span><br><b>Preheader:</b> <span ${own}>${escapeHtml(parts.preheader)}</span><br><b>From:</b> ${escapeHtml(from.name)} &lt;${escapeHtml(from.email)}&gt;</p>
<div class="row">
<figure><figcaption>600 px</figcaption><iframe title="Email at 600 px" src="/__herald/email/${escapeHtml(e.id)}/${escapeHtml(e.locale)}/600" width="620" height="700"></iframe></figure>
<figure><figcaption>375 px</figcaption><iframe title="Email at 375 px" src="/__herald/email/${escapeHtml(e.id)}/${escapeHtml(e.locale)}/375" width="375" height="700"></iframe></figure>
<figure><figcaption>Plain text</figcaption><pre ${own}>${escapeHtml(parts.text)}</pre></figure>
</div>`
    : ""
}
</section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Herald preview</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:24px}.row{display:flex;gap:16px;flex-wrap:wrap}figure{margin:0}iframe{border:1px solid #ccc;background:#fff}pre{width:420px;height:700px;overflow:auto;border:1px solid #ccc;padding:8px;white-space:pre-wrap;margin:0}.embargo{background:#fff4d6;color:#5c3b00;border-left:4px solid #c77700;padding:8px 12px}</style>
</head><body><h1>Herald preview</h1>${state.lastBuildMs ? `<p>Last build: ${state.lastBuildMs.toFixed(0)} ms</p>` : ""}
${sections.join("\n")}
</body></html>`;
}

/** The built email of one translation, in a frame of the given width. */
async function emailFrame(
  state: State,
  out: string,
  id: string,
  locale: string,
  width: number,
): Promise<string> {
  const entry = state.manifest?.announcements.find((e) => e.id === id && e.locale === locale);
  if (!entry?.email) return "<p>No such announcement.</p>";
  const html = await readFile(join(out, entry.email.html), "utf8");
  // The email shows images at their public address, which is not published yet while
  // previewing: the preview shows the built copies instead.
  const base = state.content ? siteUrl(state.content.site) : undefined;
  const local = base ? html.replaceAll(`src="${base}`, `src="/${SITE_FOLDER}/`) : html;
  return local.replace("<body>", `<body style="max-width:${width}px">`);
}
