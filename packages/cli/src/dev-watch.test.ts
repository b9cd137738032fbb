import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { writeSyntheticContent } from "@herald/model/testing";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startDev } from "./dev.js";
import { freePort, memoryIo, startHerald } from "./test-support.js";

// Issue 15, found by a hostile pass over herald dev: edits saved by rename (sed -i, editors'
// atomic saves) stopped being seen after the first; an image changed at the same byte size
// reloaded no page that shows it; Ctrl-C during a background build ended dev without removing
// its temporary build.

const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function sampleCopy(): Promise<{ dir: string; content: string }> {
  const dir = await mkdtemp(join(tmpdir(), "herald-dev-watch-"));
  dirs.push(dir);
  const content = join(dir, "content");
  await cp(sampleContentDir, content, { recursive: true });
  return { dir, content };
}

async function preview(content: string, out: string) {
  const server = await startDev({
    contentDir: content,
    shownDir: "content",
    out,
    port: 0,
    io: memoryIo(process.cwd()),
  });
  closers.push(() => server.close());
  return server;
}

const text = async (url: string) => (await fetch(url)).text();

/** Saves `file` as sed -i and atomic-save editors do: a new file renamed over the old one. */
async function saveByRename(file: string, body: string): Promise<void> {
  const temp = `${file}.tmp-save`;
  await writeFile(temp, body);
  await rename(temp, file);
}

describe("herald dev sees every save (#15)", () => {
  it("#15: sees each save by rename of the same file, and an in-place write after them", async () => {
    const { dir, content } = await sampleCopy();
    const server = await preview(content, join(dir, "out"));
    const page = new URL("/site/en/news/docker-series-b/", server.url).href;
    const file = join(content, "announcements/docker-series-b.en.md");
    const original = await readFile(file, "utf8");
    const titled = (title: string) =>
      original.replace("title: Docker raises $15 million in Series B funding", `title: ${title}`);
    for (const title of ["Saved by rename one", "Saved by rename two", "Saved by rename three"]) {
      await saveByRename(file, titled(title));
      await expect.poll(() => text(page), { timeout: 20_000 }).toContain(title);
    }
    await writeFile(file, titled("Written in place"));
    await expect.poll(() => text(page), { timeout: 20_000 }).toContain("Written in place");
    // A folder made anew: what is written into it is seen too.
    await server.settled();
    const announcements = join(content, "announcements");
    const files = await readdir(announcements);
    const kept = join(dir, "kept");
    await rename(announcements, kept);
    await rename(kept, announcements);
    await writeFile(file, titled("Written after the folder came back"));
    await expect
      .poll(() => text(page), { timeout: 20_000 })
      .toContain("Written after the folder came back");
    expect((await readdir(announcements)).sort()).toEqual(files.sort());
  });

  it("#15: an image changed at the same byte size reloads the open pages that show it; a file no page shows reloads none", async () => {
    const { dir, content } = await sampleCopy();
    const server = await preview(content, join(dir, "out"));
    // The article, open in a browser: every version the server tells it.
    const page = "site/en/news/docker-series-b/index.html";
    const events = await fetch(
      new URL(`/__herald/events?page=${encodeURIComponent(page)}`, server.url),
    );
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    const versions: string[] = [];
    let buffer = "";
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += new TextDecoder().decode(value);
        const messages = buffer.split("\n\n");
        buffer = messages.pop() ?? "";
        for (const m of messages)
          if (m.startsWith("data: ")) versions.push(JSON.parse(m.slice(6)).version);
      }
    })();
    closers.push(async () => {
      await reader.cancel().catch(() => {});
      await reading;
    });
    await expect.poll(() => versions.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const first = versions[0];
    const logo = join(content, "assets/logo.svg");
    const svg = await readFile(logo, "utf8");
    // A file no page shows: a full build, and the article is not told to reload.
    await writeFile(join(content, "assets/unused-copy.svg"), svg);
    await new Promise((r) => setTimeout(r, 500));
    await server.settled();
    expect(new Set(versions)).toEqual(new Set([first]));
    // The logo the article shows, another colour, the same number of bytes.
    const colour = /#[0-9a-fA-F]{6}/.exec(svg)?.[0] as string;
    expect(colour).toBeDefined();
    const recoloured = svg.replaceAll(colour, colour === "#123456" ? "#654321" : "#123456");
    expect(recoloured.length).toBe(svg.length);
    await writeFile(logo, recoloured);
    await expect.poll(() => versions.some((v) => v !== first), { timeout: 30_000 }).toBe(true);
  });
});

