import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import {
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { besideOutputs, expectNoStack, type Run, removeTemp, startHerald } from "./test-support.js";

// Issue 9: a build never deletes what Herald did not make, never leaves half-built folders
// behind, and says which option is wrong when it cannot write. Every case runs the real
// executable, as a user would.

const herald = (args: string[], cwd: string, options: { uid?: number; gid?: number } = {}) =>
  startHerald(args, { cwd, ...options });

const run = (args: string[], cwd: string, options?: { uid?: number; gid?: number }) =>
  herald(args, cwd, options).done;

const noTrace = (r: Run) => expectNoStack(r.err);

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "herald-safety-"));
});
afterEach(() => removeTemp(cwd));

describe("herald build only replaces what Herald built (#9)", () => {
  it("#9: --out . in a folder with some other manifest.json deletes nothing", async () => {
    const app = join(cwd, "webapp");
    await mkdir(app);
    await writeFile(join(app, "manifest.json"), '{"name":"My PWA","start_url":"/"}');
    await writeFile(join(app, "index.html"), "<h1>mine</h1>");
    const here = await run(["build", "--out", "."], app);
    expect(here.code).toBe(2);
    noTrace(here);
    const r = await run(["build", "--out", "webapp"], cwd);
    expect(r.code).toBe(1);
    noTrace(r);
    expect(r.err).toContain(`${app} is not a folder Herald built (it has no .herald-build)`);
    expect((await readdir(app)).sort()).toEqual(["index.html", "manifest.json"]);
    expect(await readFile(join(app, "index.html"), "utf8")).toBe("<h1>mine</h1>");
  });

  it("#9: marks every build with .herald-build and replaces only folders so marked", async () => {
    expect((await run(["build"], cwd)).code).toBe(0);
    const marker = JSON.parse(await readFile(join(cwd, "out/.herald-build"), "utf8"));
    expect(marker).toEqual({ herald: "build", format: 1 });
    // A second build replaces the first.
    await writeFile(join(cwd, "out/stale.html"), "old");
    expect((await run(["build"], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, "out/stale.html"))).toBe(false);
  });

  it("#9: replaces a build of an earlier Herald (no marker yet), but not one with other files", async () => {
    expect((await run(["build"], cwd)).code).toBe(0);
    await rm(join(cwd, "out/.herald-build"));
    expect((await run(["build"], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, "out/.herald-build"))).toBe(true);
    await rm(join(cwd, "out/.herald-build"));
    await writeFile(join(cwd, "out/notes.txt"), "mine");
    const r = await run(["build"], cwd);
    expect(r.code).toBe(1);
    expect(await readFile(join(cwd, "out/notes.txt"), "utf8")).toBe("mine");
  });

  it("#9: refuses --out that holds or is the content folder", async () => {
    const content = join(cwd, "news");
    await cp(sampleContentDir, content, { recursive: true });
    for (const out of [".", "news", "news/out"]) {
      const r = await run(["build", "--content", "news", "--out", out], cwd);
      expect(r.code, out).toBe(2);
      noTrace(r);
      expect(r.err).toContain("--out");
      expect(r.err).toContain("content folder");
    }
    expect(existsSync(join(content, "site.yaml"))).toBe(true);
    expect(existsSync(join(content, "out"))).toBe(false);
  });

  it("#9: refuses --out that is the folder the command runs in, or holds it", async () => {
    const here = join(cwd, "here");
    await mkdir(here);
    for (const out of [".", ".."]) {
      const r = await run(["build", "--out", out], here);
      expect(r.code, out).toBe(2);
      expectNoStack(r.err);
      expect(r.err).toContain(`herald: --out ${out} is the folder you are in`);
      // A wrong option whose message says it all: no usage text after it.
      expect(r.err).not.toContain("Usage: herald");
    }
    expect(await readdir(here)).toEqual([]);
  });

  it("#9: files put into the output folder while it builds are never deleted", async () => {
    const { child, done } = herald(["build", "--out", "fresh"], cwd);
    await expect
      .poll(async () => (await readdir(cwd)).some((n) => n.startsWith(".fresh.building-")), {
        timeout: 20_000,
        interval: 10,
      })
      .toBe(true);
    child.kill("SIGSTOP");
    await mkdir(join(cwd, "fresh"));
    await writeFile(join(cwd, "fresh/precious.txt"), "mine");
    child.kill("SIGCONT");
    const r = await done;
    expect(r.code).toBe(1);
    expectNoStack(r.err);
    expect(r.err).toContain("is not a folder Herald built");
    expect(await readdir(join(cwd, "fresh"))).toEqual(["precious.txt"]);
    expect(besideOutputs(await readdir(cwd)).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("#9: carries a send outbox over from the folder it replaces", async () => {
    expect((await run(["build"], cwd)).code).toBe(0);
    await mkdir(join(cwd, "out/outbox/docker-series-b"), { recursive: true });
    await writeFile(join(cwd, "out/outbox/docker-series-b/a.eml"), "message");
    expect((await run(["build"], cwd)).code).toBe(0);
    expect(await readFile(join(cwd, "out/outbox/docker-series-b/a.eml"), "utf8")).toBe("message");
  });
});

describe("herald build from any working folder (#9)", () => {
  it("#9: builds when run from / or from a folder whose name starts the temporary folder's", async () => {
    // /x/w is a prefix, as text, of /x/work, where the temporary folders go.
    await mkdir(join(cwd, "w"));
    await mkdir(join(cwd, "work"));
    // Two builds of their own folders: at once, to save a build's time.
    const [fromRoot, prefix] = await Promise.all([
      startHerald(["build", "--out", join(cwd, "a")], { cwd: "/" }).done,
      startHerald(["build", "--out", join(cwd, "b")], {
        cwd: join(cwd, "w"),
        env: { TMPDIR: join(cwd, "work") },
      }).done,
    ]);
    expect(fromRoot.err).toBe("");
    expect(fromRoot.code).toBe(0);
    expect(prefix.err).toBe("");
    expect(prefix.code).toBe(0);
    expect(existsSync(join(cwd, "b/site/en/news/docker-series-b/index.html"))).toBe(true);
  });
});

describe("herald build cleans up after itself (#9)", () => {
  it("#9: Ctrl-C or SIGTERM during a build leaves no partial folder and the old output", async () => {
    expect((await run(["build"], cwd)).code).toBe(0);
    const before = await readFile(join(cwd, "out/manifest.json"), "utf8");
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const { child, done } = herald(["build"], cwd);
      // Wait until the temporary folder exists and holds something, then interrupt.
      await expect
        .poll(
          async () => {
            const temp = (await readdir(cwd)).find((n) => n.startsWith(".out.building-"));
            return temp ? (await readdir(join(cwd, temp))).length : 0;
          },
          { timeout: 20_000, interval: 20 },
        )
        .toBeGreaterThan(1);
      child.kill(signal);
      const r = await done;
      expect(r.code, signal).toBe(signal === "SIGINT" ? 130 : 143);
      noTrace(r);
      // Said, not silent: what stopped it, and that the output folder is as it was.
      expect(r.err, signal).toContain(
        `Stopped (${signal}): the build was cut short; out/ is as it was before.`,
      );
      expect(besideOutputs(await readdir(cwd))).toEqual(["out"]);
      expect(await readFile(join(cwd, "out/manifest.json"), "utf8")).toBe(before);
    }
  });

  it("#9: removes partial folders a killed build left, but not those of a running one", async () => {
    // A build killed with SIGKILL cannot clean up: its pid is gone.
    const dead = spawn(process.execPath, ["-e", ""]);
    await once(dead, "exit");
    const stale = join(cwd, `.out.building-${dead.pid}-aaaaaa`);
    await mkdir(join(stale, "site"), { recursive: true });
    await writeFile(join(stale, ".herald-build"), '{"herald":"build","format":1}');
    const staleOld = `${stale}.old`;
    await mkdir(staleOld);
    await writeFile(join(staleOld, ".herald-build"), '{"herald":"build","format":1}');
    // This process is alive: its folder stays.
    const live = join(cwd, `.out.building-${process.pid}-bbbbbb`);
    await mkdir(live);
    await writeFile(join(live, ".herald-build"), '{"herald":"build","format":1}');
    // Not Herald's (no marker): never touched.
    const foreign = join(cwd, `.out.building-${dead.pid}-cccccc`);
    await mkdir(foreign);
    await writeFile(join(foreign, "notes.txt"), "mine");
    const r = await run(["build"], cwd);
    expect(r.code).toBe(0);
    expect(besideOutputs(await readdir(cwd)).sort()).toEqual(
      [`.out.building-${process.pid}-bbbbbb`, `.out.building-${dead.pid}-cccccc`, "out"].sort(),
    );
  });

  it("#9: a second build of the same folder at once exits 1 naming the first", async () => {
    const first = herald(["build"], cwd);
    await expect
      .poll(() => existsSync(join(cwd, ".out.lock")), { timeout: 20_000, interval: 10 })
      .toBe(true);
    // Hold the first build still while it owns the folder, so the second surely meets it.
    first.child.kill("SIGSTOP");
    const second = await run(["build"], cwd);
    first.child.kill("SIGCONT");
    expect(second.code).toBe(1);
    noTrace(second);
    expect(second.err).toContain(`Another herald build (pid ${first.child.pid}, since `);
    expect((await first.done).code).toBe(0);
    expect(existsSync(join(cwd, ".out.lock"))).toBe(false);
  });
});

describe("herald build output is readable and its errors name the option (#9)", () => {
  it("#9: a new output folder is 0755 (as the umask allows) and an existing one keeps its mode", async () => {
    // Two builds of their own folders: at once, to save a build's time.
    const [private077, out022] = await Promise.all([
      startHerald(["build", "--out", "private"], { cwd, shell: "umask 077" }).done,
      startHerald(["build"], { cwd, shell: "umask 022" }).done,
    ]);
    expect(private077.code).toBe(0);
    expect((await stat(join(cwd, "private"))).mode & 0o777).toBe(0o700);
    expect(out022.code).toBe(0);
    expect((await stat(join(cwd, "out"))).mode & 0o777).toBe(0o755);
    await chmod(join(cwd, "out"), 0o750);
    expect((await run(["build"], cwd)).code).toBe(0);
    expect((await stat(join(cwd, "out"))).mode & 0o777).toBe(0o750);
  });

  it("#9: --out under a folder Herald cannot write says so", async () => {
    const locked = join(cwd, "locked");
    await mkdir(locked);
    await chmod(locked, 0o555);
    await chmod(cwd, 0o755);
    // root may write anywhere: run as nobody then, in a folder nobody may not write.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = await run(["build", "--out", "locked/out"], cwd, asNobody);
    expect(r.code).toBe(1);
    noTrace(r);
    expect(r.err).toContain(`herald: --out locked/out: Herald cannot write in ${locked}`);
    expect(r.err).toContain("Fix:");
    expect(await readdir(locked)).toEqual([]);
  });

  it("#9: --out on a file system that takes no new files says so", async () => {
    const r = await run(["build", "--out", "/proc/herald-out"], cwd);
    expect(r.code).toBe(1);
    noTrace(r);
    expect(r.err).toContain("herald: --out /proc/herald-out: Herald cannot write in /proc (");
  });

  it("#15: --out in a folder to be made on such a file system says so (Node's recursive mkdir spun there forever)", async () => {
    const r = await run(["build", "--out", "/proc/herald-nope/out"], cwd);
    expect(r.code).toBe(1);
    noTrace(r);
    expect(r.err).toContain("herald: --out /proc/herald-nope/out: Herald cannot write in /proc");
  }, 60_000);

  it("#9: a file larger than the process may write (ulimit -f) is named, not called a bug", async () => {
    const r = await startHerald(["build"], { cwd, shell: "ulimit -f 50" }).done;
    expect(r.code).toBe(1);
    expectNoStack(r.err);
    expect(r.err).toContain("a file grew larger than this process may write (ulimit -f)");
    expect(besideOutputs(await readdir(cwd))).toEqual([]);
  });

  it("#9: an output Herald may not read is named, with what to do, not called a bug", async () => {
    expect((await run(["build"], cwd)).code).toBe(0);
    await chmod(join(cwd, "out/manifest.json"), 0o600);
    await chmod(cwd, 0o755);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = await run(["verify"], cwd, asNobody);
    expect(r.code).toBe(1);
    noTrace(r);
    expect(r.err).toContain(
      `herald: could not open ${join(cwd, "out/manifest.json")}: permission denied.\n  Fix:`,
    );
  });

  it("#9: --out that is a file says so", async () => {
    await writeFile(join(cwd, "notes.txt"), "mine");
    const r = await run(["build", "--out", "notes.txt"], cwd);
    expect(r.code).toBe(1);
    noTrace(r);
    expect(r.err).toContain("--out notes.txt: this is a file, not a folder");
    expect(await readFile(join(cwd, "notes.txt"), "utf8")).toBe("mine");
  });
});
