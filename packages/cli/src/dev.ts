import { createHash, randomUUID } from "node:crypto";
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { extname, join, posix } from "node:path";
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
  type ManifestEntry,
  memoryParseCache,
  momentOf,
  SITE_FOLDER,
  siteUrl,
} from "@herald/model";
import { contentType } from "@herald/web";
import { entriesOf, FastSite, type PageChanges } from "./dev-pages.js";
import { HeraldError } from "./errors.js";
import { type Io, println } from "./io.js";
import { BUILD_MARKER } from "./output-folder.js";
import { isInside } from "./paths.js";
import { buildOutputs } from "./pipeline.js";
import { type TreeWatcher, watchTree } from "./watch-tree.js";

// `herald dev`: build, serve on 127.0.0.1, rebuild on every content change, and reload the
// browser. A content mistake shows as an overlay (and in the terminal) while the last good
// build stays served; the next good build clears it.
//
// Issue 15: an edit first takes the fast path. The content is loaded again from a parse cache
// (only changed files are parsed), documents are made again only where they changed, and the
// site's pages that change are rendered in memory and served over OUT (dev-pages.ts); each open
// page is told to reload only when what it shows changed. Then the full build runs in the
// background and brings the rest (PDFs, emails, search, the press-kit page) up to date; a page
// it writes as the fast path served it is not reloaded again.

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
  /** The content the fast path last served (its pages may be ahead of OUT's). */
  shown?: Content;
  /** The edit `shown` comes from. */
  shownEdit?: number;
  /** Why OUT, lost while dev ran, could not be built again (someone else's files are there). */
  outProblem?: string;
  /** Why the last build failed, other than the content's mistakes (until one succeeds). */
  buildProblem?: string;
  /** When each of its published files last changed (see `fileStamps`). */
  stamps?: Map<string, string>;
  /** What the preview index lists for it (the manifest the full build will write). */
  entries?: ManifestEntry[];
}

/** A full build to run: the content, and the last edit it brings to OUT. */
interface Wanted {
  content: Content;
  edit: number;
}

/** A page the fast path serves over OUT until a full build writes it (null: it is gone). */
interface Overlaid {
  text: string | null;
  /** The edit it comes from: a full build of this edit or a later one writes it. */
  edit: number;
}

/** The overlay's look: the same whether the server wrote it into the page or the script did. */
const OVERLAY_STYLE =
  "position:fixed;inset:0;z-index:99999;background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:24px;overflow:auto;white-space:pre-wrap";

/**
 * The overlay as served, when the content has mistakes: a page loaded then (or a preview that
 * has never built, whose index is empty) shows the error at once, before any script runs.
 */
const overlayHtml = (text: string) =>
  `<div id="herald-overlay" role="alert" style="${OVERLAY_STYLE}">${escapeHtml(text)}</div>`;

/**
 * The script every served page gets in dev: live reload and the diagnostics overlay. `version`
 * is what the server says of the page as served; the page reloads when that changes.
 */
const client = (version: string) => `<script>
(() => {
  const loaded = ${JSON.stringify(version)};
  const show = (d) => {
    let o = document.getElementById("herald-overlay");
    if (!d.diagnostics.length) { if (o) o.remove(); return; }
    if (!o) { o = document.createElement("div"); o.id = "herald-overlay"; o.setAttribute("role", "alert");
      o.style.cssText = ${JSON.stringify(OVERLAY_STYLE)};
      document.body.appendChild(o); }
    if (o.textContent !== d.overlay) o.textContent = d.overlay;
  };
  const handle = (d) => {
    if (d.version !== loaded && !d.diagnostics.length) { location.reload(); return; }
    show(d);
  };
  const check = () => fetch("/__herald/status?page=" + encodeURIComponent(location.pathname))
    .then((r) => r.json()).then(handle, () => {});
  // A page in a frame of the preview index asks when the index hears of a change: a browser
  // keeps six connections open to a server, and an event stream for each of the index's
  // frames would take them all, leaving none to load the frames with.
  let top;
  try { top = window.parent !== window && window.parent.heraldFrames; } catch {}
  if (top) {
    top.add(check);
    addEventListener("pagehide", () => top.delete(check));
    check();
    return;
  }
  window.heraldFrames = new Set();
  // EventSource reconnects by itself, also to a restarted server. Each message says the
  // version of this page: only a page whose text changed reloads.
  const events = new EventSource("/__herald/events?page=" + encodeURIComponent(location.pathname));
  events.onmessage = (e) => {
    for (const frame of window.heraldFrames) frame();
    handle(JSON.parse(e.data));
  };
})();
</script>`;