describe("Ctrl-C while herald dev builds (#15)", () => {
  it("#15: stops cleanly and removes its temporary build while a background build runs", async () => {
    const { dir, content } = await sampleCopy();
    const temp = join(dir, "tmp");
    await mkdir(temp);
    const port = await freePort();
    const { child, done } = startHerald(["dev", "--content", content, "--port", String(port)], {
      cwd: dir,
      env: { HERALD_DEV_SERVER: "1", TMPDIR: temp },
    });
    let said = "";
    child.stdout?.on("data", (chunk) => {
      said += chunk;
    });
    const stdout = () => said;
    await expect.poll(stdout, { timeout: 60_000 }).toContain("Herald preview");
    const file = join(content, "people.yaml");
    await writeFile(file, `${await readFile(file, "utf8")}\n`);
    await expect.poll(stdout, { timeout: 30_000 }).toContain("preview updated");
    // The full build now runs in the background.
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    const { code } = await done;
    expect(code).toBe(0);
    expect(await readdir(temp)).toEqual([]);
  });
});

describe("Ctrl-C during herald dev's first build (#15)", () => {
  // Found when the CI run of 2026-11-30 ended with a herald-dev-* folder left: a stop while
  // the first build wrote its social cards removed the folder as the build went on writing
  // into it. The removal failed (ENOTEMPTY), "a bug in Herald" was printed, and the server
  // went on serving with no signal left to stop it (the old dev, in 4 of 14 stops timed
  // across that step of a 30-translation build). Stopped twice as the cards are written.
  it("#15: ends at once, exit 0, and leaves nothing, however far the build got", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-dev-first-"));
    dirs.push(dir);
    const content = join(dir, "content");
    await writeSyntheticContent(content, 12);
    for (const cards of [1, 4]) {
      const temp = join(dir, `tmp-${cards}`);
      await mkdir(temp);
      const port = await freePort();
      const { child, done } = startHerald(["dev", "--content", content, "--port", String(port)], {
        cwd: dir,
        env: { HERALD_DEV_SERVER: "1", TMPDIR: temp },
      });
      // The cache's folders of social cards, one per first two letters of a card's hash.
      const written = async () => {
        const [dev] = await readdir(temp);
        return dev
          ? (await readdir(join(temp, dev, ".out.herald-cache", "card")).catch(() => [])).length
          : 0;
      };
      await expect.poll(written, { timeout: 120_000, interval: 5 }).toBeGreaterThanOrEqual(cards);
      child.kill("SIGINT");
      const stopped = await Promise.race([
        done,
        new Promise<undefined>((r) => setTimeout(r, 10_000)),
      ]);
      expect(stopped, `still running 10 s after Ctrl-C (${cards} cards)`).toBeDefined();
      expect(stopped?.code).toBe(0);
      expect(stopped?.err).not.toContain("bug in Herald");
      expect(await readdir(temp)).toEqual([]);
    }
  });
});

describe("herald dev keeps its output folder (#15)", () => {
  it("#15: builds again, without an edit, when its output folder or a folder in it is deleted", async () => {
    const { dir, content } = await sampleCopy();
    const out = join(dir, "out");
    const server = await preview(content, out);
    const page = new URL("/site/en/news/docker-series-b/", server.url).href;
    await server.settled();
    const before = await text(page);
    expect(before).toContain("Docker raises $15 million");
    await rm(out, { recursive: true });
    // The next request is answered from a build made again (or waits for it).
    const after = await fetch(page);
    expect(after.status).toBe(200);
    expect(await after.text()).toBe(before);
    expect(await readdir(out)).toContain("site");
    // A folder inside it: the watch notices, and the next build brings it back.
    await rm(join(out, "site"), { recursive: true });
    await expect.poll(() => readdir(out), { timeout: 20_000 }).toContain("site");
    await server.settled();
    expect(await text(page)).toBe(before);
  });

  it("#15: never deletes or overwrites a folder someone else put where its output was", async () => {
    const { dir, content } = await sampleCopy();
    const out = join(dir, "out");
    const server = await preview(content, out);
    await server.settled();
    const theirs = join(dir, "theirs");
    await mkdir(theirs);
    await writeFile(join(theirs, "notes.txt"), "mine");
    await rm(out, { recursive: true });
    await rename(theirs, out);
    await expect
      .poll(() => text(new URL("/__herald/status", server.url).href), { timeout: 20_000 })
      .toContain("is not Herald's build");
    await server.settled();
    expect(await readdir(out)).toEqual(["notes.txt"]);
    expect(await readFile(join(out, "notes.txt"), "utf8")).toBe("mine");
  });
});
