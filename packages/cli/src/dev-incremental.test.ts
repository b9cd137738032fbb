import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, relative } from "node:path";
import { sampleContentDir } from "@herald/model";
import { writeSyntheticContent } from "@herald/model/testing";
import { afterAll, describe, expect, it } from "vitest";
import { type DevServer, startDev } from "./dev.js";
import { memoryIo } from "./test-support.js";

// Issue 15: herald dev's fast path serves an edit's pages from memory before the full build
// has run; what it serves must be exactly what the full build then writes, and it may leave
// to the build only what it cannot know (the press-kit pages give the built PDFs' sizes).

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The text files of the built site (pages, feeds, sitemap, stylesheet), by path in OUT. */
async function siteTexts(out: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const entries = (await readdir(join(out, "site"), { recursive: true })) as string[];
  for (const entry of entries.sort()) {
    if (![".html", ".xml", ".css", ".txt", ".js"].includes(extname(entry))) continue;
    if (entry.startsWith("pagefind/")) continue;
    const path = join(out, "site", entry);
    texts.set(relative(out, path), await readFile(path, "utf8"));
  }
  return texts;
}

/** The page as built: without the live-reload script dev adds to every page it serves. */
const withoutClient = (html: string) =>
  html.replace(/<script>\n\(\(\) => \{\n {2}const loaded = [\s\S]*?<\/script>(?=<\/body>)/, "");

/** A dev server whose full builds wait until the test lets them go. */
async function heldServer(content: string, out: string) {
  let reached: () => void = () => {};
  let release: () => void = () => {};
  let holding = false;
  const server: DevServer = await startDev({
    contentDir: content,
    shownDir: "content",
    out,
    port: 0,
    io: memoryIo(process.cwd()),
    beforeFullBuild: () =>
      new Promise<void>((resolve) => {
        holding = true;
        release = () => {
          holding = false;
          resolve();
        };
        reached();
      }),
  });
  return {
    server,
    /** Resolves when the fast path is done and the full build waits. */
    held: () =>
      new Promise<void>((resolve) => {
        if (holding) resolve();
        else reached = resolve;
      }),
    release: () => release(),
  };
}

describe("herald dev's fast path (#15)", () => {
  it("#15: serves each edit's pages byte for byte as the full build then writes them, leaving it only the press-kit pages", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-dev-fast-"));
    dirs.push(dir);
    const content = join(dir, "content");
    const out = join(dir, "out");
    // 22 announcements a language: two pages of the newsroom.
    await writeSyntheticContent(content, 44);
    const { server, held, release } = await heldServer(content, out);
    const file = (name: string) => join(content, "announcements", name);
    const edit = async (name: string, change: (text: string) => string) =>
      writeFile(file(name), change(await readFile(file(name), "utf8")));
    const edits: Array<{ what: string; change: () => Promise<unknown>; paths?: string[] }> = [
      {
        what: "a title and an amount",
        change: () =>
          edit("news-3.en.md", (t) =>
            t
              .replace(/^title: .*$/m, 'title: "Announcement 3, renamed"')
              .replace("amount: 4000000", "amount: 4500000"),
          ),
      },
      {
        what: "a date (the announcement moves to another page of the newsroom)",
        change: () => edit("news-20.en.md", (t) => t.replace(/^date: .*$/m, "date: 2024-12-31")),
        paths: ["site/en/2024/index.html"],
      },
      { what: "a file removed", change: () => rm(file("news-7.zh-CN.md")) },
      {
        what: "a file added",
        change: async () =>
          writeFile(
            file("news-99.en.md"),
            (await readFile(file("news-1.en.md"), "utf8")).replace("id: news-1", "id: news-99"),
          ),
        paths: ["site/en/news/news-99/index.html"],
      },
    ];
    try {
      await server.settled();
      for (const { what, change, paths = [] } of edits) {
        const before = await siteTexts(out);
        await change();
        await held();
        // What the preview serves now, before the full build has written anything.
        const served = new Map<string, string | undefined>();
        for (const path of new Set([...before.keys(), ...paths])) {
          const answer = await fetch(`${server.url}${path}`);
          served.set(path, answer.ok ? withoutClient(await answer.text()) : undefined);
        }
        release();
        await server.settled();
        const built = await siteTexts(out);
        const fastPath: string[] = [];
        const leftToBuild: string[] = [];
        for (const [path, text] of served) {
          if (text !== before.get(path)) {
            fastPath.push(path);
            expect(text, `${what}: ${path}`).toBe(built.get(path));
          } else if (built.get(path) !== text) leftToBuild.push(path);
        }
        expect(fastPath.length, what).toBeGreaterThan(0);
        expect(leftToBuild, what).toEqual(
          leftToBuild.filter((p) => /^site\/[^/]+\/press-kit\/index\.html$/.test(p)),
        );
      }
    } finally {
      release();
      await server.close();
    }
  }, 240_000);

  it("#15: tells an open page to reload only when its text changed, and once: not again when the full build writes the same text", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-dev-fast-"));
    dirs.push(dir);
    const content = join(dir, "content");
    await cp(sampleContentDir, content, { recursive: true });
    const server = await startDev({
      contentDir: content,
      shownDir: "content",
      out: join(dir, "out"),
      port: 0,
      io: memoryIo(process.cwd()),
    });
    const pages = [
      "/site/en/news/docker-series-b/",
      "/site/zh-CN/news/docker-series-b/",
      "/site/en/",
      "/site/en/press-kit/",
      "/site/404.html",
    ];
    /** The version the page was served with (what its reload script compares with). */
    const version = async (page: string) =>
      /const loaded = "([^"]*)"/.exec(
        await (await fetch(`${server.url}${page.slice(1)}`)).text(),
      )?.[1];
    const streams: Array<{ page: string; loaded?: string; told: string[]; stop: () => void }> = [];
    try {
      await server.settled();
      for (const page of pages) {
        const loaded = await version(page);
        const controller = new AbortController();
        const events = await fetch(
          `${server.url}__herald/events?page=${encodeURIComponent(page)}`,
          {
            signal: controller.signal,
          },
        );
        const stream = { page, loaded, told: [] as string[], stop: () => controller.abort() };
        streams.push(stream);
        const reader = (events.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        let buffer = "";
        void (async () => {
          for (;;) {
            const { value, done } = await reader
              .read()
              .catch(() => ({ value: undefined, done: true }));
            if (done) return;
            buffer += decoder.decode(value, { stream: true });
            const messages = buffer.split("\n\n");
            buffer = messages.pop() ?? "";
            for (const m of messages) {
              const d = JSON.parse(m.replace(/^data: /, "")) as { version: string };
              if (d.version !== loaded && !stream.told.includes(d.version))
                stream.told.push(d.version);
            }
          }
        })();
      }
      const file = join(content, "announcements/docker-series-b.en.md");
      await writeFile(
        file,
        (await readFile(file, "utf8")).replace(
          "This round is notable for two reasons.",
          "This round is notable for two good reasons.",
        ),
      );
      await expect.poll(() => streams[0]?.told.length, { timeout: 15_000 }).toBe(1);
      await server.settled();
      // Let the last messages arrive.
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const { page, loaded, told } of streams) {
        const now = await version(page);
        // Told once, with the version now served, exactly when the text changed.
        expect(told, page).toEqual(now === loaded ? [] : [now]);
      }
      // The edited article: yes; its translation and the 404 page show nothing of the body.
      expect([0, 1, 4].map((i) => (streams[i]?.told.length ?? 0) > 0)).toEqual([
        true,
        false,
        false,
      ]);
    } finally {
      for (const s of streams) s.stop();
      await server.close();
    }
  }, 120_000);
});