export async function startDev(options: {
  contentDir: string;
  shownDir: string;
  out: string;
  port: number;
  io: Io;
  /**
   * Awaited before each full build that follows the fast path: tests hold it to look at what
   * the fast path alone serves.
   */
  beforeFullBuild?: () => Promise<void>;
}): Promise<DevServer> {
  const { io, contentDir, out } = options;
  const state: State = { diagnostics: [], version: 0 };
  const instance = randomUUID();
  /** Each open page's event stream, with the page it shows (a path of OUT). */
  const listeners = new Map<ServerResponse, string | undefined>();
  /** Pages shown in the index's frames: they ask for their version when the index is told. */
  const framed = new Set<string>();
  /** Every page open in a browser, as far as dev knows. */
  const openPages = () => new Set([...listeners.values(), ...framed]);
  let waiting: Array<() => void> = [];
  const parsed = memoryParseCache();
  const fast = new FastSite();
  const overlay = new Map<string, Overlaid>();
  let edits = 0;
  // Raised for a page when a file it shows changed (an image at the same address): it reloads
  // though its text is the same.
  const touched = new Map<string, number>();

  // The preview index, made again only when what it lists changed: an open index asks for
  // its version at every message, and making it compiles every announcement's email.
  let index: { of: readonly unknown[]; text: string } | undefined;
  const previewPage = {
    text(): string {
      const of = [state.shown ?? state.content, state.entries, state.manifest, state.shownEdit];
      if (!index || index.of.some((x, i) => x !== of[i])) index = { of, text: preview(state, out) };
      return index.text;
    },
  };
  /** An email preview frame at its address (/__herald/email/ID/LOCALE/WIDTH), if it exists. */
  const emailPage = (address: string) => {
    const [, , , id = "", locale = "", width = "600"] = address.split("/");
    return emailFrame(state, out, id, locale, Number(width));
  };

  /** What is served at a path of OUT (no leading slash): the fast path's page, or the built file. */
  const served = (path: string): string | undefined => {
    // Dev's own pages (their addresses start with a slash, OUT's paths never do).
    if (path === "/") return previewPage.text();
    if (path.startsWith("/__herald/email/")) return emailPage(path);
    const over = overlay.get(path);
    if (over) return over.text ?? undefined;
    try {
      return readFileSync(join(out, path), "utf8");
    } catch {
      return undefined;
    }
  };
  /** The version of what is served at a path of OUT: an open page reloads when it changes. */
  const versionOf = (path: string | undefined, text?: string) => {
    const shown = text ?? (path === undefined ? undefined : served(path));
    const digest = shown === undefined ? "none" : createHash("sha1").update(shown).digest("hex");
    return `${(path !== undefined && touched.get(path)) || 0}:${digest}`;
  };
  const diagnosticsShown = () => [
    ...(state.problem ? [state.problem] : []),
    ...(state.outProblem ? [state.outProblem] : []),
    ...(state.buildProblem ? [state.buildProblem] : []),
    ...state.diagnostics.map((d) => formatDiagnostic(d, options.shownDir)),
  ];
  /** The overlay's text: what is wrong, and what the preview shows meanwhile. */
  const overlayText = (diagnostics: readonly string[]) => {
    // Only the content's own mistakes are the content's: a failed build or a lost folder is not.
    const contentOnly = diagnostics.length === state.diagnostics.length;
    return [
      `Herald: ${contentOnly ? "the content has" : "there are"} ${diagnostics.length} problem(s). ${
        state.manifest
          ? "The last good build is still shown."
          : "Nothing is built yet: the preview appears when they are fixed."
      }`,
      ...diagnostics,
    ].join("\n\n");
  };
  const status = () =>
    JSON.stringify({ instance, version: state.version, diagnostics: diagnosticsShown() });
  const broadcast = () => {
    const diagnostics = diagnosticsShown();
    const overlay = overlayText(diagnostics);
    for (const [res, page] of listeners) {
      const data = JSON.stringify({ instance, version: versionOf(page), diagnostics, overlay });
      res.write(`data: ${data}\n\n`);
    }
  };
  /**
   * A page as served in dev: with the overlay when the content has mistakes, and the script
   * that reloads it. `key` is what the page's version is computed from (see `served`); the
   * version is that of `html` unless said.
   */
  const withClient = (html: string, key: string, version = versionOf(key, html)) => {
    const diagnostics = diagnosticsShown();
    const shown = diagnostics.length ? overlayHtml(overlayText(diagnostics)) : "";
    const tail = `${shown}${client(version)}`;
    const end = html.lastIndexOf("</body>");
    return end < 0 ? html + tail : html.slice(0, end) + tail + html.slice(end);
  };
  /** Pages told to reload that have not asked for their new text yet, and who waits for them. */
  const reloading = new Set<string>();
  let allReloaded: (() => void) | undefined;
  const reloaded = async (paths: readonly string[]) => {
    if (!paths.length) return;
    for (const path of paths) reloading.add(path);
    await new Promise<void>((resolve) => {
      const timeout = setTimeout(resolve, RELOAD_WAIT_MS);
      allReloaded = () => {
        clearTimeout(timeout);
        resolve();
      };
    });
    reloading.clear();
    allReloaded = undefined;
  };
  const apply = (changes: PageChanges, edit: number) => {
    for (const [path, text] of changes) overlay.set(path, { text, edit });
    if (changes.size) {
      state.version++;
      broadcast();
    }
  };

  // A watcher follows the folder it was started on: when the content folder is removed,
  // renamed away or made anew, a new watcher starts on whatever is at the path again.
  let watcher: TreeWatcher | undefined;
  let watched: number | undefined;
  const unwatch = () => {
    watcher?.close();
    watcher = undefined;
    watched = undefined;
  };

  // The full build: one at a time, in the background once a build exists, always of the
  // newest content the fast path served.
  let building: Promise<void> | undefined;
  let wanted: Wanted | undefined;
  const fullBuild = async (content: Content, edit: number, now = new Date()) => {
    const start = performance.now();
    try {
      state.manifest = await buildOutputs(
        content,
        out,
        { warn: (m) => println(io.stderr, `warning: ${m}`), paper: "a4" },
        { ...io, stderr: { write: () => true } as never },
        { now },
      );
      state.content = content;
      state.buildProblem = undefined;
      kept = foldersOf(out);
      // What the build wrote is what the fast path served for this edit and those before it.
      for (const [path, page] of overlay) if (page.edit <= edit) overlay.delete(path);
      state.version++;
      state.lastBuildMs = performance.now() - start;
      println(io.stdout, `rebuilt in ${state.lastBuildMs.toFixed(0)} ms`);
      return true;
    } catch (error) {
      // Stopping abandons a build: that is no failure to report.
      if (closed) return false;
      println(io.stderr, `herald dev: the build failed: ${(error as Error).message}`);
      // In the browser too: a first build that fails would otherwise show an empty preview.
      state.buildProblem = `The build failed: ${(error as Error).message}`;
      return false;
    } finally {
      broadcast();
    }
  };
  let closed = false;
  const inBackground = (content: Content, edit: number) => {
    if (closed) return;
    wanted = { content, edit };
    building ??= (async () => {
      while (wanted) {
        await options.beforeFullBuild?.();
        // The newest content when the build starts: edits while waiting are in it.
        const next: Wanted | undefined = wanted;
        wanted = undefined;
        if (next) await fullBuild(next.content, next.edit);
      }
    })().finally(() => {
      building = undefined;
      settle();
    });
  };

  // OUT is dev's own folder. Deleted while dev runs (a cleaner of /tmp, an rm -r), in whole or
  // a folder of it, it is built again from the content last shown, without waiting for an
  // edit. The build never replaces a folder that is not Herald's build: files someone else
  // put there stay as they are, and the preview says so.
  let kept: string[] = [];
  let tried: string | undefined;
  let keeping: Promise<void> | undefined;
  const outLost = () =>
    !closed &&
    state.manifest !== undefined &&
    (!existsSync(join(out, BUILD_MARKER)) || kept.some((f) => !isFolder(join(out, f))));
  /** Builds OUT again if it lost folders; resolves when it is back (or cannot be). */
  const keepOut = (): Promise<void> => {
    if (keeping) return keeping;
    if (!outLost()) {
      tried = undefined;
      if (state.outProblem) {
        state.outProblem = undefined;
        broadcast();
      }
      return Promise.resolve();
    }
    const content = state.shown ?? state.content;
    // What is at OUT now: a build is tried once for each thing found there.
    const found = isFolder(out) ? `folder ${statSync(out).ino}` : existsSync(out) ? "file" : "gone";
    if (!content || tried === found) return Promise.resolve();
    tried = found;
    println(
      io.stderr,
      `herald dev: the preview's build folder ${out} lost files: building it again.`,
    );
    keeping = (async () => {
      inBackground(content, state.shownEdit ?? edits);
      await building;
      // Someone else's files where OUT was (the build refused them). Any other failure of the
      // build is told as such (buildProblem), and tried again when OUT changes.
      if (outLost() && existsSync(out) && !existsSync(join(out, BUILD_MARKER))) {
        // Said below in dev's words: the build's own refusal speaks of --out.
        state.buildProblem = undefined;
        state.outProblem = `The preview's build folder ${out} is not Herald's build now: someone put other files there, so Herald leaves it alone and serves what it still has.\n  Fix: move those files elsewhere; Herald builds the preview again once the folder is gone.`;
        broadcast();
      }
    })().finally(() => {
      keeping = undefined;
    });
    return keeping;
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
    const result = await loadContent(contentDir, { parsed }).catch((error: Error) => {
      println(io.stderr, `herald dev: could not read ${options.shownDir}: ${error.message}`);
      return undefined;
    });
    if (!result) return broadcast();
    state.diagnostics = result.diagnostics.filter((d) => d.severity === "error");
    if (!result.ok) {
      for (const d of state.diagnostics)
        println(io.stderr, `${formatDiagnostic(d, options.shownDir)}\n`);
      return broadcast();
    }
    const content = result.content;
    const now = new Date();
    // An embargo that lifts while the preview runs changes what a build publishes: the
    // preview is built again then, as if the content had changed.
    clearTimeout(lifting);
    const next = nextLift(content, now);
    if (next !== undefined)
      lifting = setTimeout(schedule, Math.min(next - Date.now() + 50, MAX_TIMER));
    const edit = ++edits;
    const stamps = fileStamps(content);
    const files = state.shown && changedFiles(state.shown, state.stamps, content, stamps);
    if (!state.shown || files?.length) {
      // The first build, or files the fast path does not copy: a full build, then the pages
      // whose text changed reload, and those that show a changed file.
      await building;
      if (await fullBuild(content, edit, now)) {
        state.shown = content;
        state.shownEdit = edit;
        state.stamps = stamps;
        state.entries = undefined;
        for (const page of openPages()) {
          const text = page === undefined ? undefined : served(page);
          if (page !== undefined && text !== undefined && files?.some((f) => shows(text, f)))
            touched.set(page, (touched.get(page) ?? 0) + 1);
        }
        fast.served(content, now);
      }
      return broadcast();
    }
    try {
      // First what the edited files show, served at once; then the rest of the site.
      const parts = fast.parts(content, now);
      const first = fast.changedArticles(parts, served);
      apply(first, edit);
      println(io.stdout, `preview updated in ${(performance.now() - start).toFixed(0)} ms`);
      // The pages just told to reload come back for their new text first: the rest of the
      // site is rendered once they have it (or a moment later).
      const open = openPages();
      await reloaded([...first.keys()].filter((path) => open.has(path)));
      apply(await fast.otherPages(parts, served), edit);
      state.shown = content;
      state.shownEdit = edit;
      state.stamps = stamps;
      state.entries = entriesOf(parts);
    } catch (error) {
      println(io.stderr, `herald dev: the preview failed: ${(error as Error).message}`);
    }
    broadcast();
    inBackground(content, edit);
  };
  const settle = () => {
    if (running || building) return;
    for (const done of waiting) done();
    waiting = [];
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
      } else settle();
    });
  };

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
    if (path === "/__herald/status") {
      const page = new URL(req.url ?? "/", "http://x").searchParams.get("page");
      if (page === null) return send(res, 200, "status.json", status());
      // A page in a frame of the index, asking for its version (see `client`).
      const key = keyOf(page);
      framed.add(key);
      const diagnostics = diagnosticsShown();
      const overlay = overlayText(diagnostics);
      return send(
        res,
        200,
        "status.json",
        JSON.stringify({ instance, version: versionOf(key), diagnostics, overlay }),
      );
    }
    if (path === "/__herald/events") {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      const page = new URL(req.url ?? "/", "http://x").searchParams.get("page");
      listeners.set(res, page === null ? undefined : keyOf(page));
      req.on("close", () => listeners.delete(res));
      broadcast();
      return;
    }
    if (path === "/" || path === "/__herald/") {
      // When the last build was made is no change to what the index shows: it is left out
      // of the page's version, so a build that changed nothing reloads nothing.
      const timing = state.lastBuildMs
        ? `<p>Last build: ${state.lastBuildMs.toFixed(0)} ms</p>`
        : "";
      const text = previewPage.text();
      return send(
        res,
        200,
        "preview.html",
        withClient(text.replace("</h1>", `</h1>${timing}`), "/", versionOf("/", text)),
      );
    }
    // Everything below shows OUT: a folder of it deleted is built again first.
    await keepOut();
    if (path.startsWith("/__herald/email/")) {
      const frame = emailPage(path);
      if (frame === undefined) return notFound(res, path);
      return send(res, 200, "email.html", withClient(frame, path));
    }
    const file = pageFile(path);
    if (file === undefined) return notFound(res, path);
    const over = overlay.get(file);
    if (over?.text === null) return notFound(res, path);
    if (extname(file) === ".html") {
      const html = over?.text ?? served(file);
      if (html === undefined) return notFound(res, path);
      if (reloading.delete(file) && !reloading.size) allReloaded?.();
      return send(res, 200, file, withClient(html, file));
    }
    if (over) return send(res, 200, file, over.text);
    // The answer starts once the file is open: one deleted or replaced since it was looked up
    // (OUT going, a build swapping it) is a 404, not an error that ends dev.
    const stream = createReadStream(join(out, file));
    stream.once("error", () => {
      if (res.headersSent) res.destroy();
      else notFound(res, path);
    });
    stream.once("open", () => {
      res.writeHead(200, { "content-type": contentType(file) });
      stream.pipe(res);
    });
  };
  /**
   * A 404. A missing page gets the reload script: it shows itself once a build makes it (the
   * first build, after a mistake at start, or after OUT was deleted).
   */
  const notFound = (res: ServerResponse, path: string) => {
    const key = keyOf(path);
    if (!key.startsWith("/") && extname(key) !== ".html")
      return send(res, 404, "missing.txt", "Not found");
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><h1>Not found</h1><p>Nothing is at ${escapeHtml(path)} in this preview. This page shows it as soon as a build makes it.</p></body></html>`;
    res.writeHead(404, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    // Its version is what is served at its address: nothing, until it exists.
    res.end(withClient(page, key, versionOf(key)));
  };
  /**
   * What an open page's version is computed from: dev's own pages by their address, a page of
   * OUT by its file there, or the file it will be when it does not exist yet.
   */
  const keyOf = (address: string): string => {
    let path = address;
    try {
      path = decodeURIComponent(address);
    } catch {
      // Not percent-encoded as it should be: taken as it is.
    }
    if (path === "/" || path === "/__herald/") return "/";
    if (path.startsWith("/__herald/email/")) return path;
    const file = pageFile(path);
    if (file !== undefined) return file;
    const bare = posix.normalize(path).replace(/^\/+|\/+$/g, "");
    return extname(bare) ? bare : bare ? `${bare}/index.html` : "index.html";
  };
  /**
   * The file of OUT an address shows (a folder's index.html), relative to OUT: a page the
   * fast path serves, or a built file. Undefined when there is none, or it is outside OUT.
   */
  const pageFile = (path: string): string | undefined => {
    const bare = path.replace(/^\/+|\/+$/g, "");
    const index = bare ? `${bare}/index.html` : "index.html";
    if (overlay.has(bare)) return bare;
    if (overlay.has(index) && (path.endsWith("/") || !existsSync(join(out, bare)))) return index;
    const file = join(out, bare);
    if (!isInside(file, out) || file === out) return undefined;
    try {
      if (statSync(file).isDirectory())
        return existsSync(join(file, "index.html")) ? index : undefined;
      return bare;
    } catch {
      return undefined;
    }
  };
  // The port first: a taken one is told at once, not after a first build that can take long
  // on a big newsroom. The server answers meanwhile; its pages reload when the build is in.
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const other = options.port === 65535 ? options.port - 1 : options.port + 1;
      reject(
        error.code === "EADDRINUSE"
          ? new HeraldError(
              `--port ${options.port}: another program already listens on this port.\n  Fix: stop that program, or choose another port, like --port ${other}.`,
              { cause: error },
            )
          : error.code === "EACCES"
            ? new HeraldError(
                `--port ${options.port}: this port needs privileges Herald does not have.\n  Fix: choose a port above 1023, like --port 4173.`,
                { cause: error },
              )
            : error,
      );
    });
    server.listen(options.port, "127.0.0.1", resolve);
  });
  // Watching before the first build: a save during it is the next build's.
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
        watcher = watchTree(contentDir, changed);
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
    void keepOut();
  }, 250);

  // The first build goes through `schedule`, as every later one: one build at a time.
  await new Promise<void>((resolve) => {
    waiting.push(resolve);
    schedule();
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : options.port}/`;
  return {
    url,
    settled: () =>
      new Promise((resolve) => (running || building ? waiting.push(resolve) : resolve())),
    async close() {
      closed = true;
      clearInterval(poll);
      clearTimeout(lifting);
      watcher?.close();
      clearTimeout(timer);
      for (const res of listeners.keys()) res.end();
      // Open keep-alive or half-read requests must not hold the stop (or the cleanup after it).
      const stopped = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await stopped;
      // A build still writing into OUT would write it again after whoever stopped us removed it.
      wanted = undefined;
      await running;
      await building;
    },
  };
}

