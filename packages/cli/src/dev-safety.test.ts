import { once } from "node:events";
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { worldContentDir } from "@herald/model/testing";
import { afterEach, describe, expect, it } from "vitest";
import { startDev } from "./dev.js";
import { expectNoStack, freePort, memoryIo, startHerald, tempDir } from "./test-support.js";

// Issue 9: the preview server stays up whatever a request holds, answers only to loopback
// names, and keeps watching a content folder that goes away and comes back.

/** Sends `request` as written, byte for byte, and returns the status code and body. */
async function raw(port: number, request: string): Promise<{ status: number; body: string }> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  // write, not end: the server closes a half-closed connection before a long answer is out.
  socket.write(request);
  let text = "";
  socket.on("data", (d) => {
    text += d;
  });
  await once(socket, "close");
  const [head = "", ...body] = text.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), body: body.join("\r\n\r\n") };
}

const get = (port: number, path: string, host = `127.0.0.1:${port}`) =>
  raw(port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

/** herald dev under its supervisor, with a TMPDIR of its own, once it serves. */
async function servingDev() {
  const dir = await tempDir("herald-dev-stop-");
  const temp = join(dir, "tmp");
  await mkdir(temp);
  const port = await freePort();
  const { child, done } = startHerald(["dev", "--port", String(port)], {
    cwd: dir,
    env: { TMPDIR: temp },
  });
  await expect
    .poll(() => get(port, "/").catch(() => ({ status: 0 })), { timeout: 30_000 })
    .toMatchObject({ status: 200 });
  return { child, done, port, temp };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A preview server in this process on a free port, closed after the test. */
async function preview(contentDir: string, out: string): Promise<number> {
  const server = await startDev({
    contentDir,
    shownDir: "content",
    out,
    port: 0,
    io: memoryIo(process.cwd()),
  });
  cleanups.push(() => server.close());
  return Number(new URL(server.url).port);
}

describe("herald dev under hostile requests (#9)", () => {
  it("#9: answers a malformed percent-encoding with 400 and stays up (a real herald dev)", async () => {
    const port = await freePort();
    const { child, done } = startHerald(["dev", "--port", String(port)], { cwd: tmpdir() });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill("SIGINT");
      await done;
    });
    await expect
      .poll(() => get(port, "/").catch(() => ({ status: 0 })), { timeout: 30_000 })
      .toMatchObject({
        status: 200,
      });
    for (const path of ["/%E0%A4%A", "/%", "/site/%ZZ/", "/__herald/email/%E0%A4%A/en/600"]) {
      expect((await get(port, path)).status, path).toBe(400);
    }
    expect((await get(port, "/")).status).toBe(200);
    child.kill("SIGINT");
    expectNoStack((await done).err);
  });

  it("#9: a taken port ends herald dev with a clear message, not a server that never listens", async () => {
    const taken = createServer().listen(0, "127.0.0.1");
    await once(taken, "listening");
    cleanups.push(async () => {
      taken.close();
    });
    const port = (taken.address() as { port: number }).port;
    const r = await startHerald(["dev", "--port", String(port)], { cwd: tmpdir() }).done;
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `herald: --port ${port}: another program already listens on this port.`,
    );
    expectNoStack(r.err);
  });

  it("#15: a taken port ends herald dev before anything is loaded or built", async () => {
    const taken = createServer().listen(0, "127.0.0.1");
    await once(taken, "listening");
    cleanups.push(async () => {
      taken.close();
    });
    const port = (taken.address() as { port: number }).port;
    // Content with a mistake: a dev that read it before listening would report it first.
    const dir = await tempDir("herald-dev-port-");
    const content = join(dir, "content");
    await cp(sampleContentDir, content, { recursive: true });
    const file = join(content, "announcements/docker-series-b.en.md");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace("date: 2014-01-22", "date: 2014-13-45"),
    );
    const temp = join(dir, "tmp");
    await mkdir(temp);
    const r = await startHerald(["dev", "--content", content, "--port", String(port)], {
      cwd: dir,
      env: { TMPDIR: temp },
    }).done;
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `herald: --port ${port}: another program already listens on this port.\n  Fix: stop that program, or choose another port, like --port ${port === 65535 ? port - 1 : port + 1}.\n`,
    );
    expect(r.out).not.toContain("rebuilt");
    expectNoStack(r.err);
    expect(await readdir(temp)).toEqual([]);
  });

  it("#9: a content folder that does not exist ends herald dev at once, like every command", async () => {
    const r = await startHerald(["dev", "--content", "/nonexistent/news"], { cwd: tmpdir() }).done;
    expect(r.code).toBe(1);
    expect(r.err).toContain("herald: There is no content folder at /nonexistent/news.");
  });

  it("#9: SIGTERM to herald dev stops the server and removes its temporary build", async () => {
    const port = await freePort();
    const before = new Set((await readdir(tmpdir())).filter((n) => n.startsWith("herald-dev-")));
    const { child, done } = startHerald(["dev", "--port", String(port)], { cwd: tmpdir() });
    await expect
      .poll(() => get(port, "/").catch(() => ({ status: 0 })), { timeout: 30_000 })
      .toMatchObject({ status: 200 });
    // An open request must not hold the stop.
    const idle = connect(port, "127.0.0.1");
    idle.on("error", () => {}); // refused or reset as the server stops: what is tested is below
    await once(idle, "connect");
    idle.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    child.kill("SIGTERM");
    const { code } = await done;
    idle.destroy();
    expect(code).toBe(0);
    // Gone when herald dev has exited, not some time after: the server runs in a child process
    // (see supervise), which the supervisor waits for.
    expect(
      (await readdir(tmpdir())).filter((n) => n.startsWith("herald-dev-") && !before.has(n)),
    ).toEqual([]);
  });

  it("#15: Ctrl-C pressed twice: dev still exits 0 once its server has, leaving nothing", async () => {
    const { child, done, temp } = await servingDev();
    child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 30));
    child.kill("SIGINT");
    const { code, signal } = await done;
    // The second Ctrl-C used to kill the supervisor by the signal itself, its server still
    // removing its build: the prompt came back, status 130, before dev was done.
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(await readdir(temp)).toEqual([]);
  });

  it("#15: a supervisor killed outright (SIGKILL) takes its server and temporary build with it", async () => {
    const { child, done, port, temp } = await servingDev();
    child.kill("SIGKILL");
    // The server shares the supervisor's output: the pipes close once it has exited too.
    const ended = await Promise.race([done, new Promise<undefined>((r) => setTimeout(r, 15_000))]);
    expect(ended, "the server went on after its supervisor was killed").toBeDefined();
    expect(await get(port, "/").catch(() => "refused")).toBe("refused");
    expect(await readdir(temp)).toEqual([]);
  });

  it("#9: refuses requests whose Host is not a loopback name (DNS rebinding)", async () => {
    const dir = await tempDir("herald-dev-host-");
    const port = await preview(sampleContentDir, join(dir, "out"));
    for (const host of ["evil.example", `evil.example:${port}`, "127.0.0.1.evil.example", ""]) {
      const answer = await get(port, "/", host);
      expect(answer.status, host).toBe(403);
      expect(answer.body).not.toContain("Herald preview</h1>");
    }
    const noHost = await raw(port, "GET / HTTP/1.0\r\n\r\n");
    expect(noHost.status).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "localhost", `[::1]:${port}`]) {
      expect((await get(port, "/", host)).status, host).toBe(200);
    }
  });

  it("#9: never serves a file beside the output folder (../ in any encoding)", async () => {
    const dir = await tempDir("herald-dev-path-");
    const out = join(dir, "out");
    await mkdir(`${out}-secret`);
    await writeFile(join(`${out}-secret`, "key.txt"), "secret");
    const port = await preview(sampleContentDir, out);
    const name = `${basename(out)}-secret`;
    for (const path of [
      `/..%2f${name}/key.txt`,
      `/..%2F${name}%2Fkey.txt`,
      `/%2e%2e/${name}/key.txt`,
    ]) {
      const answer = await get(port, path);
      expect(answer.body, path).not.toContain("secret");
      expect(answer.status, path).toBe(404);
    }
  });

  it("#9: keeps watching when the content folder disappears and comes back", async () => {
    const dir = await tempDir("herald-dev-gone-");
    const content = join(dir, "content");
    await cp(sampleContentDir, content, { recursive: true });
    const port = await preview(content, join(dir, "out"));
    const page = "/site/en/news/docker-series-b/";
    await rename(content, join(dir, "away"));
    await expect
      .poll(async () => (await get(port, "/__herald/status")).body, { timeout: 15_000 })
      .toContain("The content folder content is gone");
    // The last good build is still served.
    const kept = await get(port, page);
    expect(kept.status).toBe(200);
    expect(kept.body).toContain("Docker raises $15 million");
    await rename(join(dir, "away"), content);
    const file = join(content, "announcements/docker-series-b.en.md");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace(
        "title: Docker raises $15 million in Series B funding",
        "title: Docker is back",
      ),
    );
    await expect
      .poll(async () => (await get(port, page)).body, { timeout: 15_000 })
      .toContain("Docker is back");
    // Gone for good (deleted, then made anew) works the same way.
    await rm(content, { recursive: true });
    await expect
      .poll(async () => (await get(port, "/__herald/status")).body, { timeout: 15_000 })
      .toContain("is gone");
    // A file where the folder was is no folder either.
    await writeFile(content, "oops");
    await new Promise((r) => setTimeout(r, 600));
    expect((await get(port, "/__herald/status")).body).toContain("is gone");
    await rm(content);
    await cp(sampleContentDir, content, { recursive: true });
    await expect
      .poll(async () => (await get(port, page)).body, { timeout: 15_000 })
      .toContain("Docker raises $15 million");
  });

  it("#15: a first build that fails (not the content) says why in the browser, not only in the terminal", async () => {
    const dir = await tempDir("herald-dev-fail-");
    const out = join(dir, "out");
    // Someone's folder where the build goes: the build refuses to replace it.
    await mkdir(out);
    await writeFile(join(out, "notes.txt"), "mine");
    const port = await preview(sampleContentDir, out);
    const { body } = await get(port, "/");
    expect(body).toContain('<div id="herald-overlay" role="alert"');
    expect(body).toContain("Herald: there are 1 problem(s). Nothing is built yet");
    expect(body).toContain(
      `The build failed: ${out} is not a folder Herald built (it has no .herald-build), so Herald will not replace it.`,
    );
    expect(await readFile(join(out, "notes.txt"), "utf8")).toBe("mine");
  });

  it("#15: a file of OUT that cannot be read as it is sent is a 404, and the server stays up", async () => {
    const dir = await tempDir("herald-dev-unreadable-");
    const out = join(dir, "out");
    const port = await preview(sampleContentDir, out);
    // A socket where a file was: listed by the folder, but nothing to read (as a file deleted
    // or replaced between the look and the read).
    const socket = createServer().listen(join(out, "site", "vanishing.png"));
    await once(socket, "listening");
    cleanups.push(async () => {
      socket.close();
    });
    expect((await get(port, "/site/vanishing.png")).status).toBe(404);
    expect((await get(port, "/site/en/news/docker-series-b/")).status).toBe(200);
  });

  it("#11: the preview marks each announcement's own text with its language and direction", async () => {
    const out = join(await tempDir("herald-dev-lang-"), "out");
    const port = await preview(worldContentDir, out);
    await expect
      .poll(async () => (await get(port, "/")).body, { timeout: 60_000 })
      .toContain("<pre");
    const { body } = await get(port, "/");
    expect(body).toMatch(/<html lang="en">/);
    expect(body).toMatch(/<pre lang="ar" dir="rtl">/);
    expect(body).toMatch(/<h2><span lang="ar" dir="rtl">/);
    expect(body).toMatch(/<pre lang="de" dir="ltr">/);
  });
});