/** The folders of a build, two levels deep (relative; "" is the build itself). */
function foldersOf(out: string): string[] {
  const found = [""];
  try {
    for (const e of readdirSync(out, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      found.push(e.name);
      for (const f of readdirSync(join(out, e.name), { withFileTypes: true }))
        if (f.isDirectory()) found.push(`${e.name}/${f.name}`);
    }
  } catch {
    // Removed as it was listed: the next look finds it lost.
  }
  return found;
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

/**
 * When each published file of the content last changed: its inode, size, and times of last
 * change to nanoseconds. A picture edited at the same byte size changes them too.
 */
function fileStamps(content: Content): Map<string, string> {
  const stamps = new Map<string, string>();
  for (const asset of content.assets) {
    try {
      const s = statSync(join(content.dir, asset), { bigint: true });
      stamps.set(asset, `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`);
    } catch {
      stamps.set(asset, "gone");
    }
  }
  return stamps;
}

/**
 * The content's own files (assets) added, removed or changed: the fast path serves pages, not
 * files, so a full build makes those.
 */
function changedFiles(
  before: Content,
  stamps: ReadonlyMap<string, string> | undefined,
  now: Content,
  nowStamps: ReadonlyMap<string, string>,
): string[] {
  const changed = new Set<string>();
  for (const asset of new Set([...before.assets, ...now.assets])) {
    if (
      stamps?.get(asset) !== nowStamps.get(asset) ||
      JSON.stringify(before.files[asset]) !== JSON.stringify(now.files[asset])
    )
      changed.add(asset);
  }
  return [...changed];
}

/**
 * Whether a page shows a content file: names it, or a file made from it (a logo's icons and
 * PNG share its name: logo.svg, logo.png).
 */
const shows = (text: string, asset: string) => {
  const name = asset.split("/").pop() ?? asset;
  const stem = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : name;
  return text.includes(`${stem}.`) || text.includes(name);
};

/** How long the rest of the site waits for open pages told to reload to fetch their new text. */
const RELOAD_WAIT_MS = 250;

/** The longest wait a Node timer takes. */
const MAX_TIMER = 2 ** 31 - 1;

/** When the next embargo after `now` lifts (milliseconds since the epoch), if any does. */
const nextLift = (content: Content, now: Date): number | undefined =>
  content.announcements
    .filter((a) => isUnderEmbargo(a, now))
    .map((a) => momentOf(a.embargo as string).instant.getTime())
    .sort((x, y) => x - y)[0];

/** The preview index: every announcement and locale, with its three outputs side by side. */
function preview(state: State, out: string): string {
  // What the preview shows now: the fast path's content may be ahead of the last full build.
  const content = state.shown ?? state.content;
  const entries = state.entries ?? state.manifest?.announcements ?? [];
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
${e.pdf ? `<figure><figcaption>Press kit (PDF) · <a href="/${escapeHtml(e.pdf)}">open</a></figcaption><iframe title="Press kit" src="/${escapeHtml(e.pdf)}?v=${digestOf(join(out, e.pdf))}" width="600" height="700"></iframe></figure>` : ""}
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
</head><body><h1>Herald preview</h1>
${sections.length ? sections.join("\n") : `<p>${state.manifest ? "The content has no announcements yet." : "Nothing is built yet."}</p>`}
</body></html>`;
}

/**
 * A short digest of a built file (a PDF): in the address of the index's frame that shows it,
 * so that the index, and with it the frame, reloads when the file changed. A PDF cannot carry
 * the reload script. Kept by the file's identity and time, as OUT is rebuilt whole.
 */
const digests = new Map<string, string>();
function digestOf(file: string): string {
  try {
    const s = statSync(file, { bigint: true });
    const stamp = `${file}:${s.ino}:${s.size}:${s.mtimeNs}`;
    let digest = digests.get(stamp);
    if (digest === undefined) {
      digest = createHash("sha1").update(readFileSync(file)).digest("hex").slice(0, 12);
      if (digests.size > 10_000) digests.clear();
      digests.set(stamp, digest);
    }
    return digest;
  } catch {
    return "none";
  }
}

/** The built email of one translation, in a frame of the given width (undefined: not built). */
function emailFrame(
  state: State,
  out: string,
  id: string,
  locale: string,
  width: number,
): string | undefined {
  const entry = state.manifest?.announcements.find((e) => e.id === id && e.locale === locale);
  if (!entry?.email) return undefined;
  let html: string;
  try {
    html = readFileSync(join(out, entry.email.html), "utf8");
  } catch {
    return undefined; // OUT lost it: it is built again
  }
  // The email shows images at their public address, which is not published yet while
  // previewing: the preview shows the built copies instead.
  const base = state.content ? siteUrl(state.content.site) : undefined;
  const local = base ? html.replaceAll(`src="${base}`, `src="/${SITE_FOLDER}/`) : html;
  return local.replace("<body>", `<body style="max-width:${width}px">`);
}
